//! The output formats and the one function that turns a template's Markdown
//! into the bytes of each.

use std::path::Path;

use crate::{doc, html};

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// The template's Markdown, kept for review and diffs.
    Md,
    /// A self-contained HTML page with a print stylesheet.
    Html,
}

impl Format {
    /// File extension.
    pub fn ext(self) -> &'static str {
        match self {
            Format::Md => "md",
            Format::Html => "html",
        }
    }

    /// Parses `md`, `html`.
    pub fn parse(s: &str) -> Option<Format> {
        match s.trim().to_ascii_lowercase().as_str() {
            "md" | "markdown" => Some(Format::Md),
            "html" | "htm" => Some(Format::Html),
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
}

/// Converts a template's Markdown (with front matter) into `format`.
pub fn convert(markdown: &str, format: Format) -> Result<Vec<u8>, Error> {
    Ok(match format {
        Format::Md => markdown.as_bytes().to_vec(),
        Format::Html => html::render(markdown)?.into_bytes(),
    })
}
