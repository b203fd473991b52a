//! `qingdan diff`: what changed in a checklist's content between two versions.
//!
//! Items are matched by id at any depth. An item is *changed* when its text,
//! severity, basis, method, hint or penalty differ, and *moved* when it now sits
//! in another section or under another parent. The result renders as Markdown
//! for a pull-request comment or serialises as JSON.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::model::{Checklist, Item};
use crate::render::filters::escape_markdown;

/// One item as the diff sees it: flattened, with where it sits.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Flat {
    /// Item id.
    pub id: String,
    /// Section id.
    pub section: String,
    /// Parent item id, for sub-items.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// Criterion text.
    pub text: String,
    /// `major` or `general`, resolved with the kind's default.
    pub severity: String,
    /// Source title and clause.
    pub basis: String,
    /// 查资料 / 现场检查 / 询问.
    pub method: String,
    /// Inspector hint.
    pub hint: String,
    /// Penalty clause.
    pub penalty: String,
}

/// A field that changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    /// Field name (`text`, `severity`, `basis`, `method`, `hint`, `penalty`, `section`, `parent`).
    pub field: &'static str,
    /// Old value.
    pub before: String,
    /// New value.
    pub after: String,
}

/// An item present in both versions with differences.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Changed {
    /// Item id.
    pub id: String,
    /// What changed.
    pub changes: Vec<FieldChange>,
}

/// The differences between two versions of one checklist.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChecklistDiff {
    /// Checklist id (of the new version).
    pub id: String,
    /// Title of the new version.
    pub title: String,
    /// Old and new version strings.
    pub version: (String, String),
    /// Changes to checklist-level fields (title, status, sources, sections).
    pub header: Vec<FieldChange>,
    /// Items only in the new version.
    pub added: Vec<Flat>,
    /// Items only in the old version.
    pub removed: Vec<Flat>,
    /// Items in both that differ.
    pub changed: Vec<Changed>,
    /// Number of items (at any depth) before and after.
    pub items: (usize, usize),
}

impl ChecklistDiff {
    /// True if nothing differs.
    pub fn is_empty(&self) -> bool {
        self.header.is_empty()
            && self.added.is_empty()
            && self.removed.is_empty()
            && self.changed.is_empty()
    }
}

/// A whole diff: checklists compared, added and removed.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Diff {
    /// Checklists present in both versions (including unchanged ones).
    pub checklists: Vec<ChecklistDiff>,
    /// Checklists only in the new version: id and title.
    pub added: Vec<(String, String)>,
    /// Checklists only in the old version: id and title.
    pub removed: Vec<(String, String)>,
}

impl Diff {
    /// True if nothing differs.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.removed.is_empty()
            && self.checklists.iter().all(ChecklistDiff::is_empty)
    }
}

/// Flattens a checklist's items in document order.
pub fn flatten(c: &Checklist) -> Vec<Flat> {
    fn go(c: &Checklist, section: &str, parent: Option<&str>, items: &[Item], out: &mut Vec<Flat>) {
        for i in items {
            let source = c
                .source(&i.basis.source)
                .map_or(i.basis.source.as_str(), |s| s.title.as_str());
            out.push(Flat {
                id: i.id.clone(),
                section: section.to_string(),
                parent: parent.map(str::to_string),
                text: i.text.clone(),
                severity: i.severity_in(c.kind).as_str().to_string(),
                basis: format!("《{source}》{}", i.basis.clause.as_deref().unwrap_or("")),
                method: i.method.as_cn(),
                hint: i.hint.clone().unwrap_or_default(),
                penalty: i.penalty.clone().unwrap_or_default(),
            });
            go(c, section, Some(&i.id), &i.items, out);
        }
    }
    let mut out = Vec::new();
    for s in &c.sections {
        go(c, &s.id, None, &s.items, &mut out);
    }
    out
}

