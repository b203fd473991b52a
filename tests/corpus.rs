//! The bad-input corpus: every kind of input qingdan reads, wrong in every way we
//! could think of. Each case must exit 1 (never 101, never a panic or backtrace),
//! name the file (and the line where there is one) and say what to do.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

mod common;
use common::root;

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
    check_env(name, dir, &[], args, fragments)
}

/// [`check`] with environment variables set.
fn check_env(
    name: &str,
    dir: &Path,
    env: &[(&str, &str)],
    args: &[&str],
    fragments: &[&str],
) -> String {
    let o = common::command(dir)
        .envs(env.iter().copied())
        .args(args)
        .output()
        .unwrap();
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
        // Found by fuzzing (roster_xlsx): a cell reference that overflows
        // calamine's column arithmetic panicked inside calamine.
        (
            "column-overflow.xlsx",
            "the workbook is damaged (a cell reference is out of range)",
        ),
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

/// Writes a one-sheet XLSX by hand: `cells` are (ref, type, value) as in
/// `<c r= t=><v>` (type "" for a number), with the declared `<dimension>`.
fn xlsx(path: &Path, dimension: &str, cells: &[(&str, &str, &str)]) {
    use std::io::Write;
    let mut z = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let files = [
        ("[Content_Types].xml", r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.to_string()),
        ("_rels/.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_string()),
        ("xl/workbook.xml", r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_string()),
        ("xl/_rels/workbook.xml.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.to_string()),
        ("xl/worksheets/sheet1.xml", {
            let mut rows: Vec<(u32, String)> = Vec::new();
            for (r, t, v) in cells {
                let n: u32 = r.trim_start_matches(|c: char| c.is_ascii_alphabetic()).parse().unwrap();
                let t = if t.is_empty() { String::new() } else { format!(r#" t="{t}""#) };
                let v = if *t == *" t=\"inlineStr\"" { format!("<is><t>{v}</t></is>") } else { format!("<v>{v}</v>") };
                let c = format!(r#"<c r="{r}"{t}>{v}</c>"#);
                match rows.last_mut() {
                    Some((m, s)) if *m == n => s.push_str(&c),
                    _ => rows.push((n, c)),
                }
            }
            let body: String = rows.iter().map(|(n, c)| format!(r#"<row r="{n}">{c}</row>"#)).collect();
            format!(r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="{dimension}"/><sheetData>{body}</sheetData></worksheet>"#)
        }),
    ];
    for (name, text) in files {
        z.start_file(name, opts).unwrap();
        z.write_all(text.as_bytes()).unwrap();
    }
    z.finish().unwrap();
}

/// Sets every entry's declared unpacked size in a zip (local and central
/// headers) to `size`, as a zip bomb's headers may say.
fn declare_size(path: &Path, size: u32) {
    let mut b = std::fs::read(path).unwrap();
    for i in 0..b.len().saturating_sub(30) {
        if b[i..i + 4] == [0x50, 0x4b, 0x03, 0x04] {
            b[i + 22..i + 26].copy_from_slice(&size.to_le_bytes());
        } else if b[i..i + 4] == [0x50, 0x4b, 0x01, 0x02] {
            b[i + 24..i + 28].copy_from_slice(&size.to_le_bytes());
        }
    }
    std::fs::write(path, b).unwrap();
}

/// Inputs made here rather than committed: spreadsheets with far-away cells and
/// lying sizes, Excel error and logical cells, FIFOs, devices and folders where
/// files belong, YAML values that would print wrong.
#[test]
fn generated_hostile_inputs_fail_cleanly() {
    let r = root();
    let rs = r.to_str().unwrap();
    let cl = format!("{rs}/checklists");
    let event = format!("{rs}/examples/letters/event.yaml");
    let csv = format!("{rs}/examples/letters/roster.csv");
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut cases = 0;
    let letters = |ev: &str, roster: &str, fragments: &[&str], name: &str| {
        let out = d.join(format!("out-{name}"));
        check(
            name,
            d,
            &[
                "letters",
                "--event",
                ev,
                "--roster",
                roster,
                "--checklists",
                &cl,
                "--out",
                out.to_str().unwrap(),
                "--format",
                "md",
            ],
            fragments,
        );
        assert!(!out.exists(), "{name}: wrote files");
    };

    // Spreadsheets. One cell at XFD1048576 (rust_xlsxwriter declares A1:XFD1048576).
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "名称").unwrap();
    ws.write_string(0, 1, "行业").unwrap();
    ws.write_string(1048575, 16383, "x").unwrap();
    wb.save(d.join("far.xlsx")).unwrap();
    letters(
        &event,
        "far.xlsx",
        &["far.xlsx", "cell XFD1048576", "right of column 256"],
        "far",
    );
    cases += 1;
    // A huge declared dimension with one real row is read (nothing allocated for it).
    xlsx(
        &d.join("dim.xlsx"),
        "A1:XFD1048576",
        &[
            ("A1", "inlineStr", "名称"),
            ("B1", "inlineStr", "行业"),
            ("A2", "inlineStr", "甲公司"),
            ("B2", "b", "1"),
        ],
    );
    letters(
        &event,
        "dim.xlsx",
        &[
            "dim.xlsx",
            "row 2, column 2 (cell B2)",
            "logical value TRUE",
        ],
        "bool",
    );
    cases += 1;
    xlsx(
        &d.join("err.xlsx"),
        "A1:B2",
        &[
            ("A1", "inlineStr", "名称"),
            ("B1", "inlineStr", "行业"),
            ("A2", "e", "#N/A"),
            ("B2", "inlineStr", "工贸"),
        ],
    );
    letters(
        &event,
        "err.xlsx",
        &["err.xlsx", "cell A2", "Excel error #N/A"],
        "error",
    );
    cases += 1;
    xlsx(
        &d.join("bomb.xlsx"),
        "A1:B2",
        &[("A1", "inlineStr", "名称"), ("B1", "inlineStr", "行业")],
    );
    declare_size(&d.join("bomb.xlsx"), 0xF000_0000);
    letters(
        &event,
        "bomb.xlsx",
        &["bomb.xlsx", "declares", "more than 256 MiB are refused"],
        "bomb",
    );
    cases += 1;
    std::fs::write(d.join("old.xls"), b"not read").unwrap();
    letters(
        &event,
        "old.xls",
        &["old.xls", "save the roster as .xlsx"],
        "xls",
    );
    cases += 1;
    // Two columns for 名称: the later, empty, one used to blank the name.
    std::fs::write(
        d.join("twice.yaml"),
        "- 名称: 甲公司\n  行业: 工贸\n- 名称: 乙公司\n  name: ~\n  行业: 工贸\n",
    )
    .unwrap();
    letters(
        &event,
        "twice.yaml",
        &[
            "twice.yaml",
            "entry 2: `名称` and `name` both give the same field",
        ],
        "twice",
    );
    cases += 1;
    std::fs::write(d.join("twice.csv"), "名称,行业,单位名称\n甲公司,工贸,\n").unwrap();
    letters(
        &event,
        "twice.csv",
        &["columns `名称` and `单位名称` both give 名称"],
        "twice-csv",
    );
    cases += 1;
    std::fs::write(d.join("bool.yaml"), "- 名称: true\n  行业: 工贸\n").unwrap();
    letters(
        &event,
        "bool.yaml",
        &["bool.yaml", "entry 1, `名称`: the value is true/false"],
        "bool-yaml",
    );
    cases += 1;

    // Folders and devices where files belong.
    std::fs::create_dir(d.join("folder.csv")).unwrap();
    letters(
        &event,
        "folder.csv",
        &["folder.csv", "is a folder"],
        "folder",
    );
    cases += 1;
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("/dev/zero", d.join("zero.csv")).unwrap();
        letters(
            &event,
            "zero.csv",
            &["zero.csv", "not a regular file"],
            "zero",
        );
        cases += 1;
        let fifo = |name: &str| {
            let p = d.join(name);
            let ok = std::process::Command::new("mkfifo")
                .arg(&p)
                .status()
                .unwrap();
            assert!(ok.success());
            p.to_str().unwrap().to_string()
        };
        let f = fifo("fifo.csv");
        letters(
            &event,
            &f,
            &["fifo.csv", "not a regular file"],
            "fifo-roster",
        );
        let f = fifo("fifo.xlsx");
        letters(
            &event,
            &f,
            &["fifo.xlsx", "not a regular file"],
            "fifo-xlsx",
        );
        let f = fifo("fifo-event.yaml");
        letters(
            &f,
            &csv,
            &["fifo-event.yaml", "not a regular file"],
            "fifo-event",
        );
        let f = fifo("fifo-results.yaml");
        check(
            "fifo-results",
            d,
            &["validate", &f],
            &["fifo-results.yaml", "not a regular file"],
        );
        let f = fifo("fifo-config.yaml");
        check(
            "fifo-config",
            d,
            &["--config", &f, "list"],
            &["fifo-config.yaml", "not a regular file"],
        );
        std::fs::create_dir(d.join("t")).unwrap();
        fifo("t/inspection-form.md.tera");
        let minimal = format!("{rs}/tests/fixtures/valid/minimal.yaml");
        check(
            "fifo-template",
            d,
            &[
                "render",
                "-t",
                "inspection-form",
                "-c",
                &minimal,
                "--templates",
                "t",
                "-o",
                "x.md",
            ],
            &["inspection-form.md.tera", "not a regular file"],
        );
        std::fs::create_dir(d.join("fonts")).unwrap();
        fifo("fonts/pipe.ttf");
        check(
            "fifo-font",
            d,
            &[
                "render",
                "-t",
                "inspection-form",
                "-c",
                &minimal,
                "--font-dir",
                "fonts",
                "-o",
                "x.pdf",
            ],
            &["pipe.ttf", "not a regular file"],
        );
        let f = fifo("fifo-coverage.yaml");
        check(
            "fifo-coverage",
            d,
            &["fonts", &f],
            &["fifo-coverage.yaml", "not a regular file"],
        );
        // An attachment that is a FIFO.
        let ev = std::fs::read_to_string(&event).unwrap();
        fifo("pipe.md");
        std::fs::write(
            d.join("att-event.yaml"),
            format!("{ev}\nattachments:\n  - title: 附件\n    file: pipe.md\n"),
        )
        .unwrap();
        letters(
            "att-event.yaml",
            &csv,
            &["pipe.md", "not a regular file"],
            "fifo-attachment",
        );
        cases += 9;
    }
    // Values that would print wrong: a decimal version, `~` as text, 1e308 元.
    let minimal = std::fs::read_to_string(r.join("tests/fixtures/valid/minimal.yaml")).unwrap();
    std::fs::write(
        d.join("v.yaml"),
        minimal.replace("version: \"2023\"", "version: 1.10"),
    )
    .unwrap();
    check(
        "version",
        d,
        &["validate", "v.yaml"],
        &["v.yaml", "write it in quotes", "1.10"],
    );
    let first = minimal.find("        text: ").unwrap();
    let end = first + minimal[first..].find('\n').unwrap();
    std::fs::write(
        d.join("tilde.yaml"),
        format!("{}        text: ~{}", &minimal[..first], &minimal[end..]),
    )
    .unwrap();
    check(
        "tilde",
        d,
        &["validate", "tilde.yaml"],
        &["tilde.yaml:", "`sections[0].items[0].text` is `~`"],
    );
    let results = std::fs::read_to_string(r.join("examples/results/gongmao-2025.yaml")).unwrap();
    std::fs::write(
        d.join("rv.yaml"),
        results.replace("checklist_version: \"2023\"", "checklist_version: 2.10"),
    )
    .unwrap();
    check(
        "checklist_version",
        d,
        &[
            "report",
            "--checklists",
            &cl,
            "--results",
            "rv.yaml",
            "-o",
            "r.md",
        ],
        &[
            "rv.yaml",
            "`checklist_version` is written as a decimal number",
        ],
    );
    std::fs::write(
        d.join("funds.yaml"),
        results.replace("funds: 3600", "funds: 1e308"),
    )
    .unwrap();
    check(
        "funds",
        d,
        &[
            "report",
            "--checklists",
            &cl,
            "--results",
            "funds.yaml",
            "-o",
            "r.md",
        ],
        &["funds.yaml:", "must be an amount in 元, from 0 to 10¹²"],
    );
    assert!(!d.join("r.md").exists());
    cases += 4;

    // Templates that would take the process down, or read the environment.
    let minimal_path = format!("{rs}/tests/fixtures/valid/minimal.yaml");
    let templates: &[(&str, &str, &str)] = &[
        ("recursive-macro", "{% macro f(n) %}{{ self::f(n=n) }}{% endmacro f %}{{ self::f(n=1) }}", "calls itself (inspection-form.md.tera::f → inspection-form.md.tera::f)"),
        ("mutual-macros", "{% macro a() %}{{ self::b() }}{% endmacro a %}{% macro b() %}{% if true %}{{ self::a() }}{% endif %}{% endmacro b %}{{ self::a() }}", "calls itself"),
        ("include-self", "{% include \"inspection-form.md.tera\" %}", "calls itself (inspection-form.md.tera → inspection-form.md.tera)"),
        ("huge-range", "{% for i in range(end=1000000000) %}x{% endfor %}", "at most 100000"),
        ("get-env", "{{ get_env(name=\"HOME\") }}", "get_env is disabled"),
    ];
    for (name, src, want) in templates {
        let t = d.join(format!("t-{name}"));
        std::fs::create_dir(&t).unwrap();
        std::fs::write(t.join("inspection-form.md.tera"), src).unwrap();
        check(
            name,
            d,
            &[
                "render",
                "-t",
                "inspection-form",
                "-c",
                &minimal_path,
                "--templates",
                t.to_str().unwrap(),
                "-o",
                "x.md",
            ],
            &["template", want],
        );
        assert!(!d.join("x.md").exists());
        cases += 1;
    }
    check(
        "jobs",
        d,
        &["build", "--jobs", "100000"],
        &["--jobs 100000: at most 256"],
    );
    cases += 1;
    eprintln!("{cases} generated bad inputs, all rejected cleanly");
}

/// Templates that would overflow the stack, fill memory or run for hours: each
/// ends in a clear error naming the template, exit 1, nothing written.
#[test]
fn templates_that_would_take_the_process_down_are_stopped() {
    let d = tempfile::tempdir().unwrap();
    let d = d.path();
    let minimal = root().join("tests/fixtures/valid/minimal.yaml");
    // `render` of minimal.yaml with `src` as the inspection form, from folder `dir`.
    let render_with = |dir: &str, src: &str, out: &str| -> Vec<String> {
        let t = d.join(dir);
        std::fs::create_dir(&t).unwrap();
        std::fs::write(t.join("inspection-form.md.tera"), src).unwrap();
        ["render", "-t", "inspection-form", "-c"]
            .iter()
            .map(|a| a.to_string())
            .chain([
                minimal.display().to_string(),
                "--templates".into(),
                t.display().to_string(),
                "-o".into(),
                out.into(),
            ])
            .collect()
    };
    let chain = |n: usize| {
        let mut m: String = (1..n)
            .map(|i| {
                format!(
                    "{{% macro m{i}() %}}{{{{ self::m{}() }}}}{{% endmacro %}}\n",
                    i + 1
                )
            })
            .collect();
        m.push_str(&format!("{{% macro m{n}() %}}end{{% endmacro %}}\n"));
        m
    };
    // Name, template, environment, expected message.
    type Case<'a> = (&'a str, String, Vec<(&'a str, &'a str)>, &'a str);
    let cases: Vec<Case> = vec![
        (
            "doubling",
            "{% set_global s = \"xxxxxxxx\" %}{% for i in range(end=60) %}{% set_global s = s ~ s %}{% endfor %}{{ s | length }}".into(),
            vec![("QINGDAN_MAX_MEMORY_MB", "64")],
            "needed more than 64 MiB of memory",
        ),
        (
            "replace-chain",
            format!("{{{{ \"ab\"{} | length }}}}", " | replace(from=\"a\", to=\"aa\")".repeat(60)),
            vec![("QINGDAN_MAX_MEMORY_MB", "64")],
            "needed more than 64 MiB of memory",
        ),
        (
            "concat-arrays",
            "{% set_global a = [1, 2] %}{% for i in range(end=60) %}{% set_global a = a | concat(with=a) %}{% endfor %}{{ a | length }}".into(),
            vec![("QINGDAN_MAX_MEMORY_MB", "64")],
            "needed more than 64 MiB of memory",
        ),
        (
            "nested-loops",
            "{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% endfor %}{% endfor %}".into(),
            vec![("QINGDAN_MAX_RENDER_SECONDS", "1")],
            "was still rendering after 1 s",
        ),
        (
            "deep-brackets",
            format!("{{{{ {}1{} }}}}", "(".repeat(20000), ")".repeat(20000)),
            vec![],
            "inspection-form.md.tera:1:36: brackets nested more than 32 deep",
        ),
        (
            "deep-blocks",
            format!("\n{}x{}", "{% if true %}".repeat(20000), "{% endif %}".repeat(20000)),
            vec![],
            "inspection-form.md.tera:2:417: blocks nested more than 32 deep",
        ),
        (
            "long-sum",
            format!("{{{{ 1{} }}}}", " + 1".repeat(50000)),
            vec![],
            "more than 256 operators in one tag",
        ),
        (
            "long-and",
            format!("{{{{ true{} }}}}", " and true".repeat(50000)),
            vec![],
            "more than 256 operators in one tag",
        ),
        (
            "macro-chain",
            format!("{}{{{{ self::m1() }}}}", chain(17)),
            vec![],
            "macro calls and includes nest 17 deep",
        ),
    ];
    for (name, src, env, want) in &cases {
        let args = render_with(&format!("t-{name}"), src, "x.md");
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        check_env(name, d, env, &args, &["template `inspection-form", want]);
        assert!(!d.join("x.md").exists(), "{name}");
    }
    // The other side: at the limits, templates render.
    let ok: Vec<(&str, String, &str)> = vec![
        (
            "brackets-and-blocks",
            format!(
                "{}{{{{ {}1{}{} }}}}{}",
                "{% if true %}".repeat(32),
                "(".repeat(32),
                ")".repeat(32),
                " + 1".repeat(255),
                "{% endif %}".repeat(32)
            ),
            "256",
        ),
        (
            "macro-chain-16",
            format!("{}{{{{ self::m1() }}}}", chain(16)),
            "end",
        ),
    ];
    for (name, src, want) in &ok {
        let args = render_with(&format!("ok-{name}"), src, "-");
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = common::qingdan(d, &args);
        assert!(o.status.success(), "{name}: {}", common::stderr(&o));
        assert_eq!(String::from_utf8_lossy(&o.stdout).trim(), *want, "{name}");
    }
    // A bad limit is a usage error naming the variable.
    let o = common::command(d)
        .env("QINGDAN_MAX_MEMORY_MB", "lots")
        .arg("list")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(common::stderr(&o).contains("QINGDAN_MAX_MEMORY_MB=lots: write a whole number"));
}

/// LF, CRLF (Excel, WPS, Notepad) and CR-only (old Mac) files: the same line
/// numbers, for rosters and YAML alike.
#[test]
fn line_numbers_agree_for_lf_crlf_and_cr() {
    let d = tempfile::tempdir().unwrap();
    let d = d.path();
    common::copy_dir(&root().join("checklists"), &d.join("checklists"));
    let event = root().join("examples/letters/event.yaml");
    let rows = [
        "名称,行业,统一社会信用代码",
        "甲公司,机械,",
        "\"乙\n公司\",机械,",
        "丙公司,机械,12345",
        "丁公司,机械,",
    ];
    let checklist = [
        "id: x",
        "title: t",
        "kind: hazards",
        "version: \"1\"",
        "bogus: 1",
    ];
    for (name, eol) in [("lf", "\n"), ("crlf", "\r\n"), ("cr", "\r")] {
        let roster = format!("r-{name}.csv");
        // The quoted cell's line break is the file's own.
        let text = rows.map(|r| r.replace('\n', eol)).join(eol) + eol;
        std::fs::write(d.join(&roster), text).unwrap();
        check(
            &roster,
            d,
            &[
                "letters",
                "--event",
                event.to_str().unwrap(),
                "--roster",
                &roster,
                "-o",
                "out",
            ],
            &[&format!(
                "{roster}:5:3: error: row 5, column 统一社会信用代码"
            )],
        );
        assert!(!d.join("out").exists());
        let yaml = format!("c-{name}.yaml");
        std::fs::write(d.join(&yaml), checklist.join(eol) + eol).unwrap();
        let err = check(
            &yaml,
            d,
            &["validate", &yaml],
            &[&format!("{yaml}:5:1: error: unknown field `bogus`")],
        );
        assert!(err.contains("5 | bogus: 1"), "{err}");
    }
}

/// A zip bomb whose headers lie: they declare 1,000 bytes, the sheet inflates
/// to 300 MiB. The unpacked bytes are counted as they inflate, so the check
/// stops at the limit (256 MiB) instead of filling memory.
#[test]
fn a_zip_bomb_that_lies_about_its_size_is_refused() {
    use flate2::{Compress, Compression, FlushCompress};
    // Raw deflate of `data`, flushed to a byte boundary with no reference to
    // what came before: such pieces can be concatenated.
    let piece = |data: &[u8], flush: FlushCompress| {
        let mut c = Compress::new(Compression::best(), false);
        let mut out = Vec::with_capacity(data.len() / 100 + 1024);
        c.compress_vec(data, &mut out, flush).unwrap();
        out
    };
    let head = br#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#;
    let spaces = piece(&vec![b' '; 1 << 20], FlushCompress::Full);
    let mut data = piece(head, FlushCompress::Full);
    for _ in 0..300 {
        data.extend_from_slice(&spaces);
    }
    data.extend(piece(b"</sheetData></worksheet>", FlushCompress::Finish));

    // One entry, written by hand: local header, data, central header, end.
    let name = b"xl/worksheets/sheet1.xml";
    let declared: u32 = 1000;
    let compressed = u32::try_from(data.len()).unwrap();
    let mut z = Vec::new();
    let common = |z: &mut Vec<u8>| {
        z.extend_from_slice(&20u16.to_le_bytes()); // version needed
        z.extend_from_slice(&0u16.to_le_bytes()); // flags
        z.extend_from_slice(&8u16.to_le_bytes()); // deflate
        z.extend_from_slice(&[0, 0, 0x21, 0]); // time, date
        z.extend_from_slice(&0u32.to_le_bytes()); // crc (never reached)
        z.extend_from_slice(&compressed.to_le_bytes());
        z.extend_from_slice(&declared.to_le_bytes());
        z.extend_from_slice(&u16::try_from(name.len()).unwrap().to_le_bytes());
        z.extend_from_slice(&0u16.to_le_bytes()); // extra
    };
    z.extend_from_slice(&[0x50, 0x4b, 0x03, 0x04]);
    common(&mut z);
    z.extend_from_slice(name);
    z.extend_from_slice(&data);
    let central = u32::try_from(z.len()).unwrap();
    z.extend_from_slice(&[0x50, 0x4b, 0x01, 0x02]);
    z.extend_from_slice(&20u16.to_le_bytes()); // version made by
    common(&mut z);
    z.extend_from_slice(&[0; 8]); // comment, disk, internal attributes
    z.extend_from_slice(&0u32.to_le_bytes()); // external attributes
    z.extend_from_slice(&0u32.to_le_bytes()); // local header offset
    z.extend_from_slice(name);
    let central_len = u32::try_from(z.len()).unwrap() - central;
    z.extend_from_slice(&[0x50, 0x4b, 0x05, 0x06, 0, 0, 0, 0, 1, 0, 1, 0]);
    z.extend_from_slice(&central_len.to_le_bytes());
    z.extend_from_slice(&central.to_le_bytes());
    z.extend_from_slice(&0u16.to_le_bytes());
    assert!(z.len() < 2 << 20, "{} bytes", z.len());

    let d = letters_dir_with("bomb.xlsx", &z);
    let event = root().join("examples/letters/event.yaml");
    check(
        "lying bomb",
        d.path(),
        &[
            "letters",
            "--event",
            event.to_str().unwrap(),
            "--roster",
            "bomb.xlsx",
            "-o",
            "out",
        ],
        &["bomb.xlsx", "unpacks to more than it declares", "256 MiB"],
    );
    assert!(!d.path().join("out").exists());
}

fn letters_dir_with(name: &str, bytes: &[u8]) -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    common::copy_dir(&root().join("checklists"), &d.path().join("checklists"));
    std::fs::write(d.path().join(name), bytes).unwrap();
    d
}
