//! README promises that had no test of their own (`docs/TESTING.md` maps every
//! promise to the test that guards it). Each drives the binary and checks the
//! content that the promise is about, so breaking the promise fails the test.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Output;

mod common;
use common::{command, copy_dir, qingdan, root, stderr};

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A folder with two checklists: `checklists/minimal.yaml` (hazards) and
/// `checklists/duties.yaml` (the shipped 安全生产法 第二十一条 duties).
fn two_checklists() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let cl = dir.path().join("checklists");
    std::fs::create_dir_all(&cl).unwrap();
    std::fs::copy(
        root().join("tests/fixtures/valid/minimal.yaml"),
        cl.join("minimal.yaml"),
    )
    .unwrap();
    std::fs::copy(
        root().join("checklists/principal-duties-law-21.yaml"),
        cl.join("duties.yaml"),
    )
    .unwrap();
    dir
}

fn build(dir: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["build"];
    args.extend_from_slice(extra);
    if !extra.contains(&"--format") {
        args.extend(["--format", "md,html"]);
    }
    let o = qingdan(dir, &args);
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "{args:?}: {}",
        stderr(&o)
    );
    o
}

/// Every file under `dir` with its bytes, by relative path.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            (
                rel.to_string_lossy().replace('\\', "/"),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

#[cfg(unix)]
fn inode(p: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(p).unwrap().ino()
}

// ---------------------------------------------------------------- build

/// `--force` ignores the manifest: an output the manifest vouches for (its
/// hash recorded as it is now) is rendered again and put right.
#[test]
fn build_force_ignores_the_manifest() {
    let dir = two_checklists();
    build(dir.path(), &[]);
    let file = dir.path().join("out/minimal/inspection-form.md");
    let good = std::fs::read(&file).unwrap();
    // A hand edit recorded in the manifest: a plain build trusts it.
    std::fs::write(&file, "edited, and the manifest says so\n").unwrap();
    let mpath = dir.path().join("out/manifest.json");
    let mut m: serde_json::Value = serde_json::from_slice(&std::fs::read(&mpath).unwrap()).unwrap();
    m["outputs"]["minimal/inspection-form.md"]["sha256"] =
        qingdan::manifest::sha256(&std::fs::read(&file).unwrap()).into();
    std::fs::write(&mpath, serde_json::to_vec_pretty(&m).unwrap()).unwrap();
    let o = build(dir.path(), &[]);
    assert!(
        stdout(&o).contains("0 written, 10 up to date"),
        "{}",
        stdout(&o)
    );
    assert_ne!(std::fs::read(&file).unwrap(), good);

    let o = build(dir.path(), &["--force"]);
    let out = stdout(&o);
    assert!(
        out.contains("wrote out/minimal/inspection-form.md"),
        "{out}"
    );
    assert!(out.contains("1 written, 9 up to date"), "{out}");
    assert_eq!(std::fs::read(&file).unwrap(), good);
}

