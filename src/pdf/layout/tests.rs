use super::*;
use crate::doc;
use crate::pdf::{dump, render, Info};

fn fonts() -> &'static Fonts {
    crate::pdf::test_fonts()
}

fn parse(md: &str) -> Document {
    doc::parse(md).unwrap_or_else(|e| panic!("{e}"))
}

/// Text runs of a page: (x, baseline y, size, text).
fn runs(page: &Page) -> Vec<(f32, f32, f32, String)> {
    page.items
        .iter()
        .filter_map(|(p, it)| match it {
            Item::Text(r) => Some((p.x.to_pt(), p.y.to_pt(), r.size.to_pt(), r.text())),
            _ => None,
        })
        .collect()
}

#[test]
fn gbt9704_has_22_lines_of_28_characters() {
    let f = fonts();
    let body = "安全生产责任重于泰山".repeat(80);
    let d = parse(&format!("---\nstyle: gbt9704\n---\n{body}\n"));
    let pages = layout(&d, f).unwrap_or_else(|e| panic!("{e}"));
    assert!(pages.len() >= 2);
    let body_runs: Vec<_> = runs(&pages[0])
        .into_iter()
        .filter(|r| r.2 == 16.0)
        .collect();
    assert_eq!(body_runs.len(), 22, "22 lines on a full page");
    let pitch = Abs::mm(225.0).to_pt() / 22.0;
    let grid = Abs::mm(156.0).to_pt() / 28.0;
    let left = Abs::mm(28.0).to_pt();
    for (k, w) in body_runs.windows(2).enumerate() {
        assert!((w[1].1 - w[0].1 - pitch).abs() < 0.01, "line pitch at {k}");
    }
    // The first line box starts at the top of the text block (37 mm).
    let first_top = body_runs[0].1 - baseline(Abs::pt(pitch), Abs::pt(16.0)).to_pt();
    assert!((first_top - Abs::mm(37.0).to_pt()).abs() < 0.01);
    // First line: indented two characters, 26 characters; then 28 a line.
    assert!((body_runs[0].0 - (left + 2.0 * grid)).abs() < 0.01);
    assert_eq!(body_runs[0].3.chars().count(), 26);
    for r in &body_runs[1..] {
        assert_eq!(r.3.chars().count(), 28, "{}", r.3);
        assert!((r.0 - left).abs() < 0.01);
    }
    // Every character sits on the 28-a-line grid.
    for (p, it) in &pages[0].items {
        if let Item::Text(r) = it {
            if r.size.to_pt() == 16.0 {
                for g in &r.glyphs {
                    let col = (p.x.to_pt() + g.x.to_pt() - left) / grid;
                    assert!((col - col.round()).abs() < 0.01, "off grid: {col}");
                }
            }
        }
    }
    // Page numbers: odd pages right, even pages left, 14 pt.
    let num = |p: &Page| runs(p).into_iter().find(|r| r.2 == 14.0);
    let n1 = num(&pages[0]).unwrap_or_default();
    let n2 = num(&pages[1]).unwrap_or_default();
    assert_eq!(n1.3, "—1—");
    assert!(
        n1.0 > left + Abs::mm(100.0).to_pt() && n2.0 < left + 20.0,
        "{n1:?} {n2:?}"
    );
}

#[test]
fn heading_is_not_left_at_a_page_bottom() {
    let f = fonts();
    let mut md = String::new();
    // Fill the page so that the heading would land on the last line.
    let lines_per_page = (Abs::mm(297.0 - 50.0) / (Abs::pt(12.0) * 1.5)) as usize;
    for _ in 0..lines_per_page - 1 {
        md.push_str("一行。\n\n");
    }
    md.push_str("## 小标题\n\n正文紧随标题。\n");
    let d = parse(&md);
    let pages = layout(&d, f).unwrap_or_else(|e| panic!("{e}"));
    let p2: Vec<String> = pages
        .get(1)
        .map(runs)
        .unwrap_or_default()
        .into_iter()
        .map(|r| r.3)
        .collect();
    assert!(
        p2.contains(&"小标题".to_string()),
        "heading moved with its text: {p2:?}"
    );
}

#[test]
fn tiny_document_dump() {
    let f = fonts();
    let d = parse("---\npage_number: \"{page}/{pages}\"\n---\n# 标题\n\n正文，**加粗**。\n\n---\n");
    let pages = layout(&d, f).unwrap_or_else(|e| panic!("{e}"));
    let got = dump(&pages);
    let want = "\
page 1 595.3x841.9
  text 286.7,91.2 face1 18.0pt last@18.0 \"标题\"
  text 70.9,144.4 face0 12.0pt last@24.0 \"正文，\"
  text 106.9,144.4 face1 12.0pt last@12.0 \"加粗\"
  text 130.9,144.4 face0 12.0pt last@0.0 \"。\"
  line 70.9,153.4 -> 538.6,153.4 w0.5
  text 298.9,810.0 face0 9.0pt last@7.4 \"1/1\"
";
    assert_eq!(got, want, "got:\n{got}");
}

