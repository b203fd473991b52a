//! `kind: emergency-cards` and the `emergency-cards` template: A6 cards four to
//! an A4 sheet, nothing across a cut line, a card too long is an error.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::{Command, Output};

mod common;
use common::{qingdan, stderr, tools_available};

/// A6 width and the sheet's row boundary, in points (105 mm, 0.5 + 148 mm).
const CUT_X: f32 = 105.0 / 25.4 * 72.0;
const CUT_Y: f32 = 148.5 / 25.4 * 72.0;

/// A cards checklist with `n` cards, each with `steps` steps.
fn cards(n: usize, steps: usize) -> String {
    let mut y = String::from(
        "id: cards\nkind: emergency-cards\ntitle: 测试处置卡\nindustry: 机械\nversion: \"1\"\nenterprise: 测试机械有限公司\nsources: []\nsections:\n",
    );
    for k in 1..=n {
        y.push_str(&format!(
            "  - id: card-{k}\n    title: 第{k}号岗位\n    risks: [机械伤害, 触电]\n    contacts:\n      - {{ name: 值班室, phone: \"0357-000000{k}\" }}\n      - {{ name: 急救, phone: 120 }}\n    items:\n"
        ));
        for s in 1..=steps {
            y.push_str(&format!(
                "      - id: c{k}-s{s}\n        text: 第{k}号卡第{s}步，立即停机并报告值班室\n"
            ));
        }
    }
    y
}

fn render(dir: &Path, yaml: &str, out: &str) -> Output {
    std::fs::write(dir.join("cards.yaml"), yaml).unwrap();
    qingdan(
        dir,
        &[
            "render",
            "--checklist",
            "cards.yaml",
            "--template",
            "emergency-cards",
            "-o",
            out,
        ],
    )
}

fn pages(pdf: &Path) -> usize {
    let out = Command::new("pdfinfo").arg(pdf).output().unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap()
}

