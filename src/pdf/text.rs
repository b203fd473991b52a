//! Measuring and line breaking: styled text → lines of positioned glyphs.
//!
//! Break opportunities come from the Unicode line breaking algorithm
//! (`unicode-linebreak`), then the Chinese rules (禁则) are applied on top: no line
//! starts with closing punctuation and none ends with opening punctuation, `——` and
//! `……` stay whole and never start a line. Lines are filled greedily; a word longer
//! than a line is broken between characters as a last resort, so nothing is lost.
//! Justified lines share the spare width between the gaps next to full-width (CJK)
//! characters; a paragraph's last line and lines ended by a forced break stay ragged.
//!
//! There is no shaping: CJK needs none, and Latin text is set without kerning or
//! ligatures, which is fine for form text.

use unicode_linebreak::{linebreaks, BreakOpportunity};

use super::fonts::{is_invisible, Chain, FaceId, Fonts};
use super::length::Abs;
use super::Error;
use crate::doc::Inline;

/// Characters that must not start a line (closing punctuation, marks that hang on
/// the previous character, the halves of `——` and `……`).
pub(crate) const NO_LINE_START: &str =
    "，。、；：？！）》」』】〕〉〗〙…—％%,.;:!?)]}”’·・ー～‐－–ゝゞヽヾ々〻";

/// Characters that must not end a line (opening punctuation).
pub(crate) const NO_LINE_END: &str = "（《「『【〔〈〖〘“‘([{";

/// A source line break inside a paragraph (Markdown soft break), if the model marks
/// it: a blank between Latin words, nothing between two CJK characters. Plain
/// blanks are always kept.
pub(crate) const SOFT_BREAK: char = '\u{2028}';

/// Check boxes: a box and its label up to the next blank stay on one line.
const BOXES: &str = "□☐☑☒○●";

/// How text in one block is set.
#[derive(Debug, Clone)]
pub(crate) struct TextStyle {
    /// Faces for regular text.
    pub regular: Chain,
    /// Faces for bold text.
    pub bold: Chain,
    /// Font size.
    pub size: Abs,
    /// Character grid pitch: when set, every full-width glyph advances by exactly
    /// this much (GB/T 9704's 28 characters a line).
    pub grid: Option<Abs>,
    /// Set everything bold (headings, table headers).
    pub all_bold: bool,
}

/// One glyph placed on a line.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Glyph {
    /// The character it draws (for ToUnicode and dumps).
    pub ch: char,
    /// Face that draws it.
    pub face: FaceId,
    /// Glyph id in that face.
    pub gid: u16,
    /// Distance from the start of the line.
    pub x: Abs,
    /// Advance used for layout.
    pub adv: Abs,
    /// Bold faked by stroking (the family has no bold face).
    pub fake_bold: bool,
    /// Full-width (CJK-like) glyph: stretchable gap, snaps to the grid.
    pub wide: bool,
}

/// A finished line.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Line {
    /// Glyphs in visual order (trailing blanks removed).
    pub glyphs: Vec<Glyph>,
    /// Width from the line start to the end of the last glyph.
    pub width: Abs,
}

impl Line {
    /// The text of the line.
    #[cfg(test)]
    pub fn text(&self) -> String {
        self.glyphs.iter().map(|g| g.ch).collect()
    }
}

/// How to break a paragraph.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Measure {
    /// Width of every line.
    pub width: Abs,
    /// Extra indent of the first line (2 em for Chinese paragraphs).
    pub first_indent: Abs,
    /// Stretch lines (all but the last of each forced-break segment) to the width.
    pub justify: bool,
}

/// A glyph before line breaking.
#[derive(Debug, Clone)]
struct Shaped {
    ch: char,
    face: FaceId,
    gid: u16,
    adv: Abs,
    fake_bold: bool,
    wide: bool,
    /// A blank from a soft break (dropped between full-width characters).
    soft: bool,
}

/// Styled characters of one forced-break segment.
fn segments(inlines: &[Inline], all_bold: bool) -> Vec<Vec<(char, bool)>> {
    let mut out = vec![Vec::new()];
    for inline in inlines {
        match inline {
            Inline::Break => out.push(Vec::new()),
            Inline::Text(t, st) => {
                for ch in t.chars() {
                    if ch == '\n' {
                        out.push(Vec::new());
                    } else if let Some(seg) = out.last_mut() {
                        // The ideographic space (U+3000) keeps its full width: Chinese
                        // text uses it to indent and align (附件说明, 印发 lines).
                        let ch = match ch {
                            SOFT_BREAK => SOFT_BREAK,
                            '\u{3000}' => '\u{3000}',
                            c if c.is_whitespace() => ' ',
                            c => c,
                        };
                        seg.push((ch, st.bold || all_bold));
                    }
                }
            }
        }
    }
    out
}