#[test]
fn render_is_deterministic() {
    let f = fonts();
    let d = parse("---\ntitle: 测试\nauthor: 安委办\ndate: 2025-02-21\n---\n# 标题\n\n正文□☑☒。\n");
    let other = parse("别的文档。\n");
    // Built by hand: `Info::from_document` would take SOURCE_DATE_EPOCH from a CI.
    let info = Info {
        title: Some("测试".into()),
        author: Some("安委办".into()),
        subject: None,
        date: Some((2025, 2, 21)),
    };
    let a = render(&d, f, &info).unwrap_or_else(|e| panic!("{e}"));
    let _ = render(&other, f, &Info::default()).unwrap_or_else(|e| panic!("{e}"));
    let b = render(&d, f, &info).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(a.pages, 1);
    assert!(a.bytes == b.bytes, "same input, same bytes");
    let pdf = lopdf::Document::load_mem(&a.bytes).unwrap_or_else(|e| panic!("{e}"));
    let info = pdf
        .trailer
        .get(b"Info")
        .and_then(lopdf::Object::as_reference)
        .and_then(|r| pdf.get_dictionary(r))
        .unwrap_or_else(|e| panic!("{e}"));
    let date = info
        .get(b"CreationDate")
        .and_then(lopdf::Object::as_str)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        date.starts_with(b"D:20250221"),
        "date from the document, never the clock"
    );
    assert_eq!(pdf.get_pages().len(), 1);
}

#[test]
fn missing_glyph_is_an_error_naming_the_character() {
    let f = fonts();
    let d = parse("收件人：张\u{10FFFD}同志\n");
    let e = render(&d, f, &Info::default())
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(e.starts_with("U+10FFFD"), "{e}");
    assert!(e.contains("收件人：张"), "{e}");
}

#[test]
fn blank_pages_can_be_added_when_combining() {
    let f = fonts();
    let d = parse("一页。\n");
    let mut pages = layout(&d, f).unwrap_or_else(|e| panic!("{e}"));
    let size = pages[0].size;
    pages.push(Page::blank(size));
    pages.extend(layout(&d, f).unwrap_or_else(|e| panic!("{e}")));
    let bytes = crate::pdf::write(&pages, f, &Info::default()).unwrap_or_else(|e| panic!("{e}"));
    let pdf = lopdf::Document::load_mem(&bytes).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(pdf.get_pages().len(), 3);
}

#[test]
fn seal_reserves_room_and_centres_the_issuer_over_the_date() {
    let f = fonts();
    let d = parse("---\nstyle: gbt9704\n---\n特此函告。\n\n<div class=\"seal\">\n\n某县安全生产委员会办公室\n\n2025年2月21日\n\n</div>\n");
    let pages = layout(&d, f).unwrap_or_else(|e| panic!("{e}"));
    let grid = Abs::mm(156.0).to_pt() / 28.0;
    // (left, right, baseline) of a line; every line here ends with a CJK character.
    let span = |t: &str| {
        pages[0]
            .items
            .iter()
            .find_map(|(p, it)| match it {
                Item::Text(r) if r.text() == t => {
                    let last = r.glyphs.last().map_or(0.0, |g| g.x.to_pt());
                    Some((p.x.to_pt(), p.x.to_pt() + last + grid, p.y.to_pt()))
                }
                _ => None,
            })
            .unwrap_or_default()
    };
    let (end, issuer, date) = (
        span("特此函告。"),
        span("某县安全生产委员会办公室"),
        span("2025年2月21日"),
    );
    // Room for a 40 mm seal: from below the body's last line to below the date.
    assert!(
        date.2 - end.2 >= Abs::mm(40.0).to_pt() - 0.01,
        "{end:?} {date:?}"
    );
    // The date ends four characters in from the right edge of the text block.
    let right = Abs::mm(28.0 + 156.0).to_pt();
    assert!((right - date.1 - 4.0 * grid).abs() < 0.01, "{date:?}");
    // The issuer is centred over the date.
    assert!(
        ((issuer.0 + issuer.1) - (date.0 + date.1)).abs() < 0.01,
        "{issuer:?} {date:?}"
    );
}

#[test]
fn written_text_extracts_back_exactly() {
    let f = fonts();
    let d = parse("# 标题\n\n正文，**加粗**□☑☒。\n");
    let r = render(&d, f, &Info::default()).unwrap_or_else(|e| panic!("{e}"));
    let pdf = lopdf::Document::load_mem(&r.bytes).unwrap_or_else(|e| panic!("{e}"));
    let text = pdf.extract_text(&[1]).unwrap_or_else(|e| panic!("{e}"));
    let squashed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(squashed.contains("标题"), "{text:?}");
    assert!(squashed.contains("正文，加粗□☑☒。"), "{text:?}");
}

