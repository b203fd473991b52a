//! Charts: one description, drawn as vectors by both outputs.
//!
//! A template writes a chart as a fenced block of JSON (```` ```chart ````), the
//! same text for every format:
//!
//! ```json
//! {"title": "各乡镇隐患整改情况（项）",
//!  "series": [{"name": "已整改", "style": "light"}, {"name": "整改中", "style": "hatch"},
//!             {"name": "逾期未整改", "style": "dark"}],
//!  "rows": [{"label": "城关镇", "values": [5, 2, 1]}]}
//! ```
//!
//! [`parse`] checks it; [`layout`] turns it into horizontal stacked bars as
//! [`Strip`]s of [`Shape`]s (rectangles, lines, text at fixed points), which
//! `html` writes as inline SVG and `pdf` as page items (one strip a piece, so
//! a long chart breaks between bars). Series are told apart in grey print, not
//! by colour alone: a light fill, a hatched one, a dark one with white figures,
//! every segment outlined and labelled with its value, and a legend.

use serde::{Deserialize, Serialize};

/// The info string of a fenced code block that holds a chart.
pub const FENCE: &str = "chart";

/// Most bars (rows) a chart may have.
pub const MAX_ROWS: usize = 500;

/// Most series (segments of a bar).
pub const MAX_SERIES: usize = 5;

/// A stacked bar chart: one bar a row, one segment a series.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Chart {
    /// Printed above the chart.
    pub title: String,
    /// The segments of every bar, in order.
    pub series: Vec<Series>,
    /// The bars, top to bottom.
    pub rows: Vec<Row>,
}

/// One segment of every bar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Series {
    /// Legend text.
    pub name: String,
    /// How its segments are filled.
    pub style: Style,
}

/// A fill that stays distinct in grey print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Style {
    /// A pale fill (light grey in print).
    Light,
    /// A mid fill with diagonal hatching.
    Hatch,
    /// A dark fill with white figures.
    Dark,
    /// A mid fill, plain.
    Mid,
    /// A pale fill with cross-hatching.
    Cross,
}

/// One bar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Row {
    /// Printed left of the bar.
    pub label: String,
    /// One value a series (non-negative).
    pub values: Vec<f64>,
}

/// Parses and checks a chart description.
pub fn parse(text: &str) -> Result<Chart, String> {
    let c: Chart = serde_json::from_str(text.trim()).map_err(|e| e.to_string())?;
    if c.series.is_empty() || c.series.len() > MAX_SERIES {
        return Err(format!("a chart has 1 to {MAX_SERIES} series"));
    }
    if c.rows.len() > MAX_ROWS {
        return Err(format!("a chart has at most {MAX_ROWS} rows"));
    }
    for r in &c.rows {
        if r.values.len() != c.series.len() {
            return Err(format!(
                "row `{}` has {} values for {} series",
                r.label,
                r.values.len(),
                c.series.len()
            ));
        }
        if r.values
            .iter()
            .any(|v| !v.is_finite() || *v < 0.0 || *v > 1e12)
        {
            return Err(format!(
                "row `{}`: values are numbers from 0 to 10¹²",
                r.label
            ));
        }
    }
    Ok(c)
}

/// A colour, each channel 0–1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rgb(pub f32, pub f32, pub f32);

impl Rgb {
    /// Black.
    pub const BLACK: Rgb = Rgb(0.0, 0.0, 0.0);
    /// White.
    pub const WHITE: Rgb = Rgb(1.0, 1.0, 1.0);

    /// `#rrggbb`.
    pub fn hex(self) -> String {
        let c = |v: f32| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
        format!("#{:02x}{:02x}{:02x}", c(self.0), c(self.1), c(self.2))
    }
}

/// Where a text's `x` is: its start, middle or end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// `x` is where the text starts.
    Start,
    /// `x` is its middle.
    Middle,
    /// `x` is where it ends.
    End,
}

