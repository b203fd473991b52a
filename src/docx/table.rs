//! Tables as Word tables: fixed column widths (from the front matter, or from the
//! content as the PDF measures it), single borders, a shaded header row that
//! repeats on every page (`w:tblHeader`), rows that do not split across pages
//! (`w:cantSplit`, as the PDF keeps rows whole), section rows (one filled cell in
//! a table of three or more columns) spanning to the right edge, shaded and kept
//! with the row after them, as is an item ending in a colon
//! ([`crate::doc::row_introduces`]). Cells use "at least" line spacing so a larger glyph
//! never gets clipped.
//!
//! Charts become a table of their data under the chart's title: Word has no
//! drawing qingdan could make without a rasteriser, and the numbers stay editable.
//! The GB/T 9704 版记 is a one-column table held at the foot of the text block.

use super::para::{ems, paragraph, Frame, Para, Run};
use super::xml::Xml;
use super::{tw_mm, tw_pt, Ctx};
use crate::doc::{Align, Block, Inline, InlineStyle, LetterheadFormat, Table, Width};

/// Grey of the header row (the PDF's 0.93).
const HEADER_FILL: &str = "EDEDED";
/// Grey of section rows.
const LABEL_FILL: &str = "F5F5F5";
/// Cell padding, as the PDF's 1.5 mm.
fn pad() -> i64 {
    tw_mm(1.5)
}

/// Width of a cell's text in ems for column widths: digits and capitals are
/// wider than half an em in most faces a reader may substitute (a USCC of 18
/// of them must not wrap where the PDF keeps it on one line).
fn cell_ems(s: &str) -> f32 {
    s.chars()
        .map(|c| {
            if c.is_ascii_uppercase() || c.is_ascii_digit() {
                0.62
            } else {
                ems(c.encode_utf8(&mut [0; 4]))
            }
        })
        .sum()
}

/// Column widths in twips for a table `width` wide.
fn column_widths(ctx: &Ctx<'_>, t: &Table, n: usize, width: i64) -> Vec<i64> {
    let pad = pad();
    if t.widths.len() == n {
        let mut w: Vec<i64> = t
            .widths
            .iter()
            .map(|w| match w {
                Width::Mm(mm) => tw_mm(*mm),
                Width::Percent(p) => (width as f32 * p / 100.0).round() as i64,
            })
            .collect();
        let total: i64 = w.iter().sum();
        if total > width {
            w.iter_mut().for_each(|x| *x = *x * width / total.max(1));
        }
        return w;
    }
    // As the PDF: max- and min-content widths (a CJK text can break anywhere,
    // so its min is one character), shared by the PDF's rule.
    let em = tw_pt(ctx.table_pt) as f32;
    let mut min = vec![0i64; n];
    let mut max = vec![0i64; n];
    let mut visit = |cells: &[Vec<Inline>]| {
        for (c, cell) in cells.iter().enumerate().take(n) {
            let text = crate::doc::plain_text(cell);
            let hi = text.split('\n').map(cell_ems).fold(0.0, f32::max);
            let lo = text
                .split(|ch: char| ch.is_whitespace())
                .map(|w| {
                    if w.is_ascii() {
                        cell_ems(w)
                    } else {
                        cell_ems(w).min(1.0)
                    }
                })
                .fold(0.0, f32::max);
            min[c] = min[c].max((lo * em) as i64 + pad * 2);
            max[c] = max[c].max((hi * em) as i64 + pad * 2);
        }
    };
    visit(&t.head);
    for r in &t.rows {
        visit(r);
    }
    // The PDF's rule (`crate::columns::share`), its floor five characters.
    let f = |v: &[i64]| v.iter().map(|x| *x as f32).collect::<Vec<f32>>();
    let floor = 5.0 * em + (pad * 2) as f32;
    crate::columns::share(&f(&min), &f(&max), width as f32, floor)
        .into_iter()
        .map(|x| x.floor() as i64)
        .collect()
}

