//! Cards: each top-level [`Block::Card`] laid out alone in an A6 box (105 ×
//! 148 mm), four to an A4 sheet (two across, two down), with dashed cut lines
//! on the A6 boundaries between them. A card's first heading is its title
//! band (white on dark grey); a card whose content is taller than the box is
//! an error naming it, never an overflow or a second page.
//!
//! Nothing is drawn across a cut line: a card's frame sits [`FRAME`] inside its
//! edges and its content [`PAD`] inside them.

use super::{Builder, Frame};
use crate::doc::{plain_text, Block};
use crate::pdf::context::Ctx;
use crate::pdf::length::{Abs, Point, Size};
use crate::pdf::page::{line_items, Item, Page, Paint};
use crate::pdf::pages::{lead_height, paginate, Piece};
use crate::pdf::text::{self, Measure};
use crate::pdf::Error;

/// Width of an A6 card, in millimetres.
pub(crate) const CARD_W: f32 = 105.0;
/// Height of an A6 card, in millimetres.
pub(crate) const CARD_H: f32 = 148.0;
/// The A4 sheet's spare millimetre (297 − 2 × 148), split above and below.
pub(crate) const SHEET_TOP: f32 = 0.5;
/// Distance of a card's frame from its cut edges, in millimetres: 5, where
/// most printers can still print (their unprintable edge is 3–5 mm), so the frame
/// and the title band on the sheet's outer edges are not clipped.
pub(crate) const FRAME: f32 = 5.0;
/// Distance of a card's content from its cut edges, in millimetres.
pub(crate) const PAD: f32 = 7.0;
/// Cards on one A4 sheet.
pub(crate) const PER_SHEET: usize = 4;

/// The top left corner of slot `k` (0–3) of a sheet: left to right, then down.
pub(crate) fn slot(k: usize) -> Point {
    let col = (k % 2) as f32;
    let row = ((k / 2) % 2) as f32;
    Point::new(Abs::mm(col * CARD_W), Abs::mm(SHEET_TOP + row * CARD_H))
}

/// The cut lines of a sheet: the vertical line between the columns and the
/// horizontal one between the rows (the sheet's own edges are the others), as
/// (start, end) in millimetres.
pub(crate) fn cut_lines() -> [((f32, f32), (f32, f32)); 2] {
    [
        ((CARD_W, 0.0), (CARD_W, 297.0)),
        ((0.0, SHEET_TOP + CARD_H), (210.0, SHEET_TOP + CARD_H)),
    ]
}

/// The cards, [`PER_SHEET`] to a page.
pub(super) fn sheets(ctx: &Ctx<'_>, cards: &[&[Block]]) -> Result<Vec<Page>, Error> {
    let a4 = Size::new(Abs::mm(210.0), Abs::mm(297.0));
    let mut pages = Vec::new();
    for chunk in cards.chunks(PER_SHEET) {
        let mut items = Vec::new();
        for (k, card) in chunk.iter().enumerate() {
            let at = slot(k);
            frame_lines(at, &mut items);
            let inner = at.offset(Abs::mm(PAD), Abs::mm(PAD));
            items.extend(
                layout_card(ctx, card)?
                    .into_iter()
                    .map(|(p, it)| (p.offset(inner.x, inner.y), it)),
            );
        }
        cut_marks(&mut items);
        pages.push(Page { size: a4, items });
    }
    Ok(pages)
}

/// One card's items, relative to its content box's top left.
fn layout_card(ctx: &Ctx<'_>, blocks: &[Block]) -> Result<Vec<(Point, Item)>, Error> {
    let width = Abs::mm(CARD_W - 2.0 * PAD);
    let height = Abs::mm(CARD_H - 2.0 * PAD);
    let cctx = ctx.card(width, height);
    let mut b = Builder {
        ctx: &cctx,
        pieces: Vec::new(),
    };
    let frame = Frame {
        x: Abs::ZERO,
        width,
        align: None,
        right_inset: Abs::ZERO,
        in_list: false,
    };
    let (title, rest) = match blocks.split_first() {
        Some((Block::Heading(_, inl), rest)) => {
            band(&mut b, inl, width)?;
            (plain_text(inl), rest)
        }
        _ => (String::new(), blocks),
    };
    b.blocks(rest, frame, None)?;
    let mut pieces = b.pieces;
    // A list's marker is added after its first line's text: put each line's
    // runs in reading order (rules and fills first), so that text extracted
    // from a card reads "1. 立即…" (a sheet holds four cards side by side,
    // where extraction by position fails).
    for p in &mut pieces {
        if let Piece::Fixed { items, .. } = p {
            items.sort_by(|(a, x), (b, y)| {
                let text = |i: &Item| matches!(i, Item::Text(_));
                text(x)
                    .cmp(&text(y))
                    .then(a.y.to_pt().total_cmp(&b.y.to_pt()))
                    .then(a.x.to_pt().total_cmp(&b.x.to_pt()))
            });
        }
    }
    let (pages, _) = paginate(&cctx, &pieces);
    if pages.len() > 1 {
        let need: Abs = pieces.iter().map(|p| lead_height(p, height)).sum();
        return Err(Error::CardTooLong {
            title: title.replace('\n', " "),
            need_mm: need.to_mm(),
            have_mm: height.to_mm(),
        });
    }
    Ok(pages
        .into_iter()
        .next()
        .map(|p| p.items)
        .unwrap_or_default())
}

