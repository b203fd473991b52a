//! Paragraphs and runs as WordprocessingML: paragraph properties (`Para`),
//! run properties (`Run`), the runs of inline text, the horizontal frame of the
//! blocks being written (`Frame`) and text widths in body characters. Used by
//! `body`, `table` and `sections`, below all three.

use super::styles::{half_points, rfonts};
use super::xml::Xml;
use super::Ctx;
use crate::doc::{Align, Inline};

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
}
