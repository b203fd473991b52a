//! Blocks → pieces: headings, paragraphs, lists, quotes, rules, tables, aligned
//! and seal blocks and the 版记 become [`Piece`]s (see `pages`), which are then
//! paginated and decorated.

use super::context::{Ctx, HEITI, XIAOBIAOSONG};
use super::fonts::Fonts;
use super::length::{Abs, Point};
use super::page::{baseline, line_items, Item, Page, Paint, EM_BOX_TOP};
use super::pages::{decorate, keep_closing_groups, lead_height, paginate, Piece, Span};
use super::table;
use super::text::{self, Line, Measure, TextStyle};
use super::Error;
use crate::doc::{Align, Block, Document, Inline, InlineStyle, LetterheadFormat, Table};

/// Horizontal placement of a block's lines.
#[derive(Debug, Clone, Copy)]
struct Frame {
    /// Left edge, from the text block's left.
    x: Abs,
    /// Available width.
    width: Abs,
    /// Alignment override from `Aligned` / `Seal`.
    align: Option<Align>,
    /// Space kept free at the right of right-aligned lines.
    right_inset: Abs,
    /// Inside a list item: paragraphs hang from the marker, no first-line indent.
    in_list: bool,
}

struct Builder<'c, 'a> {
    ctx: &'c Ctx<'a>,
    pieces: Vec<Piece>,
}

impl Builder<'_, '_> {
    fn para_gap(&self) -> Abs {
        if self.ctx.gbt || self.ctx.setup.indent {
            Abs::ZERO
        } else {
            self.ctx.body.size * 0.5
        }
    }

    /// Adds lines of text as one piece per line. Outside GB/T 9704 (whose grid
    /// pages are always full) a paragraph's first line is kept with its second and
    /// its last with the one before: no orphan or widow lines.
    #[allow(clippy::too_many_arguments)]
    fn lines(
        &mut self,
        lines: &[Line],
        f: Frame,
        align: Align,
        size: Abs,
        pitch: Abs,
        space_before: Abs,
        keep: bool,
        gray_bar: Option<Abs>,
    ) {
        let n = lines.len();
        for (k, line) in lines.iter().enumerate() {
            let dx = match align {
                Align::Left => f.x,
                Align::Center => f.x + (f.width - line.width) / 2.0,
                Align::Right => f.x + f.width - f.right_inset - line.width,
            };
            let mut items = Vec::new();
            line_items(line, dx, baseline(pitch, size), size, &mut items);
            if let Some(bx) = gray_bar {
                items.push((
                    Point::new(bx, Abs::ZERO),
                    Item::Line {
                        delta: Point::new(Abs::ZERO, pitch),
                        width: Abs::pt(1.5),
                        paint: Paint::BLACK,
                    },
                ));
            }
            self.pieces.push(Piece::Fixed {
                height: pitch,
                space_before: if k == 0 { space_before } else { Abs::ZERO },
                items,
                keep_with_next: keep || (!self.ctx.gbt && n >= 2 && (k == 0 || k + 2 == n)),
            });
        }
    }

    fn blocks(&mut self, blocks: &[Block], f: Frame, quote_bar: Option<Abs>) -> Result<(), Error> {
        for b in blocks {
            self.block(b, f, quote_bar)?;
        }
        Ok(())
    }

    fn block(&mut self, block: &Block, f: Frame, bar: Option<Abs>) -> Result<(), Error> {
        match block {
            Block::Heading(level, inl) => self.heading(*level, inl, f, bar),
            Block::Paragraph(inl) => self.paragraph(inl, f, bar),
            Block::List { start, items } => self.list(*start, items, f, bar),
            Block::Quote(blocks) => {
                let em = self.ctx.em;
                let inner = Frame {
                    x: f.x + em * 2.0,
                    width: f.width - em * 2.0,
                    ..f
                };
                self.blocks(blocks, inner, Some(f.x + em * 0.8))
            }
            Block::Rule => {
                self.rule(f);
                Ok(())
            }
            Block::Table(t) => self.table(t, f),
            Block::Aligned(align, blocks) => self.aligned(*align, blocks, f, bar),
            Block::Seal(blocks) => self.seal(blocks, f, bar),
            Block::Imprint(blocks) => self.imprint(blocks, f, bar),
            // Only a top-level card is a card (laid out by `cards`); one met
            // here flows like any group of blocks.
            Block::Card(blocks) => self.blocks(blocks, f, bar),
            Block::PageBreak => {
                self.pieces.push(Piece::PageBreak);
                Ok(())
            }
            Block::Chart(c) => {
                let pieces = super::chart::pieces(self.ctx, c, f.x, f.width)?;
                self.pieces.extend(pieces);
                Ok(())
            }
        }
    }