/// The title band: the heading's lines, bold and white, centred on a dark
/// strip from frame to frame.
fn band(b: &mut Builder<'_, '_>, inl: &[crate::doc::Inline], width: Abs) -> Result<(), Error> {
    let ctx = b.ctx;
    let mut st = ctx.style(None, Abs::pt(ctx.setup.heading_size.0))?;
    st.all_bold = true;
    let m = Measure {
        width,
        first_indent: Abs::ZERO,
        justify: false,
    };
    let lines = text::break_title(inl, ctx.fonts, &st, m)?;
    let pitch = st.size * 1.4;
    let pad = st.size * 0.35;
    let height = pitch * lines.len() as f32 + pad * 2.0;
    let bleed = Abs::mm(PAD - FRAME);
    let mut items = vec![(
        Point::new(-bleed, Abs::ZERO),
        Item::Rect {
            size: Size::new(width + bleed * 2.0, height),
            paint: Paint::Gray(0.2),
        },
    )];
    for (k, line) in lines.iter().enumerate() {
        let dx = (width - line.width) / 2.0;
        let y = pad + pitch * k as f32 + crate::pdf::page::baseline(pitch, st.size);
        let mut runs = Vec::new();
        line_items(line, dx, y, st.size, &mut runs);
        for (p, it) in runs {
            let it = match it {
                Item::Text(mut r) => {
                    r.paint = Paint::Gray(1.0);
                    Item::Text(r)
                }
                other => other,
            };
            items.push((p, it));
        }
    }
    b.pieces.push(Piece::Fixed {
        height: height + ctx.em * 0.4,
        space_before: Abs::ZERO,
        items,
        keep_with_next: true,
    });
    Ok(())
}

/// A card's frame: a thin rectangle [`FRAME`] inside its cut edges.
fn frame_lines(at: Point, items: &mut Vec<(Point, Item)>) {
    let (w, h) = (Abs::mm(CARD_W - 2.0 * FRAME), Abs::mm(CARD_H - 2.0 * FRAME));
    let o = at.offset(Abs::mm(FRAME), Abs::mm(FRAME));
    let line = |delta: Point| Item::Line {
        delta,
        width: Abs::pt(0.6),
        paint: Paint::Gray(0.3),
    };
    items.push((o, line(Point::new(w, Abs::ZERO))));
    items.push((o, line(Point::new(Abs::ZERO, h))));
    items.push((o.offset(w, Abs::ZERO), line(Point::new(Abs::ZERO, h))));
    items.push((o.offset(Abs::ZERO, h), line(Point::new(w, Abs::ZERO))));
}

