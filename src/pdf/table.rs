//! Tables: column widths, wrapped cells, borders, and splitting across pages.
//!
//! Following typst's regions idea, [`Prepared::split`] takes the space left on the
//! current page and the height of a full page and returns one [`Fragment`] per page,
//! each starting with the header row. A row that does not fit the space left moves
//! to the next page; a row taller than a whole page is split between its lines.
//!
//! Cells are vertically centred when their row is shown whole, and top-aligned in
//! the pieces of a split row (so the text reads on from one page to the next).

use super::context::Ctx;
use super::length::{Abs, Point, Size};
use super::page::{baseline, line_items, Item, Paint};
use super::text::{self, Line, Measure, TextStyle};
use super::Error;
use crate::doc::{Align, Inline, Table, Width};

/// Border stroke width.
const BORDER: Abs = Abs::pt(0.5);
/// Grey of the header row background.
const HEADER_GRAY: f32 = 0.93;

/// One laid-out row: the lines of each cell.
#[derive(Debug, Clone)]
struct Row {
    cells: Vec<Vec<Line>>,
    /// Most lines in any cell.
    lines: usize,
    /// A row that introduces the row after it, kept on that row's page: a
    /// label row (one non-empty cell in a table of three or more columns, such
    /// as a section title) or an item whose text ends in a colon (see
    /// [`crate::doc::row_introduces`]).
    label: bool,
    /// For a label row, the column of its one cell: the cell spans from there to
    /// the table's right edge (its text is broken to that width, and no column
    /// rule crosses it).
    span: Option<usize>,
}

/// A table measured and broken into lines, ready to split across pages.
#[derive(Debug, Clone)]
pub(crate) struct Prepared {
    cols: Vec<Abs>,
    align: Vec<Align>,
    head: Option<Row>,
    rows: Vec<Row>,
    pitch: Abs,
    size: Abs,
    pad: Abs,
}

/// The part of a table on one page: items relative to the table's top left.
#[derive(Debug, Clone, Default)]
pub(crate) struct Fragment {
    /// Height used.
    pub height: Abs,
    /// Items; empty for "nothing fits here, start on the next page".
    pub items: Vec<(Point, Item)>,
    /// Spanning label rows drawn here: top, bottom and first column, so the
    /// column rules right of that column leave them out.
    spans: Vec<(Abs, Abs, usize)>,
}

/// Characters a line that a wrapping column keeps at least, where its text is
/// longer (see [`column_widths`]).
const FLOOR_CHARACTERS: f32 = 5.0;

/// Measures and breaks a table for a text width of `width`.
pub(crate) fn prepare(t: &Table, ctx: &Ctx<'_>, width: Abs) -> Result<Prepared, Error> {
    let size = Abs::pt(ctx.setup.table_size.0);
    let body = ctx.style(None, size)?;
    let mut head_style = body.clone();
    head_style.all_bold = true;
    let pad = Abs::mm(1.5);
    let n = t.columns();
    if n == 0 {
        return Ok(Prepared {
            cols: Vec::new(),
            align: Vec::new(),
            head: None,
            rows: Vec::new(),
            pitch: size,
            size,
            pad,
        });
    }
    let cols = column_widths(t, n, ctx, &body, &head_style, width, pad)?;
    let align: Vec<Align> = (0..n)
        .map(|c| t.align.get(c).copied().unwrap_or_default())
        .collect();
    let empty: Vec<Inline> = Vec::new();
    let row = |cells: &[Vec<Inline>], st: &TextStyle, head: bool| -> Result<Row, Error> {
        // A label's one cell spans to the right edge (a section title reads across
        // the table); an empty first column (序号) stays a column of its own.
        let span = (!head).then(|| crate::doc::label_cell(cells, n)).flatten();
        let label = span.is_some();
        let introduces = !head && crate::doc::row_introduces(cells);
        let mut out = Vec::with_capacity(n);
        for (c, w) in cols.iter().enumerate() {
            let inl = cells.get(c).unwrap_or(&empty);
            let width = match span {
                Some(s) if s == c => cols[c..].iter().copied().sum::<Abs>(),
                _ => *w,
            };
            let m = Measure {
                width: width - pad * 2.0,
                first_indent: Abs::ZERO,
                justify: !head && align[c] == Align::Left && span.is_none(),
            };
            out.push(text::break_lines(inl, ctx.fonts, st, m)?);
        }
        let lines = out.iter().map(Vec::len).max().unwrap_or(0).max(1);
        Ok(Row {
            cells: out,
            lines,
            label: label || introduces,
            span,
        })
    };
    let head = if t.head.iter().any(|c| !c.is_empty()) {
        Some(row(&t.head, &head_style, true)?)
    } else {
        None
    };
    let rows = t
        .rows
        .iter()
        .map(|r| row(r, &body, false))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Prepared {
        cols,
        align,
        head,
        rows,
        pitch: size * 1.35,
        size,
        pad,
    })
}