#[test]
fn imprint_sits_at_the_foot_of_the_last_page_numbered_unless_alone() {
    let f = fonts();
    let d = parse(
        "---\nstyle: gbt9704\n---\n正文一段。\n\n<div class=\"imprint\">\n\n抄送：县委办公室。\n\n</div>\n",
    );
    let pages = layout(&d, f).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(pages.len(), 1);
    let r = runs(&pages[0]);
    let cc = r
        .iter()
        .find(|r| r.3.starts_with("抄送"))
        .expect("抄送 line");
    let bottom = Abs::mm(37.0 + 225.0).to_pt();
    assert!(
        bottom - cc.1 < 30.0 && cc.1 < bottom,
        "抄送 baseline {} vs foot {bottom}",
        cc.1
    );
    // GB/T 9704 §7.5: body text above the 版记 keeps the page's number …
    assert!(
        r.iter().any(|r| r.3.contains('—')),
        "a page with text above the 版记 is numbered: {r:?}"
    );
    // … a page holding the 版记 alone has none.
    let d = parse(
        "---\nstyle: gbt9704\n---\n正文一段。\n\n<div class=\"pagebreak\"></div>\n\n<div class=\"imprint\">\n\n抄送：县委办公室。\n\n</div>\n",
    );
    let pages = layout(&d, f).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(pages.len(), 2);
    assert!(
        runs(&pages[0]).iter().any(|r| r.3.contains('—')),
        "page 1 numbered"
    );
    let alone = runs(&pages[1]);
    assert!(alone.iter().any(|r| r.3.starts_with("抄送")), "{alone:?}");
    assert!(
        !alone.iter().any(|r| r.3.contains('—')),
        "版记 alone: unnumbered: {alone:?}"
    );

    // A 版记 taller than a page flows instead, every line kept.
    let long: String = (1..=80).map(|i| format!("抄送单位{i}。\n\n")).collect();
    let d = parse(&format!(
        "---\nstyle: gbt9704\n---\n正文。\n\n<div class=\"imprint\">\n\n{long}</div>\n"
    ));
    let pages = layout(&d, f).unwrap_or_else(|e| panic!("{e}"));
    let all: Vec<String> = pages.iter().flat_map(runs).map(|r| r.3).collect();
    for i in 1..=80 {
        assert!(all.contains(&format!("抄送单位{i}。")), "line {i}");
    }
}

#[test]
fn letter_letterhead_is_red_above_the_text_block_and_page_one_unnumbered() {
    let f = fonts();
    let d = parse(
        "---\nstyle: gbt9704\nletterhead: 某县安全生产委员会办公室\ndoc_no: 某安委办函〔2025〕1号\n---\n# 标题\n\n正文。\n",
    );
    let pages = layout(&d, f).unwrap_or_else(|e| panic!("{e}"));
    let p = &pages[0];
    let head = p
        .items
        .iter()
        .find_map(|(pt, it)| match it {
            Item::Text(r) if r.text() == "某县安全生产委员会办公室" => Some((pt, r)),
            _ => None,
        })
        .expect("letterhead");
    assert_eq!(head.1.paint, Paint::RED);
    // Em box top 30 mm below the paper's edge.
    let top = head.0.y - head.1.size * EM_BOX_TOP;
    assert!((top.to_mm() - 30.0).abs() < 0.1, "{}", top.to_mm());
    let red_rules = p
        .items
        .iter()
        .filter(|(_, it)| {
            matches!(
                it,
                Item::Line {
                    paint: Paint::RED,
                    ..
                }
            )
        })
        .count();
    assert_eq!(red_rules, 4, "two double rules");
    let (at, no) = p
        .items
        .iter()
        .find_map(|(pt, it)| match it {
            Item::Text(r) if r.text() == "某安委办函〔2025〕1号" => Some((pt, r)),
            _ => None,
        })
        .expect("doc_no");
    // Its last character (号, one em wide) ends at the text block's right edge.
    let end = at.x + no.glyphs.last().map_or(Abs::ZERO, |g| g.x) + no.size;
    assert!(
        (end.to_mm() - (28.0 + 156.0)).abs() < 0.2,
        "ends at {} mm",
        end.to_mm()
    );
    // Page 1 carries no number; page 2 does (`—2—`: runs hold no spaces, so
    // look for the dash, which nothing else on these pages has).
    let r = runs(p);
    assert!(
        !r.iter().any(|r| r.3.contains('—')),
        "page 1 unnumbered: {r:?}"
    );
    let long = "正文一段。".repeat(200);
    let d = parse(&format!(
        "---\nstyle: gbt9704\nletterhead: 某县安全生产委员会办公室\ndoc_no: 某安委办函〔2025〕1号\n---\n# 标题\n\n{long}\n"
    ));
    let pages = layout(&d, f).unwrap_or_else(|e| panic!("{e}"));
    assert!(pages.len() >= 2, "{} pages", pages.len());
    assert!(
        !runs(&pages[0]).iter().any(|r| r.3.contains('—')),
        "page 1 unnumbered"
    );
    assert!(
        runs(&pages[1]).iter().any(|r| r.3 == "—2—"),
        "page 2 numbered: {:?}",
        runs(&pages[1])
    );
}

#[test]
fn short_block_after_a_table_never_starts_a_page_alone() {
    let f = fonts();
    for n in 20..70 {
        let mut md = String::from("| 序号 | 内容 |\n|---|---|\n");
        for i in 1..=n {
            md.push_str(&format!("| {i} | 第{i}项检查内容 |\n"));
        }
        md.push_str("\n主要负责人（签字）：\n\n填表人：\n");
        let pages = layout(&parse(&md), f).unwrap_or_else(|e| panic!("{e}"));
        let page_of = |text: &str| {
            pages
                .iter()
                .position(|p| runs(p).iter().any(|r| r.3 == text))
                .unwrap_or_else(|| panic!("{n} rows: no {text}"))
        };
        assert_eq!(
            page_of(&format!("第{n}项检查内容")),
            page_of("主要负责人（签字）："),
            "{n} rows: the signature lines left the last row"
        );
    }
}

