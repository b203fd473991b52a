//! A [`crate::chart::Chart`] as pieces: each strip of its layout (header, one
//! bar, the axis) becomes a fixed piece, so a long chart breaks between bars and
//! its header stays with the first bar. The shapes become rectangles, lines and
//! text runs in the body font, placed by their anchor with exact widths.

use super::context::{one_line, Ctx};
use super::length::{Abs, Point, Size};
use super::page::{line_items, Item, Paint};
use super::pages::Piece;
use super::Error;
use crate::chart::{self, Anchor, Rgb, Shape};

fn paint(c: Rgb) -> Paint {
    if c.0 == c.1 && c.1 == c.2 {
        Paint::Gray(c.0)
    } else {
        Paint::Rgb(c.0, c.1, c.2)
    }
}

/// The chart's pieces, `width` wide at `x` from the text block's left.
pub(super) fn pieces(
    ctx: &Ctx<'_>,
    c: &chart::Chart,
    x: Abs,
    width: Abs,
) -> Result<Vec<Piece>, Error> {
    let size = ctx.body.size.to_pt().min(10.5) * 0.9;
    let strips = chart::layout(c, width.to_pt(), size);
    let n = strips.len();
    let mut out = Vec::with_capacity(n);
    for (k, strip) in strips.iter().enumerate() {
        let mut items = Vec::new();
        for shape in &strip.shapes {
            match shape {
                Shape::Rect {
                    x: rx,
                    y,
                    w,
                    h,
                    fill,
                } => items.push((
                    Point::new(x + Abs::pt(*rx), Abs::pt(*y)),
                    Item::Rect {
                        size: Size::new(Abs::pt(*w), Abs::pt(*h)),
                        paint: paint(*fill),
                    },
                )),
                Shape::Line {
                    x1,
                    y1,
                    x2,
                    y2,
                    width,
                    color,
                } => items.push((
                    Point::new(x + Abs::pt(*x1), Abs::pt(*y1)),
                    Item::Line {
                        delta: Point::new(Abs::pt(x2 - x1), Abs::pt(y2 - y1)),
                        width: Abs::pt(*width),
                        paint: paint(*color),
                    },
                )),
                Shape::Text {
                    x: tx,
                    y,
                    size,
                    anchor,
                    bold,
                    color,
                    text,
                } => {
                    let mut st = ctx.style(None, Abs::pt(*size))?;
                    st.all_bold = *bold;
                    let line = one_line(ctx, &st, text)?;
                    let dx = match anchor {
                        Anchor::Start => Abs::pt(*tx),
                        Anchor::Middle => Abs::pt(*tx) - line.width / 2.0,
                        Anchor::End => Abs::pt(*tx) - line.width,
                    };
                    let first = items.len();
                    line_items(&line, x + dx, Abs::pt(*y), Abs::pt(*size), &mut items);
                    for (_, it) in &mut items[first..] {
                        if let Item::Text(r) = it {
                            r.paint = paint(*color);
                        }
                    }
                }
            }
        }
        out.push(Piece::Fixed {
            height: Abs::pt(strip.height),
            space_before: if k == 0 { ctx.em * 0.5 } else { Abs::ZERO },
            items,
            // The header goes with the first bar; the last bar with the axis.
            keep_with_next: k == 0 || k + 2 == n,
        });
    }
    Ok(out)
}
