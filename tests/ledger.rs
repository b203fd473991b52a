//! `qingdan ledger`: counts on a fixture computed by hand, the overdue and
//! rectified boundaries, the join by 统一社会信用代码 and by name, missing
//! enterprises, invalid files, and the XLSX, CSV and PDF outputs.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;

use common::{qingdan, stderr, tools_available};
use serde_json::Value;

const USCC_JIA: &str = "91990100MAEDLU72NH";
const USCC_YI: &str = "91990100MARBC7A5YY"; // in no roster row: 乙 joins by name
const USCC_BING: &str = "91990100MA8HXY2DBY";
const USCC_DING: &str = "91990100MAR3Y17WKY";
const USCC_WU: &str = "91990100MAKFTR3PU4"; // 戊, not in the roster

const GONGMAO: [&str; 10] = [
    "gm-3-1", "gm-3-2", "gm-3-3", "gm-7-1", "gm-7-2", "gm-7-3", "gm-7-4", "gm-7-5", "gm-7-6",
    "gm-7-7",
];

/// A results file: every item `ok` except the hazards given as YAML mappings.
fn results(
    checklist: &str,
    ids: &[String],
    name: &str,
    uscc: &str,
    date: &str,
    hazards: &[(&str, &str)],
) -> String {
    let mut s = format!(
        "checklist: \"{checklist}\"\nentity:\n  name: {name}\n  uscc: \"{uscc}\"\ndate: {date}\nanswers:\n"
    );
    for id in ids {
        match hazards.iter().find(|(h, _)| h == id) {
            Some((_, body)) => {
                s.push_str(&format!(
                    "  {id}:\n    status: hazard\n    finding: 发现问题\n"
                ));
                for field in body.split(';').filter(|f| !f.is_empty()) {
                    s.push_str(&format!("    {}\n", field.trim()));
                }
            }
            None => s.push_str(&format!("  {id}: ok\n")),
        }
    }
    s
}

/// The fixture (as of 2025-04-30, by hand):
/// - 甲 (城关镇, 机械), joined by its code although its results give another
///   name: 4 major hazards — gm-3-1 deadline 04-29 (overdue), gm-3-2
///   deadline 04-30 (in progress: not overdue on the day), gm-7-1 rectified
///   04-30 (rectified, 1000 元), gm-7-2 deadline 04-20 rectified 05-02
///   (after the date: open and overdue);
/// - 乙 (东河镇, 机械), no code in the roster and another in its results,
///   joined by name: gm-3-3 deadline 05-31, 2000 元 (in progress);
/// - 丙 (城关镇, 冶金), the hot-work inspection: two general hazards, hw-1
///   rectified 04-20, hw-2 deadline 04-25 (overdue);
/// - 丁 (东河镇, 机械) has not reported;
/// - 戊, not in the roster: gm-3-1 rectified 04-20.
///
/// The closed loop (上报 → 整改 → 复查 → 销号): gm-3-1 of 甲 was found by
/// 执法检查 and is under supervision (县安委办, since 04-15); gm-7-1 of 甲
/// is reviewed on 05-03 (销号 from that day); hw-1 of 丙 was found by
/// 部门检查, supervised by 县应急局 since 04-16 and reviewed on 04-22 (销号);
/// 戊's gm-3-1 is rectified but never reviewed. As of 04-30: 1 销号, 2
/// awaiting review (gm-7-1, 戊's gm-3-1), 2 supervised of which 1 not 销号.
fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("roster.csv"),
        format!(
            "名称,行业,乡镇,统一社会信用代码,联系人,电话\n甲公司,机械,城关镇,{USCC_JIA},张三,0999-1\n乙公司,机械,东河镇,,李四,0999-2\n丙公司,冶金,城关镇,{USCC_BING},王五,0999-3\n丁公司,机械,东河镇,{USCC_DING},赵六,0999-4\n"
        ),
    )
    .unwrap();
    let r = d.join("results");
    std::fs::create_dir_all(r.join("sub")).unwrap();
    let gm: Vec<String> = GONGMAO.iter().map(|s| s.to_string()).collect();
    let hw: Vec<String> = (1..=13).map(|i| format!("hw-{i}")).collect();
    let g = "gongmao-major-hazards:机械";
    std::fs::write(
        r.join("a.yaml"),
        results(
            g,
            &gm,
            "甲公司（曾用名）",
            USCC_JIA,
            "2025-04-01",
            &[
                (
                    "gm-3-1",
                    "owner: 周一;deadline: 2025-04-29;source: 执法检查;supervised: {by: 县安委办, since: 2025-04-15}",
                ),
                ("gm-3-2", "deadline: 2025-04-30"),
                (
                    "gm-7-1",
                    "funds: 1000;deadline: 2025-04-30;rectified_on: 2025-04-30;reviewer: 孙复查;review_date: 2025-05-03",
                ),
                (
                    "gm-7-2",
                    "owner: 周二;deadline: 2025-04-20;rectified_on: 2025-05-02",
                ),
            ],
        ),
    )
    .unwrap();
    std::fs::write(
        r.join("sub/b.yaml"),
        results(
            g,
            &gm,
            "乙公司",
            USCC_YI,
            "2025-04-10",
            &[("gm-3-3", "funds: 2000;deadline: 2025-05-31")],
        ),
    )
    .unwrap();
    std::fs::write(
        r.join("c.yaml"),
        results(
            "hot-work-inspection-sample",
            &hw,
            "丙公司",
            USCC_BING,
            "2025-04-15",
            &[
                (
                    "hw-1",
                    "deadline: 2025-04-20;rectified_on: 2025-04-20;reviewer: 钱复查;review_date: 2025-04-22;source: 部门检查;supervised: {by: 县应急局, since: 2025-04-16}",
                ),
                ("hw-2", "deadline: 2025-04-25"),
            ],
        ),
    )
    .unwrap();
    std::fs::write(
        r.join("d.yaml"),
        results(
            g,
            &gm,
            "戊公司",
            USCC_WU,
            "2025-04-12",
            &[("gm-3-1", "deadline: 2025-04-30;rectified_on: 2025-04-20")],
        ),
    )
    .unwrap();
    dir
}