/// Editing one checklist rewrites its outputs only; bytes that come out the
/// same are not rewritten (the file is not even replaced).
#[test]
fn editing_one_checklist_rewrites_only_its_outputs() {
    let dir = two_checklists();
    let o = build(dir.path(), &[]);
    assert!(stdout(&o).contains("10 written"), "{}", stdout(&o));
    let before = tree(&dir.path().join("out"));
    #[cfg(unix)]
    let duties_inode = inode(
        &dir.path()
            .join("out/principal-duties-law-21/inspection-form.md"),
    );

    let f = dir.path().join("checklists/minimal.yaml");
    let text = std::fs::read_to_string(&f).unwrap();
    std::fs::write(&f, text.replace("测试清单", "测试清单（修订）")).unwrap();
    let o = build(dir.path(), &["--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let after = tree(&dir.path().join("out"));
    for o in v["outputs"].as_array().unwrap() {
        let path = o["path"].as_str().unwrap();
        let rel = path.strip_prefix("out/").unwrap();
        let changed = before.get(rel) != after.get(rel);
        if o["checklist"] == "minimal" {
            assert_eq!(o["state"], "written", "{path}");
            assert!(changed, "{path} unchanged");
        } else if o["checklist"] == "principal-duties-law-21" {
            assert_eq!(o["state"], "unchanged", "{path}");
            assert!(!changed, "{path} rewritten");
        }
    }
    assert_eq!(
        v["written"], 6,
        "5 of minimal (with its self-check page), and index.html (its title)"
    );
    #[cfg(unix)]
    assert_eq!(
        inode(
            &dir.path()
                .join("out/principal-duties-law-21/inspection-form.md")
        ),
        duties_inode,
        "the other checklist's file was replaced"
    );

    // A change that leaves the documents as they were (a comment): rendered,
    // compared, nothing rewritten; the manifest records the new checklist hash.
    #[cfg(unix)]
    let md_inode = inode(&dir.path().join("out/minimal/inspection-form.md"));
    let text = std::fs::read_to_string(&f).unwrap();
    std::fs::write(&f, format!("# 注释\n{text}")).unwrap();
    let o = build(dir.path(), &[]);
    assert!(
        stdout(&o).contains("0 written, 10 up to date"),
        "{}",
        stdout(&o)
    );
    #[cfg(unix)]
    assert_eq!(
        inode(&dir.path().join("out/minimal/inspection-form.md")),
        md_inode,
        "identical bytes were written again"
    );
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("out/manifest.json")).unwrap())
            .unwrap();
    assert_eq!(
        m["outputs"]["minimal/inspection-form.md"]["checklist_sha256"],
        qingdan::manifest::sha256(&std::fs::read(&f).unwrap())
    );
    let o = build(dir.path(), &["--check"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

/// A different font set makes the PDFs stale (and only them); so does a
/// different qingdan version or format hash recorded in the manifest.
#[test]
fn font_set_and_version_changes_make_outputs_stale() {
    let dir = tempfile::tempdir().unwrap();
    let cl = dir.path().join("checklists");
    std::fs::create_dir_all(&cl).unwrap();
    std::fs::copy(
        root().join("tests/fixtures/valid/minimal.yaml"),
        cl.join("minimal.yaml"),
    )
    .unwrap();
    let fonts = dir.path().join("fonts");
    std::fs::create_dir_all(&fonts).unwrap();
    std::fs::copy(
        root().join("tests/fixtures/user-fangsong/test-fangsong-gb2312.ttf"),
        fonts.join("fs.ttf"),
    )
    .unwrap();
    let o = build(dir.path(), &["--format", "md,pdf", "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = build(dir.path(), &["--format", "md,pdf", "--check"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));

    let o = build(
        dir.path(),
        &["--format", "md,pdf", "--check", "--font-dir", "fonts"],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let out = stdout(&o);
    assert!(
        out.contains(
            "stale: out/minimal/inspection-form.pdf (qingdan version or settings changed)"
        ),
        "{out}"
    );
    assert!(!out.contains(".md"), "Markdown does not use fonts: {out}");

    // Another version (or format) recorded for the Markdown: stale.
    let mpath = dir.path().join("out/manifest.json");
    let mut m: serde_json::Value = serde_json::from_slice(&std::fs::read(&mpath).unwrap()).unwrap();
    let pdf_other = m["outputs"]["minimal/inspection-form.pdf"]["other_sha256"].clone();
    let md_other = m["outputs"]["minimal/inspection-form.md"]["other_sha256"].clone();
    assert_ne!(pdf_other, md_other, "the format is part of the hash");
    m["outputs"]["minimal/inspection-form.md"]["other_sha256"] = pdf_other;
    std::fs::write(&mpath, serde_json::to_vec_pretty(&m).unwrap()).unwrap();
    let o = build(dir.path(), &["--format", "md,pdf", "--check"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains(
            "stale: out/minimal/inspection-form.md (qingdan version or settings changed)"
        ),
        "{}",
        stdout(&o)
    );
}

/// Outputs do not depend on the current folder, locale or time zone; Markdown
/// and HTML not on `SOURCE_DATE_EPOCH` either, and a PDF's date from it not on
/// the time zone.
#[test]
fn outputs_do_not_depend_on_folder_locale_time_zone_or_epoch() {
    let dir = two_checklists();
    let other = tempfile::tempdir().unwrap();
    let cl = dir.path().join("checklists");
    let run = |cwd: &Path, out: &Path, env: &[(&str, &str)], formats: &str| {
        let mut c = command(cwd);
        c.args([
            "build",
            "-q",
            "--checklists",
            cl.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--format",
            formats,
        ]);
        for (k, v) in env {
            c.env(k, v);
        }
        let o = c.output().unwrap();
        assert_eq!(o.status.code(), Some(0), "{env:?}: {}", stderr(&o));
        tree(out)
    };
    let a = run(
        dir.path(),
        &dir.path().join("a"),
        &[("LC_ALL", "C"), ("TZ", "UTC")],
        "md,html",
    );
    let b = run(
        other.path(),
        &dir.path().join("b"),
        &[
            ("LC_ALL", "zh_CN.UTF-8"),
            ("LANG", "zh_CN.GB18030"),
            ("TZ", "Pacific/Kiritimati"),
            ("SOURCE_DATE_EPOCH", "2000000000"),
        ],
        "md,html",
    );
    assert_eq!(a.len(), 11, "{:?}", a.keys());
    assert!(
        a == b,
        "outputs differ with folder, locale, time zone or epoch"
    );

    let pdf = |out: &str, tz: &str| {
        run(
            dir.path(),
            &dir.path().join(out),
            &[("TZ", tz), ("SOURCE_DATE_EPOCH", "1700000000")],
            "pdf",
        )
    };
    let (x, y) = (pdf("x", "UTC"), pdf("y", "Pacific/Kiritimati"));
    assert!(x == y, "PDF dates depend on the time zone");
    // 1700000000 is 2023-11-14 (UTC); the date must say so in any zone.
    let pdf = lopdf::Document::load_mem(&x["minimal/inspection-form.pdf"]).unwrap();
    let info = pdf
        .trailer
        .get(b"Info")
        .and_then(|i| i.as_reference())
        .unwrap();
    let date = pdf
        .get_object(info)
        .and_then(|o| o.as_dict())
        .and_then(|d| d.get(b"CreationDate"))
        .and_then(|d| d.as_str())
        .unwrap();
    assert!(
        date.starts_with(b"D:20231114"),
        "{}",
        String::from_utf8_lossy(date)
    );
}

/// `--json` prints exactly the documented fields.
#[test]
fn build_json_has_the_documented_fields() {
    let dir = two_checklists();
    build(dir.path(), &["-q"]);
    let f = dir.path().join("checklists/minimal.yaml");
    let text = std::fs::read_to_string(&f).unwrap();
    std::fs::write(&f, text.replace("测试清单", "测试清单二")).unwrap();
    let o = build(dir.path(), &["--check", "--json"]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    let mut want = vec![
        "check",
        "written",
        "unchanged",
        "removed",
        "failed",
        "seconds",
        "outputs",
        "warnings",
        "diagnostics",
    ];
    want.sort_unstable();
    let mut keys = keys;
    keys.sort_unstable();
    assert_eq!(keys, want);
    assert_eq!(v["check"], true);
    assert_eq!(
        v["failed"], 6,
        "the five outputs of minimal (with its self-check page), and index.html"
    );
    assert!(v["seconds"].is_number());
    let mut seen_reason = false;
    for o in v["outputs"].as_array().unwrap() {
        let mut k: Vec<&str> = o.as_object().unwrap().keys().map(String::as_str).collect();
        k.sort_unstable();
        let base = ["checklist", "format", "path", "state", "template"];
        if o["state"] == "stale" {
            assert_eq!(
                k,
                ["checklist", "format", "path", "reason", "state", "template"]
            );
            let why = if o["template"] == "index" {
                "the list of checklists or of their documents changed".to_string()
            } else {
                format!(
                    "{} changed",
                    Path::new("checklists").join("minimal.yaml").display()
                )
            };
            assert_eq!(o["reason"], why);
            seen_reason = true;
        } else {
            assert_eq!(k, base, "{o}");
        }
    }
    assert!(seen_reason);
    // Warnings and diagnostics are lists (here: the checklist's own warning).
    assert!(v["warnings"].is_array());
    assert!(v["diagnostics"].is_array());
}

// ---------------------------------------------------------------- other commands

#[test]
fn render_to_standard_output_writes_markdown_and_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let c = root().join("checklists/principal-duties-law-21.yaml");
    let o = qingdan(
        dir.path(),
        &[
            "render",
            "-t",
            "duty-commitment",
            "-c",
            c.to_str().unwrap(),
            "-o",
            "-",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let md = stdout(&o);
    assert!(md.starts_with("---\n"), "front matter first: {md}");
    assert!(md.contains("履职尽责承诺书"), "{md}");
    assert!(md.contains("及时、如实报告生产安全事故。"), "{md}");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "a file was written"
    );
}

#[test]
fn list_json_has_sections_with_parts_and_aliases() {
    let o = qingdan(&root(), &["list", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let ids: Vec<&str> = v["checklists"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 11, "{ids:?}");
    let gm = v["checklists"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "gongmao-major-hazards")
        .unwrap();
    assert_eq!(gm["kind"], "hazards");
    assert_eq!(gm["items"], 64);
    let sections = gm["sections"].as_array().unwrap();
    assert_eq!(sections.len(), 11);
    assert_eq!(sections[0]["id"], "management");
    assert_eq!(sections[0]["part"], "common");
    let machinery = sections.iter().find(|s| s["id"] == "machinery").unwrap();
    assert_eq!(machinery["part"], "industry");
    assert_eq!(machinery["items"], 7);
    assert_eq!(
        machinery["aliases"],
        serde_json::json!(["机械", "机械企业", "机械制造"])
    );
    let templates: Vec<&str> = v["templates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert!(templates.contains(&"warning-letter"), "{templates:?}");
}

#[test]
fn schema_config_describes_every_key() {
    let o = qingdan(&root(), &["schema", "config"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["additionalProperties"], false, "unknown keys are errors");
    let mut keys: Vec<&str> = v["properties"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "checklists",
            "font_dirs",
            "industries",
            "out",
            "select",
            "templates"
        ]
    );
    assert_eq!(v["properties"]["font_dirs"]["type"], "array");
}

/// `--config FILE`: paths in it are relative to the file, not to the folder
/// qingdan runs in; `font_dirs` adds fonts.
#[test]
fn config_file_paths_are_relative_to_it_and_font_dirs_add_fonts() {
    let dir = tempfile::tempdir().unwrap();
    let proj = dir.path().join("proj");
    std::fs::create_dir_all(proj.join("lists")).unwrap();
    std::fs::create_dir_all(proj.join("myfonts")).unwrap();
    std::fs::copy(
        root().join("tests/fixtures/valid/minimal.yaml"),
        proj.join("lists/minimal.yaml"),
    )
    .unwrap();
    std::fs::copy(
        root().join("tests/fixtures/user-fangsong/test-fangsong-gb2312.ttf"),
        proj.join("myfonts/fs.ttf"),
    )
    .unwrap();
    std::fs::write(
        proj.join("settings.yaml"),
        "checklists: lists\nout: public\nfont_dirs: [myfonts]\n",
    )
    .unwrap();
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    let cfg = proj.join("settings.yaml");
    let cfg = cfg.to_str().unwrap();
    let o = qingdan(
        &elsewhere,
        &["--config", cfg, "build", "-q", "--format", "md"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(proj.join("public/minimal/inspection-form.md").is_file());
    assert!(!elsewhere.join("public").exists());
    let o = qingdan(&elsewhere, &["--config", cfg, "list"]);
    assert!(stdout(&o).contains("minimal"), "{}", stdout(&o));

    let o = qingdan(&elsewhere, &["--config", cfg, "fonts"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let line = stdout(&o)
        .lines()
        .find(|l| l.starts_with("FangSong_GB2312"))
        .map(str::to_string)
        .unwrap_or_else(|| panic!("no user font in\n{}", stdout(&o)));
    assert!(line.ends_with("fs.ttf"), "{line}");
    // Without the configuration the font is not there.
    let o = qingdan(&elsewhere, &["fonts"]);
    assert!(!stdout(&o).contains("FangSong_GB2312"), "{}", stdout(&o));
}

// ---------------------------------------------------------------- warnings

#[test]
fn a_declared_source_no_item_cites_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join("tests/fixtures/valid/minimal.yaml")).unwrap();
    let unused = text.replace(
        "sections:\n",
        "  - id: spare\n    title: 另一个文件\nsections:\n",
    );
    assert_ne!(unused, text);
    std::fs::write(dir.path().join("u.yaml"), unused).unwrap();
    std::fs::write(dir.path().join("m.yaml"), text).unwrap();
    let o = qingdan(dir.path(), &["validate", "u.yaml"]);
    assert_eq!(o.status.code(), Some(0), "a warning, exit 0");
    assert!(
        stderr(&o).contains("warning: source `spare` is declared but no item cites it"),
        "{}",
        stderr(&o)
    );
    let o = qingdan(dir.path(), &["validate", "m.yaml"]);
    assert!(
        stderr(&o).contains("0 errors, 0 warnings"),
        "{}",
        stderr(&o)
    );
}

/// Results without inspectors warn; an open hazard without an owner gets no
/// notice and a warning naming it.
#[test]
fn results_without_inspectors_and_hazards_without_owners_are_warned() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("checklists"), &dir.path().join("checklists"));
    let text = std::fs::read_to_string(root().join("examples/results/gongmao-2025.yaml")).unwrap();
    let edited = text
        .replace("inspectors: [孙晓梅, 刘卫东, 陈建华]\n", "")
        .replace("    owner: 王建军\n", "");
    assert_eq!(
        edited.len() + "inspectors: [孙晓梅, 刘卫东, 陈建华]\n".len() + "    owner: 王建军\n".len(),
        text.len()
    );
    std::fs::write(dir.path().join("r.yaml"), edited).unwrap();
    std::fs::write(dir.path().join("ok.yaml"), &text).unwrap();

    let o = qingdan(dir.path(), &["validate", "r.yaml"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("warning: no `inspectors:` listed; the report leaves 自查人员 blank"),
        "{}",
        stderr(&o)
    );
    let o = qingdan(dir.path(), &["validate", "ok.yaml"]);
    assert!(!stderr(&o).contains("inspectors"), "{}", stderr(&o));

    let o = qingdan(
        dir.path(),
        &[
            "notices",
            "--results",
            "r.yaml",
            "--as-of",
            "2025-04-30",
            "-o",
            "n",
            "--format",
            "md",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(
            "warning: open hazard `gm-11-3` has no `owner`, so no notice was written for it"
        ),
        "{}",
        stderr(&o)
    );
    let written: Vec<String> = std::fs::read_dir(dir.path().join("n"))
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    assert!(written.is_empty(), "{written:?}");
    // With its owner, the same hazard gets its notice and no warning.
    let o = qingdan(
        dir.path(),
        &[
            "notices",
            "--results",
            "ok.yaml",
            "--as-of",
            "2025-04-30",
            "-o",
            "m",
            "--format",
            "md",
        ],
    );
    assert!(!stderr(&o).contains("no `owner`"), "{}", stderr(&o));
    assert!(dir.path().join("m/01-王建军.md").is_file());
}

// ---------------------------------------------------------------- report

fn example_report(dir: &Path, name: &str, as_of: &str, epoch: Option<&str>) -> Vec<u8> {
    let out = dir.join(name);
    let mut c = command(&root());
    c.args([
        "report",
        "--results",
        "examples/results/gongmao-2025.yaml",
        "--as-of",
        as_of,
        "-o",
        out.to_str().unwrap(),
    ]);
    if let Some(e) = epoch {
        c.env("SOURCE_DATE_EPOCH", e);
    }
    let o = c.output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    std::fs::read(out).unwrap()
}

#[test]
fn report_csv_has_crlf_line_ends() {
    let dir = tempfile::tempdir().unwrap();
    let csv = example_report(dir.path(), "r.csv", "2025-04-30", None);
    let lf = csv.iter().filter(|&&b| b == b'\n').count();
    let crlf = csv.windows(2).filter(|w| w == b"\r\n").count();
    assert_eq!(lf, 3, "header and two hazards");
    assert_eq!(crlf, lf, "every line ends in CRLF");
    assert!(csv.ends_with(b"\r\n"));
}

/// The parts of an XLSX (a zip) as text.
fn xlsx_parts(bytes: &[u8]) -> BTreeMap<String, String> {
    use std::io::Read;
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut parts = BTreeMap::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let mut s = String::new();
        f.read_to_string(&mut s).unwrap();
        parts.insert(f.name().to_string(), s);
    }
    parts
}

/// The value of attribute `name` in an XML start tag.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    tag[at..].split('"').next()
}

/// The start tags `<tag …>` inside `xml`.
fn tags<'a>(xml: &'a str, tag: &str) -> Vec<&'a str> {
    let open = format!("<{tag}");
    xml.match_indices(&open)
        .filter(|(i, _)| {
            let next = xml[i + open.len()..].chars().next();
            matches!(next, Some(' ' | '>' | '/'))
        })
        .map(|(i, _)| &xml[i..i + xml[i..].find('>').unwrap() + 1])
        .collect()
}

#[test]
fn report_xlsx_header_is_bold_and_frozen() {
    let dir = tempfile::tempdir().unwrap();
    let parts = xlsx_parts(&example_report(dir.path(), "r.xlsx", "2025-04-30", None));
    let sheet = &parts["xl/worksheets/sheet1.xml"];
    let styles = &parts["xl/styles.xml"];
    // Frozen below row 1.
    let pane = tags(sheet, "pane");
    assert_eq!(pane.len(), 1, "{sheet}");
    assert_eq!(attr(pane[0], "state"), Some("frozen"));
    assert_eq!(attr(pane[0], "ySplit"), Some("1"));
    assert_eq!(attr(pane[0], "xSplit"), None, "no frozen columns");
    // Bold: the header cells' style uses a bold font; the data cells' does not.
    let fonts_xml = &styles[styles.find("<fonts").unwrap()..styles.find("</fonts>").unwrap()];
    let fonts: Vec<&str> = fonts_xml.split("<font>").skip(1).collect();
    let xfs_xml = &styles[styles.find("<cellXfs").unwrap()..styles.find("</cellXfs>").unwrap()];
    let xfs = tags(xfs_xml, "xf");
    let bold = |style: Option<&str>| {
        let xf = xfs[style.unwrap_or("0").parse::<usize>().unwrap()];
        let font: usize = attr(xf, "fontId").unwrap().parse().unwrap();
        fonts[font].contains("<b/>")
    };
    let cells = tags(sheet, "c");
    let row = |r: &str| -> Vec<&str> {
        cells
            .iter()
            .copied()
            .filter(|c| {
                attr(c, "r")
                    .is_some_and(|a| a.trim_start_matches(|ch: char| ch.is_ascii_uppercase()) == r)
            })
            .collect()
    };
    let head = row("1");
    assert_eq!(head.len(), 12, "{head:?}");
    for c in &head {
        assert!(bold(attr(c, "s")), "header cell not bold: {c}");
    }
    let data = row("2");
    assert!(!data.is_empty());
    for c in &data {
        assert!(!bold(attr(c, "s")), "data cell bold: {c}");
    }
}

/// The XLSX's document date is the report date, whatever the clock says: two
/// runs under different `SOURCE_DATE_EPOCH` clocks (and none) give the same
/// bytes; another report date gives another date.
#[test]
fn report_xlsx_date_comes_from_the_data_not_the_clock() {
    let dir = tempfile::tempdir().unwrap();
    let a = example_report(dir.path(), "a.xlsx", "2025-04-30", Some("0"));
    let b = example_report(dir.path(), "b.xlsx", "2025-04-30", Some("2000000000"));
    let c = example_report(dir.path(), "c.xlsx", "2025-04-30", None);
    assert!(a == b && b == c, "the XLSX depends on the clock");
    let core = &xlsx_parts(&a)["docProps/core.xml"];
    assert!(
        core.contains(">2025-04-30T00:00:00Z</dcterms:created>"),
        "{core}"
    );
    let d = example_report(dir.path(), "d.xlsx", "2025-05-02", Some("0"));
    let core = &xlsx_parts(&d)["docProps/core.xml"];
    assert!(
        core.contains(">2025-05-02T00:00:00Z</dcterms:created>"),
        "{core}"
    );
}

// ---------------------------------------------------------------- diff

/// Two folders, paired by checklist id (not file name): an item removed, one
/// added, one moved to a new section.
#[test]
fn diff_of_two_folders_pairs_by_id_and_shows_removed_and_moved_items() {
    let dir = tempfile::tempdir().unwrap();
    let old = std::fs::read_to_string(root().join("tests/fixtures/valid/minimal.yaml")).unwrap();
    let i = old.find("      - id: gm-3-1").unwrap();
    let j = old.find("      - id: gm-3-2").unwrap();
    let new = format!(
        "{}      - id: gm-3-3\n        text: 新增的检查项\n        basis: {{ source: mem-10, clause: 第三条第（三）项 }}\n  - id: other\n    title: 其他\n    items:\n{}",
        &old[..i],
        &old[j..]
    );
    for (d, name, text) in [("old", "a.yaml", &old), ("new", "renamed.yaml", &new)] {
        std::fs::create_dir_all(dir.path().join(d)).unwrap();
        std::fs::write(dir.path().join(d).join(name), text).unwrap();
    }
    let o = qingdan(dir.path(), &["diff", "old", "new"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let md = stdout(&o);
    assert!(md.contains("## `minimal` 测试清单"), "{md}");
    assert!(
        md.contains("1 added, 1 removed, 1 changed; 2 → 2 items"),
        "{md}"
    );
    let removed = &md[md.find("### Removed").unwrap()..md.find("### Changed").unwrap()];
    assert!(
        removed.contains("| `gm-3-1` | management | 未对承包单位"),
        "{removed}"
    );
    assert!(
        md.contains("| `gm-3-2` | section | management | other |"),
        "{md}"
    );
    assert!(
        md.contains("| `gm-3-3` | management | 新增的检查项"),
        "{md}"
    );
    let o = qingdan(dir.path(), &["diff", "--exit-code", "old", "new"]);
    assert_eq!(o.status.code(), Some(1));
    let o = qingdan(dir.path(), &["diff", "--exit-code", "old", "old"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));

    let o = qingdan(dir.path(), &["diff", "--json", "old", "new"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let c = &v["checklists"][0];
    assert_eq!(c["removed"][0]["id"], "gm-3-1");
    assert_eq!(c["changed"][0]["changes"][0]["field"], "section");
}

// ---------------------------------------------------------------- tools helper

/// A test that needs a missing tool fails, unless QINGDAN_SKIP_TOOLS=1.
#[test]
fn a_missing_tool_fails_unless_skipping_is_asked_for() {
    let skip = std::env::var_os("QINGDAN_SKIP_TOOLS").is_some_and(|v| v == "1");
    let r = std::panic::catch_unwind(|| common::tools_available(&["qingdan-no-such-tool"]));
    if skip {
        assert_eq!(r.ok(), Some(false));
    } else {
        assert!(r.is_err(), "a missing tool passed silently");
    }
}

// ---------------------------------------------------------------- letters

const ROSTER: &str = "名称,行业\n甲燃气有限公司,燃气\n乙机械厂,工贸\n";

fn letters_md(dir: &Path, roster: &str) -> Output {
    common::letters_with(dir, roster, &["--format", "md"])
}

fn set_event(dir: &Path, from: &str, to: &str) {
    let p = dir.join("event.yaml");
    let text = std::fs::read_to_string(&p).unwrap();
    assert!(text.contains(from), "{from}");
    std::fs::write(&p, text.replacen(from, to, 1)).unwrap();
}

/// `self_check.sections` keeps only the sections named; the other sections'
/// items are not on the sheet.
#[test]
fn letters_sections_filter_keeps_only_the_named_sections() {
    let dir = common::letters_dir(ROSTER);
    let o = letters_md(dir.path(), "roster.csv");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let whole = std::fs::read_to_string(dir.path().join("out/002-乙机械厂.md")).unwrap();
    let management = "未对承包单位、承租单位的安全生产工作统一协调、管理，或者未定期进行安全检查的";
    let machinery = "使用非防爆电气设备进行涂装作业的";
    assert!(
        whole.contains(management)
            && whole.contains("粉尘爆炸危险场所设置在非框架结构的多层建（构）筑物内"),
        "whole sheet"
    );

    set_event(
        dir.path(),
        "  deadline: 2025-03-31\n",
        "  sections:\n    gongmao-major-hazards: [management]\n  deadline: 2025-03-31\n",
    );
    let o = letters_md(dir.path(), "roster.csv");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let md = std::fs::read_to_string(dir.path().join("out/002-乙机械厂.md")).unwrap();
    assert!(md.contains(management), "{md}");
    assert!(
        !md.contains("粉尘爆炸危险场所设置在非框架结构"),
        "a section left out is printed"
    );
    assert!(!md.contains(machinery));
    // The gas letter is unaffected.
    let gas = std::fs::read_to_string(dir.path().join("out/001-甲燃气有限公司.md")).unwrap();
    assert!(gas.contains("未取得燃气经营许可证从事燃气经营活动"));
}

/// A `doc_no` without `{n}` is the same on every letter; with `{n}` it counts
/// from `number_from`.
#[test]
fn letters_fixed_and_running_doc_numbers() {
    let dir = common::letters_dir(ROSTER);
    let o = letters_md(dir.path(), "roster.csv");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let nos = |dir: &Path| -> Vec<String> {
        let index = std::fs::read(dir.join("out/index.csv")).unwrap();
        let mut r = csv::Reader::from_reader(&index[3..]);
        r.records().map(|r| r.unwrap()[3].to_string()).collect()
    };
    assert_eq!(
        nos(dir.path()),
        ["襄安委办函〔2025〕12号", "襄安委办函〔2025〕13号"]
    );
    let text = std::fs::read_to_string(dir.path().join("event.yaml")).unwrap();
    let doc_no_line = text
        .lines()
        .find(|l| l.starts_with("doc_no:"))
        .unwrap()
        .to_string();
    set_event(dir.path(), &doc_no_line, "doc_no: 襄安委办函〔2025〕7号");
    let o = letters_md(dir.path(), "roster.csv");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        nos(dir.path()),
        ["襄安委办函〔2025〕7号", "襄安委办函〔2025〕7号"]
    );
    for f in ["001-甲燃气有限公司.md", "002-乙机械厂.md"] {
        let md = std::fs::read_to_string(dir.path().join("out").join(f)).unwrap();
        assert!(md.contains("襄安委办函〔2025〕7号"), "{f}");
    }
}

/// `index.csv`: UTF-8 with BOM, the documented header, one row per letter; 页数
/// is empty without PDF output.
#[test]
fn letters_index_csv_header_and_columns() {
    let dir = common::letters_dir(ROSTER);
    let o = letters_md(dir.path(), "roster.csv");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let index = std::fs::read(dir.path().join("out/index.csv")).unwrap();
    assert!(index.starts_with(b"\xef\xbb\xbf"));
    let text = std::str::from_utf8(&index[3..]).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("序号,收件单位,文件,发文字号,附件清单,页数,自查填报页")
    );
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(
        rows,
        [
            vec![
                "1",
                "甲燃气有限公司",
                "001-甲燃气有限公司.md",
                "襄安委办函〔2025〕12号",
                "gas-major-hazards",
                "",
                ""
            ],
            vec![
                "2",
                "乙机械厂",
                "002-乙机械厂.md",
                "襄安委办函〔2025〕13号",
                "gongmao-major-hazards",
                "",
                ""
            ],
        ]
    );
}

/// A YAML roster under `recipients:` reads like a plain list; .xls and .ods are
/// refused by design, saying what to do.
#[test]
fn letters_recipients_yaml_roster_and_xls_ods_refused() {
    let dir = common::letters_dir(ROSTER);
    std::fs::write(
        dir.path().join("r.yaml"),
        "recipients:\n  - 名称: 甲燃气有限公司\n    行业: 燃气\n  - name: 乙机械厂\n    industry: 工贸\n",
    )
    .unwrap();
    let o = letters_md(dir.path(), "r.yaml");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(dir.path().join("out/001-甲燃气有限公司.md").is_file());
    assert!(dir.path().join("out/002-乙机械厂.md").is_file());
    for ext in ["xls", "ods", "XLS"] {
        let name = format!("r.{ext}");
        std::fs::write(dir.path().join(&name), b"PK\x03\x04 not read").unwrap();
        let o = letters_md(dir.path(), &name);
        assert_eq!(o.status.code(), Some(1), "{ext}");
        let err = stderr(&o);
        assert!(
            err.contains(&format!(
                "{name}: error: .{} rosters are not read",
                ext.to_lowercase()
            )),
            "{err}"
        );
        assert!(
            err.contains("save the roster as .xlsx or CSV UTF-8"),
            "{err}"
        );
    }
    // The help of every command with a roster says the same, in both languages.
    for cmd in ["letters", "merge", "ledger"] {
        for lang in ["en", "zh"] {
            let o = common::qingdan(dir.path(), &[cmd, "--help", "--lang", lang]);
            let help = String::from_utf8_lossy(&o.stdout).into_owned();
            let roster = help
                .lines()
                .find(|l| l.trim_start().starts_with("--roster"))
                .unwrap_or_default();
            assert!(roster.contains(".xlsx"), "{cmd} {lang}: {roster}");
            for refused in [".xls、", ".xls,", ".ods、", ".ods,", ".ods 或", ".ods, or"] {
                assert!(!roster.contains(refused), "{cmd} {lang}: {roster}");
            }
        }
    }
}

// ---------------------------------------------------------------- bounds

/// README: "a 1,000,000-character paragraph gives 693 pages". Every character
/// is laid out, none lost.
#[test]
fn a_million_character_paragraph_is_laid_out_whole() {
    let md = format!("{}\n", "安全生产".repeat(250_000));
    let (pages, _) = qingdan::output::layout_pdf(&md).unwrap();
    assert_eq!(pages.len(), 693);
    let glyphs: usize = pages
        .iter()
        .flat_map(|p| &p.items)
        .map(|(_, it)| match it {
            qingdan::pdf::Item::Text(r) => {
                r.text().chars().filter(|c| "安全生产".contains(*c)).count()
            }
            _ => 0,
        })
        .sum();
    assert_eq!(glyphs, 1_000_000);
}

/// The diff a golden-file failure prints.
#[test]
fn golden_failures_show_a_line_diff() {
    assert_eq!(
        common::line_diff("a\nb\nc\n", "a\nB\nc\n"),
        "  a\n- b\n+ B\n  c\n"
    );
    let old: String = (1..=20).map(|i| format!("{i}\n")).collect();
    let new: String = (1..=20)
        .filter(|&i| i != 18)
        .map(|i| {
            if i == 3 {
                "three\n".to_string()
            } else {
                format!("{i}\n")
            }
        })
        .collect();
    assert_eq!(
        common::line_diff(&old, &new),
        "  1\n  2\n- 3\n+ three\n  4\n  5\n…\n  16\n  17\n- 18\n  19\n  20\n"
    );
    assert_eq!(common::line_diff("x\n", "x\n"), "");
}