/// The page (0-based) that holds a run whose text is `text`.
fn page_of(pages: &[Page], text: &str) -> usize {
    pages
        .iter()
        .position(|p| runs(p).iter().any(|r| r.3 == text))
        .unwrap_or_else(|| panic!("no {text:?} in:\n{}", dump(pages)))
}

/// One paragraph of `k` lines (`填充1` … `填充k`), each ended by a hard break.
fn filler(k: usize) -> String {
    let lines: Vec<String> = (1..=k).map(|i| format!("填充{i}")).collect();
    format!("{}\n\n", lines.join("\\\n"))
}

/// A 检查表's ending: a 说明, two signature lines and a right-aligned date.
const SIGNATURES: &str = "说明：发现重大事故隐患的，应当依照规定报告。\n\n\
主要负责人（签字）：\n\n自查人员（签字）：\n\n<div class=\"right\">\n\n____年__月__日\n\n</div>\n";
const CLOSING: [&str; 4] = [
    "说明：发现重大事故隐患的，应当依照规定报告。",
    "主要负责人（签字）：",
    "自查人员（签字）：",
    "____年__月__日",
];

/// The most `k` for which `doc(k)` is one page.
fn most_on_one_page(doc: impl Fn(usize) -> String) -> usize {
    let f = fonts();
    let one = |k: usize| {
        layout(&parse(&doc(k)), f)
            .unwrap_or_else(|e| panic!("{e}"))
            .len()
            == 1
    };
    let mut k = 1;
    assert!(one(k), "one line fits");
    while one(k + 1) {
        k += 1;
    }
    k
}

/// Bottom of the lowest text on a page (baseline + a quarter em), in points.
fn lowest_text(page: &Page) -> f32 {
    runs(page)
        .iter()
        .filter(|r| !r.3.contains('/'))
        .map(|r| r.1 + r.2 * 0.25)
        .fold(0.0, f32::max)
}

#[test]
fn closing_group_after_paragraphs_fits_exactly_or_moves_with_the_last_lines() {
    let f = fonts();
    let doc = |k: usize| {
        format!(
            "---\npage_number: \"{{page}}/{{pages}}\"\n---\n{}{SIGNATURES}",
            filler(k)
        )
    };
    let k = most_on_one_page(doc);
    // k lines: the group fits exactly at the bottom and stays there, whole.
    let pages = layout(&parse(&doc(k)), f).unwrap_or_else(|e| panic!("{e}"));
    let bottom = Abs::mm(297.0 - 25.0).to_pt();
    let pitch = 12.0 * 1.5;
    assert!(
        bottom - lowest_text(&pages[0]) < pitch,
        "the date is on the last line: {} vs {bottom}",
        lowest_text(&pages[0])
    );
    // One line more: the date does not go alone; the whole group moves, and
    // takes the paragraph's last line (and, no widows, the one before).
    let pages = layout(&parse(&doc(k + 1)), f).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(pages.len(), 2);
    for t in CLOSING {
        assert_eq!(page_of(&pages, t), 1, "{t}");
    }
    assert_eq!(page_of(&pages, &format!("填充{}", k + 1)), 1);
    assert_eq!(page_of(&pages, &format!("填充{}", k - 2)), 0);
}

#[test]
fn closing_group_after_a_table_takes_the_last_row_at_every_length() {
    let f = fonts();
    let table = |n: usize| {
        let mut md = String::from("| 序号 | 内容 | 结果 |\n|---|---|---|\n");
        for i in 1..=n {
            md.push_str(&format!("| {i} | 第{i}项检查内容 | □符合 |\n"));
        }
        md
    };
    let doc = |n: usize| format!("{}\n{SIGNATURES}", table(n));
    for n in 20..75 {
        let pages = layout(&parse(&doc(n)), f).unwrap_or_else(|e| panic!("{e}"));
        let last_row = page_of(&pages, &format!("第{n}项检查内容"));
        for t in CLOSING {
            assert_eq!(
                page_of(&pages, t),
                last_row,
                "{n} rows: {t} left the last row"
            );
        }
        if last_row > 0 {
            assert_eq!(page_of(&pages, "序号"), 0);
            assert!(
                runs(&pages[last_row]).iter().any(|r| r.3 == "序号"),
                "header repeated"
            );
        }
    }
    // Both sides of the boundary: the most rows for one page keep the group on it.
    let k = most_on_one_page(doc);
    let pages = layout(&parse(&doc(k + 1)), f).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(page_of(&pages, &format!("第{k}项检查内容")), 0);
    assert_eq!(page_of(&pages, &format!("第{}项检查内容", k + 1)), 1);
    assert_eq!(page_of(&pages, "____年__月__日"), 1);
}

