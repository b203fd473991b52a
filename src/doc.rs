//! Turns the Markdown a template produced into a [`Document`]: page setup from the
//! front matter plus a small tree of blocks.
//!
//! This is the one source both backends read: `html` renders the same Markdown with
//! pulldown-cmark and uses [`PageSetup`] for its print stylesheet; `pdf` lays out
//! [`Block`]s. Raw HTML is understood only for the layout vocabulary of DESIGN.md
//! (`<div class="left|right|center|seal|imprint|card|pagebreak">`, `<br>`); anything else is dropped
//! from the PDF, so a stray tag in data can never change the layout.

use pulldown_cmark::{Alignment, CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::{Deserialize, Serialize};

/// A parsed document: page setup and the blocks to lay out.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// Page setup from the front matter.
    pub setup: PageSetup,
    /// Content blocks, in order.
    pub blocks: Vec<Block>,
}

/// Errors in a document's front matter.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The front matter is not valid YAML for [`PageSetup`].
    #[error("front matter: {0}")]
    FrontMatter(#[from] serde_norway::Error),
    /// A value parsed but makes no sense (unknown size name, bad width).
    #[error("front matter: {0}")]
    Value(String),
}

/// A length in the front matter: millimetres as a number, or a string with a unit.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub enum Width {
    /// Absolute width in millimetres.
    Mm(f32),
    /// Share of the text width, in percent.
    Percent(f32),
}

impl<'de> Deserialize<'de> for Width {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Num(f32),
            Str(String),
        }
        match Raw::deserialize(d)? {
            // A number is millimetres, checked like `20mm` (NaN, 0, negative refused).
            Raw::Num(n) => parse_width(&n.to_string()).ok_or_else(|| {
                serde::de::Error::custom(format!(
                    "width `{n}` is out of range: write millimetres from 0 to 1000 (`20`) or a percentage (`25%`)"
                ))
            }),
            Raw::Str(s) => parse_width(&s).ok_or_else(|| {
                serde::de::Error::custom(format!(
                    "width `{s}` is not understood: write millimetres (`20` or `20mm`) or a percentage (`25%`)"
                ))
            }),
        }
    }
}

fn parse_width(s: &str) -> Option<Width> {
    let s = s.trim();
    if let Some(p) = s.strip_suffix('%') {
        let v: f32 = p.trim().parse().ok()?;
        return (v > 0.0 && v <= 100.0).then_some(Width::Percent(v));
    }
    let v: f32 = s.strip_suffix("mm").unwrap_or(s).trim().parse().ok()?;
    (v > 0.0 && v < 1000.0).then_some(Width::Mm(v))
}

/// A font size: points, or a Chinese size name (三号 = 16 pt).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct FontSize(pub f32);

/// Chinese type size names and their sizes in points (GB/T 9704 uses these).
pub const CHINESE_SIZES: &[(&str, f32)] = &[
    ("初号", 42.0),
    ("小初", 36.0),
    ("一号", 26.0),
    ("小一", 24.0),
    ("二号", 22.0),
    ("小二", 18.0),
    ("三号", 16.0),
    ("小三", 15.0),
    ("四号", 14.0),
    ("小四", 12.0),
    ("五号", 10.5),
    ("小五", 9.0),
];

impl FontSize {
    /// Parses `12`, `12pt`, `10.5` or a Chinese size name such as `小四`.
    pub fn parse(s: &str) -> Option<FontSize> {
        let s = s.trim();
        if let Some((_, pt)) = CHINESE_SIZES.iter().find(|(n, _)| *n == s) {
            return Some(FontSize(*pt));
        }
        let v: f32 = s.strip_suffix("pt").unwrap_or(s).trim().parse().ok()?;
        (4.0..=96.0).contains(&v).then_some(FontSize(v))
    }
}

impl<'de> Deserialize<'de> for FontSize {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Num(f32),
            Str(String),
        }
        let text = match Raw::deserialize(d)? {
            Raw::Num(n) => n.to_string(),
            Raw::Str(s) => s,
        };
        FontSize::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "font size `{text}` is not understood: write points from 4 to 96 (`12`) or a Chinese size name (二号, 三号, 四号, 小四 …)"
            ))
        })
    }
}

