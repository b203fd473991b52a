//! Helpers shared by the integration tests, which all drive the `qingdan` binary.
#![allow(dead_code, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root (shipped checklists, examples, fixtures).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The binary, to run in `dir`, without the environment variables that change
/// its output (`SOURCE_DATE_EPOCH` sets PDF dates, `RUST_BACKTRACE` adds to panics).
pub fn command(dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_qingdan"));
    c.current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .env_remove("RUST_BACKTRACE");
    c
}

/// Runs `qingdan ARGS` in `dir`.
pub fn qingdan(dir: &Path, args: &[&str]) -> Output {
    command(dir).args(args).output().expect("run qingdan")
}

/// Standard error as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Copies a folder tree (e.g. `checklists/` with its `sources/`).
pub fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.expect("walk");
        let rel = e.path().strip_prefix(from).expect("prefix");
        let target = to.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(e.path(), &target).expect("copy");
        }
    }
}

/// True if every tool in `tools` runs. A missing tool fails the test, unless
/// `QINGDAN_SKIP_TOOLS=1` says to skip it (and then the skip is printed).
pub fn tools_available(tools: &[&str]) -> bool {
    let missing: Vec<&str> = tools
        .iter()
        .copied()
        .filter(|t| Command::new(t).arg("-v").output().is_err())
        .collect();
    if missing.is_empty() {
        return true;
    }
    assert!(
        std::env::var_os("QINGDAN_SKIP_TOOLS").is_some_and(|v| v == "1"),
        "{} missing: install poppler-utils and qpdf (.ci/run does), or set QINGDAN_SKIP_TOOLS=1 to skip",
        missing.join(", ")
    );
    eprintln!(
        "SKIPPED: {} missing and QINGDAN_SKIP_TOOLS=1",
        missing.join(", ")
    );
    false
}

/// A temp folder with the shipped checklists (and their sources), the example
/// event as `event.yaml` and `roster` (CSV text) as `roster.csv`.
pub fn letters_dir(roster: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&root().join("checklists"), &dir.path().join("checklists"));
    std::fs::copy(
        root().join("examples/letters/event.yaml"),
        dir.path().join("event.yaml"),
    )
    .expect("copy event");
    std::fs::write(dir.path().join("roster.csv"), roster).expect("write roster");
    dir
}

/// `qingdan letters --event event.yaml --roster roster.csv --out out EXTRA…` in `dir`.
pub fn letters_in(dir: &Path, extra: &[&str]) -> Output {
    letters_with(dir, "roster.csv", extra)
}

/// `qingdan letters --event event.yaml --roster ROSTER --out out EXTRA…` in `dir`.
pub fn letters_with(dir: &Path, roster: &str, extra: &[&str]) -> Output {
    let mut args = vec![
        "letters",
        "--event",
        "event.yaml",
        "--roster",
        roster,
        "--out",
        "out",
    ];
    args.extend_from_slice(extra);
    qingdan(dir, &args)
}

/// `qingdan render -t TEMPLATE -c checklists/CHECKLIST -o OUT` in `dir`, with the
/// shipped checklist `CHECKLIST` (a file name, optionally with `:PARTS`).
pub fn render_shipped(dir: &Path, template: &str, checklist: &str, out: &str) -> Output {
    let c = root().join("checklists").join(checklist);
    qingdan(
        dir,
        &[
            "render",
            "-t",
            template,
            "-c",
            &c.to_string_lossy(),
            "-o",
            out,
        ],
    )
}
