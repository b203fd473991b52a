//! The GB/T 9704 body face: warning letters set their body in the bundled 朱雀仿宋
//! (Zhuque Fangsong) subset, take the symbols it lacks from Noto Serif SC, keep the
//! title in the serif; other documents never embed it. Checked on the PDFs the
//! binary writes, with `pdffonts`, `pdftotext` and each font's `/ToUnicode` map.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

mod common;
use common::{copy_dir, letters_in, qingdan, root, stderr};

fn tools() -> bool {
    common::tools_available(&["pdftotext", "pdffonts"])
}

/// `pdffonts` font names without the subset tag (`ABCDEF+`).
fn pdffonts(pdf: &Path) -> Vec<String> {
    let o = Command::new("pdffonts").arg(pdf).output().unwrap();
    assert!(o.status.success(), "pdffonts {}", pdf.display());
    String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .skip(2)
        .filter_map(|l| l.split_whitespace().next())
        .map(|n| n.split_once('+').map_or(n, |(_, name)| name).to_string())
        .collect()
}

fn pdftotext(pdf: &Path) -> String {
    pdftotext_with(pdf, &[])
}

/// `pdftotext ARGS PDF -` without whitespace.
fn pdftotext_with(pdf: &Path, args: &[&str]) -> String {
    let o = Command::new("pdftotext")
        .args(args)
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(o.status.success(), "pdftotext {}", pdf.display());
    String::from_utf8(o.stdout)
        .unwrap()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Each embedded font (name without the subset tag) → the characters its
/// `/ToUnicode` map gives, i.e. the characters drawn in it.
fn chars_by_font(pdf: &Path) -> BTreeMap<String, String> {
    let doc = lopdf::Document::load(pdf).unwrap();
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    for obj in doc.objects.values() {
        let Ok(dict) = obj.as_dict() else { continue };
        let (Ok(name), Ok(map)) = (dict.get(b"BaseFont"), dict.get(b"ToUnicode")) else {
            continue;
        };
        let name = String::from_utf8_lossy(name.as_name().unwrap()).into_owned();
        let name = name
            .split_once('+')
            .map_or(name.clone(), |(_, n)| n.to_string());
        let stream = doc
            .get_object(map.as_reference().unwrap())
            .unwrap()
            .as_stream()
            .unwrap();
        let cmap = stream
            .decompressed_content()
            .unwrap_or_else(|_| stream.content.clone());
        let cmap = String::from_utf8_lossy(&cmap).into_owned();
        let entry = out.entry(name).or_default();
        let utf16 = |hex: &str| -> String {
            let units: Vec<u16> = (0..hex.len() / 4)
                .map(|i| u16::from_str_radix(&hex[i * 4..i * 4 + 4], 16).unwrap())
                .collect();
            String::from_utf16(&units).unwrap()
        };
        // Ranges: `<first> <last> [<u> <u> …]`, or `<first> <last> <u>` for
        // characters that follow each other.
        for section in cmap.split("beginbfrange").skip(1) {
            let body = section.split("endbfrange").next().unwrap();
            for line in body.lines() {
                let hex: Vec<&str> = line
                    .split(['<', '>', '[', ']'])
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .collect();
                if hex.len() < 3 {
                    continue;
                }
                if line.contains('[') {
                    hex[2..].iter().for_each(|u| entry.push_str(&utf16(u)));
                } else {
                    let n = u32::from_str_radix(hex[1], 16).unwrap()
                        - u32::from_str_radix(hex[0], 16).unwrap();
                    let first = utf16(hex[2]).chars().next().unwrap() as u32;
                    (first..=first + n)
                        .filter_map(char::from_u32)
                        .for_each(|c| entry.push(c));
                }
            }
        }
        for section in cmap.split("beginbfchar").skip(1) {
            let body = section.split("endbfchar").next().unwrap();
            for line in body.lines() {
                let hex: Vec<&str> = line
                    .split(['<', '>'])
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .collect();
                if let [_, unicode] = hex[..] {
                    let units: Vec<u16> = (0..unicode.len() / 4)
                        .map(|i| u16::from_str_radix(&unicode[i * 4..i * 4 + 4], 16).unwrap())
                        .collect();
                    entry.push_str(&String::from_utf16(&units).unwrap());
                }
            }
        }
    }
    out
}

/// A folder with the shipped checklists, the example event with `extra` appended
/// to its first requirement, and a one-row roster of `industry`.
fn letter_dir(industry: &str, extra: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("checklists"), &dir.path().join("checklists"));
    let event = std::fs::read_to_string(root().join("examples/letters/event.yaml")).unwrap();
    let event = event.replacen(
        "带头开展隐患排查。",
        &format!("带头开展隐患排查。{extra}"),
        1,
    );
    assert!(event.contains(extra));
    std::fs::write(dir.path().join("event.yaml"), event).unwrap();
    std::fs::write(
        dir.path().join("roster.csv"),
        format!(
            "名称,行业,地址,联系人,电话,统一社会信用代码,乡镇\n\
             新城镇人民政府,{industry},山西省临汾市襄汾县新城镇,王伟,0357-3600000,,新城镇\n"
        ),
    )
    .unwrap();
    dir
}

