//! The DOCX backend: a [`Document`]'s blocks and page setup → a WordprocessingML
//! package that Word, WPS and LibreOffice open as an editable document.
//!
//! The same blocks the PDF lays out become real Word structure, not pictures:
//! paragraphs with 号 sizes and explicitly named Chinese fonts (`styles`), forms
//! as Word tables with a repeating header row, rows kept whole and shaded section
//! rows (`table`), the GB/T 9704 letterhead, signature and 版记 (`body`), the page
//! setup with page numbers as PAGE / NUMPAGES fields, the draft mark and the
//! first-page red rule of a 信函格式 letter (`sections`), all zipped in a fixed
//! order with fixed timestamps (`package`), so the same input gives the same bytes.
//!
//! WordprocessingML is written by hand (`xml`) rather than through a DOCX crate:
//! what qingdan needs (`w:tblHeader`, `w:cantSplit`, field codes, the font table's
//! fallbacks, odd and even footers, no random ids or clock time) is a few hundred
//! lines, and no new dependency is needed beyond `zip`, which the crate already has.
//! Imports only `doc` and `chart`, the stages before it.

mod body;
mod package;
mod para;
mod sections;
mod styles;
mod table;
mod xml;

use std::collections::BTreeSet;

use crate::doc::{Document, PageSetup, Style};

/// The WordprocessingML main namespace.
pub(crate) const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
/// The relationships namespace (`r:id`).
pub(crate) const R_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// Errors writing a DOCX package.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The ZIP writer failed (in memory: practically never).
    #[error("writing the DOCX package: {0}")]
    Zip(String),
}

/// Document metadata for `docProps/core.xml`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Info {
    /// Title.
    pub title: Option<String>,
    /// Author or issuer.
    pub author: Option<String>,
    /// Subject.
    pub subject: Option<String>,
    /// Creation and modification date (year, month, day): the PDF's date
    /// (`SOURCE_DATE_EPOCH` or the document's own); `None` writes 1970-01-01.
    pub date: Option<(i32, u8, u8)>,
}

/// Twips (1/20 pt) in `mm` millimetres.
pub(crate) fn tw_mm(mm: f32) -> i64 {
    (mm * 1440.0 / 25.4).round() as i64
}

/// Twips in `pt` points.
pub(crate) fn tw_pt(pt: f32) -> i64 {
    (pt * 20.0).round() as i64
}

/// What is fixed for one document: page geometry, fonts and sizes.
pub(crate) struct Ctx<'a> {
    /// The page setup from the front matter.
    pub setup: &'a PageSetup,
    /// GB/T 9704 mode (`style: gbt9704`).
    pub gbt: bool,
    /// The document's font (titles outside GB/T 9704, tables).
    pub font: String,
    /// The body text's font.
    pub body_font: String,
    /// Header, footer and page number font.
    pub furniture_font: String,
    /// Body size in points.
    pub body_pt: f32,
    /// Table text size in points.
    pub table_pt: f32,
    /// Body line pitch in twips.
    pub pitch: i64,
    /// Text block width in twips.
    pub width: i64,
    /// One body character in twips (the indent unit).
    pub em: i64,
}

impl<'a> Ctx<'a> {
    fn new(setup: &'a PageSetup) -> Ctx<'a> {
        let gbt = setup.style == Some(Style::Gbt9704);
        let font = styles::font_name(&setup.font);
        let body_font = setup
            .body_font
            .as_deref()
            .map_or_else(|| font.clone(), styles::font_name);
        let (pw, _) = setup.page_size_mm();
        let m = setup.margins;
        let body_pt = setup.size.0;
        let pitch = if gbt {
            // GB/T 9704: 22 lines in 225 mm (28.95 pt a line).
            (tw_mm(crate::doc::GBT9704_BLOCK_MM.1) as f32 / crate::doc::GBT9704_LINES) as i64
        } else {
            tw_pt(body_pt * setup.line_height)
        };
        let width = tw_mm(pw - m.left - m.right);
        let em = if gbt { width / 28 } else { tw_pt(body_pt) };
        Ctx {
            setup,
            gbt,
            furniture_font: if gbt {
                styles::SONGTI.to_string()
            } else {
                font.clone()
            },
            font,
            body_font,
            body_pt,
            table_pt: setup.table_size.0,
            pitch,
            width,
            em,
        }
    }

    /// Font, size in points and boldness of a heading of `level`.
    pub fn heading_font(&self, level: u8) -> (String, f32, bool) {
        match (self.gbt, level <= 1) {
            (true, true) => (styles::XIAOBIAOSONG.to_string(), 22.0, false),
            (true, false) => (styles::HEITI.to_string(), self.body_pt, false),
            (false, true) => (self.font.clone(), self.setup.title_size.0, true),
            (false, false) => (self.font.clone(), self.setup.heading_size.0, true),
        }
    }

    /// Every font name the document uses, for the font table.
    fn fonts(&self) -> BTreeSet<String> {
        let mut set: BTreeSet<String> = [&self.font, &self.body_font, &self.furniture_font]
            .into_iter()
            .cloned()
            .collect();
        for level in 1..=3 {
            set.insert(self.heading_font(level).0);
        }
        set
    }
}

/// Writes `doc` as a DOCX package.
pub fn render(doc: &Document, info: &Info) -> Result<Vec<u8>, Error> {
    let ctx = Ctx::new(&doc.setup);
    let furniture = sections::furniture(&ctx);
    let body = body::document(&ctx, &doc.blocks, &furniture);
    package::write(&ctx, info, &body, &furniture)
}

#[cfg(test)]
mod tests;
