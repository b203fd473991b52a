//! Blocks → `word/document.xml`: headings, paragraphs, lists, quotes, rules,
//! aligned and seal blocks, page breaks, the GB/T 9704 letterhead (版头) and
//! 版记; tables and charts are written by `table`.
//!
//! Spacing follows the PDF: the body pitch as "at least" line spacing (exact on
//! the GB/T 9704 grid of 22 lines), a first-line indent of two characters where
//! the PDF indents, and a closing group (signatures, a date) kept with the line
//! before it.

use super::sections::Furniture;
use super::styles::{half_points, rfonts, XIAOBIAOSONG};
use super::xml::Xml;
use super::{table, tw_mm, tw_pt, Ctx};
use crate::doc::{Align, Block, Inline, LetterheadFormat};

/// Red of the letterhead (the PDF's `Paint::RED`).
pub(crate) const RED: &str = "FF0000";

/// A paragraph border: style, width in eighths of a point, space in points, colour.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Border {
    pub val: &'static str,
    pub sz: u32,
    pub space: u32,
    pub color: &'static str,
}

/// Paragraph properties, written in the order the schema asks.
#[derive(Debug, Clone, Default)]
pub(crate) struct Para {
    pub style: Option<&'static str>,
    pub keep_next: bool,
    pub keep_lines: bool,
    /// Starts a new page (a `pagebreak` before it).
    pub page_break_before: bool,
    pub top: Option<Border>,
    pub left_bar: Option<Border>,
    pub bottom: Option<Border>,
    /// Off the document grid (tables and furniture in GB/T 9704 documents).
    pub no_grid: bool,
    pub before: i64,
    pub after: i64,
    /// Line spacing in twips and its rule (`exact`, `atLeast`).
    pub line: Option<(i64, &'static str)>,
    pub left: i64,
    pub right: i64,
    /// First-line indent in twips (also given in hundredths of a character).
    pub first_line: i64,
    pub hanging: i64,
    pub jc: Option<&'static str>,
}

impl Para {
    /// `<w:pPr>…</w:pPr>`.
    pub fn write(&self, x: &mut Xml, em: i64) {
        x.open("w:pPr", &[]);
        if let Some(s) = self.style {
            x.empty("w:pStyle", &[("w:val", s)]);
        }
        if self.keep_next {
            x.empty("w:keepNext", &[]);
        }
        if self.keep_lines {
            x.empty("w:keepLines", &[]);
        }
        if self.page_break_before {
            x.empty("w:pageBreakBefore", &[]);
        }
        if self.top.is_some() || self.left_bar.is_some() || self.bottom.is_some() {
            x.open("w:pBdr", &[]);
            for (tag, b) in [
                ("w:top", self.top),
                ("w:left", self.left_bar),
                ("w:bottom", self.bottom),
            ] {
                if let Some(b) = b {
                    x.empty(
                        tag,
                        &[
                            ("w:val", b.val),
                            ("w:sz", &b.sz.to_string()),
                            ("w:space", &b.space.to_string()),
                            ("w:color", b.color),
                        ],
                    );
                }
            }
            x.close("w:pBdr");
        }
        if self.no_grid {
            x.empty("w:snapToGrid", &[("w:val", "0")]);
        }
        let mut sp = vec![
            ("w:before", self.before.to_string()),
            ("w:after", self.after.to_string()),
        ];
        if let Some((line, rule)) = self.line {
            sp.push(("w:line", line.to_string()));
            sp.push(("w:lineRule", rule.to_string()));
        }
        let sp: Vec<(&str, &str)> = sp.iter().map(|(k, v)| (*k, v.as_str())).collect();
        x.empty("w:spacing", &sp);
        let mut ind = Vec::new();
        if self.left != 0 {
            ind.push(("w:left", self.left.to_string()));
        }
        if self.right != 0 {
            ind.push(("w:right", self.right.to_string()));
        }
        if self.hanging > 0 {
            ind.push(("w:hanging", self.hanging.to_string()));
        } else if self.first_line > 0 {
            // In characters too, so the indent follows a changed font size.
            let chars = self.first_line * 100 / em.max(1);
            ind.push(("w:firstLineChars", chars.to_string()));
            ind.push(("w:firstLine", self.first_line.to_string()));
        }
        if !ind.is_empty() {
            let ind: Vec<(&str, &str)> = ind.iter().map(|(k, v)| (*k, v.as_str())).collect();
            x.empty("w:ind", &ind);
        }
        if let Some(jc) = self.jc {
            x.empty("w:jc", &[("w:val", jc)]);
        }
        x.close("w:pPr");
    }
}

/// Run properties: font (none: the paragraph style's), size, bold, colour.
#[derive(Debug, Clone, Default)]
pub(crate) struct Run {
    pub font: Option<String>,
    pub pt: Option<f32>,
    pub bold: bool,
    pub color: Option<&'static str>,
    /// Off the character grid (tables in GB/T 9704 documents).
    pub no_grid: bool,
}

impl Run {
    /// `<w:rPr>…</w:rPr>`, or nothing when no property is set.
    pub fn write(&self, x: &mut Xml, bold: bool) {
        let bold = bold || self.bold;
        if self.font.is_none()
            && self.pt.is_none()
            && !bold
            && self.color.is_none()
            && !self.no_grid
        {
            return;
        }
        x.open("w:rPr", &[]);
        if let Some(f) = &self.font {
            rfonts(x, f);
        }
        if bold {
            x.empty("w:b", &[]);
            x.empty("w:bCs", &[]);
        }
        if self.no_grid {
            x.empty("w:snapToGrid", &[("w:val", "0")]);
        }
        if let Some(c) = self.color {
            x.empty("w:color", &[("w:val", c)]);
        }
        if let Some(pt) = self.pt {
            let hp = half_points(pt);
            x.empty("w:sz", &[("w:val", &hp)]);
            x.empty("w:szCs", &[("w:val", &hp)]);
        }
        x.close("w:rPr");
    }
}

/// Whether `c` is set full width (CJK, full-width forms, CJK punctuation).
fn wide(c: char) -> bool {
    matches!(c, '\u{1100}'..='\u{115F}' | '\u{2E80}'..='\u{A4CF}' | '\u{AC00}'..='\u{D7A3}'
        | '\u{F900}'..='\u{FAFF}' | '\u{FE30}'..='\u{FE4F}' | '\u{FF00}'..='\u{FF60}'
        | '\u{FFE0}'..='\u{FFE6}' | '\u{20000}'..='\u{3FFFD}' | '\u{2010}'..='\u{2027}' | '□' | '☐' | '☑' | '☒')
}

/// Width of `s` in ems (full-width characters one, others a half), for
/// estimates: the letterhead's size, centring the issuer over the date.
pub(crate) fn ems(s: &str) -> f32 {
    s.chars().map(|c| if wide(c) { 1.0 } else { 0.5 }).sum()
}

/// The inlines with Markdown soft breaks resolved as the PDF does: nothing
/// between two CJK characters, a blank otherwise.
fn resolve_soft_breaks(inl: &[Inline]) -> Vec<Inline> {
    const SOFT: char = '\u{2028}';
    let flat: Vec<char> = inl
        .iter()
        .flat_map(|i| match i {
            Inline::Text(t, _) => t.chars().collect::<Vec<_>>(),
            Inline::Break => vec!['\n'],
        })
        .collect();
    let mut pos: usize = 0;
    let mut out = Vec::with_capacity(inl.len());
    for i in inl {
        match i {
            Inline::Text(t, st) => {
                let mut s = String::with_capacity(t.len());
                for c in t.chars() {
                    if c == SOFT {
                        let before = pos.checked_sub(1).and_then(|p| flat.get(p));
                        let after = flat.get(pos + 1);
                        let cjk =
                            before.is_some_and(|c| wide(*c)) || after.is_some_and(|c| wide(*c));
                        if !cjk {
                            s.push(' ');
                        }
                    } else {
                        s.push(c);
                    }
                    pos += 1;
                }
                out.push(Inline::Text(s, *st));
            }
            Inline::Break => {
                pos += 1;
                out.push(Inline::Break);
            }
        }
    }
    out
}

/// Writes the runs of `inl` in `run`'s properties (bold where the text is).
pub(crate) fn runs(x: &mut Xml, inl: &[Inline], run: &Run) {
    for i in resolve_soft_breaks(inl) {
        match i {
            Inline::Text(t, st) => {
                for (k, piece) in t.split('\t').enumerate() {
                    x.open("w:r", &[]);
                    run.write(x, st.bold);
                    if k > 0 {
                        x.empty("w:tab", &[]);
                    }
                    if !piece.is_empty() {
                        x.leaf("w:t", &[("xml:space", "preserve")], piece);
                    }
                    x.close("w:r");
                }
            }
            Inline::Break => {
                x.open("w:r", &[]);
                run.write(x, false);
                x.empty("w:br", &[]);
                x.close("w:r");
            }
        }
    }
}

/// A whole paragraph.
pub(crate) fn paragraph(x: &mut Xml, ctx: &Ctx<'_>, p: &Para, inl: &[Inline], run: &Run) {
    x.open("w:p", &[]);
    p.write(x, ctx.em);
    runs(x, inl, run);
    x.close("w:p");
}

/// Horizontal placement of the blocks being written.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Frame {
    /// Left and right indents in twips.
    pub left: i64,
    pub right: i64,
    /// Alignment from `Aligned` / `Seal`.
    pub align: Option<Align>,
    /// Inside a list item: no first-line indent.
    pub in_list: bool,
    /// Inside a quote: a bar at the left.
    pub bar: bool,
    /// Keep every paragraph with the next (a closing group, a seal block).
    pub keep: bool,
}

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
        let n = blocks.len();
        let group = closing_group(self.ctx, blocks);
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
            let keep = f.keep || (group < n && k + 1 >= group && k + 1 < n);
            self.block(&blocks[k], Frame { keep, ..f });
            k += 1;
        }
    }

    fn cards(&mut self, cards: &[&[Block]], f: Frame) {
        let ctx = self.ctx;
        self.flush_break();
        table::cards(&mut self.x, ctx, cards, &f, |w, blocks, frame| {
            let mut inner = Writer {
                ctx,
                x: Xml::default(),
                count: 0,
                page_break: false,
            };
            inner.blocks(blocks, frame);
            w.append(inner.x);
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
                    let mut inner = Writer {
                        ctx,
                        x: Xml::default(),
                        count: 1,
                        page_break: false,
                    };
                    inner.blocks(blocks, frame);
                    w.append(inner.x);
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
    fn soft_breaks_vanish_between_cjk() {
        let s = InlineStyle::default();
        let inl = vec![Inline::Text(
            "第三\u{2028}行\u{2028}word\u{2028}two".into(),
            s,
        )];
        let out = resolve_soft_breaks(&inl);
        assert_eq!(crate::doc::plain_text(&out), "第三行word two");
    }

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
