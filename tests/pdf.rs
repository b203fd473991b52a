//! PDF output checked as a reader would: text extracted with `pdftotext`,
//! structure with `qpdf --check`, fonts with `pdffonts`, positions with
//! `pdftotext -bbox`. The poppler and qpdf tools are installed by `.ci/run`;
//! outside CI a missing tool skips these tests with a message.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;

use qingdan::model::{self, Checklist};

mod common;
use common::{qingdan, root};

/// True if the tools are there; in CI their absence is a failure.
fn tools() -> bool {
    common::tools_available(&["pdftotext", "pdffonts", "pdfinfo", "qpdf"])
}

fn pdftotext(pdf: &Path, args: &[&str]) -> String {
    let o = Command::new("pdftotext")
        .args(args)
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "pdftotext {}: {}",
        pdf.display(),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Characters that may not start a line in Chinese typesetting.
const NO_LINE_START: &str = "，。、；：？！）》」』】〕…％,.;:!?)]}”’";

fn check_pdf(pdf: &Path) {
    let o = Command::new("qpdf")
        .arg("--check")
        .arg(pdf)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "qpdf --check {}: {}",
        pdf.display(),
        String::from_utf8_lossy(&o.stdout)
    );
    let fonts = Command::new("pdffonts").arg(pdf).output().unwrap();
    let fonts = String::from_utf8(fonts.stdout).unwrap();
    for line in fonts.lines().skip(2) {
        let cols: Vec<&str> = line.split_whitespace().collect();
        // name type encoding emb sub uni object ID
        let n = cols.len();
        assert!(n >= 7, "{line}");
        assert_eq!(
            &cols[n - 5..n - 2],
            ["yes", "yes", "yes"],
            "{}: font not embedded+subset+unicode: {line}",
            pdf.display()
        );
        assert!(
            cols[0].len() > 7 && cols[0].as_bytes()[6] == b'+',
            "{}: subset tag: {line}",
            pdf.display()
        );
    }
    for line in pdftotext(pdf, &["-layout"]).lines() {
        if let Some(c) = line.trim_start().chars().next() {
            assert!(
                !NO_LINE_START.contains(c),
                "{}: line starts with `{c}`: {line}",
                pdf.display()
            );
        }
    }
}

fn shipped() -> Vec<Checklist> {
    model::find_yaml(&root().join("checklists"))
        .unwrap()
        .iter()
        .map(|p| model::load_checklist(p).checklist.unwrap())
        .collect()
}

