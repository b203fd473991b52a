//! Pieces → pages: pagination top to bottom (strips chained by `keep_with_next`
//! kept on one page, so a heading stays with what follows it and a closing group
//! stays whole; a table splitting itself across pages; the 版记 at the foot), then
//! the page furniture (header, footer, page numbers, the draft watermark), added
//! when the page count is known.

use super::context::{single_line, Ctx};
use super::length::{Abs, Point};
use super::page::{line_items, Item, Page, Paint, EM_BOX_TOP};
use super::table;
use super::Error;
use crate::doc::LetterheadFormat;

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
        /// Height of the closing group after the table, which takes the last
        /// row with it to the next page rather than start a page alone.
        tail: Abs,
    },
    /// Start a new page.
    PageBreak,
}

/// Height a piece needs at the top of what remains (what a table must place
/// there rather than start on the next page), on pages `page` tall.
pub(super) fn lead_height(p: &Piece, page: Abs) -> Abs {
    match p {
        Piece::Fixed {
            height,
            space_before,
            ..
        } => *height + *space_before,
        Piece::Table {
            table,
            space_before,
            tail,
            ..
        } => table.lead_height(page, *tail) + *space_before,
        Piece::Foot { height, .. } => *height,
        Piece::PageBreak => Abs::ZERO,
    }
}

/// The most lines a closing group (see [`keep_closing_groups`]) may have.
pub(super) const CLOSING_LINES: usize = 6;

/// The most lines of a text block that a closing group after it takes along
/// whole, rather than its last line alone.
pub(super) const SHORT_BLOCK: usize = 3;

/// What a top-level block became, for [`keep_closing_groups`].
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Span {
    /// Text (paragraphs, lists, aligned and seal blocks …): its pieces.
    Text(std::ops::Range<usize>),
    /// A table: the index of its [`Piece::Table`] (the last, if the block
    /// holds several).
    Table(usize),
    /// A heading, a page break, a 版记: ends a run of text.
    Other,
}

impl Span {
    /// What the pieces `range`, made of one top-level block, are.
    pub(super) fn of(pieces: &[Piece], range: std::ops::Range<usize>, heading: bool) -> Span {
        let slice = &pieces[range.clone()];
        if let Some(k) = slice.iter().rposition(|p| matches!(p, Piece::Table { .. })) {
            return Span::Table(range.start + k);
        }
        let boundary = slice
            .iter()
            .any(|p| matches!(p, Piece::PageBreak | Piece::Foot { .. }));
        if heading || boundary {
            Span::Other
        } else {
            Span::Text(range)
        }
    }
}

/// Lines of text in `pieces` (strips with some text; blank space is no line).
fn text_lines(pieces: &[Piece]) -> usize {
    pieces
        .iter()
        .filter(|p| match p {
            Piece::Fixed { items, .. } => items.iter().any(|(_, it)| matches!(it, Item::Text(_))),
            _ => false,
        })
        .count()
}

/// Keeps each closing group together with what comes before it.
///
/// A run of text blocks ends at a table, a heading, a page break, a 版记 or the
/// end of the document. Its closing group is the longest tail of whole blocks with
/// at most [`CLOSING_LINES`] lines (signatures, 盖章, a date, a short 说明): its
/// strips are chained, so it never breaks across pages, and it takes with it the
/// last line of the text block before it (all of a block of up to
/// [`SHORT_BLOCK`] lines) or, when it follows a table directly,
/// the table's last row (the table is told the group's height, `tail`). A
/// heading before it keeps with it anyway.
pub(super) fn keep_closing_groups(ctx: &Ctx<'_>, pieces: &mut [Piece], spans: &[Span]) {
    let mut i = 0;
    while i < spans.len() {
        if !matches!(spans[i], Span::Text(_)) {
            i += 1;
            continue;
        }
        let end = spans[i..]
            .iter()
            .position(|s| !matches!(s, Span::Text(_)))
            .map_or(spans.len(), |k| i + k);
        let range = |s: &Span| match s {
            Span::Text(r) => r.clone(),
            _ => 0..0,
        };
        // The group: blocks g..end.
        let mut g = end;
        let mut lines = 0;
        while g > i {
            let n = text_lines(&pieces[range(&spans[g - 1])]);
            if lines + n > CLOSING_LINES {
                break;
            }
            lines += n;
            g -= 1;
        }
        if g < end {
            let first = range(&spans[g]).start;
            let last = range(&spans[end - 1]).end;
            if last > first {
                for p in &mut pieces[first..last - 1] {
                    if let Piece::Fixed { keep_with_next, .. } = p {
                        *keep_with_next = true;
                    }
                }
                // The block the group takes whole: its own first block, or a
                // short block before it (a 说明 of up to SHORT_BLOCK lines is not
                // split to leave its last line with the group).
                let mut whole_from = g;
                if g > i {
                    let before = range(&spans[g - 1]);
                    let short = text_lines(&pieces[before.clone()]) <= SHORT_BLOCK;
                    if short {
                        whole_from = g - 1;
                    }
                    // The last line of the text before goes with the group; all of
                    // it when it is short.
                    for p in pieces[before].iter_mut().rev() {
                        if let Piece::Fixed { keep_with_next, .. } = p {
                            *keep_with_next = true;
                            if !short {
                                break;
                            }
                        }
                    }
                }
                if whole_from == i {
                    if let Some(Span::Table(t)) = i.checked_sub(1).map(|k| &spans[k]) {
                        // The table's last row goes with all of it: everything from
                        // the table to the group's end (the space under the table
                        // too); on the GB/T 9704 grid up to a line more, where the
                        // text after the table snaps back onto the grid.
                        let slack = if ctx.gbt { ctx.pitch } else { Abs::ZERO };
                        let height: Abs = pieces[t + 1..last]
                            .iter()
                            .map(|p| lead_height(p, ctx.height))
                            .sum();
                        if let Piece::Table { tail, .. } = &mut pieces[*t] {
                            *tail = height + slack;
                        }
                        keep_box_with_what_precedes(pieces, spans, i - 1, height + slack, ctx);
                    }
                }
            }
        }
        i = end;
    }
}