fn change(out: &mut Vec<FieldChange>, field: &'static str, before: &str, after: &str) {
    if before != after {
        out.push(FieldChange {
            field,
            before: before.to_string(),
            after: after.to_string(),
        });
    }
}

/// Compares two versions of a checklist.
pub fn diff_checklists(old: &Checklist, new: &Checklist) -> ChecklistDiff {
    let mut header = Vec::new();
    change(&mut header, "title", &old.title, &new.title);
    change(
        &mut header,
        "status",
        old.status.as_str(),
        new.status.as_str(),
    );
    change(
        &mut header,
        "note",
        old.note.as_deref().unwrap_or(""),
        new.note.as_deref().unwrap_or(""),
    );
    let src = |c: &Checklist| -> BTreeMap<String, String> {
        c.sources
            .iter()
            .map(|s| {
                (
                    s.id.clone(),
                    format!("《{}》{}", s.title, s.doc_no.as_deref().unwrap_or("")),
                )
            })
            .collect()
    };
    let (so, sn) = (src(old), src(new));
    for (id, t) in &so {
        match sn.get(id) {
            None => change(&mut header, "source", &format!("{id}: {t}"), ""),
            Some(n) => change(
                &mut header,
                "source",
                &format!("{id}: {t}"),
                &format!("{id}: {n}"),
            ),
        }
    }
    for (id, t) in &sn {
        if !so.contains_key(id) {
            change(&mut header, "source", "", &format!("{id}: {t}"));
        }
    }
    let sec = |c: &Checklist| -> BTreeMap<String, String> {
        c.sections
            .iter()
            .map(|s| (s.id.clone(), s.title.clone()))
            .collect()
    };
    let (eo, en) = (sec(old), sec(new));
    for (id, t) in &eo {
        match en.get(id) {
            None => change(&mut header, "section", &format!("{id}: {t}"), ""),
            Some(n) => change(
                &mut header,
                "section",
                &format!("{id}: {t}"),
                &format!("{id}: {n}"),
            ),
        }
    }
    for (id, t) in &en {
        if !eo.contains_key(id) {
            change(&mut header, "section", "", &format!("{id}: {t}"));
        }
    }

    let fo = flatten(old);
    let fnew = flatten(new);
    let by_id: BTreeMap<&str, &Flat> = fo.iter().map(|f| (f.id.as_str(), f)).collect();
    let new_ids: BTreeMap<&str, &Flat> = fnew.iter().map(|f| (f.id.as_str(), f)).collect();
    let mut added = Vec::new();
    let mut changed = Vec::new();
    for f in &fnew {
        let Some(o) = by_id.get(f.id.as_str()) else {
            added.push(f.clone());
            continue;
        };
        let mut c = Vec::new();
        change(&mut c, "text", &o.text, &f.text);
        change(&mut c, "severity", &o.severity, &f.severity);
        change(&mut c, "basis", &o.basis, &f.basis);
        change(&mut c, "method", &o.method, &f.method);
        change(&mut c, "hint", &o.hint, &f.hint);
        change(&mut c, "penalty", &o.penalty, &f.penalty);
        change(&mut c, "section", &o.section, &f.section);
        change(
            &mut c,
            "parent",
            o.parent.as_deref().unwrap_or(""),
            f.parent.as_deref().unwrap_or(""),
        );
        if !c.is_empty() {
            changed.push(Changed {
                id: f.id.clone(),
                changes: c,
            });
        }
    }
    let removed = fo
        .iter()
        .filter(|f| !new_ids.contains_key(f.id.as_str()))
        .cloned()
        .collect();
    ChecklistDiff {
        id: new.id.clone(),
        title: new.title.clone(),
        version: (old.version.clone(), new.version.clone()),
        header,
        added,
        removed,
        changed,
        items: (fo.len(), fnew.len()),
    }
}

