//! The bad-input corpus: every kind of input qingdan reads, wrong in every way we
//! could think of. Each case must exit 1 (never 101, never a panic or backtrace),
//! name the file (and the line where there is one) and say what to do.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

mod common;
use common::{qingdan as run, root};

fn stem_files(dir: &str, ext: &str) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(root().join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .map(|p| {
            p.strip_prefix(root())
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    v.sort();
    v
}

/// Runs one case and checks the common promises; returns stderr.
fn check(name: &str, dir: &Path, args: &[&str], fragments: &[&str]) -> String {
    let o = run(dir, args);
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(1), "{name}: exit code\n{err}");
    assert!(
        !err.contains("panicked")
            && !err.contains("RUST_BACKTRACE")
            && !err.contains("stack backtrace"),
        "{name}: panic\n{err}"
    );
    assert!(
        !err.contains("internal error"),
        "{name}: internal error\n{err}"
    );
    for f in fragments {
        assert!(err.contains(f), "{name}: expected `{f}` in\n{err}");
    }
    err
}

#[test]
fn the_whole_bad_input_corpus_fails_cleanly() {
    let r = root();
    let rs = r.to_str().unwrap();
    let mut cases = 0;

    // Checklists and results: `validate` names file:line:col (their own tests check messages).
    for f in stem_files("tests/fixtures/invalid", "yaml")
        .iter()
        .chain(&stem_files("tests/fixtures/invalid-results", "yaml"))
    {
        let err = check(f, &r, &["validate", f], &[f.as_str(), "error:"]);
        // What to do: a hint, or a message that says it ("write a mapping …").
        assert!(
            err.contains("help:") || err.contains("hint:") || err.contains(": write "),
            "{f}: no hint\n{err}"
        );
        cases += 1;
    }

    // Events: the letters command stops before writing.
    let events: &[(&str, &str)] = &[
        ("bad-date", ":7:7: error: `2025-02-30` is not a date"),
        ("bad-doc-no", ":5:9: error: 发文字号"),
        (
            "deadline-before-date",
            ":34:13: error: self-check deadline 2025-03-01 is before",
        ),
        ("deaths-not-a-number", "write a whole number"),
        ("missing-accident-summary", "missing field `summary`"),
        ("no-requirements", "no `requirements`"),
        ("unknown-checklist", "did you mean `gongmao-major-hazards`?"),
        ("unknown-field", "did you mean `issuer`?"),
        (
            "unknown-format",
            ":45:9: error: format: unknown variant `letters`",
        ),
        ("unknown-section", "did you mean `dust-explosion`?"),
    ];
    let roster = format!("{rs}/examples/letters/roster.csv");
    let checklists = format!("{rs}/checklists");
    for (name, want) in events {
        let dir = tempfile::tempdir().unwrap();
        let ev = format!("tests/fixtures/invalid-events/{name}.yaml");
        let path = format!("{rs}/{ev}");
        check(
            name,
            dir.path(),
            &[
                "letters",
                "--event",
                &path,
                "--roster",
                &roster,
                "--checklists",
                &checklists,
                "--out",
                "out",
            ],
            &[want, "nothing was written"],
        );
        assert!(!dir.path().join("out").exists(), "{name}: wrote files");
        cases += 1;
    }

    // Rosters.
    let rosters: &[(&str, &str)] = &[
        (
            "bad-uscc.csv",
            "bad-uscc.csv:2:6: error: row 2, column 统一社会信用代码",
        ),
        (
            "duplicate-name.csv",
            "row 3, column 名称: `甲公司` is also in row 2",
        ),
        ("empty.csv", "roster is empty"),
        ("garbage.xlsx", "cannot open workbook"),
        ("missing-name-column.csv", "the roster has no `名称` column"),
        ("not-a-list.yaml", "a YAML roster is a list of recipients"),
        ("not-gb18030.csv", "neither UTF-8 nor GB18030"),
        (
            "unclosed-quote.csv",
            "unclosed-quote.csv:2:1: error: a quote (\") is opened and never closed",
        ),
        ("unknown-industry.csv", "industry `纺织业` has no checklist"),
    ];
    let event = format!("{rs}/examples/letters/event.yaml");
    for (name, want) in rosters {
        let dir = tempfile::tempdir().unwrap();
        let path = format!("{rs}/tests/fixtures/invalid-rosters/{name}");
        check(
            name,
            dir.path(),
            &[
                "letters",
                "--event",
                &event,
                "--roster",
                &path,
                "--checklists",
                &checklists,
                "--out",
                "out",
            ],
            &[want],
        );
        assert!(!dir.path().join("out").exists(), "{name}: wrote files");
        cases += 1;
    }

    // Templates: a syntax error, an unknown filter, an include outside the set,
    // and a loop whose output passes the 64 MiB cap.
    let minimal = format!("{rs}/tests/fixtures/valid/minimal.yaml");
    let templates: &[(&str, &str)] = &[
        ("invalid-templates", "inspection-form.md.tera"),
        ("invalid-templates2", "Filter 'no_such_filter' not found"),
        (
            "invalid-templates3",
            "Template '[../../../etc/passwd]' not found",
        ),
        ("invalid-templates4", "produced more than 64 MiB"),
    ];
    for (name, want) in templates {
        let dir = tempfile::tempdir().unwrap();
        let t = format!("{rs}/tests/fixtures/{name}");
        check(
            name,
            dir.path(),
            &[
                "render",
                "-t",
                "inspection-form",
                "-c",
                &minimal,
                "--templates",
                &t,
                "-o",
                "x.md",
            ],
            &["template", want],
        );
        assert!(!dir.path().join("x.md").exists());
        cases += 1;
    }

    // Front matter and layout: a template that emits the document as written.
    let docs: &[(&str, &str)] = &[
        ("bad-margins", "margins leave less than 40 mm"),
        ("bad-size", "font size `巨大` is not understood"),
        ("bad-width", "width `120%` is not understood"),
        ("missing-glyph", "U+20000 '𠀀' is not in any font"),
        ("unknown-font", "font `方正小标宋简体` is not available"),
        ("unknown-key", "unknown field `font_size`"),
    ];
    for (name, want) in docs {
        let dir = tempfile::tempdir().unwrap();
        let md = std::fs::read_to_string(r.join(format!("tests/fixtures/invalid-docs/{name}.md")))
            .unwrap();
        std::fs::create_dir(dir.path().join("t")).unwrap();
        std::fs::write(
            dir.path().join("t/inspection-form.md.tera"),
            format!("{{% raw %}}{md}{{% endraw %}}"),
        )
        .unwrap();
        check(
            name,
            dir.path(),
            &[
                "render",
                "-t",
                "inspection-form",
                "-c",
                &minimal,
                "--templates",
                "t",
                "-o",
                "x.pdf",
            ],
            &[want],
        );
        assert!(!dir.path().join("x.pdf").exists());
        cases += 1;
    }

    // Fonts: a file in --font-dir that is not a font.
    let dir = tempfile::tempdir().unwrap();
    let fonts = format!("{rs}/tests/fixtures/bad-fonts");
    check(
        "bad-font",
        dir.path(),
        &[
            "render",
            "-t",
            "inspection-form",
            "-c",
            &minimal,
            "--font-dir",
            &fonts,
            "-o",
            "x.pdf",
        ],
        &["broken.ttf", "malformed font"],
    );
    cases += 1;

    assert!(cases >= 60, "only {cases} cases");
    eprintln!("{cases} bad inputs, all rejected cleanly");
}
