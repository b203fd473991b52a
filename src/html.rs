//! Markdown → one self-contained HTML page with an embedded print stylesheet.
//!
//! The body is pulldown-cmark's HTML for the same Markdown the PDF is made from;
//! the stylesheet comes from the front matter (A4 `@page` and margins, font
//! sizes, table column widths) so a browser prints the form as the PDF does.
//! Data in the Markdown was escaped by the template stage, so it stays inert.
//!
//! With the PDF font set, the page embeds the faces it uses as `@font-face` rules
//! with `data:` URLs, each subset to the characters this page draws in it (the
//! PDF's fallback chains pick the face of every character, so the page looks
//! like the PDF even where no CJK font is installed); the system font names stay
//! in each `font-family` list as a fallback.

use std::fmt::Write as _;

use pulldown_cmark::{
    html::push_html, CodeBlockKind, CowStr, Event, HeadingLevel, Parser, Tag, TagEnd,
};

use crate::doc::{self, Orientation, PageSetup, Width};
use crate::pdf::{Fonts, WebFonts};

/// A link or image whose address would run script becomes one to `#`.
fn safe_link(e: Event<'_>) -> Event<'_> {
    let risky = |d: &str| {
        let d: String = d
            .chars()
            .filter(|c| !c.is_whitespace() && !c.is_control())
            .collect::<String>()
            .to_ascii_lowercase();
        ["javascript:", "vbscript:", "data:"]
            .iter()
            .any(|s| d.starts_with(s))
    };
    match e {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) if risky(&dest_url) => Event::Start(Tag::Link {
            link_type,
            dest_url: CowStr::from("#"),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) if risky(&dest_url) => Event::Start(Tag::Image {
            link_type,
            dest_url: CowStr::from("#"),
            title,
            id,
        }),
        e => e,
    }
}

/// Body rows of a table of three or more columns with one non-empty cell (a
/// section title) become one cell spanning from there to the right edge, as the
/// PDF draws them: `<td colspan>` instead of a row of empty cells.
fn span_label_rows(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut out = Vec::with_capacity(events.len());
    let mut columns = 0;
    let mut in_head = false;
    let mut row: Option<Vec<Event<'_>>> = None;
    for e in events {
        match &e {
            Event::Start(Tag::Table(align)) => columns = align.len(),
            Event::Start(Tag::TableHead) => in_head = true,
            Event::End(TagEnd::TableHead) => in_head = false,
            Event::Start(Tag::TableRow) if !in_head => {
                row = Some(vec![e]);
                continue;
            }
            Event::End(TagEnd::TableRow) if row.is_some() => {
                let mut r = row.take().unwrap_or_default();
                r.push(e);
                out.extend(label_row(r, columns));
                continue;
            }
            _ => {}
        }
        match &mut row {
            Some(r) => r.push(e),
            None => out.push(e),
        }
    }
    out
}

/// One body row's events, rewritten as a spanning label row when it is one.
fn label_row(row: Vec<Event<'_>>, columns: usize) -> Vec<Event<'_>> {
    // The cells: the events between each TableCell start and end.
    let mut cells: Vec<Vec<Event<'_>>> = Vec::new();
    let mut inside = false;
    for e in &row {
        match e {
            Event::Start(Tag::TableCell) => {
                cells.push(Vec::new());
                inside = true;
            }
            Event::End(TagEnd::TableCell) => inside = false,
            _ if inside => {
                if let Some(c) = cells.last_mut() {
                    c.push(e.clone());
                }
            }
            _ => {}
        }
    }
    let filled: Vec<usize> = (0..cells.len()).filter(|i| !cells[*i].is_empty()).collect();
    let [only] = filled.as_slice() else {
        return row;
    };
    if columns < 3 || cells.len() != columns {
        return row;
    }
    let mut inner = String::new();
    push_html(&mut inner, cells[*only].clone().into_iter());
    let mut html = String::from("<tr class=\"label\">");
    for _ in 0..*only {
        html.push_str("<td></td>");
    }
    let _ = writeln!(html, "<td colspan=\"{}\">{inner}</td></tr>", columns - only);
    vec![Event::Html(CowStr::from(html))]
}

/// Each ```` ```chart ```` block becomes inline SVG, laid out as the PDF lays
/// it out (the text block's width, the same label size), or a paragraph that
/// says why it cannot be drawn.
fn charts<'a>(setup: &PageSetup, events: Vec<Event<'a>>) -> Vec<Event<'a>> {
    let mut out = Vec::with_capacity(events.len());
    let mut chart: Option<String> = None;
    for e in events {
        match (&mut chart, e) {
            (None, Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))))
                if info.trim() == crate::chart::FENCE =>
            {
                chart = Some(String::new());
            }
            (None, e) => out.push(e),
            (Some(text), Event::Text(t)) => text.push_str(&t),
            (Some(text), Event::End(TagEnd::CodeBlock)) => {
                let html = match crate::chart::parse(text) {
                    Ok(c) => {
                        let (w, _) = setup.page_size_mm();
                        let m = setup.margins;
                        let width = (w - m.left - m.right) * 72.0 / 25.4;
                        let size = setup.size.0.min(10.5) * 0.9;
                        crate::chart::svg(&c, width, size)
                    }
                    Err(e) => format!("<p>［图表无法绘制：{}］</p>", escape(&e)),
                };
                out.push(Event::Html(CowStr::from(format!("{html}\n"))));
                chart = None;
            }
            (Some(_), _) => {}
        }
    }
    out
}

