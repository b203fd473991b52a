//! The data a checklist template sees, derived once from a validated checklist.
//!
//! Templates get both the checklist as written (`checklist`) and a flat list of
//! table rows (`rows`) with numbering, resolved severity and a readable basis, so
//! templates stay simple loops.

use serde::Serialize;

use crate::model::{Checklist, Item, Kind, Status};

/// One row of a checklist table.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// Hierarchical number: `3`, or `3.2` for a sub-item.
    pub no: String,
    /// 0 for top-level items.
    pub depth: usize,
    /// Item id.
    pub id: String,
    /// The criterion.
    pub text: String,
    /// True for a group heading (an item with sub-items): it has no result box.
    pub group: bool,
    /// Section id and title this row belongs to.
    pub section: String,
    /// Section title.
    pub section_title: String,
    /// True for the first row of a section.
    pub section_start: bool,
    /// `major` or `general`.
    pub severity: &'static str,
    /// 重大 or 一般.
    pub severity_cn: &'static str,
    /// 查资料 / 现场检查 / 询问 (several joined with 、), or empty.
    pub method: String,
    /// Short title of the source (《…》) and clause.
    pub basis: String,
    /// The basis as a form's 检查依据 column shows it: the clause alone when
    /// every item cites the same source (the form names it above the table),
    /// else the source's 发文字号 (or title) and the clause.
    pub basis_short: String,
    /// The source's id.
    pub source: String,
    /// The clause alone.
    pub clause: String,
    /// Inspector guidance.
    pub hint: String,
    /// Penalty clause.
    pub penalty: String,
}

/// Counts shown in headers and summaries.
#[derive(Debug, Clone, Serialize)]
pub struct Counts {
    /// Items that are checked (leaves).
    pub items: usize,
    /// Of which major.
    pub major: usize,
    /// Of which general.
    pub general: usize,
}

/// The whole template context for one checklist.
#[derive(Debug, Clone, Serialize)]
pub struct ChecklistContext<'a> {
    /// The checklist as written.
    pub checklist: &'a Checklist,
    /// True when `status: draft`.
    pub draft: bool,
    /// Chinese name of the kind (重大事故隐患判定 / 主要负责人职责 / 检查表).
    pub kind_cn: &'static str,
    /// Table rows, depth first.
    pub rows: Vec<Row>,
    /// True when every item cites the same source.
    pub single_source: bool,
    /// Counts of checked items.
    pub counts: Counts,
    /// The template being rendered.
    pub template: &'a str,
    /// qingdan's version.
    pub generator: &'static str,
}

/// Builds the context for rendering `c` with template `template`.
pub fn checklist_context<'a>(c: &'a Checklist, template: &'a str) -> ChecklistContext<'a> {
    let mut rows = Vec::new();
    let mut counter = 0usize;
    for s in &c.sections {
        let mut first = true;
        for item in &s.items {
            counter += 1;
            push_rows(c, s, item, counter.to_string(), 0, &mut first, &mut rows);
        }
    }
    let single_source = rows.windows(2).all(|w| w[0].source == w[1].source);
    for r in &mut rows {
        r.basis_short = if single_source {
            r.clause.clone()
        } else {
            let name = c
                .source(&r.source)
                .map(|s| {
                    s.doc_no
                        .clone()
                        .unwrap_or_else(|| format!("《{}》", s.title))
                })
                .unwrap_or_else(|| r.source.clone());
            format!("{name}{}", r.clause)
        };
        if r.basis_short.is_empty() {
            r.basis_short = r.basis.clone();
        }
    }
    let leaves: Vec<&Row> = rows.iter().filter(|r| !r.group).collect();
    let major = leaves.iter().filter(|r| r.severity == "major").count();
    ChecklistContext {
        checklist: c,
        draft: c.status == Status::Draft,
        kind_cn: match c.kind {
            Kind::Hazards => "重大事故隐患判定",
            Kind::Duties => "主要负责人安全生产职责",
            Kind::Inspection => "安全检查",
            Kind::Responsibilities => "全员安全生产责任清单",
            Kind::EmergencyCards => "重点岗位应急处置卡",
        },
        counts: Counts {
            items: leaves.len(),
            major,
            general: leaves.len() - major,
        },
        rows,
        single_source,
        template,
        generator: concat!("qingdan ", env!("CARGO_PKG_VERSION")),
    }
}

