//! Semantic checks on a parsed checklist: what serde cannot see.
//!
//! Ids unique and well formed, every basis pointing at a declared source, no empty
//! section, dates that exist. Positions come from the [`SourceMap`].

use std::collections::HashMap;
use std::path::Path;

use super::checklist::{Checklist, Item, Kind, Section, Status};
use super::collect::Collector;
use super::diag::Diagnostic;
use super::load::suggest;
use super::pos::SourceMap;
use crate::i18n::msg;

/// Deepest item nesting accepted (regulations nest two or three levels).
pub const MAX_DEPTH: usize = 6;

type Ctx<'a> = Collector<'a>;

/// Checks an identifier: lowercase ASCII letters, digits, `-`, `_`, `.`, starting
/// with a letter or digit, at most 64 characters. They name files and anchors.
pub fn valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c.is_ascii_digit())
        && id.len() <= 64
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-_.".contains(c))
}

/// Checks a date written as YYYY-MM-DD.
pub fn valid_date(s: &str) -> bool {
    parse_date(s).is_some()
}

/// Parses YYYY-MM-DD into (year, month, day), checking the day exists.
pub fn parse_date(s: &str) -> Option<(i32, u8, u8)> {
    let mut parts = s.trim().splitn(3, '-');
    let y: i32 = parts.next()?.parse().ok()?;
    let m: u8 = parts.next()?.parse().ok()?;
    let d: u8 = parts.next()?.parse().ok()?;
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    ((1900..=2200).contains(&y) && d >= 1 && d <= days).then_some((y, m, d))
}