fn ledger_json(d: &Path, as_of: &str) -> Value {
    let o = ledger(d, &["--as-of", as_of, "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).unwrap()
}

fn group<'a>(list: &'a Value, key: &str, name: &str) -> &'a Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|g| g[key] == name)
        .unwrap_or_else(|| panic!("no {key} {name} in {list}"))
}

/// `qingdan ledger --results results --roster roster.csv EXTRA…` in `dir`.
fn ledger(dir: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["ledger", "--results", "results", "--roster", "roster.csv"];
    args.extend_from_slice(extra);
    qingdan(dir, &args)
}

#[test]
fn counts_match_the_hand_count() {
    let dir = fixture();
    let j = ledger_json(dir.path(), "2025-04-30");
    assert_eq!(j["as_of"], "2025-04-30");
    assert_eq!(j["enterprises"], 4);
    assert_eq!(j["submitted"], 3);
    assert_eq!(j["missing"], serde_json::json!(["丁公司"]));
    assert_eq!(j["outside_roster"], serde_json::json!(["戊公司"]));
    let h = &j["hazards"];
    let want = serde_json::json!({
        "total": 8, "major": 6, "general": 2, "rectified": 3, "open": 5, "overdue": 3,
        "major_open": 4, "major_overdue": 2, "funds": 3000.0,
        "closed": 1, "awaiting_review": 2, "supervised": 2, "supervised_open": 1
    });
    assert_eq!(h, &want);
    let t = &j["by_township"];
    let cg = group(t, "township", "城关镇");
    assert_eq!(
        (
            &cg["enterprises"],
            &cg["submitted"],
            &cg["hazards"],
            &cg["major"],
            &cg["open"],
            &cg["overdue"]
        ),
        (
            &2.into(),
            &2.into(),
            &6.into(),
            &4.into(),
            &4.into(),
            &3.into()
        )
    );
    let dh = group(t, "township", "东河镇");
    assert_eq!(
        (
            &dh["enterprises"],
            &dh["submitted"],
            &dh["missing"],
            &dh["hazards"],
            &dh["open"],
            &dh["overdue"]
        ),
        (
            &2.into(),
            &1.into(),
            &1.into(),
            &1.into(),
            &1.into(),
            &0.into()
        )
    );
    let out = group(t, "township", "(名册外)");
    assert_eq!(
        (&out["enterprises"], &out["submitted"], &out["hazards"]),
        (&0.into(), &1.into(), &1.into())
    );
    let i = &j["by_industry"];
    let jx = group(i, "industry", "机械");
    assert_eq!(
        (
            &jx["enterprises"],
            &jx["submitted"],
            &jx["hazards"],
            &jx["major"],
            &jx["open"],
            &jx["overdue"]
        ),
        (
            &3.into(),
            &2.into(),
            &5.into(),
            &5.into(),
            &4.into(),
            &2.into()
        )
    );
    let yj = group(i, "industry", "冶金");
    assert_eq!(
        (&yj["hazards"], &yj["major"], &yj["open"], &yj["overdue"]),
        (&2.into(), &0.into(), &1.into(), &1.into())
    );
    // Townships in roster order, (名册外) last.
    let names: Vec<&str> = t
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["township"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["城关镇", "东河镇", "(名册外)"]);
}

