//! Reading an input file: bytes → text → YAML → typed value, with diagnostics.
//!
//! Every failure becomes a [`Diagnostic`] with a place and, where we can guess
//! what was meant, a hint ("did you mean `text`?"). Nothing here panics on input.

use std::path::Path;

use serde::de::DeserializeOwned;

use super::diag::{offset_of, Diagnostic};
use super::pos::SourceMap;
use crate::i18n::msg;

/// Largest input file read, in bytes. Checklists are kilobytes; anything this
/// large is a mistake (a wrong file) and is refused before parsing.
pub const MAX_INPUT_BYTES: u64 = 16 * 1024 * 1024;

pub use crate::nesting::{nesting_violation, MAX_NESTING};

/// Fields that hold required text: `~` there is an error, not the text "~".
const TEXT_FIELDS: &[&str] = &["text", "title", "finding", "issuer", "summary"];

const SYNTAX_HINT: &str =
    "check indentation (spaces, not tabs), that every `key: value` has a space after the colon, and that brackets and quotes are closed";

/// An input file's text and what was parsed from it.
#[derive(Debug)]
pub struct Loaded<T> {
    /// The file's text (empty when it could not be read).
    pub text: String,
    /// The value, if it parsed; semantic checks may still add errors.
    pub value: Option<T>,
    /// Positions of every key path, for semantic diagnostics.
    pub map: SourceMap,
    /// Problems found so far.
    pub diags: Vec<Diagnostic>,
}

/// Reads a file as UTF-8 text, refusing huge files and invalid encodings.
/// On error, the diagnostic comes with whatever text could be recovered (for
/// showing the offending line), which may be empty.
pub fn read_text(path: &Path) -> Result<String, (Diagnostic, String)> {
    let bytes = read_bytes(path, MAX_INPUT_BYTES).map_err(|d| (d, String::new()))?;
    match String::from_utf8(bytes) {
        Ok(mut s) => {
            if s.starts_with('\u{feff}') {
                s.drain(..3);
            }
            Ok(lone_cr_to_lf(s))
        }
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            // Everything before the bad byte is valid, so offsets agree with the
            // lossy text up to there; the rest is shown with replacement marks.
            let lossy = String::from_utf8_lossy(&bytes).into_owned();
            let d = Diagnostic::error(
                "encoding",
                path,
                format!("file is not valid UTF-8 (byte {valid}); is it GBK/GB18030?"),
            )
            .at(&lossy, valid..valid + 1)
            .hint("save the file as UTF-8 (in WPS/Excel/Notepad: 另存为 → 编码 UTF-8)");
            Err((d, lossy))
        }
    }
}

