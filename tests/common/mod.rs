//! Helpers shared by the integration tests, which all drive the `qingdan` binary.
#![allow(dead_code, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root (shipped checklists, examples, fixtures).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The binary, to run in `dir`, without the environment variables that change
/// its output (`SOURCE_DATE_EPOCH` sets PDF dates, `RUST_BACKTRACE` adds to
/// panics, a Chinese locale the language of messages: the tests read English
/// unless they ask for `--lang zh`).
pub fn command(dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_qingdan"));
    c.current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .env_remove("RUST_BACKTRACE")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C.UTF-8");
    c
}

/// Runs `qingdan ARGS` in `dir`.
pub fn qingdan(dir: &Path, args: &[&str]) -> Output {
    command(dir).args(args).output().expect("run qingdan")
}

/// Runs `git ARGS` in `dir` with a fixed identity and no signing; fails the
/// test if git fails.
pub fn git(dir: &Path, args: &[&str]) {
    let st = Command::new("git")
        .args([
            "-c",
            "user.email=ci@example.invalid",
            "-c",
            "user.name=ci",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run git");
    assert!(
        st.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&st.stderr)
    );
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
        // LibreOffice has no `-v`; `--version` prints and exits.
        .filter(|t| {
            let flag = if *t == "soffice" { "--version" } else { "-v" };
            Command::new(t).arg(flag).output().is_err()
        })
        .collect();
    if missing.is_empty() {
        return true;
    }
    assert!(
        std::env::var_os("QINGDAN_SKIP_TOOLS").is_some_and(|v| v == "1"),
        "{} missing: install poppler-utils, qpdf and libreoffice-writer-nogui (.ci/run does), or set QINGDAN_SKIP_TOOLS=1 to skip",
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

/// True when this run should accept new golden files and reference images
/// (`UPDATE_GOLDEN=1`; `QINGDAN_UPDATE_REFERENCE=1` is the older name).
pub fn update_golden() -> bool {
    ["UPDATE_GOLDEN", "QINGDAN_UPDATE_REFERENCE"]
        .iter()
        .any(|k| std::env::var_os(k).is_some_and(|v| v == "1"))
}

/// Compares `fresh` with the committed golden file `rel` (relative to the
/// repository root). On a difference the test fails, printing the diff and how
/// to accept it after review; with `UPDATE_GOLDEN=1` the file is rewritten
/// instead, so the accepted change shows in the commit's diff.
pub fn golden(rel: &str, fresh: &str, test: &str) {
    let path = root().join(rel);
    let kept = std::fs::read_to_string(&path).unwrap_or_default();
    if kept == fresh {
        return;
    }
    if update_golden() {
        std::fs::write(&path, fresh).expect("write golden file");
        eprintln!("UPDATED: {rel} (review `git diff {rel}` and commit it)");
        return;
    }
    panic!(
        "{rel} differs from what the code makes now (- kept, + new):\n{}\n\
         If the change is intended, review it, then accept it with\n  \
         UPDATE_GOLDEN=1 cargo test --test {test}\n\
         and commit {rel}, so the review shows the change.",
        line_diff(&kept, fresh)
    );
}

/// A line diff of `a` and `b` (longest common subsequence), changed lines with
/// two lines of context, `…` between hunks.
pub fn line_diff(a: &str, b: &str) -> String {
    let (a, b): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    // lcs[i][j]: longest common subsequence of a[i..] and b[j..].
    let mut lcs = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut ops: Vec<(char, &str)> = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            ops.push((' ', a[i]));
            i += 1;
            j += 1;
        } else if i < a.len() && (j == b.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            ops.push(('-', a[i]));
            i += 1;
        } else {
            ops.push(('+', b[j]));
            j += 1;
        }
    }
    let near = |k: usize| {
        ops[k.saturating_sub(2)..(k + 3).min(ops.len())]
            .iter()
            .any(|(c, _)| *c != ' ')
    };
    let mut out = String::new();
    let mut skipped = false;
    for (k, (c, line)) in ops.iter().enumerate() {
        if near(k) {
            if skipped && !out.is_empty() {
                out.push_str("…\n");
            }
            skipped = false;
            out.push_str(&format!("{c} {line}\n"));
        } else {
            skipped = true;
        }
    }
    out
}
