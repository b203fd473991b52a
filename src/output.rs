//! The output formats and the one place that turns a template's Markdown into
//! the bytes of each: Markdown as is, HTML through [`html`], PDF through
//! [`doc`] and [`pdf`], DOCX through [`doc`] and [`docx`].
//!
//! The PDF font set is parsed once per process ([`fonts`]) and shared by every
//! document and thread; [`set_font_dirs`] adds user font folders before first use.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::i18n::msg;
use crate::{doc, docx, html, pdf};

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// The template's Markdown, kept for review and diffs.
    Md,
    /// A self-contained HTML page with a print stylesheet.
    Html,
    /// Print-ready PDF with embedded, subset fonts.
    Pdf,
    /// An editable Word document (WordprocessingML), from the same blocks as the PDF.
    Docx,
}

impl Format {
    /// File extension.
    pub fn ext(self) -> &'static str {
        match self {
            Format::Md => "md",
            Format::Html => "html",
            Format::Pdf => "pdf",
            Format::Docx => "docx",
        }
    }

    /// Every format, in order.
    pub const ALL: [Format; 4] = [Format::Md, Format::Html, Format::Pdf, Format::Docx];

    /// Parses `md`, `html`, `pdf`, `docx`.
    pub fn parse(s: &str) -> Option<Format> {
        match s.trim().to_ascii_lowercase().as_str() {
            "md" | "markdown" => Some(Format::Md),
            "html" | "htm" => Some(Format::Html),
            "pdf" => Some(Format::Pdf),
            "docx" => Some(Format::Docx),
            _ => None,
        }
    }

    /// The format a file name asks for, by extension.
    pub fn from_path(p: &Path) -> Option<Format> {
        p.extension()
            .and_then(|e| e.to_str())
            .and_then(Format::parse)
    }
}

/// Errors converting Markdown into an output format.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The front matter is invalid.
    #[error(transparent)]
    Doc(#[from] doc::Error),
    /// Layout or writing failed (a character no font has, a bad font).
    #[error(transparent)]
    Pdf(#[from] pdf::Error),
    /// Writing the DOCX package failed.
    #[error(transparent)]
    Docx(#[from] docx::Error),
    /// The font set could not be loaded.
    #[error("{}", crate::i18n::msg::loading_fonts(.0))]
    Fonts(String),
}

static FONT_DIRS: OnceLock<Vec<PathBuf>> = OnceLock::new();
static FONTS: OnceLock<Result<pdf::Fonts, String>> = OnceLock::new();

/// Adds user font folders (`--font-dir`) to the process's font set. Call it
/// before the first PDF is made; later calls have no effect and return false.
pub fn set_font_dirs(dirs: Vec<PathBuf>) -> bool {
    FONT_DIRS.set(dirs).is_ok()
}

/// The process's font set: bundled fonts plus `--font-dir` folders, parsed once.
pub fn fonts() -> Result<&'static pdf::Fonts, Error> {
    let r = FONTS.get_or_init(|| {
        let dirs = FONT_DIRS.get_or_init(Vec::new);
        if dirs.is_empty() {
            pdf::Fonts::bundled().map_err(|e| e.to_string())
        } else {
            check_font_dirs(dirs)?;
            pdf::Fonts::with_dirs(dirs).map_err(|e| e.to_string())
        }
    });
    r.as_ref().map_err(|e| Error::Fonts(e.clone()))
}

/// Largest font file read (a full CJK collection is about 100 MiB).
pub const MAX_FONT_BYTES: u64 = 512 << 20;

/// Checks `--font-dir` folders before the font loader reads them: every font
/// file (by extension) must be a regular file of at most [`MAX_FONT_BYTES`],
/// and the folders must not loop through symlinks. The error names the file.
fn check_font_dirs(dirs: &[PathBuf]) -> Result<(), String> {
    for dir in dirs {
        for entry in walkdir::WalkDir::new(dir).follow_links(true).max_depth(32) {
            let entry = entry.map_err(|e| msg::font_folder_error(dir.display(), e))?;
            let path = entry.path();
            let is_font = path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                ["ttf", "otf", "ttc", "otc"].contains(&e.to_ascii_lowercase().as_str())
            });
            if !is_font || entry.file_type().is_dir() {
                continue;
            }
            let meta = std::fs::metadata(path).map_err(|e| msg::path_error(path.display(), e))?;
            if !meta.is_file() {
                return Err(msg::font_not_regular(path.display()));
            }
            if meta.len() > MAX_FONT_BYTES {
                return Err(msg::font_too_large(
                    path.display(),
                    meta.len() >> 20,
                    MAX_FONT_BYTES >> 20,
                ));
            }
        }
    }
    Ok(())
}

