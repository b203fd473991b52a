//! Blocks → `word/document.xml`: headings, paragraphs, lists, quotes, rules,
//! aligned and seal blocks, page breaks, the GB/T 9704 letterhead (版头) and
//! 版记; tables and charts are written by `table`.
//!
//! Spacing follows the PDF: the body pitch as "at least" line spacing (exact on
//! the GB/T 9704 grid of 22 lines), a first-line indent of two characters where
//! the PDF indents, and a closing group (signatures, a date) kept with the line
//! before it.

use super::para::{ems, paragraph, runs, Border, Frame, Para, Run, RED};
use super::sections::Furniture;
use super::styles::XIAOBIAOSONG;
use super::xml::Xml;
use super::{table, tw_mm, tw_pt, Ctx};
use crate::doc::{Align, Block, Inline, LetterheadFormat};

/// Writes the document body.
struct Writer<'c, 'a> {
    ctx: &'c Ctx<'a>,
    x: Xml,
    /// Paragraphs (and tables) written so far.
    count: usize,
    /// A page break waits for the next paragraph (`w:pageBreakBefore`).
    page_break: bool,
}

impl Writer<'_, '_> {
    /// A paragraph, starting a new page if a page break waits.
    fn emit(&mut self, p: &Para, inl: &[Inline], run: &Run) {
        if self.page_break {
            let p = Para {
                page_break_before: true,
                ..p.clone()
            };
            self.page_break = false;
            paragraph(&mut self.x, self.ctx, &p, inl, run);
        } else {
            paragraph(&mut self.x, self.ctx, p, inl, run);
        }
    }

    /// Before a table: a waiting page break as a paragraph of its own (a
    /// table cannot start a page by itself), nearly no height on the new page.
    fn flush_break(&mut self) {
        if !std::mem::take(&mut self.page_break) {
            return;
        }
        self.x.open("w:p", &[]);
        Para {
            line: Some((20, "exact")),
            no_grid: true,
            ..Para::default()
        }
        .write(&mut self.x, self.ctx.em);
        self.x.open("w:r", &[]);
        self.x.empty("w:br", &[("w:type", "page")]);
        self.x.close("w:r").close("w:p");
    }
    /// The body's line spacing: exact on the GB/T 9704 grid, else at least the pitch.
    fn body_line(&self) -> (i64, &'static str) {
        if self.ctx.gbt {
            (self.ctx.pitch, "exact")
        } else {
            (self.ctx.pitch, "atLeast")
        }
    }

    fn base(&self, f: &Frame) -> Para {
        Para {
            keep_next: f.keep,
            left_bar: f.bar.then_some(Border {
                val: "single",
                sz: 12,
                space: 8,
                color: "000000",
            }),
            left: f.left,
            right: f.right,
            line: Some(self.body_line()),
            ..Para::default()
        }
    }

    fn blocks(&mut self, blocks: &[Block], f: Frame) {
        // Each stretch up to a page break has its own closing group: a page
        // break ends a part (a report's 双报告 is signed before the next one).
        let mut start = 0;
        while start < blocks.len() {
            let end = blocks[start..]
                .iter()
                .position(|b| matches!(b, Block::PageBreak))
                .map_or(blocks.len(), |p| start + p + 1);
            self.stretch(&blocks[start..end], f);
            start = end;
        }
    }

    /// Blocks with at most one page break, at their end.
    fn stretch(&mut self, blocks: &[Block], f: Frame) {
        let n = blocks.len();
        let text = match blocks.last() {
            Some(Block::PageBreak) => n - 1,
            _ => n,
        };
        let group = closing_group(self.ctx, &blocks[..text]);
        let mut k = 0;
        while k < n {
            // A run of cards is one table, two cards to a row.
            let run = blocks[k..]
                .iter()
                .take_while(|b| matches!(b, Block::Card(_)))
                .count();
            if run > 0 {
                let cards: Vec<&[Block]> = blocks[k..k + run]
                    .iter()
                    .filter_map(|b| match b {
                        Block::Card(bs) => Some(bs.as_slice()),
                        _ => None,
                    })
                    .collect();
                self.cards(&cards, f);
                k += run;
                continue;
            }
            // The closing group's blocks keep together, and the block before
            // it keeps its last line with them.
            let keep = f.keep || (group < text && k + 1 >= group && k + 1 < text);
            self.block(&blocks[k], Frame { keep, ..f });
            k += 1;
        }
    }