#[test]
fn boundaries_move_with_the_as_of_date() {
    let dir = fixture();
    // 05-01: gm-3-2 (deadline 04-30) is now overdue; gm-7-2 (rectified 05-02) still open.
    let h = ledger_json(dir.path(), "2025-05-01")["hazards"].clone();
    assert_eq!(
        (&h["rectified"], &h["open"], &h["overdue"]),
        (&3.into(), &5.into(), &4.into())
    );
    // 05-02: gm-7-2 is rectified on the day.
    let h = ledger_json(dir.path(), "2025-05-02")["hazards"].clone();
    assert_eq!(
        (&h["rectified"], &h["open"], &h["overdue"]),
        (&4.into(), &4.into(), &3.into())
    );
    // 04-05: only 甲's self-check (04-01) had been made; the others are not counted.
    let j = ledger_json(dir.path(), "2025-04-05");
    assert_eq!(j["submitted"], 1);
    assert_eq!(j["hazards"]["total"], 4);
    assert_eq!(
        j["hazards"]["rectified"], 0,
        "rectified 04-30 is after 04-05"
    );
    assert_eq!(j["files"]["later"].as_array().unwrap().len(), 3);
}

#[test]
fn a_rectification_after_the_date_is_a_warning_and_counts_as_open() {
    let dir = fixture();
    let o = ledger(dir.path(), &["--as-of", "2025-04-30", "-o", "l.csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("`rectified_on` 2025-05-02 of `gm-7-2` is after the report date 2025-04-30"),
        "{err}"
    );
    assert!(err.contains("戊公司") && err.contains("(名册外)"), "{err}");
    let csv = std::fs::read(dir.path().join("l.csv")).unwrap();
    assert!(csv.starts_with("\u{feff}乡镇,行业,单位,统一社会信用代码,".as_bytes()));
    let text = String::from_utf8(csv).unwrap();
    let rows: Vec<&str> = text.lines().skip(1).collect();
    assert_eq!(rows.len(), 8);
    // 甲 is joined by its code: the roster's name and township; 乙 by name.
    assert!(
        rows[0].starts_with(&format!("城关镇,机械,甲公司,{USCC_JIA},")),
        "{}",
        rows[0]
    );
    let gm72 = rows.iter().find(|r| r.contains("周二")).unwrap();
    assert!(gm72.contains(",逾期未整改,10,"), "{gm72}");
    assert!(rows.iter().any(|r| r.starts_with("东河镇,机械,乙公司,")));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(stdout.contains("3 of 4 enterprises reported (1 missing, 1 outside the roster); 8 hazards (6 major): 3 rectified, 5 open, 3 overdue"), "{stdout}");
}

#[test]
fn an_invalid_file_stops_it_unless_skipped() {
    let dir = fixture();
    let d = dir.path();
    std::fs::write(d.join("results/e.yaml"), "checklist: gongmao-major-hazards:机械\nentity: {name: 坏公司, uscc: \"91990100MAEDLU72NX\"}\ndate: 2025-04-01\nanswers: {}\n").unwrap();
    let args = [
        "ledger",
        "--results",
        "results",
        "--roster",
        "roster.csv",
        "--as-of",
        "2025-04-30",
        "-o",
        "l.xlsx",
    ];
    let o = qingdan(d, &args);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("results/e.yaml:2:"), "{err}");
    assert!(err.contains("nothing was written"), "{err}");
    assert!(!d.join("l.xlsx").exists());
    let mut skip = args.to_vec();
    skip.push("--skip-invalid");
    let o = qingdan(d, &skip);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("1 invalid results file left out"),
        "{}",
        stderr(&o)
    );
    assert!(d.join("l.xlsx").exists());
}