#[test]
fn every_shipped_checklist_and_template_prints_every_item() {
    if !tools() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = qingdan(
        &root(),
        &[
            "build",
            "--format",
            "pdf",
            "--out",
            out.to_str().unwrap(),
            "-q",
        ],
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let mut checked = 0;
    for c in shipped() {
        let templates: &[&str] = match c.kind {
            model::Kind::Duties => &["inspection-form", "duty-commitment"],
            model::Kind::Responsibilities => &["responsibility-list"],
            model::Kind::EmergencyCards => &["emergency-cards"],
            _ => &["inspection-form", "self-check-sheet"],
        };
        for t in templates {
            let pdf = out.join(&c.id).join(format!("{t}.pdf"));
            check_pdf(&pdf);
            // -raw keeps content-stream order: each table cell's lines together.
            let text = squash(&pdftotext(&pdf, &["-raw"]));
            if matches!(*t, "inspection-form" | "self-check-sheet") {
                // Forms are titled as what they are: …自查清单 → …检查表 / …自查表.
                let title = if *t == "inspection-form" {
                    c.title
                        .replace("自查清单", "检查表")
                        .replace("职责清单", "履职检查表")
                } else {
                    c.title.replace("自查清单", "自查表")
                };
                assert!(
                    text.contains(&squash(&title)),
                    "{}: title {title}",
                    pdf.display()
                );
            }
            for (_, item) in c.walk() {
                assert!(
                    text.contains(&squash(&item.text)),
                    "{}: item `{}` missing or garbled",
                    pdf.display(),
                    item.id
                );
            }
            if c.status == model::Status::Draft {
                assert!(text.contains("草稿"), "{}: draft mark", pdf.display());
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 20);
}

#[test]
fn builds_are_byte_identical() {
    // Needs no tool: never skipped.
    let dir = tempfile::tempdir().unwrap();
    for (out, jobs) in [("a", "1"), ("b", "2")] {
        let o = qingdan(
            &root(),
            &[
                "build",
                "--format",
                "pdf",
                "-q",
                "--jobs",
                jobs,
                "--out",
                dir.path().join(out).to_str().unwrap(),
            ],
        );
        assert_eq!(o.status.code(), Some(0));
    }
    for c in shipped() {
        let t = match c.kind {
            model::Kind::Responsibilities => "responsibility-list",
            model::Kind::EmergencyCards => "emergency-cards",
            _ => "inspection-form",
        };
        let a = std::fs::read(dir.path().join("a").join(&c.id).join(format!("{t}.pdf"))).unwrap();
        let b = std::fs::read(dir.path().join("b").join(&c.id).join(format!("{t}.pdf"))).unwrap();
        assert!(a == b, "{}: two builds differ", c.id);
    }
}

fn big_checklist(items: usize, rare: bool) -> String {
    let mut s = String::from(
        "id: big\nkind: inspection\ntitle: 三百项检查表\nindustry: 通用\nversion: \"1\"\nsources:\n  - id: s\n    title: 测试来源\nsections:\n  - id: a\n    title: 全部\n    items:\n",
    );
    for i in 1..=items {
        let text = if rare && i == 1 {
            "负责人王堃、李喆、张赟、赵玥签字确认".to_string()
        } else {
            format!("第{i}项：检查现场消防设施是否完好有效，灭火器压力是否在绿区，疏散通道是否畅通，安全出口标志是否清晰")
        };
        s.push_str(&format!("      - id: i{i}\n        text: {text}\n        basis: {{ source: s, clause: 第{i}条 }}\n"));
    }
    s
}

#[test]
fn a_300_item_form_repeats_its_header_on_every_page() {
    if !tools() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("big.yaml"), big_checklist(300, false)).unwrap();
    let o = qingdan(
        dir.path(),
        &[
            "render",
            "-t",
            "inspection-form",
            "-c",
            "big.yaml",
            "-o",
            "big.pdf",
        ],
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let pdf = dir.path().join("big.pdf");
    check_pdf(&pdf);
    let all = pdftotext(&pdf, &["-raw"]);
    let pages = all.split('\u{c}').filter(|p| !p.trim().is_empty()).count();
    assert!(pages >= 10, "{pages} pages");
    for (n, page) in all
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .enumerate()
    {
        let p = squash(page);
        assert!(
            p.contains("序号") && p.contains("检查内容") && p.contains("检查依据"),
            "page {}: no header row",
            n + 1
        );
        assert!(
            p.contains(&format!("第{}页共{pages}页", n + 1)),
            "page {}: page number",
            n + 1
        );
    }
    let text = squash(&all);
    for i in [1, 150, 300] {
        assert!(
            text.contains(&format!("第{i}项：检查现场消防设施是否完好有效")),
            "item {i}"
        );
    }
}

#[test]
fn rare_name_characters_render_and_missing_ones_are_named() {
    if !tools() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("rare.yaml"), big_checklist(2, true)).unwrap();
    let o = qingdan(
        dir.path(),
        &[
            "render",
            "-t",
            "inspection-form",
            "-c",
            "rare.yaml",
            "-o",
            "rare.pdf",
        ],
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let text = squash(&pdftotext(&dir.path().join("rare.pdf"), &["-raw"]));
    assert!(
        // The names, not the whole cell: how the cell wraps depends on the
        // template's column widths.
        text.contains("负责人王堃、李喆、张赟、赵玥"),
        "{text}"
    );

    let missing = big_checklist(2, false).replace("第2项：", "第2项\u{10FFFD}：");
    std::fs::write(dir.path().join("missing.yaml"), missing).unwrap();
    let o = qingdan(
        dir.path(),
        &[
            "render",
            "-t",
            "inspection-form",
            "-c",
            "missing.yaml",
            "-o",
            "missing.pdf",
        ],
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("U+10FFFD") && err.contains("is not in any font"),
        "{err}"
    );
    assert!(err.contains("第2项"), "the error shows where: {err}");
    assert!(
        !dir.path().join("missing.pdf").exists(),
        "no half-written file"
    );
}

#[test]
fn warning_letter_sits_on_the_gbt9704_grid() {
    if !tools() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("checklists")).unwrap();
    for c in [
        "gongmao-major-hazards",
        "gas-major-hazards",
        "mines-major-hazards",
        "chemical-major-hazards",
    ] {
        std::fs::copy(
            root().join(format!("checklists/{c}.yaml")),
            d.join(format!("checklists/{c}.yaml")),
        )
        .unwrap();
    }
    let ev = root().join("examples/letters/event.yaml");
    let ro = root().join("examples/letters/roster.csv");
    let o = qingdan(
        d,
        &[
            "letters",
            "--event",
            ev.to_str().unwrap(),
            "--roster",
            ro.to_str().unwrap(),
            "--out",
            "out",
            "--combined",
            "all.pdf",
            "-q",
        ],
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let letter = d.join("out/001-襄汾县堃鑫机械制造有限公司.pdf");
    check_pdf(&letter);
    let text = squash(&pdftotext(&letter, &[]));
    for want in [
        "襄汾县安全生产委员会办公室",
        "襄汾县堃鑫机械制造有限公司：",
        "襄安委办函〔2025〕12号",
        "该公司抛光车间除尘系统发生爆炸",
        "此函。",
        "—2—",
        "抄送：县委办公室",
    ] {
        assert!(text.contains(want), "letter lacks {want}");
    }
    // 信函格式 (GB/T 9704-2012 §10.1): no page number on page 1; the 版记 has
    // 抄送 but no 印发 line. Its page has body text above it, so it keeps its
    // number (§7.5: only a page holding the 版记 alone goes without).
    let page = |n: usize| {
        squash(&pdftotext(
            &letter,
            &["-f", &n.to_string(), "-l", &n.to_string()],
        ))
    };
    assert!(!page(1).contains("—1—"), "page 1 is unnumbered");
    assert!(!text.contains("印发"), "a 函's 版记 has no 印发 line");
    let pages = pdftotext(&letter, &[]).matches('\u{c}').count();
    let last = page(pages);
    assert!(last.contains("抄送：县委办公室"), "版记 on the last page");
    assert!(
        last.contains(&format!("—{pages}—")),
        "the last page has body text above the 版记: numbered"
    );

    // Body lines of page 1: left edge at 28 mm, right edge at 28 + 156 mm,
    // line pitch 225/22 mm, at most 22 lines, 28 characters on a full line.
    let bbox = pdftotext(&letter, &["-bbox", "-f", "1", "-l", "1"]);
    let mut lines: Vec<(f64, f64, f64, usize)> = Vec::new();
    for l in bbox.lines().filter(|l| l.trim_start().starts_with("<word")) {
        let attr = |name: &str| -> f64 {
            let i = l.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
            l[i..].split('"').next().unwrap().parse().unwrap()
        };
        let word = l.split('>').nth(1).unwrap().split('<').next().unwrap();
        // Body text only (三号, 16 pt): the title (二号) has its own pitch.
        if attr("yMax") - attr("yMin") < 25.0 {
            lines.push((
                attr("xMin"),
                attr("xMax"),
                attr("yMin"),
                word.chars().count(),
            ));
        }
    }
    let mm = |pt: f64| pt / 72.0 * 25.4;
    let body: Vec<_> = lines
        .iter()
        .filter(|l| (mm(l.0) - 28.0).abs() < 0.2)
        .collect();
    assert!(body.len() >= 8, "body lines at the left margin: {lines:?}");
    let full: Vec<_> = body
        .iter()
        .filter(|l| (mm(l.1) - 184.0).abs() < 0.3)
        .collect();
    assert!(!full.is_empty(), "no full-width line: {lines:?}");
    let pitch_mm = 225.0 / 22.0;
    // The letterhead sits above the grid: 发文机关标志 30 mm below the paper's
    // top edge (the biggest text), 发文字号 flush right under the red rule.
    let issuer = bbox
        .lines()
        .find(|l| l.contains(">襄汾县安全生产委员会办公室<"))
        .expect("letterhead on page 1");
    let attr_of = |l: &str, name: &str| -> f64 {
        let i = l.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        l[i..].split('"').next().unwrap().parse().unwrap()
    };
    let (top, bottom) = (mm(attr_of(issuer, "yMin")), mm(attr_of(issuer, "yMax")));
    // (pdftotext measures from the font's ascender, a little above the em box.)
    assert!((25.0..32.0).contains(&top), "letterhead top at {top:.1} mm");
    assert!(bottom - top > 9.0, "letterhead {:.1} mm tall", bottom - top);
    let doc_no = lines
        .iter()
        .find(|l| l.3 >= 10 && mm(l.2) < 60.0)
        .expect("发文字号");
    assert!(
        (mm(doc_no.1) - 184.0).abs() < 0.5,
        "发文字号 flush right: {doc_no:?}"
    );
    // The letterhead and its rules are red (fill and stroke colour 0.85 0 0).
    let qdf = d.join("qdf.pdf");
    let o = Command::new("qpdf")
        .args(["--qdf", "--object-streams=disable"])
        .arg(&letter)
        .arg(&qdf)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let raw = String::from_utf8_lossy(&std::fs::read(&qdf).unwrap()).into_owned();
    assert!(
        raw.contains("0.85 0 0 rg") && raw.contains("0.85 0 0 RG"),
        "red letterhead"
    );
    // The grid starts at the 主送 line.
    let y0 = lines
        .iter()
        .filter(|l| (mm(l.0) - 28.0).abs() < 0.2)
        .map(|l| l.2)
        .fold(f64::MAX, f64::min);
    for l in lines.iter().filter(|l| l.2 >= y0) {
        let k = (mm(l.2 - y0) / pitch_mm).round();
        if mm(l.2) < 37.0 + 225.0 {
            assert!(
                (mm(l.2 - y0) - k * pitch_mm).abs() < 0.2 || l.3 < 3,
                "line off the grid: {l:?}"
            );
        }
    }
    let in_block = lines
        .iter()
        .filter(|l| mm(l.2) >= 36.0 && mm(l.2) <= 37.0 + 225.0)
        .count();
    assert!(in_block <= 22 + 1, "{in_block} lines in the text block");
    // The combined print file starts every letter on an odd page.
    let index = std::fs::read(d.join("out/index.csv")).unwrap();
    let mut rdr = csv::Reader::from_reader(index.strip_prefix(b"\xef\xbb\xbf").unwrap());
    let col = rdr
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "页数")
        .unwrap();
    let pages: Vec<usize> = rdr
        .records()
        .map(|r| r.unwrap()[col].parse().unwrap())
        .collect();
    // Each letter but the last is padded to an even count.
    let expected: usize =
        pages.iter().map(|p| p + p % 2).sum::<usize>() - pages.last().unwrap() % 2;
    let info = Command::new("pdfinfo")
        .arg(d.join("all.pdf"))
        .output()
        .unwrap();
    let info = String::from_utf8(info.stdout).unwrap();
    let got = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .map(|v| v.trim().to_string());
    assert_eq!(got, Some(expected.to_string()), "{info}");
    // The print file is a valid PDF holding every letter, in roster order.
    let all = d.join("all.pdf");
    check_pdf(&all);
    let text = squash(&pdftotext(&all, &[]));
    let roster = std::fs::read_to_string(&ro).unwrap();
    let mut at = 0;
    for line in roster.lines().skip(1) {
        let name = line.split(',').next().unwrap();
        let found = text[at..].find(&format!("{name}：")).map(|i| at + i);
        at = found.unwrap_or_else(|| panic!("all.pdf lacks {name} after byte {at}"));
    }
}