/// `<w:tblPr>`: width, indent, borders, fixed layout, cell margins.
fn table_props(x: &mut Xml, total: i64, indent: i64, borders: bool) {
    x.open("w:tblPr", &[]);
    x.empty("w:tblW", &[("w:w", &total.to_string()), ("w:type", "dxa")]);
    if indent != 0 {
        x.empty(
            "w:tblInd",
            &[("w:w", &indent.to_string()), ("w:type", "dxa")],
        );
    }
    table_borders(x, |_| borders.then_some(("single", "4", "000000")));
    let p = pad().to_string();
    x.open("w:tblCellMar", &[]);
    for side in ["w:top", "w:left", "w:bottom", "w:right"] {
        x.empty(side, &[("w:w", &p), ("w:type", "dxa")]);
    }
    x.close("w:tblCellMar");
    x.empty("w:tblLook", &[("w:val", "0000")]);
    x.close("w:tblPr");
}

/// The table's borders, each side's line from `line` (style, width in eighths
/// of a point, colour; `None` for none), and its fixed layout.
fn table_borders(x: &mut Xml, line: impl Fn(&str) -> Option<(&str, &str, &str)>) {
    x.open("w:tblBorders", &[]);
    for side in [
        "w:top",
        "w:left",
        "w:bottom",
        "w:right",
        "w:insideH",
        "w:insideV",
    ] {
        match line(side) {
            Some((val, sz, color)) => {
                x.empty(
                    side,
                    &[
                        ("w:val", val),
                        ("w:sz", sz),
                        ("w:space", "0"),
                        ("w:color", color),
                    ],
                );
            }
            None => {
                x.empty(side, &[("w:val", "nil")]);
            }
        }
    }
    x.close("w:tblBorders");
    x.empty("w:tblLayout", &[("w:type", "fixed")]);
}

fn grid(x: &mut Xml, cols: &[i64]) {
    x.open("w:tblGrid", &[]);
    for w in cols {
        x.empty("w:gridCol", &[("w:w", &w.to_string())]);
    }
    x.close("w:tblGrid");
}

/// One cell: width, span, shading, vertical centring, its paragraph.
#[allow(clippy::too_many_arguments)]
fn cell(
    x: &mut Xml,
    ctx: &Ctx<'_>,
    width: i64,
    span: usize,
    fill: Option<&str>,
    inl: &[Inline],
    jc: &'static str,
    bold: bool,
    keep: bool,
) {
    x.open("w:tc", &[]);
    x.open("w:tcPr", &[]);
    x.empty("w:tcW", &[("w:w", &width.to_string()), ("w:type", "dxa")]);
    if span > 1 {
        x.empty("w:gridSpan", &[("w:val", &span.to_string())]);
    }
    if let Some(f) = fill {
        x.empty(
            "w:shd",
            &[("w:val", "clear"), ("w:color", "auto"), ("w:fill", f)],
        );
    }
    x.empty("w:vAlign", &[("w:val", "center")]);
    x.close("w:tcPr");
    let p = Para {
        keep_next: keep,
        no_grid: true,
        line: Some((tw_pt(ctx.table_pt * 1.35), "atLeast")),
        jc: Some(jc),
        ..Para::default()
    };
    let run = Run {
        font: Some(ctx.font.clone()),
        pt: Some(ctx.table_pt),
        bold,
        no_grid: ctx.gbt,
        ..Run::default()
    };
    paragraph(x, ctx, &p, inl, &run);
    x.close("w:tc");
}

fn jc(a: Align, justify: bool) -> &'static str {
    match a {
        Align::Left if justify => "both",
        Align::Left => "left",
        Align::Center => "center",
        Align::Right => "right",
    }
}

/// Appends a cell's content (a paragraph if it has none: Word needs one in
/// every cell) and closes the cell.
fn close_cell(x: &mut Xml, ctx: &Ctx<'_>, mut cell: Xml) {
    if cell.is_empty() {
        paragraph(&mut cell, ctx, &Para::default(), &[], &Run::default());
    }
    x.append(cell);
    x.close("w:tc");
}

