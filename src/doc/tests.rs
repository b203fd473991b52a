use super::*;

fn text_of(b: &Block) -> String {
    match b {
        Block::Paragraph(i) | Block::Heading(_, i) => plain_text(i),
        _ => String::new(),
    }
}

#[test]
fn front_matter_and_blocks() {
    let md = "---\ntitle: 检查表\nsize: 小四\nmargins: {top: 37, right: 26, bottom: 35, left: 28}\n---\n# 标题\n\n正文**加粗**。\n";
    let d = parse(md).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(d.setup.title.as_deref(), Some("检查表"));
    assert_eq!(d.setup.size, FontSize(12.0));
    assert_eq!(d.setup.margins.top, 37.0);
    assert_eq!(d.blocks.len(), 2);
    assert_eq!(text_of(&d.blocks[0]), "标题");
    match &d.blocks[1] {
        Block::Paragraph(inl) => {
            assert_eq!(inl.len(), 3);
            assert!(matches!(&inl[1], Inline::Text(t, s) if t == "加粗" && s.bold));
        }
        other => panic!("expected a paragraph, got {other:?}"),
    }
}

#[test]
fn layout_vocabulary() {
    let md = "前文\n\n<div class=\"right\">\n\n签字：\n\n日期：\n\n</div>\n\n<div class=\"pagebreak\"></div>\n\n<div class=\"seal\">\n\n（盖章）\n\n</div>\n";
    let blocks = parse_blocks(md, &[]);
    assert!(matches!(&blocks[1], Block::Aligned(Align::Right, inner) if inner.len() == 2));
    assert_eq!(blocks[2], Block::PageBreak);
    assert!(matches!(&blocks[3], Block::Seal(inner) if inner.len() == 1));
}

#[test]
fn tables_take_matching_widths() {
    let md = "| 序号 | 内容 |\n|:-:|---|\n| 1 | 甲<br>乙 |\n| 2 | |\n";
    let widths = [Width::Percent(10.0), Width::Percent(90.0)];
    let blocks = parse_blocks(md, &widths);
    let Some(Block::Table(t)) = blocks.first() else {
        panic!("no table: {blocks:?}")
    };
    assert_eq!(t.align, vec![Align::Center, Align::Left]);
    assert_eq!(t.widths.len(), 2);
    assert_eq!(t.rows.len(), 2);
    assert_eq!(plain_text(&t.rows[0][1]), "甲\n乙");
    assert!(t.rows[1][1].is_empty());
}

#[test]
fn sizes_and_widths_parse() {
    assert_eq!(FontSize::parse("三号"), Some(FontSize(16.0)));
    assert_eq!(FontSize::parse("10.5pt"), Some(FontSize(10.5)));
    assert_eq!(FontSize::parse("huge"), None);
    assert_eq!(parse_width("25%"), Some(Width::Percent(25.0)));
    assert_eq!(parse_width("20mm"), Some(Width::Mm(20.0)));
    assert_eq!(parse_width("0"), None);
}

#[test]
fn bad_front_matter_is_an_error() {
    assert!(parse("---\nsize: 巨大\n---\nx").is_err());
    assert!(parse("---\nunknown_key: 1\n---\nx").is_err());
    assert!(parse("---\npaper: Letter\n---\nx").is_err());
}

/// Found by fuzzing (markdown_pdf): NaN margins passed the range check and
/// made layout loop forever; numeric widths were not checked at all.
#[test]
fn non_finite_margins_and_widths_are_errors() {
    assert!(parse("---\nmargins: {top: .nan, right: 5, bottom: 5, left: 5}\n---\nx").is_err());
    assert!(parse("---\nmargins: {top: 5, right: 5, bottom: .inf, left: 5}\n---\nx").is_err());
    assert!(parse("---\nwidths: [.nan, 20]\n---\nx").is_err());
    assert!(parse("---\nwidths: [-5, 20]\n---\nx").is_err());
    assert!(parse("---\nwidths: [20, 30.5]\n---\nx").is_ok());
}

#[test]
fn unclosed_div_keeps_content() {
    let blocks = parse_blocks("<div class=\"center\">\n\n居中\n", &[]);
    assert!(matches!(&blocks[0], Block::Aligned(Align::Center, inner) if inner.len() == 1));
}