/// Days since 1970-01-01 of a civil date (proleptic Gregorian; Howard
/// Hinnant's `days_from_civil`).
pub fn day_number((y, m, d): (i32, u8, u8)) -> i64 {
    let (y, m, d) = (i64::from(y), i64::from(m), i64::from(d));
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Runs every semantic check; returns the diagnostics (errors and warnings).
pub fn validate(c: &Checklist, path: &Path, text: &str, map: &SourceMap) -> Vec<Diagnostic> {
    let mut cx = Ctx {
        path,
        text,
        map,
        diags: Vec::new(),
    };
    if !valid_id(&c.id) {
        cx.error("bad-id", "id", msg::bad_id(msg::noun("checklist"), &c.id))
            .hint = Some(msg::id_hint());
    } else if super::RESERVED_IDS.contains(&c.id.as_str()) {
        cx.error("reserved-id", "id", msg::reserved_id(&c.id)).hint = Some(msg::reserved_id_hint());
    }
    for (field, value) in [
        ("title", &c.title),
        ("industry", &c.industry),
        ("version", &c.version),
    ] {
        if value.trim().is_empty() {
            cx.error("empty", field, msg::field_empty(field)).hint =
                Some(msg::write_the_field(field));
        }
    }

    // Sources: ids well formed and unique, dates real.
    let mut source_ids: HashMap<&str, usize> = HashMap::new();
    if c.sources.is_empty() && !c.kind.basis_optional() {
        cx.error_key("no-sources", "sources", msg::no_sources())
            .hint = Some(msg::no_sources_hint());
    }
    for (i, s) in c.sources.iter().enumerate() {
        let at = format!("sources[{i}]");
        if !valid_id(&s.id) {
            cx.error(
                "bad-id",
                &format!("{at}.id"),
                msg::bad_id(msg::noun("source"), &s.id),
            )
            .hint = Some(msg::id_hint());
        }
        if let Some(first) = source_ids.insert(&s.id, i) {
            let line = cx.line_of(&format!("sources[{first}].id"));
            let d = cx.error(
                "duplicate-id",
                &format!("{at}.id"),
                msg::duplicate_id(msg::noun("source"), &s.id),
            );
            d.label = Some(msg::first_declared_at(line));
            d.hint = Some(msg::duplicate_source_hint());
        }
        if s.title.trim().is_empty() {
            cx.error("empty", &format!("{at}.title"), msg::source_title_empty());
        }
        if let Some(d) = &s.date {
            if !valid_date(d) {
                cx.error("bad-date", &format!("{at}.date"), msg::not_a_date(d))
                    .hint = Some(msg::date_hint("2023-04-14"));
            }
        }
    }

    // Provisions cite declared sources too.
    let declared: Vec<String> = c.sources.iter().map(|s| s.id.clone()).collect();
    let mut used_sources: Vec<&str> = Vec::new();
    for (i, p) in c.provisions.iter().enumerate() {
        let at = format!("provisions[{i}]");
        if p.text.trim().is_empty() {
            cx.error("empty", &format!("{at}.text"), msg::provision_text_empty());
        }
        check_source(&mut cx, &p.basis.source, &at, &declared, &mut used_sources);
    }

    if c.sections.is_empty() {
        cx.error_key("empty", "sections", msg::no_sections()).hint = Some(msg::no_sections_hint());
    }
    let mut section_ids: HashMap<&str, usize> = HashMap::new();
    let mut item_ids: HashMap<&str, String> = HashMap::new();
    check_parts(&mut cx, c);
    for (si, s) in c.sections.iter().enumerate() {
        let at = format!("sections[{si}]");
        if !valid_id(&s.id) {
            cx.error(
                "bad-id",
                &format!("{at}.id"),
                msg::bad_id(msg::noun("section"), &s.id),
            )
            .hint = Some(msg::id_hint());
        }
        if let Some(first) = section_ids.insert(&s.id, si) {
            let line = cx.line_of(&format!("sections[{first}].id"));
            let d = cx.error(
                "duplicate-id",
                &format!("{at}.id"),
                msg::duplicate_id(msg::noun("section"), &s.id),
            );
            d.label = Some(msg::first_used_at(line));
            d.hint = Some(msg::duplicate_section_hint());
        }
        if s.title.trim().is_empty() {
            cx.error("empty", &format!("{at}.title"), msg::section_title_empty());
        }
        if s.items.is_empty() {
            cx.error_key(
                "empty-section",
                &format!("{at}.items"),
                msg::section_no_items(&s.id),
            )
            .hint = Some(msg::section_no_items_hint());
        }
        check_card(&mut cx, c.kind, s, &at);
        check_items(
            &mut cx,
            &s.items,
            &format!("{at}.items"),
            0,
            &mut item_ids,
            &mut used_sources,
            &declared,
            c.kind.basis_optional(),
        );
    }

    for (i, s) in c.sources.iter().enumerate() {
        if !used_sources.contains(&s.id.as_str()) {
            cx.warn_key(
                "unused-source",
                &format!("sources[{i}].id"),
                msg::unused_source(&s.id),
            );
        }
    }
    if c.status == Status::Draft {
        let note = c.note.as_deref().unwrap_or("").trim().to_string();
        let w = cx.warn_key("draft", "status", msg::draft_checklist());
        if note.is_empty() {
            w.hint = Some(msg::draft_hint());
        } else {
            w.label = Some(msg::note_label(note));
        }
    }
    cx.diags
}

#[allow(clippy::too_many_arguments)]
fn check_items<'a>(
    cx: &mut Ctx<'_>,
    items: &'a [Item],
    at: &str,
    depth: usize,
    ids: &mut HashMap<&'a str, String>,
    used: &mut Vec<&'a str>,
    declared: &[String],
    basis_optional: bool,
) {
    if depth >= MAX_DEPTH {
        cx.error_key("too-deep", at, msg::too_deep(MAX_DEPTH)).hint = Some(msg::too_deep_hint());
        return;
    }
    for (i, item) in items.iter().enumerate() {
        let p = format!("{at}[{i}]");
        if !valid_id(&item.id) {
            cx.error(
                "bad-id",
                &format!("{p}.id"),
                msg::bad_id(msg::noun("item"), &item.id),
            )
            .hint = Some(msg::id_hint());
        }
        let id_path = format!("{p}.id");
        if let Some(first) = ids.get(item.id.as_str()) {
            let line = cx.line_of(first);
            let d = cx.error(
                "duplicate-id",
                &id_path,
                msg::duplicate_id(msg::noun("item"), &item.id),
            );
            d.label = Some(msg::first_used_at(line));
            d.hint = Some(msg::duplicate_item_hint());
        } else {
            ids.insert(&item.id, id_path);
        }
        if item.text.trim().is_empty() {
            cx.error(
                "empty",
                &format!("{p}.text"),
                msg::item_text_empty(&item.id),
            )
            .hint = Some(msg::item_text_empty_hint());
        }
        if item.basis.is_inherited() {
            if depth == 0 && !basis_optional {
                cx.error_key(
                    "missing-basis",
                    &format!("{p}.id"),
                    msg::item_no_basis(&item.id),
                )
                .hint = Some(msg::item_no_basis_hint());
            }
        } else {
            check_source(cx, &item.basis.source, &p, declared, used);
        }
        check_items(
            cx,
            &item.items,
            &format!("{p}.items"),
            depth + 1,
            ids,
            used,
            declared,
            basis_optional,
        );
    }
}