/// A Markdown table. `after_text`: something comes before it (the PDF leaves
/// half a character of space above and below a table outside GB/T 9704).
pub(crate) fn table(x: &mut Xml, ctx: &Ctx<'_>, t: &Table, f: &Frame, after_text: bool) {
    let n = t.columns();
    if n == 0 {
        return;
    }
    let gap = if ctx.gbt { 0 } else { ctx.em / 2 };
    if after_text && gap > 0 {
        spacer(x, ctx, gap);
    }
    let width = (ctx.width - f.left - f.right).max(tw_mm(20.0));
    let cols = column_widths(ctx, t, n, width);
    let total: i64 = cols.iter().sum();
    x.open("w:tbl", &[]);
    table_props(x, total, f.left, true);
    grid(x, &cols);
    let empty: Vec<Inline> = Vec::new();
    let align = |c: usize| t.align.get(c).copied().unwrap_or_default();
    if t.head.iter().any(|c| !c.is_empty()) {
        x.open("w:tr", &[]);
        x.open("w:trPr", &[]);
        x.empty("w:cantSplit", &[]);
        x.empty("w:tblHeader", &[]);
        x.close("w:trPr");
        for (c, w) in cols.iter().enumerate() {
            let inl = t.head.get(c).unwrap_or(&empty);
            cell(x, ctx, *w, 1, Some(HEADER_FILL), inl, "center", true, false);
        }
        x.close("w:tr");
    }
    for row in &t.rows {
        let span = crate::doc::label_cell(row, n);
        let label = span.is_some();
        x.open("w:tr", &[]);
        x.open("w:trPr", &[]);
        x.empty("w:cantSplit", &[]);
        x.close("w:trPr");
        let mut c = 0;
        while c < n {
            let inl = row.get(c).unwrap_or(&empty);
            match span {
                Some(s) if s == c => {
                    // A section title reads across the rest of the table and
                    // stays with the row after it.
                    let w: i64 = cols[c..].iter().sum();
                    cell(x, ctx, w, n - c, Some(LABEL_FILL), inl, "left", false, true);
                    c = n;
                }
                _ => {
                    // A section row, or an item whose cases follow (存在下列情形之一的：).
                    let keep = label || crate::doc::row_introduces(row);
                    // Lines ended by a break are not spread (Word justifies them).
                    let j = jc(align(c), !inl.contains(&Inline::Break));
                    cell(
                        x,
                        ctx,
                        cols[c],
                        1,
                        label.then_some(LABEL_FILL),
                        inl,
                        j,
                        false,
                        keep,
                    );
                    c += 1;
                }
            }
        }
        x.close("w:tr");
    }
    x.close("w:tbl");
    if gap > 0 {
        spacer(x, ctx, gap);
    }
}

/// An empty paragraph `h` twips tall (space around a table; Word needs a
/// paragraph between two tables anyway).
fn spacer(x: &mut Xml, ctx: &Ctx<'_>, h: i64) {
    let p = Para {
        no_grid: true,
        line: Some((h.max(20), "exact")),
        ..Para::default()
    };
    paragraph(x, ctx, &p, &[], &Run::default());
}

