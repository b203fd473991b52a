//! Diagnostics: what is wrong with an input, where, and what to do about it.
//!
//! A [`Diagnostic`] carries the file, a byte span, the 1-based line and column,
//! a message and an optional hint. [`render`] prints it as
//! `file:line:col: error: message` followed by the source line with a caret
//! (drawn by annotate-snippets), so editors and people can both read it.

use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde::Serialize;

use crate::i18n::msg;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The input is used, but something deserves a look (a draft checklist).
    Warning,
    /// The input cannot be used.
    Error,
}

/// One problem found in an input file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// A short stable code, e.g. `duplicate-id`.
    pub code: &'static str,
    /// The file the problem is in.
    pub file: PathBuf,
    /// 1-based line, 0 when the problem has no place (an unreadable file).
    pub line: usize,
    /// 1-based column in characters.
    pub column: usize,
    /// Byte range in the file's text that the caret underlines.
    #[serde(skip)]
    pub span: Option<Range<usize>>,
    /// What is wrong.
    pub message: String,
    /// A label under the caret, e.g. "first defined at line 5".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// What to do about it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl Diagnostic {
    /// A new error at a byte offset of `text`.
    pub fn error(code: &'static str, file: &Path, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            code,
            file: file.to_path_buf(),
            line: 0,
            column: 0,
            span: None,
            message: message.into(),
            label: None,
            hint: None,
        }
    }

    /// A new warning.
    pub fn warning(code: &'static str, file: &Path, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, file, message)
        }
    }

    /// Places the diagnostic at a byte span of `text`, computing line and column.
    pub fn at(mut self, text: &str, span: Range<usize>) -> Diagnostic {
        let start = floor_char_boundary(text, span.start.min(text.len()));
        let end = floor_char_boundary(text, span.end.clamp(start, text.len()));
        let (line, column) = line_col(text, start);
        self.line = line;
        self.column = column;
        self.span = Some(start..end);
        self
    }

    /// Adds a hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }

    /// Adds a label shown under the caret.
    pub fn label(mut self, label: impl Into<String>) -> Diagnostic {
        self.label = Some(label.into());
        self
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// 1-based line and character column of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..offset].chars().count() + 1;
    (line, column)
}

/// Byte offset of a 1-based line and 1-based character column (clamped to the text).
pub fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line.max(1) {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    let line_text = text[start..].split('\n').next().unwrap_or("");
    let col = line_text
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(line_text.len(), |(i, _)| i);
    start + col
}

/// Renders a diagnostic for a terminal or a log: a `file:line:col: level: message`
/// line, then the source line with a caret and the hint.
pub fn render(d: &Diagnostic, text: Option<&str>) -> String {
    let level = match d.severity {
        Severity::Error => msg::error_word(),
        Severity::Warning => msg::warning_word(),
    };
    // `file:line:col: ` stays as compilers print it (editors jump to it); the
    // level takes the language's colon.
    let colon = crate::i18n::pick(": ", "：");
    let mut out = String::new();
    let file = d.file.display();
    if d.line > 0 {
        let _ = writeln!(
            out,
            "{file}:{}:{}: {level}{colon}{}",
            d.line, d.column, d.message
        );
    } else {
        let _ = writeln!(out, "{file}: {level}{colon}{}", d.message);
    }
    let (Some(text), Some(span)) = (text, d.span.clone()) else {
        if let Some(h) = &d.hint {
            let _ = writeln!(out, "  = {}{colon}{h}", msg::help_word());
        }
        return out;
    };
    let alevel = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    }
    .with_name(level);
    let mut annotation = AnnotationKind::Primary.span(span);
    if let Some(l) = &d.label {
        annotation = annotation.label(l.as_str());
    }
    let mut group = Group::with_level(alevel.clone()).element(
        Snippet::source(text)
            .path(file.to_string())
            .fold(true)
            .annotation(annotation),
    );
    if let Some(h) = &d.hint {
        group = group.element(Level::HELP.with_name(msg::help_word()).message(h.as_str()));
    }
    let report = [group];
    out.push_str(&Renderer::plain().render(&report));
    out.push('\n');
    out
}

/// Counts errors and warnings and formats the closing summary line.
pub fn summary(diags: &[Diagnostic], files: usize) -> String {
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    msg::checked_summary(
        msg::files(files),
        msg::errors(errors),
        msg::warnings(warnings),
    )
}

/// The candidate `got` was most likely meant to be, if one is close: a
/// Jaro-Winkler similarity above 0.8 (`txet` → `text`), or, for a name with
/// hanzi, one character added, dropped or changed (`机戒` → `机械`, `燃汽` →
/// `燃气`: a two-character word with one wrong character is far apart by
/// Jaro-Winkler, yet it is the usual typo of a Chinese input method).
pub fn closest<'a>(got: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wide = got.chars().count() >= 2 && !got.is_ascii();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(got, c), c))
        .filter(|(score, c)| {
            *score > 0.8 || (wide && !c.is_ascii() && strsim::levenshtein(got, c) == 1)
        })
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let t = "a: 1\nb: 安全\nc: x";
        let off = t.find('全').unwrap_or(0);
        assert_eq!(line_col(t, off), (2, 5));
        assert_eq!(offset_of(t, 2, 5), off);
        assert_eq!(offset_of(t, 9, 1), t.len());
    }

    #[test]
    fn render_has_header_and_caret() {
        let t = "id: x\nkind: hazrds\n";
        let d = Diagnostic::error("bad-enum", Path::new("c.yaml"), "unknown kind")
            .at(t, 12..18)
            .hint("use hazards");
        let s = render(&d, Some(t));
        assert!(s.starts_with("c.yaml:2:7: error: unknown kind\n"), "{s}");
        assert!(s.contains("kind: hazrds"), "{s}");
        assert!(s.contains("^^^^^^"), "{s}");
        assert!(s.contains("use hazards"), "{s}");
    }
}