/// An emergency card's own fields: its numbers to call (at least one, each with
/// a name and a number) and risks that say something; in any other kind these
/// fields are refused, as they would print nowhere.
fn check_card(cx: &mut Ctx<'_>, kind: Kind, s: &Section, at: &str) {
    if kind != Kind::EmergencyCards {
        for (field, used) in [
            ("risks", !s.risks.is_empty()),
            ("contacts", !s.contacts.is_empty()),
            ("notes", s.notes.is_some()),
        ] {
            if used {
                cx.error_key(
                    "card-field",
                    &format!("{at}.{field}"),
                    msg::card_field_elsewhere(field, kind.as_str()),
                )
                .hint = Some(msg::card_field_elsewhere_hint());
            }
        }
        return;
    }
    if s.contacts.is_empty() {
        cx.error_key(
            "no-contacts",
            &format!("{at}.id"),
            msg::card_no_contacts(&s.id),
        )
        .hint = Some(msg::card_no_contacts_hint());
    }
    for (i, c) in s.contacts.iter().enumerate() {
        for (field, value) in [("name", &c.name), ("phone", &c.phone)] {
            if value.trim().is_empty() {
                cx.error(
                    "empty",
                    &format!("{at}.contacts[{i}].{field}"),
                    msg::contact_field_empty(field, &s.id),
                );
            }
        }
    }
    for (i, r) in s.risks.iter().enumerate() {
        if r.trim().is_empty() {
            cx.error("empty", &format!("{at}.risks[{i}]"), msg::risk_empty(&s.id));
        }
    }
}

/// Checks that `src` (cited at `{at}.basis.source`) is declared; records it as used.
fn check_source<'a>(
    cx: &mut Ctx<'_>,
    src: &'a str,
    at: &str,
    declared: &[String],
    used: &mut Vec<&'a str>,
) {
    if declared.iter().any(|d| d == src) {
        used.push(src);
        return;
    }
    let hint = if declared.is_empty() {
        msg::declare_under_sources()
    } else {
        suggest(src, declared, "source")
    };
    cx.error(
        "unknown-source",
        &format!("{at}.basis.source"),
        msg::unknown_source(src),
    )
    .hint = Some(hint);
}

