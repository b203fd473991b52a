//! HTML pages embed the faces they use, subset to the page's characters, as
//! `@font-face` rules with `data:font/ttf` URLs, so they look the same on a
//! machine without CJK fonts; the system fonts stay as a fallback.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use base64::Engine as _;
use scraper::{Html, Selector};

mod common;
use common::{copy_dir, qingdan, root, stderr};

/// An embedded face: CSS family, weight, and the decoded font file.
struct FontFace {
    family: String,
    weight: u16,
    ttf: Vec<u8>,
}

/// The page's `<style>` text and its `@font-face` rules, decoded.
fn font_faces(html: &str) -> (String, Vec<FontFace>) {
    let doc = Html::parse_document(html);
    let style: String = doc
        .select(&Selector::parse("head style").unwrap())
        .map(|e| e.text().collect::<String>())
        .collect();
    let mut faces = Vec::new();
    for rule in style.split("@font-face").skip(1) {
        let rule = rule.split('}').next().unwrap();
        let value = |key: &str| -> &str {
            let at = rule
                .find(&format!("{key}:"))
                .unwrap_or_else(|| panic!("{key} in {rule:.200}"));
            rule[at + key.len() + 1..].split(';').next().unwrap().trim()
        };
        let src = &rule[rule.find("src:").expect("src") + 4..];
        let b64 = src
            .trim_start()
            .strip_prefix("url(data:font/ttf;base64,")
            .unwrap_or_else(|| panic!("not a data:font/ttf URL: {src:.80}"))
            .split(')')
            .next()
            .unwrap();
        faces.push(FontFace {
            family: value("font-family").trim_matches('"').to_string(),
            weight: value("font-weight").parse().unwrap(),
            ttf: base64::engine::general_purpose::STANDARD
                .decode(b64)
                .unwrap(),
        });
    }
    (style, faces)
}

/// Whether a face has `ch` with an outline (a glyph that draws).
fn draws(ttf: &[u8], ch: char) -> bool {
    struct Count(usize);
    impl ttf_parser::OutlineBuilder for Count {
        fn move_to(&mut self, _: f32, _: f32) {
            self.0 += 1;
        }
        fn line_to(&mut self, _: f32, _: f32) {}
        fn quad_to(&mut self, _: f32, _: f32, _: f32, _: f32) {}
        fn curve_to(&mut self, _: f32, _: f32, _: f32, _: f32, _: f32, _: f32) {}
        fn close(&mut self) {}
    }
    let face = ttf_parser::Face::parse(ttf, 0).expect("the subset parses");
    face.glyph_index(ch).is_some_and(|g| {
        let mut c = Count(0);
        face.outline_glyph(g, &mut c).is_some() && c.0 > 0
    })
}

fn text_of(html: &str, sel: &str) -> String {
    Html::parse_document(html)
        .select(&Selector::parse(sel).unwrap())
        .map(|e| e.text().collect::<String>())
        .collect()
}