#[test]
fn four_cards_make_one_sheet_and_five_make_two() {
    if !tools_available(&["pdfinfo"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for (n, want) in [(1, 1), (4, 1), (5, 2), (8, 2), (9, 3)] {
        let o = render(dir.path(), &cards(n, 4), "c.pdf");
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert_eq!(pages(&dir.path().join("c.pdf")), want, "{n} cards");
    }
}

/// A word of `pdftotext -bbox` output: text, xMin, yMin, xMax, yMax in points.
type Word = (String, f32, f32, f32, f32);

/// The words of each page.
fn words(pdf: &Path) -> Vec<Vec<Word>> {
    let out = Command::new("pdftotext")
        .args(["-bbox"])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    let html = String::from_utf8_lossy(&out.stdout).into_owned();
    let attr = |tag: &str, name: &str| -> f32 {
        let i = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        tag[i..].split('"').next().unwrap().parse().unwrap()
    };
    html.split("<page ")
        .skip(1)
        .map(|page| {
            page.split("<word ")
                .skip(1)
                .map(|w| {
                    let (tag, rest) = w.split_once('>').unwrap();
                    let text = rest.split("</word>").next().unwrap().to_string();
                    (
                        text,
                        attr(tag, "xMin"),
                        attr(tag, "yMin"),
                        attr(tag, "xMax"),
                        attr(tag, "yMax"),
                    )
                })
                .collect()
        })
        .collect()
}

#[test]
fn every_card_stays_in_its_quarter_of_the_sheet() {
    if !tools_available(&["pdftotext"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let o = render(dir.path(), &cards(5, 6), "c.pdf");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let pages = words(&dir.path().join("c.pdf"));
    assert_eq!(pages.len(), 2);
    let mut seen = Vec::new();
    for (p, page) in pages.iter().enumerate() {
        for (text, x0, y0, x1, y1) in page {
            // No word crosses a cut line (nor sits within 5 mm of one).
            let margin = 5.0 / 25.4 * 72.0;
            assert!(
                *x1 < CUT_X - margin || *x0 > CUT_X + margin,
                "{text} crosses x = 105 mm: {x0}–{x1}"
            );
            assert!(
                *y1 < CUT_Y - margin || *y0 > CUT_Y + margin,
                "{text} crosses y = 148.5 mm: {y0}–{y1}"
            );
            // A card's title is in its own quarter: card k of a sheet is
            // left to right, then down.
            if let Some(k) = text
                .strip_prefix('第')
                .and_then(|t| t.strip_suffix("号岗位"))
                .and_then(|k| k.parse::<usize>().ok())
            {
                let slot = (k - 1) % 4;
                assert_eq!(p, (k - 1) / 4, "card {k} on sheet {}", p + 1);
                assert_eq!(*x0 > CUT_X, slot % 2 == 1, "card {k} column");
                assert_eq!(*y0 > CUT_Y, slot >= 2, "card {k} row");
                seen.push(k);
            }
        }
    }
    seen.sort_unstable();
    assert_eq!(seen, [1, 2, 3, 4, 5]);
    // Each card shows its risks, steps, numbers and the enterprise.
    let all: String = pages.iter().flatten().map(|w| w.0.as_str()).collect();
    for needle in [
        "主要风险",
        "应急处置",
        "应急联系",
        "0357-0000005",
        "测试机械有限公司",
    ] {
        assert!(all.contains(needle), "{needle}");
    }
}

#[test]
fn a_card_too_long_for_a6_is_an_error_naming_it_and_its_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut yaml = cards(2, 4);
    yaml.push_str(
        &cards(1, 40)
            .split("sections:\n")
            .nth(1)
            .unwrap()
            .replace("card-1", "long")
            .replace("c1-", "long-")
            .replace("第1号岗位", "配电室长卡"),
    );
    let o = render(dir.path(), &yaml, "c.pdf");
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("card 「配电室长卡」 does not fit on an A6 card"),
        "{err}"
    );
    assert!(err.contains("cards.yaml"), "{err}");
    assert!(!dir.path().join("c.pdf").exists(), "nothing written");
    // `build` says the same, naming the file.
    std::fs::create_dir(dir.path().join("checklists")).unwrap();
    std::fs::write(dir.path().join("checklists/cards.yaml"), &yaml).unwrap();
    let o = qingdan(dir.path(), &["build", "--format", "pdf"]);
    assert_ne!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("配电室长卡"), "{err}");
    assert!(err.contains("cards.yaml"), "{err}");
}

#[test]
fn a_card_without_contacts_is_refused_where_it_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = cards(1, 2).replace(
        "    contacts:\n      - { name: 值班室, phone: \"0357-0000001\" }\n      - { name: 急救, phone: 120 }\n",
        "",
    );
    let o = render(dir.path(), &yaml, "c.pdf");
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("cards.yaml:9:5: error: emergency card `card-1` has no `contacts`"),
        "{err}"
    );
    // A card's fields in another kind are refused too.
    let yaml = cards(1, 2).replace("kind: emergency-cards", "kind: responsibilities");
    let o = render(dir.path(), &yaml, "c.md");
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("`risks` belongs to an emergency card"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn the_html_shows_the_cards_in_a_grid() {
    let dir = tempfile::tempdir().unwrap();
    let o = render(dir.path(), &cards(3, 2), "c.html");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let html = std::fs::read_to_string(dir.path().join("c.html")).unwrap();
    assert_eq!(html.matches("<div class=\"card\">").count(), 3);
    assert!(html.contains(".card { box-sizing: border-box; width: 105mm; height: 148mm;"));
}

#[test]
fn the_schema_has_both_new_kinds_and_the_card_fields() {
    let dir = tempfile::tempdir().unwrap();
    let o = qingdan(dir.path(), &["schema", "checklist"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let text = v.to_string();
    for needle in [
        "\"responsibilities\"",
        "\"emergency-cards\"",
        "\"contacts\"",
        "\"risks\"",
        "\"enterprise\"",
    ] {
        assert!(text.contains(needle), "{needle}");
    }
}