/// Something drawn; lengths in points, y down from the strip's top.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// A filled rectangle.
    Rect {
        /// Left.
        x: f32,
        /// Top.
        y: f32,
        /// Width.
        w: f32,
        /// Height.
        h: f32,
        /// Fill.
        fill: Rgb,
    },
    /// A straight line.
    Line {
        /// Start x.
        x1: f32,
        /// Start y.
        y1: f32,
        /// End x.
        x2: f32,
        /// End y.
        y2: f32,
        /// Stroke width.
        width: f32,
        /// Stroke colour.
        color: Rgb,
    },
    /// One line of text.
    Text {
        /// See `anchor`.
        x: f32,
        /// Baseline.
        y: f32,
        /// Font size.
        size: f32,
        /// Where `x` is.
        anchor: Anchor,
        /// Bold.
        bold: bool,
        /// Colour.
        color: Rgb,
        /// The text.
        text: String,
    },
}

/// A horizontal band of the chart, kept whole on a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Strip {
    /// Height in points.
    pub height: f32,
    /// What it holds.
    pub shapes: Vec<Shape>,
}

/// Rough width of `s` at `size`: CJK one em, ASCII about half. Used only to
/// size the label column; both outputs place text by its anchor exactly.
pub fn text_width(s: &str, size: f32) -> f32 {
    s.chars()
        .map(|c| if c.is_ascii() { 0.56 } else { 1.0 })
        .sum::<f32>()
        * size
}

/// A value as printed: whole numbers without decimals.
pub fn figure(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

/// The axis: a round maximum at or above `max` and the step between ticks.
fn scale(max: f64) -> (f64, f64) {
    if max <= 0.0 {
        return (1.0, 1.0);
    }
    let raw = max / 5.0;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag)
        .max(1.0);
    ((max / step).ceil() * step, step)
}

const OUTLINE: Rgb = Rgb(0.2, 0.2, 0.2);
const GRID: Rgb = Rgb(0.72, 0.72, 0.72);

/// The fill, hatching and figure colour of a style.
fn paint(style: Style) -> (Rgb, Option<(Rgb, bool)>, Rgb) {
    match style {
        Style::Light => (Rgb(0.84, 0.93, 0.84), None, Rgb::BLACK),
        Style::Hatch => (
            Rgb(1.0, 0.86, 0.6),
            Some((Rgb(0.55, 0.33, 0.0), false)),
            Rgb::BLACK,
        ),
        Style::Dark => (Rgb(0.62, 0.1, 0.1), None, Rgb::WHITE),
        Style::Mid => (Rgb(0.55, 0.67, 0.85), None, Rgb::BLACK),
        Style::Cross => (
            Rgb(0.93, 0.93, 1.0),
            Some((Rgb(0.2, 0.2, 0.5), true)),
            Rgb::BLACK,
        ),
    }
}

/// Diagonal lines `x + y = c` (and, crossed, `x - y = c`) clipped to a rectangle,
/// on a grid fixed to the chart so that neighbouring segments line up.
fn hatch(x: f32, y: f32, w: f32, h: f32, color: Rgb, cross: bool, out: &mut Vec<Shape>) {
    const GAP: f32 = 3.2;
    let (x1, y1) = (x + w, y + h);
    let line = |a: (f32, f32), b: (f32, f32)| Shape::Line {
        x1: a.0,
        y1: a.1,
        x2: b.0,
        y2: b.1,
        width: 0.6,
        color,
    };
    let mut c = ((x + y) / GAP).ceil() * GAP;
    while c < x1 + y1 {
        let lo = x.max(c - y1);
        let hi = x1.min(c - y);
        if hi - lo > 0.05 {
            out.push(line((lo, c - lo), (hi, c - hi)));
        }
        c += GAP;
    }
    if cross {
        // x - y = c, from c = x - y1 to x1 - y.
        let mut c = ((x - y1) / GAP).ceil() * GAP;
        while c < x1 - y {
            let lo = x.max(c + y);
            let hi = x1.min(c + y1);
            if hi - lo > 0.05 {
                out.push(line((lo, lo - c), (hi, hi - c)));
            }
            c += GAP;
        }
    }
}