    /// The text style, alignment, first-line indent, space before and lines of
    /// space after (in line pitches) of a heading of `level`.
    fn heading_style(&self, level: u8) -> Result<(TextStyle, Align, Abs, Abs, f32), Error> {
        let ctx = self.ctx;
        let setup = ctx.setup;
        Ok(if level <= 1 {
            let size = Abs::pt(if ctx.gbt { 22.0 } else { setup.title_size.0 });
            // GB/T 9704 titles are 小标宋 when the user has it; else bold body.
            let xbs = ctx
                .gbt
                .then(|| ctx.fonts.first_family(XIAOBIAOSONG))
                .flatten();
            let mut st = ctx.style(xbs, size)?;
            if xbs.is_none() && ctx.gbt {
                // No 小标宋: the body face emboldened by stroking reads like
                // one and embeds no second face (about 8 KB a letter).
                st.regular = st.regular.emboldened();
            } else {
                st.all_bold = xbs.is_none();
            }
            (st, Align::Center, Abs::ZERO, Abs::ZERO, 1.0)
        } else if ctx.gbt {
            // GB/T 9704 first-level headings (一、) are 黑体 at body size, indented.
            let hei = ctx.fonts.first_family(HEITI).unwrap_or("sans");
            let mut st = ctx.style(Some(hei), ctx.body.size)?;
            st.grid = ctx.body.grid;
            (st, Align::Left, ctx.em * 2.0, Abs::ZERO, 0.0)
        } else {
            let mut st = ctx.style(None, Abs::pt(setup.heading_size.0))?;
            st.all_bold = true;
            (st, Align::Left, Abs::ZERO, ctx.em * 0.6, 0.2)
        })
    }

    /// A heading: its lines kept with each other and with what follows, then the
    /// blank space under a title.
    fn heading(
        &mut self,
        level: u8,
        inl: &[Inline],
        f: Frame,
        bar: Option<Abs>,
    ) -> Result<(), Error> {
        let ctx = self.ctx;
        let (st, align, indent, before, after_lines) = self.heading_style(level)?;
        let pitch = if ctx.gbt { ctx.pitch } else { st.size * 1.5 };
        let m = Measure {
            width: f.width,
            first_indent: indent,
            justify: false,
        };
        // A title (level 1) is broken into balanced lines at phrase boundaries.
        let lines = if level <= 1 {
            text::break_title(inl, ctx.fonts, &st, m)?
        } else {
            text::break_lines(inl, ctx.fonts, &st, m)?
        };
        self.lines(&lines, f, align, st.size, pitch, before, true, bar);
        if after_lines > 0.0 {
            let h = if ctx.gbt {
                ctx.pitch
            } else {
                pitch * after_lines
            };
            self.pieces.push(Piece::Fixed {
                height: h,
                space_before: Abs::ZERO,
                items: Vec::new(),
                keep_with_next: true,
            });
        }
        Ok(())
    }

    /// A numbered (`start`) or bulleted list: each item's blocks hang from its marker.
    fn list(
        &mut self,
        start: Option<u64>,
        items: &[Vec<Block>],
        f: Frame,
        bar: Option<Abs>,
    ) -> Result<(), Error> {
        let hang = self.ctx.em * 2.0;
        for (k, item) in items.iter().enumerate() {
            let marker = match start {
                Some(s) => format!("{}.", s + k as u64),
                None => "●".to_string(),
            };
            let first_piece = self.pieces.len();
            let inner = Frame {
                x: f.x + hang,
                width: f.width - hang,
                in_list: true,
                ..f
            };
            self.blocks(item, inner, bar)?;
            self.marker(&marker, f.x, hang, first_piece, start.is_none())?;
        }
        Ok(())
    }