#[test]
fn gbt9704_fixes_the_page() {
    let d = parse("---\nstyle: gbt9704\nmargins: {top: 10, right: 10, bottom: 10, left: 10}\nsize: 小四\n---\nx\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let s = d.setup;
    assert_eq!(
        (
            s.margins.top,
            s.margins.left,
            s.margins.right,
            s.margins.bottom
        ),
        (37.0, 28.0, 26.0, 35.0)
    );
    assert_eq!(s.size, FontSize(16.0));
    assert_eq!(s.title_size, FontSize(22.0));
    let pitch_mm = s.size.0 * s.line_height / 72.0 * 25.4;
    assert!((pitch_mm * 22.0 - 225.0).abs() < 0.01, "{pitch_mm}");
    assert!(s.indent);
}

/// Depth of nested container blocks (quotes, lists, aligned divs).
fn depth(blocks: &[Block]) -> usize {
    blocks
        .iter()
        .map(|b| match b {
            Block::Quote(bs) | Block::Aligned(_, bs) | Block::Seal(bs) | Block::Imprint(bs) => {
                1 + depth(bs)
            }
            Block::List { items, .. } => 1 + items.iter().map(|i| depth(i)).max().unwrap_or(0),
            _ => 0,
        })
        .max()
        .unwrap_or(0)
}

/// Found by fuzzing (markdown_pdf): 10,000 nested `>` overflowed the stack in
/// layout, which recurses per level. Deeper levels are flattened, text kept.
#[test]
fn deep_nesting_is_bounded() {
    for md in [
        format!("{} 深\n", ">".repeat(20_000)),
        format!("{}深\n", "- ".repeat(20_000)),
        format!("{}深\n", "<div class=\"center\">\n\n".repeat(5_000)),
        (0..500)
            .map(|i| format!("{}- 深\n", "  ".repeat(i)))
            .collect(),
    ] {
        let blocks = parse_blocks(&md, &[]);
        let d = depth(&blocks);
        assert!(d > 10 && d <= 2 * MAX_NESTING, "depth {d}");
        let text = format!("{blocks:?}");
        assert!(text.contains("深"), "text lost");
    }
    // Shallow nesting is kept as it is.
    let blocks = parse_blocks("> > 引用\n", &[]);
    assert_eq!(depth(&blocks), 2);
}

#[test]
fn gbt9704_body_is_fangsong_unless_font_is_given() {
    let d = parse("---\nstyle: gbt9704\n---\nx\n").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(d.setup.body_font.as_deref(), Some("fangsong"));
    assert_eq!(d.setup.font, "serif", "title and page numbers stay serif");
    for font in ["serif", "仿宋_GB2312"] {
        let d = parse(&format!("---\nstyle: gbt9704\nfont: {font}\n---\nx\n"))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(d.setup.body_font, None, "{font}");
        assert_eq!(d.setup.font, font);
    }
    let d = parse("---\ntitle: 检查表\n---\nx\n").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(d.setup.body_font, None);
}

#[test]
fn inert_html_keeps_the_layout_vocabulary_and_escapes_the_rest() {
    let md = "正文<script>alert(1)</script>。\n\n<img src=x onerror=alert(1)>\n\n<div class=\"right\">\n\n签字\n\n</div>\n\n换行<br>之后\n\n`<b>代码</b>`\n";
    let out = inert_html(md);
    assert!(
        out.contains("正文&lt;script>alert(1)&lt;/script>。"),
        "{out}"
    );
    assert!(out.contains("&lt;img src=x onerror=alert(1)>"), "{out}");
    assert!(
        out.contains("<div class=\"right\">") && out.contains("</div>"),
        "{out}"
    );
    assert!(out.contains("换行<br>之后"), "{out}");
    // Code spans are text already: left as written.
    assert!(out.contains("`<b>代码</b>`"), "{out}");
    // Nothing to change: the same text.
    assert_eq!(inert_html("普通文字。\n"), "普通文字。\n");
}

#[test]
fn deep_front_matter_is_refused_before_the_yaml_scanner() {
    let deep = |n: usize| {
        format!(
            "---\ntitle: t\nx: {}{}\n---\n正文\n",
            "[".repeat(n),
            "]".repeat(n)
        )
    };
    // At the limit, serde sees the text (and refuses the unknown key).
    let e = parse(&deep(crate::nesting::MAX_NESTING))
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("front matter: unknown field `x`"), "{e}");
    let e = parse(&deep(crate::nesting::MAX_NESTING + 1))
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        "front matter: nested deeper than 128 levels (line 2, column 132 of the front matter)"
    );
    // 100 KB of `[` would take the scanner seconds; refused at once.
    assert!(parse(&deep(100_000)).is_err());
}

#[test]
fn the_first_text_after_the_number_decides_whether_a_row_introduces() {
    let row = |cells: &[&str]| {
        row_introduces(
            &cells
                .iter()
                .map(|c| vec![Inline::Text((*c).into(), InlineStyle::default())])
                .collect::<Vec<_>>(),
        )
    };
    assert!(row(&[
        "11",
        "存在下列情形之一的：",
        "第十一条",
        "见下列各项"
    ]));
    assert!(row(&["64.1", "（一）", "有下列情形:", ""]));
    assert!(row(&["", "一（二十三）", "存在下列情形之一的：  "]));
    assert!(!row(&[
        "11",
        "存在下列情形之一的",
        "□符合",
        "责任人：整改时限："
    ]));
    assert!(!row(&["11", "责任人是否到岗", "责任人："]));
    assert!(!row(&["12", "3", ""]));
    assert!(!row(&[]));
}
