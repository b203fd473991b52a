//! Forms people fill in and sign: what each printed document must hold.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use scraper::{Html, Selector};

mod common;
use common::{copy_dir, letters_dir, letters_in, qingdan, render_shipped, root, stderr};

fn html_of(path: &std::path::Path) -> Html {
    Html::parse_document(&std::fs::read_to_string(path).unwrap())
}

fn text(h: &Html, sel: &str) -> Vec<String> {
    h.select(&Selector::parse(sel).unwrap())
        .map(|e| e.text().collect::<String>())
        .collect()
}

#[test]
fn the_inspection_form_is_a_form_an_inspector_fills_and_both_sides_sign() {
    let dir = tempfile::tempdir().unwrap();
    let o = render_shipped(
        dir.path(),
        "inspection-form",
        "gas-major-hazards.yaml",
        "f.html",
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let h = html_of(&dir.path().join("f.html"));
    assert_eq!(text(&h, "h1"), ["城镇燃气经营安全重大隐患检查表"]);
    let body = text(&h, "main").join("");
    for want in [
        "被检查单位",
        "检查地点",
        "检查人员（签字）",
        "被检查单位负责人（签字）",
        "检查意见、整改要求及期限",
    ] {
        assert!(body.contains(want), "{want}");
    }
    // The form's table, then a box for the inspector's opinion.
    let head = text(&h, "thead th");
    assert_eq!(
        head,
        [
            "序号",
            "检查内容",
            "检查依据",
            "检查方式",
            "检查结果",
            "检查情况及隐患描述",
            "检查意见、整改要求及期限"
        ]
    );
    // One source: the basis column holds the clause, the source is named once above.
    let cells = text(&h, "tbody td");
    assert!(cells.iter().any(|c| c == "第四条第（一）项"), "{cells:?}");
    assert!(!cells.iter().any(|c| c.contains("《城镇燃气")), "{cells:?}");
    assert!(body.contains("检查依据：《城镇燃气经营安全重大隐患判定标准》（建城规〔2023〕4号）"));
}

#[test]
fn with_two_sources_the_basis_column_names_the_document_number() {
    let dir = tempfile::tempdir().unwrap();
    let o = render_shipped(
        dir.path(),
        "self-check-sheet",
        "mines-major-hazards.yaml:露天",
        "-",
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let md = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(md.contains("# 金属非金属矿山重大事故隐患自查表"), "{md}");
    assert!(md.contains("| 矿安〔2022〕88号二（一） |"), "{md}");
    assert!(md.contains("| 矿安〔2024〕41号二（二） |"), "{md}");
}

#[test]
fn the_letters_sheet_can_be_filled_in_stamped_and_sent_back() {
    let dir = letters_dir("名称,行业\n甲燃气公司,燃气\n乙镇人民政府,乡镇\n");
    let o = letters_in(dir.path(), &["--format", "html"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let h = html_of(&dir.path().join("out/001-甲燃气公司.html"));
    let cells = text(&h, "tbody td");
    let result = cells
        .iter()
        .find(|c| c.starts_with("□无隐患"))
        .expect("a result cell");
    for label in [
        "□有隐患",
        "□不涉及",
        "隐患描述：",
        "整改措施：",
        "责任人：",
        "整改时限：",
    ] {
        assert!(result.contains(label), "{label} in {result}");
    }
    let body = text(&h, "main").join("");
    for want in ["单位（盖章）", "主要负责人（签字）", "填表人", "填表日期"] {
        assert!(body.contains(want), "{want}");
    }
    // A recipient without a sheet gets none of it.
    let town = text(
        &html_of(&dir.path().join("out/002-乙镇人民政府.html")),
        "main",
    )
    .join("");
    assert!(!town.contains("单位（盖章）"));
}

#[test]
fn the_notice_has_a_review_block_and_the_report_packs_its_small_tables() {
    let dir = tempfile::tempdir().unwrap();
    let o = qingdan(
        &root(),
        &[
            "notices",
            "--results",
            "examples/results/gongmao-2025.yaml",
            "--as-of",
            "2025-04-30",
            "--format",
            "md",
            "-o",
            dir.path().to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let md = std::fs::read_to_string(dir.path().join("01-王建军.md")).unwrap();
    for want in [
        "**复查情况**",
        "整改完成情况：",
        "复查意见：",
        "复查人（签字）：",
        "复查日期：",
    ] {
        assert!(md.contains(want), "{want}");
    }

    let out = dir.path().join("r.html");
    let o = qingdan(
        &root(),
        &[
            "report",
            "--results",
            "examples/results/gongmao-2025.yaml",
            "--as-of",
            "2025-04-30",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let h = html_of(&out);
    // 单位基本情况 and 汇总: two (item, value) pairs a row, 3 and 5 rows.
    let tables: Vec<_> = h
        .select(&Selector::parse("table").unwrap())
        .take(2)
        .collect();
    let rows =
        |t: &scraper::ElementRef<'_>| t.select(&Selector::parse("tbody tr").unwrap()).count();
    let cols =
        |t: &scraper::ElementRef<'_>| t.select(&Selector::parse("thead th").unwrap()).count();
    assert_eq!((cols(&tables[0]), rows(&tables[0])), (4, 3));
    assert_eq!((cols(&tables[1]), rows(&tables[1])), (4, 5));
    // Numbers right-aligned.
    let numbers: Vec<String> = tables[1]
        .select(&Selector::parse("tbody td:nth-child(2)").unwrap())
        .map(|td| td.value().attr("style").unwrap_or("").to_string())
        .collect();
    assert!(numbers.iter().all(|s| s.contains("right")), "{numbers:?}");
}

#[test]
fn a_draft_checklists_maintainer_note_is_not_printed_on_a_notice() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("checklists"), &dir.path().join("checklists"));
    let c = dir.path().join("checklists/gas-major-hazards.yaml");
    let text = std::fs::read_to_string(&c).unwrap().replace(
        "status: active",
        "status: draft\nnote: 内部备注：第九条待核对",
    );
    std::fs::write(&c, text).unwrap();
    let mut y = String::from("checklist: gas-major-hazards\nentity:\n  name: 甲燃气公司\n  uscc: 91610131MA6U3K8E2J\ndate: 2025-03-12\nanswers:\n");
    let whole = qingdan::model::load_checklist(&c).checklist.unwrap();
    for (i, item) in whole.leaves().enumerate() {
        if i == 0 {
            y.push_str(&format!("  {}:\n    status: hazard\n    finding: 未取得许可\n    measure: 办理许可\n    owner: 张三\n    deadline: 2025-04-30\n    funds: 0\n    plan: 停止经营\n", item.id));
        } else {
            y.push_str(&format!("  {}: ok\n", item.id));
        }
    }
    std::fs::write(dir.path().join("r.yaml"), y).unwrap();
    let o = qingdan(
        dir.path(),
        &[
            "notices",
            "--results",
            "r.yaml",
            "--format",
            "md",
            "-o",
            "n",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let md = std::fs::read_to_string(dir.path().join("n/01-张三.md")).unwrap();
    assert!(md.contains("草稿"), "{md}");
    assert!(!md.contains("内部备注"), "{md}");
}

#[test]
fn section_rows_span_the_table_in_html() {
    let dir = tempfile::tempdir().unwrap();
    let o = render_shipped(
        dir.path(),
        "self-check-sheet",
        "gongmao-major-hazards.yaml:机械,粉尘涉爆",
        "s.html",
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let h = html_of(&dir.path().join("s.html"));
    let spans = text(&h, "tr.label td[colspan=\"7\"]");
    assert_eq!(
        spans,
        [
            "管理类（第三条，所有工贸企业）",
            "机械企业（第七条）",
            "存在粉尘爆炸危险的工贸企业（第十一条）"
        ]
    );
    // Every other body row keeps its eight cells.
    let (tr, td) = (
        Selector::parse("tbody tr:not(.label)").unwrap(),
        Selector::parse("td").unwrap(),
    );
    assert!(h.select(&tr).all(|r| r.select(&td).count() == 8));
}
