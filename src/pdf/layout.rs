//! Blocks → pages: places lines, lists, quotes, tables and decorations.
//!
//! Layout happens in two steps. First every block becomes [`Piece`]s: a line of text
//! or another unbreakable strip with its height, or a table that splits itself
//! across pages (see `table`). Then the pieces are paginated top to bottom, keeping
//! a heading with what follows it. Page furniture (header, footer, page numbers,
//! the draft watermark) is added last, when the page count is known.

use super::fonts::{FaceId, Fonts};
use super::length::{Abs, Point, Size};
use super::table;
use super::text::{self, Line, Measure, TextStyle};
use super::Error;
use crate::doc::{Align, Block, Document, Inline, InlineStyle, LetterheadFormat, PageSetup, Style};

/// A finished page: its size and items at fixed positions (origin top left, y down).
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// Page size.
    pub size: Size,
    /// Items with their positions; a text run is positioned at its baseline start.
    pub items: Vec<(Point, Item)>,
}

impl Page {
    /// An empty page of the given size (for blank pages in a combined print file).
    pub fn blank(size: Size) -> Page {
        Page {
            size,
            items: Vec::new(),
        }
    }
}

/// The colour of text, a line or a rectangle.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Paint {
    /// Grey level: 0 black, 1 white.
    Gray(f32),
    /// Red, green, blue, each 0–1 (the red of a GB/T 9704 letterhead).
    Rgb(f32, f32, f32),
}

impl Paint {
    /// Black.
    pub const BLACK: Paint = Paint::Gray(0.0);
    /// The red of letterheads (发文机关标志 and its rules).
    pub const RED: Paint = Paint::Rgb(0.85, 0.0, 0.0);
}

/// Something drawn on a page.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A run of glyphs in one face and size.
    Text(TextRun),
    /// A straight line from the item's position to position + `delta`.
    Line {
        /// End point relative to the start.
        delta: Point,
        /// Stroke width.
        width: Abs,
        /// Stroke colour.
        paint: Paint,
    },
    /// A filled rectangle, its top left corner at the item's position.
    Rect {
        /// Width and height.
        size: Size,
        /// Fill colour.
        paint: Paint,
    },
}

/// Glyphs of one face at one size, each at its own offset from the run's origin.
#[derive(Debug, Clone, PartialEq)]
pub struct TextRun {
    /// Face of every glyph.
    pub face: FaceId,
    /// Font size.
    pub size: Abs,
    /// The glyphs.
    pub glyphs: Vec<RunGlyph>,
    /// Fake bold by stroking the outlines (the family has no bold face).
    pub fake_bold: bool,
    /// Fill colour.
    pub paint: Paint,
    /// Rotation in degrees, counter-clockwise, around the origin.
    pub angle: f32,
}

impl TextRun {
    /// The run's text.
    pub fn text(&self) -> String {
        self.glyphs.iter().map(|g| g.ch).collect()
    }
}

/// One glyph of a [`TextRun`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RunGlyph {
    /// The character, for text extraction.
    pub ch: char,
    /// Glyph id in the run's face.
    pub gid: u16,
    /// Offset from the run's origin along the baseline.
    pub x: Abs,
}

/// User font families for GB/T 9704 titles (小标宋), tried in order.
pub(crate) const XIAOBIAOSONG: &[&str] = &[
    "方正小标宋简体",
    "方正小标宋_GBK",
    "FZXiaoBiaoSong-B05S",
    "FZXiaoBiaoSong-B05",
    "小标宋",
];

/// User font families for GB/T 9704 headings (黑体), tried in order; else `sans`.
const HEITI: &[&str] = &[
    "黑体",
    "SimHei",
    "方正黑体_GBK",
    "方正黑体简体",
    "FZHei-B01S",
];

/// Where the ideographic em box's top sits above the baseline, in em.
pub(crate) const EM_BOX_TOP: f32 = 0.88;