/// Column widths: from `widths` (mm or % of the text width) when given, otherwise
/// from the content, like a browser's automatic table layout.
fn column_widths(
    t: &Table,
    n: usize,
    ctx: &Ctx<'_>,
    body: &TextStyle,
    head: &TextStyle,
    width: Abs,
    pad: Abs,
) -> Result<Vec<Abs>, Error> {
    if t.widths.len() == n {
        let mut w: Vec<Abs> = t
            .widths
            .iter()
            .map(|w| match w {
                Width::Mm(mm) => Abs::mm(*mm),
                Width::Percent(p) => width * (*p / 100.0),
            })
            .collect();
        let total: Abs = w.iter().copied().sum();
        if total > width {
            let k = width / total;
            w.iter_mut().for_each(|x| *x = *x * k);
        }
        return Ok(w);
    }
    // Min- and max-content widths of every column.
    let mut min = vec![Abs::ZERO; n];
    let mut max = vec![Abs::ZERO; n];
    let mut visit = |cells: &[Vec<Inline>], st: &TextStyle| -> Result<(), Error> {
        for (c, cell) in cells.iter().enumerate().take(n) {
            let (lo, hi) = text::measure(cell, ctx.fonts, st)?;
            min[c] = min[c].max(lo + pad * 2.0);
            max[c] = max[c].max(hi + pad * 2.0);
        }
        Ok(())
    };
    visit(&t.head, head)?;
    for r in &t.rows {
        visit(r, body)?;
    }
    let pt = |v: &[Abs]| v.iter().map(|a| a.to_pt()).collect::<Vec<f32>>();
    let floor = body.size * FLOOR_CHARACTERS + pad * 2.0;
    Ok(
        crate::columns::share(&pt(&min), &pt(&max), width.to_pt(), floor.to_pt())
            .into_iter()
            .map(Abs::pt)
            .collect(),
    )
}

impl Prepared {
    fn row_height(&self, lines: usize) -> Abs {
        self.pad * 2.0 + self.pitch * lines as f32
    }

    fn head_height(&self) -> Abs {
        self.head
            .as_ref()
            .map_or(Abs::ZERO, |h| self.row_height(h.lines))
    }

    /// Body rows.
    pub fn row_count(&self) -> usize {
        self.rows.len()
    }

    /// The height of the whole table on one page: the header and every row.
    pub fn full_height(&self) -> Abs {
        self.head_height()
            + self
                .rows
                .iter()
                .map(|r| self.row_height(r.lines))
                .sum::<Abs>()
    }

    /// The least the table must place at the bottom of a page rather than start
    /// on the next (with pages `page` tall and `tail` kept below the last row):
    /// the header and the first row whole with what it keeps (see
    /// [`Prepared::keep_after`]), or, for a first row too tall for any page,
    /// its first line.
    pub fn lead_height(&self, page: Abs, tail: Abs) -> Abs {
        let one_line = self.head_height() + self.row_height(1);
        let Some(first) = self.rows.first() else {
            return one_line;
        };
        let fresh = page - self.head_height();
        let need = self.row_height(first.lines) + self.keep_after(0, tail, fresh);
        if need.fits(fresh) {
            self.head_height() + need
        } else {
            one_line
        }
    }

    /// Room row `i` keeps below it on its page: a label row the row after it
    /// (whole, with what that row keeps, when both fit a page of `fresh` below
    /// the header; else its first line), the last row `tail`.
    ///
    /// Worked from the end of the run of label rows from `i` back to `i`, in a
    /// loop: a table of thousands of label rows costs no stack.
    fn keep_after(&self, i: usize, tail: Abs, fresh: Abs) -> Abs {
        if i >= self.rows.len() {
            return Abs::ZERO;
        }
        // The run i..=end: labels up to the first row that is not one.
        let end = self.rows[i..]
            .iter()
            .position(|r| !r.label)
            .map_or(self.rows.len() - 1, |k| i + k);
        let mut keep = if end + 1 == self.rows.len() {
            tail
        } else {
            Abs::ZERO
        };
        for k in (i..end).rev() {
            let whole = self.row_height(self.rows[k + 1].lines) + keep;
            keep = if (self.row_height(self.rows[k].lines) + whole).fits(fresh) {
                whole
            } else {
                self.row_height(1)
            };
        }
        keep
    }

    /// Splits the table into one fragment per page: the first gets `first` of
    /// height, every following one `full`. `tail` is room to keep below the last
    /// row (a short block after the table, such as signature lines, goes to the
    /// next page together with the last row rather than alone).
    pub fn split(&self, first: Abs, full: Abs, tail: Abs) -> Vec<Fragment> {
        let mut frags = Vec::new();
        let mut cur = self.begin();
        let mut room = first;
        let mut has_rows = false;
        // The last row drawn on this fragment is a label row: the row after it
        // starts here (its first line at least), never moves away alone.
        let mut after_label = false;
        for (i, row) in self.rows.iter().enumerate() {
            let mut from = 0;
            loop {
                let left = row.lines - from;
                let h = self.row_height(left);
                let fresh_room = full - self.head_height();
                // What the row keeps below it: a label row the row after it, the
                // last row the tail. Where even a fresh page cannot hold both,
                // the row is not moved, and goes here if it fits whole (the
                // split below then draws all of it, centred as whole).
                let next = self.keep_after(i, tail, fresh_room);
                let here = room - cur.height;
                if (h + next).fits(here) {
                    self.draw_row(&mut cur, row, from, row.lines, from == 0);
                    has_rows = true;
                    after_label = row.label;
                    break;
                }
                if from == 0
                    && !after_label
                    && (h + next).fits(fresh_room)
                    && (has_rows || room < full)
                {
                    // Move the whole row to the next page.
                    self.finish(&mut frags, &mut cur, has_rows);
                    room = full;
                    has_rows = false;
                    continue;
                }
                // Split: as many lines as fit here (at least one on a fresh page).
                let fit = ((room - cur.height - self.pad * 2.0) / self.pitch).floor();
                let fit = if fit >= 1.0 { fit as usize } else { 0 };
                if fit == 0 {
                    // Not `room >= full`: this is true on a fresh page even if a
                    // length is NaN, so the loop always makes progress.
                    let fresh = room.partial_cmp(&full) != Some(std::cmp::Ordering::Less);
                    if !has_rows && fresh {
                        // Not even one line fits a fresh page: draw one anyway.
                        self.draw_row(&mut cur, row, from, from + 1, false);
                        from += 1;
                        has_rows = true;
                    }
                    self.finish(&mut frags, &mut cur, has_rows);
                    after_label = false;
                    room = full;
                    has_rows = false;
                    if from >= row.lines {
                        break;
                    }
                    continue;
                }
                let to = (from + fit).min(row.lines);
                // All of a row that did not go whole (after a label row, or
                // with a tail no page holds) may still fit: centred as whole.
                self.draw_row(&mut cur, row, from, to, from == 0);
                from = to;
                has_rows = true;
                after_label = false;
                if from >= row.lines {
                    break;
                }
                self.finish(&mut frags, &mut cur, has_rows);
                after_label = false;
                room = full;
                has_rows = false;
            }
        }
        if has_rows || self.rows.is_empty() {
            self.close(&mut cur);
            frags.push(cur);
        }
        frags
    }