    fn cards(&mut self, cards: &[&[Block]], f: Frame) {
        let ctx = self.ctx;
        self.flush_break();
        table::cards(&mut self.x, ctx, cards, &f, |w, blocks, frame| {
            nested(ctx, 0, w, blocks, frame)
        });
        self.count += 1;
    }

    fn block(&mut self, block: &Block, f: Frame) {
        let ctx = self.ctx;
        match block {
            Block::Heading(level, inl) => self.heading(*level, inl, f),
            Block::Paragraph(inl) => self.paragraph(inl, f),
            Block::List { start, items } => self.list(*start, items, f),
            Block::Quote(blocks) => {
                let inner = Frame {
                    left: indent(ctx, f.left + ctx.em * 2),
                    bar: true,
                    ..f
                };
                self.blocks(blocks, inner);
            }
            Block::Rule => {
                let h = if ctx.gbt { ctx.pitch } else { ctx.pitch / 2 };
                let p = Para {
                    bottom: Some(Border {
                        val: "single",
                        sz: 4,
                        space: 1,
                        color: "000000",
                    }),
                    line: Some((h / 2, "exact")),
                    after: h / 2,
                    left: f.left,
                    right: f.right,
                    ..Para::default()
                };
                self.emit(&p, &[], &Run::default());
                self.count += 1;
            }
            Block::Table(t) => {
                self.flush_break();
                table::table(&mut self.x, ctx, t, &f, self.count > 0);
                self.count += 1;
            }
            Block::Chart(c) => {
                self.flush_break();
                table::chart(&mut self.x, ctx, c, &f);
                self.count += 1;
            }
            Block::Aligned(align, blocks) => {
                let inset = if ctx.gbt && *align == Align::Right {
                    ctx.em * 2
                } else {
                    0
                };
                let inner = Frame {
                    align: Some(*align),
                    right: f.right.max(inset),
                    ..f
                };
                self.blocks(blocks, inner);
            }
            Block::Seal(blocks) => self.seal(blocks, f),
            Block::Imprint(blocks) => {
                self.flush_break();
                table::imprint(&mut self.x, ctx, blocks, &f, |w, blocks, frame| {
                    nested(ctx, 1, w, blocks, frame)
                });
                self.count += 1;
            }
            // The next paragraph starts the page (none at the very start).
            Block::PageBreak => self.page_break = self.count > 0,
            Block::Card(blocks) => self.cards(&[blocks], f),
        }
    }

    fn heading(&mut self, level: u8, inl: &[Inline], f: Frame) {
        let ctx = self.ctx;
        let (_, pt, _) = ctx.heading_font(level);
        let style = match level {
            0 | 1 => "Heading1",
            2 => "Heading2",
            _ => "Heading3",
        };
        let mut p = Para {
            style: Some(style),
            keep_next: true,
            left: f.left,
            right: f.right,
            ..Para::default()
        };
        if ctx.gbt {
            p.line = Some((ctx.pitch, "exact"));
            if level <= 1 {
                p.jc = Some("center");
                p.after = ctx.pitch;
            } else {
                p.first_line = ctx.em * 2;
                p.jc = Some("left");
            }
        } else {
            let pitch = tw_pt(pt * 1.5);
            p.line = Some((pitch, "atLeast"));
            if level <= 1 {
                p.jc = Some("center");
                p.after = pitch;
            } else {
                p.jc = Some("left");
                p.before = if self.count > 0 { ctx.em * 6 / 10 } else { 0 };
                p.after = pitch / 5;
            }
        }
        self.emit(&p, inl, &Run::default());
        self.count += 1;
    }