/// Dashed grey cut lines on the A6 boundaries inside the sheet (3 mm dashes,
/// 2 mm gaps), drawn on every sheet, even one with fewer than four cards.
fn cut_marks(items: &mut Vec<(Point, Item)>) {
    const DASH: f32 = 3.0;
    const GAP: f32 = 2.0;
    for ((x0, y0), (x1, y1)) in cut_lines() {
        let len = (x1 - x0).abs() + (y1 - y0).abs();
        let (ux, uy) = ((x1 - x0) / len, (y1 - y0) / len);
        let mut s = 0.0;
        while s < len {
            let e = (s + DASH).min(len);
            items.push((
                Point::new(Abs::mm(x0 + ux * s), Abs::mm(y0 + uy * s)),
                Item::Line {
                    delta: Point::new(Abs::mm(ux * (e - s)), Abs::mm(uy * (e - s))),
                    width: Abs::pt(0.4),
                    paint: Paint::Gray(0.45),
                },
            ));
            s += DASH + GAP;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::test_fonts;

    fn sheet_pages(cards: usize) -> Vec<Page> {
        let mut md = String::from("---\nsize: 10\n---\n");
        for k in 1..=cards {
            md.push_str(&format!(
                "<div class=\"card\">\n\n## 卡{k}\n\n1. 停机\n2. 报告\n\n### 值班室 120\n\n</div>\n\n"
            ));
        }
        let doc = crate::doc::parse(&md).unwrap_or_else(|e| panic!("{e}"));
        super::super::layout(&doc, test_fonts()).unwrap_or_else(|e| panic!("{e}"))
    }

    fn mm(a: Abs) -> f32 {
        (a.to_mm() * 10.0).round() / 10.0
    }

    /// The dashed cut lines lie on the A6 boundaries and nowhere else; every
    /// text run sits inside its card's content box.
    #[test]
    fn cut_marks_sit_on_the_a6_boundaries_and_text_inside_the_cards() {
        let pages = sheet_pages(5);
        assert_eq!(pages.len(), 2, "five cards: two sheets");
        for page in &pages {
            assert_eq!((mm(page.size.w), mm(page.size.h)), (210.0, 297.0));
            let dashes: Vec<(Point, Point)> = page
                .items
                .iter()
                .filter_map(|(p, it)| match it {
                    Item::Line { delta, paint, .. } if *paint == Paint::Gray(0.45) => {
                        Some((*p, *delta))
                    }
                    _ => None,
                })
                .collect();
            let vertical = dashes.iter().filter(|(_, d)| d.x == Abs::ZERO).count();
            let horizontal = dashes.iter().filter(|(_, d)| d.y == Abs::ZERO).count();
            // 297 mm in 5 mm steps and 210 mm in 5 mm steps.
            assert_eq!((vertical, horizontal), (60, 42));
            for (p, d) in &dashes {
                if d.x == Abs::ZERO {
                    assert_eq!(mm(p.x), 105.0);
                } else {
                    assert_eq!(mm(p.y), 148.5);
                }
            }
            for (p, it) in &page.items {
                if let Item::Text(r) = it {
                    let end = p.x + r.glyphs.last().map_or(Abs::ZERO, |g| g.x) + r.size;
                    let col = if p.x.to_mm() < CARD_W { 0.0 } else { CARD_W };
                    let row = if p.y.to_mm() < SHEET_TOP + CARD_H {
                        SHEET_TOP
                    } else {
                        SHEET_TOP + CARD_H
                    };
                    assert!(p.x.to_mm() >= col + PAD - 0.01, "{} left", r.text());
                    assert!(
                        end.to_mm() <= col + CARD_W - PAD + 0.01,
                        "{} right",
                        r.text()
                    );
                    assert!(p.y.to_mm() >= row + PAD, "{} top", r.text());
                    assert!(p.y.to_mm() <= row + CARD_H - PAD, "{} bottom", r.text());
                }
            }
        }
        // Frames and title bands: 5 mm or more inside the paper's edge, where a
        // printer can print them.
        for page in &pages {
            for (p, it) in &page.items {
                let (w, h) = match it {
                    Item::Rect { size, .. } => (size.w, size.h),
                    Item::Line { delta, paint, .. } if *paint != Paint::Gray(0.45) => {
                        (delta.x.max(Abs::ZERO), delta.y.max(Abs::ZERO))
                    }
                    _ => continue,
                };
                let (x0, y0) = (p.x.to_mm(), p.y.to_mm());
                let (x1, y1) = ((p.x + w).to_mm(), (p.y + h).to_mm());
                assert!(x0 >= 5.0 - 0.01 && y0 >= 5.0 - 0.01, "{it:?} at {x0}, {y0}");
                assert!(
                    x1 <= 205.0 + 0.01 && y1 <= 292.0 + 0.01,
                    "{it:?} to {x1}, {y1}"
                );
            }
        }
        // The fifth card is alone on the second sheet, top left.
        let titles: Vec<(String, f32, f32)> = pages[1]
            .items
            .iter()
            .filter_map(|(p, it)| match it {
                Item::Text(r) if r.text().starts_with('卡') => {
                    Some((r.text(), p.x.to_mm(), p.y.to_mm()))
                }
                _ => None,
            })
            .collect();
        assert_eq!(titles.len(), 1);
        assert!(titles[0].1 < CARD_W && titles[0].2 < CARD_H, "{titles:?}");
    }

    #[test]
    fn slots_go_left_to_right_then_down() {
        let at: Vec<(f32, f32)> = (0..5).map(|k| (mm(slot(k).x), mm(slot(k).y))).collect();
        assert_eq!(
            at,
            [
                (0.0, 0.5),
                (105.0, 0.5),
                (0.0, 148.5),
                (105.0, 148.5),
                (0.0, 0.5)
            ]
        );
    }

    #[test]
    fn a_card_too_tall_is_an_error_with_its_title() {
        let mut md = String::from("<div class=\"card\">\n\n## 长卡\n\n");
        for k in 1..=60 {
            md.push_str(&format!("{k}. 第{k}步\n"));
        }
        md.push_str("\n</div>\n");
        let doc = crate::doc::parse(&md).unwrap_or_else(|e| panic!("{e}"));
        match super::super::layout(&doc, test_fonts()) {
            Err(Error::CardTooLong {
                title,
                need_mm,
                have_mm,
            }) => {
                assert_eq!(title, "长卡");
                assert!(need_mm > have_mm);
                assert_eq!(have_mm.round(), CARD_H - 2.0 * PAD);
            }
            other => panic!("{other:?}"),
        }
    }
}
