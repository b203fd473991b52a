//! Everything fixed for one document: page geometry, the body text style and the
//! user font families asked for by GB/T 9704, and one-line text for furniture.

use super::fonts::Fonts;
use super::length::{Abs, Size};
use super::text::{self, Line, Measure, TextStyle};
use super::Error;
use crate::doc::{Document, Inline, InlineStyle, PageSetup, Style};

/// User font families for GB/T 9704 titles (小标宋), tried in order.
pub(crate) const XIAOBIAOSONG: &[&str] = &[
    "方正小标宋简体",
    "方正小标宋_GBK",
    "FZXiaoBiaoSong-B05S",
    "FZXiaoBiaoSong-B05",
    "小标宋",
];

/// User font families for GB/T 9704 headings (黑体), tried in order; else `sans`.
pub(crate) const HEITI: &[&str] = &[
    "黑体",
    "SimHei",
    "方正黑体_GBK",
    "方正黑体简体",
    "FZHei-B01S",
];

/// Everything fixed for one document: page geometry and text styles.
pub(crate) struct Ctx<'a> {
    pub fonts: &'a Fonts,
    pub setup: &'a PageSetup,
    pub page: Size,
    /// Text block: left, top, width, height.
    pub left: Abs,
    pub top: Abs,
    pub width: Abs,
    pub height: Abs,
    /// Body text style.
    pub body: TextStyle,
    /// Body line pitch.
    pub pitch: Abs,
    /// One body character (indent unit).
    pub em: Abs,
    /// GB/T 9704 mode.
    pub gbt: bool,
    family: String,
}

impl<'a> Ctx<'a> {
    pub fn new(doc: &'a Document, fonts: &'a Fonts) -> Result<Ctx<'a>, Error> {
        let setup = &doc.setup;
        let gbt = setup.style == Some(Style::Gbt9704);
        let (pw, ph) = setup.page_size_mm();
        let page = Size::new(Abs::mm(pw), Abs::mm(ph));
        let family = setup.font.clone();
        // The body's family may differ from the title's (GB/T 9704: 仿宋 body).
        let body_family = setup.body_font.as_deref().unwrap_or(&family);
        if gbt {
            // GB/T 9704-2012: 版心 156 × 225 mm at 37 mm from the top and 28 mm
            // from the left; 22 lines of 28 三号 characters.
            let size = Abs::pt(16.0);
            let grid = Abs::mm(156.0) / 28.0;
            Ok(Ctx {
                fonts,
                setup,
                page: Size::new(Abs::mm(210.0), Abs::mm(297.0)),
                left: Abs::mm(28.0),
                top: Abs::mm(37.0),
                width: Abs::mm(156.0),
                height: Abs::mm(225.0),
                body: style(fonts, body_family, size, Some(grid))?,
                pitch: Abs::mm(225.0) / 22.0,
                em: grid,
                gbt,
                family,
            })
        } else {
            let m = setup.margins;
            let size = Abs::pt(setup.size.0);
            Ok(Ctx {
                fonts,
                setup,
                page,
                left: Abs::mm(m.left),
                top: Abs::mm(m.top),
                width: page.w - Abs::mm(m.left + m.right),
                height: page.h - Abs::mm(m.top + m.bottom),
                body: style(fonts, &family, size, None)?,
                pitch: size * setup.line_height,
                em: size,
                gbt,
                family,
            })
        }
    }

    /// The geometry of one card's text block (`width` × `height`, its origin
    /// at the top left), with this document's fonts and styles.
    pub fn card(&self, width: Abs, height: Abs) -> Ctx<'a> {
        Ctx {
            fonts: self.fonts,
            setup: self.setup,
            page: Size::new(width, height),
            left: Abs::ZERO,
            top: Abs::ZERO,
            width,
            height,
            body: self.body.clone(),
            pitch: self.pitch,
            em: self.em,
            gbt: false,
            family: self.family.clone(),
        }
    }

    /// A text style in the document's family (or `family`) at `size`.
    pub fn style(&self, family: Option<&str>, size: Abs) -> Result<TextStyle, Error> {
        style(self.fonts, family.unwrap_or(&self.family), size, None)
    }
}

fn style(fonts: &Fonts, family: &str, size: Abs, grid: Option<Abs>) -> Result<TextStyle, Error> {
    Ok(TextStyle {
        regular: fonts.chain(family, false)?,
        bold: fonts.chain(family, true)?,
        size,
        grid,
        all_bold: false,
    })
}

/// Lays out one line of furniture text, unwrapped.
pub(crate) fn single_line(ctx: &Ctx<'_>, text: &str, size: Abs) -> Result<Line, Error> {
    one_line(ctx, &ctx.style(None, size)?, text)
}

/// `text` on one unbroken line in style `st`.
pub(crate) fn one_line(ctx: &Ctx<'_>, st: &TextStyle, text: &str) -> Result<Line, Error> {
    let inl = [Inline::Text(text.to_string(), InlineStyle::default())];
    let m = Measure {
        width: Abs::pt(1e6),
        first_indent: Abs::ZERO,
        justify: false,
    };
    let lines = text::break_lines(&inl, ctx.fonts, st, m)?;
    Ok(lines.into_iter().next().unwrap_or(Line {
        glyphs: Vec::new(),
        width: Abs::ZERO,
    }))
}
