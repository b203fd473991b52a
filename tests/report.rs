//! `qingdan report`, `qingdan notices` and results validation, driven through
//! the binary like tests/cli.rs: exit codes, messages, and the files written
//! (HTML parsed, CSV and XLSX read back).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

use scraper::{ElementRef, Html, Selector};

mod common;
use common::{qingdan, root, stderr};

const EXAMPLE: &str = "examples/results/gongmao-2025.yaml";
const AS_OF: &str = "2025-04-30";

/// What the example's counts must be, computed here from the YAML itself, not
/// through qingdan's model.
#[derive(Debug, Default)]
struct Expected {
    ok: usize,
    na: usize,
    hazards: usize,
    rectified: usize,
    overdue: usize,
    in_progress: usize,
    findings: Vec<String>,
    funds: f64,
}

fn expected(results: &Path, as_of: &str) -> Expected {
    let v: serde_norway::Value =
        serde_norway::from_str(&std::fs::read_to_string(results).unwrap()).unwrap();
    let mut e = Expected::default();
    for (_, a) in v["answers"].as_mapping().unwrap() {
        match a.as_str() {
            Some("ok") => e.ok += 1,
            Some("na") => e.na += 1,
            _ => {
                e.hazards += 1;
                e.findings.push(a["finding"].as_str().unwrap().to_string());
                e.funds += a.get("funds").and_then(|f| f.as_f64()).unwrap_or(0.0);
                let done = a
                    .get("rectified_on")
                    .and_then(|d| d.as_str())
                    .is_some_and(|d| d <= as_of);
                let late = a
                    .get("deadline")
                    .and_then(|d| d.as_str())
                    .is_some_and(|d| d < as_of);
                if done {
                    e.rectified += 1;
                } else if late {
                    e.overdue += 1;
                } else {
                    e.in_progress += 1;
                }
            }
        }
    }
    e
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn text(e: ElementRef<'_>) -> String {
    e.text().collect::<String>()
}

/// The rows (label → value) of the table that follows the heading `h2`.
fn table_after(html: &Html, heading: &str) -> HashMap<String, String> {
    let h2 = html
        .select(&sel("h2"))
        .find(|h| text(*h).contains(heading))
        .unwrap_or_else(|| panic!("no heading {heading}"));
    let table = h2
        .next_siblings()
        .filter_map(ElementRef::wrap)
        .find(|e| e.value().name() == "table")
        .unwrap();
    table
        .select(&sel("tbody tr"))
        .flat_map(|r| {
            // Two (item, value) pairs a row.
            let cells: Vec<String> = r.select(&sel("td")).map(text).collect();
            cells
                .chunks(2)
                .map(|p| (p[0].clone(), p.get(1).cloned().unwrap_or_default()))
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn html_report_counts_findings_and_one_dual_report_per_major_hazard() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.html");
    let o = qingdan(
        &root(),
        &[
            "report",
            "--results",
            EXAMPLE,
            "--as-of",
            AS_OF,
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let html = Html::parse_document(&std::fs::read_to_string(&out).unwrap());
    let e = expected(&root().join(EXAMPLE), AS_OF);
    assert_eq!((e.hazards, e.rectified, e.overdue), (2, 1, 1), "{e:?}");

    let summary = table_after(&html, "自查结果汇总");
    let n = |k: &str| summary[k].clone();
    assert_eq!(n("检查项目"), (e.ok + e.na + e.hazards).to_string());
    assert_eq!(n("检查项目"), "20");
    assert_eq!(n("符合"), e.ok.to_string());
    assert_eq!(n("不涉及"), e.na.to_string());
    assert_eq!(n("发现隐患"), e.hazards.to_string());
    // Every item of the 工贸 checklist is major.
    assert_eq!(n("其中：重大事故隐患"), e.hazards.to_string());
    assert_eq!(n("其中：一般隐患"), "0");
    assert_eq!(n("已整改"), e.rectified.to_string());
    assert_eq!(n("整改中"), e.in_progress.to_string());
    assert_eq!(n("逾期未整改"), e.overdue.to_string());
    assert_eq!(n("整改资金"), format!("{}元", e.funds));

    let body = text(html.select(&sel("body")).next().unwrap());
    for f in &e.findings {
        // Once in the hazards table, once in the itemised table, once in the 双报告.
        assert_eq!(body.matches(f.as_str()).count(), 3, "{f}");
    }
    let dual: Vec<_> = html
        .select(&sel("h2"))
        .filter(|h| text(*h).contains("双报告"))
        .collect();
    assert_eq!(dual.len(), e.hazards, "one 双报告 per major hazard");
    for (i, h) in dual.iter().enumerate() {
        // Each starts on a new page.
        let before = h
            .prev_siblings()
            .filter_map(ElementRef::wrap)
            .next()
            .unwrap();
        assert_eq!(before.value().attr("class"), Some("pagebreak"), "{i}");
    }
    for want in [
        "负有安全生产监督管理职责的部门",
        "职工大会或者职工代表大会",
        "隐患的现状及其产生原因",
        "隐患的危害程度和整改难易程度分析",
        "治理方案",
        "逾期未整改，已超过整改时限15天",
        "已于2025年3月21日整改完成",
    ] {
        assert!(body.contains(want), "missing {want}");
    }
    assert_eq!(
        html.select(&sel("h3"))
            .filter(|h| text(*h).contains("治理方案"))
            .count(),
        2
    );
    let right: Vec<String> = html.select(&sel(".right")).map(text).collect();
    assert!(
        right
            .iter()
            .any(|r| r.contains("主要负责人（签字）") && r.contains("赵立新")),
        "{right:?}"
    );
}

#[test]
fn checked_in_example_report_is_up_to_date() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.md");
    let o = qingdan(
        &root(),
        &[
            "report",
            "--results",
            EXAMPLE,
            "--as-of",
            AS_OF,
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let fresh = std::fs::read_to_string(&out).unwrap();
    // A failure prints the diff; UPDATE_GOLDEN=1 accepts it after review.
    common::golden("examples/results/report.md", &fresh, "report");
}

const HEADER: [&str; 12] = [
    "序号",
    "检查项目",
    "检查内容",
    "检查依据",
    "隐患等级",
    "隐患描述",
    "整改措施",
    "责任人",
    "资金",
    "整改时限",
    "完成日期",
    "状态",
];

#[test]
fn csv_and_xlsx_have_one_row_per_hazard_with_the_documented_columns() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("hazards");
    let o = qingdan(
        &root(),
        &[
            "report",
            "--results",
            EXAMPLE,
            "--as-of",
            AS_OF,
            "-o",
            base.to_str().unwrap(),
            "--format",
            "csv,xlsx",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let e = expected(&root().join(EXAMPLE), AS_OF);

    let bytes = std::fs::read(dir.path().join("hazards.csv")).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "CSV starts with a BOM");
    let mut r = csv::Reader::from_reader(&bytes[3..]);
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, HEADER);
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), e.hazards);
    let findings: Vec<&str> = rows.iter().map(|r| &r[5]).collect();
    // Checklist order: gm-3-2 (management) before gm-11-3 (dust).
    assert_eq!(
        findings,
        e.findings.iter().map(String::as_str).collect::<Vec<_>>()
    );
    assert_eq!(&rows[0][0], "1");
    assert_eq!(&rows[0][1], "管理类（第三条，所有工贸企业）");
    assert_eq!(
        &rows[0][3],
        "《工贸企业重大事故隐患判定标准》第三条第（二）项"
    );
    assert_eq!(&rows[0][4], "重大");
    assert_eq!(&rows[0][7], "刘卫东");
    assert_eq!(&rows[0][8], "3600");
    assert_eq!(&rows[0][10], "2025-03-21");
    assert_eq!(&rows[0][11], "已整改");
    assert_eq!(&rows[1][1], "存在粉尘爆炸危险的工贸企业（第十一条）");
    assert_eq!(&rows[1][8], "85000");
    assert_eq!(&rows[1][9], "2025-04-15");
    assert_eq!(&rows[1][10], "");
    assert_eq!(&rows[1][11], "逾期未整改");

    use calamine::{Data, Reader, Xlsx};
    let path = dir.path().join("hazards.xlsx");
    let mut wb: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    assert_eq!(wb.sheet_names(), ["隐患清单"]);
    let range = wb.worksheet_range("隐患清单").unwrap();
    let grid: Vec<Vec<Data>> = range.rows().map(<[Data]>::to_vec).collect();
    assert_eq!(grid.len(), 1 + e.hazards);
    let head: Vec<String> = grid[0].iter().map(|c| c.to_string()).collect();
    assert_eq!(head, HEADER);
    for (row, csv_row) in grid[1..].iter().zip(&rows) {
        for (c, cell) in row.iter().enumerate() {
            let want = &csv_row[c];
            match cell {
                Data::Float(f) => assert_eq!(f.to_string(), *want, "column {c}"),
                Data::Empty => assert_eq!(want, "", "column {c}"),
                other => assert_eq!(other.to_string(), *want, "column {c}"),
            }
        }
    }
    assert_eq!(grid[2][8], Data::Float(85000.0), "资金 is a number");

    // Same inputs, same bytes.
    let again = dir.path().join("again.xlsx");
    let o = qingdan(
        &root(),
        &[
            "report",
            "--results",
            EXAMPLE,
            "--as-of",
            AS_OF,
            "-o",
            again.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        std::fs::read(&path).unwrap(),
        std::fs::read(&again).unwrap()
    );
}

#[test]
fn notices_one_per_owner_of_open_hazards() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("notices");
    let o = qingdan(
        &root(),
        &[
            "notices",
            "--results",
            EXAMPLE,
            "--as-of",
            AS_OF,
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    // 刘卫东's hazard was rectified by the report date: only 王建军 gets one.
    assert_eq!(names, ["01-王建军.html", "01-王建军.md", "01-王建军.pdf"]);
    let html = Html::parse_document(&std::fs::read_to_string(out.join("01-王建军.html")).unwrap());
    let body = text(html.select(&sel("body")).next().unwrap());
    assert!(body.contains("王建军："), "{body}");
    assert!(body.contains("干式除尘系统未采取泄爆"), "{body}");
    assert!(body.contains("2025年4月15日"), "{body}");
    assert!(body.contains("逾期15天"), "{body}");
    assert!(!body.contains("特种作业人员"), "rectified hazard listed");

    // As of the check date both are open, and both owners get a notice.
    let out = dir.path().join("early");
    let o = qingdan(
        &root(),
        &[
            "notices",
            "--results",
            EXAMPLE,
            "-o",
            out.to_str().unwrap(),
            "--format",
            "md",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("counted as not yet rectified"));
    assert!(out.join("01-刘卫东.md").is_file());
    assert!(out.join("02-王建军.md").is_file());
}

#[test]
fn owner_names_become_safe_file_names() {
    let dir = tempfile::tempdir().unwrap();
    let results = dir.path().join("r.yaml");
    let text = std::fs::read_to_string(root().join("tests/fixtures/results/warnings.yaml"))
        .unwrap()
        .replace(
            "owner: 设备科/吴某\n    deadline: 2025-06-30",
            "owner: ../../设备科\\吴某\n    deadline: 2025-06-30",
        );
    std::fs::write(&results, text).unwrap();
    let out = dir.path().join("n");
    let o = qingdan(
        &root(),
        &[
            "notices",
            "--results",
            results.to_str().unwrap(),
            "--as-of",
            "2025-05-31",
            "-o",
            out.to_str().unwrap(),
            "--format",
            "md",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["01-设备科_吴某.md"], "{names:?}");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        2,
        "wrote outside -o"
    );
}

#[test]
fn duties_results_give_a_duty_performance_report() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("duty.html");
    let o = qingdan(
        &root(),
        &[
            "report",
            "--results",
            "tests/fixtures/results/duties-law-21.yaml",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let html = Html::parse_document(&std::fs::read_to_string(&out).unwrap());
    let h1 = text(html.select(&sel("h1")).next().unwrap());
    assert_eq!(h1, "主要负责人履职情况报告");
    let summary = table_after(&html, "履职情况汇总");
    assert_eq!(summary["已履行"], "5");
    assert_eq!(summary["不涉及"], "1");
    assert_eq!(summary["未履行/履行不到位"], "1");
    assert_eq!(summary["整改中"], "1");
    let body = text(html.select(&sel("body")).next().unwrap());
    assert!(body.contains("现行计划为2023年版"));
    assert!(!body.contains("双报告"), "duties have no 双报告");
    let results: Vec<String> = html.select(&sel("td")).map(text).collect();
    assert!(results.iter().any(|t| t == "已履行"));
}

#[test]
fn warnings_do_not_stop_the_report_and_missing_five_are_flagged() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.html");
    let o = qingdan(
        &root(),
        &[
            "report",
            "--results",
            "tests/fixtures/results/warnings.yaml",
            "--as-of",
            "2025-05-31",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        err.contains("warnings.yaml:4:20: warning: the results were made with version 2019 of `gongmao-major-hazards`, the checklist is version 2023"),
        "{err}"
    );
    assert!(
        err.contains("warnings.yaml:21:3: warning: major hazard `gm-11-8` lacks 五落实 fields: 资金 `funds`, 预案 `plan`"),
        "{err}"
    );
    let html = Html::parse_document(&std::fs::read_to_string(&out).unwrap());
    let body = text(html.select(&sel("body")).next().unwrap());
    assert!(body.contains("五落实缺：资金、预案"), "{body}");
    assert!(body.contains("尚未落实：资金、预案"), "{body}");
    assert!(body.contains("1200.50元"), "{body}");
    let summary = table_after(&html, "自查结果汇总");
    assert_eq!(summary["已整改"], "1");
    assert_eq!(summary["整改中"], "1");
    assert_eq!(summary["逾期未整改"], "0");
}

/// The report (as `ext`) of the warnings fixture with one finding replaced by
/// `finding` (a YAML value); returns the report's text.
fn report_with_finding(finding: &str, ext: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let results = dir.path().join("r.yaml");
    let text_in = std::fs::read_to_string(root().join("tests/fixtures/results/warnings.yaml"))
        .unwrap()
        .replace(
            "finding: 砂光机连接的风管未设置火花探测消除装置。",
            &format!("finding: {finding}"),
        );
    std::fs::write(&results, text_in).unwrap();
    let out = dir.path().join(format!("r.{ext}"));
    let o = qingdan(
        &root(),
        &[
            "report",
            "--results",
            results.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    std::fs::read_to_string(&out).unwrap()
}

#[test]
fn markup_in_results_prints_as_text() {
    let raw = report_with_finding("\"<script>alert(1)</script> | *a* [x](y)\"", "html");
    assert!(!raw.contains("<script>alert"), "script injected");
    let html = Html::parse_document(&raw);
    let body = text(html.select(&sel("body")).next().unwrap());
    assert!(
        body.contains("<script>alert(1)</script> | *a* [x](y)"),
        "{body}"
    );
}

#[test]
fn allow_incomplete_turns_unanswered_into_a_warning() {
    let fixtures = root().join("tests/fixtures/invalid-results");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.md");
    let out_s = out.to_str().unwrap().to_string();
    let args = |extra: &[&'static str]| {
        let mut a: Vec<&str> = vec!["report", "--results", "unanswered.yaml", "-o", &out_s];
        a.extend_from_slice(extra);
        a
    };
    let o = qingdan(&fixtures, &args(&[]));
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(!out.exists());
    let o = qingdan(&fixtures, &args(&["--allow-incomplete"]));
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        err.contains(
            "unanswered.yaml:8:1: warning: 1 of 4 items of `fixture-hazards` not answered: `a-3`"
        ),
        "{err}"
    );
    let md = std::fs::read_to_string(&out).unwrap();
    assert!(md.contains("（另有 1 项未填写）"), "{md}");
    assert!(md.contains("| 未填写 |"), "{md}");
}

#[test]
fn bad_as_of_and_unknown_format_fail() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.md");
    let o = qingdan(
        &root(),
        &[
            "report",
            "--results",
            EXAMPLE,
            "--as-of",
            "2025-03-01",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("--as-of 2025-03-01 is before the self-check date 2025-03-12"),
        "{}",
        stderr(&o)
    );
    let o = qingdan(&root(), &["report", "--results", EXAMPLE, "-o", "r.odt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("cannot tell the format of r.odt"),
        "{}",
        stderr(&o)
    );
    assert!(!out.exists() && !root().join("r.odt").exists());
}

/// Each invalid results fixture: file stem, line, message fragment, hint fragment.
const INVALID: &[(&str, usize, &str, &str)] = &[
    (
        "answered-twice",
        13,
        "item `a-1` is answered twice",
        "one answer per item",
    ),
    (
        "bad-answer",
        9,
        "unknown variant `okay`",
        "did you mean `ok`?",
    ),
    ("bad-date", 6, "`2025-02-30` is not a date", "YYYY-MM-DD"),
    (
        "bad-deadline",
        15,
        "`2025-04-31` is not a date",
        "YYYY-MM-DD",
    ),
    (
        "deadline-before-check",
        16,
        "`deadline` 2025-03-01 of `a-1` is before the self-check date 2025-03-12",
        "check the year and month",
    ),
    (
        "group-answered",
        10,
        "`a-2` is a group of items and is not answered itself",
        "`a-2-1`, `a-2-2`",
    ),
    ("hazard-without-details", 9, "a hazard needs details", ""),
    (
        "funds-not-a-number",
        15,
        "answers.a-3.funds: invalid type: string \"8.5万\"",
        "plain number",
    ),
    (
        "missing-finding",
        10,
        "missing field `finding`",
        "add `finding:`",
    ),
    (
        "negative-funds",
        15,
        "`funds` of `a-3` must be an amount in 元",
        "85000",
    ),
    (
        "rectified-before-check",
        17,
        "`rectified_on` 2025-02-28 of `a-1` is before the self-check date 2025-03-12",
        "check the year and month",
    ),
    (
        "six-problems",
        13,
        "`answers.gas-4-4.finding` must be text, not a list",
        "did you mean `finding`?",
    ),
    (
        "unanswered",
        8,
        "1 of 4 items of `fixture-hazards` not answered: `a-3`",
        "--allow-incomplete",
    ),
    (
        "unknown-checklist",
        1,
        "no checklist with id `fixture-hazard` in checklists",
        "did you mean `fixture-hazards`?",
    ),
    (
        "unknown-field-hazard",
        12,
        "unknown field `onwer`",
        "did you mean `owner`?",
    ),
    (
        "unknown-field-top",
        7,
        "unknown field `inspector`",
        "did you mean `inspectors`?",
    ),
    (
        "unknown-item",
        12,
        "`fixture-hazards` has no item `a-22-1`",
        "did you mean `a-2-1`?",
    ),
    (
        "uscc-bad-char",
        4,
        "character 9 `O` is not allowed",
        "营业执照",
    ),
    (
        "uscc-check-digit",
        4,
        "check character should be `3`, got `4`",
        "mistyped",
    ),
    (
        "uscc-length",
        4,
        "must have 18 characters, `91350100M000100Y4` has 17",
        "营业执照",
    ),
];

#[test]
fn every_invalid_results_fixture_fails_with_place_and_hint() {
    let dir = root().join("tests/fixtures/invalid-results");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut listed: Vec<String> = INVALID.iter().map(|c| c.0.to_string()).collect();
    listed.sort();
    assert_eq!(
        names, listed,
        "every file in tests/fixtures/invalid-results needs an expectation"
    );
    for (name, line, fragment, hint) in INVALID {
        let file = format!("{name}.yaml");
        // `validate` finds the checklist in checklists/ of the working folder.
        let o = qingdan(&dir, &["validate", &file]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{name}: exit code\n{err}");
        let place = format!("{file}:{line}:");
        assert!(err.contains(&place), "{name}: expected `{place}` in\n{err}");
        assert!(
            err.contains(fragment),
            "{name}: expected `{fragment}` in\n{err}"
        );
        assert!(
            err.contains(hint),
            "{name}: expected hint `{hint}` in\n{err}"
        );
        assert!(
            err.contains(" | ") && err.contains('^'),
            "{name}: no source line with caret\n{err}"
        );
        assert!(!err.contains("panicked"), "{name}: panic\n{err}");

        // `report` refuses it too, and writes nothing.
        let out = tempfile::tempdir().unwrap();
        let target = out.path().join("r.html");
        let checklists = dir.join("checklists");
        let o = qingdan(
            &root(),
            &[
                "report",
                "--results",
                dir.join(&file).to_str().unwrap(),
                "--checklists",
                checklists.to_str().unwrap(),
                "-o",
                target.to_str().unwrap(),
            ],
        );
        assert_eq!(o.status.code(), Some(1), "{name}: report exit code");
        // (The checklists folder is named by its full path here.)
        let short = fragment.split(" in ").next().unwrap();
        assert!(stderr(&o).contains(short), "{name}: report message");
        assert!(!target.exists(), "{name}: report wrote a file");
    }
}

#[test]
fn validate_accepts_the_example_results() {
    let o = qingdan(&root(), &["validate", EXAMPLE]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        err.contains("1 file checked: 0 errors, 0 warnings"),
        "{err}"
    );
}

/// Needs pdftotext: fails without it unless QINGDAN_SKIP_TOOLS=1.
#[test]
fn pdf_report_text_has_the_counts_and_findings() {
    if !common::tools_available(&["pdftotext"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.pdf");
    let o = qingdan(
        &root(),
        &[
            "report",
            "--results",
            EXAMPLE,
            "--as-of",
            AS_OF,
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = |layout: bool| {
        let mut c = Command::new("pdftotext");
        if layout {
            c.arg("-layout");
        }
        let o = c.arg(&out).arg("-").output().unwrap();
        assert!(o.status.success());
        String::from_utf8(o.stdout).unwrap()
    };
    let e = expected(&root().join(EXAMPLE), AS_OF);
    let flat: String = text(false).chars().filter(|c| !c.is_whitespace()).collect();
    for f in &e.findings {
        let f: String = f.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(flat.contains(&f), "finding missing from the PDF text: {f}");
    }
    assert_eq!(
        flat.matches("重大事故隐患报告（双报告）").count(),
        e.hazards
    );
    let layout = text(true);
    // The summary has two (item, number) pairs a row: the number follows its label.
    let count = |label: &str| {
        layout
            .lines()
            .find_map(|l| {
                let words: Vec<&str> = l.split_whitespace().collect();
                words
                    .windows(2)
                    .find(|w| w[0] == label && w[1].chars().all(|c| c.is_ascii_digit()))
                    .map(|w| w[1].to_string())
            })
            .unwrap_or_else(|| panic!("no `{label}  N` in\n{layout}"))
    };
    assert_eq!(count("符合"), e.ok.to_string());
    assert_eq!(count("不涉及"), e.na.to_string());
    assert_eq!(count("发现隐患"), e.hazards.to_string());
    assert_eq!(count("已整改"), e.rectified.to_string());
    assert_eq!(count("逾期未整改"), e.overdue.to_string());
}

#[test]
fn csv_cells_that_look_like_formulas_stay_text() {
    let csv = report_with_finding("\"=cmd|' /C calc'!A0\"", "csv");
    assert!(csv.contains(",'=cmd|' /C calc'!A0,"), "{csv}");
    assert!(!csv.contains(",=cmd"), "{csv}");
}
