//! The PDF backend: lays out a [`crate::doc::Document`] and writes a PDF.
//!
//! Three steps, each in its own module:
//! 1. `fonts` loads faces once and finds a face for every character;
//! 2. `text` measures and breaks lines; `layout` turns blocks into pieces
//!    (`table` and `letterhead` make their own), `pages` paginates them into
//!    [`Page`]s of positioned items (`page`), with `context` holding what is
//!    fixed for one document;
//! 3. `write` turns pages into PDF bytes (the only module that knows printpdf),
//!    embedding each face subset to the glyphs used; `serial` writes the objects
//!    (object streams, a cross-reference stream) for `write` and `combine`.
//!
//! `combine` joins finished PDFs into one print file at the object level (lopdf),
//! writing as it goes.
//! `web` gives HTML pages the same faces, subset per page, as `@font-face` rules.
//!
//! `render` is `layout` + `write`. Many similar documents go through a [`Batch`]
//! (a shared font subset, deflated once); [`Combined`] makes one print file of
//! finished PDFs, each starting on an odd page, storing what they share once.

mod chart;
mod combine;
mod context;
mod fonts;
mod layout;
mod length;
mod letterhead;
mod page;
mod pages;
mod serial;
mod sfnt;
mod table;
mod text;
mod web;
mod write;

pub use combine::Combined;
pub use fonts::{FaceId, FamilyInfo, FontSource, Fonts};
pub use layout::layout;
pub use length::{Abs, Point, Size};
pub use page::{dump, Item, Page, Paint, RunGlyph, TextRun};
pub use web::WebFonts;
pub use write::{glyphs, web_font, write, Batch, GlyphSet};

use crate::doc::Document;

/// Errors from laying out or writing a PDF.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A character that no face has (the body family, the bundled fallbacks and
    /// every user font were tried).
    #[error("U+{:04X} '{ch}' is not in any font (in \"{context}\"): add a font that has it with --font-dir", u32::from(*ch))]
    MissingGlyph {
        /// The character.
        ch: char,
        /// Text around it, to find the place.
        context: String,
    },
    /// A font file that cannot be read or parsed.
    #[error("font {source_name}: {message}")]
    Font {
        /// File path, or `serif` / `sans` / `symbols` for a bundled font.
        source_name: String,
        /// What went wrong.
        message: String,
    },
    /// Front matter `font:` names a family that is not loaded.
    #[error("font `{name}` is not available (known: {known}): use serif, sans, or add the font's folder with --font-dir")]
    UnknownFont {
        /// The name asked for.
        name: String,
        /// Families that are loaded.
        known: String,
    },
    /// The PDF library failed.
    #[error("writing the PDF: {0}")]
    Write(String),
    /// A card's content is taller than an A6 card holds.
    #[error("{}", crate::i18n::msg::card_too_long(.title, format!("{:.0}", .need_mm), format!("{:.0}", .have_mm)))]
    CardTooLong {
        /// The card's title (its first heading).
        title: String,
        /// Height of its content, in millimetres.
        need_mm: f32,
        /// Height a card holds, in millimetres.
        have_mm: f32,
    },
}

/// Document metadata for the PDF's info dictionary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Info {
    /// Title.
    pub title: Option<String>,
    /// Author or issuer.
    pub author: Option<String>,
    /// Subject.
    pub subject: Option<String>,
    /// Creation and modification date (year, month, day), from `SOURCE_DATE_EPOCH`
    /// or the document's own date; `None` writes a fixed constant (1970-01-01), so
    /// the bytes never depend on the clock.
    pub date: Option<(i32, u8, u8)>,
}

impl Info {
    /// Metadata from a document's front matter (`title`, `author`, `subject`,
    /// `date: YYYY-MM-DD`); `SOURCE_DATE_EPOCH`, when set, wins for the date.
    pub fn from_document(doc: &Document) -> Info {
        let s = &doc.setup;
        let date = std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|v| v.trim().parse::<i64>().ok())
            .map(civil_from_unix)
            .or_else(|| s.date.as_deref().and_then(parse_ymd));
        Info {
            title: s.title.clone(),
            author: s.author.clone(),
            subject: s.subject.clone(),
            date,
        }
    }
}

/// `YYYY-MM-DD` → (year, month, day).
fn parse_ymd(s: &str) -> Option<(i32, u8, u8)> {
    let mut it = s.trim().splitn(3, '-');
    let y = it.next()?.parse().ok()?;
    let m: u8 = it.next()?.parse().ok()?;
    let d: u8 = it.next()?.get(..2).unwrap_or("").trim().parse().ok()?;
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some((y, m, d))
}

/// Unix seconds → UTC (year, month, day) (Howard Hinnant's civil_from_days).
fn civil_from_unix(secs: i64) -> (i32, u8, u8) {
    let z = secs.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let y = (yoe + era * 400 + i64::from(m <= 2)) as i32;
    (y, m, d)
}

/// (year, month, day) → Unix seconds at 00:00 UTC.
pub(crate) fn unix_from_civil(ymd: (i32, u8, u8)) -> i64 {
    crate::model::validate::day_number(ymd) * 86_400
}

/// A written PDF.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The PDF file's bytes.
    pub bytes: Vec<u8>,
    /// Number of pages.
    pub pages: usize,
}

/// Fonts shared by all unit tests (parsing them in a debug build takes a while).
#[cfg(test)]
pub(crate) fn test_fonts() -> &'static Fonts {
    static FONTS: std::sync::OnceLock<Fonts> = std::sync::OnceLock::new();
    FONTS.get_or_init(|| Fonts::bundled().unwrap_or_else(|e| panic!("{e}")))
}

/// Lays out and writes one document.
pub fn render(doc: &Document, fonts: &Fonts, info: &Info) -> Result<Rendered, Error> {
    let pages = layout(doc, fonts)?;
    let bytes = write(&pages, fonts, info)?;
    Ok(Rendered {
        bytes,
        pages: pages.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip() {
        for ymd in [(1970, 1, 1), (2025, 2, 21), (2000, 2, 29), (2026, 12, 31)] {
            assert_eq!(civil_from_unix(unix_from_civil(ymd)), ymd);
        }
        assert_eq!(parse_ymd("2025-02-21"), Some((2025, 2, 21)));
        assert_eq!(parse_ymd("2025-13-01"), None);
    }

    #[test]
    fn missing_glyph_message() {
        let e = Error::MissingGlyph {
            ch: '堃',
            context: "王堃".into(),
        };
        assert_eq!(
            e.to_string(),
            "U+5803 '堃' is not in any font (in \"王堃\"): add a font that has it with --font-dir"
        );
    }
}
