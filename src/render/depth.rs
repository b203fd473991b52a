//! A cheap scan of a template's tags before Tera parses it. Tera's parser and
//! renderer recurse once per level of nesting (`((((1))))`, `{% if %}` inside
//! `{% if %}`) and once per operator of a chain (`1 + 1 + … + 1`); a few
//! thousand of either overflow the stack and abort the process. The scan is
//! linear and refuses such templates with their line and column.

use crate::i18n::msg;

/// Deepest nesting of blocks (`if`, `for`, `macro`, `block`, `filter`), and of
/// brackets inside one tag.
pub const MAX_NESTING: usize = 32;
/// Most operators (`+ - * / % ~ == != < > and or not in`) in one tag.
pub const MAX_OPERATORS: usize = 256;

/// Where and why a template is refused.
#[derive(Debug, PartialEq, Eq)]
pub struct TooDeep {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// What is wrong and what to do.
    pub message: String,
}

/// Checks `src` against [`MAX_NESTING`] and [`MAX_OPERATORS`].
pub fn check(src: &str) -> Result<(), TooDeep> {
    let b = src.as_bytes();
    let mut i = 0;
    let mut blocks = 0usize;
    let at = |i: usize, message: String| {
        let before = &src[..i];
        let line = before.matches('\n').count() + 1;
        let start = before.rfind('\n').map_or(0, |n| n + 1);
        TooDeep {
            line,
            column: before[start..].chars().count() + 1,
            message,
        }
    };
    while i + 1 < b.len() {
        if b[i] != b'{' || !matches!(b[i + 1], b'{' | b'%' | b'#') {
            i += 1;
            continue;
        }
        let open = i;
        let kind = b[i + 1];
        i += 2;
        if kind == b'#' {
            i = find(b, i, b"#}").map_or(b.len(), |e| e + 2);
            continue;
        }
        let close: &[u8] = if kind == b'{' { b"}}" } else { b"%}" };
        // The first word of a statement tag.
        let mut j = i;
        while j < b.len() && (b[j] == b'-' || b[j].is_ascii_whitespace()) {
            j += 1;
        }
        let word_end = j + b[j..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_')
            .count();
        let word = &src[j..word_end];
        let (mut depth, mut ops) = (0usize, 0usize);
        let mut quote: Option<u8> = None;
        let mut k = i;
        let mut end = b.len();
        while k < b.len() {
            let c = b[k];
            if let Some(q) = quote {
                if c == q {
                    quote = None;
                }
                k += 1;
                continue;
            }
            if b[k..].starts_with(close) {
                end = k + 2;
                break;
            }
            match c {
                b'"' | b'\'' | b'`' => {
                    // `x["部门"]`: Tera 1.20 slices such a key by bytes and panics
                    // while rendering; refused here with what works instead.
                    let after_bracket = src[i..k].trim_end().ends_with('[');
                    let lit_end = b[k + 1..].iter().position(|x| *x == c).map(|n| k + 1 + n);
                    if let (true, Some(e)) = (after_bracket, lit_end) {
                        let key = &src[k + 1..e];
                        if !key.is_ascii() {
                            return Err(at(k, msg::non_ascii_subscript(key)));
                        }
                    }
                    quote = Some(c);
                }
                b'(' | b'[' => {
                    depth += 1;
                    if depth > MAX_NESTING {
                        return Err(at(k, msg::brackets_too_deep(MAX_NESTING)));
                    }
                }
                b')' | b']' => depth = depth.saturating_sub(1),
                b'+' | b'-' | b'*' | b'/' | b'%' | b'~' | b'<' | b'>' => ops += 1,
                b'=' | b'!' if b.get(k + 1) == Some(&b'=') => {
                    ops += 1;
                    k += 1;
                }
                c if c.is_ascii_alphabetic() || c == b'_' => {
                    let n = b[k..]
                        .iter()
                        .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_')
                        .count();
                    if matches!(&src[k..k + n], "and" | "or" | "not" | "in") {
                        ops += 1;
                    }
                    k += n;
                    continue;
                }
                _ => {}
            }
            if ops > MAX_OPERATORS {
                return Err(at(open, msg::too_many_operators(MAX_OPERATORS)));
            }
            k += 1;
        }
        i = end;
        if kind != b'%' {
            continue;
        }
        match word {
            "raw" => {
                // Everything up to `{% endraw %}` is text.
                let mut r = i;
                loop {
                    let Some(s) = find(b, r, b"{%") else {
                        i = b.len();
                        break;
                    };
                    let t = src[s + 2..].trim_start_matches(['-', ' ', '\t', '\r', '\n']);
                    if t.starts_with("endraw") {
                        i = s + 2;
                        break;
                    }
                    r = s + 2;
                }
            }
            "if" | "for" | "macro" | "block" | "filter" => {
                blocks += 1;
                if blocks > MAX_NESTING {
                    return Err(at(open, msg::blocks_too_deep(MAX_NESTING)));
                }
            }
            w if w.starts_with("end") => blocks = blocks.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

fn find(b: &[u8], from: usize, what: &[u8]) -> Option<usize> {
    b.get(from..)?
        .windows(what.len())
        .position(|w| w == what)
        .map(|p| p + from)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A bracket lookup with a key that is not ASCII is refused at its
    /// quote (Tera panics on it while rendering); an ASCII key, a key after a
    /// dot and a non-ASCII string elsewhere are fine.
    #[test]
    fn non_ascii_bracket_keys_are_refused_where_they_are() {
        let e = check("a\n{{ row[ \"部门\"] }}").unwrap_err();
        assert_eq!((e.line, e.column), (2, 9));
        assert!(e.message.contains("get(key=\"部门\")"), "{}", e.message);
        assert!(check("{% if row['工号'] %}{% endif %}").is_err());
        for ok in [
            "{{ row[\"name\"] }}",
            "{{ row.name }}",
            "{{ \"部门\" }}",
            "{{ row | get(key=\"部门\") }}",
            "[\"部门\"]",
        ] {
            assert!(check(ok).is_ok(), "{ok}");
        }
    }

    fn nested(n: usize) -> String {
        format!("{{{{ {}1{} }}}}", "(".repeat(n), ")".repeat(n))
    }

    fn ifs(n: usize) -> String {
        format!("{}x{}", "{% if true %}".repeat(n), "{% endif %}".repeat(n))
    }

    fn sum(n: usize) -> String {
        format!("{{{{ 1{} }}}}", " + 1".repeat(n))
    }

    #[test]
    fn limits_on_both_sides() {
        assert_eq!(check(&nested(MAX_NESTING)), Ok(()));
        let e = check(&nested(MAX_NESTING + 1)).unwrap_err();
        assert_eq!((e.line, e.column), (1, 4 + MAX_NESTING));
        assert!(
            e.message.starts_with("brackets nested more than 32"),
            "{}",
            e.message
        );

        assert_eq!(check(&ifs(MAX_NESTING)), Ok(()));
        let e = check(&format!("a\nb{}", ifs(MAX_NESTING + 1))).unwrap_err();
        assert_eq!((e.line, e.column), (2, 2 + 13 * MAX_NESTING));
        assert!(e.message.starts_with("blocks nested more than 32"));

        assert_eq!(check(&sum(MAX_OPERATORS)), Ok(()));
        let e = check(&format!("\n  {}", sum(MAX_OPERATORS + 1))).unwrap_err();
        assert_eq!((e.line, e.column), (2, 3));
        assert!(e.message.starts_with("more than 256 operators"));
        let words = format!(
            "{{% if {} %}}x{{% endif %}}",
            vec!["a"; MAX_OPERATORS + 2].join(" and ")
        );
        assert!(check(&words).is_err());
        // Sequential blocks do not add up.
        assert_eq!(check(&ifs(MAX_NESTING).repeat(10)), Ok(()));
    }

    #[test]
    fn strings_comments_and_raw_are_text() {
        let parens = "(".repeat(500);
        assert_eq!(check(&format!("{{{{ \"{parens}\" }}}}")), Ok(()));
        assert_eq!(check(&format!("{{{{ '{parens}' ~ `{parens}` }}}}")), Ok(()));
        assert_eq!(check(&format!("{{# {} #}}", nested(500))), Ok(()));
        // The scan goes on right after a comment. (Resuming a little before
        // its end instead, at `#}`, finds the same tags: that mutant is equivalent.)
        assert!(check(&format!("{{# a #}}{}", nested(MAX_NESTING + 1))).is_err());
        assert_eq!(
            check(&format!("{{% raw %}}{}{{%- endraw %}}", ifs(500))),
            Ok(())
        );
        assert!(check(&format!("{{% raw %}}x{{% endraw %}}{}", nested(65))).is_err());
        // Operator characters in text outside tags do not count.
        assert_eq!(check(&"+ ( [ and ".repeat(1000)), Ok(()));
        // Unclosed tags end the scan (Tera reports them).
        assert_eq!(check("{{ ((("), Ok(()));
        assert_eq!(check("{% if"), Ok(()));
        assert_eq!(check("{"), Ok(()));
    }

    #[test]
    fn the_built_in_templates_pass() {
        for b in super::super::BUILTIN {
            assert_eq!(check(b.source), Ok(()), "{}", b.name);
        }
        for (n, s) in super::super::PARTIALS {
            assert_eq!(check(s), Ok(()), "{n}");
        }
    }

    /// What the limits allow renders on a 2 MiB thread (rayon's and std's
    /// default stack), in a debug build whose frames are larger than release's.
    #[test]
    fn the_worst_allowed_template_renders_on_a_small_stack() {
        let expr = format!(
            "{}1{}{}",
            "(".repeat(MAX_NESTING),
            ")".repeat(MAX_NESTING),
            " + 1".repeat(MAX_OPERATORS - 1)
        );
        let src = format!(
            "{}{{{{ {expr} }}}}{}",
            "{% if true %}".repeat(MAX_NESTING),
            "{% endif %}".repeat(MAX_NESTING)
        );
        assert_eq!(check(&src), Ok(()));
        let out = std::thread::Builder::new()
            .stack_size(2 * 1024 * 1024)
            .spawn(move || {
                let mut t = tera::Tera::default();
                t.add_raw_template("t", &src).unwrap();
                t.render("t", &tera::Context::new()).unwrap()
            })
            .unwrap()
            .join()
            .unwrap();
        assert_eq!(out, (MAX_OPERATORS).to_string());
    }
}