/// A fingerprint of the font set (families, faces, glyph counts, sources), so
/// outputs are rebuilt when fonts change.
pub fn fonts_fingerprint() -> Result<String, Error> {
    let f = fonts()?;
    let text: String = f
        .families()
        .iter()
        .map(|fam| {
            format!(
                "{}|{}|{}|{}\n",
                fam.name,
                fam.faces.join(","),
                fam.glyphs,
                fam.source
            )
        })
        .collect();
    Ok(crate::manifest::sha256(text.as_bytes()))
}

/// Lays out a Markdown document into PDF pages, with its metadata.
pub fn layout_pdf(markdown: &str) -> Result<(Vec<pdf::Page>, pdf::Info), Error> {
    let document = doc::parse(markdown)?;
    let info = pdf::Info::from_document(&document);
    let pages = pdf::layout(&document, fonts()?)?;
    Ok((pages, info))
}

/// Renders a Markdown document as PDF, returning the bytes and the page count.
pub fn render_pdf(markdown: &str) -> Result<pdf::Rendered, Error> {
    let document = doc::parse(markdown)?;
    let info = pdf::Info::from_document(&document);
    Ok(pdf::render(&document, fonts()?, &info)?)
}

/// Renders a Markdown document as DOCX, with the PDF's metadata and date.
pub fn render_docx(markdown: &str) -> Result<Vec<u8>, Error> {
    let document = doc::parse(markdown)?;
    let pdf::Info {
        title,
        author,
        subject,
        date,
    } = pdf::Info::from_document(&document);
    let info = docx::Info {
        title,
        author,
        subject,
        date,
    };
    Ok(docx::render(&document, &info)?)
}

/// Converts a template's Markdown (with front matter) into `format`.
pub fn convert(markdown: &str, format: Format) -> Result<Vec<u8>, Error> {
    Ok(match format {
        Format::Md => markdown.as_bytes().to_vec(),
        Format::Html => html::render(markdown, Some(fonts()?))?.into_bytes(),
        Format::Pdf => render_pdf(markdown)?.bytes,
        Format::Docx => render_docx(markdown)?,
    })
}

/// Checks that every character of a text file can be printed with `family`
/// (and the fallbacks): one diagnostic per missing character, at its first place.
pub fn coverage(path: &Path, family: &str) -> Result<Vec<crate::model::Diagnostic>, Error> {
    let text = match crate::model::load::read_text(path) {
        Ok(t) => t,
        Err((d, _)) => return Ok(vec![d]),
    };
    missing_glyphs(path, &text, family)
}

/// The characters of an input's `text` (read from `path`) that no font has,
/// each an error at its file, line and column; whole-line `#` comments are
/// skipped (they are never printed). Run before any PDF is written, so a
/// character that cannot print stops the run with its place, not mid-layout.
pub fn missing_glyphs(
    path: &Path,
    text: &str,
    family: &str,
) -> Result<Vec<crate::model::Diagnostic>, Error> {
    use crate::model::Diagnostic;
    let fonts = fonts()?;
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let start = line_start;
        line_start += line.len();
        if line.trim_start().starts_with('#') {
            continue;
        }
        for (i, ch) in line.char_indices() {
            if ch.is_ascii() || !seen.insert(ch) {
                continue;
            }
            if !fonts
                .missing_chars(family, ch.encode_utf8(&mut [0; 4]))
                .is_empty()
            {
                let offset = start + i;
                let d = Diagnostic::error(
                    "missing-glyph",
                    path,
                    msg::glyph_missing(format!("{:04X}", u32::from(ch)), ch),
                )
                .at(text, offset..offset + ch.len_utf8())
                .hint(msg::glyph_missing_hint());
                out.push(d);
            }
        }
    }
    Ok(out)
}
