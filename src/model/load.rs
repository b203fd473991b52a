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
            let d = Diagnostic::error("encoding", path, msg::not_utf8(valid))
                .at(&lossy, valid..valid + 1)
                .hint(msg::not_utf8_hint());
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
            Diagnostic::error("io", path, msg::is_a_folder())
        }
        std::io::ErrorKind::InvalidInput => {
            Diagnostic::error("io", path, msg::not_a_regular_file()).hint(msg::pass_a_saved_file())
        }
        std::io::ErrorKind::FileTooLarge => {
            let len = std::fs::metadata(path).map_or(0, |m| m.len());
            Diagnostic::error("too-large", path, msg::file_too_large(len >> 20, max >> 20))
                .hint(msg::file_too_large_hint())
        }
        _ => Diagnostic::error("io", path, msg::cannot_read_file(e)).hint(msg::check_path_hint()),
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
            Diagnostic::error("empty", path, msg::file_empty()).hint(msg::see_readme_format()),
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
                    .hint(msg::control_char_hint()),
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
                    d.message = msg::yaml_syntax(yaml_words(&d.message));
                    d
                }
                _ => Diagnostic::error("syntax", path, msg::yaml_syntax(yaml_words(&e.message)))
                    .at(&loaded.text, e.offset..e.offset + 1),
            };
            loaded.diags.push(d.hint(msg::syntax_hint()));
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
                    Diagnostic::error("null-text", path, msg::null_text(p))
                        .at(&loaded.text, span)
                        .hint(msg::null_text_hint()),
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
        Diagnostic::error("too-deep", path, msg::yaml_too_deep(MAX_NESTING))
            .at(text, at..at + 1)
            .hint(msg::yaml_too_deep_hint()),
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
    let mut d = Diagnostic::error(code, path, serde_message(&message));
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
            Some(msg::add_field_hint(field, FORMAT_SECTION)),
        );
    }
    if let Some(rest) = after(message, "expected struct ") {
        let what = rest.split_whitespace().next().unwrap_or("");
        return ("bad-type", Some(msg::mapping_hint(what)));
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
        return ("bad-type", Some(msg::whole_number_hint()));
    }
    if message.contains("invalid type") {
        return ("bad-type", Some(msg::shape_hint()));
    }
    ("syntax", None)
}

/// serde's message in the process's language: its known shapes (unknown
/// field or value, missing or duplicate field, wrong type or value) are
/// rewritten from their parts; what serde quotes stays as quoted. A path serde
/// puts before the message (`kind: unknown variant …`) is kept.
fn serde_message(message: &str) -> String {
    if crate::i18n::lang() == crate::i18n::Lang::En {
        return message.to_string();
    }
    const SHAPES: &[&str] = &[
        "unknown field `",
        "unknown variant `",
        "missing field `",
        "duplicate field `",
        "invalid type: ",
        "invalid value: ",
    ];
    let Some((at, shape)) = SHAPES
        .iter()
        .filter_map(|s| message.find(s).map(|i| (i, *s)))
        .min_by_key(|(i, _)| *i)
    else {
        return message.to_string();
    };
    let (prefix, rest) = message.split_at(at);
    let rest = &rest[shape.len()..];
    let quoted = rest.split('`').next().unwrap_or("");
    let after_quote = rest.get(quoted.len() + 1..).unwrap_or("");
    // ", expected X" (unknown field / variant), or "A, expected B" (types).
    let expected = |s: &str| {
        let e = s.split_once("expected ").map_or("", |(_, e)| e);
        let e = e.strip_prefix("one of ").unwrap_or(e);
        serde_words(&e.replace("`, `", "`、`").replace("` or `", "`、`"))
    };
    let localised = match shape {
        "unknown field `" if after_quote.contains("there are no fields") => {
            msg::serde_no_fields(quoted)
        }
        "unknown field `" => msg::serde_unknown_field(quoted, expected(after_quote)),
        "unknown variant `" => msg::serde_unknown_variant(quoted, expected(after_quote)),
        "missing field `" => msg::serde_missing_field(quoted),
        "duplicate field `" => msg::serde_duplicate_field(quoted),
        _ => {
            let (got, _) = rest.split_once(", expected ").unwrap_or((rest, ""));
            if shape == "invalid type: " {
                msg::serde_invalid_type(serde_words(got), expected(rest))
            } else {
                msg::serde_invalid_value(serde_words(got), expected(rest))
            }
        }
    };
    format!("{prefix}{localised}")
}