fn letter(dir: &Path) -> std::path::PathBuf {
    let o = letters_in(dir, &["--format", "pdf", "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    dir.join("out/001-新城镇人民政府.pdf")
}

const EXTRA: &str = "检查时按①②③顺序进行，室温不低于5℃。";

#[test]
fn letter_body_is_zhuque_fangsong_and_its_missing_symbols_are_serif() {
    if !tools() {
        return;
    }
    let dir = letter_dir("乡镇", EXTRA);
    let pdf = letter(dir.path());
    let fonts = pdffonts(&pdf);
    assert!(
        fonts.contains(&"ZhuqueFangsong-Regular".to_string()),
        "no 朱雀仿宋: {fonts:?}"
    );
    assert!(
        fonts.contains(&"NotoSerifSC-Regular".to_string()),
        "no Noto Serif SC: {fonts:?}"
    );
    // The text comes back exactly, the symbols included.
    let text = pdftotext(&pdf);
    for want in [
        "该公司抛光车间除尘系统发生爆炸，引发厂房局部坍塌。",
        EXTRA,
        "新城镇人民政府：",
        "此函。",
    ] {
        assert!(text.contains(want), "pdftotext lacks {want}");
    }
    let by_font = chars_by_font(&pdf);
    let zq = &by_font["ZhuqueFangsong-Regular"];
    let serif = &by_font["NotoSerifSC-Regular"];
    // Body text (and the 主送, the signature, the 版记) is 朱雀仿宋 …
    for ch in "该公司抛光车间除尘坍塌此函抄送：，。".chars() {
        assert!(zq.contains(ch), "body character {ch} not in 朱雀仿宋");
    }
    // … the symbols it lacks come from Noto Serif SC, in the same letter …
    for ch in "①②③℃".chars() {
        assert!(serif.contains(ch), "{ch} not drawn in Noto Serif SC");
        assert!(!zq.contains(ch), "{ch} in 朱雀仿宋, which lacks it");
    }
    // … and the title and the issuer stay in the serif.
    for ch in "警示提醒函襄汾县安全生产委员会办公室".chars() {
        assert!(serif.contains(ch), "title/issuer character {ch} not serif");
    }
}

#[test]
fn a_checklist_form_does_not_embed_fangsong() {
    if !tools() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("checklists")).unwrap();
    std::fs::copy(
        root().join("checklists/gongmao-major-hazards.yaml"),
        dir.path().join("checklists/gongmao-major-hazards.yaml"),
    )
    .unwrap();
    copy_dir(
        &root().join("checklists/sources"),
        &dir.path().join("checklists/sources"),
    );
    let o = qingdan(
        dir.path(),
        &["build", "--format", "pdf", "--out", "out", "-q"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut seen = 0;
    for t in ["inspection-form", "self-check-sheet"] {
        let pdf = dir
            .path()
            .join(format!("out/gongmao-major-hazards/{t}.pdf"));
        let fonts = pdffonts(&pdf);
        assert!(
            fonts.iter().any(|f| f.starts_with("NotoS")),
            "{t}: {fonts:?}"
        );
        assert!(
            !fonts.iter().any(|f| f.contains("Zhuque")),
            "{t} embeds 朱雀仿宋: {fonts:?}"
        );
        seen += 1;
    }
    assert_eq!(seen, 2);
}

/// GB/T 9704-2012 §7.5: only a 版记 page that follows a blank page goes unnumbered,
/// so a last page with body text above the 版记 carries its number. The township
/// letter's page 2 has 此函 and the signature above the 版记, and no `— 2 —`:
/// (`paginate` once marked every page holding the 版记 unnumbered.)
#[test]
fn the_last_page_with_body_text_above_the_imprint_is_numbered() {
    if !tools() {
        return;
    }
    let dir = letter_dir("乡镇", "");
    let pdf = letter(dir.path());
    let last = pdftotext_with(&pdf, &["-f", "2", "-l", "2"]);
    assert!(last.contains("此函。") && last.contains("抄送："), "{last}");
    assert!(last.contains("—2—"), "page 2 has body text and no number");
}

#[test]
fn a_users_fangsong_gb2312_wins_over_zhuque() {
    if !tools() {
        return;
    }
    let dir = letter_dir("乡镇", "");
    let fixture = root().join("tests/fixtures/user-fangsong");
    let o = letters_in(
        dir.path(),
        &[
            "--format",
            "pdf",
            "-q",
            "--font-dir",
            fixture.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let pdf = dir.path().join("out/001-新城镇人民政府.pdf");
    let by_font = chars_by_font(&pdf);
    // The fixture (a 仿宋_GB2312 with seven characters) draws the body text it has;
    // 朱雀仿宋 what it lacks; the title stays serif.
    let user = by_font
        .get("QingdanTestFangSong")
        .unwrap_or_else(|| panic!("the user 仿宋_GB2312 is not used: {by_font:?}"));
    for ch in "此函该公司".chars() {
        assert!(user.contains(ch), "{ch} not in the user 仿宋: {user}");
    }
    let zq = &by_font["ZhuqueFangsong-Regular"];
    assert!(zq.contains('尘') && !zq.contains('此'), "{zq}");
    assert!(by_font["NotoSerifSC-Regular"].contains('醒'));
    assert!(pdftotext(&pdf).contains("此函。"));
}
