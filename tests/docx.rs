//! `--format docx`: every DOCX opened and its XML read back. Forms hold every
//! item in Word tables with a repeating header row; letters their red letterhead
//! and one file a recipient; page numbers are fields; fonts are named, never
//! theme fonts; the bytes are the same on every run. LibreOffice, when present,
//! opens a form and a letter and gives about as many pages as our PDF.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use qingdan::model;

mod common;
use common::{copy_dir, letters_dir, letters_in, qingdan, root, stderr, tools_available};

/// Every part of a DOCX by name, each checked to be well-formed XML.
fn parts(path: &Path) -> BTreeMap<String, String> {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut s = String::new();
        f.read_to_string(&mut s).unwrap();
        text_of(&s); // panics on malformed XML
        out.insert(f.name().to_string(), s);
    }
    for part in [
        "[Content_Types].xml",
        "_rels/.rels",
        "word/document.xml",
        "word/styles.xml",
        "word/fontTable.xml",
    ] {
        assert!(out.contains_key(part), "{}: no {part}", path.display());
    }
    out
}

/// The text of every `w:t` of an XML part, one paragraph a line; panics if the
/// XML is not well-formed.
fn text_of(xml: &str) -> String {
    use quick_xml::events::Event;
    let mut r = quick_xml::Reader::from_str(xml);
    let mut out = String::new();
    let mut in_t = false;
    loop {
        match r.read_event() {
            Ok(Event::Start(e)) => in_t = e.name().as_ref() == b"w:t",
            Ok(Event::End(e)) => {
                in_t = false;
                if e.name().as_ref() == b"w:p" {
                    out.push('\n');
                }
            }
            Ok(Event::Text(t)) if in_t => out.push_str(&t.decode().unwrap()),
            Ok(Event::GeneralRef(g)) if in_t => match g.resolve_char_ref().unwrap() {
                Some(c) => out.push(c),
                None => out.push(match g.decode().unwrap().as_ref() {
                    "amp" => '&',
                    "lt" => '<',
                    "gt" => '>',
                    "quot" => '"',
                    "apos" => '\'',
                    other => panic!("unknown entity {other}"),
                }),
            },
            Ok(Event::Eof) => return out,
            Ok(_) => {}
            Err(e) => panic!("malformed XML at {}: {e}\n{xml}", r.buffer_position()),
        }
    }
}

/// Fonts are named for every script and never come from a theme.
fn assert_named_fonts(name: &str, parts: &BTreeMap<String, String>) {
    for (part, xml) in parts {
        for bad in [
            "Theme=",
            "minorEastAsia",
            "majorEastAsia",
            "minorHAnsi",
            "w:rsid",
        ] {
            assert!(!xml.contains(bad), "{name} {part} has {bad}");
        }
    }
    assert!(parts["word/styles.xml"].contains("w:eastAsia=\""), "{name}");
}