/// Page margins in millimetres.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Margins {
    /// Top margin (天头).
    pub top: f32,
    /// Right margin.
    pub right: f32,
    /// Bottom margin.
    pub bottom: f32,
    /// Left margin (订口).
    pub left: f32,
}

impl Default for Margins {
    fn default() -> Self {
        Margins {
            top: 25.0,
            right: 20.0,
            bottom: 25.0,
            left: 25.0,
        }
    }
}

/// Page orientation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Orientation {
    /// Upright A4 (210 × 297 mm).
    #[default]
    Portrait,
    /// Sideways A4 (297 × 210 mm).
    Landscape,
}

/// A named house style that fixes several settings at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Style {
    /// GB/T 9704-2012 official-document layout (letters).
    Gbt9704,
}

/// How a GB/T 9704 letterhead (版头) is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LetterheadFormat {
    /// 信函格式 (GB/T 9704-2012 §10.1, the form of a 函): the issuer 30 mm below the
    /// paper's top edge, a red double rule 4 mm below it and another 20 mm above
    /// the bottom edge, the 发文字号 flush right under the rule, no page number on
    /// page 1, and a 版记 of 抄送 only.
    #[default]
    Letter,
    /// 文件格式: the issuer 35 mm below the text block's top, the 发文字号 centred
    /// two lines below it, a red rule 4 mm under the 发文字号.
    File,
}

/// Page setup, from the YAML front matter of a template's output.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PageSetup {
    /// Document title (PDF metadata, HTML `<title>`).
    pub title: Option<String>,
    /// Paper size; only `A4` is supported.
    pub paper: String,
    /// Portrait or landscape.
    pub orientation: Orientation,
    /// Margins in millimetres.
    pub margins: Margins,
    /// Body font role or family name (`serif`, `sans`, or a family from `--font-dir`).
    pub font: String,
    /// Body text size.
    pub size: FontSize,
    /// Size of level-1 headings (the document title).
    pub title_size: FontSize,
    /// Size of level-2 and deeper headings.
    pub heading_size: FontSize,
    /// Size of table text.
    pub table_size: FontSize,
    /// Line height as a multiple of the font size.
    pub line_height: f32,
    /// Indent the first line of paragraphs by two characters.
    pub indent: bool,
    /// Page number format, e.g. `第 {page} 页 共 {pages} 页` or `— {page} —`.
    pub page_number: Option<String>,
    /// Text at the top of every page.
    pub header: Option<String>,
    /// Text at the bottom of every page (above the page number).
    pub footer: Option<String>,
    /// Column widths for tables, applied to every table with this many columns.
    pub widths: Vec<Width>,
    /// A house style (`gbt9704`).
    pub style: Option<Style>,
    /// Marks every page with a 草稿 (draft) watermark.
    pub draft: bool,
    /// Author or issuer, for the PDF metadata.
    pub author: Option<String>,
    /// Subject, for the PDF metadata.
    pub subject: Option<String>,
    /// The document's own date (YYYY-MM-DD), used for PDF dates.
    pub date: Option<String>,
    /// GB/T 9704 发文机关标志: printed in red at the top of page 1 (with
    /// `style: gbt9704`).
    pub letterhead: Option<String>,
    /// 发文字号, placed under the letterhead as `letterhead_format` says.
    pub doc_no: Option<String>,
    /// 信函格式 (`letter`, the default) or 文件格式 (`file`).
    pub letterhead_format: LetterheadFormat,
    /// The family of body text when it differs from `font` (which then still sets
    /// the title, letterhead, page numbers and tables): `fangsong` for `style:
    /// gbt9704` without a `font:` key. Not a front matter key.
    #[serde(skip)]
    pub body_font: Option<String>,
}