/// The most body rows of a table that goes whole with the closing group after
/// it (a 检查意见 box), see [`keep_box_with_what_precedes`].
pub(super) const BOX_ROWS: usize = 3;

/// When the table of `spans[at]` is a small box (at most [`BOX_ROWS`] rows, such
/// as a form's 检查意见、整改要求及期限) whose last row a closing group of
/// height `group` keeps, the box and the group go together with what comes
/// before the box: the last row of a table right before it, or the last line of
/// the text before it. So a form never ends with a page holding only the box and
/// the signatures.
fn keep_box_with_what_precedes(
    pieces: &mut [Piece],
    spans: &[Span],
    at: usize,
    group: Abs,
    ctx: &Ctx<'_>,
) {
    let Some(Span::Table(b)) = spans.get(at) else {
        return;
    };
    let b = *b;
    let box_height = match &pieces[b] {
        Piece::Table {
            table,
            space_before,
            ..
        } if table.row_count() <= BOX_ROWS => table.full_height() + *space_before,
        _ => return,
    };
    // The text blocks right before the box, spans[run..at].
    let run = spans[..at]
        .iter()
        .rposition(|s| !matches!(s, Span::Text(_)))
        .map_or(0, |k| k + 1);
    if let Some(Span::Text(r)) = at.checked_sub(1).map(|k| &spans[k]) {
        // Its last line goes with the box.
        if let Some(Piece::Fixed { keep_with_next, .. }) = pieces[r.clone()]
            .iter_mut()
            .rev()
            .find(|p| matches!(p, Piece::Fixed { .. }))
        {
            *keep_with_next = true;
        }
    }
    let lines: usize = spans[run..at]
        .iter()
        .map(|s| match s {
            Span::Text(r) => text_lines(&pieces[r.clone()]),
            _ => 0,
        })
        .sum();
    // A table right before, or before text short enough to be kept whole as its
    // closing group (a 说明): its last row goes with all of it.
    if lines <= CLOSING_LINES {
        if let Some(Span::Table(t)) = run.checked_sub(1).map(|k| &spans[k]) {
            let t = *t;
            let between: Abs = pieces[t + 1..b]
                .iter()
                .map(|p| lead_height(p, ctx.height))
                .sum();
            if let Piece::Table { tail, .. } = &mut pieces[t] {
                *tail = between + box_height + group;
            }
        }
    }
}

/// Pages, and the indexes of those that carry a [`Piece::Foot`].
pub(super) fn paginate(ctx: &Ctx<'_>, pieces: &[Piece]) -> (Vec<Page>, Vec<usize>) {
    let mut pager = Pager {
        ctx,
        pages: Vec::new(),
        feet: Vec::new(),
        items: Vec::new(),
        y: Abs::ZERO,
    };
    for (i, piece) in pieces.iter().enumerate() {
        let rest = &pieces[i + 1..];
        match piece {
            Piece::PageBreak => {
                if pager.y > Abs::ZERO || !pager.items.is_empty() {
                    pager.new_page();
                }
            }
            Piece::Fixed {
                height,
                space_before,
                items,
                keep_with_next,
            } => pager.fixed(*height, *space_before, items, *keep_with_next, rest),
            Piece::Foot { height, items } => pager.foot(*height, items),
            Piece::Table {
                table,
                x,
                space_before,
                tail,
            } => pager.table(table, *x, *space_before, *tail),
        }
    }
    pager.finish()
}

