//! "Every character prints": characters outside GB 2312 ∪ 通用规范汉字表 that
//! upstream Noto SC has (㎡, 龘) come out in the PDF as text, and a character no
//! font has stops the render.
//!
//! Needs `pdftotext` (poppler-utils): without it these tests fail, unless
//! `QINGDAN_SKIP_TOOLS=1` is set, in which case they are skipped with a message.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;

mod common;
use common::{qingdan, root, stderr};

fn pdftotext_available() -> bool {
    common::tools_available(&["pdftotext"])
}

/// The minimal valid checklist with `extra` inserted into its first item's text,
/// written as `name` into `dir`.
fn checklist_with(dir: &Path, name: &str, extra: &str) {
    let yaml = std::fs::read_to_string(root().join("tests/fixtures/valid/minimal.yaml")).unwrap();
    let needle = "统一协调、管理";
    assert!(yaml.contains(needle));
    let yaml = yaml.replacen(needle, &format!("统一协调{extra}、管理"), 1);
    std::fs::write(dir.join(name), yaml).unwrap();
}

fn render(dir: &Path, checklist: &str, pdf: &str) -> std::process::Output {
    qingdan(
        dir,
        &[
            "render",
            "-t",
            "inspection-form",
            "-c",
            checklist,
            "-o",
            pdf,
        ],
    )
}

#[test]
fn rare_characters_print_as_text() {
    if !pdftotext_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    checklist_with(dir.path(), "rare.yaml", "，面积100㎡，龘");
    let o = render(dir.path(), "rare.yaml", "rare.pdf");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = Command::new("pdftotext")
        .arg(dir.path().join("rare.pdf"))
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains('㎡'), "U+33A1 ㎡ missing: {text}");
    assert!(text.contains('龘'), "U+9F98 龘 missing: {text}");
}

#[test]
fn a_character_no_font_has_stops_the_render() {
    let dir = tempfile::tempdir().unwrap();
    checklist_with(dir.path(), "pua.yaml", "\u{E000}");
    let o = render(dir.path(), "pua.yaml", "pua.pdf");
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("U+E000"), "{err}");
    assert!(err.contains("is not in any font"), "{err}");
    // The offending line is shown under the place.
    assert!(err.contains("统一协调"), "{err}");
    assert!(!dir.path().join("pua.pdf").exists(), "no half-written file");
}

#[test]
fn a_character_no_font_has_is_located_by_file_line_column() {
    let dir = tempfile::tempdir().unwrap();
    checklist_with(dir.path(), "pua.yaml", "\u{E000}");
    let o = render(dir.path(), "pua.yaml", "pua.pdf");
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    // Line 16 of minimal.yaml is the first item's text; U+E000 is its 37th character.
    assert!(err.contains("pua.yaml:16:37"), "{err}");
}

#[test]
fn build_and_letters_stop_on_a_character_no_font_has_before_writing() {
    let dir = tempfile::tempdir().unwrap();
    let cl = dir.path().join("checklists");
    std::fs::create_dir_all(&cl).unwrap();
    checklist_with(&cl, "pua.yaml", "\u{E000}");
    let o = qingdan(dir.path(), &["build"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("pua.yaml:16:37: error: U+E000"), "{err}");
    assert!(!dir.path().join("out").exists(), "nothing written");
    // Markdown and HTML print no glyphs: they build.
    let o = qingdan(dir.path(), &["build", "--format", "md,html"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));

    // A roster name no font can print names its row and column.
    let dir = common::letters_dir("行业,名称\n工贸,甲\u{E000}公司\n");
    let o = common::letters_in(dir.path(), &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("roster.csv:2:2: error: row 2, column 名称: U+E000"),
        "{err}"
    );
    assert!(!dir.path().join("out").exists(), "nothing written");
}