impl Default for PageSetup {
    fn default() -> Self {
        PageSetup {
            title: None,
            paper: "A4".into(),
            orientation: Orientation::Portrait,
            margins: Margins::default(),
            font: "serif".into(),
            size: FontSize(12.0),
            title_size: FontSize(18.0),
            heading_size: FontSize(14.0),
            table_size: FontSize(10.5),
            line_height: 1.5,
            indent: false,
            page_number: Some("第 {page} 页 共 {pages} 页".into()),
            header: None,
            footer: None,
            widths: Vec::new(),
            style: None,
            draft: false,
            author: None,
            subject: None,
            date: None,
            letterhead: None,
            doc_no: None,
            letterhead_format: LetterheadFormat::Letter,
            body_font: None,
        }
    }
}

/// GB/T 9704-2012 body size: 三号 (16 pt).
pub const GBT9704_BODY_PT: f32 = 16.0;
/// GB/T 9704-2012 text block: 156 × 225 mm, 22 lines of 28 characters.
pub const GBT9704_BLOCK_MM: (f32, f32) = (156.0, 225.0);
/// Lines per page in the GB/T 9704 text block.
pub const GBT9704_LINES: f32 = 22.0;

impl PageSetup {
    /// Fixes what GB/T 9704-2012 fixes: A4 portrait, 天头 37 mm, 订口 28 mm, a
    /// 156 × 225 mm text block, 三号 body on a 22-line grid, 二号 title, first-line
    /// indent, `— 1 —` page numbers. Other keys (table sizes, widths) stay. The
    /// body font is set by [`parse_setup`] (仿宋 unless `font:` names one).
    pub fn apply_gbt9704(&mut self) {
        let (w, h) = GBT9704_BLOCK_MM;
        self.orientation = Orientation::Portrait;
        self.margins = Margins {
            top: 37.0,
            left: 28.0,
            right: 210.0 - 28.0 - w,
            bottom: 297.0 - 37.0 - h,
        };
        self.size = FontSize(GBT9704_BODY_PT);
        self.title_size = FontSize(22.0);
        self.heading_size = FontSize(GBT9704_BODY_PT);
        // 225 mm / 22 lines = 10.23 mm = 28.99 pt a line.
        self.line_height = (h / GBT9704_LINES) / 25.4 * 72.0 / GBT9704_BODY_PT;
        self.indent = true;
        self.page_number = Some("— {page} —".into());
    }

    /// Page size in millimetres (width, height).
    pub fn page_size_mm(&self) -> (f32, f32) {
        match self.orientation {
            Orientation::Portrait => (210.0, 297.0),
            Orientation::Landscape => (297.0, 210.0),
        }
    }
}

/// Inline style flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct InlineStyle {
    /// Bold face (`**…**`).
    pub bold: bool,
    /// Italic (`*…*`); CJK fonts have no italic, so the PDF keeps it upright.
    pub italic: bool,
}

/// A piece of running text.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    /// Text in one style.
    Text(String, InlineStyle),
    /// A forced line break (`<br>` or two trailing spaces).
    Break,
}

/// Horizontal alignment of a block or table column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    /// Flush left (justified for CJK paragraphs).
    #[default]
    Left,
    /// Centred.
    Center,
    /// Flush right.
    Right,
}

/// A table: header row, body rows, per-column alignment.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Column alignment from the Markdown delimiter row.
    pub align: Vec<Align>,
    /// Column widths from the front matter, if any matched this table.
    pub widths: Vec<Width>,
    /// Header cells (repeated on every page).
    pub head: Vec<Vec<Inline>>,
    /// Body rows; each row has one cell per column.
    pub rows: Vec<Vec<Vec<Inline>>>,
}

/// A block of content.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A heading, level 1–6.
    Heading(u8, Vec<Inline>),
    /// A paragraph.
    Paragraph(Vec<Inline>),
    /// A list; `start` is `Some(n)` for an ordered list.
    List {
        /// First number of an ordered list, `None` for bullets.
        start: Option<u64>,
        /// Each item is a sequence of blocks.
        items: Vec<Vec<Block>>,
    },
    /// A block quote.
    Quote(Vec<Block>),
    /// A horizontal rule (`---`).
    Rule,
    /// A table.
    Table(Table),
    /// Content aligned as a group (`<div class="right">`, `"center"`, or
    /// `"left"`: flush left with no first-line indent, for 主送 and 版记).
    Aligned(Align, Vec<Block>),
    /// GB/T 9704 版记 (`<div class="imprint">`: 抄送, 印发机关和日期): flush left
    /// between a thick rule above and below, kept together on one page.
    Imprint(Vec<Block>),
    /// Space reserved for an official seal (`<div class="seal">`).
    Seal(Vec<Block>),
    /// An A6 card (`<div class="card">`, at the top level only): the PDF sets
    /// consecutive cards four to an A4 sheet with cut marks between them; its
    /// first heading is the card's title band.
    Card(Vec<Block>),
    /// Start a new page (`<div class="pagebreak"></div>`).
    PageBreak,
    /// A chart (a fenced block ```` ```chart ```` holding its JSON description).
    Chart(crate::chart::Chart),
}

