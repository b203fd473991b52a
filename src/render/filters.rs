//! Tera filters for Chinese documents, and the Markdown escaper.
//!
//! `cn_date` (2025-02-21 → 2025年2月21日), `cn_num` (11 → 十一), `cn_item`
//! (1 → （一）), `checkbox` (true → ☑, false → □) and `yaml` (a quoted YAML
//! scalar for front matter).

use std::collections::HashMap;

use tera::{Result, Value};

use crate::i18n::msg;
use crate::model::validate::parse_date;

/// Writes a number in Chinese numerals, as used in 第十一条 and 一、二、三、.
pub fn cn_number(n: u64) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    const UNITS: [&str; 4] = ["", "十", "百", "千"];
    if n == 0 {
        return DIGITS[0].into();
    }
    if n >= 10_000 {
        // Articles and list numbers never get here; fall back to digits.
        return n.to_string();
    }
    let digits: Vec<usize> = n.to_string().bytes().map(|b| (b - b'0') as usize).collect();
    let len = digits.len();
    let mut out = String::new();
    let mut zero = false;
    for (i, &d) in digits.iter().enumerate() {
        let unit = len - 1 - i;
        if d == 0 {
            zero = true;
            continue;
        }
        if zero && !out.is_empty() {
            out.push_str(DIGITS[0]);
        }
        zero = false;
        // 十一, not 一十一, at the start of a number.
        if !(d == 1 && unit == 1 && out.is_empty()) {
            out.push_str(DIGITS[d]);
        }
        out.push_str(UNITS[unit]);
    }
    out
}

/// Formats YYYY-MM-DD as 2025年2月21日 (GB/T 9704: Arabic numerals, no leading zeros).
pub fn cn_date_str(s: &str) -> Option<String> {
    let (y, m, d) = parse_date(s)?;
    Some(format!("{y}年{m}月{d}日"))
}

fn as_u64(v: &Value, filter: &str) -> Result<u64> {
    match v {
        Value::Number(n) => n
            .as_u64()
            .ok_or_else(|| tera::Error::msg(msg::filter_not_whole(filter, n))),
        Value::String(s) => s
            .trim()
            .parse()
            .map_err(|_| tera::Error::msg(msg::filter_not_whole_text(filter, s))),
        other => Err(tera::Error::msg(msg::filter_not_number(filter, other))),
    }
}

/// `{{ 11 | cn_num }}` → 十一.
pub fn cn_num(v: &Value, _: &HashMap<String, Value>) -> Result<Value> {
    Ok(Value::String(cn_number(as_u64(v, "cn_num")?)))
}

/// `{{ 3 | cn_item }}` → （三）.
pub fn cn_item(v: &Value, _: &HashMap<String, Value>) -> Result<Value> {
    Ok(Value::String(format!(
        "（{}）",
        cn_number(as_u64(v, "cn_item")?)
    )))
}

/// `{{ "2025-02-21" | cn_date }}` → 2025年2月21日.
pub fn cn_date(v: &Value, _: &HashMap<String, Value>) -> Result<Value> {
    let s = v
        .as_str()
        .ok_or_else(|| tera::Error::msg(msg::cn_date_not_string(v)))?;
    cn_date_str(s)
        .map(Value::String)
        .ok_or_else(|| tera::Error::msg(msg::cn_date_bad(s)))
}

/// `{{ done | checkbox }}` → ☑ or □; `checkbox(on="☒")` picks the checked glyph.
pub fn checkbox(v: &Value, args: &HashMap<String, Value>) -> Result<Value> {
    let on = args.get("on").and_then(Value::as_str).unwrap_or("☑");
    let checked = match v {
        Value::Bool(b) => *b,
        Value::Null => false,
        Value::String(s) => !s.is_empty(),
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
    };
    Ok(Value::String(if checked {
        on.to_string()
    } else {
        "□".to_string()
    }))
}