/// Part names (ids, aliases, titles of `part:` sections) must each choose one
/// section; aliases on a common section would choose nothing. A post of a
/// `responsibilities` checklist is chosen by its id, title or aliases too (by a
/// roster's 岗位 column), so the same rules hold for its names.
fn check_parts(cx: &mut Ctx<'_>, c: &Checklist) {
    let mut names: HashMap<&str, usize> = HashMap::new();
    for (si, s) in c.sections.iter().enumerate() {
        if s.part.is_none() && c.kind != Kind::Responsibilities {
            if !s.aliases.is_empty() {
                cx.warn_key(
                    "alias-without-part",
                    &format!("sections[{si}].aliases"),
                    msg::alias_without_part(&s.id),
                )
                .hint = Some(msg::alias_without_part_hint());
            }
            continue;
        }
        for (ai, a) in s.aliases.iter().enumerate() {
            if a.trim().is_empty() || a.contains([',', '，', '、', '+', ':', '：', ';', '；']) {
                cx.error(
                    "bad-alias",
                    &format!("sections[{si}].aliases[{ai}]"),
                    msg::bad_alias(a),
                )
                .hint = Some(msg::bad_alias_hint());
            }
        }
        for (ai, a) in s.aliases.iter().enumerate() {
            let other = c
                .sections
                .iter()
                .enumerate()
                .find(|(oi, o)| *oi != si && (o.id == *a || o.title == *a));
            let first = names.get(a.as_str()).copied().filter(|f| *f != si);
            if let Some(o) = first.or(other.map(|(oi, _)| oi)) {
                let line = cx.line_of(&format!("sections[{o}].id"));
                let d = cx.error(
                    "duplicate-part-name",
                    &format!("sections[{si}].aliases[{ai}]"),
                    msg::alias_names_other(a, &c.sections[o].id),
                );
                d.label = Some(msg::section_starts_at(line));
                d.hint = Some(msg::part_name_hint());
            } else {
                names.insert(a, si);
            }
        }
    }
}

/// Every item citing a source that declares `text:` must occur in that file word
/// for word (after its trailing punctuation is dropped), so a typo can never ship.
/// `dir` is the checklist file's folder.
pub fn check_verbatim(c: &Checklist, path: &Path, text: &str, map: &SourceMap) -> Vec<Diagnostic> {
    check_verbatim_with(c, path, text, map, &super::load::read_text)
}

/// [`check_verbatim`] with the source texts read by `read` (the built-in
/// catalogue's come from the binary, see [`super::builtin`]).
pub fn check_verbatim_with(
    c: &Checklist,
    path: &Path,
    text: &str,
    map: &SourceMap,
    read: &super::ReadSource,
) -> Vec<Diagnostic> {
    let mut cx = Ctx {
        path,
        text,
        map,
        diags: Vec::new(),
    };
    let dir = path.parent().unwrap_or(Path::new(""));
    // Source id → index of its text in `bodies`; sources sharing one file (the
    // mines standard and its supplement) read it once.
    let mut texts: HashMap<&str, usize> = HashMap::new();
    let mut bodies: Vec<(std::path::PathBuf, Option<String>)> = Vec::new();
    for (i, s) in c.sources.iter().enumerate() {
        let Some(rel) = &s.text else { continue };
        let file = dir.join(rel);
        if let Some(k) = bodies.iter().position(|(f, _)| *f == file) {
            texts.insert(&s.id, k);
            continue;
        }
        let body = match read(&file) {
            Ok(t) => Some(t),
            Err((d, _)) => {
                // A checklist copied away from its sources still works; it just
                // cannot be checked word for word.
                cx.warn(
                    "source-text",
                    &format!("sources[{i}].text"),
                    msg::source_text_unreadable(file.display(), &d.message),
                )
                .hint = Some(msg::source_text_hint());
                None
            }
        };
        texts.insert(&s.id, bodies.len());
        bodies.push((file, body));
    }
    if texts.is_empty() {
        return cx.diags;
    }
    let check = |cx: &mut Ctx<'_>, at: String, src: &str, t: &str| {
        let Some((_, Some(body))) = texts.get(src).and_then(|k| bodies.get(*k)) else {
            return;
        };
        let t = t.trim_end_matches(['；', '。', '：', ';', ':']);
        if !body.contains(t) {
            // Point at the first character from which the text no longer matches.
            let chars: Vec<char> = t.chars().collect();
            let good = matching_prefix(body, &chars);
            let shown: String = chars[..good]
                .iter()
                .rev()
                .take(12)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            cx.error("not-verbatim", &at, msg::not_verbatim(src, shown, good + 1))
                .hint = Some(msg::not_verbatim_hint());
        }
    };
    for (i, p) in c.provisions.iter().enumerate() {
        check(
            &mut cx,
            format!("provisions[{i}].text"),
            &p.basis.source,
            &p.text,
        );
    }
    fn walk<'a>(
        items: &'a [Item],
        at: String,
        parent: &'a str,
        out: &mut Vec<(String, &'a str, &'a str)>,
    ) {
        for (i, item) in items.iter().enumerate() {
            let p = format!("{at}[{i}]");
            let src = if item.basis.is_inherited() {
                parent
            } else {
                item.basis.source.as_str()
            };
            out.push((format!("{p}.text"), src, item.text.as_str()));
            walk(&item.items, format!("{p}.items"), src, out);
        }
    }
    let mut all = Vec::new();
    for (si, s) in c.sections.iter().enumerate() {
        walk(&s.items, format!("sections[{si}].items"), "", &mut all);
    }
    for (at, src, t) in all {
        check(&mut cx, at, src, t);
    }
    cx.diags
}

