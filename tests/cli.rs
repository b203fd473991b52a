//! Integration tests that drive the `qingdan` binary, like ripgrep's and
//! mdBook's: each test gets a temporary folder, runs the command and checks
//! exit code, messages and the files written (HTML parsed, not grepped).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Output;

use qingdan::model::{self, Checklist};
use scraper::{Html, Selector};

mod common;
use common::{copy_dir, root, stderr};

fn qingdan(dir: &Path, args: &[&str]) -> Output {
    // These tests are about validation, planning and manifests; they build
    // Markdown and HTML only, to stay fast. PDF output is tested in tests/pdf.rs.
    let mut args: Vec<&str> = args.to_vec();
    if args.first() == Some(&"build") && !args.contains(&"--format") {
        args.extend(["--format", "md,html"]);
    }
    common::qingdan(dir, &args)
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A temp folder holding a copy of a fixture folder's files.
fn sandbox(fixture: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    if let Some(f) = fixture {
        copy_dir(&root().join("tests/fixtures").join(f), dir.path());
    }
    dir
}

/// Each invalid fixture: file stem, expected line, expected message fragment,
/// and a fragment of the hint (what to do).
const INVALID: &[(&str, usize, &str, &str)] = &[
    (
        "bad-checklist-id",
        1,
        "checklist id `工贸清单` has characters ids may not use",
        "lowercase ASCII",
    ),
    ("bad-date", 10, "`2023-02-30` is not a date", "YYYY-MM-DD"),
    ("bad-item-id", 20, "item id `GM 3-2`", "lowercase ASCII"),
    (
        "bad-kind",
        2,
        "unknown variant `hazard`",
        "did you mean `hazards`?",
    ),
    ("bad-method", 19, "unknown variant `现场查看`", "现场检查"),
    (
        "bad-severity",
        18,
        "unknown variant `majr`",
        "did you mean `major`?",
    ),
    (
        "bad-status",
        6,
        "unknown variant `final`",
        "use one of: `active`, `draft`",
    ),
    (
        "basis-is-string",
        17,
        "invalid type: string",
        "mapping of Basis fields",
    ),
    (
        "duplicate-item-id",
        20,
        "duplicate item id `gm-3-1`",
        "unique in a checklist",
    ),
    (
        "duplicate-nested-id",
        24,
        "duplicate item id `gm-3-2`",
        "at any depth",
    ),
    (
        "duplicate-section-id",
        23,
        "duplicate section id `management`",
        "",
    ),
    (
        "duplicate-source-id",
        11,
        "duplicate source id `mem-10`",
        "",
    ),
    ("empty-file", 0, "file is empty", "README"),
    (
        "empty-section",
        25,
        "section `empty` has no items",
        "add items",
    ),
    (
        "empty-text",
        21,
        "item `gm-3-2` has empty `text`",
        "verbatim",
    ),
    ("items-not-a-list", 16, "YAML syntax error", "indentation"),
    (
        "missing-field-basis",
        20,
        "item `gm-3-2` has no `basis`",
        "a top-level item cites its source",
    ),
    (
        "missing-field-kind",
        1,
        "missing field `kind`",
        "add `kind:`",
    ),
    (
        "missing-field-text",
        20,
        "missing field `text`",
        "add `text:`",
    ),
    (
        "no-sections",
        11,
        "checklist has no sections",
        "at least one section",
    ),
    ("no-sources", 6, "no sources declared", "sources:"),
    (
        "not-a-mapping",
        1,
        "invalid type: sequence",
        "mapping of Checklist fields",
    ),
    ("not-utf8", 3, "not valid UTF-8", "UTF-8"),
    ("syntax-tab", 13, "tab character", "spaces, not tabs"),
    (
        "syntax-unclosed-flow",
        18,
        "did not find expected ',' or '}'",
        "brackets",
    ),
    ("too-deep", 43, "nest more than 6 levels", "flatten"),
    (
        "unknown-field-item",
        16,
        "unknown field `txt`",
        "did you mean `text`?",
    ),
    (
        "unknown-field-top",
        3,
        "unknown field `titel`",
        "did you mean `title`?",
    ),
    (
        "unknown-source",
        22,
        "basis cites source `mem10`",
        "did you mean `mem-10`?",
    ),
];

#[test]
fn every_invalid_fixture_fails_with_place_and_hint() {
    let dir = root().join("tests/fixtures/invalid");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| {
            e.unwrap()
                .path()
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    let mut listed: Vec<String> = INVALID.iter().map(|c| c.0.to_string()).collect();
    listed.sort();
    assert_eq!(
        names, listed,
        "every file in tests/fixtures/invalid needs an expectation"
    );
    assert!(INVALID.len() >= 20);

    for (name, line, fragment, hint) in INVALID {
        let rel = format!("tests/fixtures/invalid/{name}.yaml");
        let o = qingdan(&root(), &["validate", &rel]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{name}: exit code\n{err}");
        let place = if *line == 0 {
            format!("{rel}: error: ")
        } else {
            format!("{rel}:{line}:")
        };
        assert!(err.contains(&place), "{name}: expected `{place}` in\n{err}");
        assert!(
            err.contains(fragment),
            "{name}: expected `{fragment}` in\n{err}"
        );
        assert!(
            err.contains(hint),
            "{name}: expected hint `{hint}` in\n{err}"
        );
        assert!(
            !err.contains("panicked") && !err.contains("RUST_BACKTRACE"),
            "{name}: panic\n{err}"
        );
        if *line > 0 {
            assert!(
                err.contains(" | ") && err.contains('^'),
                "{name}: no source line with caret\n{err}"
            );
        }
    }
}

#[test]
fn validate_shipped_checklists_passes_with_draft_warnings() {
    let o = qingdan(&root(), &["validate"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(err.contains("11 files checked: 0 errors"), "{err}");
    assert!(
        err.contains("principal-duties-shanxi-293.yaml:6:1: warning: draft checklist"),
        "{err}"
    );
}

#[test]
fn validate_json_lists_diagnostics() {
    let o = qingdan(
        &root(),
        &[
            "validate",
            "--json",
            "tests/fixtures/invalid/unknown-source.yaml",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let d = &v["diagnostics"][0];
    assert_eq!(d["code"], "unknown-source");
    assert_eq!(d["line"], 22);
    assert_eq!(d["column"], 26);
    assert_eq!(d["severity"], "error");
}

fn load(path: &Path) -> Checklist {
    let f = model::load_checklist(path);
    f.checklist
        .unwrap_or_else(|| panic!("{}: {:?}", path.display(), f.diags))
}

fn shipped() -> Vec<Checklist> {
    model::find_yaml(&root().join("checklists"))
        .unwrap()
        .iter()
        .map(|p| load(p))
        .collect()
}

fn cell_texts(row: scraper::ElementRef<'_>) -> Vec<String> {
    let td = Selector::parse("td").unwrap();
    row.select(&td)
        .map(|c| c.text().collect::<String>())
        .collect()
}

#[test]
fn build_renders_every_item_and_basis_of_every_shipped_checklist() {
    let dir = sandbox(None);
    copy_dir(&root().join("checklists"), &dir.path().join("checklists"));
    let o = qingdan(dir.path(), &["build"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("48 written, 0 up to date, 0 removed"),
        "{}",
        stdout(&o)
    );

    let tr = Selector::parse("table tbody tr").unwrap();
    let p = Selector::parse("p").unwrap();
    for c in shipped() {
        // An enterprise's own lists: one document each, every item in it.
        let own = match c.kind {
            model::Kind::Responsibilities => Some("responsibility-list"),
            model::Kind::EmergencyCards => Some("emergency-cards"),
            _ => None,
        };
        if let Some(t) = own {
            let path = dir.path().join("out").join(&c.id).join(format!("{t}.html"));
            let text = std::fs::read_to_string(&path).unwrap();
            for (_, item) in c.walk() {
                assert!(text.contains(&item.text), "{}: {}", path.display(), item.id);
            }
            continue;
        }
        let templates: &[&str] = match c.kind {
            model::Kind::Duties => &["inspection-form", "duty-commitment"],
            _ => &["inspection-form", "self-check-sheet"],
        };
        for t in templates {
            let path = dir.path().join("out").join(&c.id).join(format!("{t}.html"));
            let html = Html::parse_document(&std::fs::read_to_string(&path).unwrap());
            let title = Selector::parse("h1").unwrap();
            assert!(
                html.select(&title).next().is_some(),
                "{}: no title",
                path.display()
            );
            if *t == "duty-commitment" {
                let paras: Vec<String> = html.select(&p).map(|e| e.text().collect()).collect();
                for (_, item) in c.walk() {
                    assert!(
                        paras.iter().any(|para| para.contains(&item.text)),
                        "{}: duty `{}` missing",
                        path.display(),
                        item.id
                    );
                }
                continue;
            }
            let rows: Vec<Vec<String>> = html.select(&tr).map(cell_texts).collect();
            for (_, item) in c.walk() {
                let want = if item.is_group() {
                    format!("{}：", item.text)
                } else {
                    item.text.clone()
                };
                let source = c.source(&item.basis.source).unwrap();
                let clause = item.basis.clause.clone().unwrap_or_default();
                // One source: the clause alone (the form names the source above
                // the table); several: the source's 发文字号 and the clause.
                let single = c
                    .walk()
                    .iter()
                    .all(|(_, i)| i.basis.source == item.basis.source);
                let basis = if single {
                    clause
                } else {
                    format!("{}{clause}", source.doc_no.clone().unwrap_or_default())
                };
                // Two articles may word an item alike (工贸 第四条（八）, 第五条（十三）):
                // the row is the one with this text and this basis.
                assert!(
                    rows.iter().any(|r| r.get(1) == Some(&want)),
                    "{}: item `{}` not in the table",
                    path.display(),
                    item.id
                );
                let row = rows
                    .iter()
                    .find(|r| r.get(1) == Some(&want) && r.get(2) == Some(&basis))
                    .unwrap_or_else(|| {
                        panic!("{}: basis of `{}` is not {basis}", path.display(), item.id)
                    });
                if !item.is_group() {
                    // 检查结果 is column 4, or 5 where the form has 检查方式.
                    assert!(
                        row[3..].iter().take(2).any(|c| c.contains('□')),
                        "{}: `{}` has no result boxes",
                        path.display(),
                        item.id
                    );
                }
            }
            let draft = html.select(&Selector::parse(".watermark").unwrap()).count() > 0;
            assert_eq!(
                draft,
                c.status == model::Status::Draft,
                "{}: draft mark",
                path.display()
            );
        }
    }
    let index = std::fs::read_to_string(dir.path().join("out/index.html")).unwrap();
    let index = Html::parse_document(&index);
    let links = index.select(&Selector::parse("a").unwrap()).count();
    assert_eq!(links, 47, "index links every document");
}

#[test]
fn second_build_writes_nothing_and_check_detects_staleness() {
    let dir = sandbox(Some("valid"));
    std::fs::create_dir_all(dir.path().join("checklists")).unwrap();
    std::fs::rename(
        dir.path().join("minimal.yaml"),
        dir.path().join("checklists/minimal.yaml"),
    )
    .unwrap();

    let o = qingdan(dir.path(), &["build", "--check"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("missing: out/minimal/inspection-form.html"),
        "{}",
        stdout(&o)
    );
    assert!(!dir.path().join("out").exists(), "--check wrote files");

    let o = qingdan(dir.path(), &["build"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("6 written, 0 up to date, 0 removed"),
        "{}",
        stdout(&o)
    );
    let o = qingdan(dir.path(), &["build"]);
    assert!(
        stdout(&o).contains("0 written, 6 up to date, 0 removed"),
        "{}",
        stdout(&o)
    );
    let o = qingdan(dir.path(), &["build", "--check"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));

    let file = dir.path().join("checklists/minimal.yaml");
    let text = std::fs::read_to_string(&file)
        .unwrap()
        .replace("测试清单", "测试清单二");
    std::fs::write(&file, text).unwrap();
    let o = qingdan(dir.path(), &["build", "--check"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("stale: out/minimal/self-check-sheet.md"),
        "{}",
        stdout(&o)
    );
    // No temporary files are left behind.
    let leftovers: Vec<_> = walkdir::WalkDir::new(dir.path().join("out"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn a_failing_checklist_stops_the_build_before_writing() {
    let dir = sandbox(None);
    let cl = dir.path().join("checklists");
    std::fs::create_dir_all(&cl).unwrap();
    std::fs::copy(
        root().join("tests/fixtures/valid/minimal.yaml"),
        cl.join("a.yaml"),
    )
    .unwrap();
    std::fs::copy(
        root().join("tests/fixtures/invalid/unknown-source.yaml"),
        cl.join("b.yaml"),
    )
    .unwrap();
    let o = qingdan(dir.path(), &["build"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("checklists/b.yaml:22:26: error: basis cites source `mem10`"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("nothing was written"));
    assert!(!dir.path().join("out").exists());
}

#[test]
fn data_is_escaped_in_markdown_and_html() {
    let dir = sandbox(Some("escape"));
    let o = qingdan(dir.path(), &["build"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let html = std::fs::read_to_string(dir.path().join("out/escape/inspection-form.html")).unwrap();
    let doc = Html::parse_document(&html);
    assert_eq!(
        doc.select(&Selector::parse("script").unwrap()).count(),
        0,
        "script element in output"
    );
    assert_eq!(
        doc.select(&Selector::parse("main a").unwrap()).count(),
        0,
        "link made from data"
    );
    assert_eq!(
        doc.select(&Selector::parse("main b, main em").unwrap())
            .count(),
        0,
        "markup made from data"
    );
    let rows: Vec<Vec<String>> = doc
        .select(&Selector::parse("tbody tr").unwrap())
        .map(cell_texts)
        .collect();
    assert_eq!(
        rows[0][1],
        "<script>alert('x')</script> 与 *星号* 和 | 竖线 和 [链接](http://example.com)"
    );
    assert_eq!(rows[1][1], "1. 看起来像列表");
    // One source: the column shows the clause; the source is named above the table.
    assert_eq!(rows[0][2], "第1条");
    assert!(
        doc.select(&Selector::parse("main p").unwrap())
            .any(|p| p.text().collect::<String>().contains("《测试来源 | 管道》")),
        "escaped source title above the table"
    );
    let h1: String = doc
        .select(&Selector::parse("h1").unwrap())
        .next()
        .unwrap()
        .text()
        .collect();
    assert_eq!(h1, "转义测试 <b>粗</b>");
}

#[test]
fn templates_override_by_name_and_export_round_trips() {
    let dir = sandbox(Some("valid"));
    std::fs::create_dir_all(dir.path().join("checklists")).unwrap();
    std::fs::rename(
        dir.path().join("minimal.yaml"),
        dir.path().join("checklists/minimal.yaml"),
    )
    .unwrap();

    // Exported built-ins used as overrides give the same bytes as the built-ins.
    let o = qingdan(dir.path(), &["build", "--out", "a"]);
    assert_eq!(o.status.code(), Some(0));
    let o = qingdan(dir.path(), &["templates", "export", "mytemplates"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(dir
        .path()
        .join("mytemplates/inspection-form.md.tera")
        .is_file());
    let o = qingdan(
        dir.path(),
        &["build", "--out", "b", "--templates", "mytemplates"],
    );
    assert_eq!(o.status.code(), Some(0));
    for f in ["inspection-form.md", "self-check-sheet.html"] {
        let a = std::fs::read(dir.path().join("a/minimal").join(f)).unwrap();
        let b = std::fs::read(dir.path().join("b/minimal").join(f)).unwrap();
        assert_eq!(a, b, "{f}");
    }

    // A templates/ folder beside checklists/ overrides by name.
    std::fs::create_dir_all(dir.path().join("templates")).unwrap();
    std::fs::write(
        dir.path().join("templates/inspection-form.md.tera"),
        "---\ntitle: {{ checklist.title | yaml | safe }}\n---\n# 自定义 {{ checklist.title }}\n\n共 {{ counts.items }} 项，{{ 11 | cn_num }}，{{ 2 | cn_item }}，{{ \"2025-02-21\" | cn_date }}\n",
    )
    .unwrap();
    let o = qingdan(dir.path(), &["build", "--out", "c"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let md = std::fs::read_to_string(dir.path().join("c/minimal/inspection-form.md")).unwrap();
    assert!(
        md.contains("# 自定义 测试清单\n\n共 2 项，十一，（二），2025年2月21日"),
        "{md}"
    );
    let o = qingdan(dir.path(), &["templates", "list"]);
    let list = stdout(&o);
    assert!(list.contains("inspection-form"));
    // Every origin starts in the same column, after the longest name.
    let starts: std::collections::BTreeSet<usize> = list
        .lines()
        .map(|l| l.find("  ").unwrap() + l[l.find("  ").unwrap()..].find(|c| c != ' ').unwrap())
        .collect();
    assert_eq!(starts.len(), 1, "{list}");
    assert!(list.contains("responsibility-pledge  built-in"), "{list}");

    // A broken override names the template and fails with exit 1.
    std::fs::write(
        dir.path().join("templates/inspection-form.md.tera"),
        "{{ checklist.title ",
    )
    .unwrap();
    let o = qingdan(dir.path(), &["build", "--out", "d"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("inspection-form.md.tera"),
        "{}",
        stderr(&o)
    );
    assert!(!dir.path().join("d").exists());
}

#[test]
fn render_one_document_and_list() {
    let dir = sandbox(None);
    let c = root().join("checklists/principal-duties-law-21.yaml");
    let c = c.to_str().unwrap();
    let o = qingdan(
        dir.path(),
        &[
            "render",
            "--template",
            "duty-commitment",
            "--checklist",
            c,
            "-o",
            "x.html",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let html = std::fs::read_to_string(dir.path().join("x.html")).unwrap();
    assert!(
        html.contains("（七）及时、如实报告生产安全事故。"),
        "last duty ends the list"
    );
    let o = qingdan(dir.path(), &["render", "-t", "nope", "-c", c, "-o", "x.md"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no template named `nope`"));
    // A misspelt name: did you mean; a template of another kind: which fit.
    let o = qingdan(
        dir.path(),
        &["render", "-t", "inspection-fom", "-c", c, "-o", "x.md"],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("no template named `inspection-fom`"),
        "{}",
        stderr(&o)
    );
    assert!(
        stderr(&o).contains("did you mean `inspection-form`?"),
        "{}",
        stderr(&o)
    );
    let o = qingdan(
        dir.path(),
        &["render", "-t", "self-check-sheet", "-c", c, "-o", "x.md"],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("template `self-check-sheet` is for hazards or inspection checklists"),
        "{}",
        stderr(&o)
    );
    assert!(
        stderr(&o)
            .contains("templates for duties checklists: `inspection-form`, `duty-commitment`"),
        "{}",
        stderr(&o)
    );
    assert!(!dir.path().join("x.md").exists());
    let o = qingdan(
        dir.path(),
        &["render", "-t", "self-check-report", "-c", c, "-o", "x.md"],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("is not rendered from a checklist"),
        "{}",
        stderr(&o)
    );
    let o = qingdan(
        dir.path(),
        &["render", "-t", "duty-commitment", "-c", c, "-o", "x.odt"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("name it .md, .html, .pdf or .docx"));

    let o = qingdan(&root(), &["list"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    let line = out
        .lines()
        .find(|l| l.starts_with("gongmao-major-hazards"))
        .unwrap();
    let cols: Vec<&str> = line.split_whitespace().collect();
    assert_eq!(
        &cols[1..7],
        ["folder", "hazards", "active", "64", "0", "64"]
    );
}

#[test]
fn usage_errors_exit_2() {
    let o = qingdan(&root(), &["build", "--bogus"]);
    assert_eq!(o.status.code(), Some(2));
    let o = qingdan(&root(), &["build", "--format", "odt", "--check"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("unknown format `odt`: use md, html, pdf or docx"));
}

fn setup_minimal() -> tempfile::TempDir {
    let dir = sandbox(None);
    std::fs::create_dir_all(dir.path().join("checklists")).unwrap();
    std::fs::copy(
        root().join("tests/fixtures/valid/minimal.yaml"),
        dir.path().join("checklists/minimal.yaml"),
    )
    .unwrap();
    dir
}

#[test]
fn manifest_tracks_outputs_and_build_removes_only_its_own_files() {
    let dir = setup_minimal();
    let cl = dir.path().join("checklists");
    std::fs::copy(
        root().join("checklists/principal-duties-law-21.yaml"),
        cl.join("duties.yaml"),
    )
    .unwrap();
    let o = qingdan(dir.path(), &["build"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));

    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("out/manifest.json")).unwrap())
            .unwrap();
    let e = &m["outputs"]["minimal/inspection-form.html"];
    assert_eq!(e["checklist"], "minimal.yaml");
    assert_eq!(e["template"], "inspection-form");
    let file = std::fs::read(dir.path().join("out/minimal/inspection-form.html")).unwrap();
    assert_eq!(e["sha256"], qingdan::manifest::sha256(&file));
    assert_eq!(
        e["checklist_sha256"],
        qingdan::manifest::sha256(&std::fs::read(cl.join("minimal.yaml")).unwrap())
    );

    // A file of the user's in out/ and a hand-edited output are never deleted.
    std::fs::write(
        dir.path().join("out/principal-duties-law-21/notes.txt"),
        "mine",
    )
    .unwrap();
    std::fs::write(
        dir.path()
            .join("out/principal-duties-law-21/duty-commitment.md"),
        "edited",
    )
    .unwrap();
    std::fs::remove_file(cl.join("duties.yaml")).unwrap();
    let o = qingdan(dir.path(), &["build", "--check"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains(
            "orphaned: out/principal-duties-law-21/inspection-form.md (checklists/duties.yaml is gone)"
        ),
        "{}",
        stdout(&o)
    );
    let o = qingdan(dir.path(), &["build"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("removed out/principal-duties-law-21/inspection-form.html"));
    assert!(
        stdout(&o).contains("1 written, 5 up to date, 3 removed"),
        "{}",
        stdout(&o)
    );
    assert!(
        stderr(&o).contains("duty-commitment.md was edited after qingdan wrote it"),
        "{}",
        stderr(&o)
    );
    assert!(dir
        .path()
        .join("out/principal-duties-law-21/notes.txt")
        .exists());
    assert!(dir
        .path()
        .join("out/principal-duties-law-21/duty-commitment.md")
        .exists());
    assert!(!dir
        .path()
        .join("out/principal-duties-law-21/inspection-form.md")
        .exists());

    // A hand edit is reported by --check and repaired by build.
    std::fs::write(dir.path().join("out/minimal/inspection-form.md"), "edited").unwrap();
    let o = qingdan(dir.path(), &["build", "--check"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("edited: out/minimal/inspection-form.md (edited by hand"),
        "{}",
        stdout(&o)
    );
    let o = qingdan(dir.path(), &["build"]);
    assert!(
        stdout(&o).contains("1 written, 5 up to date"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn editing_a_template_rewrites_only_its_outputs() {
    let dir = setup_minimal();
    qingdan(dir.path(), &["build", "-q"]);
    qingdan(dir.path(), &["templates", "export", "templates"]);
    let o = qingdan(dir.path(), &["build"]);
    assert!(
        stdout(&o).contains("0 written, 6 up to date"),
        "{}",
        stdout(&o)
    );
    let t = dir.path().join("templates/self-check-sheet.md.tera");
    let text = std::fs::read_to_string(&t)
        .unwrap()
        .replace("自查表　", "企业自查表　");
    std::fs::write(&t, text).unwrap();
    let o = qingdan(dir.path(), &["build", "--check"]);
    assert!(
        stdout(&o).contains(
            "stale: out/minimal/self-check-sheet.html (template self-check-sheet changed)"
        ),
        "{}",
        stdout(&o)
    );
    let o = qingdan(dir.path(), &["build"]);
    let out = stdout(&o);
    assert!(
        out.contains("wrote out/minimal/self-check-sheet.md"),
        "{out}"
    );
    assert!(!out.contains("inspection-form"), "{out}");
    assert!(out.contains("2 written, 4 up to date"), "{out}");
}

#[test]
fn build_json_and_jobs_give_identical_bytes() {
    let dir = sandbox(None);
    copy_dir(&root().join("checklists"), &dir.path().join("checklists"));
    let o = qingdan(
        dir.path(),
        &["build", "--json", "--jobs", "1", "--out", "one"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["written"], 48);
    assert_eq!(v["outputs"][0]["state"], "written");
    let o = qingdan(
        dir.path(),
        &["build", "-q", "--jobs", "8", "--out", "eight"],
    );
    assert_eq!(o.status.code(), Some(0));
    let files = |d: &str| -> Vec<(String, Vec<u8>)> {
        let base = dir.path().join(d);
        let mut v: Vec<_> = walkdir::WalkDir::new(&base)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e
                    .path()
                    .strip_prefix(&base)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                (rel, std::fs::read(e.path()).unwrap())
            })
            .collect();
        v.sort();
        v
    };
    let (a, b) = (files("one"), files("eight"));
    assert_eq!(a.len(), 49);
    assert!(a == b, "--jobs 1 and --jobs 8 differ");
}

#[test]
fn fonts_lists_families_and_names_missing_characters() {
    let o = qingdan(&root(), &["fonts"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(
        out.contains("Noto Serif SC") && out.contains("Noto Sans SC"),
        "{out}"
    );
    let o = qingdan(&root(), &["fonts", "checklists/gongmao-major-hazards.yaml"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let dir = sandbox(None);
    std::fs::write(dir.path().join("x.yaml"), "name: 王堃\nnote: 𠀀\n").unwrap();
    let o = qingdan(dir.path(), &["fonts", "x.yaml"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("x.yaml:2:7: error: U+20000 '𠀀' is not in any font"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn schemas_describe_the_input_formats() {
    for (name, required) in [
        (
            "checklist",
            vec![
                "id", "kind", "title", "industry", "version", "sources", "sections",
            ],
        ),
        ("results", vec!["checklist", "entity", "date", "answers"]),
        (
            "event",
            vec![
                "issuer",
                "doc_no",
                "date",
                "title",
                "accident",
                "requirements",
                "self_check",
                "contact",
            ],
        ),
    ] {
        let o = qingdan(&root(), &["schema", name]);
        assert_eq!(o.status.code(), Some(0), "{name}");
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(
            v["additionalProperties"], false,
            "{name}: unknown fields are errors"
        );
        let got: Vec<&str> = v["required"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_str().unwrap())
            .collect();
        for r in required {
            assert!(got.contains(&r), "{name}: `{r}` required");
        }
    }
    let o = qingdan(&root(), &["schema", "nope"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn qingdan_yaml_sets_defaults_and_flags_win() {
    let dir = sandbox(None);
    let d = dir.path();
    std::fs::create_dir_all(d.join("data/lists")).unwrap();
    std::fs::copy(
        root().join("tests/fixtures/valid/minimal.yaml"),
        d.join("data/lists/minimal.yaml"),
    )
    .unwrap();
    std::fs::write(
        d.join("qingdan.yaml"),
        "checklists: data/lists\nout: public\n",
    )
    .unwrap();
    let o = qingdan(d, &["build", "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(d.join("public/minimal/inspection-form.html").is_file());
    let o = qingdan(d, &["build", "-q", "--out", "elsewhere"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(d.join("elsewhere/minimal/inspection-form.html").is_file());
    let o = qingdan(d, &["validate"]);
    assert!(
        stderr(&o).contains("1 file checked: 0 errors"),
        "{}",
        stderr(&o)
    );

    std::fs::write(d.join("qingdan.yaml"), "checklist: data/lists\n").unwrap();
    let o = qingdan(d, &["list"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("qingdan.yaml:1:1: error: unknown field `checklist`"),
        "{}",
        stderr(&o)
    );
    assert!(
        stderr(&o).contains("did you mean `checklists`?"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn duplicate_and_reserved_checklist_ids_are_validate_errors_before_any_build() {
    let dir = tempfile::tempdir().unwrap();
    let cl = dir.path().join("checklists");
    copy_dir(&root().join("tests/fixtures/valid"), &cl);
    let text = std::fs::read_to_string(cl.join("minimal.yaml")).unwrap();
    std::fs::write(cl.join("zz-copy.yaml"), &text).unwrap();
    for args in [&["validate", "checklists"][..], &["build"][..]] {
        let o = qingdan(dir.path(), args);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {err}");
        assert!(
            err.contains("zz-copy.yaml:1:5: error: checklist id `minimal` is also used by"),
            "{args:?}: {err}"
        );
    }
    assert!(!dir.path().join("out").exists(), "nothing written");

    std::fs::remove_file(cl.join("zz-copy.yaml")).unwrap();
    std::fs::write(
        cl.join("minimal.yaml"),
        text.replacen("id: minimal", "id: manifest.json", 1),
    )
    .unwrap();
    let o = qingdan(dir.path(), &["validate", "checklists"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("checklist id `manifest.json` is reserved"),
        "{err}"
    );
    // One letter less is an ordinary id.
    std::fs::write(
        cl.join("minimal.yaml"),
        text.replacen("id: minimal", "id: manifest-2", 1),
    )
    .unwrap();
    let o = qingdan(dir.path(), &["validate", "checklists"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn control_characters_in_text_are_errors_at_their_place() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join("tests/fixtures/valid/minimal.yaml")).unwrap();
    let from = "特种作业人员未按照规定";
    let line = text.lines().position(|l| l.contains(from)).unwrap() + 1;
    // Raw BEL, and ESC written as a YAML escape in a double-quoted value.
    std::fs::write(
        dir.path().join("raw.yaml"),
        text.replace(from, "特种作业\u{7}人员未按照规定"),
    )
    .unwrap();
    let escaped = text.lines().map(|l| {
        if l.contains(from) {
            let (key, _) = l.split_once("text:").unwrap();
            format!("{key}text: \"特种\\e作业\"")
        } else {
            l.to_string()
        }
    });
    std::fs::write(
        dir.path().join("esc.yaml"),
        escaped.collect::<Vec<_>>().join("\n"),
    )
    .unwrap();
    for (f, what) in [("raw.yaml", "U+0007"), ("esc.yaml", "U+001B")] {
        let o = qingdan(dir.path(), &["validate", f]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{f}: {err}");
        assert!(err.contains(&format!("{f}:{line}:")), "{f}: {err}");
        assert!(
            err.contains(&format!("control character {what} in text")),
            "{f}: {err}"
        );
    }
    // Tabs and line breaks are text.
    std::fs::write(
        dir.path().join("ok.yaml"),
        text.replace(from, "特种作业\\t人员未按照规定"),
    )
    .unwrap();
    let o = qingdan(dir.path(), &["validate", "ok.yaml"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}