/// Splits a Markdown text into its YAML front matter (without the `---` fences) and body.
pub fn split_front_matter(text: &str) -> (Option<&str>, &str) {
    let t = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Some(rest) = t
        .strip_prefix("---\n")
        .or_else(|| t.strip_prefix("---\r\n"))
    else {
        return (None, t);
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            return (Some(&rest[..offset]), &rest[offset + line.len()..]);
        }
        offset += line.len();
    }
    (None, t)
}

/// The body font role of `style: gbt9704` documents without a `font:` key.
pub const GBT9704_BODY_FONT: &str = "fangsong";

/// Whether front matter text has a top-level `font:` key.
fn names_font(front: &str) -> bool {
    #[derive(Deserialize, Default)]
    #[serde(default)]
    struct Keys {
        font: Option<String>,
    }
    crate::nesting::nesting_violation(front).is_none()
        && serde_norway::from_str::<Keys>(front).is_ok_and(|k| k.font.is_some())
}

/// Parses page setup from front matter text (empty text gives the defaults).
pub fn parse_setup(front: Option<&str>) -> Result<PageSetup, Error> {
    // The YAML scanner takes time quadratic in the nesting depth: refuse deep
    // nesting (a template's output may hold anything) before it sees the text.
    if let Some(at) = front.and_then(crate::nesting::nesting_violation) {
        let before = front.and_then(|f| f.get(..at)).unwrap_or("");
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        return Err(Error::Value(format!(
            "nested deeper than {} levels (line {line}, column {column} of the front matter)",
            crate::nesting::MAX_NESTING
        )));
    }
    let mut setup: PageSetup = match front {
        Some(f) if !f.trim().is_empty() => serde_norway::from_str(f)?,
        _ => PageSetup::default(),
    };
    if setup.style == Some(Style::Gbt9704) {
        setup.apply_gbt9704();
        // GB/T 9704 body text is 仿宋 (a user 仿宋_GB2312 from --font-dir, else the
        // bundled 朱雀仿宋); title, 发文机关标志 and page numbers stay in `font`
        // (宋体: Noto Serif SC). An explicit `font:` sets everything, as before.
        if !front.is_some_and(names_font) {
            setup.body_font = Some(GBT9704_BODY_FONT.to_string());
        }
    }
    if !setup.paper.eq_ignore_ascii_case("a4") {
        return Err(Error::Value(format!(
            "paper `{}` is not supported: use A4 (and `orientation: landscape` for sideways)",
            setup.paper
        )));
    }
    if !(0.8..=4.0).contains(&setup.line_height) {
        return Err(Error::Value(format!(
            "line_height {} is out of range: use a multiple of the font size from 0.8 to 4",
            setup.line_height
        )));
    }
    let m = setup.margins;
    let (w, h) = setup.page_size_mm();
    // NaN (`.nan` in YAML) passed the comparisons below and made layout loop forever.
    if [m.top, m.right, m.bottom, m.left]
        .iter()
        .any(|v| !v.is_finite() || *v < 0.0)
        || m.left + m.right > w - 40.0
        || m.top + m.bottom > h - 40.0
    {
        return Err(Error::Value(
            "margins leave less than 40 mm for text: make them smaller".into(),
        ));
    }
    Ok(setup)
}