    fn paragraph(&mut self, inl: &[Inline], f: Frame) {
        let ctx = self.ctx;
        let mut p = self.base(&f);
        if (ctx.gbt || ctx.setup.indent) && f.align.is_none() && !f.in_list {
            p.first_line = ctx.em * 2;
        }
        if !ctx.gbt && !ctx.setup.indent && self.count > 0 {
            p.before = tw_pt(ctx.body_pt * 0.5);
        }
        p.jc = Some(match f.align {
            None => "both",
            Some(Align::Left) => "left",
            Some(Align::Center) => "center",
            Some(Align::Right) => "right",
        });
        self.emit(&p, inl, &Run::default());
        self.count += 1;
    }

    /// A list: each item's first paragraph hangs from its marker (`1.`, `●`).
    fn list(&mut self, start: Option<u64>, items: &[Vec<Block>], f: Frame) {
        let ctx = self.ctx;
        let hang = ctx.em * 2;
        for (k, item) in items.iter().enumerate() {
            let marker = match start {
                Some(s) => format!("{}.", s.saturating_add(k as u64)),
                None => "●".to_string(),
            };
            let marker_run = Run {
                pt: start.is_none().then_some(ctx.body_pt * 0.45),
                ..Run::default()
            };
            let inner = Frame {
                left: indent(ctx, f.left + hang),
                in_list: true,
                ..f
            };
            let (first, rest) = match item.split_first() {
                Some((Block::Paragraph(inl), rest)) => (Some(inl), rest),
                _ => (None, item.as_slice()),
            };
            let mut p = self.base(&inner);
            p.hanging = hang;
            if !ctx.gbt && !ctx.setup.indent && self.count > 0 {
                p.before = tw_pt(ctx.body_pt * 0.5);
            }
            p.jc = Some("both");
            p.page_break_before = std::mem::take(&mut self.page_break);
            self.x.open("w:p", &[]);
            p.write(&mut self.x, ctx.em);
            self.x.open("w:r", &[]);
            marker_run.write(&mut self.x, false);
            self.x.leaf("w:t", &[], &marker);
            self.x.empty("w:tab", &[]);
            self.x.close("w:r");
            if let Some(inl) = first {
                runs(&mut self.x, inl, &Run::default());
            }
            self.x.close("w:p");
            self.count += 1;
            self.blocks(rest, inner);
        }
    }