/// The words serde and libyaml use for kinds of value and for syntax errors,
/// in Chinese; what they quote stays as quoted. Applied only in Chinese.
fn serde_words(s: &str) -> String {
    const WORDS: &[(&str, &str)] = &[
        ("(several joined with 、)", "（几个时用、连接）"),
        ("struct ", "映射 "),
        ("a string", "文字"),
        ("string ", "文字 "),
        ("a sequence", "列表"),
        ("sequence", "列表"),
        ("a map", "映射"),
        ("map", "映射"),
        ("integer ", "整数 "),
        ("floating point ", "小数 "),
        ("boolean ", "布尔值 "),
        ("unit value", "空值"),
        ("u32", "整数"),
        ("u64", "整数"),
        ("i64", "整数"),
        ("usize", "整数"),
        ("u8", "整数"),
    ];
    // Only outside quotes and backticks: what serde quotes is the user's text.
    let mut out = String::with_capacity(s.len());
    let mut quote: Option<char> = None;
    let mut plain = String::new();
    let flush = |plain: &mut String, out: &mut String| {
        let mut t = std::mem::take(plain);
        for (en, zh) in WORDS {
            t = t.replace(en, zh);
        }
        out.push_str(&t);
    };
    for c in s.chars() {
        match quote {
            Some(q) => {
                out.push(c);
                if c == q {
                    quote = None;
                }
            }
            None if c == '"' || c == '`' => {
                flush(&mut plain, &mut out);
                out.push(c);
                quote = Some(c);
            }
            None => plain.push(c),
        }
    }
    flush(&mut plain, &mut out);
    out
}

/// libyaml's most common syntax messages in Chinese (the rest stay as written).
fn yaml_words(s: &str) -> String {
    const PHRASES: &[(&str, &str)] = &[
        (
            "mapping values are not allowed in this context",
            "此处不能有 `key: value`（多半是冒号后缺空格，或缩进不对）",
        ),
        (
            "found a tab character that violates indentation",
            "缩进中有 Tab 字符",
        ),
        ("found a tab character", "出现了 Tab 字符"),
        ("did not find expected key", "缺少应有的键（`key:`）"),
        ("did not find expected node content", "缺少应有的内容"),
        ("did not find expected '-' indicator", "缺少应有的 `-`"),
        ("did not find expected ',' or '}'", "缺少 `,` 或 `}`"),
        ("did not find expected ',' or ']'", "缺少 `,` 或 `]`"),
        ("found unexpected end of stream", "文件意外结束"),
        (
            "found character that cannot start any token",
            "出现了不能用在开头的字符",
        ),
        ("found undefined alias", "引用了未定义的别名"),
        (", while scanning a plain scalar", "（读取文字时）"),
        (", while scanning a quoted scalar", "（读取引号中的文字时）"),
        (", while scanning a simple key", "（读取键时）"),
        (", while parsing a flow mapping", "（读取 `{ }` 映射时）"),
        (", while parsing a flow sequence", "（读取 `[ ]` 列表时）"),
        (", while parsing a block mapping", "（读取映射时）"),
        (", while parsing a block collection", "（读取列表时）"),
    ];
    if crate::i18n::lang() == crate::i18n::Lang::En {
        return s.to_string();
    }
    let mut out = s.to_string();
    for (en, zh) in PHRASES {
        out = out.replace(en, zh);
    }
    out
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

pub use super::diag::closest;

/// "did you mean `x`?" when a close match exists, else the list of valid names.
pub fn suggest(got: &str, expected: &[String], what: &str) -> String {
    match closest(got, expected.iter().map(String::as_str)) {
        Some(e) => msg::did_you_mean(e),
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
    fn serde_words_leave_quoted_text_alone() {
        assert_eq!(
            serde_words(r#"string "map of a string", expected struct Basis"#),
            r#"文字 "map of a string", expected 映射 Basis"#
        );
        assert_eq!(serde_words("`map`、`u8` or a map"), "`map`、`u8` or 映射");
    }

    #[test]
    fn suggests_close_names() {
        let exp = vec!["text".to_string(), "basis".to_string(), "hint".to_string()];
        assert_eq!(suggest("txet", &exp, "field"), "did you mean `text`?");
        assert!(suggest("zzz", &exp, "field").starts_with("use one of: `text`"));
    }

    #[test]
    fn a_hanzi_name_one_character_off_is_suggested() {
        let names = ["乡镇", "化工", "工贸", "燃气", "矿山", "机械", "粉尘涉爆"];
        let pick = |got: &str| closest(got, names);
        assert_eq!(pick("燃汽"), Some("燃气"));
        assert_eq!(pick("机戒"), Some("机械"));
        // One added, one dropped.
        assert_eq!(pick("燃气气"), Some("燃气"));
        assert_eq!(pick("粉尘爆"), Some("粉尘涉爆"));
        // Two characters off, or a single character one edit from a name: not
        // close (a prefix still is, by Jaro-Winkler).
        assert_eq!(pick("冶金"), None);
        assert_eq!(pick("气"), None);
        assert_eq!(pick("燃"), Some("燃气"));
        // ASCII names keep the Jaro-Winkler rule: one letter off in a short word
        // is not enough.
        assert_eq!(closest("ab", ["ac"]), None);
        assert_eq!(
            closest("machinary", ["machinery", "mining"]),
            Some("machinery")
        );
        // A hanzi typo is not matched to an ASCII id one edit away.
        assert_eq!(closest("a机", ["ab"]), None);
    }
}