fn letter_html(dir: &Path, out: &str) -> String {
    let o = qingdan(
        dir,
        &[
            "letters",
            "--event",
            "event.yaml",
            "--roster",
            "roster.csv",
            "--out",
            out,
            "--format",
            "html",
            "-q",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    std::fs::read_to_string(dir.join(out).join("001-新城镇人民政府.html")).unwrap()
}

#[test]
fn a_letter_embeds_subsets_of_its_faces_for_exactly_its_characters() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    copy_dir(&root().join("checklists"), &d.join("checklists"));
    std::fs::copy(
        root().join("examples/letters/event.yaml"),
        d.join("event.yaml"),
    )
    .unwrap();
    std::fs::write(
        d.join("roster.csv"),
        "名称,行业,地址,联系人,电话,统一社会信用代码,乡镇\n\
         新城镇人民政府,乡镇,山西省临汾市襄汾县新城镇,王伟,0357-3600000,,新城镇\n",
    )
    .unwrap();
    let html = letter_html(d, "a");
    assert_eq!(html, letter_html(d, "b"), "same input, same bytes");
    let (style, faces) = font_faces(&html);
    // 仿宋 body, bold serif title and letterhead.
    let zhuque = faces
        .iter()
        .find(|f| f.family.ends_with("Zhuque Fangsong"))
        .expect("朱雀仿宋 embedded for the body");
    let serif_bold = faces
        .iter()
        .find(|f| f.family.ends_with("Noto Serif SC") && f.weight == 700)
        .expect("Noto Serif SC Bold embedded for the title");
    let title = text_of(&html, "h1");
    assert!(title.contains("警示提醒函"), "{title}");
    for ch in title.chars().filter(|c| !c.is_whitespace()) {
        assert!(
            draws(&serif_bold.ttf, ch),
            "title character {ch} not in the bold serif"
        );
    }
    let body = text_of(&html, "main > p");
    assert!(body.contains("该公司抛光车间除尘系统发生爆炸"), "{body}");
    for ch in "该公司抛光车间除尘系统发生爆炸此函".chars() {
        assert!(
            draws(&zhuque.ttf, ch),
            "body character {ch} not in 朱雀仿宋"
        );
    }
    // Subset per document: characters that are not on the page are in no face
    // (鑫 and 堃 are in both fonts, but only in other letters).
    for f in &faces {
        for ch in ['鑫', '堃', '龘'] {
            assert!(!html.contains(ch));
            assert!(
                !draws(&f.ttf, ch),
                "{} has {ch}, which the page lacks",
                f.family
            );
        }
    }
    // The body stack starts with the embedded 仿宋 and ends with system fonts; the
    // title's with the embedded serif.
    let body_rule = style.lines().find(|l| l.starts_with("body {")).unwrap();
    let at = body_rule.find("font-family:").unwrap();
    let stack = &body_rule[at..];
    assert!(
        stack.starts_with(&format!("font-family: \"{}\"", zhuque.family)),
        "{stack}"
    );
    assert!(
        stack.contains("\"仿宋_GB2312\"") && stack.contains("serif;"),
        "{stack}"
    );
    let h1_rule = style.lines().find(|l| l.starts_with("h1, table")).unwrap();
    assert!(
        h1_rule.contains(&format!("\"{}\"", serif_bold.family)),
        "{h1_rule}"
    );
}

#[test]
fn a_checklist_form_embeds_its_own_characters() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("checklists")).unwrap();
    std::fs::copy(
        root().join("checklists/gongmao-major-hazards.yaml"),
        d.join("checklists/gongmao-major-hazards.yaml"),
    )
    .unwrap();
    copy_dir(
        &root().join("checklists/sources"),
        &d.join("checklists/sources"),
    );
    let o = qingdan(d, &["build", "--format", "html", "--out", "out", "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let html =
        std::fs::read_to_string(d.join("out/gongmao-major-hazards/inspection-form.html")).unwrap();
    let (_, faces) = font_faces(&html);
    assert!(
        !faces.iter().any(|f| f.family.contains("Zhuque")),
        "a 检查表 has no 仿宋"
    );
    let regular = faces
        .iter()
        .find(|f| f.family.ends_with("Noto Serif SC") && f.weight == 400)
        .expect("Noto Serif SC embedded");
    let bold = faces
        .iter()
        .find(|f| f.family.ends_with("Noto Serif SC") && f.weight == 700)
        .expect("Noto Serif SC Bold embedded");
    let title = text_of(&html, "h1");
    assert!(title.contains("工贸企业重大事故隐患检查表"), "{title}");
    for ch in title.chars().filter(|c| !c.is_whitespace()) {
        assert!(draws(&bold.ttf, ch), "title character {ch}");
    }
    for ch in text_of(&html, "td").chars().filter(|c| !c.is_whitespace()) {
        assert!(
            faces.iter().any(|f| draws(&f.ttf, ch)),
            "table character {ch} in no embedded face"
        );
    }
    // Per document: the letter's 函 and the name characters are not in the form.
    for ch in ['函', '堃', '龘'] {
        assert!(!html.contains(ch), "{ch}");
        assert!(!draws(&regular.ttf, ch) && !draws(&bold.ttf, ch), "{ch}");
    }
}