/// Compares two sets of checklists, pairing them by id.
pub fn diff_sets(old: &[Checklist], new: &[Checklist]) -> Diff {
    let o: BTreeMap<&str, &Checklist> = old.iter().map(|c| (c.id.as_str(), c)).collect();
    let n: BTreeMap<&str, &Checklist> = new.iter().map(|c| (c.id.as_str(), c)).collect();
    let mut d = Diff::default();
    for (id, c) in &n {
        match o.get(id) {
            Some(prev) => d.checklists.push(diff_checklists(prev, c)),
            None => d.added.push((c.id.clone(), c.title.clone())),
        }
    }
    for (id, c) in &o {
        if !n.contains_key(id) {
            d.removed.push((c.id.clone(), c.title.clone()));
        }
    }
    d
}

fn cell(s: &str) -> String {
    if s.is_empty() {
        "—".into()
    } else {
        escape_markdown(s)
    }
}

/// Renders a diff as Markdown for a pull-request comment or a changelog.
pub fn to_markdown(d: &Diff) -> String {
    let mut out = String::new();
    if d.is_empty() {
        out.push_str("No changes to checklist content.\n");
        return out;
    }
    for (id, title) in &d.added {
        let _ = writeln!(out, "## New checklist `{id}`: {}\n", escape_markdown(title));
    }
    for (id, title) in &d.removed {
        let _ = writeln!(
            out,
            "## Removed checklist `{id}`: {}\n",
            escape_markdown(title)
        );
    }
    for c in d.checklists.iter().filter(|c| !c.is_empty()) {
        let version = if c.version.0 == c.version.1 {
            format!("version {}", escape_markdown(&c.version.1))
        } else {
            format!(
                "version {} → {}",
                escape_markdown(&c.version.0),
                escape_markdown(&c.version.1)
            )
        };
        let _ = writeln!(
            out,
            "## `{}` {} ({version})\n",
            c.id,
            escape_markdown(&c.title)
        );
        let _ = writeln!(
            out,
            "{} added, {} removed, {} changed; {} → {} items\n",
            c.added.len(),
            c.removed.len(),
            c.changed.len(),
            c.items.0,
            c.items.1
        );
        if !c.header.is_empty() {
            out.push_str("| field | before | after |\n|---|---|---|\n");
            for h in &c.header {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} |",
                    h.field,
                    cell(&h.before),
                    cell(&h.after)
                );
            }
            out.push('\n');
        }
        if !c.added.is_empty() {
            out.push_str("### Added\n\n| id | section | text | basis |\n|---|---|---|---|\n");
            for f in &c.added {
                let _ = writeln!(
                    out,
                    "| `{}` | {} | {} | {} |",
                    f.id,
                    f.section,
                    cell(&f.text),
                    cell(&f.basis)
                );
            }
            out.push('\n');
        }
        if !c.removed.is_empty() {
            out.push_str("### Removed\n\n| id | section | text |\n|---|---|---|\n");
            for f in &c.removed {
                let _ = writeln!(out, "| `{}` | {} | {} |", f.id, f.section, cell(&f.text));
            }
            out.push('\n');
        }
        if !c.changed.is_empty() {
            out.push_str("### Changed\n\n| id | field | before | after |\n|---|---|---|---|\n");
            for ch in &c.changed {
                for f in &ch.changes {
                    let _ = writeln!(
                        out,
                        "| `{}` | {} | {} | {} |",
                        ch.id,
                        f.field,
                        cell(&f.before),
                        cell(&f.after)
                    );
                }
            }
            out.push('\n');
        }
    }
    out
}