/// A 检查表's ending with a box: the items, a one-column 检查意见 table, the
/// signatures. The box and the signatures never take a page of their own: the
/// last item row (or the last line of text between) goes with them.
#[test]
fn a_form_box_and_its_signatures_take_the_last_row_along() {
    let f = fonts();
    let boxed = "| 检查意见、整改要求及期限 |\n|---|\n| 　<br>　<br>　<br>　 |\n\n\
检查人员（签字）：\n\n被检查单位负责人（签字）：\n\n<div class=\"right\">\n\n____年__月__日\n\n</div>\n";
    let table = |n: usize| {
        let mut md = String::from("| 序号 | 内容 | 结果 |\n|---|---|---|\n");
        for i in 1..=n {
            md.push_str(&format!("| {i} | 第{i}项检查内容 | □符合 |\n"));
        }
        md
    };
    for between in ["", "说明：本表依据有关规定制定。\n\n"] {
        let doc = |n: usize| format!("{}\n{between}{boxed}", table(n));
        let mut moved = 0;
        for n in 20..70 {
            let pages = layout(&parse(&doc(n)), f).unwrap_or_else(|e| panic!("{e}"));
            let on = page_of(&pages, "检查意见、整改要求及期限");
            assert_eq!(page_of(&pages, "____年__月__日"), on, "{n} rows");
            assert_eq!(page_of(&pages, "检查人员（签字）："), on, "{n} rows");
            if between.is_empty() {
                assert_eq!(page_of(&pages, &format!("第{n}项检查内容")), on, "{n} rows");
            } else {
                assert_eq!(
                    page_of(&pages, "说明：本表依据有关规定制定。"),
                    on,
                    "{n} rows"
                );
                assert_eq!(page_of(&pages, &format!("第{n}项检查内容")), on, "{n} rows");
            }
            moved += usize::from(on > 0);
        }
        // Both sides of the page boundary were seen.
        assert!(moved > 0 && moved < 50, "{moved}");
    }
    // Text between longer than a closing group: the box takes its last line, not
    // the item row before the text, which stays where it falls.
    let long_note = format!(
        "{}\n\n",
        (1..=crate::pdf::pages::CLOSING_LINES + 2)
            .map(|k| format!("说明第{k}行"))
            .collect::<Vec<_>>()
            .join("\\\n")
    );
    let apart = (20..70).any(|n| {
        let md = format!("{}\n{long_note}{boxed}", table(n));
        let pages = layout(&parse(&md), f).unwrap_or_else(|e| panic!("{e}"));
        page_of(&pages, &format!("第{n}项检查内容")) < page_of(&pages, "检查意见、整改要求及期限")
    });
    assert!(apart, "a long 说明 does not drag the last item row along");
    // Both sides of BOX_ROWS: a table of that many rows goes whole with the
    // signatures and takes the last item row along; one row more is no box, it
    // splits as any table and leaves the item rows where they fall.
    let with_rows = |n: usize, rows: usize| {
        let md = format!(
            "{}\n| 意见 |\n|---|\n{}\n检查人员（签字）：\n",
            table(n),
            "| 一 |\n".repeat(rows)
        );
        let pages = layout(&parse(&md), f).unwrap_or_else(|e| panic!("{e}"));
        (
            page_of(&pages, &format!("第{n}项检查内容")),
            page_of(&pages, "检查人员（签字）："),
        )
    };
    let rows = crate::pdf::pages::BOX_ROWS;
    for n in 20..70 {
        let (item, sig) = with_rows(n, rows);
        assert_eq!(item, sig, "{n} rows and a box of {rows}");
    }
    assert!(
        (20..70).any(|n| {
            let (item, sig) = with_rows(n, rows + 1);
            item != sig
        }),
        "a table of {} rows is no box",
        rows + 1
    );
}

/// A closing group of exactly CLOSING_LINES lines (a 4-line 说明 and two
/// signature lines) is kept whole: the 说明 never splits across pages.
#[test]
fn a_closing_group_of_exactly_six_lines_stays_whole() {
    let f = fonts();
    assert_eq!(crate::pdf::pages::CLOSING_LINES, 6);
    let note = "说明甲\\\n说明乙\\\n说明丙\\\n说明丁\n\n甲签字：\n\n乙签字：\n";
    let mut split = 0;
    for k in 20..60 {
        let pages =
            layout(&parse(&format!("{}{note}", filler(k))), f).unwrap_or_else(|e| panic!("{e}"));
        let on = page_of(&pages, "乙签字：");
        for t in ["说明甲", "说明乙", "说明丙", "说明丁", "甲签字："] {
            if page_of(&pages, t) != on {
                split += 1;
            }
        }
    }
    assert_eq!(split, 0);
}

/// A closing group is chained within itself, not to what follows it: where it
/// just fits at the foot of a page, a heading after it starts the next page
/// and the group stays.
#[test]
fn a_closing_group_is_not_chained_to_what_follows() {
    let f = fonts();
    let k = most_on_one_page(|k| format!("{}{SIGNATURES}", filler(k)));
    let md = format!("{}{SIGNATURES}\n## 下一节\n\n正文第一行\n", filler(k));
    let pages = layout(&parse(&md), f).unwrap_or_else(|e| panic!("{e}"));
    for t in CLOSING {
        assert_eq!(page_of(&pages, t), 0, "{t}");
    }
    assert_eq!(page_of(&pages, "下一节"), 1);
}