fn push_rows(
    c: &Checklist,
    s: &crate::model::Section,
    item: &Item,
    no: String,
    depth: usize,
    first: &mut bool,
    rows: &mut Vec<Row>,
) {
    let source = c.source(&item.basis.source);
    let clause = item.basis.clause.clone().unwrap_or_default();
    let title = source
        .map(|s| s.title.as_str())
        .unwrap_or(item.basis.source.as_str());
    // A post's duty or a card's step may cite nothing.
    let basis = if item.basis.source.is_empty() {
        clause.clone()
    } else {
        format!("《{title}》{clause}")
    };
    let sev = item.severity_in(c.kind);
    rows.push(Row {
        no: no.clone(),
        depth,
        id: item.id.clone(),
        text: item.text.clone(),
        group: item.is_group(),
        section: s.id.clone(),
        section_title: s.title.clone(),
        section_start: std::mem::take(first),
        severity: sev.as_str(),
        severity_cn: sev.as_cn(),
        method: item.method.as_cn(),
        basis,
        basis_short: String::new(),
        source: item.basis.source.clone(),
        clause,
        hint: item.hint.clone().unwrap_or_default(),
        penalty: item.penalty.clone().unwrap_or_default(),
    });
    for (i, child) in item.items.iter().enumerate() {
        push_rows(
            c,
            s,
            child,
            format!("{no}.{}", i + 1),
            depth + 1,
            first,
            rows,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::parse_checklist;
    use std::path::Path;

    fn context_of(yaml: &str) -> (Vec<(String, String)>, usize, usize, usize, bool) {
        let f = parse_checklist(Path::new("t.yaml"), yaml.to_string());
        let c = f.checklist.unwrap_or_else(|| panic!("{:?}", f.diags));
        let ctx = checklist_context(&c, "t");
        (
            ctx.rows
                .iter()
                .map(|r| (r.no.clone(), r.basis_short.clone()))
                .collect(),
            ctx.counts.items,
            ctx.counts.major,
            ctx.counts.general,
            ctx.single_source,
        )
    }

    const HEAD: &str = "id: t\nkind: hazards\ntitle: T\nindustry: 工贸\nversion: \"1\"\nsources:\n  - id: a\n    title: 甲标准\n    doc_no: 甲〔2024〕1号\n  - id: b\n    title: 乙标准\nsections:\n  - id: s\n    title: S\n    items:\n";

    #[test]
    fn counts_numbering_and_the_short_basis() {
        // One source: clauses alone; a group's sub-items numbered under it.
        let one = format!(
            "{HEAD}      - id: i1\n        text: 一\n        basis: {{ source: a, clause: 第一条 }}\n      - id: g\n        text: 组\n        basis: {{ source: a, clause: 第二条 }}\n        items:\n          - id: g1\n            text: 子\n          - id: g2\n            text: 子二\n            severity: general\n"
        );
        let (rows, items, major, general, single) =
            context_of(&one.replace("  - id: b\n    title: 乙标准\n", ""));
        assert!(single);
        assert_eq!(
            rows,
            [
                ("1".into(), "第一条".into()),
                ("2".into(), "第二条".into()),
                ("2.1".into(), "第二条".into()),
                ("2.2".into(), "第二条".into())
            ]
        );
        // Leaves only: i1, g1 (major by default), g2 (general).
        assert_eq!((items, major, general), (3, 2, 1));

        // Two sources: the 发文字号 (or the title) before the clause.
        let two = format!(
            "{HEAD}      - id: i1\n        text: 一\n        basis: {{ source: a, clause: 第一条 }}\n      - id: i2\n        text: 二\n        basis: {{ source: b, clause: 第二条 }}\n"
        );
        let (rows, items, major, general, single) = context_of(&two);
        assert!(!single);
        assert_eq!(
            rows,
            [
                ("1".into(), "甲〔2024〕1号第一条".into()),
                ("2".into(), "《乙标准》第二条".into())
            ]
        );
        assert_eq!((items, major, general), (2, 2, 0));
    }
}
