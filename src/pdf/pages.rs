//! Pieces → pages: pagination top to bottom (a heading kept with what follows it,
//! a table splitting itself across pages, a short tail kept with the table's last
//! row, the 版记 at the foot), then the page furniture (header, footer, page
//! numbers, the draft watermark), added when the page count is known.

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
    },
    /// Start a new page.
    PageBreak,
}

/// Height a piece needs at the top of what remains (first strip of a table).
pub(super) fn lead_height(p: &Piece) -> Abs {
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
            } => pager.table(table, *x, *space_before, rest),
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
        let top = (ctx.height - height).max(self.y);
        self.place(src, top);
        self.y = top + height;
        self.feet.push(self.pages.len());
    }

    /// A table split over as many pages as it needs, keeping a short tail in
    /// `rest` with its last row.
    fn table(&mut self, table: &table::Prepared, x: Abs, space_before: Abs, rest: &[Piece]) {
        let ctx = self.ctx;
        if self.y > Abs::ZERO {
            self.y += space_before;
        }
        let frags = table.split(ctx.height - self.y, ctx.height, short_tail(ctx, rest));
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
