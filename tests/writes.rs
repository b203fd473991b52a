//! Outputs never replace inputs and never land outside the output folder:
//! `--combined` naming an input or a letter, symlinks inside `out/`, symlinked
//! checklists, and letters or notices left by an earlier run.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

mod common;
use common::{qingdan, root, stderr};

/// The shipped checklists, the example event and the example roster.
fn setup() -> tempfile::TempDir {
    common::letters_dir(
        &std::fs::read_to_string(root().join("examples/letters/roster.csv")).unwrap(),
    )
}

fn letters(dir: &Path, roster: &str, extra: &[&str]) -> std::process::Output {
    common::letters_with(dir, roster, extra)
}

#[test]
fn combined_never_replaces_an_input_or_a_letter() {
    let dir = setup();
    let d = dir.path();
    let roster = std::fs::read(d.join("roster.csv")).unwrap();
    let o = letters(
        d,
        "roster.csv",
        &["--format", "pdf", "--combined", "roster.csv"],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("--combined roster.csv is the roster"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read(d.join("roster.csv")).unwrap(), roster);
    assert!(!d.join("out").exists(), "wrote letters");
    // The same file by another name.
    let o = letters(
        d,
        "roster.csv",
        &[
            "--format",
            "pdf",
            "--combined",
            "./checklists/../event.yaml",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("is the event file"), "{}", stderr(&o));
    let o = letters(
        d,
        "roster.csv",
        &[
            "--format",
            "pdf",
            "--combined",
            "checklists/gongmao-major-hazards.yaml",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("is a checklist"), "{}", stderr(&o));
    for f in [
        "out/index.csv",
        "out/../out/001-襄汾县堃鑫机械制造有限公司.pdf",
    ] {
        let o = letters(d, "roster.csv", &["--format", "pdf", "--combined", f]);
        assert_eq!(o.status.code(), Some(1), "{f}");
        assert!(
            stderr(&o).contains("is one of the files this run writes"),
            "{f}: {}",
            stderr(&o)
        );
    }
    assert!(!d.join("out").exists());
}

#[cfg(unix)]
#[test]
fn build_never_writes_or_deletes_through_a_symlink_in_out() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("checklists")).unwrap();
    std::fs::copy(
        root().join("tests/fixtures/valid/minimal.yaml"),
        d.join("checklists/minimal.yaml"),
    )
    .unwrap();
    let id = {
        let t = std::fs::read_to_string(d.join("checklists/minimal.yaml")).unwrap();
        t.lines()
            .find_map(|l| l.strip_prefix("id: "))
            .unwrap()
            .trim()
            .to_string()
    };
    let o = qingdan(d, &["build", "--format", "md"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // Someone replaces out/<id>/ with a link to a folder elsewhere.
    std::fs::create_dir(d.join("elsewhere")).unwrap();
    let out_id = d.join("out").join(&id);
    for e in std::fs::read_dir(&out_id).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), d.join("elsewhere").join(e.file_name())).unwrap();
    }
    std::fs::remove_dir_all(&out_id).unwrap();
    std::os::unix::fs::symlink(d.join("elsewhere"), &out_id).unwrap();
    let before: Vec<_> = std::fs::read_dir(d.join("elsewhere")).unwrap().collect();
    let o = qingdan(d, &["build", "--format", "md", "--force"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(&format!("{id} is a symlink")),
        "{}",
        stderr(&o)
    );
    // The checklist is removed: its outputs behind the link are kept.
    std::fs::remove_file(d.join("checklists/minimal.yaml")).unwrap();
    let o = qingdan(d, &["build", "--format", "md"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("is a symlink"), "{}", stderr(&o));
    let after: Vec<_> = std::fs::read_dir(d.join("elsewhere")).unwrap().collect();
    assert_eq!(before.len(), after.len());
    assert!(!before.is_empty());
}

#[cfg(unix)]
#[test]
fn symlinked_checklists_are_followed() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("checklists")).unwrap();
    std::os::unix::fs::symlink(
        root().join("tests/fixtures/valid/minimal.yaml"),
        d.join("checklists/minimal.yaml"),
    )
    .unwrap();
    let o = qingdan(d, &["validate", "checklists"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("1 file checked"), "{}", stderr(&o));
    let o = qingdan(d, &["build", "--format", "md"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("wrote"));
    // A link to itself is named, not skipped.
    std::os::unix::fs::symlink(d.join("checklists"), d.join("checklists/loop")).unwrap();
    let o = qingdan(d, &["validate", "checklists"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("loop"), "{}", stderr(&o));
}

#[test]
fn letters_of_an_earlier_run_are_removed() {
    let dir = setup();
    let d = dir.path();
    let o = letters(d, "roster.csv", &["--format", "md"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let count = |d: &Path| {
        std::fs::read_dir(d.join("out"))
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .ends_with(".md")
            })
            .count()
    };
    let n = count(d);
    assert!(n >= 2);
    std::fs::write(d.join("out/mine.md"), "my own notes").unwrap();
    let text = std::fs::read_to_string(d.join("roster.csv")).unwrap();
    let first_two: Vec<&str> = text.lines().take(2).collect();
    std::fs::write(d.join("one.csv"), first_two.join("\n") + "\n").unwrap();
    let o = letters(d, "one.csv", &["--format", "md"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("removed"), "{}", stderr(&o));
    // One letter and the user's own file.
    assert_eq!(count(d), 2);
    assert!(d.join("out/mine.md").exists());
}

#[test]
fn a_closed_standard_output_is_a_clean_exit() {
    // `qingdan list | head -0`: the reader is gone before qingdan writes.
    let minimal = root().join("tests/fixtures/valid/minimal.yaml");
    let cl = root().join("checklists");
    for args in [
        vec!["list", "--checklists", cl.to_str().unwrap()],
        vec![
            "render",
            "-t",
            "inspection-form",
            "-c",
            minimal.to_str().unwrap(),
            "-o",
            "-",
        ],
    ] {
        let mut child = common::command(&root())
            .args(&args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let o = child.wait_with_output().unwrap();
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {err}");
        assert!(
            !err.contains("panicked") && !err.contains("internal error"),
            "{err}"
        );
    }
}