/// The Markdown extensions qingdan uses (tables, strikethrough).
pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// The raw HTML a Markdown text from outside (an event's attachment) may keep:
/// the layout vocabulary and line breaks. Anything else (`<script>`, `<img
/// onerror=…>`, `<a href="javascript:…">`) is made text.
const ALLOWED_HTML: &[&str] = &[
    "<div class=\"left\">",
    "<div class=\"right\">",
    "<div class=\"center\">",
    "<div class=\"seal\">",
    "<div class=\"pagebreak\"></div>",
    "</div>",
    "<br>",
    "<br/>",
    "<br />",
];

/// `md` with every raw HTML tag outside [`ALLOWED_HTML`] escaped (`<` → `&lt;`),
/// so it prints as the characters written and never reaches a page as markup.
pub fn inert_html(md: &str) -> String {
    let mut ranges: Vec<std::ops::Range<usize>> = Vec::new();
    for (e, range) in Parser::new_ext(md, markdown_options()).into_offset_iter() {
        if let Event::Html(h) | Event::InlineHtml(h) = &e {
            let allowed = h
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .all(|l| ALLOWED_HTML.contains(&l));
            if !allowed {
                ranges.push(range);
            }
        }
    }
    let mut out = String::with_capacity(md.len());
    let mut last = 0;
    for r in ranges {
        if r.start < last {
            continue;
        }
        out.push_str(&md[last..r.start]);
        out.push_str(&md[r.clone()].replace('<', "&lt;"));
        last = r.end;
    }
    out.push_str(&md[last..]);
    out
}

/// Parses a whole Markdown text (front matter and body) into a [`Document`].
pub fn parse(text: &str) -> Result<Document, Error> {
    let (front, body) = split_front_matter(text);
    let setup = parse_setup(front)?;
    let blocks = parse_blocks(body, &setup.widths);
    Ok(Document { setup, blocks })
}

/// What a raw HTML block means in the layout vocabulary.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Container {
    Aligned(Align),
    Seal,
    /// GB/T 9704 版记 (抄送, 印发): between two rules, without indent.
    Imprint,
    /// An A6 card (only at the top level; elsewhere `Other`).
    Card,
    Other,
}

struct Frame {
    kind: FrameKind,
    blocks: Vec<Block>,
}

enum FrameKind {
    Root,
    Div(Container),
    Quote,
    ListItem,
    /// A quote or list item nested deeper than [`MAX_NESTING`] (a div that deep
    /// becomes `Div(Other)`): its blocks go to the enclosing container.
    Flat,
}

impl FrameKind {
    /// Whether the frame becomes a block that contains blocks.
    fn nests(&self) -> bool {
        matches!(
            self,
            FrameKind::Quote
                | FrameKind::ListItem
                | FrameKind::Div(
                    Container::Aligned(_) | Container::Seal | Container::Imprint | Container::Card
                )
        )
    }
}

/// Deepest nesting of quotes, list items and aligned divs kept as such; deeper
/// ones are flattened into their container. Layout recurses once per level, so
/// without a bound 10,000 nested `>` overflowed the stack (found by fuzzing).
pub const MAX_NESTING: usize = 48;

/// Builds blocks from pulldown-cmark events.
struct Builder<'w> {
    frames: Vec<Frame>,
    inlines: Vec<Inline>,
    style: InlineStyle,
    lists: Vec<(Option<u64>, Vec<Vec<Block>>)>,
    table: Option<Table>,
    row: Vec<Vec<Inline>>,
    in_head: bool,
    heading: Option<u8>,
    widths: &'w [Width],
    /// Open frames that nest (see [`FrameKind::nests`]), at most [`MAX_NESTING`].
    depth: usize,
    /// Open lists too deep to keep, whose items are flattened.
    flat_lists: usize,
    /// Inside a ```` ```chart ```` block: its text so far.
    chart: Option<String>,
}

/// Parses a Markdown body (no front matter) into blocks.
pub fn parse_blocks(body: &str, widths: &[Width]) -> Vec<Block> {
    let mut b = Builder {
        frames: vec![Frame {
            kind: FrameKind::Root,
            blocks: Vec::new(),
        }],
        inlines: Vec::new(),
        style: InlineStyle::default(),
        lists: Vec::new(),
        table: None,
        row: Vec::new(),
        in_head: false,
        heading: None,
        widths,
        depth: 0,
        flat_lists: 0,
        chart: None,
    };
    for event in Parser::new_ext(body, markdown_options()) {
        b.event(event);
    }
    // Close anything a template left open, so no content is lost.
    while b.frames.len() > 1 {
        b.close_frame();
    }
    b.frames.pop().map(|f| f.blocks).unwrap_or_default()
}