/// Text around position `i`, for error messages.
fn context(chars: &[(char, bool)], i: usize) -> String {
    let from = i.saturating_sub(10);
    let to = (i + 11).min(chars.len());
    chars[from..to].iter().map(|c| c.0).collect()
}

/// Looks up every character; a character no face has is an error naming it.
fn shape(seg: &[(char, bool)], fonts: &Fonts, style: &TextStyle) -> Result<Vec<Shaped>, Error> {
    let mut out: Vec<Shaped> = Vec::with_capacity(seg.len());
    for (i, &(ch, bold)) in seg.iter().enumerate() {
        if is_invisible(ch) && ch != SOFT_BREAK {
            continue;
        }
        let ch = if ch == SOFT_BREAK { ' ' } else { ch };
        let soft = seg[i].0 == SOFT_BREAK;
        let chain = if bold { &style.bold } else { &style.regular };
        let found = chain.find(fonts, ch).or_else(|| {
            // A blank missing from every face still takes a normal space's width.
            (ch == ' ').then(|| chain.find(fonts, '\u{3000}')).flatten()
        });
        let Some((face, gid, fake_bold)) = found else {
            return Err(Error::MissingGlyph {
                ch,
                context: context(seg, i),
            });
        };
        let em = fonts.face(face).advance_em(gid);
        let wide = em > 0.85 && ch != ' ';
        let adv = match (wide, style.grid) {
            (true, Some(pitch)) => pitch,
            _ if ch == ' ' => style.size * em.min(0.35),
            _ => style.size * em,
        };
        out.push(Shaped {
            ch,
            face,
            gid,
            adv,
            fake_bold,
            wide,
            soft,
        });
    }
    // Collapse blanks; a soft break between two full-width characters is a source
    // line break inside Chinese text and is dropped, as browsers do.
    let mut kept: Vec<Shaped> = Vec::with_capacity(out.len());
    for k in 0..out.len() {
        let g = &out[k];
        if g.ch == ' ' {
            let prev = kept.last();
            if prev.is_none_or(|p| p.ch == ' ') {
                continue;
            }
            let next = out[k + 1..].iter().find(|n| n.ch != ' ');
            match (prev, next) {
                (_, None) => continue,
                (Some(p), Some(n)) if g.soft && p.wide && n.wide => continue,
                _ => {}
            }
        }
        kept.push(g.clone());
    }
    Ok(kept)
}

/// Latin words at least this long (characters) may break after `@` and `/`.
const LONG_WORD: usize = 12;

/// `allow[i]`: a line may start at glyph `i` (i ≥ 1).
fn break_opportunities(glyphs: &[Shaped]) -> Vec<bool> {
    let text: String = glyphs.iter().map(|g| g.ch).collect();
    let mut allow = vec![false; glyphs.len() + 1];
    // Byte offset → glyph index.
    let mut index_of = vec![0usize; text.len() + 1];
    for (i, (b, _)) in text.char_indices().enumerate() {
        index_of[b] = i;
    }
    index_of[text.len()] = glyphs.len();
    for (byte, opp) in linebreaks(&text) {
        if matches!(opp, BreakOpportunity::Allowed | BreakOpportunity::Mandatory) {
            allow[index_of[byte]] = true;
        }
    }
    for i in 1..glyphs.len() {
        let (prev, cur) = (glyphs[i - 1].ch, glyphs[i].ch);
        if NO_LINE_START.contains(cur) || NO_LINE_END.contains(prev) {
            allow[i] = false;
        }
        // A break after an opening quote or bracket that UAX #14 allows before
        // a blank still must not leave the bracket alone.
        if prev == ' ' && i >= 2 && NO_LINE_END.contains(glyphs[i - 2].ch) {
            allow[i] = false;
        }
    }
    // A long e-mail address or URL may break after `@` or a `/` (UAX #14 keeps
    // it whole, which leaves the line before it stretched or half empty).
    let mut word_start = 0;
    for i in 0..=glyphs.len() {
        let end_of_word = i == glyphs.len() || !glyphs[i].ch.is_ascii_graphic();
        if !end_of_word {
            continue;
        }
        if i - word_start >= LONG_WORD {
            for j in word_start + 1..i.saturating_sub(1) {
                let prev = glyphs[j - 1].ch;
                if (prev == '@' || prev == '/') && glyphs[j].ch != '/' {
                    allow[j] = true;
                }
            }
        }
        word_start = i + 1;
    }
    // A check box and its label ("□不符合") stay together like a word.
    let mut in_option = false;
    for i in 0..glyphs.len() {
        let ch = glyphs[i].ch;
        if BOXES.contains(ch) {
            in_option = true;
        } else if ch == ' ' {
            in_option = false;
        } else if in_option {
            allow[i] = false;
        }
    }
    allow[0] = false;
    allow
}