/// Everything fixed for one document: page geometry and text styles.
pub(crate) struct Ctx<'a> {
    pub fonts: &'a Fonts,
    pub setup: &'a PageSetup,
    pub page: Size,
    /// Text block: left, top, width, height.
    pub left: Abs,
    pub top: Abs,
    pub width: Abs,
    pub height: Abs,
    /// Body text style.
    pub body: TextStyle,
    /// Body line pitch.
    pub pitch: Abs,
    /// One body character (indent unit).
    pub em: Abs,
    /// GB/T 9704 mode.
    pub gbt: bool,
    family: String,
}

impl<'a> Ctx<'a> {
    fn new(doc: &'a Document, fonts: &'a Fonts) -> Result<Ctx<'a>, Error> {
        let setup = &doc.setup;
        let gbt = setup.style == Some(Style::Gbt9704);
        let (pw, ph) = setup.page_size_mm();
        let page = Size::new(Abs::mm(pw), Abs::mm(ph));
        let family = setup.font.clone();
        let body_family = setup.body_font.as_deref().unwrap_or(&family);
        if gbt {
            // GB/T 9704-2012: 版心 156 × 225 mm at 37 mm from the top and 28 mm
            // from the left; 22 lines of 28 三号 characters.
            let size = Abs::pt(16.0);
            let grid = Abs::mm(156.0) / 28.0;
            Ok(Ctx {
                fonts,
                setup,
                page: Size::new(Abs::mm(210.0), Abs::mm(297.0)),
                left: Abs::mm(28.0),
                top: Abs::mm(37.0),
                width: Abs::mm(156.0),
                height: Abs::mm(225.0),
                body: style(fonts, body_family, size, Some(grid))?,
                pitch: Abs::mm(225.0) / 22.0,
                em: grid,
                gbt,
                family,
            })
        } else {
            let m = setup.margins;
            let size = Abs::pt(setup.size.0);
            Ok(Ctx {
                fonts,
                setup,
                page,
                left: Abs::mm(m.left),
                top: Abs::mm(m.top),
                width: page.w - Abs::mm(m.left + m.right),
                height: page.h - Abs::mm(m.top + m.bottom),
                body: style(fonts, &family, size, None)?,
                pitch: size * setup.line_height,
                em: size,
                gbt,
                family,
            })
        }
    }

    /// A text style in the document's family (or `family`) at `size`.
    pub fn style(&self, family: Option<&str>, size: Abs) -> Result<TextStyle, Error> {
        style(self.fonts, family.unwrap_or(&self.family), size, None)
    }
}

fn style(fonts: &Fonts, family: &str, size: Abs, grid: Option<Abs>) -> Result<TextStyle, Error> {
    Ok(TextStyle {
        regular: fonts.chain(family, false)?,
        bold: fonts.chain(family, true)?,
        size,
        grid,
        all_bold: false,
    })
}

/// A strip of content for pagination.
pub(crate) enum Piece {
    /// Unbreakable content of a fixed height; item positions relative to the
    /// strip's top and the text block's left edge.
    Fixed {
        height: Abs,
        space_before: Abs,
        items: Vec<(Point, Item)>,
        keep_with_next: bool,
    },
    /// Content set at the foot of the text block (the GB/T 9704 版记), on the
    /// current page if it fits below what is there, else on a new page.
    Foot {
        height: Abs,
        items: Vec<(Point, Item)>,
    },
    /// A table that paginates itself.
    Table {
        table: Box<table::Prepared>,
        x: Abs,
        space_before: Abs,
    },
    /// Start a new page.
    PageBreak,
}

/// Converts a laid-out line into text runs at baseline `y`, shifted by `dx`.
pub(crate) fn line_items(line: &Line, dx: Abs, y: Abs, size: Abs, out: &mut Vec<(Point, Item)>) {
    let mut run: Option<(Point, TextRun)> = None;
    for g in &line.glyphs {
        if g.ch == ' ' {
            continue;
        }
        let same = run
            .as_ref()
            .is_some_and(|(_, r)| r.face == g.face && r.fake_bold == g.fake_bold);
        if !same {
            if let Some((p, r)) = run.take() {
                out.push((p, Item::Text(r)));
            }
            run = Some((
                Point::new(dx + g.x, y),
                TextRun {
                    face: g.face,
                    size,
                    glyphs: Vec::new(),
                    fake_bold: g.fake_bold,
                    paint: Paint::BLACK,
                    angle: 0.0,
                },
            ));
        }
        if let Some((p, r)) = run.as_mut() {
            r.glyphs.push(RunGlyph {
                ch: g.ch,
                gid: g.gid,
                x: dx + g.x - p.x,
            });
        }
    }
    if let Some((p, r)) = run {
        out.push((p, Item::Text(r)));
    }
}