    /// The seal block: blank lines making it about 40 mm tall (room for the
    /// seal), then the lines right-aligned, the issuer centred over the date;
    /// kept on one page with the line before it.
    fn seal(&mut self, blocks: &[Block], f: Frame) {
        let ctx = self.ctx;
        let inset = if ctx.gbt { ctx.em * 4 } else { ctx.em * 2 };
        let lines = blocks
            .iter()
            .map(block_lines)
            .fold(0usize, usize::saturating_add)
            .min(MANY_LINES);
        let want = tw_mm(40.0);
        let spare = ((want - ctx.pitch * lines as i64) as f32 / ctx.pitch as f32)
            .ceil()
            .max(1.0) as usize;
        for _ in 0..spare {
            let p = Para {
                keep_next: true,
                ..self.base(&f)
            };
            self.emit(&p, &[], &Run::default());
        }
        // GB/T 9704: the date keeps its place (four characters from the
        // right); every other line is centred over it, a longer one reaching
        // further right, a shorter one less far.
        let texts: Vec<&[Inline]> = blocks
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph(inl) => Some(inl.as_slice()),
                _ => None,
            })
            .collect();
        let width = |inl: &[Inline]| ems(&crate::doc::plain_text(inl));
        let last = texts.last().map_or(0.0, |l| width(l));
        let n = blocks.len();
        for (k, b) in blocks.iter().enumerate() {
            let keep = k + 1 < n;
            match b {
                Block::Paragraph(inl) => {
                    let shift = ((last - width(inl)) / 2.0 * ctx.em as f32) as i64;
                    let mut p = self.base(&f);
                    p.keep_next = keep || f.keep;
                    p.right = (f.right.max(inset) + shift).max(0);
                    p.jc = Some("right");
                    self.emit(&p, inl, &Run::default());
                    self.count += 1;
                }
                other => {
                    let inner = Frame {
                        align: Some(Align::Right),
                        right: f.right.max(inset),
                        keep,
                        ..f
                    };
                    self.block(other, inner);
                }
            }
        }
    }

    /// The GB/T 9704 版头: the issuer in red 小标宋 with the red rule, the
    /// 发文字号, two blank lines.
    fn letterhead(&mut self, name: &str) {
        let ctx = self.ctx;
        let setup = ctx.setup;
        let fit = tw_mm(150.0) as f32 / 20.0;
        let size = (fit / ems(name).max(1.0)).min(36.0);
        let red_run = Run {
            font: Some(XIAOBIAOSONG.to_string()),
            pt: Some(size),
            color: Some(RED),
            no_grid: true,
            ..Run::default()
        };
        let text = |s: &str| vec![Inline::Text(s.to_string(), Default::default())];
        let doc_no = setup.doc_no.as_deref().filter(|d| !d.is_empty());
        let no_run = Run {
            font: Some(ctx.body_font.clone()),
            pt: Some(ctx.body_pt),
            ..Run::default()
        };
        let name_line = Some((tw_pt(size * 1.2), "exact"));
        match setup.letterhead_format {
            LetterheadFormat::Letter => {
                // A red double rule, thick over thin, 170 mm wide (7 mm beyond
                // each side of the text block), 4 mm below the name.
                let over = (tw_mm(170.0) - ctx.width) / 2;
                let p = Para {
                    keep_next: true,
                    no_grid: true,
                    bottom: Some(Border {
                        val: "thickThinSmallGap",
                        sz: 24,
                        space: 8,
                        color: RED,
                    }),
                    line: name_line,
                    left: -over,
                    right: -over,
                    jc: Some("center"),
                    ..Para::default()
                };
                self.emit(&p, &text(name), &red_run);
                if let Some(d) = doc_no {
                    let p = Para {
                        keep_next: true,
                        no_grid: true,
                        before: tw_pt(ctx.body_pt * 0.875),
                        line: Some((tw_pt(ctx.body_pt * 1.2), "exact")),
                        jc: Some("right"),
                        ..Para::default()
                    };
                    self.emit(&p, &text(d), &no_run);
                }
            }
            LetterheadFormat::File => {
                let rule = Border {
                    val: "single",
                    sz: 12,
                    space: 11,
                    color: RED,
                };
                let p = Para {
                    keep_next: true,
                    no_grid: true,
                    before: tw_mm(35.0),
                    bottom: doc_no.is_none().then_some(rule),
                    line: name_line,
                    jc: Some("center"),
                    ..Para::default()
                };
                self.emit(&p, &text(name), &red_run);
                if let Some(d) = doc_no {
                    let p = Para {
                        keep_next: true,
                        before: ctx.pitch * 2,
                        bottom: Some(rule),
                        line: Some((ctx.pitch, "exact")),
                        jc: Some("center"),
                        ..Para::default()
                    };
                    self.emit(&p, &text(d), &no_run);
                }
            }
        }
        // Two blank lines above the title.
        for _ in 0..2 {
            let p = Para {
                keep_next: true,
                line: Some((ctx.pitch, "exact")),
                ..Para::default()
            };
            self.emit(&p, &[], &Run::default());
        }
        self.count += 1;
    }
}

/// More lines than any closing group or seal block holds: what a table counts.
const MANY_LINES: usize = 1000;

/// A left indent, at most three quarters of the text width (quotes and lists
/// nest up to `doc::MAX_NESTING` deep).
fn indent(ctx: &Ctx<'_>, left: i64) -> i64 {
    left.min(ctx.width * 3 / 4)
}

/// Writes `blocks` into `x` as the content of a table cell (`count`: the
/// paragraphs counted as before them, 0 at the top of a card).
fn nested(ctx: &Ctx<'_>, count: usize, x: &mut Xml, blocks: &[Block], frame: Frame) {
    let mut inner = Writer {
        ctx,
        x: Xml::default(),
        count,
        page_break: false,
    };
    inner.blocks(blocks, frame);
    x.append(inner.x);
}