/// A rectangle's outline.
fn outline(x: f32, y: f32, w: f32, h: f32, out: &mut Vec<Shape>) {
    let l = |x1: f32, y1: f32, x2: f32, y2: f32| Shape::Line {
        x1,
        y1,
        x2,
        y2,
        width: 0.5,
        color: OUTLINE,
    };
    out.push(l(x, y, x + w, y));
    out.push(l(x + w, y, x + w, y + h));
    out.push(l(x + w, y + h, x, y + h));
    out.push(l(x, y + h, x, y));
}

/// A segment: fill, hatching, outline.
fn segment(style: Style, x: f32, y: f32, w: f32, h: f32, out: &mut Vec<Shape>) {
    let (fill, hatching, _) = paint(style);
    out.push(Shape::Rect { x, y, w, h, fill });
    if let Some((c, cross)) = hatching {
        hatch(x, y, w, h, c, cross, out);
    }
    outline(x, y, w, h, out);
}

fn text(x: f32, y: f32, size: f32, anchor: Anchor, s: impl Into<String>) -> Shape {
    Shape::Text {
        x,
        y,
        size,
        anchor,
        bold: false,
        color: Rgb::BLACK,
        text: s.into(),
    }
}

/// Lays the chart out `width` points wide with labels of `size` points: a
/// header strip (title, legend, scale), one strip a bar, a closing strip.
pub fn layout(chart: &Chart, width: f32, size: f32) -> Vec<Strip> {
    let mut strips = Vec::new();
    let totals: Vec<f64> = chart.rows.iter().map(|r| r.values.iter().sum()).collect();
    let max = totals.iter().copied().fold(0.0, f64::max);
    let (top, step) = scale(max);
    let label_w = chart
        .rows
        .iter()
        .map(|r| text_width(&r.label, size))
        .fold(size * 2.0, f32::max)
        .min(width * 0.32)
        + size * 0.6;
    let total_w = text_width(&figure(top), size) + size * 0.8;
    let x0 = label_w;
    let plot = (width - label_w - total_w).max(size * 4.0);
    let at = |v: f64| x0 + (v / top) as f32 * plot;

    // Header: title, legend, tick figures.
    let mut head = Vec::new();
    let mut y = size * 1.3;
    head.push(Shape::Text {
        x: width / 2.0,
        y,
        size: size * 1.1,
        anchor: Anchor::Middle,
        bold: true,
        color: Rgb::BLACK,
        text: chart.title.clone(),
    });
    y += size * 0.8;
    let mut lx = x0;
    for s in &chart.series {
        let sw = size * 1.6;
        let w = sw + size * 0.4 + text_width(&s.name, size) + size * 1.2;
        if lx + w > width && lx > x0 {
            lx = x0;
            y += size * 1.6;
        }
        segment(s.style, lx, y + size * 0.2, sw, size, &mut head);
        head.push(text(
            lx + sw + size * 0.4,
            y + size * 1.08,
            size,
            Anchor::Start,
            s.name.clone(),
        ));
        lx += w;
    }
    y += size * 2.9;
    let mut v = 0.0;
    while v <= top + step / 2.0 {
        head.push(text(at(v), y, size * 0.85, Anchor::Middle, figure(v)));
        v += step;
    }
    y += size * 0.4;
    strips.push(Strip {
        height: y,
        shapes: head,
    });

    if chart.rows.is_empty() {
        strips.push(Strip {
            height: size * 2.0,
            shapes: vec![text(
                width / 2.0,
                size * 1.3,
                size,
                Anchor::Middle,
                "（无数据）",
            )],
        });
        return strips;
    }

    // One strip a bar: grid lines, segments with their figures, the total.
    let pitch = size * 2.2;
    let bar = size * 1.4;
    for (row, total) in chart.rows.iter().zip(&totals) {
        let mut s = Vec::new();
        let mut v = 0.0;
        while v <= top + step / 2.0 {
            s.push(Shape::Line {
                x1: at(v),
                y1: 0.0,
                x2: at(v),
                y2: pitch,
                width: 0.4,
                color: GRID,
            });
            v += step;
        }
        s.push(Shape::Line {
            x1: x0,
            y1: 0.0,
            x2: x0,
            y2: pitch,
            width: 0.8,
            color: Rgb::BLACK,
        });
        let by = (pitch - bar) / 2.0;
        let base = by + bar / 2.0 + size * 0.35;
        let mut label = row.label.clone();
        if text_width(&label, size) > label_w - size * 0.6 {
            // Keep the label in its column: cut it with an ellipsis.
            let mut cut = String::new();
            for c in label.chars() {
                if text_width(&cut, size) + size * 2.0 > label_w - size * 0.6 {
                    break;
                }
                cut.push(c);
            }
            cut.push('…');
            label = cut;
        }
        s.push(text(x0 - size * 0.4, base, size, Anchor::End, label));
        let mut start = 0.0;
        for (series, value) in chart.series.iter().zip(&row.values) {
            if *value <= 0.0 {
                continue;
            }
            let (a, b) = (at(start), at(start + value));
            segment(series.style, a, by, b - a, bar, &mut s);
            let fig = figure(*value);
            let fw = text_width(&fig, size * 0.9);
            if b - a >= fw + size * 0.5 {
                let (_, hatching, color) = paint(series.style);
                if hatching.is_some() {
                    // A clear patch under the figure, so hatching does not cross it.
                    s.push(Shape::Rect {
                        x: (a + b) / 2.0 - fw / 2.0 - size * 0.15,
                        y: by + bar / 2.0 - size * 0.5,
                        w: fw + size * 0.3,
                        h: size,
                        fill: Rgb::WHITE,
                    });
                }
                s.push(Shape::Text {
                    x: (a + b) / 2.0,
                    y: base - size * 0.05,
                    size: size * 0.9,
                    anchor: Anchor::Middle,
                    bold: false,
                    color,
                    text: fig,
                });
            }
            start += value;
        }
        s.push(Shape::Text {
            x: at(*total) + size * 0.4,
            y: base,
            size,
            anchor: Anchor::Start,
            bold: true,
            color: Rgb::BLACK,
            text: figure(*total),
        });
        strips.push(Strip {
            height: pitch,
            shapes: s,
        });
    }
    strips.push(Strip {
        height: size * 0.8,
        shapes: vec![Shape::Line {
            x1: x0,
            y1: 0.0,
            x2: x0 + plot,
            y2: 0.0,
            width: 0.8,
            color: Rgb::BLACK,
        }],
    });
    strips
}

