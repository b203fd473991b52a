//! Fonts for HTML pages: which face draws each character of the page (the same
//! fallback chains as the PDF), and each used face subset to those characters as
//! an `@font-face` with a `data:` URL, so the page looks the same on a machine
//! without CJK fonts. The subsets come from the PDF writer's code path
//! ([`super::write::web_font`]).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use base64::Engine as _;

use super::fonts::{FaceId, Fonts};

/// The characters a page draws, per face, collected text by text.
#[derive(Debug)]
pub struct WebFonts<'a> {
    fonts: &'a Fonts,
    used: BTreeMap<FaceId, BTreeMap<char, u16>>,
    /// Font roles and family names asked for, in the order first asked.
    roles: Vec<String>,
}

impl<'a> WebFonts<'a> {
    /// Nothing used yet.
    pub fn new(fonts: &'a Fonts) -> WebFonts<'a> {
        WebFonts {
            fonts,
            used: BTreeMap::new(),
            roles: Vec::new(),
        }
    }

    /// Notes that `text` is shown in `family` (a role such as `serif` or a family
    /// name), bold or not. Characters no face has are left to the browser; an
    /// unknown family counts as `serif`.
    pub fn add(&mut self, family: &str, bold: bool, text: &str) {
        let family = if self.fonts.family_name(family).is_some() {
            family
        } else {
            "serif"
        };
        let Ok(chain) = self.fonts.chain(family, bold) else {
            return;
        };
        if !self.roles.iter().any(|r| r == family) {
            self.roles.push(family.to_string());
        }
        for ch in text.chars() {
            if (ch.is_whitespace() && ch != '\u{3000}') || super::fonts::is_invisible(ch) {
                continue;
            }
            if let Some((face, gid, _)) = chain.find(self.fonts, ch) {
                self.used.entry(face).or_default().insert(ch, gid);
            }
        }
    }

    /// The CSS family name of the face's family: `qd<index> <name>`, unique per
    /// family (the rare-character face is also named Noto Serif SC) and the same
    /// for the same font set.
    fn css_family(&self, face: FaceId) -> String {
        let (index, name) = self.fonts.family_of(face);
        format!("qd{index} {name}")
    }

    /// The CSS `font-family` list for `family`, without the system fallbacks:
    /// the families of its fallback chain that draw something on the page, in
    /// chain order, quoted.
    pub fn stack(&self, family: &str) -> Vec<String> {
        let family = if self.fonts.family_name(family).is_some() {
            family
        } else {
            "serif"
        };
        let mut out: Vec<String> = Vec::new();
        for bold in [false, true] {
            let Ok(chain) = self.fonts.chain(family, bold) else {
                continue;
            };
            for face in chain.face_ids() {
                let css = self.css_family(face);
                let used = self.used.keys().any(|f| self.css_family(*f) == css);
                let quoted = format!("\"{css}\"");
                if used && !out.contains(&quoted) {
                    out.push(quoted);
                }
            }
        }
        out
    }

    /// One `@font-face` rule per used face: its family's CSS name, its weight
    /// (700 for a bold face; a face without bold is declared 400, so the browser
    /// emboldens it as the PDF does), and the subset as a `data:font/ttf` URL. A
    /// face that cannot be subset is left out (the page's system fonts stand in).
    pub fn font_faces(&self) -> String {
        let mut css = String::new();
        for (face, chars) in &self.used {
            let Ok(bytes) = super::write::web_font(self.fonts, *face, chars) else {
                continue;
            };
            let weight = if self.fonts.face(*face).bold {
                700
            } else {
                400
            };
            let _ = writeln!(
                css,
                "@font-face {{ font-family: \"{}\"; font-style: normal; font-weight: {weight}; font-display: block; src: url(data:font/ttf;base64,{}) format(\"truetype\"); }}",
                self.css_family(*face),
                base64::engine::general_purpose::STANDARD.encode(bytes)
            );
        }
        css
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ttf(css: &str, family: &str) -> Vec<u8> {
        let rule = css
            .lines()
            .find(|l| l.contains(&format!("\"{family}\"")))
            .unwrap_or_else(|| panic!("no {family} in {css}"));
        let b64 = rule
            .split("base64,")
            .nth(1)
            .and_then(|r| r.split(')').next())
            .unwrap_or_default();
        base64::engine::general_purpose::STANDARD
            .decode(b64)
            .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn subsets_have_a_cmap_for_exactly_the_page() {
        let fonts = crate::pdf::test_fonts();
        let mut w = WebFonts::new(fonts);
        w.add("serif", false, "检查表 ABC ①☑");
        w.add("serif", true, "标题");
        // 𠀀 is in no font (left to the browser); 𠅤 (U+20164) is beyond the BMP.
        w.add("fangsong", false, "此函。𠀀");
        w.add("serif", false, "𠅤");
        let stack = w.stack("serif");
        assert_eq!(stack[0], "\"qd0 Noto Serif SC\"", "{stack:?}");
        assert!(stack.iter().any(|s| s.contains("Symbols")), "{stack:?}");
        let fs = w.stack("fangsong");
        assert!(fs[0].contains("Zhuque Fangsong"), "{fs:?}");
        let css = w.font_faces();
        assert_eq!(
            css.lines().count(),
            4,
            "serif, serif bold, symbols, 仿宋: {css}"
        );
        assert_eq!(css, w.font_faces(), "deterministic");
        // The regular serif rule comes first (face order); check its subset.
        let regular = css.lines().next().unwrap_or_default();
        assert!(regular.contains("font-weight: 400"), "{regular}");
        let bytes = ttf(regular, "qd0 Noto Serif SC");
        let face = ttf_parser::Face::parse(&bytes, 0).unwrap_or_else(|e| panic!("{e}"));
        for ch in "检查表ABC①𠅤".chars() {
            let g = face.glyph_index(ch).unwrap_or_else(|| panic!("no {ch}"));
            assert!(face.glyph_hor_advance(g).unwrap_or(0) > 0, "{ch}");
            assert!(
                face.outline_glyph(g, &mut Nothing).is_some(),
                "{ch} has no outline"
            );
        }
        for ch in "标题☑此函".chars() {
            assert!(
                face.glyph_index(ch).is_none(),
                "{ch} is not regular serif text"
            );
        }
        assert!(face.tables().os2.is_some());
        let bold = css.lines().nth(1).unwrap_or_default();
        assert!(bold.contains("font-weight: 700"), "{bold}");
    }

    struct Nothing;
    impl ttf_parser::OutlineBuilder for Nothing {
        fn move_to(&mut self, _: f32, _: f32) {}
        fn line_to(&mut self, _: f32, _: f32) {}
        fn quad_to(&mut self, _: f32, _: f32, _: f32, _: f32) {}
        fn curve_to(&mut self, _: f32, _: f32, _: f32, _: f32, _: f32, _: f32) {}
        fn close(&mut self) {}
    }
}