/// Lines a block takes, roughly (for the closing group and the seal's room),
/// at most [`MANY_LINES`].
fn block_lines(b: &Block) -> usize {
    let sum = |it: &mut dyn Iterator<Item = usize>| {
        it.fold(0usize, |a, n| a.saturating_add(n)).min(MANY_LINES)
    };
    match b {
        Block::Paragraph(inl) | Block::Heading(_, inl) => {
            let text = crate::doc::plain_text(inl);
            sum(&mut text
                .split('\n')
                .map(|l| (ems(l) / 28.0).ceil().clamp(1.0, MANY_LINES as f32) as usize))
        }
        Block::List { items, .. } => sum(&mut items.iter().flatten().map(block_lines)),
        Block::Quote(bs) | Block::Aligned(_, bs) | Block::Seal(bs) | Block::Imprint(bs) => {
            sum(&mut bs.iter().map(block_lines))
        }
        Block::Rule => 1,
        Block::Table(_) | Block::Chart(_) | Block::PageBreak | Block::Card(_) => MANY_LINES,
    }
}

/// Where the closing group of `blocks` starts (see `pdf::pages`): the longest
/// tail of text blocks with at most six lines, after the last table, heading or
/// page break; `blocks.len()` when there is none.
fn closing_group(_ctx: &Ctx<'_>, blocks: &[Block]) -> usize {
    const CLOSING_LINES: usize = 6;
    let mut g = blocks.len();
    let mut lines = 0;
    while g > 0 {
        let b = &blocks[g - 1];
        if matches!(
            b,
            Block::Heading(..)
                | Block::PageBreak
                | Block::Imprint(_)
                | Block::Table(_)
                | Block::Chart(_)
        ) {
            break;
        }
        let n = block_lines(b);
        if lines + n > CLOSING_LINES {
            break;
        }
        lines += n;
        g -= 1;
    }
    g
}

/// `word/document.xml`.
pub(crate) fn document(ctx: &Ctx<'_>, blocks: &[Block], furniture: &Furniture) -> String {
    let mut w = Writer {
        ctx,
        x: Xml::default(),
        count: 0,
        page_break: false,
    };
    let setup = ctx.setup;
    match (setup.letterhead.as_deref(), setup.doc_no.as_deref()) {
        (Some(name), _) if ctx.gbt => w.letterhead(name),
        // Without a letterhead the 发文字号 heads the page, centred.
        (_, Some(d)) if !d.is_empty() => {
            let line = Block::Paragraph(vec![Inline::Text(d.to_string(), Default::default())]);
            w.block(&Block::Aligned(Align::Center, vec![line]), Frame::default());
        }
        _ => {}
    }
    w.blocks(blocks, Frame::default());
    let mut x = Xml::part();
    x.open(
        "w:document",
        &[("xmlns:w", super::W_NS), ("xmlns:r", super::R_NS)],
    );
    x.open("w:body", &[]);
    x.append(w.x);
    super::sections::sect_pr(&mut x, ctx, furniture);
    x.close("w:body");
    x.close("w:document");
    x.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::InlineStyle;

    #[test]
    fn widths_in_ems() {
        assert_eq!(ems("安全ab"), 3.0);
        assert_eq!(ems("□符合"), 3.0);
    }

    #[test]
    fn closing_group_stops_at_a_table() {
        let p = |s: &str| Block::Paragraph(vec![Inline::Text(s.into(), InlineStyle::default())]);
        let blocks = vec![p(&"长".repeat(300)), p("签字"), p("日期")];
        assert_eq!(closing_group_for_test(&blocks), 1);
        let blocks = vec![p("a"), Block::PageBreak, p("b")];
        assert_eq!(closing_group_for_test(&blocks), 2);
    }

    fn closing_group_for_test(blocks: &[Block]) -> usize {
        let setup = crate::doc::PageSetup::default();
        let ctx = Ctx::new(&setup);
        closing_group(&ctx, blocks)
    }
}