/// Escapes text for SVG.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The chart as an inline SVG element, `width` points wide (it scales to its
/// container), in the page's font.
pub fn svg(chart: &Chart, width: f32, size: f32) -> String {
    use std::fmt::Write as _;
    let strips = layout(chart, width, size);
    let height: f32 = strips.iter().map(|s| s.height).sum();
    let mut o = String::new();
    let _ = write!(
        o,
        "<figure class=\"chart\"><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w:.1} {h:.1}\" width=\"100%\" role=\"img\" aria-label=\"{t}\" style=\"max-width:{w:.0}pt;font-family:inherit\"><title>{t}</title>",
        w = width,
        h = height,
        t = esc(&chart.title)
    );
    let mut top = 0.0;
    for strip in &strips {
        for shape in &strip.shapes {
            match shape {
                Shape::Rect { x, y, w, h, fill } => {
                    let _ = write!(
                        o,
                        "<rect x=\"{x:.2}\" y=\"{:.2}\" width=\"{w:.2}\" height=\"{h:.2}\" fill=\"{}\"/>",
                        top + y,
                        fill.hex()
                    );
                }
                Shape::Line {
                    x1,
                    y1,
                    x2,
                    y2,
                    width,
                    color,
                } => {
                    let _ = write!(
                        o,
                        "<line x1=\"{x1:.2}\" y1=\"{:.2}\" x2=\"{x2:.2}\" y2=\"{:.2}\" stroke=\"{}\" stroke-width=\"{width}\"/>",
                        top + y1,
                        top + y2,
                        color.hex()
                    );
                }
                Shape::Text {
                    x,
                    y,
                    size,
                    anchor,
                    bold,
                    color,
                    text,
                } => {
                    let anchor = match anchor {
                        Anchor::Start => "start",
                        Anchor::Middle => "middle",
                        Anchor::End => "end",
                    };
                    let _ = write!(
                        o,
                        "<text x=\"{x:.2}\" y=\"{:.2}\" font-size=\"{size:.1}\" text-anchor=\"{anchor}\"{}{}>{}</text>",
                        top + y,
                        if *bold { " font-weight=\"bold\"" } else { "" },
                        if *color == Rgb::BLACK {
                            String::new()
                        } else {
                            format!(" fill=\"{}\"", color.hex())
                        },
                        esc(text)
                    );
                }
            }
        }
        top += strip.height;
    }
    o.push_str("</svg></figure>");
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Chart {
        parse(
            r#"{"title":"各乡镇隐患","series":[{"name":"已整改","style":"light"},{"name":"整改中","style":"hatch"},{"name":"逾期","style":"dark"}],
            "rows":[{"label":"城关镇","values":[5,2,1]},{"label":"新城镇","values":[0,0,0]}]}"#,
        )
        .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn checks_the_description() {
        assert!(parse("{").is_err());
        assert!(parse(r#"{"title":"x","series":[],"rows":[]}"#).is_err());
        let e = parse(
            r#"{"title":"x","series":[{"name":"a","style":"light"}],"rows":[{"label":"r","values":[1,2]}]}"#,
        );
        assert!(e.is_err_and(|e| e.contains("2 values for 1 series")));
        let e = parse(
            r#"{"title":"x","series":[{"name":"a","style":"light"}],"rows":[{"label":"r","values":[-1]}]}"#,
        );
        assert!(e.is_err());
        assert!(
            parse(r#"{"title":"x","series":[{"name":"a","style":"pink"}],"rows":[]}"#).is_err()
        );
    }

    #[test]
    fn scale_is_round() {
        assert_eq!(scale(0.0), (1.0, 1.0));
        assert_eq!(scale(3.0), (3.0, 1.0));
        assert_eq!(scale(8.0), (8.0, 2.0));
        assert_eq!(scale(23.0), (25.0, 5.0));
        assert_eq!(scale(130.0), (150.0, 50.0));
    }

    #[test]
    fn bars_are_labelled_and_fit() {
        let c = sample();
        let strips = layout(&c, 400.0, 9.0);
        assert_eq!(strips.len(), 4, "header, two bars, axis");
        let texts: Vec<&str> = strips[1]
            .shapes
            .iter()
            .filter_map(|s| match s {
                Shape::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(texts, ["城关镇", "5", "2", "1", "8"]);
        for s in strips.iter().flat_map(|s| &s.shapes) {
            if let Shape::Rect { x, w, .. } = s {
                assert!(*x >= 0.0 && x + w <= 400.0 + 0.01, "{s:?}");
            }
        }
        let svg = svg(&c, 400.0, 9.0);
        assert!(svg.starts_with("<figure class=\"chart\"><svg"));
        assert!(svg.contains(">城关镇</text>"));
    }

    #[test]
    fn hatching_stays_inside() {
        let mut out = Vec::new();
        hatch(10.0, 20.0, 30.0, 12.0, Rgb::BLACK, true, &mut out);
        assert!(out.len() > 10);
        for s in &out {
            if let Shape::Line { x1, y1, x2, y2, .. } = s {
                for (x, y) in [(x1, y1), (x2, y2)] {
                    assert!(
                        (9.99..=40.01).contains(x) && (19.99..=32.01).contains(y),
                        "{s:?}"
                    );
                }
            }
        }
    }
}