    /// A horizontal rule: half a line, or a whole one to stay on the GB/T 9704
    /// line grid.
    fn rule(&mut self, f: Frame) {
        let ctx = self.ctx;
        let h = if ctx.gbt { ctx.pitch } else { ctx.pitch / 2.0 };
        self.pieces.push(Piece::Fixed {
            height: h,
            space_before: Abs::ZERO,
            items: vec![(
                Point::new(f.x, h / 2.0),
                Item::Line {
                    delta: Point::new(f.width, Abs::ZERO),
                    width: Abs::pt(0.5),
                    paint: Paint::BLACK,
                },
            )],
            keep_with_next: false,
        });
    }

    /// A table, which paginates itself, and the breathing space under it
    /// (dropped at a page top).
    fn table(&mut self, t: &Table, f: Frame) -> Result<(), Error> {
        let ctx = self.ctx;
        let prepared = table::prepare(t, ctx, f.width)?;
        let gap = if ctx.gbt { Abs::ZERO } else { ctx.em * 0.5 };
        self.pieces.push(Piece::Table {
            table: Box::new(prepared),
            x: f.x,
            space_before: gap,
            tail: Abs::ZERO,
        });
        self.pieces.push(Piece::Fixed {
            height: gap,
            space_before: Abs::ZERO,
            items: Vec::new(),
            keep_with_next: false,
        });
        Ok(())
    }

    /// `left`, `right`, `center`: the blocks inside with that alignment (GB/T 9704
    /// right-aligned lines keep two characters free at the right).
    fn aligned(
        &mut self,
        align: Align,
        blocks: &[Block],
        f: Frame,
        bar: Option<Abs>,
    ) -> Result<(), Error> {
        let inset = if self.ctx.gbt && align == Align::Right {
            self.ctx.em * 2.0
        } else {
            Abs::ZERO
        };
        let inner = Frame {
            align: Some(align),
            right_inset: f.right_inset.max(inset),
            ..f
        };
        self.blocks(blocks, inner, bar)
    }

    /// The seal block: room for a 40 mm seal pressed over the issuer and date.
    /// Blank lines above the content make the whole block about 40 mm tall, and
    /// the block is kept on one page with the last line before it.
    fn seal(&mut self, blocks: &[Block], f: Frame, bar: Option<Abs>) -> Result<(), Error> {
        let ctx = self.ctx;
        let inset = if ctx.gbt { ctx.em * 4.0 } else { ctx.em * 2.0 };
        let inner = Frame {
            align: Some(Align::Right),
            right_inset: f.right_inset.max(inset),
            ..f
        };
        let first = self.pieces.len();
        // The signature never starts a page alone: the last line above it
        // (此函。 or the 附件 line) goes with it.
        if let Some(Piece::Fixed { keep_with_next, .. }) = self.pieces.last_mut() {
            *keep_with_next = true;
        }
        self.blocks(blocks, inner, bar)?;
        center_on_last_line(&mut self.pieces[first..]);
        let content: Abs = self.pieces[first..]
            .iter()
            .map(|p| match p {
                Piece::Fixed {
                    height,
                    space_before,
                    ..
                } => *height + *space_before,
                _ => Abs::ZERO,
            })
            .sum();
        let want = Abs::mm(40.0);
        let spare_lines = ((want - content) / ctx.pitch).ceil().max(1.0);
        self.pieces.insert(
            first,
            Piece::Fixed {
                height: ctx.pitch * spare_lines,
                space_before: Abs::ZERO,
                items: Vec::new(),
                keep_with_next: true,
            },
        );
        let end = self.pieces.len();
        for p in &mut self.pieces[first..end.saturating_sub(1)] {
            if let Piece::Fixed { keep_with_next, .. } = p {
                *keep_with_next = true;
            }
        }
        Ok(())
    }

