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
    opportunities(glyphs).0
}

/// Where a unit (see [`Unit`]) longer than a line may break: `Preferred` after
/// 年 and 月 and around 〔…〕, else `Any` opportunity inside it, before breaking
/// between any two characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Weak {
    None,
    Any,
    Preferred,
}

/// Break opportunities with units kept whole, and the weak ones inside units.
fn opportunities(glyphs: &[Shaped]) -> (Vec<bool>, Vec<Weak>) {
    let mut allow = base_opportunities(glyphs);
    let mut weak = vec![Weak::None; allow.len()];
    // Dates, 发文字号, numbers with their unit and short bracketed notes stay whole.
    let units = units(glyphs);
    // How many units each position is inside: a long unit breaks, if it must,
    // between the shorter ones it holds (（逾期/15天）), not inside them.
    let mut depth = vec![0u8; allow.len()];
    for u in &units {
        for d in &mut depth[u.start + 1..u.end] {
            *d = d.saturating_add(1);
        }
    }
    for u in &units {
        // (Mutation testing: `u.start + 1` → `u.start * 1` is equivalent: a
        // unit's start is at depth 0, or inside an outer unit whose own pass
        // has marked it already.)
        for j in u.start + 1..u.end {
            if allow[j] && depth[j] == 1 && weak[j] == Weak::None {
                weak[j] = Weak::Any;
            }
        }
        for &w in &u.weak {
            weak[w] = Weak::Preferred;
        }
    }
    for (a, d) in allow.iter_mut().zip(&depth) {
        if *d > 0 {
            *a = false;
        }
    }
    (allow, weak)
}