impl Builder<'_> {
    fn push_block(&mut self, block: Block) {
        if let Some(f) = self.frames.last_mut() {
            f.blocks.push(block);
        }
    }

    fn take_inlines(&mut self) -> Vec<Inline> {
        let mut v = std::mem::take(&mut self.inlines);
        // Trim trailing breaks and surrounding blanks, which only add empty lines.
        while matches!(v.last(), Some(Inline::Break)) {
            v.pop();
        }
        v
    }

    fn text(&mut self, s: &str) {
        if let Some(Inline::Text(prev, st)) = self.inlines.last_mut() {
            if *st == self.style {
                prev.push_str(s);
                return;
            }
        }
        self.inlines.push(Inline::Text(s.to_string(), self.style));
    }

    /// Opens a container frame, flattened when nesting is already at its bound.
    fn open(&mut self, kind: FrameKind) {
        let kind = match kind {
            k if !k.nests() => k,
            // A div stays a div, so that `</div>` still closes it.
            FrameKind::Div(_) if self.depth >= MAX_NESTING => FrameKind::Div(Container::Other),
            _ if self.depth >= MAX_NESTING => FrameKind::Flat,
            k => {
                self.depth += 1;
                k
            }
        };
        self.frames.push(Frame {
            kind,
            blocks: Vec::new(),
        });
    }

    fn close_frame(&mut self) {
        let Some(frame) = self.frames.pop() else {
            return;
        };
        if frame.kind.nests() {
            self.depth = self.depth.saturating_sub(1);
        }
        let block = match frame.kind {
            FrameKind::Root => {
                self.frames.push(frame);
                return;
            }
            FrameKind::Div(Container::Aligned(a)) => Block::Aligned(a, frame.blocks),
            FrameKind::Div(Container::Seal) => Block::Seal(frame.blocks),
            FrameKind::Div(Container::Imprint) => Block::Imprint(frame.blocks),
            FrameKind::Div(Container::Card) => Block::Card(frame.blocks),
            FrameKind::Div(Container::Other) | FrameKind::Flat => {
                for b in frame.blocks {
                    self.push_block(b);
                }
                return;
            }
            FrameKind::Quote => Block::Quote(frame.blocks),
            FrameKind::ListItem => {
                if let Some((_, items)) = self.lists.last_mut() {
                    items.push(frame.blocks);
                }
                return;
            }
        };
        self.push_block(block);
    }

    fn html(&mut self, html: &str) {
        for tag in html_tags(html) {
            match tag {
                HtmlTag::Open(class) => {
                    if class == Some("pagebreak") {
                        self.push_block(Block::PageBreak);
                        // `<div class="pagebreak"></div>` closes itself below.
                        self.frames.push(Frame {
                            kind: FrameKind::Div(Container::Other),
                            blocks: Vec::new(),
                        });
                        continue;
                    }
                    let c = match class {
                        Some("right") => Container::Aligned(Align::Right),
                        Some("center") => Container::Aligned(Align::Center),
                        Some("left") => Container::Aligned(Align::Left),
                        Some("seal") => Container::Seal,
                        Some("imprint") => Container::Imprint,
                        // A card is a page region: only at the top level.
                        Some("card") if self.depth == 0 => Container::Card,
                        _ => Container::Other,
                    };
                    self.open(FrameKind::Div(c));
                }
                HtmlTag::Close => {
                    if matches!(self.frames.last().map(|f| &f.kind), Some(FrameKind::Div(_))) {
                        self.close_frame();
                    }
                }
                HtmlTag::Br => self.inlines.push(Inline::Break),
            }
        }
    }

    fn event(&mut self, event: Event<'_>) {
        if let Some(text) = self.chart.as_mut() {
            match event {
                Event::Text(t) => text.push_str(&t),
                Event::End(TagEnd::CodeBlock) => self.end_chart(),
                _ => {}
            }
            return;
        }
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) | Event::Code(t) => self.text(&t),
            // A line break in the source: a space between Latin words, nothing
            // between CJK characters; `pdf::text` decides by the neighbours.
            Event::SoftBreak => self.text("\u{2028}"),
            Event::HardBreak => self.inlines.push(Inline::Break),
            Event::Html(h) => {
                // Text gathered before a raw block belongs to the block before it.
                self.html(&h)
            }
            Event::InlineHtml(h) => {
                for tag in html_tags(&h) {
                    if tag == HtmlTag::Br {
                        self.inlines.push(Inline::Break);
                    }
                }
            }
            Event::Rule => self.push_block(Block::Rule),
            Event::TaskListMarker(done) => self.text(if done { "☑ " } else { "□ " }),
            Event::FootnoteReference(_) | Event::InlineMath(_) | Event::DisplayMath(_) => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph => self.inlines.clear(),
            Tag::Heading { level, .. } => {
                self.inlines.clear();
                self.heading = Some(heading_level(level));
            }
            Tag::BlockQuote(_) => self.open(FrameKind::Quote),
            Tag::List(_) if self.depth >= MAX_NESTING => self.flat_lists += 1,
            Tag::List(start) => self.lists.push((start, Vec::new())),
            Tag::Item => {
                self.inlines.clear();
                self.open(FrameKind::ListItem);
            }
            Tag::Table(align) => {
                let align: Vec<Align> = align
                    .into_iter()
                    .map(|a| match a {
                        Alignment::Center => Align::Center,
                        Alignment::Right => Align::Right,
                        Alignment::Left | Alignment::None => Align::Left,
                    })
                    .collect();
                let widths = if self.widths.len() == align.len() {
                    self.widths.to_vec()
                } else {
                    Vec::new()
                };
                self.table = Some(Table {
                    align,
                    widths,
                    head: Vec::new(),
                    rows: Vec::new(),
                });
            }
            Tag::TableHead => {
                self.in_head = true;
                self.row.clear();
            }
            Tag::TableRow => self.row.clear(),
            Tag::TableCell => self.inlines.clear(),
            Tag::Strong => self.style.bold = true,
            Tag::Emphasis => self.style.italic = true,
            Tag::CodeBlock(CodeBlockKind::Fenced(info)) if info.trim() == crate::chart::FENCE => {
                self.chart = Some(String::new());
            }
            _ => {}
        }
    }

    /// The end of a ```` ```chart ```` block: the chart, or, when its
    /// description is invalid, a paragraph that says so in the document.
    fn end_chart(&mut self) {
        let text = self.chart.take().unwrap_or_default();
        match crate::chart::parse(&text) {
            Ok(c) => self.push_block(Block::Chart(c)),
            Err(e) => self.push_block(Block::Paragraph(vec![Inline::Text(
                format!("［图表无法绘制：{e}］"),
                InlineStyle::default(),
            )])),
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => {
                let inl = self.take_inlines();
                if !inl.is_empty() {
                    self.push_block(Block::Paragraph(inl));
                }
            }
            TagEnd::Heading(_) => {
                let inl = self.take_inlines();
                let level = self.heading.take().unwrap_or(1);
                self.push_block(Block::Heading(level, inl));
            }
            TagEnd::BlockQuote(_) => self.close_frame(),
            TagEnd::Item => {
                // A tight list item has bare text, no paragraph.
                let inl = self.take_inlines();
                if !inl.is_empty() {
                    self.push_block(Block::Paragraph(inl));
                }
                // Close any div left open inside the item, then the item itself.
                while matches!(self.frames.last().map(|f| &f.kind), Some(FrameKind::Div(_))) {
                    self.close_frame();
                }
                self.close_frame();
            }
            TagEnd::List(_) if self.flat_lists > 0 => self.flat_lists -= 1,
            TagEnd::List(_) => {
                if let Some((start, items)) = self.lists.pop() {
                    self.push_block(Block::List { start, items });
                }
            }
            TagEnd::TableCell => {
                let inl = self.take_inlines();
                self.row.push(inl);
            }
            TagEnd::TableHead => {
                self.in_head = false;
                if let Some(t) = self.table.as_mut() {
                    t.head = std::mem::take(&mut self.row);
                }
            }
            TagEnd::TableRow => {
                if let Some(t) = self.table.as_mut() {
                    let mut row = std::mem::take(&mut self.row);
                    row.resize(t.align.len(), Vec::new());
                    t.rows.push(row);
                }
            }
            TagEnd::Table => {
                if let Some(t) = self.table.take() {
                    self.push_block(Block::Table(t));
                }
            }
            TagEnd::Strong => self.style.bold = false,
            TagEnd::Emphasis => self.style.italic = false,
            _ => {}
        }
    }
}

