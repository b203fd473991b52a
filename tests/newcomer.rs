//! A newcomer's path, from folders outside the repository: the built-in
//! catalogue (`list`, `render --checklist ID`, `letters`, results), overrides
//! by a folder's own checklists, and what `build` says without a folder.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Output;

mod common;
use common::{qingdan, root, stderr};

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn ok(o: &Output) {
    assert!(
        o.status.success(),
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        o.status.code(),
        stdout(o),
        stderr(o)
    );
}

fn empty() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

const SHIPPED: &[&str] = &[
    "chemical-major-hazards",
    "construction-major-hazards",
    "example-machinery-emergency-cards",
    "example-machinery-responsibilities",
    "fireworks-major-hazards",
    "gas-major-hazards",
    "gongmao-major-hazards",
    "hot-work-inspection-sample",
    "mines-major-hazards",
    "principal-duties-law-21",
    "principal-duties-shanxi-293",
];

#[test]
fn list_in_an_empty_folder_shows_the_built_in_catalogue() {
    let dir = empty();
    let o = qingdan(dir.path(), &["list"]);
    ok(&o);
    let out = stdout(&o);
    let rows: Vec<&str> = out.lines().skip(1).take_while(|l| !l.is_empty()).collect();
    let ids: Vec<&str> = rows
        .iter()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(ids, SHIPPED);
    for r in &rows {
        assert_eq!(r.split_whitespace().nth(1), Some("built-in"), "{r}");
    }
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
    let j = qingdan(dir.path(), &["list", "--json"]);
    ok(&j);
    let v: serde_json::Value = serde_json::from_slice(&j.stdout).unwrap();
    let first = &v["checklists"][0];
    assert_eq!(first["builtin"], true);
    assert_eq!(
        first["file"],
        "built-in:checklists/chemical-major-hazards.yaml"
    );
}

#[test]
fn render_by_id_with_parts_from_an_empty_folder() {
    let dir = empty();
    let o = qingdan(
        dir.path(),
        &[
            "render",
            "-t",
            "self-check-sheet",
            "-c",
            "gongmao-major-hazards:机械,粉尘涉爆",
            "-o",
            "sheet.md",
        ],
    );
    ok(&o);
    let md = std::fs::read_to_string(dir.path().join("sheet.md")).unwrap();
    assert!(md.contains("共 20 项"), "{md}");
    assert!(
        md.contains("本表包括：管理类（第三条，所有工贸企业）、机械企业（第七条）、存在粉尘爆炸危险的工贸企业（第十一条）。"),
        "{md}"
    );
    // The same bytes as rendering the shipped file by path.
    let by_file = root().join("checklists/gongmao-major-hazards.yaml:机械,粉尘涉爆");
    let o = qingdan(
        dir.path(),
        &[
            "render",
            "-t",
            "self-check-sheet",
            "-c",
            &by_file.to_string_lossy(),
            "-o",
            "by-file.md",
        ],
    );
    ok(&o);
    assert_eq!(
        std::fs::read(dir.path().join("by-file.md")).unwrap(),
        md.as_bytes()
    );
}