    /// A new fragment with the header row drawn.
    fn begin(&self) -> Fragment {
        let mut f = Fragment::default();
        if let Some(h) = &self.head {
            let height = self.row_height(h.lines);
            let total: Abs = self.cols.iter().copied().sum();
            f.items.push((
                Point::default(),
                Item::Rect {
                    size: Size::new(total, height),
                    paint: Paint::Gray(HEADER_GRAY),
                },
            ));
            self.draw_cells(&mut f, h, 0, h.lines, true, true);
        }
        f
    }

    /// Ends the current fragment (an empty one if no row was drawn) and starts a new one.
    fn finish(&self, frags: &mut Vec<Fragment>, cur: &mut Fragment, has_rows: bool) {
        let mut done = std::mem::replace(cur, self.begin());
        if has_rows {
            self.close(&mut done);
            frags.push(done);
        } else {
            frags.push(Fragment::default());
        }
    }

    /// Draws the column rules and the closing bottom border.
    fn close(&self, f: &mut Fragment) {
        let total: Abs = self.cols.iter().copied().sum();
        let mut x = Abs::ZERO;
        // A vertical rule from `y0` to `y1`.
        let v = |x: Abs, y0: Abs, y1: Abs| {
            (
                Point::new(x, y0),
                Item::Line {
                    delta: Point::new(Abs::ZERO, y1 - y0),
                    width: BORDER,
                    paint: Paint::BLACK,
                },
            )
        };
        let mut lines = vec![v(x, Abs::ZERO, f.height)];
        let last = self.cols.len();
        for (k, w) in self.cols.iter().enumerate() {
            x += *w;
            if k + 1 == last {
                lines.push(v(x, Abs::ZERO, f.height));
                continue;
            }
            // The rule right of column k, less where a label row spans across it.
            let mut y = Abs::ZERO;
            for &(top, bottom, from) in &f.spans {
                if from <= k {
                    if top > y {
                        lines.push(v(x, y, top));
                    }
                    y = bottom;
                }
            }
            if f.height > y {
                lines.push(v(x, y, f.height));
            }
        }
        lines.push((
            Point::new(Abs::ZERO, Abs::ZERO),
            Item::Line {
                delta: Point::new(total, Abs::ZERO),
                width: BORDER,
                paint: Paint::BLACK,
            },
        ));
        f.items.extend(lines);
    }

    fn draw_row(&self, f: &mut Fragment, row: &Row, from: usize, to: usize, whole: bool) {
        self.draw_cells(f, row, from, to, whole && to == row.lines, false);
    }