#[test]
fn the_workbook_has_a_frozen_bold_header_filters_and_three_sheets() {
    use calamine::{Data, Reader, Xlsx};
    use std::io::Read;
    let dir = fixture();
    let d = dir.path();
    let o = ledger(d, &["--as-of", "2025-04-30", "-o", "台账.xlsx"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let path = d.join("台账.xlsx");
    let mut wb: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    assert_eq!(wb.sheet_names(), ["隐患台账", "汇总", "未上报"]);
    let ledger = wb.worksheet_range("隐患台账").unwrap();
    assert_eq!(ledger.height(), 9);
    assert_eq!(ledger.get((0, 0)), Some(&Data::String("乡镇".into())));
    assert_eq!(ledger.get((0, 14)), Some(&Data::String("逾期天数".into())));
    let missing = wb.worksheet_range("未上报").unwrap();
    assert_eq!(missing.get((1, 2)), Some(&Data::String("丁公司".into())));
    // Frozen header, filters, bold header style: in the sheet's XML.
    let mut z = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
    let mut sheet = String::new();
    z.by_name("xl/worksheets/sheet1.xml")
        .unwrap()
        .read_to_string(&mut sheet)
        .unwrap();
    assert!(
        sheet.contains("ySplit=\"1\"") && sheet.contains("state=\"frozen\""),
        "{sheet}"
    );
    assert!(sheet.contains("<autoFilter ref=\"A1:V9\""), "{sheet}");
    let mut styles = String::new();
    z.by_name("xl/styles.xml")
        .unwrap()
        .read_to_string(&mut styles)
        .unwrap();
    assert!(styles.contains("<b/>"), "{styles}");
    assert!(styles.contains("FFF4CCCC"), "overdue rows shaded: {styles}");
}

#[test]
fn the_summary_pdf_has_its_figures_charts_and_lists() {
    if !tools_available(&["pdftotext"]) {
        return;
    }
    let dir = fixture();
    let d = dir.path();
    let o = ledger(
        d,
        &[
            "--as-of",
            "2025-04-30",
            "-o",
            "s.pdf",
            "--format",
            "pdf,html",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let t = std::process::Command::new("pdftotext")
        .args(["-layout", "s.pdf", "-"])
        .current_dir(d)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&t.stdout);
    for want in [
        "事故隐患排查治理情况汇总",
        "截至日期：2025年4月30日",
        "各乡镇隐患整改情况（项）",
        "各行业隐患整改情况（项）",
        "重大事故隐患未整改数变化（项）",
        "挂牌督办未销号的隐患",
        "县安委办",
        "逾期未整改",
        "周二",
        "丁公司",
    ] {
        assert!(text.contains(want), "{want} in {text}");
    }
    let html = std::fs::read_to_string(d.join("s.html")).unwrap();
    assert_eq!(html.matches("<svg").count(), 3);
    assert!(html.contains(">城关镇</text>"));
    assert!(!html.contains("```"));
}

#[test]
fn an_output_or_json_is_required_and_as_of_is_a_date() {
    let dir = fixture();
    let o = qingdan(
        dir.path(),
        &["ledger", "--results", "results", "--roster", "roster.csv"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let o = ledger(dir.path(), &["--as-of", "2025-13-01", "--json"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

/// `--due-within DAYS`: open hazards due from the as-of day to the DAYS-th day
/// after, soonest first; overdue and rectified ones are not listed.
#[test]
fn due_within_lists_open_hazards_up_to_the_last_day_included() {
    let dir = fixture();
    let d = dir.path();
    let due = |days: &str| -> Vec<String> {
        let o = ledger(
            d,
            &["--as-of", "2025-04-30", "--json", "--due-within", days],
        );
        assert!(o.status.success(), "{}", stderr(&o));
        // The JSON alone on standard output; the list on standard error.
        let _: Value = serde_json::from_slice(&o.stdout).unwrap();
        stderr(&o)
            .lines()
            .filter(|l| l.starts_with("due within") || l.starts_with("  2025-"))
            .map(|l| l.split("  ").nth(1).unwrap_or(l).to_string())
            .collect()
    };
    // gm-3-2 is due on the as-of day itself; gm-3-3 on 05-31, 31 days on.
    assert_eq!(
        due("0"),
        [
            "due within 0 days of 2025-04-30: 1 open hazard",
            "2025-04-30"
        ]
    );
    assert_eq!(
        due("30"),
        [
            "due within 30 days of 2025-04-30: 1 open hazard",
            "2025-04-30"
        ]
    );
    assert_eq!(
        due("31"),
        [
            "due within 31 days of 2025-04-30: 2 open hazards",
            "2025-04-30",
            "2025-05-31"
        ]
    );
    let o = ledger(
        d,
        &["--as-of", "2025-04-30", "--json", "--due-within", "-1"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

/// 销号 counts from the review date, not a day before; a rectification not
/// reviewed waits (已整改待复查); 挂牌督办 stays open until 销号.
#[test]
fn a_hazard_is_closed_on_its_review_date_and_not_a_day_before() {
    let dir = fixture();
    let d = dir.path();
    let loop_counts = |as_of: &str| {
        let h = ledger_json(d, as_of)["hazards"].clone();
        (
            h["closed"].as_u64().unwrap(),
            h["awaiting_review"].as_u64().unwrap(),
            h["supervised"].as_u64().unwrap(),
            h["supervised_open"].as_u64().unwrap(),
        )
    };
    // 04-21: hw-1 rectified (04-20), its review (04-22) still to come.
    assert_eq!(loop_counts("2025-04-21"), (0, 2, 2, 2));
    assert_eq!(loop_counts("2025-04-22"), (1, 1, 2, 1));
    assert_eq!(loop_counts("2025-04-30"), (1, 2, 2, 1));
    // gm-7-2 is rectified on 05-02, gm-7-1 reviewed on 05-03.
    assert_eq!(loop_counts("2025-05-02"), (1, 3, 2, 1));
    assert_eq!(loop_counts("2025-05-03"), (2, 2, 2, 1));
    let j = ledger_json(d, "2025-04-30");
    let cg = group(&j["by_township"], "township", "城关镇");
    assert_eq!(
        (
            &cg["closed"],
            &cg["awaiting_review"],
            &cg["supervised_open"]
        ),
        (&1.into(), &1.into(), &1.into())
    );
    let sources: Vec<(String, u64, u64, u64)> = j["by_source"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["source"].as_str().unwrap().to_string(),
                g["hazards"].as_u64().unwrap(),
                g["overdue"].as_u64().unwrap(),
                g["closed"].as_u64().unwrap(),
            )
        })
        .collect();
    // Supervised and not 销号: 甲's gm-3-1 only (丙's hw-1 is 销号).
    let sup = j["supervised_hazards"].as_array().unwrap();
    assert_eq!(sup.len(), 1, "{sup:?}");
    assert_eq!(
        (
            &sup[0]["name"],
            &sup[0]["item"],
            &sup[0]["by"],
            &sup[0]["since"],
            &sup[0]["state"]
        ),
        (
            &"甲公司".into(),
            &"gm-3-1".into(),
            &"县安委办".into(),
            &"2025-04-15".into(),
            &"overdue".into()
        )
    );
    assert_eq!(
        sources,
        [
            ("企业自查".to_string(), 0, 0, 0),
            ("部门检查".to_string(), 1, 0, 1),
            ("执法检查".to_string(), 1, 1, 0),
            ("(未注明)".to_string(), 6, 2, 0),
        ]
    );
}

/// The ledger's rows carry 隐患来源, 挂牌督办 and the 闭环状态.
#[test]
fn the_rows_show_source_supervision_and_the_loop_state() {
    let dir = fixture();
    let d = dir.path();
    let o = ledger(d, &["--as-of", "2025-04-30", "-o", "l.csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(d.join("l.csv")).unwrap();
    let head = text.lines().next().unwrap();
    assert!(
        head.ends_with(",结果文件,隐患来源,挂牌督办,督办日期,复查人,复查日期,闭环状态"),
        "{head}"
    );
    let row = |needle: &str| -> String {
        text.lines()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("{needle} in {text}"))
            .to_string()
    };
    assert!(
        row("周一").ends_with(",执法检查,县安委办,2025-04-15,,,逾期"),
        "{}",
        row("周一")
    );
    assert!(
        row("钱复查").ends_with(",部门检查,县应急局,2025-04-16,钱复查,2025-04-22,已销号"),
        "{}",
        row("钱复查")
    );
    assert!(
        row("孙复查").ends_with(",,,,孙复查,2025-05-03,已整改待复查"),
        "{}",
        row("孙复查")
    );
    assert!(row("周二").ends_with(",未整改") || row("周二").ends_with(",逾期"));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        stdout.contains("1 closed (销号), 2 awaiting review, 1 supervised (挂牌督办) not closed"),
        "{stdout}"
    );
}

/// `source` is one of three values: a typo is an error at its place with a
/// did-you-mean, and the run writes nothing; a bad `supervised.since` too.
#[test]
fn source_and_supervision_are_checked_with_their_place() {
    let dir = fixture();
    let d = dir.path();
    let gm: Vec<String> = GONGMAO.iter().map(|s| s.to_string()).collect();
    let bad = results(
        "gongmao-major-hazards:机械",
        &gm,
        "丁公司",
        USCC_DING,
        "2025-04-10",
        &[("gm-3-1", "deadline: 2025-05-31;source: 企业检查")],
    );
    let line = bad.lines().position(|l| l.contains("source:")).unwrap() + 1;
    std::fs::write(d.join("results/e.yaml"), &bad).unwrap();
    let o = ledger(d, &["--as-of", "2025-04-30", "-o", "l.xlsx"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains(&format!(
            "results/e.yaml:{line}:13: error: answers.gm-3-1.source: unknown variant `企业检查`"
        )),
        "{err}"
    );
    assert!(err.contains("did you mean `企业自查`?"), "{err}");
    assert!(!d.join("l.xlsx").exists());

    // The same file with a valid source counts under it.
    std::fs::write(
        d.join("results/e.yaml"),
        bad.replace("source: 企业检查", "source: 企业自查"),
    )
    .unwrap();
    let j = ledger_json(d, "2025-04-30");
    assert_eq!(j["submitted"], 4);
    assert_eq!(j["by_source"][0]["source"], "企业自查");
    assert_eq!(j["by_source"][0]["hazards"], 1);

    // A supervision needs a real date.
    let since = bad.replace(
        "source: 企业检查",
        "supervised: {by: 县安委办, since: 2025-02-30}",
    );
    let line = since
        .lines()
        .position(|l| l.contains("supervised:"))
        .unwrap()
        + 1;
    std::fs::write(d.join("results/e.yaml"), since).unwrap();
    let o = ledger(d, &["--as-of", "2025-04-30", "--json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains(&format!("results/e.yaml:{line}:"))
            && err.contains("`2025-02-30` is not a date"),
        "{err}"
    );
}

/// The open-major chart counts, at weekly points up to the as-of date, the
/// major hazards reported by then and not rectified by then (by hand: see the
/// fixture).
#[test]
fn the_open_major_chart_counts_by_hand() {
    let dir = fixture();
    let d = dir.path();
    let o = ledger(d, &["--as-of", "2025-04-30", "-o", "s.md"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let md = std::fs::read_to_string(d.join("s.md")).unwrap();
    let chart = md
        .split("```chart\n")
        .map(|b| b.split("\n```").next().unwrap())
        .find(|b| b.contains("重大事故隐患未整改数变化"))
        .unwrap_or_else(|| panic!("no over-time chart in {md}"));
    let c: Value = serde_json::from_str(chart).unwrap();
    let rows: Vec<(String, f64, f64)> = c["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["label"].as_str().unwrap().to_string(),
                r["values"][0].as_f64().unwrap(),
                r["values"][1].as_f64().unwrap(),
            )
        })
        .collect();
    // (date, open not overdue, overdue): 甲's four from 04-01; 乙 and 戊 from
    // 04-10 and 04-12; 戊 rectified 04-20; gm-7-2 overdue after 04-20,
    // gm-3-1 after 04-29; gm-7-1 rectified 04-30.
    let want = [
        ("2025-04-02", 4.0, 0.0),
        ("2025-04-09", 4.0, 0.0),
        ("2025-04-16", 6.0, 0.0),
        ("2025-04-23", 4.0, 1.0),
        ("2025-04-30", 2.0, 2.0),
    ];
    let want: Vec<(String, f64, f64)> = want
        .iter()
        .map(|(d, a, b)| (d.to_string(), *a, *b))
        .collect();
    assert_eq!(rows, want);
}

/// `notices --template review-opinion`: one 整改复查意见书 per hazard reviewed
/// by the date, with its data and the signature lines, on one A4 page.
#[test]
fn review_opinions_are_written_per_reviewed_hazard() {
    if !tools_available(&["pdftotext"]) {
        return;
    }
    let dir = fixture();
    let d = dir.path();
    let notices = |file: &str, as_of: &str| {
        qingdan(
            d,
            &[
                "notices",
                "--results",
                file,
                "--as-of",
                as_of,
                "--template",
                "review-opinion",
                "--format",
                "pdf",
                "-o",
                "复查",
            ],
        )
    };
    // 丙's hw-1: rectified 04-20, reviewed 04-22 by 钱复查; hw-2 is open.
    let o = notices("results/c.yaml", "2025-04-30");
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(out.trim(), "wrote 复查/复查-01-hw-1.pdf", "{out}");
    let t = std::process::Command::new("pdftotext")
        .args(["复查/复查-01-hw-1.pdf", "-"])
        .current_dir(d)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&t.stdout);
    for want in [
        "整改复查意见书",
        "编号：20250415-F01",
        "单位",
        "丙公司",
        "整改措施",
        "整改完成情况",
        "2025年4月20日整改完成",
        "复查意见",
        "已完成整改，同意销号",
        "复查人",
        "钱复查",
        "复查日期",
        "2025年4月22日",
        "县应急局",
        "部门检查",
        "复查人（签字）：",
        "主要负责人（签字）：",
    ] {
        assert!(text.contains(want), "{want} in {text}");
    }
    assert_eq!(text.matches('\u{c}').count(), 1, "one page: {text}");

    // 甲's gm-7-1 is reviewed on 05-03: nothing before that day.
    let o = notices("results/a.yaml", "2025-05-02");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
    assert!(
        stderr(&o).contains("no hazard reviewed by 2025-05-02: 1 has a later review_date"),
        "{}",
        stderr(&o)
    );
    let o = notices("results/a.yaml", "2025-05-03");
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        String::from_utf8_lossy(&o.stdout).trim(),
        "wrote 复查/复查-01-gm-7-1.pdf"
    );
}

/// `--overdue-roster`: the roster rows of the enterprises with an overdue
/// hazard, which `letters --roster` takes as they are: one letter each.
#[test]
fn the_overdue_roster_feeds_letters_one_letter_per_overdue_enterprise() {
    let dir = fixture();
    let d = dir.path();
    std::fs::copy(
        common::root().join("examples/letters/event.yaml"),
        d.join("event.yaml"),
    )
    .unwrap();
    let o = ledger(
        d,
        &[
            "--as-of",
            "2025-04-30",
            "--json",
            "--overdue-roster",
            "督办.csv",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let _: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(
        stderr(&o).contains("wrote 督办.csv (2 enterprises with overdue hazards)"),
        "{}",
        stderr(&o)
    );
    // 甲 (gm-3-1, gm-7-2) and 丙 (hw-2) are overdue on 04-30; 乙 and 戊 are not.
    let roster = std::fs::read_to_string(d.join("督办.csv")).unwrap();
    assert_eq!(
        roster,
        format!(
            "\u{feff}名称,行业,地址,联系人,电话,统一社会信用代码,乡镇,专项\r\n甲公司,机械,,张三,0999-1,{USCC_JIA},城关镇,\r\n丙公司,冶金,,王五,0999-3,{USCC_BING},城关镇,\r\n"
        )
    );
    let o = common::letters_with(d, "督办.csv", &["--format", "md"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(!err.contains("warning"), "{err}");
    let index = std::fs::read_to_string(d.join("out/index.csv")).unwrap();
    let names: Vec<&str> = index
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(1).unwrap())
        .collect();
    assert_eq!(names, ["甲公司", "丙公司"]);
    assert!(d.join("out/001-甲公司.md").exists());
    assert!(d.join("out/002-丙公司.md").exists());

    // Only CSV.
    let o = ledger(
        d,
        &[
            "--as-of",
            "2025-04-30",
            "--json",
            "--overdue-roster",
            "督办.xlsx",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}
