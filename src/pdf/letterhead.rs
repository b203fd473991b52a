//! The GB/T 9704 版头 (letterhead) of page 1, in red: 信函格式 or 文件格式.
//!
//! 信函格式 (GB/T 9704-2012 §10.1, the form of a 函): the issuer 30 mm below the
//! paper's top edge, a red double rule 4 mm below it and another 20 mm above the
//! bottom edge, both 170 mm; the 发文字号 flush right under the first rule.
//! 文件格式: the issuer 35 mm below the text block's top, the 发文字号 centred two
//! lines below it, a red rule 4 mm under the 发文字号.

use super::context::{one_line, Ctx, XIAOBIAOSONG};
use super::length::{Abs, Point};
use super::page::{baseline, line_items, Item, Paint, EM_BOX_TOP};
use super::pages::Piece;
use super::Error;
use crate::doc::LetterheadFormat;

/// The GB/T 9704 版头 of page 1: the issuer's name in red, the red rules and
/// the 发文字号, as one strip a whole number of lines tall, then the two blank
/// lines above the title.
pub(super) fn letterhead(ctx: &Ctx<'_>, name: &str) -> Result<Vec<Piece>, Error> {
    let setup = ctx.setup;
    // The name in 小标宋 (or the emboldened body face), at most 小初 (36 pt)
    // and narrow enough for 150 mm.
    let xbs = ctx.fonts.first_family(XIAOBIAOSONG);
    let mut st = ctx.style(xbs, Abs::pt(36.0))?;
    if xbs.is_none() {
        st.regular = st.regular.emboldened();
    }
    let mut line = one_line(ctx, &st, name)?;
    let fit = Abs::mm(150.0);
    if !line.width.fits(fit) {
        st.size = st.size * (fit / line.width);
        line = one_line(ctx, &st, name)?;
    }
    let size = st.size;
    let mut items = Vec::new();
    let red_rule = |items: &mut Vec<(Point, Item)>, x: Abs, y: Abs, len: Abs, w: Abs| {
        items.push((
            Point::new(x, y),
            Item::Line {
                delta: Point::new(len, Abs::ZERO),
                width: w,
                paint: Paint::RED,
            },
        ));
    };
    let body = ctx.body.size;
    let doc_no = setup.doc_no.as_deref().filter(|d| !d.is_empty());
    // GB/T 9704-2012 5.2: elements without a font of their own, the 发文字号
    // among them, are in 3号仿宋: the body's family (its 仿宋 role), off the grid.
    let doc_no_style = ctx.style(setup.body_font.as_deref(), body)?;
    // Positions are from the text block's top (37 mm below the paper's edge).
    let bottom = match setup.letterhead_format {
        LetterheadFormat::Letter => {
            let top = Abs::mm(30.0) - ctx.top;
            let x = (ctx.width - line.width) / 2.0;
            line_items(&line, x, top + size * EM_BOX_TOP, size, &mut items);
            // 4 mm below the name a double rule, thick over thin, 170 mm long
            // and centred on the text block; another, thin over thick, 20 mm
            // above the paper's bottom edge.
            let (thick, thin, gap) = (Abs::mm(1.0), Abs::mm(0.35), Abs::mm(0.7));
            let x = (ctx.width - Abs::mm(170.0)) / 2.0;
            let len = Abs::mm(170.0);
            let y = top + size + Abs::mm(4.0);
            red_rule(&mut items, x, y + thick / 2.0, len, thick);
            let under = y + thick + gap + thin;
            red_rule(&mut items, x, under - thin / 2.0, len, thin);
            let foot = ctx.page.h - Abs::mm(20.0) - ctx.top;
            red_rule(&mut items, x, foot - thick / 2.0, len, thick);
            red_rule(&mut items, x, foot - thick - gap - thin / 2.0, len, thin);
            // The 发文字号 flush right, 7/8 of a character's height below.
            match doc_no {
                Some(d) => {
                    let line = one_line(ctx, &doc_no_style, d)?;
                    let top = under + body * 0.875;
                    let x = ctx.width - line.width;
                    line_items(&line, x, top + body * EM_BOX_TOP, body, &mut items);
                    top + body
                }
                None => under,
            }
        }
        LetterheadFormat::File => {
            let top = Abs::mm(35.0);
            let x = (ctx.width - line.width) / 2.0;
            line_items(&line, x, top + size * EM_BOX_TOP, size, &mut items);
            // The 发文字号 centred on the line after two blank ones, a red rule
            // as wide as the text block 4 mm below it.
            let mut y = ctx.pitch * ((top + size) / ctx.pitch).ceil();
            if let Some(d) = doc_no {
                y += ctx.pitch * 2.0;
                let line = one_line(ctx, &doc_no_style, d)?;
                let x = (ctx.width - line.width) / 2.0;
                line_items(&line, x, y + baseline(ctx.pitch, body), body, &mut items);
                y += ctx.pitch - (ctx.pitch - body) / 2.0;
            }
            let w = Abs::mm(0.5);
            red_rule(
                &mut items,
                Abs::ZERO,
                y + Abs::mm(4.0) + w / 2.0,
                ctx.width,
                w,
            );
            y + Abs::mm(4.0) + w
        }
    };
    for (_, item) in &mut items {
        if let Item::Text(r) = item {
            r.paint = if r.size == size {
                Paint::RED
            } else {
                Paint::BLACK
            };
        }
    }
    // Whole lines; up to a tenth of a line (1 mm) may reach into the blank
    // lines below, so the usual letterhead takes two lines, not three.
    let lines_tall = (bottom / ctx.pitch - 0.1).ceil().max(1.0);
    Ok(vec![
        Piece::Fixed {
            height: ctx.pitch * lines_tall,
            space_before: Abs::ZERO,
            items,
            keep_with_next: true,
        },
        Piece::Fixed {
            height: ctx.pitch * 2.0,
            space_before: Abs::ZERO,
            items: Vec::new(),
            keep_with_next: true,
        },
    ])
}