    /// 版记, set at the foot of the last page: the lines flush left with one
    /// character's margin; in 文件格式 between thick rules (0.35 mm).
    fn imprint(&mut self, blocks: &[Block], f: Frame, bar: Option<Abs>) -> Result<(), Error> {
        let ctx = self.ctx;
        let setup = ctx.setup;
        let first = self.pieces.len();
        let ruled = setup.letterhead.is_none() || setup.letterhead_format == LetterheadFormat::File;
        let rule = |ctx: &Ctx<'_>, f: Frame| Piece::Fixed {
            height: ctx.pitch / 2.0,
            space_before: Abs::ZERO,
            items: vec![(
                Point::new(f.x, ctx.pitch / 4.0),
                Item::Line {
                    delta: Point::new(f.width, Abs::ZERO),
                    width: Abs::mm(0.35),
                    paint: Paint::BLACK,
                },
            )],
            keep_with_next: true,
        };
        if ruled {
            self.pieces.push(rule(ctx, f));
        }
        let inner = Frame {
            x: f.x + ctx.em,
            width: f.width - ctx.em * 2.0,
            align: Some(Align::Left),
            ..f
        };
        self.blocks(blocks, inner, bar)?;
        if ruled {
            self.pieces.push(rule(ctx, f));
        }
        // One strip: its pieces stacked; a 版记 taller than a page (a very
        // long 抄送 list) flows like any text instead.
        let total: Abs = self.pieces[first..]
            .iter()
            .map(|p| lead_height(p, ctx.height))
            .sum();
        if total.fits(ctx.height) {
            let foot = stack(self.pieces.drain(first..));
            self.pieces.push(foot);
        }
        Ok(())
    }

    fn paragraph(&mut self, inl: &[Inline], f: Frame, bar: Option<Abs>) -> Result<(), Error> {
        let ctx = self.ctx;
        let aligned = f.align.is_some_and(|a| a != Align::Left);
        let indent = if (ctx.gbt || ctx.setup.indent) && f.align.is_none() && !f.in_list {
            ctx.em * 2.0
        } else {
            Abs::ZERO
        };
        let m = Measure {
            width: f.width - f.right_inset,
            first_indent: indent,
            justify: !aligned,
        };
        let lines = text::break_lines(inl, ctx.fonts, &ctx.body, m)?;
        let gap = if self.pieces.is_empty() {
            Abs::ZERO
        } else {
            self.para_gap()
        };
        let align = f.align.unwrap_or(Align::Left);
        self.lines(&lines, f, align, ctx.body.size, ctx.pitch, gap, false, bar);
        Ok(())
    }

    /// Puts a list marker on the first line of the item that starts at `first_piece`.
    /// A bullet is a small disc centred on the text's em box.
    fn marker(
        &mut self,
        marker: &str,
        x: Abs,
        hang: Abs,
        first_piece: usize,
        bullet: bool,
    ) -> Result<(), Error> {
        let ctx = self.ctx;
        let body = ctx.body.size;
        let size = if bullet { body * 0.45 } else { body };
        let mut st = ctx.style(None, size)?;
        st.grid = None;
        let inl = [Inline::Text(marker.to_string(), InlineStyle::default())];
        let m = Measure {
            width: hang,
            first_indent: Abs::ZERO,
            justify: false,
        };
        let lines = text::break_lines(&inl, ctx.fonts, &st, m)?;
        if let (Some(line), Some(Piece::Fixed { items, height, .. })) =
            (lines.first(), self.pieces.get_mut(first_piece))
        {
            // Right-align the marker just before the item's text.
            let dx = x + hang - line.width - ctx.em * 0.4;
            let y = baseline(*height, body) - (body - size) * (EM_BOX_TOP - 0.5);
            line_items(line, dx, y, size, items);
        }
        Ok(())
    }
}

