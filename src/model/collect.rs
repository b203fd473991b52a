//! Collects diagnostics for one input file, placing each at a key path.
//!
//! The semantic checks of every input (checklists, results) speak in key paths
//! (`sections[0].items[3].id`); this turns a path into a place in the text with
//! the file's [`SourceMap`] and keeps the diagnostics in order.

use std::ops::Range;
use std::path::Path;

use super::diag::{line_col, Diagnostic};
use super::pos::SourceMap;

/// Diagnostics of one file, placed through its source map.
pub(crate) struct Collector<'a> {
    /// The file, named in every diagnostic.
    pub(crate) path: &'a Path,
    /// Its text.
    pub(crate) text: &'a str,
    /// Where each key path is.
    pub(crate) map: &'a SourceMap,
    /// What was found, in order.
    pub(crate) diags: Vec<Diagnostic>,
}

impl Collector<'_> {
    /// Adds `d` at `span`, if there is one.
    pub(crate) fn push(
        &mut self,
        mut d: Diagnostic,
        span: Option<Range<usize>>,
    ) -> &mut Diagnostic {
        if let Some(s) = span {
            d = d.at(self.text, s);
        }
        self.diags.push(d);
        let last = self.diags.len() - 1;
        &mut self.diags[last]
    }

    /// An error at the value of `at` (or its nearest ancestor).
    pub(crate) fn error(&mut self, code: &'static str, at: &str, msg: String) -> &mut Diagnostic {
        let span = self.map.value_span(at);
        self.push(Diagnostic::error(code, self.path, msg), span)
    }

    /// An error at the key of `at`.
    pub(crate) fn error_key(
        &mut self,
        code: &'static str,
        at: &str,
        msg: String,
    ) -> &mut Diagnostic {
        let span = self.map.key_span(at);
        self.push(Diagnostic::error(code, self.path, msg), span)
    }

    /// A warning at the value of `at`.
    pub(crate) fn warn(&mut self, code: &'static str, at: &str, msg: String) -> &mut Diagnostic {
        let span = self.map.value_span(at);
        self.push(Diagnostic::warning(code, self.path, msg), span)
    }

    /// A warning at the key of `at`.
    pub(crate) fn warn_key(
        &mut self,
        code: &'static str,
        at: &str,
        msg: String,
    ) -> &mut Diagnostic {
        let span = self.map.key_span(at);
        self.push(Diagnostic::warning(code, self.path, msg), span)
    }

    /// 1-based line of the value at `at`, 0 if it has none.
    pub(crate) fn line_of(&self, at: &str) -> usize {
        self.map
            .value_span(at)
            .map_or(0, |s| line_col(self.text, s.start).0)
    }
}