/// The page being filled and those done.
struct Pager<'c, 'a> {
    ctx: &'c Ctx<'a>,
    pages: Vec<Page>,
    /// Indexes of the pages that carry a [`Piece::Foot`].
    feet: Vec<usize>,
    /// Items of the current page.
    items: Vec<(Point, Item)>,
    /// Height used on the current page, from the text block's top.
    y: Abs,
}

impl Pager<'_, '_> {
    /// Closes the current page and starts the next.
    fn new_page(&mut self) {
        self.pages.push(Page {
            size: self.ctx.page,
            items: std::mem::take(&mut self.items),
        });
        self.y = Abs::ZERO;
    }

    /// Places `src` (relative to the text block's left) with its top at `top`.
    fn place(&mut self, src: &[(Point, Item)], top: Abs) {
        let (ox, oy) = (self.ctx.left, self.ctx.top + top);
        self.items
            .extend(src.iter().map(|(p, it)| (p.offset(ox, oy), it.clone())));
    }

    /// An unbreakable strip; one kept with what follows (`rest`) goes to a new page
    /// when the chain does not fit what is left of this one.
    fn fixed(
        &mut self,
        height: Abs,
        space_before: Abs,
        src: &[(Point, Item)],
        keep_with_next: bool,
        rest: &[Piece],
    ) {
        let ctx = self.ctx;
        if src.is_empty() && self.y == Abs::ZERO && !keep_with_next {
            // Blank space is not carried to the top of a page.
            return;
        }
        let mut need = height
            + if self.y > Abs::ZERO {
                space_before
            } else {
                Abs::ZERO
            };
        if keep_with_next {
            // Keep this strip with the strips chained to it and the first
            // strip of what follows (no orphan heading at a page bottom).
            for next in rest {
                need += lead_height(next, ctx.height);
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
        let left = ctx.height - self.y;
        if self.y > Abs::ZERO && !need.fits(left) && (chain_fits_a_page || !height.fits(left)) {
            self.new_page();
        }
        if self.y > Abs::ZERO {
            self.y += space_before;
        }
        self.place(src, self.y);
        self.y += height;
    }

    /// Content set at the foot of the text block (the 版记).
    fn foot(&mut self, height: Abs, src: &[(Point, Item)]) {
        let ctx = self.ctx;
        if self.y > Abs::ZERO && !height.fits(ctx.height - self.y) {
            self.new_page();
        }
        // GB/T 9704 §7.5: a page with text besides the 版记 keeps its page
        // number; only a page holding the 版记 alone goes without.
        let alone = self.y == Abs::ZERO && self.items.is_empty();
        let top = (ctx.height - height).max(self.y);
        self.place(src, top);
        self.y = top + height;
        if alone {
            self.feet.push(self.pages.len());
        }
    }

    /// A table split over as many pages as it needs, keeping its last row with
    /// `tail` of room below it.
    fn table(&mut self, table: &table::Prepared, x: Abs, space_before: Abs, tail: Abs) {
        let ctx = self.ctx;
        if self.y > Abs::ZERO {
            self.y += space_before;
        }
        let frags = table.split(ctx.height - self.y, ctx.height, tail);
        for (k, frag) in frags.iter().enumerate() {
            if k > 0 || frag.items.is_empty() {
                if k == 0 || self.y > Abs::ZERO {
                    self.new_page();
                }
                if frag.items.is_empty() {
                    continue;
                }
            }
            let shifted: Vec<(Point, Item)> = frag
                .items
                .iter()
                .map(|(p, it)| (p.offset(x, Abs::ZERO), it.clone()))
                .collect();
            self.place(&shifted, self.y);
            self.y += frag.height;
        }
        if ctx.gbt && self.y > Abs::ZERO {
            // Back onto the line grid for the text after the table.
            self.y = ctx.pitch * (self.y / ctx.pitch - 0.01).ceil();
        }
    }

    /// The pages, the last one included if it has anything (or is the only one).
    fn finish(mut self) -> (Vec<Page>, Vec<usize>) {
        if !self.items.is_empty() || self.pages.is_empty() {
            self.new_page();
        }
        (self.pages, self.feet)
    }
}

/// Adds the watermark, header, footer and page numbers. GB/T 9704: no number on
/// the page with the 版记, nor on page 1 of a 信函格式 letter.
pub(super) fn decorate(
    ctx: &Ctx<'_>,
    pages: &mut [Page],
    foot_pages: &[usize],
) -> Result<(), Error> {
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