/// Breaks styled text into lines.
pub(crate) fn break_lines(
    inlines: &[Inline],
    fonts: &Fonts,
    style: &TextStyle,
    m: Measure,
) -> Result<Vec<Line>, Error> {
    let mut lines = Vec::new();
    let mut first = true;
    for seg in segments(inlines, style.all_bold) {
        let glyphs = shape(&seg, fonts, style)?;
        if glyphs.is_empty() {
            // An empty segment between two forced breaks is an empty line.
            lines.push(Line {
                glyphs: Vec::new(),
                width: Abs::ZERO,
            });
            first = false;
            continue;
        }
        let allow = break_opportunities(&glyphs);
        let n = glyphs.len();
        let mut start = 0;
        while start < n {
            let indent = if first { m.first_indent } else { Abs::ZERO };
            let limit = m.width - indent;
            let mut x = Abs::ZERO;
            let mut last_bp = None;
            let mut end = n;
            for (i, g) in glyphs.iter().enumerate().skip(start) {
                if i > start && allow[i] {
                    last_bp = Some(i);
                }
                if !(x + g.adv).fits(limit) && g.ch != ' ' {
                    end = match last_bp {
                        Some(b) => b,
                        // No opportunity on the whole line: break between characters.
                        None if i > start => i,
                        None => i + 1,
                    };
                    break;
                }
                x += g.adv;
            }
            let last = end >= n;
            let line = place(
                &glyphs[start..end],
                &allow[start..=end],
                indent,
                limit,
                m.justify && !last,
            );
            lines.push(line);
            first = false;
            start = end;
            while start < n && glyphs[start].ch == ' ' {
                start += 1;
            }
        }
    }
    Ok(lines)
}

/// Positions one line's glyphs from `indent`, stretching it to `limit` if asked.
/// `allow[j]` says whether a line may break before glyph `j`: only such gaps
/// stretch, so a check-box option or a word with its punctuation stays tight.
fn place(glyphs: &[Shaped], allow: &[bool], indent: Abs, limit: Abs, justify: bool) -> Line {
    let mut len = glyphs.len();
    while len > 0 && glyphs[len - 1].ch == ' ' {
        len -= 1;
    }
    let glyphs = &glyphs[..len];
    let natural: Abs = glyphs.iter().map(|g| g.adv).sum();
    // A gap after glyph j stretches if it is a blank, or a break opportunity
    // next to a full-width character.
    let stretchy = |j: usize| {
        let (a, b) = (&glyphs[j], &glyphs[j + 1]);
        a.ch == ' ' || ((a.wide || b.wide) && allow.get(j + 1).copied().unwrap_or(false))
    };
    let gaps = (0..len.saturating_sub(1)).filter(|j| stretchy(*j)).count();
    let spare = limit - natural;
    // Stretching more than a quarter em per gap looks worse than a ragged line
    // (a long unbreakable word pushed to the next line).
    let size = glyphs.iter().map(|g| g.adv).fold(Abs::ZERO, Abs::max);
    let per_gap = if justify && gaps > 0 && spare > Abs::ZERO {
        let g = spare / gaps as f32;
        if g > size * 0.25 {
            Abs::ZERO
        } else {
            g
        }
    } else {
        Abs::ZERO
    };
    let mut x = indent;
    let mut out = Vec::with_capacity(len);
    for (j, g) in glyphs.iter().enumerate() {
        out.push(Glyph {
            ch: g.ch,
            face: g.face,
            gid: g.gid,
            x,
            adv: g.adv,
            fake_bold: g.fake_bold,
            wide: g.wide,
        });
        x += g.adv;
        if j + 1 < len && stretchy(j) {
            x += per_gap;
        }
    }
    Line {
        glyphs: out,
        width: x,
    }
}