    /// Draws lines `from..to` of every cell of `row` at the fragment's bottom, and
    /// the rule under them.
    fn draw_cells(
        &self,
        f: &mut Fragment,
        row: &Row,
        from: usize,
        to: usize,
        center: bool,
        head: bool,
    ) {
        let top = f.height;
        let height = self.row_height(to - from);
        let mut x = Abs::ZERO;
        for (c, lines) in row.cells.iter().enumerate() {
            let w = self.cols.get(c).copied().unwrap_or_default();
            let inner = match row.span {
                Some(s) if s == c => self.cols[c..].iter().copied().sum::<Abs>(),
                _ => w,
            } - self.pad * 2.0;
            let shown = lines.len().min(to).saturating_sub(from);
            let dy = if center {
                (height - self.row_height(shown.max(1))) / 2.0
            } else {
                Abs::ZERO
            };
            let align = if head {
                Align::Center
            } else {
                self.align.get(c).copied().unwrap_or_default()
            };
            for (k, line) in lines.iter().enumerate().take(to).skip(from) {
                let dx = match align {
                    Align::Left => Abs::ZERO,
                    Align::Center => (inner - line.width) / 2.0,
                    Align::Right => inner - line.width,
                };
                let y = top
                    + dy
                    + self.pad
                    + self.pitch * (k - from) as f32
                    + baseline(self.pitch, self.size);
                line_items(line, x + self.pad + dx, y, self.size, &mut f.items);
            }
            x += w;
        }
        f.height = top + height;
        if let Some(from) = row.span {
            f.spans.push((top, f.height, from));
        }
        f.items.push((
            Point::new(Abs::ZERO, f.height),
            Item::Line {
                delta: Point::new(x, Abs::ZERO),
                width: BORDER,
                paint: Paint::BLACK,
            },
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::doc::{Align, Inline, InlineStyle, Table, Width};
    use crate::pdf::{Abs, Item, Page};

    fn cell(s: &str) -> Vec<Inline> {
        vec![Inline::Text(s.into(), InlineStyle::default())]
    }

    fn doc(table: Table) -> crate::doc::Document {
        crate::doc::Document {
            setup: crate::doc::PageSetup::default(),
            blocks: vec![crate::doc::Block::Table(table)],
        }
    }

    fn texts(page: &Page) -> Vec<String> {
        page.items
            .iter()
            .filter_map(|(_, it)| match it {
                Item::Text(r) => Some(r.text()),
                _ => None,
            })
            .collect()
    }

    /// Column widths of `rows` under `head` on the ledger summary's A4 portrait
    /// page, and the table's font size.
    fn widths(head: &[&str], rows: &[Vec<String>]) -> (Vec<f32>, f32) {
        let fonts = crate::pdf::test_fonts();
        let d = doc(Table {
            align: vec![Align::Left; head.len()],
            widths: Vec::new(),
            head: head.iter().map(|h| cell(h)).collect(),
            rows: rows
                .iter()
                .map(|r| r.iter().map(|c| cell(c)).collect())
                .collect(),
        });
        // The ledger summary's page: 小五 tables, 20 and 18 mm side margins.
        let d = crate::doc::Document {
            setup: crate::doc::parse_setup(Some(
                "table_size: 小五\nmargins: {top: 22, right: 18, bottom: 22, left: 20}\n",
            ))
            .unwrap(),
            ..d
        };
        let ctx = crate::pdf::context::Ctx::new(&d, fonts).unwrap();
        let crate::doc::Block::Table(t) = &d.blocks[0] else {
            unreachable!()
        };
        let p = super::prepare(t, &ctx, ctx.width).unwrap();
        (
            p.cols.iter().map(|c| c.to_pt()).collect(),
            ctx.setup.table_size.0,
        )
    }

    /// The ledger's tables: a 单位 of a dozen characters beside a long 隐患描述
    /// and six short columns. It keeps its one line where an equal share of
    /// the rest holds it, and at least five characters a line where it does
    /// not; a column shorter than five characters is never widened to five.
    #[test]
    fn a_short_text_column_is_not_starved_by_a_long_one() {
        let long = "自查发现：煤气生产、回收净化、加压混合、储存、使用设施附近的会议室、活动室、休息室、操作室、交接班室、更衣室等6类人员聚集场所，以及可能发生煤气泄漏的场所未设置报警装置（示例）。";
        let company = "示例县盛瑞铸造有限公司";
        let row = |cols: &[&str]| cols.iter().map(|c| c.to_string()).collect::<Vec<_>>();
        // Five columns: the 单位 fits whole.
        let (w, size) = widths(
            &["序号", "乡镇", "单位", "隐患描述", "逾期天数"],
            &[row(&["1", "北川乡", company, long, "41"])],
        );
        let one_line = 11.0 * size;
        assert!(w[2] >= one_line, "{w:?}");
        assert!(w[3] > w[2], "{w:?}");
        // Eight columns, as the ledger's 挂牌督办 table, with a 单位 of `unit`.
        let supervised = |unit: &str| {
            widths(
                &[
                    "序号",
                    "乡镇",
                    "单位",
                    "隐患描述",
                    "督办单位",
                    "挂牌日期",
                    "整改时限",
                    "状态",
                ],
                &[row(&[
                    "1",
                    "北川乡",
                    unit,
                    long,
                    "示例县安委办",
                    "2025年3月15日",
                    "2025年3月22日",
                    "逾期（39天）",
                ])],
            )
        };
        // Less room: the 单位 keeps five characters a line, the 隐患描述 more,
        // and the 序号 header stays on one line.
        let (w, size) = supervised(company);
        // Five characters of text between the cell's paddings.
        let five = 5.0 * size + 2.0 * Abs::mm(1.5).to_pt();
        assert!(w[2] >= five - 0.01 && w[2] < one_line, "{w:?}");
        assert!(w[3] > w[2], "the long text gets more: {w:?}");
        assert!(w[0] >= 2.0 * size, "{w:?}");
        let total: f32 = w.iter().sum();
        let (page, _) = widths(&["a"], &[row(&["b"])]);
        assert!(
            (total - page[0]).abs() < 0.01,
            "{total} against {}",
            page[0]
        );
        // Two long text columns share what is left in proportion to their text.
        let (w, _) = widths(
            &["序号", "隐患描述", "整改措施"],
            &[row(&["1", &long.repeat(2), long])],
        );
        assert!(w[1] > w[2] * 1.5 && w[1] < w[2] * 2.5, "{w:?}");
        let total: f32 = w.iter().sum();
        assert!(
            (total - page[0]).abs() < 0.01,
            "{total} against {}",
            page[0]
        );
        // A short text column (three characters) with the long one: its own
        // width, not the five-character floor.
        let (w, size) = supervised("某公司");
        assert!(w[2] < 5.0 * size, "{w:?}");
    }

    /// A 序号 | 检查内容 | 检查结果 table of `rows`, laid out: three pages or more.
    fn form_pages(rows: Vec<Vec<Vec<Inline>>>) -> Vec<Page> {
        let t = Table {
            align: vec![Align::Center, Align::Left, Align::Left],
            widths: Vec::new(),
            head: vec![cell("序号"), cell("检查内容"), cell("检查结果")],
            rows,
        };
        let pages =
            crate::pdf::layout(&doc(t), crate::pdf::test_fonts()).unwrap_or_else(|e| panic!("{e}"));
        assert!(pages.len() >= 3);
        pages
    }

    /// An item ending in a colon (存在下列情形之一的：) introduces the rows after
    /// it: never the last row of a page, in whichever column its text is; an item
    /// without one may be.
    #[test]
    fn a_row_ending_in_a_colon_stays_with_the_row_after_it() {
        let ends = |colon: &str, col: usize| {
            let rows: Vec<Vec<Vec<Inline>>> = (1..=199)
                .map(|i| {
                    let mut r = vec![
                        cell(&i.to_string()),
                        cell("检查内容检查内容"),
                        cell("□符合"),
                    ];
                    if i % 4 == 0 {
                        r[col] = cell(&format!("存在下列情形之一的{colon}"));
                    }
                    r
                })
                .collect();
            let pages = form_pages(rows);
            // How many pages end with the introducing row.
            pages
                .iter()
                .filter(|p| {
                    texts(p)
                        .into_iter()
                        .rfind(|s| s.starts_with("存在") || s.starts_with("检查内容"))
                        .is_some_and(|s| s.starts_with("存在"))
                })
                .count()
        };
        assert_eq!(ends("：", 1), 0);
        assert_eq!(ends(":", 1), 0);
        // The control: without the colon some page does end with that row.
        assert!(ends("", 1) > 0);
        // A colon after the item's text, in a later cell, is a blank to fill
        // in (责任人：): such rows paginate as any row.
        assert!(ends("：", 2) > 0);
    }

    #[test]
    fn a_label_row_is_never_the_last_row_of_a_page() {
        // A section label every fifth row: wherever a page ends, it must not end
        // with a label whose first item is on the next page.
        let rows: Vec<Vec<Vec<Inline>>> = (1..=199)
            .map(|i| {
                if i % 5 == 0 {
                    vec![Vec::new(), cell(&format!("第{i}节")), Vec::new()]
                } else {
                    vec![
                        cell(&i.to_string()),
                        cell("检查内容检查内容"),
                        cell("□符合"),
                    ]
                }
            })
            .collect();
        let pages = form_pages(rows);
        for (n, p) in pages.iter().enumerate() {
            let last = texts(p)
                .into_iter()
                .rfind(|s| s.ends_with('节') || s.parse::<u32>().is_ok());
            assert!(
                !last.as_deref().is_some_and(|s| s.ends_with('节')),
                "page {} ends with a label row: {last:?}",
                n + 1
            );
        }
    }

    #[test]
    fn a_label_row_spans_to_the_right_edge_with_no_rule_across_it() {
        let fonts = crate::pdf::test_fonts();
        let title = "存在粉尘爆炸危险的工贸企业（第十一条）";
        let t = Table {
            align: vec![Align::Center, Align::Left, Align::Left, Align::Left],
            widths: vec![
                Width::Mm(10.0),
                Width::Mm(30.0),
                Width::Mm(60.0),
                Width::Mm(60.0),
            ],
            head: vec![cell("序号"), cell("内容"), cell("依据"), cell("结果")],
            rows: vec![
                vec![cell("1"), cell("甲"), cell("乙"), cell("丙")],
                vec![Vec::new(), cell(title), Vec::new(), Vec::new()],
                vec![cell("2"), cell("甲"), cell("乙"), cell("丙")],
            ],
        };
        let pages = crate::pdf::layout(&doc(t), fonts).unwrap_or_else(|e| panic!("{e}"));
        let p = &pages[0];
        // The title fits the span (150 mm) on one line; its own 30 mm column
        // would have needed three.
        let runs: Vec<(f32, String)> = p
            .items
            .iter()
            .filter_map(|(pt, it)| match it {
                Item::Text(r) => Some((pt.y.to_pt(), r.text())),
                _ => None,
            })
            .collect();
        let label: Vec<&(f32, String)> = runs
            .iter()
            .filter(|(_, t)| title.contains(t.as_str()) && !t.is_empty())
            .collect();
        assert_eq!(label.len(), 1, "{runs:?}");
        assert_eq!(label[0].1, title);
        let y = label[0].0;
        // Vertical rules: the ones right of 内容 (at 40 and 100 mm from the
        // table's left) leave the label row out; the one after 序号 crosses it.
        let left = p
            .items
            .iter()
            .filter_map(|(pt, it)| match it {
                Item::Line { delta, .. } if delta.x.to_pt() == 0.0 => Some(pt.x.to_pt()),
                _ => None,
            })
            .fold(f32::MAX, f32::min);
        let crosses = |x_mm: f32| {
            p.items.iter().any(|(pt, it)| match it {
                Item::Line { delta, .. } if delta.x.to_pt() == 0.0 => {
                    (pt.x.to_pt() - left - Abs::mm(x_mm).to_pt()).abs() < 0.5
                        && pt.y.to_pt() < y
                        && pt.y.to_pt() + delta.y.to_pt() > y
                }
                _ => false,
            })
        };
        assert!(crosses(10.0), "the rule after 序号 crosses the label row");
        assert!(!crosses(40.0) && !crosses(100.0), "no rule inside the span");
        assert!(crosses(160.0), "the right border crosses it");
    }

    #[test]
    fn header_repeats_on_every_page_of_a_long_table() {
        let fonts = crate::pdf::test_fonts();
        let rows = (1..=300)
            .map(|i| {
                vec![
                    cell(&i.to_string()),
                    cell("检查内容检查内容检查内容"),
                    cell("□符合 □不符合"),
                ]
            })
            .collect();
        let t = Table {
            align: vec![Align::Center, Align::Left, Align::Left],
            widths: vec![
                Width::Percent(10.0),
                Width::Percent(60.0),
                Width::Percent(30.0),
            ],
            head: vec![cell("序号"), cell("检查内容"), cell("检查结果")],
            rows,
        };
        let pages = crate::pdf::layout(&doc(t), fonts).unwrap_or_else(|e| panic!("{e}"));
        assert!(pages.len() >= 5, "{} pages", pages.len());
        let mut seen = Vec::new();
        for p in &pages {
            let t = texts(p);
            assert_eq!(
                t.iter().filter(|s| *s == "序号").count(),
                1,
                "header on every page"
            );
            seen.extend(t.into_iter().filter_map(|s| s.parse::<u32>().ok()));
        }
        let want: Vec<u32> = (1..=300).collect();
        assert_eq!(seen, want, "every row once, in order");
    }

    #[test]
    fn auto_widths_keep_short_columns_whole() {
        let fonts = crate::pdf::test_fonts();
        let long = "检查内容很长可以在任何汉字之间换行".repeat(6);
        let t = Table {
            align: vec![Align::Right, Align::Left, Align::Center],
            widths: Vec::new(),
            head: vec![cell("序号"), cell("检查内容"), cell("结果")],
            rows: (1..=120)
                .map(|i| vec![cell(&i.to_string()), cell(&long), cell("□符合")])
                .collect(),
        };
        let pages = crate::pdf::layout(&doc(t), fonts).unwrap_or_else(|e| panic!("{e}"));
        // Numbers and the result column never wrap: "120" and "□符合" are whole runs.
        let all: Vec<String> = pages.iter().flat_map(texts).collect();
        assert!(all.iter().any(|s| s == "120"));
        assert_eq!(all.iter().filter(|s| *s == "□符合").count(), 120);
        // The long column took the rest of the width: its lines are long.
        let widest = all.iter().map(|s| s.chars().count()).max().unwrap_or(0);
        assert!(widest >= 30, "{widest}");
    }

    #[test]
    fn a_row_taller_than_a_page_is_split() {
        let fonts = crate::pdf::test_fonts();
        let long = "很长的隐患描述。".repeat(400);
        let t = Table {
            align: vec![Align::Left, Align::Left],
            widths: vec![Width::Percent(20.0), Width::Percent(80.0)],
            head: vec![cell("项目"), cell("描述")],
            rows: vec![
                vec![cell("一"), cell("短")],
                vec![cell("二"), cell(&long)],
                vec![cell("三"), cell("尾")],
            ],
        };
        let pages = crate::pdf::layout(&doc(t), fonts).unwrap_or_else(|e| panic!("{e}"));
        assert!(pages.len() >= 3, "{} pages", pages.len());
        let all: String = pages
            .iter()
            .flat_map(texts)
            .filter(|s| s.contains('很') || s.contains('述'))
            .collect();
        assert_eq!(all.matches('很').count(), 400, "no line lost");
        for p in &pages {
            assert_eq!(texts(p).iter().filter(|s| *s == "项目").count(), 1);
            // Nothing below the bottom margin.
            for (pt, _) in &p.items {
                assert!(
                    pt.y.to_pt() < 841.9 - 70.0 + 0.5 || pt.y.to_pt() > 800.0,
                    "{}",
                    pt.y.to_pt()
                );
            }
        }
    }

    // A page-geometry oracle for `Prepared::split` and `Prepared::lead_height`:
    // many tables of varied rows on varied pages, each result checked against
    // the rules restated here (not computed by the code under test).

    /// A linear congruential generator (Knuth's MMIX constants): the same
    /// tables on every run, without a random-number crate.
    struct Lcg(u64);

    impl Lcg {
        fn below(&mut self, n: u64) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (self.0 >> 33) % n
        }
    }

    /// Line `k` of row `r` is drawn as one character that names it.
    fn mark(r: usize, k: usize) -> char {
        u32::try_from(0x10000 + r * 1000 + k)
            .ok()
            .and_then(char::from_u32)
            .unwrap_or('?')
    }

    const HEAD: char = '表';

    fn marked_lines(n: usize, ch: impl Fn(usize) -> char) -> Vec<crate::pdf::text::Line> {
        (0..n)
            .map(|k| crate::pdf::text::Line {
                glyphs: vec![crate::pdf::text::Glyph {
                    ch: ch(k),
                    face: crate::pdf::FaceId(0),
                    gid: 1,
                    x: Abs::ZERO,
                    adv: Abs::pt(1.0),
                    fake_bold: false,
                    wide: true,
                }],
                width: Abs::pt(1.0),
            })
            .collect()
    }

    /// A table of `rows` (lines, label) with a header of `head` lines (0: none).
    fn synthetic(head: usize, rows: &[(usize, bool)], pitch: f32, pad: f32) -> super::Prepared {
        // Rows but label rows have a one-line first cell (marked line
        // `SHORT`), which a row drawn whole centres vertically.
        let row =
            |r: usize, cells: Vec<crate::pdf::text::Line>, lines: usize, label: bool| super::Row {
                cells: vec![
                    if label || r == usize::MAX {
                        Vec::new()
                    } else {
                        marked_lines(1, |_| mark(r, SHORT))
                    },
                    cells,
                    Vec::new(),
                ],
                lines,
                label,
                span: label.then_some(1),
            };
        super::Prepared {
            cols: vec![Abs::mm(10.0), Abs::mm(60.0), Abs::mm(30.0)],
            align: vec![Align::Left; 3],
            head: (head > 0).then(|| row(usize::MAX, marked_lines(head, |_| HEAD), head, false)),
            rows: rows
                .iter()
                .enumerate()
                .map(|(r, &(n, label))| row(r, marked_lines(n, |k| mark(r, k)), n, label))
                .collect(),
            pitch: Abs::pt(pitch),
            size: Abs::pt(pitch * 0.75),
            pad: Abs::pt(pad),
        }
    }

    /// The line number that marks a row's one-line first cell.
    const SHORT: usize = 999;

    /// Header lines and the (row, line) marks a fragment draws, in order (the
    /// first cells' `SHORT` lines left out).
    fn drawn(f: &super::Fragment) -> (usize, Vec<(usize, usize)>) {
        let mut head = 0;
        let mut marks = Vec::new();
        for (_, it) in &f.items {
            if let Item::Text(run) = it {
                for c in run.text().chars() {
                    if c == HEAD {
                        head += 1;
                    } else {
                        let v = c as usize - 0x10000;
                        if v % 1000 != SHORT {
                            marks.push((v / 1000, v % 1000));
                        }
                    }
                }
            }
        }
        (head, marks)
    }

    /// Where row `r`'s first cell and its first line drawn on `f` are: their
    /// vertical positions, if both are on `f`.
    fn short_and_first(f: &super::Fragment, r: usize) -> Option<(f32, f32)> {
        let mut short = None;
        let mut first = None;
        for (at, it) in &f.items {
            if let Item::Text(run) = it {
                for c in run.text().chars() {
                    let v = (c as usize).wrapping_sub(0x10000);
                    if c != HEAD && v / 1000 == r {
                        if v % 1000 == SHORT {
                            short = Some(at.y.to_pt());
                        } else if first.is_none() {
                            first = Some(at.y.to_pt());
                        }
                    }
                }
            }
        }
        Some((short?, first?))
    }

    /// Splits `t` (rows `spec`) and checks the result against the rules.
    fn check_split(
        t: &super::Prepared,
        spec: &[(usize, bool)],
        first: Abs,
        full: Abs,
        tail: Abs,
        case: &str,
    ) {
        let rh = |n: usize| t.pad * 2.0 + t.pitch * n as f32;
        let head_lines = t.head.as_ref().map_or(0, |h| h.lines);
        let head = if head_lines > 0 {
            rh(head_lines)
        } else {
            Abs::ZERO
        };
        let fresh = full - head;
        // What row i keeps below it on its page: the last row the tail; a
        // label row the next row whole (with what that keeps) when both fit
        // a fresh page, else the next row's first line; other rows nothing.
        let mut keep = vec![Abs::ZERO; spec.len()];
        for i in (0..spec.len()).rev() {
            keep[i] = if i + 1 == spec.len() {
                tail
            } else if spec[i].1 {
                let whole = rh(spec[i + 1].0) + keep[i + 1];
                if (rh(spec[i].0) + whole).fits(fresh) {
                    whole
                } else {
                    rh(1)
                }
            } else {
                Abs::ZERO
            };
        }
        let whole_fits_fresh = |r: usize| (rh(spec[r].0) + keep[r]).fits(fresh);
        // A row after a label row that no page holds together with it starts
        // below the label, wherever that is (and may be split for that).
        let after_label = |r: usize| {
            r > 0 && spec[r - 1].1 && !(rh(spec[r - 1].0) + rh(spec[r].0) + keep[r]).fits(fresh)
        };

        // The heading before a table is kept with what `lead_height` says
        // the table must place first: the header and the first row whole with
        // what it keeps, or (for a first row no page holds so) one line.
        let lead = t.lead_height(full, tail);
        let want_lead = if !spec.is_empty() && whole_fits_fresh(0) {
            head + rh(spec[0].0) + keep[0]
        } else {
            head + rh(1)
        };
        assert!(
            (lead.to_pt() - want_lead.to_pt()).abs() < 0.01,
            "{case}: lead height {lead:?}, want {want_lead:?}"
        );

        let frags = t.split(first, full, tail);
        assert!(!frags.is_empty(), "{case}: no fragment");
        let room = |j: usize| if j == 0 { first } else { full };
        let mut seen = Vec::new();
        let mut frag_of = Vec::new();
        for (j, f) in frags.iter().enumerate() {
            if f.items.is_empty() {
                assert_eq!(j, 0, "{case}: an empty fragment after the first");
                assert!(frags.len() > 1, "{case}: only an empty fragment");
                continue;
            }
            let (h, marks) = drawn(f);
            assert_eq!(h, head_lines, "{case}: the header on fragment {j}");
            assert!(
                !marks.is_empty() || spec.is_empty(),
                "{case}: fragment {j} has the header alone"
            );
            // (A table without rows is its header alone, wherever it is put.)
            assert!(
                f.height.fits(room(j)) || spec.is_empty(),
                "{case}: fragment {j} is {:?} tall in {:?}",
                f.height,
                room(j)
            );
            // Its height is the header and the pieces of rows drawn.
            let mut pieces: Vec<(usize, usize)> = Vec::new();
            for &(r, _) in &marks {
                match pieces.last_mut() {
                    Some((pr, n)) if *pr == r => *n += 1,
                    _ => pieces.push((r, 1)),
                }
            }
            let want: Abs = head + pieces.iter().map(|&(_, n)| rh(n)).sum::<Abs>();
            assert!(
                (f.height.to_pt() - want.to_pt()).abs() < 0.01,
                "{case}: fragment {j} is {:?} tall, its rows {want:?}",
                f.height
            );
            frag_of.extend(std::iter::repeat_n(j, marks.len()));
            seen.extend(marks);
        }
        let every: Vec<(usize, usize)> = spec
            .iter()
            .enumerate()
            .flat_map(|(r, &(n, _))| (0..n).map(move |k| (r, k)))
            .collect();
        assert_eq!(seen, every, "{case}: every line once, in order");

        // Whether the table starts here follows its lead height (on a page
        // that is not fresh; a fresh page always takes it).
        if !spec.is_empty() && !full.fits(first) && (first - lead).to_pt().abs() > 0.02 {
            assert_eq!(
                frags[0].items.is_empty(),
                !lead.fits(first),
                "{case}: starts on the next page, with {first:?} left and a lead of {lead:?}"
            );
        }

        // Where a row's lines went.
        let mut at = vec![(usize::MAX, 0); spec.len()];
        for (&(r, _), &j) in seen.iter().zip(&frag_of) {
            at[r] = (at[r].0.min(j), at[r].1.max(j));
        }
        for (r, &(n, label)) in spec.iter().enumerate() {
            let (from, to) = at[r];
            // A row drawn whole centres its one-line cell; the first piece of
            // a split row has it at the top.
            if !label {
                let (short, first) = short_and_first(&frags[from], r)
                    .unwrap_or_else(|| panic!("{case}: row {r}'s cells are not together"));
                let want = if from == to {
                    t.pitch.to_pt() * (n - 1) as f32 / 2.0
                } else {
                    0.0
                };
                assert!(
                    ((short - first).abs() - want).abs() < 0.01,
                    "{case}: row {r} ({n} lines, fragments {from}–{to}): its short cell is \
                     {:.2} pt from its first line, not {want:.2}",
                    (short - first).abs()
                );
            }
            if from != to {
                assert!(
                    !whole_fits_fresh(r) || after_label(r),
                    "{case}: row {r} ({n} lines) is split though a fresh page holds it"
                );
                // Nor could it have been drawn whole where it starts: with what
                // it keeps below it, or alone when no page holds the two.
                let on_first = seen
                    .iter()
                    .zip(&frag_of)
                    .filter(|(&(sr, _), &j)| sr == r && j == from)
                    .count();
                let here = room(from) - (frags[from].height - rh(on_first));
                let whole = rh(n);
                assert!(
                    !((whole + keep[r]).fits(here)
                        || (keep[r] > Abs::ZERO
                            && whole.fits(here)
                            && !(whole + keep[r]).fits(fresh))),
                    "{case}: row {r} ({n} lines) is split though it fits whole where it starts \
                     ({here:?} left, {whole:?} tall, keeping {:?})",
                    keep[r]
                );
                // Each page it is split over holds as many of its lines as fit.
                for (j, f) in frags.iter().enumerate().take(to).skip(from) {
                    assert!(
                        !(f.height + t.pitch).fits(room(j)),
                        "{case}: row {r} leaves room for a line on fragment {j}"
                    );
                }
            }
            // A label row is not left at a page foot, where a page holds it and
            // a line of the next row. (Not guaranteed for the second of two
            // label rows that no page holds with the row after them: the first
            // keeps only the second's line, which may then end the page.)
            if label && r + 1 < spec.len() && (rh(n) + rh(1)).fits(fresh) && !after_label(r) {
                assert_eq!(
                    at[r + 1].0,
                    to,
                    "{case}: label row {r} is apart from the row after it"
                );
            }
        }
        // A row that starts a page could not have been drawn whole on the one before.
        for j in 1..frags.len() {
            let Some(p) = frag_of.iter().position(|&f| f == j) else {
                continue;
            };
            let (r, k) = seen[p];
            if k != 0 {
                continue;
            }
            let here = if frags[j - 1].items.is_empty() {
                first - head
            } else {
                room(j - 1) - frags[j - 1].height
            };
            let h = rh(spec[r].0);
            assert!(
                !(h + keep[r]).fits(here)
                    && (keep[r] <= Abs::ZERO || !h.fits(here) || whole_fits_fresh(r)),
                "{case}: row {r} moved to fragment {j} though it fit on {}",
                j - 1
            );
            // A row is moved only to be drawn whole: one that no page holds
            // whole (with what it keeps) starts where there is room for a line.
            if !frags[j - 1].items.is_empty() && rh(1).fits(here) && !after_label(r) {
                assert!(
                    whole_fits_fresh(r),
                    "{case}: row {r} ({} lines) moved to fragment {j} though no page holds it \
                     whole and fragment {} had room for a line",
                    spec[r].0,
                    j - 1
                );
            }
        }
        // The last row keeps the tail below it when a page can hold both.
        if let Some(last) = spec.len().checked_sub(1) {
            if whole_fits_fresh(last) && !after_label(last) {
                let j = at[last].1;
                assert!(
                    (frags[j].height + tail).fits(room(j)),
                    "{case}: no room for the tail after the last row"
                );
            }
        }
    }

    /// Pages too small for one line still take one line each, in order, so a
    /// split always ends (the fallback the generated pages never need).
    #[test]
    fn a_page_too_small_for_a_line_takes_one_anyway() {
        let spec = [(3, false), (2, false)];
        let t = synthetic(0, &spec, 14.0, 2.0);
        let frags = t.split(Abs::pt(5.0), Abs::pt(5.0), Abs::ZERO);
        let lines: Vec<Vec<(usize, usize)>> = frags
            .iter()
            .filter(|f| !f.items.is_empty())
            .map(|f| drawn(f).1)
            .collect();
        assert_eq!(
            lines,
            vec![
                vec![(0, 0)],
                vec![(0, 1)],
                vec![(0, 2)],
                vec![(1, 0)],
                vec![(1, 1)]
            ]
        );
    }

    #[test]
    fn split_and_lead_height_keep_the_page_geometry() {
        let mut g = Lcg(14);
        let mut splits = 0;
        for case in 0..500 {
            let pitch = [12.0, 14.5, 18.0][g.below(3) as usize];
            let pad = [2.0, 4.25][g.below(2) as usize];
            let head = g.below(3) as usize;
            let spec: Vec<(usize, bool)> = (0..g.below(25))
                .map(|_| match g.below(10) {
                    0 | 1 => (1, true),
                    2 => (8 + g.below(60) as usize, false),
                    // A label row nearly a page tall, now and then.
                    3 if g.below(4) == 0 => (8 + g.below(40) as usize, true),
                    _ => (1 + g.below(4) as usize, false),
                })
                .collect();
            let t = synthetic(head, &spec, pitch, pad);
            let rh = |n: u64| pad * 2.0 + pitch * n as f32;
            let head_h = if head > 0 { rh(head as u64) } else { 0.0 };
            // A page holds at least a label row and one line of the next.
            let full = Abs::pt(head_h + rh(3 + g.below(30)) + g.below(100) as f32 / 10.0);
            let tail = match g.below(4) {
                0 => Abs::ZERO,
                // Nearly a page: the last row then goes wherever it fits whole.
                1 => (full - Abs::pt(head_h + rh(1 + g.below(3)) - g.below(20) as f32))
                    .max(Abs::ZERO),
                _ => Abs::pt(g.below(120) as f32),
            };
            let lead = t.lead_height(full, tail);
            let firsts = [
                full * (g.below(1000) as f32 / 1000.0),
                full * (g.below(1000) as f32 / 1000.0),
                lead,
                lead - Abs::pt(0.5),
                lead + Abs::pt(0.5),
                Abs::ZERO,
                full,
            ];
            for first in firsts {
                let first = first.max(Abs::ZERO).min(full);
                let what = format!(
                    "case {case}: rows {spec:?}, header {head}, pitch {pitch}, pad {pad}, \
                     page {full:?}, first {first:?}, tail {tail:?}"
                );
                check_split(&t, &spec, first, full, tail, &what);
                splits += 1;
            }
        }
        assert_eq!(splits, 3500);
    }
}