/// On the GB/T 9704 grid (no widow control), a closing group too long to take
/// the 说明 before it into the group takes all of a short 说明 (up to
/// SHORT_BLOCK lines) along, and then the table's last row too; of a longer
/// block only the last line.
#[test]
fn a_short_block_before_the_signatures_is_not_split() {
    let f = fonts();
    let sign = "<div class=\"left\">\n\n单位（盖章）：\\\n主要负责人（签字）：\\\n填表人：\\\n填表日期：\n\n</div>\n";
    let doc = |rows: usize, note: usize| {
        let mut md =
            String::from("---\nstyle: gbt9704\n---\n| 序号 | 内容 | 结果 |\n|---|---|---|\n");
        for i in 1..=rows {
            md.push_str(&format!("| {i} | 第{i}项检查内容 | □符合 |\n"));
        }
        let lines: Vec<String> = (1..=note).map(|i| format!("说明{i}")).collect();
        format!("{md}\n{}\n\n{sign}", lines.join("\\\n"))
    };
    let short = crate::pdf::pages::SHORT_BLOCK;
    let mut moved = 0;
    for rows in 5..40 {
        let pages = layout(&parse(&doc(rows, short)), f).unwrap_or_else(|e| panic!("{e}"));
        let on = page_of(&pages, "填表日期：");
        for k in 1..=short {
            assert_eq!(
                page_of(&pages, &format!("说明{k}")),
                on,
                "{rows} rows, 说明{k}"
            );
        }
        assert_eq!(
            page_of(&pages, &format!("第{rows}项检查内容")),
            on,
            "{rows} rows"
        );
        moved += usize::from(on > 0);
    }
    assert!(moved > 0, "some length moves the group to a second page");
    // One line longer: no more a short block; somewhere it splits, its last
    // line with the signatures.
    let split = (5..40).any(|rows| {
        let pages = layout(&parse(&doc(rows, short + 1)), f).unwrap_or_else(|e| panic!("{e}"));
        let on = page_of(&pages, "填表日期：");
        page_of(&pages, &format!("说明{}", short + 1)) == on && page_of(&pages, "说明1") < on
    });
    assert!(split, "a block of {} lines may split", short + 1);
}

#[test]
fn signature_block_before_a_page_break_stays_whole() {
    // The 自查报告's 双报告: a paragraph, then 盖章, 签字 and the date in one
    // right-aligned div, then a page break.
    let f = fonts();
    let doc = |k: usize| {
        format!(
            "{}整改情况：已整改完成。\n\n<div class=\"right\">\n\n单位（盖章）：某公司\n\n\
             主要负责人（签字）：\n\n____年__月__日\n\n</div>\n\n<div class=\"pagebreak\"></div>\n\n下一份报告。\n",
            filler(k)
        )
    };
    for k in 30..50 {
        let pages = layout(&parse(&doc(k)), f).unwrap_or_else(|e| panic!("{e}"));
        let seal = page_of(&pages, "单位（盖章）：某公司");
        assert_eq!(page_of(&pages, "主要负责人（签字）："), seal, "{k}");
        assert_eq!(page_of(&pages, "____年__月__日"), seal, "{k}");
        // Never alone: the paragraph before shares the page.
        assert_eq!(page_of(&pages, "整改情况：已整改完成。"), seal, "{k}");
    }
}

#[test]
fn a_label_row_keeps_the_whole_row_after_it() {
    // Label rows followed by three-line rows, the table starting lower on the
    // page at each step: a label is never the last row of a page, and its page
    // has the header.
    let f = fonts();
    let mut md = String::from("| 序号 | 检查内容 | 结果 |\n|---|---|---|\n");
    for s in 1..=12 {
        md.push_str(&format!("|  | **第{s}节** |  |\n"));
        for i in 1..=3 {
            md.push_str(&format!(
                "| {s}.{i} | 第一行<br>第二行<br>第{s}节第{i}项 | □符合 |\n"
            ));
        }
    }
    for k in 0..40 {
        let doc = format!("{}{md}", filler(k));
        let pages = layout(&parse(&doc), f).unwrap_or_else(|e| panic!("{e}"));
        for s in 1..=12 {
            let label = page_of(&pages, &format!("第{s}节"));
            assert_eq!(
                page_of(&pages, &format!("第{s}节第1项")),
                label,
                "{k} lines before: 第{s}节 left at a page bottom"
            );
            assert!(runs(&pages[label]).iter().any(|r| r.3 == "序号"), "header");
        }
    }
}

#[test]
fn a_heading_is_never_the_last_thing_on_a_page() {
    // A heading before a table whose first row is four lines tall, and a
    // heading before a paragraph: at every position on the page.
    let f = fonts();
    for k in 25..50 {
        let md = format!(
            "{}## 表格标题\n\n| 序号 | 内容 |\n|---|---|\n| 1 | 一<br>二<br>三<br>第一行末 |\n| 2 | 后 |\n\n{}## 段落标题\n\n正文第一行\\\n正文第二行\n",
            filler(k),
            filler(k)
        );
        let pages = layout(&parse(&md), f).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            page_of(&pages, "表格标题"),
            page_of(&pages, "第一行末"),
            "{k}"
        );
        assert_eq!(
            page_of(&pages, "段落标题"),
            page_of(&pages, "正文第一行"),
            "{k}"
        );
    }
}

/// The lines of text at `size` on page 1, top to bottom (runs on one baseline joined).
fn lines_at(pages: &[Page], size: f32) -> Vec<String> {
    let mut out: Vec<(f32, String)> = Vec::new();
    for r in runs(&pages[0]).into_iter().filter(|r| r.2 == size) {
        match out.iter_mut().find(|(y, _)| (*y - r.1).abs() < 0.1) {
            Some((_, t)) => t.push_str(&r.3),
            None => out.push((r.1, r.3)),
        }
    }
    out.into_iter().map(|(_, t)| t).collect()
}