/// Renders a Markdown document (with front matter) as a complete HTML page,
/// embedding subsets of `fonts` if given.
pub fn render(markdown: &str, fonts: Option<&Fonts>) -> Result<String, doc::Error> {
    let (front, body) = doc::split_front_matter(markdown);
    let setup = doc::parse_setup(front)?;
    Ok(render_with(&setup, body, fonts))
}

/// Renders a Markdown body with an already parsed page setup, embedding subsets
/// of `fonts` if given.
pub fn render_with(setup: &PageSetup, body: &str, fonts: Option<&Fonts>) -> String {
    let colgroup = colgroup(&setup.widths);
    let events: Vec<Event<'_>> = Parser::new_ext(body, doc::markdown_options())
        .flat_map(|e| {
            let extra = match (&e, &colgroup) {
                (Event::Start(Tag::Table(a)), Some((n, html))) if a.len() == *n => {
                    Some(Event::Html(CowStr::from(html.clone())))
                }
                _ => None,
            };
            std::iter::once(e).chain(extra)
        })
        .collect();
    // Links go nowhere a page should not: `javascript:`, `vbscript:`, `data:`.
    let events: Vec<Event<'_>> = events.into_iter().map(safe_link).collect();
    let events = charts(setup, events);
    // Fonts first: they read the text of every cell, before label rows become raw HTML.
    let web = fonts.map(|f| page_fonts(f, setup, &events));
    let events = span_label_rows(events);
    let mut content = String::with_capacity(body.len() * 2);
    push_html(&mut content, events.into_iter());

    let title = setup.title.as_deref().unwrap_or("qingdan");
    let mut page = String::with_capacity(content.len() + 4096);
    page.push_str("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n");
    page.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(page, "<title>{}</title>", escape(title));
    if let Some(a) = &setup.author {
        let _ = writeln!(page, "<meta name=\"author\" content=\"{}\">", escape(a));
    }
    let _ = writeln!(
        page,
        "<meta name=\"generator\" content=\"qingdan {}\">",
        env!("CARGO_PKG_VERSION")
    );
    page.push_str("<style>\n");
    if let Some(w) = &web {
        page.push_str(&w.font_faces());
    }
    page.push_str(&stylesheet(setup, web.as_ref()));
    // Only a page with cards carries their rules: every other page's bytes
    // stay as they were.
    if content.contains("<div class=\"card\">") {
        page.push_str(&card_style(setup));
    }
    page.push_str("</style>\n</head>\n");
    let class = if setup.draft { " class=\"draft\"" } else { "" };
    let _ = writeln!(page, "<body{class}>");
    if setup.draft {
        page.push_str("<div class=\"watermark\" aria-hidden=\"true\">草稿</div>\n");
    }
    if let Some(h) = &setup.header {
        let _ = writeln!(page, "<header class=\"running\">{}</header>", escape(h));
    }
    page.push_str("<main>\n");
    letterhead(&mut page, setup);
    page.push_str(&content);
    page.push_str("</main>\n");
    if let Some(f) = &setup.footer {
        let _ = writeln!(page, "<footer class=\"running\">{}</footer>", escape(f));
    }
    page.push_str("</body>\n</html>\n");
    page
}

