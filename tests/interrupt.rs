//! `kill -9` in the middle of a run: no half-written output, and the next run
//! finishes the job. Outputs are written to a temporary file and renamed, so a
//! reader sees a whole file or none; leftover temporary files are removed by the
//! next run.

#![allow(clippy::unwrap_used, clippy::expect_used)]
#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect()
}

fn temps(dir: &Path) -> usize {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(".qingdan-"))
        .count()
}

/// A whole PDF starts with `%PDF-` and ends with `%%EOF`.
fn whole_pdf(p: &Path) -> bool {
    let b = std::fs::read(p).unwrap();
    let end = String::from_utf8_lossy(&b[b.len().saturating_sub(32)..])
        .trim_end()
        .to_string();
    b.starts_with(b"%PDF-") && end.ends_with("%%EOF")
}

/// Starts qingdan, waits until `ready` says enough was written, kills it with SIGKILL.
fn kill_midway(dir: &Path, args: &[&str], ready: impl Fn() -> bool) -> bool {
    let mut child = Command::new(env!("CARGO_BIN_EXE_qingdan"))
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while !ready() {
        if child.try_wait().unwrap().is_some() || start.elapsed() > Duration::from_secs(120) {
            return false;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
    true
}

#[test]
fn letters_killed_midway_leave_only_whole_files() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut roster = String::from("名称,行业\n");
    for i in 0..120 {
        roster.push_str(&format!("测试企业{i}有限公司,工贸\n"));
    }
    std::fs::write(d.join("roster.csv"), roster).unwrap();
    let ev = root().join("examples/letters/event.yaml");
    let cl = root().join("checklists");
    let args = [
        "letters",
        "--event",
        ev.to_str().unwrap(),
        "--roster",
        "roster.csv",
        "--checklists",
        cl.to_str().unwrap(),
        "--out",
        "out",
        "-q",
    ];
    let out = d.join("out");
    let killed = kill_midway(d, &args, || out.is_dir() && files(&out, "pdf").len() >= 10);
    assert!(killed, "the run ended before it could be interrupted");
    let done = files(&out, "pdf");
    assert!(done.len() < 120, "nothing was left to interrupt");
    for p in &done {
        assert!(whole_pdf(p), "{} is not a whole PDF", p.display());
    }
    assert!(!out.join("index.csv").exists(), "index.csv is written last");

    let o = Command::new(env!("CARGO_BIN_EXE_qingdan"))
        .args(args)
        .current_dir(d)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(files(&out, "pdf").len(), 120);
    assert_eq!(temps(&out), 0, "temporary files left behind");
}

#[test]
fn build_killed_midway_is_finished_by_the_next_build() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let cl = d.join("checklists");
    std::fs::create_dir(&cl).unwrap();
    let text =
        std::fs::read_to_string(root().join("checklists/gongmao-major-hazards.yaml")).unwrap();
    for i in 0..15 {
        let t = text.replace("id: gongmao-major-hazards", &format!("id: copy-{i:02}"));
        std::fs::write(cl.join(format!("copy-{i:02}.yaml")), t).unwrap();
    }
    let out = d.join("out");
    let killed = kill_midway(d, &["build", "-q"], || {
        out.is_dir() && files(&out, "pdf").len() >= 5
    });
    assert!(killed, "the build ended before it could be interrupted");
    for p in files(&out, "pdf") {
        assert!(whole_pdf(&p), "{} is not a whole PDF", p.display());
    }
    for p in files(&out, "html") {
        let t = std::fs::read_to_string(&p).unwrap();
        assert!(t.ends_with("</html>\n"), "{} is cut short", p.display());
    }
    // Whatever the manifest lists as written is on disk with that content.
    if let Ok(bytes) = std::fs::read(out.join("manifest.json")) {
        let m: qingdan::manifest::Manifest =
            serde_json::from_slice(&bytes).expect("manifest is whole JSON");
        let mut matching = 0;
        for (rel, e) in &m.outputs {
            if let Some(h) = qingdan::manifest::sha256_file(&out.join(rel)) {
                matching += usize::from(h == e.sha256);
            }
        }
        assert!(
            matching + 2 >= m.outputs.len(),
            "manifest and disk disagree on {} files",
            m.outputs.len() - matching
        );
    }
    let o = Command::new(env!("CARGO_BIN_EXE_qingdan"))
        .args(["build", "-q"])
        .current_dir(d)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let o = Command::new(env!("CARGO_BIN_EXE_qingdan"))
        .args(["build", "--check"])
        .current_dir(d)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    assert_eq!(temps(&out), 0, "temporary files left behind");
}