#[test]
fn render_a_misspelt_id_suggests_the_right_one_and_writes_nothing() {
    let dir = empty();
    let o = qingdan(
        dir.path(),
        &[
            "render",
            "-t",
            "inspection-form",
            "-c",
            "gongmao-major-hazard",
            "-o",
            "x.md",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("no checklist file or id `gongmao-major-hazard`"),
        "{err}"
    );
    assert!(
        err.contains("did you mean `gongmao-major-hazards`?"),
        "{err}"
    );
    assert!(!dir.path().join("x.md").exists());
    // A path that does not exist is still reported as a missing file.
    let o = qingdan(
        dir.path(),
        &[
            "render",
            "-t",
            "inspection-form",
            "-c",
            "nope/x.yaml",
            "-o",
            "x.md",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("nope/x.yaml"), "{}", stderr(&o));
}

/// A folder with `checklists/gas-major-hazards.yaml`: the shipped file, or it
/// with another title.
fn with_gas(changed: bool) -> tempfile::TempDir {
    let dir = empty();
    std::fs::create_dir(dir.path().join("checklists")).unwrap();
    let text = std::fs::read_to_string(root().join("checklists/gas-major-hazards.yaml")).unwrap();
    let text = if changed {
        text.replacen(
            "title: 城镇燃气经营安全重大隐患自查清单",
            "title: 本县城镇燃气经营安全重大隐患自查清单",
            1,
        )
    } else {
        text
    };
    std::fs::write(dir.path().join("checklists/gas-major-hazards.yaml"), text).unwrap();
    dir
}

#[test]
fn a_folder_checklist_overrides_the_built_in_one_with_a_note() {
    let dir = with_gas(true);
    let o = qingdan(dir.path(), &["list"]);
    ok(&o);
    let err = stderr(&o);
    assert!(
        err.contains(
            "note: checklists/gas-major-hazards.yaml overrides the built-in checklist `gas-major-hazards`"
        ),
        "{err}"
    );
    let out = stdout(&o);
    let gas = out
        .lines()
        .find(|l| l.starts_with("gas-major-hazards "))
        .unwrap();
    assert!(gas.contains(" override "), "{gas}");
    assert!(gas.contains("本县城镇燃气"), "{gas}");
    assert_eq!(out.lines().filter(|l| l.contains("城镇燃气")).count(), 1);

    let o = qingdan(
        dir.path(),
        &[
            "render",
            "-t",
            "inspection-form",
            "-c",
            "gas-major-hazards",
            "-o",
            "-",
        ],
    );
    ok(&o);
    assert!(stdout(&o).contains("本县城镇燃气"));
    assert!(
        stderr(&o).contains("overrides the built-in"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn an_identical_copy_of_a_built_in_is_no_override() {
    let dir = with_gas(false);
    let o = qingdan(dir.path(), &["list"]);
    ok(&o);
    assert!(!stderr(&o).contains("note:"), "{}", stderr(&o));
    let out = stdout(&o);
    let gas = out
        .lines()
        .find(|l| l.starts_with("gas-major-hazards "))
        .unwrap();
    assert!(gas.contains(" folder "), "{gas}");
}

#[test]
fn letters_from_a_folder_without_checklists() {
    let dir = empty();
    std::fs::copy(
        root().join("examples/letters/event.yaml"),
        dir.path().join("event.yaml"),
    )
    .unwrap();
    let roster = std::fs::read_to_string(root().join("examples/letters/roster.csv")).unwrap();
    let head: Vec<&str> = roster.lines().take(4).collect();
    std::fs::write(dir.path().join("roster.csv"), head.join("\n")).unwrap();
    let o = common::letters_in(dir.path(), &["--format", "md", "--quiet"]);
    ok(&o);
    let index = std::fs::read_to_string(dir.path().join("out/index.csv")).unwrap();
    assert!(
        index.contains("gongmao-major-hazards:机械,粉尘涉爆"),
        "{index}"
    );
    assert!(index.contains("gas-major-hazards"), "{index}");
    assert_eq!(index.lines().count(), 4, "{index}");
}

#[test]
fn results_find_a_built_in_checklist_from_any_folder() {
    let dir = empty();
    std::fs::copy(
        root().join("examples/results/gongmao-2025.yaml"),
        dir.path().join("r.yaml"),
    )
    .unwrap();
    let o = qingdan(dir.path(), &["validate", "r.yaml"]);
    ok(&o);
    assert!(
        stderr(&o).contains("1 file checked: 0 errors"),
        "{}",
        stderr(&o)
    );
    let o = qingdan(
        dir.path(),
        &[
            "report",
            "--results",
            "r.yaml",
            "--as-of",
            "2025-04-30",
            "-o",
            "report.md",
        ],
    );
    ok(&o);
    let expected = std::fs::read(root().join("examples/results/report.md")).unwrap();
    assert_eq!(
        std::fs::read(dir.path().join("report.md")).unwrap(),
        expected
    );
}

#[test]
fn validate_by_id_checks_the_built_in_checklist() {
    let dir = empty();
    let o = qingdan(
        dir.path(),
        &["validate", "gas-major-hazards", "mines-major-hazards"],
    );
    ok(&o);
    assert!(
        stderr(&o).contains("2 files checked: 0 errors, 0 warnings"),
        "{}",
        stderr(&o)
    );
    let o = qingdan(dir.path(), &["validate", "gas-major-hazard"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("gas-major-hazard"), "{}", stderr(&o));
}

#[test]
fn build_and_validate_without_a_checklists_folder_point_to_init() {
    let dir = empty();
    for args in [&["build"][..], &["validate"][..]] {
        let o = qingdan(dir.path(), args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        let err = stderr(&o);
        assert!(err.contains("no checklists folder here"), "{err}");
        assert!(err.contains("qingdan init"), "{err}");
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

/// The files of a folder (relative, sorted), with their bytes.
fn tree(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect();
    out.sort();
    out
}

#[test]
fn init_makes_a_folder_where_build_validate_letters_and_report_work() {
    let base = empty();
    let o = qingdan(base.path(), &["init", "demo"]);
    ok(&o);
    let d = base.path().join("demo");
    let files: Vec<String> = tree(&d).into_iter().map(|(p, _)| p).collect();
    for f in [
        ".gitignore",
        "qingdan.yaml",
        "checklists/README.md",
        "checklists/gongmao-major-hazards.yaml",
        "checklists/principal-duties-law-21.yaml",
        "checklists/hot-work-inspection-sample.yaml",
        "checklists/sources/gongmao.md",
        "templates/README.md",
        "letters/event.yaml",
        "letters/roster.csv",
        "letters/roster.xlsx",
        "results/gongmao-2025.yaml",
    ] {
        assert!(files.iter().any(|x| x == f), "{f} missing: {files:?}");
    }
    assert!(stdout(&o).contains("cd demo"), "{}", stdout(&o));
    // The example checklists are the built-in ones, word for word.
    assert_eq!(
        std::fs::read(d.join("checklists/gongmao-major-hazards.yaml")).unwrap(),
        std::fs::read(root().join("checklists/gongmao-major-hazards.yaml")).unwrap()
    );
    assert_eq!(
        std::fs::read_to_string(d.join(".gitignore")).unwrap(),
        "out/\n"
    );

    let o = qingdan(&d, &["validate"]);
    ok(&o);
    assert!(
        stderr(&o).contains("3 files checked: 0 errors, 0 warnings"),
        "{}",
        stderr(&o)
    );
    let o = qingdan(&d, &["validate", "results/gongmao-2025.yaml"]);
    ok(&o);

    let o = qingdan(&d, &["build"]);
    ok(&o);
    for f in [
        "out/index.html",
        "out/gongmao-major-hazards/self-check-sheet.pdf",
        "out/principal-duties-law-21/duty-commitment.html",
        "out/hot-work-inspection-sample/inspection-form.md",
        // `select:` in the scaffold's qingdan.yaml.
        "out/gongmao-major-hazards.machinery.dust-explosion/self-check-sheet.md",
    ] {
        assert!(d.join(f).is_file(), "{f}: {}", stdout(&o));
    }
    assert!(!stderr(&o).contains("note:"), "{}", stderr(&o));
    let o = qingdan(&d, &["build", "--check"]);
    ok(&o);

    // Letters from the event and either roster: the same recipients and sheets.
    let mut index = Vec::new();
    for roster in ["letters/roster.csv", "letters/roster.xlsx"] {
        let out = format!("out/{}", roster.replace(['/', '.'], "-"));
        let o = qingdan(
            &d,
            &[
                "letters",
                "--event",
                "letters/event.yaml",
                "--roster",
                roster,
                "--out",
                &out,
                "--format",
                "md",
            ],
        );
        ok(&o);
        index.push(std::fs::read_to_string(d.join(&out).join("index.csv")).unwrap());
    }
    assert_eq!(index[0], index[1]);
    assert_eq!(index[0].lines().count(), 5, "{}", index[0]);
    assert!(
        index[0].contains("gongmao-major-hazards:机械,粉尘涉爆"),
        "{}",
        index[0]
    );

    let o = qingdan(
        &d,
        &[
            "report",
            "--results",
            "results/gongmao-2025.yaml",
            "--as-of",
            "2025-04-30",
            "-o",
            "out/report.md",
        ],
    );
    ok(&o);
    assert_eq!(
        std::fs::read(d.join("out/report.md")).unwrap(),
        std::fs::read(root().join("examples/results/report.md")).unwrap()
    );
}

#[test]
fn init_in_the_working_folder_and_twice_the_same_bytes() {
    let (a, b) = (empty(), empty());
    ok(&qingdan(a.path(), &["init"]));
    ok(&qingdan(b.path(), &["init", "."]));
    assert_eq!(tree(a.path()), tree(b.path()));
}

#[test]
fn init_refuses_to_write_over_anything_and_writes_nothing() {
    let base = empty();
    let d = base.path().join("demo");
    std::fs::create_dir_all(d.join("checklists")).unwrap();
    std::fs::write(d.join("qingdan.yaml"), "out: build\n").unwrap();
    std::fs::write(d.join("checklists/mine.yaml"), "id: mine\n").unwrap();
    let o = qingdan(base.path(), &["init", "demo"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("qingdan.yaml"), "{err}");
    assert!(err.contains("checklists"), "{err}");
    assert!(err.contains("nothing was written"), "{err}");
    // Only what was there before.
    let files: Vec<String> = tree(&d).into_iter().map(|(p, _)| p).collect();
    assert_eq!(files, ["checklists/mine.yaml", "qingdan.yaml"]);
    assert_eq!(
        std::fs::read_to_string(d.join("qingdan.yaml")).unwrap(),
        "out: build\n"
    );
    // An empty folder is no obstacle.
    let e = base.path().join("fresh");
    std::fs::create_dir_all(e.join("checklists")).unwrap();
    ok(&qingdan(base.path(), &["init", "fresh"]));
}

/// Fills a results skeleton: the entity and date of the example, every answer `ok`.
fn fill_results(skeleton: &str) -> String {
    let mut out = String::new();
    for line in skeleton.lines() {
        let filled = match line.trim_start() {
            "name: \"\"" => "  name: 西安渭水示例机械制造有限公司".to_string(),
            "uscc: \"\"" => "  uscc: 91610131MA6U3K8E2J".to_string(),
            "date: \"\"" => "date: 2025-03-12".to_string(),
            "inspectors: []" => "inspectors: [孙晓梅]".to_string(),
            t if line.starts_with("  ") && !t.starts_with('#') && t.ends_with(':') => {
                format!("{line} ok")
            }
            _ => line.to_string(),
        };
        out.push_str(&filled);
        out.push('\n');
    }
    out
}

#[test]
fn new_results_lists_every_item_and_validates_once_filled() {
    let dir = empty();
    let d = dir.path();
    let o = qingdan(
        d,
        &[
            "new",
            "results",
            "--checklist",
            "gongmao-major-hazards:机械,粉尘涉爆",
        ],
    );
    ok(&o);
    let skeleton = stdout(&o);
    assert!(skeleton.contains("checklist: \"gongmao-major-hazards:机械,粉尘涉爆\""));
    assert!(skeleton.contains("checklist_version: \"2023\""));
    // 3 + 7 + 10 items, each with its text and basis in a comment above it.
    let ids: Vec<&str> = skeleton
        .lines()
        .filter(|l| l.starts_with("  gm-") && l.ends_with(':'))
        .collect();
    assert_eq!(ids.len(), 20, "{skeleton}");
    assert!(skeleton.contains(
        "  # 2. 特种作业人员未按照规定经专门的安全作业培训并取得相应资格，上岗作业的\n  #    重大 · 《工贸企业重大事故隐患判定标准》第三条第（二）项\n  gm-3-2:\n"
    ), "{skeleton}");
    // Unfilled: every empty field and every unanswered item at once.
    std::fs::write(d.join("r.yaml"), &skeleton).unwrap();
    let o = qingdan(d, &["validate", "r.yaml"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("`entity.name` is empty"), "{err}");
    assert!(err.contains("20 of 20 items"), "{err}");
    // Filled: valid, and a report comes out.
    std::fs::write(d.join("r.yaml"), fill_results(&skeleton)).unwrap();
    let o = qingdan(d, &["validate", "r.yaml"]);
    ok(&o);
    assert!(stderr(&o).contains("0 errors"), "{}", stderr(&o));
    let o = qingdan(d, &["report", "--results", "r.yaml", "-o", "report.md"]);
    ok(&o);
    // A duties checklist and a nested one (sub-items are answered, groups not).
    for id in [
        "principal-duties-law-21",
        "mines-major-hazards:尾矿库",
        "construction-major-hazards",
    ] {
        let o = qingdan(d, &["new", "results", "-c", id, "-o", "x.yaml", "--force"]);
        ok(&o);
        let s = std::fs::read_to_string(d.join("x.yaml")).unwrap();
        std::fs::write(d.join("x.yaml"), fill_results(&s)).unwrap();
        let o = qingdan(d, &["validate", "x.yaml"]);
        ok(&o);
    }
}

#[test]
fn new_never_writes_over_a_file_without_force() {
    let dir = empty();
    let d = dir.path();
    std::fs::write(d.join("r.yaml"), "mine\n").unwrap();
    let o = qingdan(
        d,
        &["new", "results", "-c", "gas-major-hazards", "-o", "r.yaml"],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("r.yaml already exists"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("--force"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(d.join("r.yaml")).unwrap(), "mine\n");
    let o = qingdan(
        d,
        &[
            "new",
            "results",
            "-c",
            "gas-major-hazards",
            "-o",
            "r.yaml",
            "--force",
        ],
    );
    ok(&o);
    assert!(std::fs::read_to_string(d.join("r.yaml"))
        .unwrap()
        .contains("gas-4-1:"));
    // A part the checklist lacks, or an unknown id: nothing written.
    for c in ["gongmao-major-hazards:造船", "gas-major-hazard"] {
        let o = qingdan(d, &["new", "results", "-c", c, "-o", "n.yaml"]);
        assert_eq!(o.status.code(), Some(1), "{c}");
        assert!(!d.join("n.yaml").exists(), "{c}");
    }
}

#[test]
fn new_roster_writes_the_header_as_csv_or_xlsx() {
    use calamine::{Reader, Xlsx};
    let dir = empty();
    let d = dir.path();
    let header = "名称,行业,地址,联系人,电话,统一社会信用代码,乡镇,专项";
    let o = qingdan(d, &["new", "roster"]);
    ok(&o);
    assert_eq!(stdout(&o), format!("\u{feff}{header}\r\n"));
    ok(&qingdan(d, &["new", "roster", "-o", "r.csv"]));
    assert_eq!(
        std::fs::read_to_string(d.join("r.csv")).unwrap(),
        format!("\u{feff}{header}\r\n")
    );
    ok(&qingdan(d, &["new", "roster", "-o", "r.xlsx"]));
    let mut wb: Xlsx<_> = calamine::open_workbook(d.join("r.xlsx")).unwrap();
    let range = wb.worksheet_range_at(0).unwrap().unwrap();
    let row: Vec<String> = range
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(row.join(","), header);
    let o = qingdan(d, &["new", "roster", "-o", "r.txt"]);
    assert_ne!(o.status.code(), Some(0));
    assert!(stderr(&o).contains(".csv or .xlsx"), "{}", stderr(&o));
    assert!(!d.join("r.txt").exists());
}

#[test]
fn new_event_maps_every_industry_and_gives_letters_once_filled() {
    let dir = empty();
    let d = dir.path();
    ok(&qingdan(d, &["new", "event", "-o", "event.yaml"]));
    let skeleton = std::fs::read_to_string(d.join("event.yaml")).unwrap();
    for line in [
        "    工贸: gongmao-major-hazards\n",
        "    城镇燃气: gas-major-hazards\n",
        "    乡镇: ~\n",
    ] {
        assert!(skeleton.contains(line), "{line}: {skeleton}");
    }
    std::fs::write(
        d.join("roster.csv"),
        "名称,行业\n甲示例有限公司,工贸\n乙镇人民政府,乡镇\n",
    )
    .unwrap();
    // Unfilled: the empty fields, all at once, and nothing written.
    let o = common::letters_in(d, &["--format", "md"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("`issuer` is empty"), "{}", stderr(&o));
    assert!(!d.join("out").exists());
    let filled = skeleton
        .replace("issuer: \"\"", "issuer: 示例县安全生产委员会办公室")
        .replace("doc_no: \"\"", "doc_no: 示安委办函〔2025〕{n}号")
        .replace(
            "title: \"\"",
            "title: 关于切实做好重大事故隐患自查自改工作的警示提醒函",
        )
        .replace("date: \"\"", "date: 2025-03-10")
        .replace("summary: \"\"", "summary: 某公司发生粉尘爆炸事故。")
        .replace("deadline: \"\"", "deadline: 2025-03-31")
        .replace("name: \"\"", "name: 王某某");
    std::fs::write(d.join("event.yaml"), filled).unwrap();
    let o = common::letters_in(d, &["--format", "md"]);
    ok(&o);
    let index = std::fs::read_to_string(d.join("out/index.csv")).unwrap();
    assert!(index.contains("甲示例有限公司"), "{index}");
    assert!(index.contains("gongmao-major-hazards"), "{index}");
}

#[test]
fn usage_errors_exit_2_before_reading_any_input() {
    let dir = empty();
    let d = dir.path();
    let results = root().join("examples/results/gongmao-2025.yaml");
    let results = results.to_str().unwrap();
    let cases: &[(&[&str], &str)] = &[
        (
            &["build", "--format", "odt"],
            "unknown format `odt`: use md, html, pdf or docx",
        ),
        (
            &[
                "letters", "--event", "e.yaml", "--roster", "r.csv", "--out", "o", "--format",
                "doc",
            ],
            "unknown format `doc`",
        ),
        (
            &[
                "render",
                "-t",
                "inspection-form",
                "-c",
                "gas-major-hazards",
                "-o",
                "x.odt",
            ],
            "cannot tell the format of x.odt: name it .md, .html, .pdf or .docx",
        ),
        (
            &["report", "--results", results, "-o", "x.odt"],
            "name it .md, .html, .pdf, .docx, .csv or .xlsx",
        ),
        (
            &[
                "report",
                "--results",
                results,
                "-o",
                "x",
                "--format",
                "pdf,doc",
            ],
            "unknown format `doc`: use md, html, pdf, docx, csv or xlsx",
        ),
        (&["schema", "roster"], "no schema named `roster`"),
        (&["new", "roster", "-o", "r.txt"], "name it .csv or .xlsx"),
        (&["diff", "--git", "main"], "--git takes REV1..REV2"),
    ];
    for (args, want) in cases {
        let o = qingdan(d, args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(want), "{args:?}: {}", stderr(&o));
    }
    // A malformed --as-of is the flag's fault, not the results file's.
    for cmd in ["report", "notices"] {
        let o = qingdan(
            d,
            &[
                cmd,
                "--results",
                results,
                "--as-of",
                "2025-4-31",
                "-o",
                "out.md",
            ],
        );
        assert_eq!(o.status.code(), Some(2), "{cmd}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(err.contains("--as-of `2025-4-31` is not a date"), "{err}");
        assert!(!err.contains("gongmao-2025.yaml"), "{err}");
    }
    assert_eq!(std::fs::read_dir(d).unwrap().count(), 0);
}

#[test]
fn templates_export_never_overwrites_without_force() {
    let dir = empty();
    let d = dir.path();
    ok(&qingdan(d, &["templates", "export", "templates"]));
    let form = d.join("templates/inspection-form.md.tera");
    std::fs::write(&form, "my form\n").unwrap();
    let o = qingdan(d, &["templates", "export", "templates"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("inspection-form.md.tera"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("--force"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&form).unwrap(), "my form\n");
    ok(&qingdan(
        d,
        &["templates", "export", "templates", "--force"],
    ));
    assert_ne!(std::fs::read_to_string(&form).unwrap(), "my form\n");
}

#[test]
fn templates_list_names_the_override_beside_the_checklists() {
    let dir = empty();
    let d = dir.path();
    std::fs::create_dir_all(d.join("checklists")).unwrap();
    std::fs::create_dir_all(d.join("templates")).unwrap();
    let src = qingdan(d, &["templates", "export", "all"]);
    ok(&src);
    std::fs::copy(
        d.join("all/inspection-form.md.tera"),
        d.join("templates/inspection-form.md.tera"),
    )
    .unwrap();
    let o = qingdan(d, &["templates", "list"]);
    ok(&o);
    let out = stdout(&o);
    let line = out
        .lines()
        .find(|l| l.starts_with("inspection-form "))
        .unwrap();
    assert!(
        line.ends_with("templates/inspection-form.md.tera"),
        "{line}"
    );
    let line = out
        .lines()
        .find(|l| l.starts_with("self-check-sheet "))
        .unwrap();
    assert!(line.ends_with("built-in"), "{line}");
}

#[test]
fn list_names_what_each_template_is_for_without_trailing_spaces() {
    let dir = empty();
    let o = qingdan(dir.path(), &["list"]);
    ok(&o);
    let out = stdout(&o);
    assert!(out.lines().all(|l| l == l.trim_end()), "{out:?}");
    for (name, used) in [
        ("inspection-form", "build: hazards, duties, inspection"),
        ("self-check-report", "qingdan report"),
        ("rectification-notice", "qingdan notices"),
        ("warning-letter", "qingdan letters"),
    ] {
        let line = out.lines().find(|l| l.starts_with(name)).unwrap();
        assert!(line.ends_with(used), "{line}");
    }
}

#[test]
fn validate_checklists_dir_finds_the_results_checklist_there() {
    let dir = empty();
    let d = dir.path();
    std::fs::create_dir_all(d.join("mine")).unwrap();
    let text = std::fs::read_to_string(root().join("checklists/gas-major-hazards.yaml"))
        .unwrap()
        .replace("id: gas-major-hazards", "id: my-gas");
    std::fs::write(d.join("mine/my-gas.yaml"), text).unwrap();
    let o = qingdan(
        d,
        &[
            "new",
            "results",
            "-c",
            "my-gas",
            "--checklists",
            "mine",
            "-o",
            "r.yaml",
        ],
    );
    ok(&o);
    let filled = fill_results(&std::fs::read_to_string(d.join("r.yaml")).unwrap());
    std::fs::write(d.join("r.yaml"), filled).unwrap();
    let o = qingdan(d, &["validate", "r.yaml"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("no checklist with id `my-gas`"),
        "{}",
        stderr(&o)
    );
    let o = qingdan(d, &["validate", "--checklists", "mine", "r.yaml"]);
    ok(&o);
    // And the folder is the default to check.
    let o = qingdan(d, &["validate", "--checklists", "mine"]);
    ok(&o);
    assert!(stderr(&o).contains("1 file checked"), "{}", stderr(&o));
}