/// Fixed pieces stacked into one [`Piece::Foot`].
fn stack(pieces: impl Iterator<Item = Piece>) -> Piece {
    let mut items = Vec::new();
    let mut height = Abs::ZERO;
    for p in pieces {
        if let Piece::Fixed {
            height: h,
            space_before,
            items: src,
            ..
        } = p
        {
            if height > Abs::ZERO {
                height += space_before;
            }
            items.extend(
                src.into_iter()
                    .map(|(pt, it)| (pt.offset(Abs::ZERO, height), it)),
            );
            height += h;
        }
    }
    Piece::Foot { height, items }
}

/// GB/T 9704: the issuer's name is centred over the date (the last line).
fn center_on_last_line(pieces: &mut [Piece]) {
    let extent = |items: &[(Point, Item)]| -> Option<(Abs, Abs)> {
        let mut lo: Option<Abs> = None;
        let mut hi: Option<Abs> = None;
        for (p, it) in items {
            if let Item::Text(r) = it {
                let end = r.glyphs.last().map_or(Abs::ZERO, |g| g.x) + r.size;
                lo = Some(lo.map_or(p.x, |l| l.min(p.x)));
                hi = Some(hi.map_or(p.x + end, |h| h.max(p.x + end)));
            }
        }
        lo.zip(hi)
    };
    let Some(Piece::Fixed { items: last, .. }) = pieces.last() else {
        return;
    };
    let Some((l, h)) = extent(last) else { return };
    let center = (l + h) / 2.0;
    let n = pieces.len();
    for p in &mut pieces[..n - 1] {
        if let Piece::Fixed { items, .. } = p {
            if let Some((a, b)) = extent(items) {
                let dx = center - (a + b) / 2.0;
                for (pt, _) in items.iter_mut() {
                    pt.x += dx;
                }
            }
        }
    }
}

/// Lays out a document into pages: its flowing blocks on pages of its setup,
/// then its cards (if any) four to an A4 sheet (see [`cards`]).
pub fn layout(doc: &Document, fonts: &Fonts) -> Result<Vec<Page>, Error> {
    let ctx = Ctx::new(doc, fonts)?;
    let cards: Vec<&[Block]> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Card(inner) => Some(inner.as_slice()),
            _ => None,
        })
        .collect();
    if cards.is_empty() {
        return flow(&ctx, &doc.blocks);
    }
    let rest: Vec<Block> = doc
        .blocks
        .iter()
        .filter(|b| !matches!(b, Block::Card(_)))
        .cloned()
        .collect();
    let mut pages = if rest.is_empty() {
        Vec::new()
    } else {
        flow(&ctx, &rest)?
    };
    pages.extend(cards::sheets(&ctx, &cards)?);
    Ok(pages)
}

/// Blocks flowing from page to page, with the letterhead, pagination and the
/// page furniture.
fn flow(ctx: &Ctx<'_>, blocks: &[Block]) -> Result<Vec<Page>, Error> {
    let mut b = Builder {
        ctx,
        pieces: Vec::new(),
    };
    let frame = Frame {
        x: Abs::ZERO,
        width: ctx.width,
        align: None,
        right_inset: Abs::ZERO,
        in_list: false,
    };
    match (ctx.setup.letterhead.as_deref(), ctx.setup.doc_no.as_deref()) {
        (Some(name), _) if ctx.gbt => b.pieces.extend(super::letterhead::letterhead(ctx, name)?),
        // Without a letterhead the 发文字号 heads the page, centred.
        (_, Some(d)) if !d.is_empty() => {
            let line = Block::Paragraph(vec![Inline::Text(d.to_string(), InlineStyle::default())]);
            b.block(&Block::Aligned(Align::Center, vec![line]), frame, None)?;
        }
        _ => {}
    }
    let mut spans = Vec::with_capacity(blocks.len());
    for block in blocks {
        let first = b.pieces.len();
        b.block(block, frame, None)?;
        let heading = matches!(block, Block::Heading(..));
        spans.push(Span::of(&b.pieces, first..b.pieces.len(), heading));
    }
    let mut pieces = b.pieces;
    keep_closing_groups(ctx, &mut pieces, &spans);
    let (mut pages, foot_pages) = paginate(ctx, &pieces);
    decorate(ctx, &mut pages, &foot_pages)?;
    Ok(pages)
}

mod cards;
#[cfg(test)]
mod tests;