/// Baseline offset from the top of a line box of height `pitch` for text of `size`:
/// the em box is centred in the line box.
pub(crate) fn baseline(pitch: Abs, size: Abs) -> Abs {
    (pitch - size) / 2.0 + size * EM_BOX_TOP
}

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
        let ctx = self.ctx;
        let setup = ctx.setup;
        match block {
            Block::Heading(level, inl) => {
                let (st, align, indent, before, after_lines) = if *level <= 1 {
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
                };
                let pitch = if ctx.gbt { ctx.pitch } else { st.size * 1.5 };
                let m = Measure {
                    width: f.width,
                    first_indent: indent,
                    justify: false,
                };
                let lines = text::break_lines(inl, ctx.fonts, &st, m)?;
                let size = st.size;
                self.lines(&lines, f, align, size, pitch, before, true, bar);
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
            }
            Block::Paragraph(inl) => self.paragraph(inl, f, bar)?,
            Block::List { start, items } => {
                let hang = ctx.em * 2.0;
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
            }
            Block::Quote(blocks) => {
                let inner = Frame {
                    x: f.x + ctx.em * 2.0,
                    width: f.width - ctx.em * 2.0,
                    ..f
                };
                self.blocks(blocks, inner, Some(f.x + ctx.em * 0.8))?;
            }
            Block::Rule => {
                // Half a line, or a whole one to stay on the GB/T 9704 line grid.
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
            Block::Table(t) => {
                let prepared = table::prepare(t, ctx, f.width)?;
                let gap = if ctx.gbt { Abs::ZERO } else { ctx.em * 0.5 };
                self.pieces.push(Piece::Table {
                    table: Box::new(prepared),
                    x: f.x,
                    space_before: gap,
                });
                // Breathing space under the table (dropped at a page top).
                self.pieces.push(Piece::Fixed {
                    height: gap,
                    space_before: Abs::ZERO,
                    items: Vec::new(),
                    keep_with_next: false,
                });
            }
            Block::Aligned(align, blocks) => {
                let inset = if ctx.gbt && *align == Align::Right {
                    ctx.em * 2.0
                } else {
                    Abs::ZERO
                };
                let inner = Frame {
                    align: Some(*align),
                    right_inset: f.right_inset.max(inset),
                    ..f
                };
                self.blocks(blocks, inner, bar)?;
            }
            Block::Seal(blocks) => {
                // Room for a 40 mm seal pressed over the issuer and date: blank lines
                // above the content make the whole block about 40 mm tall, and the
                // block is kept on one page.
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
            }
            Block::Imprint(blocks) => {
                // 版记, set at the foot of the last page: the lines flush left with
                // one character's margin; in 文件格式 between thick rules (0.35 mm).
                let first = self.pieces.len();
                let ruled =
                    setup.letterhead.is_none() || setup.letterhead_format == LetterheadFormat::File;
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
                let total: Abs = self.pieces[first..].iter().map(lead_height).sum();
                if !total.fits(ctx.height) {
                    return Ok(());
                }
                let mut items = Vec::new();
                let mut height = Abs::ZERO;
                for p in self.pieces.drain(first..) {
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
                self.pieces.push(Piece::Foot { height, items });
            }
            Block::PageBreak => self.pieces.push(Piece::PageBreak),
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

/// Lays out a document into pages.
pub fn layout(doc: &Document, fonts: &Fonts) -> Result<Vec<Page>, Error> {
    let ctx = Ctx::new(doc, fonts)?;
    let mut b = Builder {
        ctx: &ctx,
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
        (Some(name), _) if ctx.gbt => b.pieces.extend(super::letterhead::letterhead(&ctx, name)?),
        // Without a letterhead the 发文字号 heads the page, centred.
        (_, Some(d)) if !d.is_empty() => {
            let line = Block::Paragraph(vec![Inline::Text(d.to_string(), InlineStyle::default())]);
            b.block(&Block::Aligned(Align::Center, vec![line]), frame, None)?;
        }
        _ => {}
    }
    b.blocks(&doc.blocks, frame, None)?;
    let pieces = b.pieces;
    let (mut pages, foot_pages) = paginate(&ctx, &pieces);
    decorate(&ctx, &mut pages, &foot_pages)?;
    Ok(pages)
}

/// Height a piece needs at the top of what remains (first strip of a table).
fn lead_height(p: &Piece) -> Abs {
    match p {
        Piece::Fixed {
            height,
            space_before,
            ..
        } => *height + *space_before,
        Piece::Table {
            table,
            space_before,
            ..
        } => table.lead_height() + *space_before,
        Piece::Foot { height, .. } => *height,
        Piece::PageBreak => Abs::ZERO,
    }
}

/// The height of a short block of text right after a table (at most three
/// lines, ending the document or followed by a table, a page break or a 版记),
/// which should not start a page alone; zero for anything longer.
fn short_tail(ctx: &Ctx<'_>, after: &[Piece]) -> Abs {
    let mut height = Abs::ZERO;
    let mut lines = 0;
    for p in after {
        match p {
            Piece::Fixed {
                height: h,
                space_before,
                items,
                ..
            } => {
                if items.is_empty() && lines == 0 {
                    continue; // the gap under the table
                }
                lines += 1;
                if lines > 3 {
                    return Abs::ZERO;
                }
                height += *h + *space_before;
            }
            _ => break,
        }
    }
    if height.fits(ctx.pitch * 3.5) {
        height
    } else {
        Abs::ZERO
    }
}

/// Pages, and the indexes of those that carry a [`Piece::Foot`].
fn paginate(ctx: &Ctx<'_>, pieces: &[Piece]) -> (Vec<Page>, Vec<usize>) {
    let mut pages = Vec::new();
    let mut feet = Vec::new();
    let mut items: Vec<(Point, Item)> = Vec::new();
    let mut y = Abs::ZERO;
    let origin = Point::new(ctx.left, ctx.top);
    let new_page = |pages: &mut Vec<Page>, items: &mut Vec<(Point, Item)>, y: &mut Abs| {
        pages.push(Page {
            size: ctx.page,
            items: std::mem::take(items),
        });
        *y = Abs::ZERO;
    };
    let place = |items: &mut Vec<(Point, Item)>, src: &[(Point, Item)], top: Abs| {
        items.extend(
            src.iter()
                .map(|(p, it)| (p.offset(origin.x, origin.y + top), it.clone())),
        );
    };
    for (i, piece) in pieces.iter().enumerate() {
        match piece {
            Piece::PageBreak => {
                if y > Abs::ZERO || !items.is_empty() {
                    new_page(&mut pages, &mut items, &mut y);
                }
            }
            Piece::Fixed {
                height,
                space_before,
                items: src,
                keep_with_next,
            } => {
                if src.is_empty() && y == Abs::ZERO && !*keep_with_next {
                    // Blank space is not carried to the top of a page.
                    continue;
                }
                let mut need = *height
                    + if y > Abs::ZERO {
                        *space_before
                    } else {
                        Abs::ZERO
                    };
                if *keep_with_next {
                    // Keep this strip with the strips chained to it and the first
                    // strip of what follows (no orphan heading at a page bottom).
                    for next in &pieces[i + 1..] {
                        need += lead_height(next);
                        if !matches!(
                            next,
                            Piece::Fixed {
                                keep_with_next: true,
                                ..
                            }
                        ) {
                            break;
                        }
                    }
                }
                let chain_fits_a_page = need.fits(ctx.height);
                if y > Abs::ZERO
                    && !need.fits(ctx.height - y)
                    && (chain_fits_a_page || !(*height).fits(ctx.height - y))
                {
                    new_page(&mut pages, &mut items, &mut y);
                }
                if y > Abs::ZERO {
                    y += *space_before;
                }
                place(&mut items, src, y);
                y += *height;
            }
            Piece::Foot { height, items: src } => {
                if y > Abs::ZERO && !(*height).fits(ctx.height - y) {
                    new_page(&mut pages, &mut items, &mut y);
                }
                let top = (ctx.height - *height).max(y);
                place(&mut items, src, top);
                y = top + *height;
                feet.push(pages.len());
            }
            Piece::Table {
                table,
                x,
                space_before,
            } => {
                if y > Abs::ZERO {
                    y += *space_before;
                }
                let frags = table.split(
                    ctx.height - y,
                    ctx.height,
                    short_tail(ctx, &pieces[i + 1..]),
                );
                for (k, frag) in frags.iter().enumerate() {
                    if k > 0 || frag.items.is_empty() {
                        if k == 0 || y > Abs::ZERO {
                            new_page(&mut pages, &mut items, &mut y);
                        }
                        if frag.items.is_empty() {
                            continue;
                        }
                    }
                    let shifted: Vec<(Point, Item)> = frag
                        .items
                        .iter()
                        .map(|(p, it)| (p.offset(*x, Abs::ZERO), it.clone()))
                        .collect();
                    place(&mut items, &shifted, y);
                    y += frag.height;
                }
                if ctx.gbt && y > Abs::ZERO {
                    // Back onto the line grid for the text after the table.
                    y = ctx.pitch * (y / ctx.pitch - 0.01).ceil();
                }
            }
        }
    }
    if !items.is_empty() || pages.is_empty() {
        pages.push(Page {
            size: ctx.page,
            items,
        });
    }
    (pages, feet)
}

/// Lays out one line of furniture text, unwrapped.
pub(crate) fn single_line(ctx: &Ctx<'_>, text: &str, size: Abs) -> Result<Line, Error> {
    one_line(ctx, &ctx.style(None, size)?, text)
}

/// `text` on one unbroken line in style `st`.
pub(crate) fn one_line(ctx: &Ctx<'_>, st: &TextStyle, text: &str) -> Result<Line, Error> {
    let inl = [Inline::Text(text.to_string(), InlineStyle::default())];
    let m = Measure {
        width: Abs::pt(1e6),
        first_indent: Abs::ZERO,
        justify: false,
    };
    let lines = text::break_lines(&inl, ctx.fonts, st, m)?;
    Ok(lines.into_iter().next().unwrap_or(Line {
        glyphs: Vec::new(),
        width: Abs::ZERO,
    }))
}

/// Adds header, footer, page numbers and the draft watermark.
/// Adds the watermark, header, footer and page numbers. GB/T 9704: no number on
/// the page with the 版记, nor on page 1 of a 信函格式 letter.
fn decorate(ctx: &Ctx<'_>, pages: &mut [Page], foot_pages: &[usize]) -> Result<(), Error> {
    let setup = ctx.setup;
    let total = pages.len();
    let small = Abs::pt(9.0);
    let bottom = ctx.top + ctx.height;
    let center = |w: Abs| ctx.left + (ctx.width - w) / 2.0;
    let watermark = if setup.draft {
        let size = Abs::pt(120.0);
        let line = single_line(ctx, "草稿", size)?;
        Some((line, size))
    } else {
        None
    };
    for (k, page) in pages.iter_mut().enumerate() {
        let n = k + 1;
        let mut extra = Vec::new();
        if let Some((line, size)) = &watermark {
            let mut runs = Vec::new();
            line_items(line, Abs::ZERO, Abs::ZERO, *size, &mut runs);
            let angle: f32 = 45.0;
            let (s, c) = angle.to_radians().sin_cos();
            // Centre the rotated em box on the page (y grows downwards here).
            let half_w = line.width / 2.0;
            let mid = *size * (EM_BOX_TOP - 0.5);
            let cx = page.size.w / 2.0;
            let cy = page.size.h / 2.0;
            let ox = cx - half_w * c + mid * s;
            let oy = cy + half_w * s + mid * c;
            for (p, it) in runs {
                if let Item::Text(mut r) = it {
                    r.paint = Paint::Gray(0.85);
                    r.angle = angle;
                    let (dx, dy) = (p.x * c, -(p.x * s));
                    extra.push((Point::new(ox + dx, oy + dy), Item::Text(r)));
                }
            }
        }
        if let Some(h) = setup.header.as_deref().filter(|h| !h.is_empty()) {
            let line = single_line(ctx, h, small)?;
            line_items(&line, center(line.width), ctx.top * 0.55, small, &mut extra);
        }
        let unnumbered = foot_pages.contains(&k)
            || (k == 0
                && setup.letterhead.is_some()
                && setup.letterhead_format == LetterheadFormat::Letter);
        if ctx.gbt && !unnumbered {
            let size = Abs::pt(14.0);
            let label = format!("— {n} —");
            let line = single_line(ctx, &label, size)?;
            let y = bottom + Abs::mm(7.0) + size * EM_BOX_TOP;
            let x = if n % 2 == 1 {
                ctx.left + ctx.width - size - line.width
            } else {
                ctx.left + size
            };
            line_items(&line, x, y, size, &mut extra);
        } else if !ctx.gbt {
            let margin = ctx.page.h - bottom;
            let mut y = bottom + margin * 0.55;
            if let Some(fmt) = setup.page_number.as_deref().filter(|f| !f.is_empty()) {
                let label = fmt
                    .replace("{page}", &n.to_string())
                    .replace("{pages}", &total.to_string());
                let line = single_line(ctx, &label, small)?;
                line_items(&line, center(line.width), y, small, &mut extra);
                y -= small * 1.6;
            }
            if let Some(f) = setup.footer.as_deref().filter(|f| !f.is_empty()) {
                let line = single_line(ctx, f, small)?;
                line_items(&line, center(line.width), y, small, &mut extra);
            }
        }
        if setup.draft {
            // The watermark goes under the text and rules but over the filled
            // rectangles (table header shading), which would hide it.
            let (mut all, rest): (Vec<_>, Vec<_>) = std::mem::take(&mut page.items)
                .into_iter()
                .partition(|(_, it)| matches!(it, Item::Rect { .. }));
            all.append(&mut extra);
            all.extend(rest);
            page.items = all;
        } else {
            page.items.extend(extra);
        }
    }
    Ok(())
}

/// A stable text dump of pages, for snapshot tests: one line per item, positions in
/// points with one decimal.
pub fn dump(pages: &[Page]) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let f = |a: Abs| format!("{:.1}", a.to_pt());
    for (k, page) in pages.iter().enumerate() {
        let _ = writeln!(s, "page {} {}x{}", k + 1, f(page.size.w), f(page.size.h));
        for (p, item) in &page.items {
            match item {
                Item::Text(r) => {
                    let end = r.glyphs.last().map_or(Abs::ZERO, |g| g.x);
                    let _ = writeln!(
                        s,
                        "  text {},{} face{} {}pt{}{} last@{} {:?}",
                        f(p.x),
                        f(p.y),
                        r.face.0,
                        f(r.size),
                        if r.fake_bold { " fakebold" } else { "" },
                        if r.angle != 0.0 {
                            format!(" rot{}", r.angle)
                        } else {
                            String::new()
                        },
                        f(end),
                        r.text()
                    );
                }
                Item::Line { delta, width, .. } => {
                    let _ = writeln!(
                        s,
                        "  line {},{} -> {},{} w{}",
                        f(p.x),
                        f(p.y),
                        f(p.x + delta.x),
                        f(p.y + delta.y),
                        f(*width)
                    );
                }
                Item::Rect { size, paint } => {
                    let _ = writeln!(
                        s,
                        "  rect {},{} {}x{} {:?}",
                        f(p.x),
                        f(p.y),
                        f(size.w),
                        f(size.h),
                        paint
                    );
                }
            }
        }
    }
    s
}

#[cfg(test)]
mod tests;
