use super::*;
use crate::doc;

fn docx(md: &str) -> (Vec<u8>, std::collections::BTreeMap<String, String>) {
    let d = doc::parse(md).unwrap_or_else(|e| panic!("{e}"));
    let bytes = render(&d, &Info::default()).unwrap_or_else(|e| panic!("{e}"));
    let mut zip =
        zip::ZipArchive::new(std::io::Cursor::new(bytes.clone())).unwrap_or_else(|e| panic!("{e}"));
    let mut parts = std::collections::BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap_or_else(|e| panic!("{e}"));
        let mut s = String::new();
        std::io::Read::read_to_string(&mut f, &mut s).unwrap_or_else(|e| panic!("{e}"));
        parts.insert(f.name().to_string(), s);
    }
    (bytes, parts)
}

const FORM: &str = "---\ntitle: 表\ntable_size: 五号\nmargins: {top: 20, right: 15, bottom: 20, left: 20}\n---\n# 检查表\n\n| 序号 | 内容 | 结果 |\n|:-:|---|---|\n|  | **一、管理** |  |\n| 1 | 有制度 | □符合<br>□不符合 |\n";

#[test]
fn a_form_has_word_structure() {
    let (bytes, parts) = docx(FORM);
    let d = &parts["word/document.xml"];
    assert!(d.contains("<w:tblHeader/>"), "{d}");
    assert!(d.contains("<w:cantSplit/>"));
    assert!(
        d.contains("<w:gridSpan w:val=\"2\"/>"),
        "the section row spans"
    );
    assert!(d.contains("<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"));
    // 20 mm = 1134 twips, 15 mm = 850.
    assert!(d.contains("w:top=\"1134\" w:right=\"850\" w:bottom=\"1134\" w:left=\"1134\""));
    assert!(d.contains("w:lineRule=\"atLeast\""));
    assert!(d.contains(">□符合</w:t>") && d.contains("<w:br/>"));
    let footer = &parts["word/footer1.xml"];
    assert!(
        footer.contains(" PAGE ") && footer.contains(" NUMPAGES "),
        "{footer}"
    );
    for (name, text) in &parts {
        assert!(
            !text.contains("Theme") && !text.contains("minorEastAsia"),
            "{name}"
        );
        assert!(!text.contains("rsid"), "{name}");
    }
    assert_eq!(bytes, docx(FORM).0, "the same bytes twice");
}

const LETTER: &str = "---\nstyle: gbt9704\nletterhead: 某县安全生产委员会办公室\ndoc_no: 某安办函〔2025〕3号\ndraft: true\n---\n# 关于开展自查的警示提醒函\n\n<div class=\"left\">\n\n某公司：\n\n</div>\n\n正文。\n\n<div class=\"seal\">\n\n某县安委办\n\n2025年2月21日\n\n</div>\n\n<div class=\"imprint\">\n\n抄送：县应急局。\n\n</div>\n";

#[test]
fn a_letter_has_its_letterhead_and_numbers() {
    let (_, parts) = docx(LETTER);
    let d = &parts["word/document.xml"];
    assert!(d.contains("<w:color w:val=\"FF0000\"/>"), "red letterhead");
    assert!(d.contains("某安办函〔2025〕3号"));
    assert!(d.contains("<w:titlePg/>"));
    assert!(
        parts["word/styles.xml"].contains("<w:spacing w:val=\"-6\"/>"),
        "28 a line"
    );
    assert!(d.contains("w:eastAsia=\"方正小标宋简体\""));
    assert!(parts["word/settings.xml"].contains("<w:evenAndOddHeaders/>"));
    let styles = &parts["word/styles.xml"];
    assert!(styles.contains("w:eastAsia=\"仿宋_GB2312\""), "{styles}");
    assert!(parts["word/fontTable.xml"].contains("<w:altName w:val=\"仿宋,FangSong"));
    let footers: Vec<&String> = parts
        .iter()
        .filter(|(k, _)| k.starts_with("word/footer"))
        .map(|(_, v)| v)
        .collect();
    assert_eq!(footers.len(), 3, "odd, even, first");
    assert!(footers.iter().filter(|f| f.contains(" PAGE ")).count() == 2);
    assert!(
        parts.values().any(|p| p.contains("string=\"草稿\"")),
        "the draft mark"
    );
    assert!(d.contains("w:tblpYSpec=\"bottom\""), "the 版记 at the foot");
}

#[test]
fn odd_inputs_do_not_panic() {
    for md in [
        "",
        "---\n---\n",
        "|a|\n|-|\n",
        "> > > x\n\n1. a\n2. b\n\n- c\n\n---\n\n<div class=\"pagebreak\"></div>\n",
        "```chart\n{\"title\":\"t\",\"series\":[{\"name\":\"a\",\"style\":\"light\"}],\"rows\":[{\"label\":\"x\",\"values\":[1.5]}]}\n```\n",
        "text \u{1}\u{0} with controls & <tags>",
        "---\nstyle: gbt9704\nletterhead_format: file\nletterhead: 办\n---\n<div class=\"imprint\"></div>\n",
    ] {
        let (_, parts) = docx(md);
        assert!(parts.contains_key("word/document.xml"), "{md}");
    }
    // A seal holding many tables, quotes nested as deep as they go.
    let table = "\n| a | b |\n|---|---|\n| 1 | 2 |\n";
    let seal = format!("<div class=\"seal\">\n{}\n</div>\n", table.repeat(8));
    let deep = format!("{}x\n", "> ".repeat(60));
    for md in [seal, deep] {
        let (_, parts) = docx(&md);
        assert!(parts.contains_key("word/document.xml"), "{md}");
    }
}