fn heading_level(l: HeadingLevel) -> u8 {
    match l {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// The raw-HTML tags the layout vocabulary knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum HtmlTag<'a> {
    /// `<div …>` with its class, if any.
    Open(Option<&'a str>),
    /// `</div>`.
    Close,
    /// `<br>`, `<br/>`.
    Br,
}

/// Finds `<div class="…">`, `</div>` and `<br>` in a raw HTML fragment, in order.
fn html_tags(html: &str) -> Vec<HtmlTag<'_>> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        let after = &rest[start + 1..];
        let end = after.find('>').unwrap_or(after.len());
        let inner = after[..end].trim();
        let lower = inner.to_ascii_lowercase();
        if lower.starts_with("/div") {
            out.push(HtmlTag::Close);
        } else if lower.starts_with("div") {
            let class = inner.find("class=").and_then(|i| {
                let v = &inner[i + 6..];
                let q = v.chars().next()?;
                if q == '"' || q == '\'' {
                    let v = &v[1..];
                    v.find(q).map(|e| v[..e].trim())
                } else {
                    None
                }
            });
            out.push(HtmlTag::Open(class));
            if inner.ends_with('/') {
                out.push(HtmlTag::Close);
            }
        } else if lower.starts_with("br") {
            out.push(HtmlTag::Br);
        }
        rest = after.get(end + 1..).unwrap_or("");
    }
    out
}