/// A `# title` laid out with the front matter of a shipped document.
fn title_lines(front: &str, title: &str, size: f32) -> Vec<String> {
    let d = parse(&format!("---\n{front}\n---\n# {title}\n\n正文。\n"));
    lines_at(&layout(&d, fonts()).unwrap_or_else(|e| panic!("{e}")), size)
}

/// The 检查表's page (portrait) and the 自查表's (landscape).
const INSPECTION_FORM: &str = "size: 小四\nmargins: {top: 20, right: 15, bottom: 20, left: 20}";
const SELF_CHECK_SHEET: &str =
    "orientation: landscape\nsize: 小四\nmargins: {top: 18, right: 15, bottom: 18, left: 15}";

#[test]
fn titles_break_at_phrase_boundaries_at_their_documents_width() {
    // 检查表 (portrait, 18 pt): not 自查清/单.
    let t = "化工和危险化学品生产经营单位重大生产安全事故隐患自查清单";
    assert_eq!(
        title_lines(INSPECTION_FORM, t, 18.0),
        vec![
            "化工和危险化学品生产经营单位",
            "重大生产安全事故隐患自查清单"
        ]
    );
    // Before the bracket: not （山西省人民政府/令第293号）.
    assert_eq!(
        title_lines(
            INSPECTION_FORM,
            "生产经营单位主要负责人安全生产职责清单（山西省人民政府令第293号）",
            18.0
        ),
        vec![
            "生产经营单位主要负责人安全生产职责清单",
            "（山西省人民政府令第293号）"
        ]
    );
    // 自查表 (landscape): the same title fits one line and stays one line; a
    // longer one breaks before its bracket, the 发文字号 whole.
    assert_eq!(title_lines(SELF_CHECK_SHEET, t, 18.0), vec![t]);
    let long = format!("{t}（依据安监总管三〔2017〕121号）");
    assert_eq!(
        title_lines(SELF_CHECK_SHEET, &long, 18.0),
        vec![t, "（依据安监总管三〔2017〕121号）"]
    );
    // GB/T 9704 letter title, 二号 on 156 mm: not 切实做好重大/事故隐患.
    let letter = "关于深刻吸取粉尘爆炸事故教训切实做好重大事故隐患自查自改工作的警示提醒函";
    assert_eq!(
        title_lines("style: gbt9704", letter, 22.0),
        vec![
            "关于深刻吸取粉尘爆炸事故教训切实做好",
            "重大事故隐患自查自改工作的警示提醒函"
        ]
    );
    // A letter title that fits one line stays one line.
    let short = "关于开展重大事故隐患自查自改工作的通知";
    assert_eq!(title_lines("style: gbt9704", short, 22.0), vec![short]);
}

/// 文件格式 (`letterhead_format: file`): the issuer's em box 35 mm below the
/// text block's top (37 + 35 mm from the paper's edge), the 发文字号 centred on
/// the text block below it, a red rule under that.
#[test]
fn file_letterhead_sits_35_mm_down_with_the_doc_no_centred() {
    let f = fonts();
    let d = parse(
        "---\nstyle: gbt9704\nletterhead: 某县安全生产委员会办公室\nletterhead_format: file\ndoc_no: 某安委办〔2025〕1号\n---\n# 标题\n\n正文。\n",
    );
    let pages = layout(&d, f).unwrap_or_else(|e| panic!("{e}"));
    let p = &pages[0];
    let find = |text: &str| {
        p.items
            .iter()
            .find_map(|(pt, it)| match it {
                Item::Text(r) if r.text() == text => Some((pt, r)),
                _ => None,
            })
            .unwrap_or_else(|| panic!("no {text}"))
    };
    let (at, head) = find("某县安全生产委员会办公室");
    assert_eq!(head.paint, Paint::RED);
    let top = at.y - head.size * EM_BOX_TOP;
    assert!(
        (top.to_mm() - (37.0 + 35.0)).abs() < 0.1,
        "issuer top at {} mm",
        top.to_mm()
    );
    let (no_at, no) = find("某安委办〔2025〕1号");
    assert_eq!(no.paint, Paint::BLACK);
    let start = no_at.x;
    let end = no_at.x + no.glyphs.last().map_or(Abs::ZERO, |g| g.x) + no.size;
    let centre = (start + end) / 2.0;
    assert!(
        (centre.to_mm() - (28.0 + 156.0 / 2.0)).abs() < 0.3,
        "发文字号 centred: {} mm",
        centre.to_mm()
    );
    assert!(no_at.y > at.y, "发文字号 below the issuer");
    // A red rule across the text block under the 发文字号.
    let rule = p.items.iter().find_map(|(pt, it)| match it {
        Item::Line {
            paint: Paint::RED, ..
        } if pt.y > no_at.y => Some(pt.y),
        _ => None,
    });
    let rule = rule.unwrap_or_else(|| panic!("no red rule under the 发文字号"));
    assert!(
        (rule - no_at.y).to_mm() > 3.0 && (rule - no_at.y).to_mm() < 12.0,
        "rule {} mm under the 发文字号's baseline",
        (rule - no_at.y).to_mm()
    );
}