/// Turns each lone CR (old Mac line ends, or a stray one) into LF, so that
/// lines are counted alike for LF, CRLF and CR files. CR and LF are both one
/// byte, so every byte offset stays where it was.
pub fn lone_cr_to_lf(s: String) -> String {
    if !s.contains('\r') {
        return s;
    }
    let mut b = s.into_bytes();
    for i in 0..b.len() {
        if b[i] == b'\r' && b.get(i + 1) != Some(&b'\n') {
            b[i] = b'\n';
        }
    }
    // Only ASCII CR bytes changed, to ASCII LF: still UTF-8.
    String::from_utf8(b).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Reads any input file's bytes through [`crate::fsutil::read_capped`]: a
/// folder, device, FIFO or socket is refused before it is opened, and a file
/// over `max` bytes before it is read; the diagnostic names the file.
pub fn read_bytes(path: &Path, max: u64) -> Result<Vec<u8>, Diagnostic> {
    crate::fsutil::read_capped(path, max).map_err(|e| match e.kind() {
        std::io::ErrorKind::InvalidInput if path.is_dir() => {
            Diagnostic::error("io", path, "is a folder, not a file")
        }
        std::io::ErrorKind::InvalidInput => Diagnostic::error(
            "io",
            path,
            "is not a regular file (a device, pipe or socket)",
        )
        .hint("pass a file saved on disk"),
        std::io::ErrorKind::FileTooLarge => {
            let len = std::fs::metadata(path).map_or(0, |m| m.len());
            Diagnostic::error(
                "too-large",
                path,
                format!(
                    "file is {} MiB; inputs larger than {} MiB are refused",
                    len >> 20,
                    max >> 20
                ),
            )
            .hint("is this the right file? split very large inputs")
        }
        _ => Diagnostic::error("io", path, format!("cannot read file: {e}"))
            .hint("check the path and the file's permissions"),
    })
}

/// README section named in hints about a missing field; callers for other file
/// kinds swap it with [`name_format`].
const FORMAT_SECTION: &str = "The checklist format";

/// Points hints about missing fields at the README section for another file kind.
pub fn name_format(diags: &mut [Diagnostic], section: &str) {
    let from = format!("\"{FORMAT_SECTION}\"");
    for d in diags {
        if let Some(h) = &mut d.hint {
            *h = h.replace(&from, &format!("\"{section}\""));
        }
    }
}

/// Parses YAML text into `T`, recording positions; syntax and type errors become
/// diagnostics. The value is `None` when anything failed.
pub fn parse_yaml<T: DeserializeOwned + schemars::JsonSchema>(
    path: &Path,
    text: String,
) -> Loaded<T> {
    let mut loaded = Loaded {
        text,
        value: None,
        map: SourceMap::default(),
        diags: Vec::new(),
    };
    if loaded.text.trim().is_empty() {
        loaded.diags.push(
            Diagnostic::error("empty", path, "file is empty").hint("see README.md for the format"),
        );
        return loaded;
    }
    if let Some(d) = check_nesting(path, &loaded.text) {
        loaded.diags.push(d);
        return loaded;
    }
    match SourceMap::build(&loaded.text) {
        Ok(m) => loaded.map = m,
        Err(e) if e.control => {
            let end = loaded.text[e.offset..]
                .chars()
                .next()
                .map_or(e.offset + 1, |c| e.offset + c.len_utf8());
            loaded.diags.push(
                Diagnostic::error("control-char", path, e.message)
                    .at(&loaded.text, e.offset..end)
                    .hint("remove it: control characters (often pasted from other programs) print as nothing or break documents"),
            );
            return loaded;
        }
        Err(e) => {
            // libyaml (behind serde_norway) is the reference parser and usually
            // points closer to the mistake; use its report when it has one.
            let d = match serde_norway::from_str::<serde_norway::Value>(&loaded.text) {
                Err(se) if se.location().is_some() => {
                    let mut d = serde_diagnostic(path, &loaded.text, &se);
                    d.code = "syntax";
                    d.message = format!("YAML syntax error: {}", d.message);
                    d
                }
                _ => Diagnostic::error("syntax", path, format!("YAML syntax error: {}", e.message))
                    .at(&loaded.text, e.offset..e.offset + 1),
            };
            loaded.diags.push(d.hint(SYNTAX_HINT));
            return loaded;
        }
    }
    match serde_norway::from_str::<T>(&loaded.text) {
        Ok(v) => {
            loaded.value = Some(v);
            // serde_norway hands `~` to a text field as the string "~".
            let mut nulls: Vec<_> = loaded
                .map
                .nulls(&loaded.text)
                .filter(|(p, _)| {
                    let field = p.rsplit('.').next().unwrap_or(p);
                    TEXT_FIELDS.contains(&field) && !p.starts_with("sources[")
                })
                .collect();
            nulls.sort_by_key(|(_, span)| span.start);
            for (p, span) in nulls {
                loaded.diags.push(
                    Diagnostic::error(
                        "null-text",
                        path,
                        format!("`{p}` is `~` (nothing), not text"),
                    )
                    .at(&loaded.text, span)
                    .hint("write the text, in quotes if it really is `~`"),
                );
            }
            if loaded.diags.iter().any(Diagnostic::is_error) {
                loaded.value = None;
            }
        }
        Err(e) => {
            // serde names the first problem; the schema walk names the rest, so
            // one run lists them all.
            let first = serde_diagnostic(path, &loaded.text, &e);
            let rest = schema_diagnostics::<T>(path, &loaded.text, &loaded.map);
            let first_line = first.line;
            loaded.diags.push(first);
            loaded
                .diags
                .extend(rest.into_iter().filter(|d| d.line != first_line));
            loaded.diags.sort_by_key(|d| (d.line, d.column));
        }
    }
    loaded
}

/// Refuses YAML nested deeper than [`MAX_NESTING`] levels, in time linear in
/// the text: flow collections (`[`, `{` at the start of a value, outside quotes
/// and comments) and block levels (increasing indentation, `- ` entries) are
/// counted. The error points at the first place past the limit.
pub fn check_nesting(path: &Path, text: &str) -> Option<Diagnostic> {
    let at = nesting_violation(text)?;
    Some(
        Diagnostic::error(
            "too-deep",
            path,
            format!("YAML nested deeper than {MAX_NESTING} levels"),
        )
        .at(text, at..at + 1)
        .hint("inputs need only a few levels: look for unclosed `[`/`{` or runaway indentation"),
    )
}

/// Turns a serde_norway error into a diagnostic with a place and a hint.
/// The problems of the schema walk ([`super::schema_check`]) as diagnostics,
/// at their keys or values, in file order.
fn schema_diagnostics<T: schemars::JsonSchema>(
    path: &Path,
    text: &str,
    map: &SourceMap,
) -> Vec<Diagnostic> {
    let Ok(doc) = serde_norway::from_str::<serde_json::Value>(text) else {
        return Vec::new();
    };
    let mut out: Vec<(usize, Diagnostic)> = super::schema_check::problems::<T>(&doc)
        .into_iter()
        .map(|p| {
            let span = if p.on_key {
                map.key_span(&p.path)
            } else {
                map.value_span(&p.path)
            }
            .unwrap_or(0..1);
            let end = token_end(text, span.start)
                .max(span.start + 1)
                .min(text.len().max(1));
            let mut d = Diagnostic::error(p.code, path, p.message).at(text, span.start..end);
            d.hint = p.hint;
            (span.start, d)
        })
        .collect();
    out.sort_by_key(|(start, _)| *start);
    out.into_iter().map(|(_, d)| d).collect()
}

fn serde_diagnostic(path: &Path, text: &str, e: &serde_norway::Error) -> Diagnostic {
    // serde_norway writes " at line L column C" into the message; we print the
    // place ourselves.
    let message = strip_locations(&e.to_string());
    let (code, hint) = classify(&message);
    let mut d = Diagnostic::error(code, path, message.clone());
    if let Some(loc) = e.location() {
        let start = offset_of(text, loc.line(), loc.column());
        let end = token_end(text, start);
        d = d.at(text, start..end);
    }
    if let Some(h) = hint {
        d = d.hint(h);
    }
    d
}

/// Removes every " at line L column C" from a parser message.
fn strip_locations(msg: &str) -> String {
    let mut out = String::with_capacity(msg.len());
    let mut rest = msg;
    while let Some(i) = rest.find(" at line ") {
        out.push_str(&rest[..i]);
        let tail = &rest[i + " at line ".len()..];
        let skip_num = |s: &str| s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let after_line = &tail[tail.len() - skip_num(tail)..];
        match after_line.strip_prefix(" column ") {
            Some(col) => rest = &col[col.len() - skip_num(col)..],
            None => {
                out.push_str(" at line ");
                rest = tail;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The end of the word starting at `start`, so the caret underlines a whole key.
fn token_end(text: &str, start: usize) -> usize {
    let rest = &text[start..];
    let len = rest.find([':', '\n', ',', '}', ']']).unwrap_or(rest.len());
    start + len.max(1).min(rest.len())
}

/// A stable code and a hint for serde's message text.
fn classify(message: &str) -> (&'static str, Option<String>) {
    if let Some(rest) = after(message, "unknown field `") {
        let got = rest.split('`').next().unwrap_or("");
        let expected = backticked(rest.split_once("expected").map_or("", |(_, e)| e));
        return ("unknown-field", Some(suggest(got, &expected, "field")));
    }
    if let Some(rest) = after(message, "unknown variant `") {
        let got = rest.split('`').next().unwrap_or("");
        let expected = backticked(rest.split_once("expected").map_or("", |(_, e)| e));
        return ("bad-value", Some(suggest(got, &expected, "value")));
    }
    if let Some(rest) = after(message, "missing field `") {
        let field = rest.split('`').next().unwrap_or("");
        return (
            "missing-field",
            Some(format!(
                "add `{field}:` to this entry (see README.md, \"{FORMAT_SECTION}\")"
            )),
        );
    }
    if let Some(rest) = after(message, "expected struct ") {
        let what = rest.split_whitespace().next().unwrap_or("");
        return (
            "bad-type",
            Some(format!(
                "this should be a mapping of {what} fields (`key: value` lines), see README.md"
            )),
        );
    }
    if message.contains("invalid type")
        && [
            "expected u32",
            "expected u64",
            "expected i64",
            "expected u8",
            "expected usize",
        ]
        .iter()
        .any(|t| message.contains(t))
    {
        return ("bad-type", Some("write a whole number, e.g. 2".into()));
    }
    if message.contains("invalid type") {
        return (
            "bad-type",
            Some("check the value's shape: a list needs `- ` entries, a mapping needs `key: value` lines".into()),
        );
    }
    ("syntax", None)
}

fn after<'a>(s: &'a str, pat: &str) -> Option<&'a str> {
    s.find(pat).map(|i| &s[i + pat.len()..])
}

fn backticked(s: &str) -> Vec<String> {
    s.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// "did you mean `x`?" when a close match exists, else the list of valid names.
pub fn suggest(got: &str, expected: &[String], what: &str) -> String {
    let best = expected
        .iter()
        .map(|e| (strsim::jaro_winkler(got, e), e))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    match best {
        Some((_, e)) => msg::did_you_mean(e),
        None if expected.is_empty() => msg::remove_or_rename(msg::noun(what)),
        None => msg::use_one_of(
            expected
                .iter()
                .map(|e| format!("`{e}`"))
                .collect::<Vec<_>>()
                .join(crate::i18n::pick(", ", "、")),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_locations() {
        assert_eq!(
            strip_locations("found a tab at line 13 column 1, while scanning"),
            "found a tab, while scanning"
        );
        assert_eq!(strip_locations("x at line 2 column 3"), "x");
        assert_eq!(strip_locations("at line one"), "at line one");
    }

    #[test]
    fn nesting_is_counted_in_one_pass() {
        let deep = |n: usize| "[".repeat(n);
        assert_eq!(nesting_violation(&deep(MAX_NESTING)), None);
        assert_eq!(nesting_violation(&deep(MAX_NESTING + 1)), Some(MAX_NESTING));
        assert_eq!(
            nesting_violation(&"{a: ".repeat(200)),
            Some(MAX_NESTING * 4)
        );
        // Brackets in quotes, comments and plain scalars are text.
        let quoted = format!(
            "a: '{}'\nb: \"{}\"\n# {}\nc: x{}\n",
            deep(300),
            deep(300),
            deep(300),
            deep(300)
        );
        assert_eq!(nesting_violation(&quoted), None);
        let multi = format!("a: \"x\n  {}\"\n", deep(300));
        assert_eq!(nesting_violation(&multi), None);
        // Block levels: indentation and `- - -`.
        let mut block = String::new();
        for i in 0..200 {
            block.push_str(&format!("{}k{i}:\n", " ".repeat(i)));
        }
        assert!(nesting_violation(&block).is_some());
        assert!(nesting_violation(&format!("{}x\n", "- ".repeat(200))).is_some());
        // A block scalar's lines may be indented any way.
        let mut lit = String::from("text: |\n");
        for i in 1..200 {
            lit.push_str(&format!("{}line\n", " ".repeat(i)));
        }
        lit.push_str("next: [a, [b, {c: d}]]\n");
        assert_eq!(nesting_violation(&lit), None);
    }

    #[test]
    fn suggests_close_names() {
        let exp = vec!["text".to_string(), "basis".to_string(), "hint".to_string()];
        assert_eq!(suggest("txet", &exp, "field"), "did you mean `text`?");
        assert!(suggest("zzz", &exp, "field").starts_with("use one of: `text`"));
    }
}