/// The natural width of text on one line (for table column sizing): the widest
/// forced-break segment and the widest unbreakable piece.
pub(crate) fn measure(
    inlines: &[Inline],
    fonts: &Fonts,
    style: &TextStyle,
) -> Result<(Abs, Abs), Error> {
    let mut max = Abs::ZERO;
    let mut min = Abs::ZERO;
    for seg in segments(inlines, style.all_bold) {
        let glyphs = shape(&seg, fonts, style)?;
        let allow = break_opportunities(&glyphs);
        let total: Abs = glyphs.iter().map(|g| g.adv).sum();
        max = max.max(total);
        let mut piece = Abs::ZERO;
        for (i, g) in glyphs.iter().enumerate() {
            if allow[i] {
                min = min.max(piece);
                piece = Abs::ZERO;
            }
            if g.ch != ' ' {
                piece += g.adv;
            }
        }
        min = min.max(piece);
    }
    Ok((min, max))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::InlineStyle;

    fn fonts() -> &'static Fonts {
        crate::pdf::test_fonts()
    }

    fn style(f: &Fonts) -> TextStyle {
        TextStyle {
            regular: f.chain("serif", false).unwrap_or_else(|e| panic!("{e}")),
            bold: f.chain("serif", true).unwrap_or_else(|e| panic!("{e}")),
            size: Abs::pt(10.0),
            grid: None,
            all_bold: false,
        }
    }

    fn lines(text: &str, chars: f32) -> Vec<String> {
        let f = fonts();
        let st = style(f);
        let m = Measure {
            width: Abs::pt(10.0 * chars),
            first_indent: Abs::ZERO,
            justify: true,
        };
        let inl = vec![Inline::Text(text.into(), InlineStyle::default())];
        break_lines(&inl, f, &st, m)
            .unwrap_or_else(|e| panic!("{e}"))
            .iter()
            .map(Line::text)
            .collect()
    }

    fn check_rules(ls: &[String]) {
        for (k, l) in ls.iter().enumerate() {
            if k > 0 {
                let c = l.chars().next().unwrap_or(' ');
                assert!(!NO_LINE_START.contains(c), "line starts with {c}: {ls:?}");
            }
            if k + 1 < ls.len() {
                let c = l.chars().last().unwrap_or(' ');
                assert!(!NO_LINE_END.contains(c), "line ends with {c}: {ls:?}");
            }
        }
    }

    #[test]
    fn no_closing_punctuation_at_line_start() {
        // Five characters a line: the comma would start line 2 without the rule.
        for text in [
            "一二三四五，六七八九十。",
            "一二三四五）六七",
            "一二三四五”六七",
            "一二三四五％六七",
        ] {
            let ls = lines(text, 5.0);
            check_rules(&ls);
            assert_eq!(ls.concat(), text);
        }
    }

    #[test]
    fn no_opening_punctuation_at_line_end() {
        for text in [
            "一二三四（五六）七八",
            "一二三四《五六》七八",
            "一二三四“五六”七八",
        ] {
            let ls = lines(text, 5.0);
            check_rules(&ls);
            assert_eq!(ls.concat(), text);
        }
    }

    #[test]
    fn dashes_and_ellipses_stay_whole() {
        for text in [
            "一二三四——五六七八",
            "一二三——四五六七八",
            "一二三四……五六七八",
            "一二三……四五六七八",
        ] {
            let ls = lines(text, 5.0);
            check_rules(&ls);
            assert_eq!(ls.concat(), text);
            for l in &ls {
                assert!(!l.starts_with('—') && !l.starts_with('…'), "{ls:?}");
                let d = l.matches('—').count();
                let e = l.matches('…').count();
                assert!(d % 2 == 0 && e % 2 == 0, "split pair: {ls:?}");
            }
        }
    }

    #[test]
    fn latin_words_and_numbers_are_not_split() {
        let ls = lines("检查依据GB 50016-2014建筑设计防火规范第3.2.1条", 8.0);
        assert!(
            ls.iter()
                .any(|l| l.contains("50016-2014") || l.contains("50016-")),
            "{ls:?}"
        );
        for l in &ls {
            assert!(!l.ends_with("500"), "{ls:?}");
        }
        assert!(ls.iter().any(|l| l.contains("3.2.1")), "{ls:?}");
        let ls = lines("hello wonderful world", 6.0);
        assert_eq!(ls, vec!["hello", "wonderful", "world"]);
    }

    #[test]
    fn long_addresses_break_after_at_or_slash() {
        let ls = lines("联系人：王某某，邮箱：xfaqb@example.com。", 16.0);
        assert_eq!(ls, vec!["联系人：王某某，邮箱：xfaqb@", "example.com。"]);
        let ls = lines(
            "详见网址https://yjj.example.gov.cn/zwgk/tzgg/index.html。",
            14.0,
        );
        assert!(
            ls[0].ends_with("https://") || ls[0].ends_with('/'),
            "{ls:?}"
        );
        // Short words stay whole.
        let ls = lines("邮箱：甲乙丙丁戊己庚辛a@b.cn。", 12.0);
        assert!(ls.iter().any(|l| l.contains("a@b.cn")), "{ls:?}");
    }

    #[test]
    fn check_box_options_stay_whole() {
        let ls = lines("□符合 □不符合 □不涉及", 5.5);
        assert_eq!(ls, vec!["□符合", "□不符合", "□不涉及"]);
    }

    #[test]
    fn long_word_breaks_by_character_as_last_resort() {
        let word = "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz";
        let ls = lines(word, 5.0);
        assert!(ls.len() > 1);
        assert_eq!(ls.concat(), word, "nothing lost");
    }

    #[test]
    fn justified_lines_fill_the_width() {
        let f = fonts();
        let st = style(f);
        let m = Measure {
            width: Abs::pt(100.0),
            first_indent: Abs::pt(20.0),
            justify: true,
        };
        let inl = vec![Inline::Text(
            "一二三四五六七，八九十一二三四五六七八九十。".into(),
            InlineStyle::default(),
        )];
        let ls = break_lines(&inl, f, &st, m).unwrap_or_else(|e| panic!("{e}"));
        assert!(ls.len() >= 2);
        assert_eq!(ls[0].glyphs[0].x, Abs::pt(20.0));
        for l in &ls[..ls.len() - 1] {
            assert!(
                (l.width.to_pt() - 100.0).abs() < 0.01,
                "{}",
                l.width.to_pt()
            );
        }
        assert!(ls[ls.len() - 1].width < Abs::pt(100.0));
    }

    #[test]
    fn justification_stretches_between_options_not_inside_them() {
        let f = fonts();
        let st = style(f);
        let m = Measure {
            width: Abs::pt(100.0),
            first_indent: Abs::ZERO,
            justify: true,
        };
        let inl = vec![Inline::Text(
            "□无隐患 □有隐患 □不涉及".into(),
            InlineStyle::default(),
        )];
        let ls = break_lines(&inl, f, &st, m).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(ls[0].text(), "□无隐患 □有隐患");
        let g = &ls[0].glyphs;
        // Inside an option each glyph follows the one before by its advance.
        for k in [0, 1, 2, 5, 6, 7] {
            let gap = g[k + 1].x - g[k].x - g[k].adv;
            assert!(
                gap.to_pt().abs() < 0.01,
                "gap after {}: {}",
                g[k].ch,
                gap.to_pt()
            );
        }
        // One gap (the space) cannot take 1.75 em of slack: the line stays ragged.
        assert!(ls[0].width < Abs::pt(90.0), "{}", ls[0].width.to_pt());
    }

    #[test]
    fn forced_breaks_and_soft_breaks() {
        let f = fonts();
        let st = style(f);
        let m = Measure {
            width: Abs::pt(200.0),
            first_indent: Abs::ZERO,
            justify: true,
        };
        let s = InlineStyle::default();
        let inl = vec![
            Inline::Text("第一行\n续".into(), s),
            Inline::Break,
            Inline::Text("第三 行 word".into(), s),
        ];
        let ls = break_lines(&inl, f, &st, m).unwrap_or_else(|e| panic!("{e}"));
        let texts: Vec<String> = ls.iter().map(Line::text).collect();
        assert_eq!(texts, vec!["第一行", "续", "第三 行 word"]);
        let inl = vec![Inline::Text("第三\u{2028}行\u{2028}word".into(), s)];
        let ls = break_lines(&inl, f, &st, m).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            ls[0].text(),
            "第三行 word",
            "soft break vanishes between CJK"
        );
    }

    #[test]
    fn missing_glyph_names_the_character() {
        let f = fonts();
        let st = style(f);
        let m = Measure {
            width: Abs::pt(200.0),
            first_indent: Abs::ZERO,
            justify: false,
        };
        let inl = vec![Inline::Text("张𠀀同志".into(), InlineStyle::default())];
        let err = break_lines(&inl, f, &st, m)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("U+20000 '𠀀'"), "{err}");
        assert!(err.contains("张𠀀同志"), "{err}");
    }
}
