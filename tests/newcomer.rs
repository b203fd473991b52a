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