/// A number as the chart prints it: whole numbers without decimals.
fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        let s = format!("{v:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// A chart as its title and a table of its data: one row a bar, one column a
/// series (and their total when there are several).
pub(crate) fn chart(x: &mut Xml, ctx: &Ctx<'_>, c: &crate::chart::Chart, f: &Frame) {
    let text = |s: String| vec![Inline::Text(s, InlineStyle::default())];
    let title = Para {
        keep_next: true,
        left: f.left,
        line: Some((ctx.pitch, "atLeast")),
        before: tw_pt(ctx.body_pt * 0.5),
        jc: Some("center"),
        ..Para::default()
    };
    let bold = Run {
        bold: true,
        ..Run::default()
    };
    paragraph(x, ctx, &title, &text(c.title.clone()), &bold);
    let total = c.series.len() > 1;
    let mut head = vec![text(String::new())];
    head.extend(c.series.iter().map(|s| text(s.name.clone())));
    if total {
        head.push(text("合计".into()));
    }
    let rows = c
        .rows
        .iter()
        .map(|r| {
            let mut cells = vec![text(r.label.clone())];
            cells.extend(
                (0..c.series.len()).map(|k| text(number(r.values.get(k).copied().unwrap_or(0.0)))),
            );
            if total {
                cells.push(text(number(r.values.iter().sum())));
            }
            cells
        })
        .collect();
    let n = head.len();
    let mut align = vec![Align::Right; n];
    align[0] = Align::Left;
    let t = Table {
        align,
        widths: Vec::new(),
        head,
        rows,
    };
    table(x, ctx, &t, f, false);
}

/// The GB/T 9704 版记 (抄送, 印发): a one-column table at the foot of the text
/// block (a floating table anchored to the bottom margin), one character in from
/// each side, between thick rules (0.35 mm) unless a 信函格式 letter, whose
/// 版记 has none; its blocks are written by `blocks`.
pub(crate) fn imprint(
    x: &mut Xml,
    ctx: &Ctx<'_>,
    blocks: &[Block],
    f: &Frame,
    write_blocks: impl FnOnce(&mut Xml, &[Block], Frame),
) {
    let setup = ctx.setup;
    let ruled = setup.letterhead.is_none() || setup.letterhead_format == LetterheadFormat::File;
    let width = ctx.width - f.left - f.right;
    x.open("w:tbl", &[]);
    x.open("w:tblPr", &[]);
    x.empty(
        "w:tblpPr",
        &[
            ("w:vertAnchor", "margin"),
            ("w:horzAnchor", "margin"),
            ("w:tblpXSpec", "center"),
            ("w:tblpYSpec", "bottom"),
        ],
    );
    x.empty("w:tblOverlap", &[("w:val", "never")]);
    x.empty("w:tblW", &[("w:w", &width.to_string()), ("w:type", "dxa")]);
    table_borders(x, |side| {
        (ruled && (side == "w:top" || side == "w:bottom")).then_some(("single", "8", "000000"))
    });
    let em = ctx.em.to_string();
    x.open("w:tblCellMar", &[]);
    x.empty("w:left", &[("w:w", &em), ("w:type", "dxa")]);
    x.empty("w:right", &[("w:w", &em), ("w:type", "dxa")]);
    x.close("w:tblCellMar");
    x.empty("w:tblLook", &[("w:val", "0000")]);
    x.close("w:tblPr");
    grid(x, &[width]);
    x.open("w:tr", &[]);
    x.open("w:trPr", &[]);
    x.empty("w:cantSplit", &[]);
    x.close("w:trPr");
    x.open("w:tc", &[]);
    x.open("w:tcPr", &[]);
    x.empty("w:tcW", &[("w:w", &width.to_string()), ("w:type", "dxa")]);
    x.close("w:tcPr");
    let inner = Frame {
        align: Some(Align::Left),
        ..Frame::default()
    };
    let mut cell = Xml::default();
    write_blocks(&mut cell, blocks, inner);
    close_cell(x, ctx, cell);
    x.close("w:tr");
    x.close("w:tbl");
    // A floating table needs a paragraph after it.
    spacer(x, ctx, 20);
}

/// Emergency cards (`doc::Block::Card`), two to a row of a table whose dashed
/// borders are the cut lines: each card a cell half the page wide and at
/// least half a page tall (the PDF's A6 quarters of an A4 sheet, when the
/// document's margins are zero as the template sets them), rows kept whole.
/// A card's 版记 (the enterprise) is its last paragraphs under a rule, since a
/// floating table cannot sit in a cell.
pub(crate) fn cards(
    x: &mut Xml,
    ctx: &Ctx<'_>,
    cards: &[&[Block]],
    f: &Frame,
    mut write_blocks: impl FnMut(&mut Xml, &[Block], Frame),
) {
    let width = ctx.width - f.left - f.right;
    let col = width / 2;
    // Half of the page's text height, less room for the paragraph Word keeps
    // after a table, so that two rows share a page.
    let (_, page_h) = ctx.setup.page_size_mm();
    let m = ctx.setup.margins;
    let height = (super::tw_mm(page_h - m.top - m.bottom) / 2 - 40).max(0);
    x.open("w:tbl", &[]);
    x.open("w:tblPr", &[]);
    x.empty("w:tblW", &[("w:w", &width.to_string()), ("w:type", "dxa")]);
    table_borders(x, |_| Some(("dashed", "4", "808080")));
    // 6 mm inside each cut line, as in the PDF.
    let pad = (6.0 * 1440.0 / 25.4) as i64;
    x.open("w:tblCellMar", &[]);
    for side in ["w:top", "w:left", "w:bottom", "w:right"] {
        x.empty(side, &[("w:w", &pad.to_string()), ("w:type", "dxa")]);
    }
    x.close("w:tblCellMar");
    x.empty("w:tblLook", &[("w:val", "0000")]);
    x.close("w:tblPr");
    grid(x, &[col, width - col]);
    for pair in cards.chunks(2) {
        x.open("w:tr", &[]);
        x.open("w:trPr", &[]);
        x.empty("w:cantSplit", &[]);
        x.empty(
            "w:trHeight",
            &[("w:val", &height.to_string()), ("w:hRule", "atLeast")],
        );
        x.close("w:trPr");
        for k in 0..2 {
            let w = if k == 0 { col } else { width - col };
            x.open("w:tc", &[]);
            x.open("w:tcPr", &[]);
            x.empty("w:tcW", &[("w:w", &w.to_string()), ("w:type", "dxa")]);
            x.close("w:tcPr");
            let mut cell = Xml::default();
            if let Some(blocks) = pair.get(k) {
                let flat: Vec<Block> = blocks
                    .iter()
                    .flat_map(|b| match b {
                        Block::Imprint(inner) => {
                            let mut v = vec![Block::Rule];
                            v.extend(inner.iter().cloned());
                            v
                        }
                        b => vec![b.clone()],
                    })
                    .collect();
                let inner = Frame {
                    align: Some(Align::Left),
                    ..Frame::default()
                };
                write_blocks(&mut cell, &flat, inner);
            }
            close_cell(x, ctx, cell);
        }
        x.close("w:tr");
    }
    x.close("w:tbl");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capitals_and_digits_count_wider() {
        assert!((cell_ems("9A") - 1.24).abs() < 1e-4);
        assert!((cell_ems("安a") - 1.5).abs() < 1e-4);
    }

    #[test]
    fn cells_carry_their_spacing_fonts_and_keeps() {
        let setup = crate::doc::parse_setup(Some("style: gbt9704\ntable_size: 五号\n"))
            .unwrap_or_else(|e| panic!("{e}"));
        let ctx = Ctx::new(&setup);
        let text = |s: &str| vec![Inline::Text(s.into(), InlineStyle::default())];
        let t = Table {
            align: vec![Align::Left; 3],
            widths: Vec::new(),
            head: vec![text("序号"), text("内容"), text("结果")],
            rows: vec![
                vec![Vec::new(), text("一、管理"), Vec::new()],
                vec![text("1"), text("有制度"), text("□符合")],
            ],
        };
        let mut x = Xml::default();
        table(&mut x, &ctx, &t, &Frame::default(), false);
        let x = x.finish();
        // Off the grid, at least 1.35 times 五号, the table's own font and size.
        let run = "<w:rPr><w:rFonts w:ascii=\"宋体\" w:hAnsi=\"宋体\" w:eastAsia=\"宋体\" w:cs=\"宋体\"/><w:snapToGrid w:val=\"0\"/><w:sz w:val=\"21\"/><w:szCs w:val=\"21\"/></w:rPr>";
        let head = "<w:rPr><w:rFonts w:ascii=\"宋体\" w:hAnsi=\"宋体\" w:eastAsia=\"宋体\" w:cs=\"宋体\"/><w:b/><w:bCs/><w:snapToGrid w:val=\"0\"/>";
        assert!(x.contains(head), "{x}");
        assert!(
            x.contains(&format!("{run}<w:t xml:space=\"preserve\">有制度</w:t>")),
            "{x}"
        );
        let body = "<w:pPr><w:snapToGrid w:val=\"0\"/><w:spacing w:before=\"0\" w:after=\"0\" w:line=\"284\" w:lineRule=\"atLeast\"/><w:jc w:val=\"both\"/></w:pPr>";
        assert!(x.contains(body), "{x}");
        // The section row spans from its cell to the right edge, shaded, kept
        // with the row after it.
        let label = "<w:gridSpan w:val=\"2\"/><w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"F5F5F5\"/><w:vAlign w:val=\"center\"/></w:tcPr><w:p><w:pPr><w:keepNext/><w:snapToGrid w:val=\"0\"/><w:spacing w:before=\"0\" w:after=\"0\" w:line=\"284\" w:lineRule=\"atLeast\"/><w:jc w:val=\"left\"/></w:pPr>";
        assert!(x.contains(label), "{x}");
        assert_eq!(x.matches("<w:tblHeader/>").count(), 1);
    }

    /// An item ending in a colon keeps its cells with the next row, as in the
    /// PDF; a colon in a later cell (责任人：) keeps nothing.
    #[test]
    fn an_item_ending_in_a_colon_is_kept_with_the_next_row() {
        let setup =
            crate::doc::parse_setup(Some("table_size: 五号\n")).unwrap_or_else(|e| panic!("{e}"));
        let ctx = Ctx::new(&setup);
        let text = |s: &str| vec![Inline::Text(s.into(), InlineStyle::default())];
        let rows = |item: &str| Table {
            align: vec![Align::Left; 3],
            widths: Vec::new(),
            head: vec![text("序号"), text("内容"), text("结果")],
            rows: vec![
                vec![text("11"), text(item), text("责任人：")],
                vec![text("11.1"), text("未设置报警装置的"), text("□符合")],
            ],
        };
        let keeps = |item: &str| {
            let mut x = Xml::default();
            table(&mut x, &ctx, &rows(item), &Frame::default(), false);
            x.finish().matches("<w:keepNext/>").count()
        };
        assert_eq!(keeps("存在下列情形之一的："), 3, "every cell of the row");
        assert_eq!(keeps("存在下列情形之一的"), 0);
    }

    #[test]
    fn charts_become_captioned_tables() {
        let setup = crate::doc::PageSetup::default();
        let ctx = Ctx::new(&setup);
        let c = crate::chart::Chart {
            title: "隐患".into(),
            series: vec![
                crate::chart::Series {
                    name: "a".into(),
                    style: crate::chart::Style::Light,
                },
                crate::chart::Series {
                    name: "b".into(),
                    style: crate::chart::Style::Dark,
                },
            ],
            rows: vec![crate::chart::Row {
                label: "x".into(),
                values: vec![1.0, 2.5],
            }],
        };
        let mut x = Xml::default();
        chart(&mut x, &ctx, &c, &Frame::default());
        let x = x.finish();
        let caption = "<w:p><w:pPr><w:keepNext/><w:spacing w:before=\"120\" w:after=\"0\" w:line=\"360\" w:lineRule=\"atLeast\"/><w:jc w:val=\"center\"/></w:pPr><w:r><w:rPr><w:b/><w:bCs/></w:rPr><w:t xml:space=\"preserve\">隐患</w:t>";
        assert!(x.starts_with(caption), "{x}");
        assert!(
            x.contains(">合计<") && x.contains(">3.5<") && x.contains(">2.5<"),
            "{x}"
        );
        // Tables end with a spacer paragraph, off the grid, exactly half a character.
        assert!(x.ends_with("<w:p><w:pPr><w:snapToGrid w:val=\"0\"/><w:spacing w:before=\"0\" w:after=\"0\" w:line=\"120\" w:lineRule=\"exact\"/></w:pPr></w:p>"), "{x}");
    }

    #[test]
    fn numbers_print_like_the_chart() {
        // Beyond what an i64 holds, whole numbers still print whole. (`<` →
        // `<=` and `==` at 1e15 are equivalent: both branches print it alike.)
        assert_eq!(number(1e20), "100000000000000000000");
        assert_eq!(number(3.0), "3");
        assert_eq!(number(2.5), "2.5");
        assert_eq!(number(1.0 / 3.0), "0.33");
    }

    #[test]
    fn widths_from_front_matter_fill_the_text_block() {
        let setup = crate::doc::PageSetup::default();
        let ctx = Ctx::new(&setup);
        let t = Table {
            align: vec![Align::Left; 2],
            widths: vec![Width::Percent(25.0), Width::Percent(75.0)],
            head: Vec::new(),
            rows: Vec::new(),
        };
        let w = column_widths(&ctx, &t, 2, 8000);
        assert_eq!(w, vec![2000, 6000]);
        let t = Table {
            widths: vec![Width::Mm(200.0), Width::Mm(200.0)],
            ..t
        };
        let w = column_widths(&ctx, &t, 2, 8000);
        assert_eq!(w.iter().sum::<i64>(), 8000);
    }
}