/// `{{ title | yaml | safe }}`: a double-quoted YAML scalar, safe in front matter.
pub fn yaml(v: &Value, _: &HashMap<String, Value>) -> Result<Value> {
    let s = match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    Ok(Value::String(
        serde_json::to_string(&s).map_err(|e| tera::Error::msg(e.to_string()))?,
    ))
}

/// Escapes data for Markdown so it prints as written and can never become markup:
/// emphasis, links, table pipes and raw HTML are backslash- or entity-escaped,
/// and a newline becomes `<br>` so it cannot end a table row.
pub fn escape_markdown(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + 8);
    let mut at_start = true;
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '-' | '+' | '=' | '#' if at_start => {
                out.push('\\');
                out.push(c);
            }
            '\r' => {}
            '\n' => {
                out.push_str("<br>");
                at_start = true;
                continue;
            }
            '0'..='9' if at_start => {
                // "1. text" or "1) text" at a line start would become a list.
                out.push(c);
                while let Some(&d) = chars.peek() {
                    if d.is_ascii_digit() {
                        out.push(d);
                        chars.next();
                    } else {
                        break;
                    }
                }
                // Only "1. " / "1) " (or at the very end) starts a list.
                let mut ahead = chars.clone();
                if let Some(p) = ahead.next() {
                    if (p == '.' || p == ')') && ahead.next().is_none_or(char::is_whitespace) {
                        out.push('\\');
                    }
                }
            }
            c if c.is_whitespace() && at_start => {
                // Leading spaces would make an indented code block.
                continue;
            }
            c => out.push(c),
        }
        at_start = false;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        let cases = [
            (0, "零"),
            (1, "一"),
            (10, "十"),
            (11, "十一"),
            (20, "二十"),
            (21, "二十一"),
            (100, "一百"),
            (101, "一百零一"),
            (110, "一百一十"),
            (1003, "一千零三"),
        ];
        for (n, s) in cases {
            assert_eq!(cn_number(n), s, "{n}");
        }
    }

    #[test]
    fn dates() {
        assert_eq!(cn_date_str("2025-02-21").as_deref(), Some("2025年2月21日"));
        assert_eq!(cn_date_str("2025-2-30"), None);
    }

    #[test]
    fn filters_on_values() {
        let none = HashMap::new();
        assert_eq!(
            cn_item(&Value::from(3), &none).ok(),
            Some(Value::from("（三）"))
        );
        assert_eq!(
            cn_num(&Value::from("11"), &none).ok(),
            Some(Value::from("十一"))
        );
        assert!(cn_num(&Value::from(-1), &none).is_err());
        assert_eq!(
            checkbox(&Value::from(true), &none).ok(),
            Some(Value::from("☑"))
        );
        assert_eq!(checkbox(&Value::Null, &none).ok(), Some(Value::from("□")));
        let mut on = HashMap::new();
        on.insert("on".to_string(), Value::from("☒"));
        assert_eq!(
            checkbox(&Value::from("x"), &on).ok(),
            Some(Value::from("☒"))
        );
        assert_eq!(
            yaml(&Value::from("a: \"b\""), &none).ok(),
            Some(Value::from("\"a: \\\"b\\\"\""))
        );
    }

    #[test]
    fn markdown_escaping_makes_markup_inert() {
        assert_eq!(
            escape_markdown("<script>alert(1)</script>"),
            "&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(escape_markdown("a|b*c_d"), "a\\|b\\*c\\_d");
        assert_eq!(escape_markdown("1. 第一"), "1\\. 第一");
        assert_eq!(escape_markdown("1.1"), "1.1");
        assert_eq!(escape_markdown("- x"), "\\- x");
        assert_eq!(escape_markdown("甲\n乙"), "甲<br>乙");
        assert_eq!(
            escape_markdown("安全生产法第二十一条"),
            "安全生产法第二十一条"
        );
    }
}