/// Reads the checklists under `dir` as they were at git revision `rev`, using
/// the git command line (`git ls-tree`, `git show`). Diagnostics name files as
/// `REV:path`.
pub fn checklists_at(
    rev: &str,
    dir: &std::path::Path,
) -> Result<Vec<crate::model::ChecklistFile>, String> {
    use std::process::Command;
    if rev.starts_with('-') {
        return Err(crate::i18n::msg::not_a_revision(rev));
    }
    let run = |args: &[&str]| -> Result<Vec<u8>, String> {
        let out = Command::new("git")
            .args(args)
            .output()
            .map_err(crate::i18n::msg::cannot_run_git)?;
        if !out.status.success() {
            return Err(crate::i18n::msg::git_failed(
                args.join(" "),
                String::from_utf8_lossy(&out.stderr).trim(),
            ));
        }
        Ok(out.stdout)
    };
    let dir_arg = dir.to_string_lossy();
    let listing = run(&[
        "ls-tree",
        "-r",
        "-z",
        "--full-name",
        "--name-only",
        rev,
        "--",
        &dir_arg,
    ])?;
    let mut files = Vec::new();
    for name in listing.split(|b| *b == 0).filter(|n| !n.is_empty()) {
        let name = String::from_utf8_lossy(name).into_owned();
        if !(name.ends_with(".yaml") || name.ends_with(".yml")) {
            continue;
        }
        let bytes = run(&["show", &format!("{rev}:{name}")])?;
        let label = std::path::PathBuf::from(format!("{rev}:{name}"));
        let text = String::from_utf8(bytes)
            .map_err(|_| crate::i18n::msg::named_not_utf8(format!("{rev}:{name}")))?;
        files.push(crate::model::parse_checklist(&label, text));
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Checklist {
        let f = crate::model::parse_checklist(std::path::Path::new("t.yaml"), text.to_string());
        f.checklist.unwrap_or_else(|| panic!("{:?}", f.diags))
    }

    const BASE: &str = "id: t\nkind: hazards\ntitle: T\nindustry: 工贸\nversion: \"1\"\nsources:\n  - id: s\n    title: 标准\nsections:\n  - id: a\n    title: A\n    items:\n      - id: i1\n        text: 甲\n        basis: { source: s, clause: 第一条 }\n      - id: i2\n        text: 乙\n        basis: { source: s }\n  - id: b\n    title: B\n    items:\n      - id: i3\n        text: 丙\n        basis: { source: s }\n";

    #[test]
    fn finds_added_removed_changed_and_moved() {
        let old = parse(BASE);
        let new_text = BASE
            .replace("text: 甲", "text: 甲甲")
            .replace("      - id: i2\n        text: 乙\n        basis: { source: s }\n", "")
            .replace("      - id: i3\n", "      - id: i2\n        text: 乙\n        basis: { source: s }\n        severity: general\n      - id: i4\n        text: 丁\n        basis: { source: s }\n      - id: i3\n")
            .replace("version: \"1\"", "version: \"2\"");
        let new = parse(&new_text);
        let d = diff_checklists(&old, &new);
        assert_eq!(
            d.added.iter().map(|f| f.id.as_str()).collect::<Vec<_>>(),
            ["i4"]
        );
        assert!(d.removed.is_empty());
        let i1 = d
            .changed
            .iter()
            .find(|c| c.id == "i1")
            .map(|c| c.changes.clone())
            .unwrap_or_default();
        assert_eq!(
            i1,
            vec![FieldChange {
                field: "text",
                before: "甲".into(),
                after: "甲甲".into()
            }]
        );
        let i2: Vec<&str> = d
            .changed
            .iter()
            .find(|c| c.id == "i2")
            .map(|c| c.changes.iter().map(|f| f.field).collect())
            .unwrap_or_default();
        assert_eq!(i2, ["severity", "section"]);
        let md = to_markdown(&Diff {
            checklists: vec![d],
            ..Default::default()
        });
        assert!(
            md.contains("1 added, 0 removed, 2 changed; 3 → 4 items"),
            "{md}"
        );
        assert!(md.contains("| `i1` | text | 甲 | 甲甲 |"), "{md}");
        assert!(md.contains("version 1 → 2"), "{md}");
    }

    #[test]
    fn identical_is_empty() {
        let c = parse(BASE);
        let d = diff_sets(std::slice::from_ref(&c), std::slice::from_ref(&c));
        assert!(d.is_empty());
        assert_eq!(to_markdown(&d), "No changes to checklist content.\n");
    }
}
