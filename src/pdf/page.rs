//! What a laid-out page holds: text runs, lines and rectangles at fixed positions,
//! and the helpers that turn a broken [`Line`] into runs. Everything after line
//! breaking speaks this vocabulary: `layout`, `table`, `letterhead`, `pages` make
//! it, `write` turns it into PDF operators.

use super::fonts::FaceId;
use super::length::{Abs, Point, Size};
use super::text::Line;

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

/// Where the ideographic em box's top sits above the baseline, in em.
pub(crate) const EM_BOX_TOP: f32 = 0.88;

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
