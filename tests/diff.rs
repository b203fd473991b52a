//! `qingdan diff` on files, folders and git revisions, driven through the binary.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

mod common;
use common::{git, qingdan};

fn minimal() -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/minimal.yaml"),
    )
    .unwrap()
}

#[test]
fn two_files_show_one_changed_item_and_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("old.yaml"), minimal()).unwrap();
    std::fs::write(
        dir.path().join("new.yaml"),
        minimal()
            .replace("上岗作业的", "上岗作业的（修订）")
            .replace("severity: major", "severity: general"),
    )
    .unwrap();
    let o = qingdan(dir.path(), &["diff", "old.yaml", "new.yaml"]);
    assert_eq!(o.status.code(), Some(0));
    let md = String::from_utf8(o.stdout).unwrap();
    assert!(
        md.contains("0 added, 0 removed, 2 changed; 2 → 2 items"),
        "{md}"
    );
    assert!(
        md.contains("| `gm-3-1` | severity | major | general |"),
        "{md}"
    );
    assert!(md.contains("| `gm-3-2` | text |"), "{md}");

    let o = qingdan(
        dir.path(),
        &["diff", "--json", "--exit-code", "old.yaml", "new.yaml"],
    );
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        v["checklists"][0]["changed"][1]["changes"][0]["field"],
        "text"
    );

    let o = qingdan(dir.path(), &["diff", "--exit-code", "old.yaml", "old.yaml"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        "No changes to checklist content.\n"
    );
}

#[test]
fn invalid_input_exits_1_with_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("old.yaml"), minimal()).unwrap();
    std::fs::write(
        dir.path().join("new.yaml"),
        minimal().replace("source: mem-10, clause: 第三条第（二）项", "source: nope"),
    )
    .unwrap();
    let o = qingdan(dir.path(), &["diff", "old.yaml", "new.yaml"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr)
        .contains("new.yaml:22:26: error: basis cites source `nope`"));
    // One path is a usage error.
    let o = qingdan(dir.path(), &["diff", "old.yaml"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn git_revisions_of_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git(d, &["init", "-q"]);
    std::fs::create_dir(d.join("checklists")).unwrap();
    std::fs::write(d.join("checklists/minimal.yaml"), minimal()).unwrap();
    git(d, &["add", "."]);
    git(d, &["commit", "-qm", "v1"]);
    let extra = "      - id: gm-3-3\n        text: 金属冶炼企业主要负责人、安全生产管理人员未按照规定经考核合格的\n        basis: { source: mem-10, clause: 第三条第（三）项 }\n";
    std::fs::write(d.join("checklists/minimal.yaml"), minimal() + extra).unwrap();
    let o = qingdan(d, &["diff", "--git", "HEAD..", "--exit-code"]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let md = String::from_utf8(o.stdout).unwrap();
    assert!(
        md.contains("1 added, 0 removed, 0 changed; 2 → 3 items"),
        "{md}"
    );
    assert!(
        md.contains("| `gm-3-3` | management | 金属冶炼企业"),
        "{md}"
    );
    git(d, &["commit", "-qam", "v2"]);
    let o = qingdan(d, &["diff", "--git", "HEAD~1..HEAD", "--json"]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["checklists"][0]["added"][0]["id"], "gm-3-3");
    let o = qingdan(d, &["diff", "--git", "nope..HEAD"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("git ls-tree"));
}