/// How many leading characters of `text` occur together in `body`. A prefix
/// that occurs has every shorter prefix occurring too, so a binary search needs
/// log₂(n) searches, not n (a 1 MB item that is not verbatim stays fast).
fn matching_prefix(body: &str, text: &[char]) -> usize {
    let (mut lo, mut hi) = (0, text.len());
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if body.contains(&text[..mid].iter().collect::<String>()) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    lo
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matching_prefix_finds_where_text_stops_matching() {
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        assert_eq!(matching_prefix("甲乙丙丁", &c("甲乙丙丁")), 4);
        assert_eq!(matching_prefix("甲乙丙丁", &c("甲乙戊")), 2);
        assert_eq!(matching_prefix("甲乙丙丁", &c("戊")), 0);
        assert_eq!(matching_prefix("甲乙丙丁", &c("")), 0);
        assert_eq!(matching_prefix("甲乙丙丁", &c("乙丙丁戊")), 3);
        assert_eq!(matching_prefix("甲乙丙丁", &c("甲乙丙丁戊")), 4);
        let long: Vec<char> = "安".repeat(100_000).chars().collect();
        assert_eq!(matching_prefix("安安安", &long), 3);
    }

    #[test]
    fn ids() {
        assert!(valid_id("gm-3-1"));
        assert!(valid_id("a.b_c"));
        assert!(!valid_id("GM"));
        assert!(!valid_id("-a"));
        assert!(!valid_id("安全"));
        assert!(!valid_id(""));
    }

    #[test]
    fn dates() {
        assert!(valid_date("2024-02-29"));
        assert!(!valid_date("2023-02-29"));
        assert!(!valid_date("2023-13-01"));
        assert!(!valid_date("2023/01/01"));
    }

    /// The accepted range is 1900-01-01 to 2200-12-31, both ends included.
    #[test]
    fn date_range_ends_both_ways() {
        assert_eq!(parse_date("1900-01-01"), Some((1900, 1, 1)));
        assert_eq!(parse_date("1899-12-31"), None);
        assert_eq!(parse_date("2200-12-31"), Some((2200, 12, 31)));
        assert_eq!(parse_date("2201-01-01"), None);
        assert_eq!(parse_date(" 2025-04-15 "), Some((2025, 4, 15)));
        for bad in [
            "2025-04",
            "2025",
            "",
            "2025-04-15-1",
            "2025-4-x",
            "-2025-01-01",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    /// Leap days: every 4th year, not centuries, but every 400th year; and the
    /// length of every month, the last day in and the next day out.
    #[test]
    fn leap_days_and_month_ends_both_ways() {
        for (y, leap) in [
            (1900, false),
            (1904, true),
            (2000, true),
            (2023, false),
            (2024, true),
            (2100, false),
            (2196, true),
            (2200, false),
        ] {
            assert_eq!(parse_date(&format!("{y}-02-29")).is_some(), leap, "{y}");
            assert!(parse_date(&format!("{y}-02-28")).is_some(), "{y}");
            assert!(parse_date(&format!("{y}-02-30")).is_none(), "{y}");
        }
        let lengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
        for (m, len) in (1..=12).zip(lengths) {
            assert!(parse_date(&format!("2023-{m:02}-{len}")).is_some(), "{m}");
            assert!(
                parse_date(&format!("2023-{m:02}-{}", len + 1)).is_none(),
                "{m}"
            );
            assert!(parse_date(&format!("2023-{m:02}-00")).is_none(), "{m}");
            assert!(parse_date(&format!("2023-{m:02}-01")).is_some(), "{m}");
        }
        assert_eq!(parse_date("2023-00-10"), None);
        assert_eq!(parse_date("2023-13-10"), None);
    }

    /// Day numbers against an independent calendar (Python's datetime).
    #[test]
    fn day_numbers_across_the_range() {
        for (date, n) in [
            ((1900, 1, 1), -25_567),
            ((1900, 3, 1), -25_508),
            ((1970, 1, 1), 0),
            ((1970, 12, 31), 364),
            ((1999, 12, 31), 10_956),
            ((2000, 2, 29), 11_016),
            ((2000, 3, 1), 11_017),
            ((2024, 2, 29), 19_782),
            ((2100, 3, 1), 47_541),
            ((2200, 12, 31), 84_370),
        ] {
            assert_eq!(day_number(date), n, "{date:?}");
        }
    }

    /// Part names: an alias on a section without `part:` is a warning; an
    /// alias that is blank or holds a separator is an error; an alias naming
    /// another section (by an alias, its id or its title) is an error at the
    /// second, while a section may repeat its own title as an alias.
    #[test]
    fn part_names_each_choose_one_section() {
        let yaml = r#"id: parts
kind: hazards
title: 测试清单
industry: 工贸
version: "2023"
sources:
  - id: mem-10
    title: 工贸企业重大事故隐患判定标准
sections:
  - id: common
    title: 通用
    aliases: [通用类]
    items:
      - { id: a-1, text: 甲, basis: { source: mem-10, clause: 第三条 } }
  - id: dust
    title: 粉尘涉爆
    part: special
    aliases: [粉尘, 粉尘涉爆, "a,b", " "]
    items:
      - { id: b-1, text: 乙, basis: { source: mem-10, clause: 第四条 } }
  - id: metal
    title: 金属
    part: industry
    aliases: [粉尘, 冶金, dust]
    items:
      - { id: c-1, text: 丙, basis: { source: mem-10, clause: 第五条 } }
"#;
        let f = crate::model::parse_checklist(Path::new("parts.yaml"), yaml.to_string());
        let got: Vec<(&str, &str)> = f
            .diags
            .iter()
            .filter(|d| {
                matches!(
                    d.code,
                    "alias-without-part" | "bad-alias" | "duplicate-part-name"
                )
            })
            .map(|d| (d.code, d.message.as_str()))
            .collect();
        let sep = "is empty or holds a separator (, ， 、 + : ；)";
        assert_eq!(
            got,
            [
                (
                    "alias-without-part",
                    "section `common` has aliases but no `part:`; it is in every composition, so nothing chooses it"
                ),
                ("bad-alias", format!("alias `a,b` {sep}").as_str()),
                ("bad-alias", format!("alias ` ` {sep}").as_str()),
                ("duplicate-part-name", "alias `粉尘` also names section `dust`"),
                ("duplicate-part-name", "alias `dust` also names section `dust`"),
            ]
        );
    }

    /// Posts and cards need no sources or basis; post names choose one post
    /// each; a card needs contacts with a name and a number; card fields in
    /// another kind are refused. Each at its line and column.
    #[test]
    fn posts_and_cards_are_checked_where_they_are_written() {
        let errors = |yaml: &str| -> Vec<(&'static str, usize, usize, String)> {
            let f = crate::model::parse_checklist(Path::new("t.yaml"), yaml.to_string());
            f.diags
                .iter()
                .map(|d| (d.code, d.line, d.column, d.message.clone()))
                .collect()
        };
        let head = "id: t\nkind: responsibilities\ntitle: T\nindustry: 机械\nversion: \"1\"\nsources: []\nsections:\n";
        let posts = format!(
            "{head}  - id: welder\n    title: 电焊工\n    aliases: [焊工]\n    items:\n      - {{ id: w1, text: 持证上岗 }}\n  - id: crane\n    title: 行车工\n    aliases: [焊工]\n    items:\n      - {{ id: c1, text: 十不吊 }}\n"
        );
        assert_eq!(
            errors(&posts),
            [(
                "duplicate-part-name",
                15,
                15,
                "alias `焊工` also names section `welder`".to_string()
            )]
        );
        assert!(errors(&posts.replace(
            "    aliases: [焊工]\n    items:\n      - { id: c1",
            "    items:\n      - { id: c1"
        ))
        .is_empty());
        let cards = format!(
            "{}  - id: crane\n    title: 行车\n    risks: [坠落, \" \"]\n    contacts:\n      - {{ name: 值班室, phone: \"\" }}\n    items:\n      - {{ id: c1, text: 急停 }}\n  - id: weld\n    title: 焊接\n    items:\n      - {{ id: w1, text: 断电 }}\n",
            head.replace("responsibilities", "emergency-cards")
        );
        let got: Vec<(&str, usize)> = errors(&cards).iter().map(|e| (e.0, e.1)).collect();
        assert_eq!(got, [("empty", 12), ("empty", 10), ("no-contacts", 15)]);
        let elsewhere = cards.replace("emergency-cards", "inspection");
        let got: Vec<(&str, usize)> = errors(&elsewhere)
            .iter()
            .filter(|e| e.0 == "card-field")
            .map(|e| (e.0, e.1))
            .collect();
        assert_eq!(got, [("card-field", 10), ("card-field", 11)]);
    }

    /// Each source is checked against its own `text:` file (two sources may
    /// share one), read from beside the checklist.
    #[test]
    fn items_are_checked_against_their_own_source_file() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        std::fs::create_dir(dir.path().join("sources")).unwrap_or_else(|e| panic!("{e}"));
        for (f, body) in [
            ("a.md", "第一条 甲方应当检查。\n"),
            ("b.md", "第二条 乙方应当整改。\n"),
        ] {
            std::fs::write(dir.path().join("sources").join(f), body)
                .unwrap_or_else(|e| panic!("{e}"));
        }
        let yaml = r#"id: verbatim
kind: hazards
title: 测试清单
industry: 工贸
version: "2023"
sources:
  - { id: s1, title: 甲, text: sources/a.md }
  - { id: s2, title: 乙, text: sources/b.md }
  - { id: s3, title: 甲补充, text: sources/a.md }
sections:
  - id: s
    title: 通用
    items:
      - { id: i-1, text: 乙方应当整改。, basis: { source: s2, clause: 第二条 } }
      - { id: i-2, text: 甲方应当检查, basis: { source: s3, clause: 第一条 } }
      - { id: i-3, text: 甲方应当整改, basis: { source: s1, clause: 第一条 } }
"#;
        let path = dir.path().join("c.yaml");
        let loaded = crate::model::load::parse_yaml::<Checklist>(&path, yaml.to_string());
        let c = loaded
            .value
            .as_ref()
            .unwrap_or_else(|| panic!("{:?}", loaded.diags));
        let diags = check_verbatim(c, &path, &loaded.text, &loaded.map);
        let got: Vec<(&str, usize, &str)> = diags
            .iter()
            .map(|d| (d.code, d.line, d.message.as_str()))
            .collect();
        assert_eq!(
            got,
            [(
                "not-verbatim",
                16,
                "text is not word for word in source `s1`: it matches as far as “…甲方应当” and differs from character 5"
            )]
        );
    }
}