/// The signature (seal) block never starts a page alone: 此函。 goes with it,
/// wherever the page ends.
#[test]
fn the_line_before_the_signature_goes_with_it() {
    let f = fonts();
    for k in 10..24 {
        let md = format!(
            "---\nstyle: gbt9704\n---\n{}此函。\n\n<div class=\"seal\">\n\n某县安全生产委员会办公室\n\n2025年2月21日\n\n</div>\n",
            filler(k)
        );
        let pages = layout(&parse(&md), f).unwrap_or_else(|e| panic!("{e}"));
        let seal = page_of(&pages, "某县安全生产委员会办公室");
        assert_eq!(page_of(&pages, "2025年2月21日"), seal, "{k}");
        assert_eq!(page_of(&pages, "此函。"), seal, "{k} lines before");
        if k == 23 {
            assert_eq!(seal, 1, "the case where the block moves is tested");
        }
    }
}

/// A table starts at the bottom of a page only if the header and its first
/// row fit there (with the row a label keeps after it); a first row taller
/// than a page starts right away, with at least its first line under the
/// header. Never a header alone at the foot of a page.
#[test]
fn a_table_starts_where_its_header_and_first_row_fit() {
    let f = fonts();
    let table = |n: usize, label: bool| {
        let lines: Vec<String> = (1..=n).map(|i| format!("第{i}行")).collect();
        let label = if label { "|  | 第一节 |  |\n" } else { "" };
        format!(
            "| 序号 | 内容 | 结果 |\n|---|---|---|\n{label}| 1 | {} | 是 |\n| 2 | 后 | 是 |\n",
            lines.join("<br>")
        )
    };
    let mut moved_whole = 0;
    let mut started_here = 0;
    for n in [3, 30, 38, 42, 46, 50, 60] {
        for label in [false, true] {
            for k in [5, 20, 35, 42, 46] {
                let md = format!("{}{}", filler(k), table(n, label));
                let pages = layout(&parse(&md), f).unwrap_or_else(|e| panic!("{e}"));
                let head = page_of(&pages, "序号");
                let first = page_of(&pages, "第1行");
                assert_eq!(
                    head, first,
                    "{n} lines, label {label}, {k} before: header alone"
                );
                if label {
                    assert_eq!(page_of(&pages, "第一节"), first, "label alone");
                }
                let last = page_of(&pages, &format!("第{n}行"));
                let before = page_of(&pages, &format!("填充{k}"));
                if first == before {
                    started_here += 1;
                } else {
                    // Moved to the next page: then it is there whole, unless
                    // it is taller than a page (then it had no room here).
                    assert_eq!(first, before + 1);
                    if last != first {
                        let here = layout(&parse(&format!("{}{}", filler(1), table(n, label))), f)
                            .unwrap_or_else(|e| panic!("{e}"));
                        assert_ne!(
                            page_of(&here, "第1行"),
                            page_of(&here, &format!("第{n}行")),
                            "{n} lines, label {label}, {k} before: moved, then split"
                        );
                    }
                    moved_whole += 1;
                }
            }
        }
    }
    assert!(
        moved_whole > 0 && started_here > 0,
        "{moved_whole} {started_here}"
    );
}

/// A row taller than a page is split line by line: every line once and in
/// order, each page filled (the same number of lines on every full page), and
/// nothing, text or rule, below the text block (25 mm margin: 771 pt).
#[test]
fn a_row_taller_than_a_page_fills_each_page_and_loses_no_line() {
    let f = fonts();
    let n = 150;
    let lines: Vec<String> = (1..=n).map(|i| format!("第{i}行")).collect();
    let md = format!(
        "正文。\n\n| 序号 | 内容 |\n|---|---|\n| 1 | 短 |\n| 2 | {} |\n| 3 | 尾 |\n",
        lines.join("<br>")
    );
    let pages = layout(&parse(&md), f).unwrap_or_else(|e| panic!("{e}"));
    let bottom = Abs::mm(297.0 - 25.0).to_pt() + 0.5;
    let mut seen = Vec::new();
    let mut per_page = Vec::new();
    for p in &pages {
        let mut here = 0;
        for r in runs(p) {
            if let Some(k) = r.3.strip_prefix('第').and_then(|s| s.strip_suffix('行')) {
                seen.push(k.parse::<usize>().unwrap_or(0));
                here += 1;
                assert!(r.1 < bottom, "line {} at {} pt", r.3, r.1);
            }
        }
        per_page.push(here);
        for (pt, it) in &p.items {
            if let Item::Line { delta, .. } = it {
                assert!(
                    pt.y.to_pt().max((pt.y + delta.y).to_pt()) < bottom,
                    "a rule below the text block"
                );
            }
        }
    }
    assert_eq!(
        seen,
        (1..=n).collect::<Vec<_>>(),
        "every line once, in order"
    );
    let full: Vec<usize> = per_page.iter().copied().filter(|&c| c > 0).collect();
    assert!(full.len() >= 3, "{per_page:?}");
    // Pages wholly given to the row hold the same number of lines; the first
    // (after 正文 and row 1) holds fewer, the last the rest.
    let middle = &full[1..full.len() - 1];
    assert!(middle.windows(2).all(|w| w[0] == w[1]), "{per_page:?}");
    assert!(
        full[0] < middle[0] && full[full.len() - 1] <= middle[0],
        "{per_page:?}"
    );
}