/// UAX #14 opportunities with the Chinese rules applied.
fn base_opportunities(glyphs: &[Shaped]) -> Vec<bool> {
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

/// A run of glyphs kept on one line, and where it had best break when it is
/// longer than a line (`weak`: after 年 and 月, around 〔…〕).
#[derive(Debug, Clone, PartialEq)]
struct Unit {
    start: usize,
    end: usize,
    weak: Vec<usize>,
}

/// Han ideographs (the unified blocks and extension A).
fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}')
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// The runs that must not break inside (see [`Unit`]):
/// - a date, digits with 年, 月, 日 (`2025年4月15日`, `3月21日`);
/// - a 发文字号: up to five characters of the issuer, `〔year〕`, a number and 号
///   (`襄安委办函〔2025〕12号`);
/// - a number with the character after it, its unit (`15天`, `3600元`), and a 第
///   before it (`第293号`);
/// - a short note with a number in full-width brackets, at most six characters
///   (`（逾期15天）`).
fn units(glyphs: &[Shaped]) -> Vec<Unit> {
    let ch: Vec<char> = glyphs.iter().map(|g| g.ch).collect();
    let n = ch.len();
    let digits_from = |i: usize| {
        let mut j = i;
        while j < n && is_digit(ch[j]) {
            j += 1;
        }
        j
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < n {
        if !is_digit(ch[i]) || (i > 0 && is_digit(ch[i - 1])) {
            i += 1;
            continue;
        }
        let start = if i > 0 && ch[i - 1] == '第' {
            i - 1
        } else {
            i
        };
        // Date tokens: digits + 年/月/日, one after another.
        let mut end = i;
        let mut weak = Vec::new();
        loop {
            let j = digits_from(end);
            if j > end && j < n && "年月日".contains(ch[j]) {
                if end > i {
                    weak.push(end);
                }
                end = j + 1;
            } else {
                break;
            }
        }
        if end == i {
            // A number and its unit.
            let j = digits_from(i);
            end = if j < n && is_han(ch[j]) { j + 1 } else { j };
        }
        if end - start >= 2 {
            out.push(Unit { start, end, weak });
        }
        i = end.max(i + 1);
    }
    for (p, &c) in ch.iter().enumerate() {
        match c {
            '〔' => {
                // 〔year〕number号, with up to five characters of the issuer before.
                let Some(q) = (p + 1..n.min(p + 7)).find(|&q| ch[q] == '〕') else {
                    continue;
                };
                let r = digits_from(q + 1);
                if r == q + 1 || r >= n || ch[r] != '号' {
                    continue;
                }
                let mut start = p;
                while start > 0 && p - start < 5 && is_han(ch[start - 1]) {
                    start -= 1;
                }
                out.push(Unit {
                    start,
                    end: r + 1,
                    weak: vec![p, q + 1],
                });
            }
            '（' => {
                let Some(q) = (p + 1..n.min(p + 8)).find(|&q| ch[q] == '）') else {
                    continue;
                };
                let inner = &ch[p + 1..q];
                let plain = inner
                    .iter()
                    .all(|&c| is_han(c) || is_digit(c) || c.is_ascii_alphanumeric());
                if plain && inner.iter().any(|&c| is_digit(c)) {
                    out.push(Unit {
                        start: p,
                        end: q + 1,
                        weak: Vec::new(),
                    });
                }
            }
            _ => {}
        }
    }
    out
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
        let (allow, weak) = opportunities(&glyphs);
        let n = glyphs.len();
        let mut start = 0;
        while start < n {
            let indent = if first { m.first_indent } else { Abs::ZERO };
            let limit = m.width - indent;
            let mut x = Abs::ZERO;
            let mut last_bp = None;
            let mut last_weak = None;
            let mut last_any = None;
            let mut end = n;
            for (i, g) in glyphs.iter().enumerate().skip(start) {
                if i > start && allow[i] {
                    last_bp = Some(i);
                }
                match weak[i] {
                    Weak::Preferred if i > start => last_weak = Some(i),
                    Weak::Any if i > start => last_any = Some(i),
                    _ => {}
                }
                if !(x + g.adv).fits(limit) && g.ch != ' ' {
                    end = match last_bp.or(last_weak).or(last_any) {
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

/// Words of safety-document titles a title line is not broken inside (the
/// titles have no spaces, and a break such as 重/大 or 做/好 reads badly).
const TITLE_WORDS: &[&str] = &[
    "关于",
    "深刻",
    "吸取",
    "教训",
    "切实",
    "做好",
    "进一步",
    "加强",
    "开展",
    "全面",
    "落实",
    "重大",
    "事故",
    "隐患",
    "安全",
    "生产",
    "经营",
    "单位",
    "企业",
    "主要",
    "负责人",
    "职责",
    "责任",
    "清单",
    "自查",
    "自改",
    "检查",
    "排查",
    "整治",
    "整改",
    "治理",
    "专项",
    "行动",
    "工作",
    "警示",
    "提醒",
    "通知",
    "报告",
    "意见",
    "方案",
    "规定",
    "办法",
    "标准",
    "判定",
    "危险",
    "化学品",
    "化工",
    "烟花爆竹",
    "燃气",
    "城镇",
    "矿山",
    "金属",
    "非金属",
    "房屋",
    "市政",
    "工程",
    "工贸",
    "粉尘",
    "爆炸",
    "有限空间",
    "动火",
    "作业",
    "现场",
    "示例",
    "人民政府",
    "应急",
    "管理",
    "消防",
];

/// Cost of breaking inside a [`TITLE_WORDS`] word, in squared ems.
const WORD_PENALTY: f32 = 50.0;
/// Cost of a last line of one or two characters, in squared ems.
const SHORT_LAST_PENALTY: f32 = 1000.0;
/// Bonus for breaking after the 的 of "关于…的", in squared ems.
const PHRASE_BONUS: f32 = 30.0;
/// Bonus for breaking before a bracketed note that ends the title (（试行）,
/// （山西省人民政府令第293号）), in squared ems.
const NOTE_BONUS: f32 = 100.0;

/// Breaks a title into balanced lines: as few lines as greedy breaking needs,
/// choosing among the break sets the one with the least raggedness (the squared
/// distance of each line's width from the mean, in ems), with a strong penalty
/// for a last line of one or two characters and for a break inside a word of
/// [`TITLE_WORDS`], and a bonus for a break before a bracketed note ending the
/// title or after the 的 that ends a "关于…的". A title on one line, or with forced breaks, is left as is.
pub(crate) fn break_title(
    inlines: &[Inline],
    fonts: &Fonts,
    style: &TextStyle,
    m: Measure,
) -> Result<Vec<Line>, Error> {
    let greedy = break_lines(inlines, fonts, style, m)?;
    let segs = segments(inlines, style.all_bold);
    if greedy.len() < 2 || segs.len() != 1 {
        return Ok(greedy);
    }
    let glyphs = shape(&segs[0], fonts, style)?;
    let allow = break_opportunities(&glyphs);
    let n = glyphs.len();
    let k = greedy.len();
    let mut pre = vec![Abs::ZERO; n + 1];
    for (i, g) in glyphs.iter().enumerate() {
        pre[i + 1] = pre[i] + g.adv;
    }
    let ch: Vec<char> = glyphs.iter().map(|g| g.ch).collect();
    // Width of glyphs a..b without trailing blanks; where the line after a
    // break at b starts (blanks skipped).
    let width = |a: usize, mut b: usize| {
        while b > a && ch[b - 1] == ' ' {
            b -= 1;
        }
        pre[b] - pre[a]
    };
    let start_at = |mut b: usize| {
        while b < n && ch[b] == ' ' {
            b += 1;
        }
        b
    };
    let em = style.size.to_pt().max(1.0);
    let target = width(0, n).to_pt() / k as f32;
    let mut inside = vec![false; n + 1];
    let text: String = ch.iter().collect();
    for w in TITLE_WORDS {
        for (byte, _) in text.match_indices(w) {
            let at = text[..byte].chars().count();
            let len = w.chars().count();
            for b in &mut inside[at + 1..at + len] {
                *b = true;
            }
        }
    }
    // The "（" that opens a note closing the title.
    let note = (ch.last() == Some(&'）'))
        .then(|| {
            let mut depth = 0;
            (0..n).rev().find(|&i| {
                match ch[i] {
                    '）' => depth += 1,
                    '（' => depth -= 1,
                    _ => {}
                }
                depth == 0
            })
        })
        .flatten();
    let last_de = ch
        .iter()
        .rposition(|&c| c == '的')
        .filter(|_| text.starts_with("关于"));
    let break_cost = |i: usize| {
        let mut c = 0.0;
        if inside[i] {
            c += WORD_PENALTY;
        }
        if note == Some(i) {
            c -= NOTE_BONUS;
        }
        if last_de.is_some_and(|d| d + 1 == i) {
            c -= PHRASE_BONUS;
        }
        c
    };
    let line_cost = |a: usize, b: usize| {
        let d = (width(a, b).to_pt() - target) / em;
        d * d
    };
    // best[j][i]: least cost of lines 1..=j with line j ending at i; `from` the
    // break before it.
    let inf = f32::INFINITY;
    let mut best = vec![vec![inf; n + 1]; k + 1];
    let mut from = vec![vec![0usize; n + 1]; k + 1];
    best[0][0] = 0.0;
    for j in 1..=k {
        let limit = if j == 1 {
            m.width - m.first_indent
        } else {
            m.width
        };
        for i in 1..=n {
            let ends_here = if j == k { i == n } else { i < n && allow[i] };
            if !ends_here {
                continue;
            }
            for p in 0..i {
                if best[j - 1][p] == inf || (p > 0 && !allow[p]) || (j == 1) != (p == 0) {
                    continue;
                }
                let a = start_at(p);
                if a >= i || !width(a, i).fits(limit) {
                    continue;
                }
                let mut c = best[j - 1][p] + line_cost(a, i);
                if j < k {
                    c += break_cost(i);
                } else {
                    let chars = ch[a..i]
                        .iter()
                        .filter(|c| !NO_LINE_START.contains(**c))
                        .count();
                    if chars <= 2 {
                        c += SHORT_LAST_PENALTY;
                    }
                }
                if c < best[j][i] {
                    best[j][i] = c;
                    from[j][i] = p;
                }
            }
        }
    }
    if best[k][n] == inf {
        return Ok(greedy);
    }
    let mut ends = vec![n];
    for j in (2..=k).rev() {
        let e = ends[ends.len() - 1];
        ends.push(from[j][e]);
    }
    ends.reverse();
    let mut lines = Vec::with_capacity(k);
    let mut a = 0;
    for (j, &e) in ends.iter().enumerate() {
        let indent = if j == 0 { m.first_indent } else { Abs::ZERO };
        lines.push(place(
            &glyphs[a..e],
            &allow[a..=e],
            indent,
            m.width - indent,
            false,
        ));
        a = start_at(e);
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

    #[test]
    fn dates_never_break_inside_unless_longer_than_a_line() {
        // At every width from 7 to 20 characters the date is on one line.
        for w in 7..=20 {
            let ls = lines("本次检查于2025年4月15日进行，发现隐患二项。", w as f32);
            assert!(
                ls.iter().any(|l| l.contains("2025年4月15日")),
                "{w}: {ls:?}"
            );
            check_rules(&ls);
        }
        // Narrower than the date: it breaks after 年 or 月, never inside a number.
        let ls = lines("（2025年3月21日）", 5.0);
        assert_eq!(ls, vec!["（2025年", "3月21日）"]);
    }

    #[test]
    fn document_numbers_and_states_stay_whole() {
        for w in 12..=20 {
            let ls = lines("根据襄安委办函〔2025〕12号文件要求开展自查。", w as f32);
            assert!(
                ls.iter().any(|l| l.contains("襄安委办函〔2025〕12号")),
                "{w}: {ls:?}"
            );
        }
        for w in 8..=12 {
            let ls = lines("状态：逾期未整改（逾期15天）。", w as f32);
            assert!(ls.iter().any(|l| l.contains("（逾期15天）")), "{w}: {ls:?}");
            assert!(ls.iter().all(|l| !l.ends_with("15")), "{w}: {ls:?}");
        }
        // Too narrow for the number: it breaks around 〔…〕, not inside it.
        let ls = lines("襄安委办函〔2025〕12号", 7.0);
        assert_eq!(ls, vec!["襄安委办函", "〔2025〕12号"]);
    }

    #[test]
    fn a_unit_may_start_a_line() {
        // The break before a date is open; only those inside it are closed.
        assert_eq!(
            lines("甲乙丙丁2025年4月15日", 8.0),
            ["甲乙丙丁", "2025年4月15日"]
        );
    }

    #[test]
    fn an_opening_bracket_keeps_its_blank_and_what_follows() {
        // "（ " may not end a line (UAX #14 alone would break after the blank).
        let ls = lines("一二三四（ 五六七", 5.0);
        assert_eq!(ls, ["一二三四", "（ 五六七"]);
        // An opening quote, which UAX #14 lets end a line before a blank.
        assert_eq!(lines("一二三四“ 五六七", 6.0), ["一二三", "四“ 五六七"]);
        assert_eq!(lines("ab cd “ ef gh ij", 5.0), ["ab cd", "“ ef gh ij"]);
        // Without a blank, a break two characters after the bracket is fine.
        assert_eq!(lines("一二三（五六七八九", 5.0), ["一二三（五", "六七八九"]);
    }

    /// Latin words of at least 12 characters (`LONG_WORD`) may break after `@`;
    /// shorter ones stay whole, wherever they stand in the line.
    #[test]
    fn long_word_rule_both_sides_of_twelve_characters() {
        assert_eq!(
            lines("邮箱甲乙丙丁戊己庚abcde@gh.cn", 14.0),
            ["邮箱甲乙丙丁戊己庚", "abcde@gh.cn"],
            "11 characters"
        );
        assert_eq!(
            lines("邮箱甲乙丙丁戊己庚abcdef@gh.cn", 14.0),
            ["邮箱甲乙丙丁戊己庚abcdef@", "gh.cn"],
            "12 characters"
        );
        assert_eq!(
            lines("邮箱甲乙丙丁戊己庚a@b.cn", 10.0),
            ["邮箱甲乙丙丁戊己庚", "a@b.cn"]
        );
    }

    /// A bracketed note longer than the line breaks between the shorter units
    /// it holds (（逾期 / 15天）), never inside them.
    #[test]
    fn a_long_note_breaks_outside_the_units_it_holds() {
        assert_eq!(lines("（逾期15天）", 4.0), ["（逾期", "15天）"]);
        assert_eq!(lines("（逾期15天）", 5.0), ["（逾期", "15天）"]);
        assert_eq!(
            lines("（逾期未整改15天）", 4.0),
            ["（逾期未", "整改", "15天）"]
        );
        assert_eq!(lines("（逾期未整改15天）", 6.0), ["（逾期未整改", "15天）"]);
    }

    fn title(text: &str, chars: f32) -> Vec<String> {
        let f = fonts();
        let st = style(f);
        let m = Measure {
            width: Abs::pt(10.0 * chars),
            first_indent: Abs::ZERO,
            justify: false,
        };
        let inl = vec![Inline::Text(text.into(), InlineStyle::default())];
        break_title(&inl, f, &st, m)
            .unwrap_or_else(|e| panic!("{e}"))
            .iter()
            .map(Line::text)
            .collect()
    }

    #[test]
    fn titles_balance_and_never_leave_one_or_two_characters() {
        // At the width where greedy breaking leaves 单 alone:
        let t = "化工和危险化学品生产经营单位重大生产安全事故隐患自查清单";
        let w = (80..120)
            .map(|q| q as f32 / 4.0)
            .find(|w| lines(t, *w).last().map(String::as_str) == Some("单"))
            .unwrap_or_else(|| panic!("no width leaves 单 alone"));
        assert_eq!(
            title(t, w),
            vec![
                "化工和危险化学品生产经营单位",
                "重大生产安全事故隐患自查清单"
            ]
        );
        // Where it fits on one line it stays one line.
        let f = fonts();
        let inl = vec![Inline::Text(t.into(), InlineStyle::default())];
        let (_, natural) = measure(&inl, f, &style(f)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(title(t, natural.to_pt() / 10.0), vec![t]);
        // A last line of two characters is avoided even at the cost of balance.
        let ls = title("关于开展安全生产大检查的通知", 13.0);
        assert!(ls.last().is_some_and(|l| l.chars().count() > 2), "{ls:?}");
    }
}