/// Plain text of inlines, breaks as newlines (for tests, headers and metadata).
pub fn plain_text(inlines: &[Inline]) -> String {
    let mut s = String::new();
    for i in inlines {
        match i {
            Inline::Text(t, _) => s.push_str(t),
            Inline::Break => s.push('\n'),
        }
    }
    s
}

impl Table {
    /// Its number of columns: the widest of the delimiter row, the header and
    /// the body rows.
    pub fn columns(&self) -> usize {
        self.align
            .len()
            .max(self.head.len())
            .max(self.rows.iter().map(Vec::len).max().unwrap_or(0))
    }
}

/// For a section label row (one non-empty cell in a table of `n` ≥ 3 columns,
/// such as a section title), the column of that cell, from which it spans to
/// the right edge; `None` for any other row. Both backends shade it and keep it
/// with the row after it.
pub fn label_cell(cells: &[Vec<Inline>], n: usize) -> Option<usize> {
    let filled = cells.iter().filter(|c| !c.is_empty()).count();
    (n >= 3 && filled == 1)
        .then(|| cells.iter().position(|c| !c.is_empty()))
        .flatten()
}

/// Whether a table body row introduces the rows after it (both backends keep it
/// with the next row): its first cell that is
/// not a number (序号 such as 11, 64.1 or （一）) ends in a colon, as an item
/// 存在下列情形之一的： whose cases follow. A colon in a later cell is a blank
/// to fill in (责任人：, 整改时限：) and introduces nothing.
pub fn row_introduces(cells: &[Vec<Inline>]) -> bool {
    let numeral = |t: &str| {
        t.chars().all(|c| {
            c.is_ascii_digit()
                || c.is_whitespace()
                || ".、()（）一二三四五六七八九十百零〇".contains(c)
        })
    };
    cells
        .iter()
        .map(|c| plain_text(c))
        .find(|t| !numeral(t))
        .is_some_and(|t| t.trim_end().ends_with(['：', ':']))
}

#[cfg(test)]
mod tests;