/// The rules of A6 cards (`<div class="card">` in a `<div class="cards">`): a
/// grid of 105 × 148 mm cards on screen, two by two on a printed A4 page.
fn card_style(s: &PageSetup) -> String {
    format!(
        r#".cards {{ display: grid; grid-template-columns: repeat(auto-fill, 105mm); justify-content: center; }}
.card {{ box-sizing: border-box; width: 105mm; height: 148mm; padding: 7mm; border: 0.4pt dashed #888; overflow: hidden; display: flex; flex-direction: column; background: #fff; break-inside: avoid; }}
.card p {{ text-indent: 0; text-align: left; }}
.card h2 {{ background: #333; color: #fff; text-align: center; margin: -4mm -4mm 2mm; padding: 1.5mm; font-size: {heading}pt; }}
.card h3 {{ margin: 0.15em 0; }}
.card .imprint {{ margin-top: auto; font-size: inherit; }}
@media print {{
  .cards {{ grid-template-columns: 105mm 105mm; justify-content: start; }}
  .card {{ border-color: #bbb; }}
  .card:nth-child(4n) {{ break-after: page; }}
  .card h2 {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
}}
"#,
        heading = s.heading_size.0
    )
}

/// The font roles of a page: body text, and the main family (`font`) of the
/// title, the letterhead, the 发文字号 and tables, which GB/T 9704 documents set
/// apart from their 仿宋 body.
fn roles(setup: &PageSetup) -> (&str, &str) {
    let main = setup.font.as_str();
    (setup.body_font.as_deref().unwrap_or(main), main)
}

/// Which face draws each character of the page, as the PDF would choose it: the
/// title and table header bold in the main family, headings bold sans, `**bold**`
/// bold, table cells in the main family, the rest in the body family.
fn page_fonts<'f>(fonts: &'f Fonts, setup: &PageSetup, events: &[Event<'_>]) -> WebFonts<'f> {
    let (body, main) = roles(setup);
    let mut w = WebFonts::new(fonts);
    if let Some(name) = &setup.letterhead {
        w.add(main, true, name);
    }
    for t in [&setup.doc_no, &setup.draft.then(|| "草稿".to_string())]
        .into_iter()
        .flatten()
    {
        w.add(main, false, t);
    }
    let (mut heading, mut table, mut head, mut strong) = (None, false, false, 0u32);
    for e in events {
        match e {
            Event::Start(Tag::Heading { level, .. }) => heading = Some(*level),
            Event::End(TagEnd::Heading(_)) => heading = None,
            Event::Start(Tag::Table(_)) => table = true,
            Event::End(TagEnd::Table) => table = false,
            Event::Start(Tag::TableHead) => head = true,
            Event::End(TagEnd::TableHead) => head = false,
            Event::Start(Tag::Strong) => strong += 1,
            Event::End(TagEnd::Strong) => strong = strong.saturating_sub(1),
            // The browser draws an ordered list's numbers in the body font.
            Event::Start(Tag::List(Some(_))) => w.add(body, false, "0123456789."),
            Event::Text(t) | Event::Code(t) => {
                let (family, bold) = match heading {
                    Some(HeadingLevel::H1) => (main, true),
                    Some(_) => ("sans", true),
                    None if table => (main, head || strong > 0),
                    None => (body, strong > 0),
                };
                w.add(family, bold, t);
            }
            // Text inside raw HTML (rare in templates): in the body font.
            Event::Html(t) | Event::InlineHtml(t) => w.add(body, false, &strip_tags(t)),
            _ => {}
        }
    }
    w
}

/// The text of an HTML fragment without its tags (entities left as they are).
fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// The GB/T 9704 版头 (issuer in red, red rule, 发文字号) or, without a
/// letterhead, the 发文字号 alone, centred.
fn letterhead(page: &mut String, setup: &PageSetup) {
    let doc_no = setup.doc_no.as_deref().filter(|d| !d.is_empty());
    match setup.letterhead.as_deref() {
        Some(name) => {
            let letter = setup.letterhead_format == doc::LetterheadFormat::Letter;
            let class = if letter { "letter" } else { "file" };
            let _ = writeln!(page, "<header class=\"letterhead {class}\">");
            let _ = writeln!(page, "<p class=\"issuer\">{}</p>", escape(name));
            let no = doc_no.map(|d| format!("<p class=\"doc-no\">{}</p>\n", escape(d)));
            let no = no.unwrap_or_default();
            // 信函格式: rule, then the number; 文件格式: number, then rule.
            if letter {
                let _ = write!(page, "<hr class=\"red double\">\n{no}");
            } else {
                let _ = writeln!(page, "{no}<hr class=\"red\">");
            }
            page.push_str("</header>\n");
        }
        None => {
            if let Some(d) = doc_no {
                let _ = writeln!(page, "<p class=\"doc-no\">{}</p>", escape(d));
            }
        }
    }
}

/// Escapes text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn colgroup(widths: &[Width]) -> Option<(usize, String)> {
    if widths.is_empty() {
        return None;
    }
    let mut s = String::from("<colgroup>");
    for w in widths {
        let _ = match w {
            Width::Mm(mm) => write!(s, "<col style=\"width:{mm}mm\">"),
            Width::Percent(p) => write!(s, "<col style=\"width:{p}%\">"),
        };
    }
    s.push_str("</colgroup>");
    Some((widths.len(), s))
}

/// A CSS `font-family` list: the page's embedded faces for `role` (if any), then
/// the system fonts of its kind.
fn stack(role: &str, web: Option<&WebFonts<'_>>, fonts_of_kind: &str) -> String {
    let mut list = web.map(|w| w.stack(role)).unwrap_or_default();
    list.push(fonts_of_kind.to_string());
    list.join(", ")
}

/// The system fonts for a role.
fn system_fonts(role: &str) -> &'static str {
    match role {
        "sans" => SANS,
        doc::GBT9704_BODY_FONT => FANGSONG,
        _ => SERIF,
    }
}

/// The print stylesheet for a page setup.
/// Printed page numbers, as the PDF sets them: the front matter's `page_number`
/// (`{page}`, `{pages}`) in the page's bottom margin. GB/T 9704 pages put it at
/// the outer edge (right on odd pages, left on even) and leave the letterhead's
/// first page unnumbered.
fn page_numbers(s: &PageSetup) -> String {
    let Some(format) = &s.page_number else {
        return String::new();
    };
    let mut content = String::new();
    let mut rest = format.as_str();
    while !rest.is_empty() {
        let (lit, counter, next) = match (rest.find("{page}"), rest.find("{pages}")) {
            (Some(a), Some(b)) if b <= a => (&rest[..b], "counter(pages)", &rest[b + 7..]),
            (Some(a), _) => (&rest[..a], "counter(page)", &rest[a + 6..]),
            (None, Some(b)) => (&rest[..b], "counter(pages)", &rest[b + 7..]),
            (None, None) => (rest, "", ""),
        };
        if !lit.is_empty() {
            let quoted = lit.replace('\\', "\\\\").replace('"', "\\\"");
            let _ = write!(content, "\"{quoted}\" ");
        }
        content.push_str(counter);
        content.push(' ');
        rest = next;
    }
    let content = content.trim_end();
    if s.style == Some(doc::Style::Gbt9704) {
        let mut css = format!(
            "@page :right {{ @bottom-right {{ content: {content}; font-size: 14pt; }} }}\n\
             @page :left {{ @bottom-left {{ content: {content}; font-size: 14pt; }} }}\n"
        );
        if s.letterhead.is_some() {
            css.push_str("@page :first { @bottom-right { content: none; } @bottom-left { content: none; } }\n");
        }
        css
    } else {
        format!("@page {{ @bottom-center {{ content: {content}; font-size: 9pt; }} }}\n")
    }
}

fn stylesheet(s: &PageSetup, web: Option<&WebFonts<'_>>) -> String {
    let m = s.margins;
    let orientation = match s.orientation {
        Orientation::Portrait => "portrait",
        Orientation::Landscape => "landscape",
    };
    let (page_w, _) = s.page_size_mm();
    let (body, main) = roles(s);
    let family = stack(body, web, system_fonts(body));
    let sans = stack("sans", web, SANS);
    // GB/T 9704: the title, letterhead, 发文字号 and tables in the main family
    // (宋体), the body in 仿宋.
    let main_rule = if body == main {
        String::new()
    } else {
        format!(
            "h1, table, .letterhead .issuer, .doc-no, .watermark {{ font-family: {}; }}\n",
            stack(main, web, system_fonts(main))
        )
    };
    // Body text (indented paragraphs) is justified, as Chinese print is; form
    // lines with fill-in blanks stay flush left so a wrapped line is not stretched.
    let (indent, align) = if s.indent {
        ("2em", "justify")
    } else {
        ("0", "left")
    };
    format!(
        r#"@page {{ size: A4 {orientation}; margin: {top}mm {right}mm {bottom}mm {left}mm; }}
:root {{ --text-width: {text_w}mm; }}
html {{ background: #eee; }}
body {{ margin: 0; font-family: {family}; font-size: {size}pt; line-height: {lh}; color: #000; }}
main {{ box-sizing: border-box; width: {page_w}mm; min-height: 100vh; margin: 0 auto; padding: {top}mm {right}mm {bottom}mm {left}mm; background: #fff; }}
h1 {{ font-size: {title}pt; text-align: center; margin: 0 0 0.6em; line-height: 1.4; text-wrap: balance; }}
h2, h3, h4, h5, h6 {{ font-size: {heading}pt; margin: 0.8em 0 0.4em; break-after: avoid; font-family: {sans}; }}
p {{ margin: 0 0 0.4em; text-indent: {indent}; text-align: {align}; }}
td p, th p, .left p, .right p, .center p, .seal p {{ text-indent: 0; }}
table {{ width: 100%; border-collapse: collapse; table-layout: fixed; margin: 0.6em 0; font-size: {table}pt; line-height: 1.4; }}
thead {{ display: table-header-group; }}
tr {{ break-inside: avoid; page-break-inside: avoid; }}
th, td {{ border: 0.5pt solid #000; padding: 1.5mm; vertical-align: top; overflow-wrap: anywhere; }}
th {{ font-weight: bold; text-align: center; vertical-align: middle; background: #f2f2f2; }}
td code {{ white-space: nowrap; overflow-wrap: normal; font-family: inherit; font-size: 0.9em; }}
blockquote {{ margin: 0.6em 0; padding: 0.3em 0.8em; border-left: 2pt solid #999; }}
.right, .right p {{ text-align: right; }}
.center, .center p {{ text-align: center; }}
.letterhead {{ margin-bottom: 2.2em; }}
.letterhead .issuer {{ color: #d90000; font-weight: bold; font-size: 30pt; text-align: center; text-indent: 0; margin: 0 0 4mm; letter-spacing: 0.05em; }}
hr.red {{ border: 0; border-top: 0.5mm solid #d90000; margin: 4mm 0 0; }}
hr.red.double {{ border-top: 1mm solid #d90000; border-bottom: 0.35mm solid #d90000; height: 0.7mm; margin: 0; }}
.letterhead.letter .doc-no {{ text-align: right; text-indent: 0; margin-top: 0.5em; }}
.doc-no {{ text-align: center; text-indent: 0; }}
.seal {{ min-height: 40mm; padding-top: 8mm; text-align: right; }}
.seal p {{ text-align: right; }}
.pagebreak {{ break-after: page; page-break-after: always; }}
.imprint {{ margin-top: 2em; border-top: 0.35mm solid #000; border-bottom: 0.35mm solid #000; font-size: 14pt; }}
.imprint p {{ text-indent: 0; margin: 0.3em 1em; text-align: left; }}
.running {{ display: none; }}
.watermark {{ position: fixed; top: 40%; left: 0; right: 0; text-align: center; font-size: 120pt; color: rgba(0,0,0,0.08); transform: rotate(-30deg); pointer-events: none; z-index: 10; }}
{main_rule}{numbers}@media print {{
  html {{ background: none; }}
  main {{ width: auto; min-height: 0; padding: 0; margin: 0; }}
  th, .letterhead, hr.red {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
  .right, .seal {{ break-inside: avoid; }}
  p:has(+ .right), p:has(+ .seal), .right:has(+ .right) {{ break-after: avoid; }}
}}
"#,
        numbers = page_numbers(s),
        top = m.top,
        right = m.right,
        bottom = m.bottom,
        left = m.left,
        text_w = page_w - m.left - m.right,
        size = s.size.0,
        lh = s.line_height,
        title = s.title_size.0,
        heading = s.heading_size.0,
        table = s.table_size.0,
    )
}

const SERIF: &str = "\"Noto Serif SC\", \"Noto Serif CJK SC\", \"Source Han Serif SC\", \"Songti SC\", SimSun, \"宋体\", serif";
const SANS: &str = "\"Noto Sans SC\", \"Noto Sans CJK SC\", \"Source Han Sans SC\", \"PingFang SC\", \"Microsoft YaHei\", \"微软雅黑\", sans-serif";
const FANGSONG: &str = "\"FangSong_GB2312\", \"仿宋_GB2312\", FangSong, \"仿宋\", STFangsong, \"Zhuque Fangsong\", serif";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printed_pages_are_numbered_as_the_pdf_numbers_them() {
        let css = |front: &str| {
            let html = render(&format!("---\n{front}\n---\n正文。\n"), None).unwrap_or_default();
            html
        };
        let form = css("page_number: \"第 {page} 页 共 {pages} 页\"");
        assert!(form.contains(
            "@page { @bottom-center { content: \"第 \" counter(page) \" 页 共 \" counter(pages) \" 页\"; font-size: 9pt; } }"
        ), "{form}");
        let letter = css("style: gbt9704\nletterhead: 某县安委办\npage_number: \"— {page} —\"");
        assert!(
            letter.contains("@page :right { @bottom-right { content: \"— \" counter(page) \" —\";"),
            "{letter}"
        );
        assert!(
            letter.contains("@page :left { @bottom-left { content: \"— \" counter(page) \" —\";")
        );
        assert!(letter.contains("@page :first { @bottom-right { content: none; }"));
        // Without a letterhead page 1 is numbered too; without a format, nothing.
        let plain = css("style: gbt9704\npage_number: \"— {page} —\"");
        assert!(!plain.contains("@page :first"));
        let none = PageSetup {
            page_number: None,
            ..PageSetup::default()
        };
        assert_eq!(page_numbers(&none), "");
        // Quotes in the format stay inside the CSS string.
        assert!(css("page_number: \"\\\"{page}\\\"\"")
            .contains("content: \"\\\"\" counter(page) \"\\\"\";"));
    }

    #[test]
    fn links_that_run_script_go_nowhere() {
        let md = "[a](javascript:alert(1)) [b]( JavaScript:alert(1)) [c](data:text/html,x) [d](https://example.com) ![e](vbscript:x)\n";
        let html = render(md, None).unwrap_or_default();
        assert!(!html.to_ascii_lowercase().contains("javascript:"), "{html}");
        assert!(!html.contains("data:text/html"), "{html}");
        assert!(!html.contains("vbscript:"), "{html}");
        assert!(html.contains("href=\"https://example.com\""), "{html}");
        assert_eq!(html.matches("href=\"#\"").count(), 3, "{html}");
    }

    #[test]
    fn page_has_stylesheet_and_colgroup() {
        let md = "---\ntitle: 表\nwidths: [\"10%\", \"90%\"]\ndraft: true\n---\n| a | b |\n|---|---|\n| 1 | 2 |\n";
        let html = render(md, None).unwrap_or_default();
        assert!(html.contains("<title>表</title>"));
        assert!(html.contains("@page { size: A4 portrait;"));
        assert!(html.contains(
            "<table><colgroup><col style=\"width:10%\"><col style=\"width:90%\"></colgroup>"
        ));
        assert!(html.contains("class=\"watermark\""));
    }
}