fn build_docx(dir: &Path) {
    copy_dir(&root().join("checklists"), &dir.join("checklists"));
    let o = qingdan(dir, &["build", "--format", "docx"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn built_forms_hold_every_item_in_word_tables() {
    let dir = tempfile::tempdir().unwrap();
    build_docx(dir.path());
    let mut checked = 0;
    for path in model::find_yaml(&root().join("checklists")).unwrap() {
        let Some(c) = model::load_checklist(&path).checklist else {
            continue;
        };
        // Posts and cards have templates of their own (tests below and in
        // tests/cards.rs); every other kind has an inspection form.
        if matches!(c.kind.as_str(), "responsibilities" | "emergency-cards") {
            continue;
        }
        let file = dir
            .path()
            .join("out")
            .join(&c.id)
            .join("inspection-form.docx");
        let p = parts(&file);
        let doc = &p["word/document.xml"];
        let text = text_of(doc);
        for s in &c.sections {
            for item in &s.items {
                assert!(
                    text.contains(item.text.trim()),
                    "{}: item {} missing",
                    file.display(),
                    item.id
                );
            }
        }
        // The header row repeats on every page; rows stay whole.
        let header_row = doc.find("<w:tblHeader/>").expect("a header row");
        assert!(
            doc[..header_row].contains("<w:tr>"),
            "tblHeader inside a row"
        );
        assert!(doc.contains("<w:cantSplit/>"));
        // A4 with the form's margins (top 20, right 15, bottom 20, left 20 mm).
        assert!(doc.contains("<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"), "A4");
        assert!(
            doc.contains("w:top=\"1134\" w:right=\"850\" w:bottom=\"1134\" w:left=\"1134\""),
            "{}: margins",
            file.display()
        );
        // Table cells: at least, never exactly, the line pitch.
        assert!(doc.contains("w:lineRule=\"atLeast\""));
        let footer = &p["word/footer1.xml"];
        assert!(
            footer.contains(" PAGE ") && footer.contains(" NUMPAGES "),
            "{footer}"
        );
        assert!(text_of(footer).contains("第 1 页 共 1 页"), "{footer}");
        assert_named_fonts(&c.id, &p);
        checked += 1;
    }
    assert!(checked >= 5, "only {checked} checklists");
}

#[test]
fn the_same_inputs_give_the_same_bytes() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    build_docx(a.path());
    copy_dir(&root().join("checklists"), &b.path().join("checklists"));
    let o = common::command(b.path())
        .args(["build", "--format", "docx"])
        .env("TZ", "Pacific/Kiritimati")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut n = 0;
    for e in walkdir::WalkDir::new(a.path().join("out")) {
        let e = e.unwrap();
        if e.path().extension().is_some_and(|x| x == "docx") {
            let rel = e.path().strip_prefix(a.path()).unwrap();
            let x = std::fs::read(e.path()).unwrap();
            let y = std::fs::read(b.path().join(rel)).unwrap();
            assert!(x == y, "{} differs between runs", rel.display());
            n += 1;
        }
    }
    assert!(n > 5, "{n} files");
    // SOURCE_DATE_EPOCH dates the document, as it does the PDF.
    let o = common::command(b.path())
        .args([
            "render",
            "-t",
            "inspection-form",
            "-c",
            "hot-work-inspection-sample",
        ])
        .args(["-o", "f.docx"])
        .env("SOURCE_DATE_EPOCH", "1740096000")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let core = &parts(&b.path().join("f.docx"))["docProps/core.xml"];
    assert!(
        core.contains(">2025-02-21T00:00:00Z</dcterms:created>"),
        "{core}"
    );
}

/// The first two rows of the example roster.
const ROSTER: &str = "名称,行业,地址,联系人,电话,统一社会信用代码,乡镇,专项\n\
襄汾县堃鑫机械制造有限公司,机械,山西省临汾市襄汾县新城镇工业园区1号,王堃,0357-360000,91141023MA0AY4CL0C,新城镇,粉尘涉爆\n\
襄汾县喆达燃气有限公司,燃气,山西省临汾市襄汾县赵康镇工业园区2号,李喆,0357-360137,91141023MA012TH319,赵康镇,\n";

#[test]
fn letters_write_one_docx_a_recipient() {
    let dir = letters_dir(ROSTER);
    let o = letters_in(dir.path(), &["--format", "docx"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = dir.path().join("out");
    let index = std::fs::read_to_string(out.join("index.csv")).unwrap();
    for (no, name) in [
        (1, "襄汾县堃鑫机械制造有限公司"),
        (2, "襄汾县喆达燃气有限公司"),
    ] {
        let file = format!("{no:03}-{name}.docx");
        assert!(index.contains(&format!(",{name},{file},")), "{index}");
        let p = parts(&out.join(&file));
        let doc = &p["word/document.xml"];
        let text = text_of(doc);
        assert!(text.contains(&format!("{name}：")), "{file}: no recipient");
        assert!(text.contains("警示提醒函"), "{file}");
        // The red letterhead with the 发文字号 under it.
        let head = doc.find("襄汾县安全生产委员会办公室").expect("letterhead");
        let run_start = doc[..head].rfind("<w:r>").unwrap();
        assert!(doc[run_start..head].contains("<w:color w:val=\"FF0000\"/>"));
        assert!(text.contains("襄安委办函〔2025〕"), "{file}: 发文字号");
        // GB/T 9704 page numbers: odd and even footers, none on page 1.
        assert!(p["word/settings.xml"].contains("<w:evenAndOddHeaders/>"));
        assert!(doc.contains("<w:titlePg/>"));
        let fields = p
            .iter()
            .filter(|(k, v)| k.starts_with("word/footer") && v.contains(" PAGE "))
            .count();
        assert_eq!(fields, 2, "{file}: odd and even numbered footers");
        assert!(p["word/styles.xml"].contains("w:eastAsia=\"仿宋_GB2312\""));
        assert!(p["word/fontTable.xml"].contains("w:charset w:val=\"86\""));
        assert_named_fonts(&file, &p);
    }
    assert!(!out.join("001-襄汾县堃鑫机械制造有限公司.pdf").exists());
}

#[test]
fn combined_needs_pdf_letters_and_nothing_is_written() {
    let dir = letters_dir(ROSTER);
    let o = letters_in(dir.path(), &["--format", "docx", "--combined", "all.pdf"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("--combined"), "{}", stderr(&o));
    assert!(
        !dir.path().join("out").exists(),
        "the output folder was made"
    );
    assert!(!dir.path().join("all.pdf").exists());
    // With PDF letters beside the DOCX ones, the print file is made.
    let o = letters_in(
        dir.path(),
        &["--format", "pdf,docx", "--combined", "all.pdf"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(dir.path().join("all.pdf").exists());
    let index = std::fs::read_to_string(dir.path().join("out/index.csv")).unwrap();
    assert!(index.contains(".pdf,"), "the index names the PDF: {index}");
}

#[test]
fn report_and_notices_write_docx() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("checklists"), &dir.path().join("checklists"));
    let results = root().join("examples/results/gongmao-2025.yaml");
    let r = results.to_string_lossy();
    let o = qingdan(
        dir.path(),
        &[
            "report",
            "--results",
            &r,
            "--as-of",
            "2025-04-30",
            "-o",
            "r.docx",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let p = parts(&dir.path().join("r.docx"));
    let doc = &p["word/document.xml"];
    assert!(text_of(doc).contains("自查报告"));
    // Every 双报告's signature keeps with the paragraph before it (each ends
    // its own part, before a page break): never a page of signatures alone.
    let paras: Vec<&str> = doc.split("<w:p>").skip(1).collect();
    let mut signed = 0;
    for (k, para) in paras.iter().enumerate() {
        if text_of(&format!("<w:p>{}", para.split("</w:p>").next().unwrap()))
            .starts_with("单位（盖章）")
        {
            assert!(k > 0 && paras[k - 1].contains("<w:keepNext/>"), "{para}");
            signed += 1;
        }
    }
    assert!(signed >= 2, "{signed} signatures");
    let o = qingdan(
        dir.path(),
        &[
            "notices",
            "--results",
            &r,
            "--as-of",
            "2025-04-30",
            "-o",
            "n",
            "--format",
            "docx",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let n = std::fs::read_dir(dir.path().join("n"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "docx")
        })
        .count();
    assert!(n >= 1);
    let o = qingdan(
        dir.path(),
        &[
            "render",
            "-t",
            "inspection-form",
            "-c",
            "hot-work-inspection-sample",
            "-o",
            "x.doc",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains(".docx"), "{}", stderr(&o));
}

/// Pages of a PDF, by `pdfinfo`.
fn pdf_pages(path: &Path) -> usize {
    let o = std::process::Command::new("pdfinfo")
        .arg(path)
        .output()
        .unwrap();
    let s = String::from_utf8_lossy(&o.stdout);
    s.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("pdfinfo {}: {s}", path.display()))
}

#[test]
fn libreoffice_gives_about_as_many_pages_as_our_pdf() {
    if !tools_available(&["soffice", "pdfinfo"]) {
        return;
    }
    let dir = letters_dir(ROSTER);
    let d = dir.path();
    let o = letters_in(d, &["--format", "pdf,docx"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for f in ["docx", "pdf"] {
        let o = qingdan(
            d,
            &[
                "render",
                "-t",
                "inspection-form",
                "-c",
                "gongmao-major-hazards",
                "-o",
                &format!("form.{f}"),
            ],
        );
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }
    std::fs::copy(
        d.join("out/001-襄汾县堃鑫机械制造有限公司.docx"),
        d.join("letter.docx"),
    )
    .unwrap();
    std::fs::copy(
        d.join("out/001-襄汾县堃鑫机械制造有限公司.pdf"),
        d.join("letter-ours.pdf"),
    )
    .unwrap();
    std::fs::rename(d.join("form.pdf"), d.join("form-ours.pdf")).unwrap();
    std::fs::create_dir(d.join("lo")).unwrap();
    // A profile of its own, so parallel runs do not share LibreOffice's lock.
    let profile = format!(
        "-env:UserInstallation=file://{}",
        d.join("profile").display()
    );
    let o = std::process::Command::new("soffice")
        .current_dir(d)
        .args([
            profile.as_str(),
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            "lo",
        ])
        .args(["form.docx", "letter.docx"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for name in ["form", "letter"] {
        let theirs = pdf_pages(&d.join(format!("lo/{name}.pdf")));
        let ours = pdf_pages(&d.join(format!("{name}-ours.pdf")));
        eprintln!("{name}: LibreOffice {theirs} pages, qingdan {ours}");
        assert!(
            theirs.abs_diff(ours) <= 1,
            "{name}: LibreOffice {theirs} pages, our PDF {ours}"
        );
    }
}

/// Emergency cards: one Word table, two cards to a row whose dashed borders are
/// the cut lines, each card whole in its cell (title, steps, numbers, the
/// enterprise), rows kept whole.
#[test]
fn emergency_cards_are_cells_two_to_a_row() {
    let d = tempfile::tempdir().unwrap();
    let o = qingdan(
        d.path(),
        &[
            "render",
            "--template",
            "emergency-cards",
            "--checklist",
            "example-machinery-emergency-cards",
            "-o",
            "cards.docx",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let parts = parts(&d.path().join("cards.docx"));
    let doc = &parts["word/document.xml"];
    assert_eq!(doc.matches("<w:tbl>").count(), 1, "one table");
    let cards = model::parse_checklist(
        Path::new("cards.yaml"),
        std::fs::read_to_string(root().join("checklists/example-machinery-emergency-cards.yaml"))
            .unwrap(),
    )
    .checklist
    .unwrap();
    let n = cards.sections.len();
    assert_eq!(
        doc.matches("<w:tr>").count(),
        n.div_ceil(2),
        "two cards a row"
    );
    assert_eq!(doc.matches("<w:tc>").count(), n.div_ceil(2) * 2);
    assert_eq!(doc.matches("<w:cantSplit/>").count(), n.div_ceil(2));
    assert!(doc.contains("w:val=\"dashed\""), "dashed cut lines");
    // Each cell holds its card: its title, then its steps, in order.
    let cells: Vec<String> = doc
        .split("<w:tc>")
        .skip(1)
        .map(|c| text_of(&format!("<w:tc>{}", c.split("</w:tc>").next().unwrap())))
        .map(|t| t.replace('\n', ""))
        .collect();
    for (s, cell) in cards.sections.iter().zip(&cells) {
        assert!(cell.starts_with(&s.title), "{cell}");
        let mut at = 0;
        for item in &s.items {
            let found = cell[at..].find(&item.text).map(|i| at + i);
            at = found.unwrap_or_else(|| panic!("{}: lacks {}", s.title, item.text));
        }
        for c in &s.contacts {
            assert!(cell.contains(&c.phone), "{}: lacks {}", s.title, c.phone);
        }
    }
}
