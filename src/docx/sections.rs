//! Page setup and furniture: the section properties (A4, the PDF's margins, the
//! GB/T 9704 line and character grid), headers (the header text, the 草稿 mark)
//! and footers (the footer text, page numbers as PAGE and NUMPAGES fields so
//! Word keeps them right after edits; GB/T 9704 `— 1 —` at the outer edge of odd
//! and even pages; on page 1 of a 信函格式 letter no number but the lower red rule).

use super::para::{runs, Border, Para, Run, RED};
use super::xml::Xml;
use super::{tw_mm, tw_pt, Ctx};
use crate::doc::{Inline, InlineStyle, LetterheadFormat, Orientation};

/// Header or footer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Header,
    Footer,
}

/// One header or footer part.
#[derive(Debug, Clone)]
pub(crate) struct Part {
    /// Header or footer.
    pub kind: Kind,
    /// Which pages: `default` (odd pages too), `even` or `first`.
    pub which: &'static str,
    /// The part's XML.
    pub xml: String,
}

impl Part {
    /// Its relationship id in `document.xml.rels` (after the fixed ones).
    pub fn rid(index: usize) -> String {
        format!("rId{}", index + 10)
    }
}

/// Headers and footers of a document, and whether page 1 has its own.
#[derive(Debug, Clone, Default)]
pub(crate) struct Furniture {
    /// The parts, in a fixed order.
    pub parts: Vec<Part>,
    /// Page 1 has its own header and footer (`w:titlePg`).
    pub title_page: bool,
}

impl Furniture {
    /// The file name in `word/` of part `index`: headers and footers numbered
    /// apart (`header1.xml`, `footer1.xml`, `footer2.xml` …).
    pub fn file(&self, index: usize) -> String {
        let Some(part) = self.parts.get(index) else {
            return String::new();
        };
        let n = self.parts[..=index]
            .iter()
            .filter(|p| p.kind == part.kind)
            .count();
        match part.kind {
            Kind::Header => format!("header{n}.xml"),
            Kind::Footer => format!("footer{n}.xml"),
        }
    }
}

/// GB/T 9704 page numbers: 四号 (14 pt).
const NUMBER_PT: f32 = 14.0;

fn open_part(kind: Kind) -> Xml {
    let mut x = Xml::part();
    let tag = match kind {
        Kind::Header => "w:hdr",
        Kind::Footer => "w:ftr",
    };
    x.open(
        tag,
        &[
            ("xmlns:w", super::W_NS),
            ("xmlns:r", super::R_NS),
            ("xmlns:v", "urn:schemas-microsoft-com:vml"),
            ("xmlns:o", "urn:schemas-microsoft-com:office:office"),
        ],
    );
    x
}

fn close_part(mut x: Xml, kind: Kind) -> String {
    x.close(match kind {
        Kind::Header => "w:hdr",
        Kind::Footer => "w:ftr",
    });
    x.finish()
}

/// A complex field (`PAGE`, `NUMPAGES`) with `1` as its shown value until the
/// reader updates it (Word, WPS and LibreOffice do on opening).
fn field(x: &mut Xml, instr: &str, run: &Run) {
    let fld = |x: &mut Xml, kind: &str| {
        x.open("w:r", &[]);
        run.write(x, false);
        x.empty("w:fldChar", &[("w:fldCharType", kind)]);
        x.close("w:r");
    };
    fld(x, "begin");
    x.open("w:r", &[]);
    run.write(x, false);
    x.leaf(
        "w:instrText",
        &[("xml:space", "preserve")],
        &format!(" {instr} "),
    );
    x.close("w:r");
    fld(x, "separate");
    x.open("w:r", &[]);
    run.write(x, false);
    x.leaf("w:t", &[], "1");
    x.close("w:r");
    fld(x, "end");
}

/// A page number label (`第 {page} 页 共 {pages} 页`): text runs and fields.
fn label(x: &mut Xml, format: &str, run: &Run) {
    let mut rest = format;
    while !rest.is_empty() {
        let next = [("{pages}", "NUMPAGES"), ("{page}", "PAGE")]
            .iter()
            .filter_map(|(k, f)| rest.find(k).map(|i| (i, *k, *f)))
            .min_by_key(|(i, k, _)| (*i, std::cmp::Reverse(k.len())));
        let Some((i, key, instr)) = next else {
            text_run(x, rest, run);
            break;
        };
        text_run(x, &rest[..i], run);
        field(x, instr, run);
        rest = &rest[i + key.len()..];
    }
}

fn text_run(x: &mut Xml, s: &str, run: &Run) {
    if !s.is_empty() {
        runs(
            x,
            &[Inline::Text(s.to_string(), InlineStyle::default())],
            run,
        );
    }
}

/// The 草稿 mark: a grey diagonal text behind the page (a VML text path in the
/// header, Word's own watermark), as the PDF's watermark.
fn draft_mark(x: &mut Xml, font: &str) {
    x.open("w:p", &[]);
    x.open("w:pPr", &[])
        .empty("w:pStyle", &[("w:val", "Header")])
        .close("w:pPr");
    x.open("w:r", &[]).open("w:pict", &[]);
    x.raw(concat!(
        "<v:shapetype id=\"_x0000_t136\" coordsize=\"21600,21600\" o:spt=\"136\" adj=\"10800\" ",
        "path=\"m@7,l@8,m@5,21600l@6,21600e\"><v:formulas><v:f eqn=\"sum #0 0 10800\"/>",
        "<v:f eqn=\"prod #0 2 1\"/><v:f eqn=\"sum 21600 0 @1\"/><v:f eqn=\"sum 0 0 @2\"/>",
        "<v:f eqn=\"sum 21600 0 @3\"/><v:f eqn=\"if @0 @3 0\"/><v:f eqn=\"if @0 21600 @1\"/>",
        "<v:f eqn=\"if @0 0 @2\"/><v:f eqn=\"if @0 @4 21600\"/><v:f eqn=\"mid @5 @6\"/>",
        "<v:f eqn=\"mid @8 @5\"/><v:f eqn=\"mid @7 @8\"/><v:f eqn=\"mid @6 @7\"/>",
        "<v:f eqn=\"sum @6 0 @5\"/></v:formulas><v:path textpathok=\"t\" o:connecttype=\"custom\" ",
        "o:connectlocs=\"@9,0;@10,10800;@11,21600;@12,10800\" o:connectangles=\"270,180,90,0\"/>",
        "<v:textpath on=\"t\" fitshape=\"t\"/><o:lock v:ext=\"edit\" text=\"t\" shapetype=\"t\"/></v:shapetype>",
    ));
    x.open(
        "v:shape",
        &[
            ("id", "DraftMark"),
            ("o:spid", "_x0000_s1025"),
            ("type", "#_x0000_t136"),
            (
                "style",
                "position:absolute;margin-left:0;margin-top:0;width:340pt;height:170pt;rotation:315;\
                 z-index:-251657216;mso-position-horizontal:center;mso-position-horizontal-relative:margin;\
                 mso-position-vertical:center;mso-position-vertical-relative:margin",
            ),
            ("o:allowincell", "f"),
            ("fillcolor", "#d9d9d9"),
            ("stroked", "f"),
        ],
    );
    x.empty(
        "v:textpath",
        &[
            ("style", &format!("font-family:\"{font}\";font-size:1pt")),
            ("string", "草稿"),
        ],
    );
    x.close("v:shape");
    x.close("w:pict").close("w:r").close("w:p");
}

fn header(ctx: &Ctx<'_>) -> Option<String> {
    let text = ctx.setup.header.as_deref().filter(|h| !h.is_empty());
    if text.is_none() && !ctx.setup.draft {
        return None;
    }
    let mut x = open_part(Kind::Header);
    if ctx.setup.draft {
        draft_mark(&mut x, &ctx.furniture_font);
    }
    if let Some(h) = text {
        x.open("w:p", &[]);
        Para {
            style: Some("Header"),
            ..Para::default()
        }
        .write(&mut x, ctx.em);
        text_run(&mut x, h, &Run::default());
        x.close("w:p");
    }
    Some(close_part(x, Kind::Header))
}

/// The footer of every page outside GB/T 9704: the footer text, then the page number.
fn plain_footer(ctx: &Ctx<'_>) -> Option<String> {
    let setup = ctx.setup;
    let text = setup.footer.as_deref().filter(|f| !f.is_empty());
    let number = setup.page_number.as_deref().filter(|f| !f.is_empty());
    if text.is_none() && number.is_none() {
        return None;
    }
    let mut x = open_part(Kind::Footer);
    let p = Para {
        style: Some("Footer"),
        ..Para::default()
    };
    if let Some(t) = text {
        x.open("w:p", &[]);
        p.write(&mut x, ctx.em);
        text_run(&mut x, t, &Run::default());
        x.close("w:p");
    }
    if let Some(n) = number {
        x.open("w:p", &[]);
        p.write(&mut x, ctx.em);
        label(&mut x, n, &Run::default());
        x.close("w:p");
    }
    Some(close_part(x, Kind::Footer))
}

/// Distance of the footer's bottom from the paper's edge in GB/T 9704
/// documents: 20 mm, where the 信函格式 letter's lower red rule lies.
const GBT_FOOTER_MM: f32 = 20.0;

/// A GB/T 9704 footer: `— 1 —` in 四号 宋体 7 mm below the text block, one
/// character in from the outer edge (right on odd pages, left on even ones).
fn gbt_footer(ctx: &Ctx<'_>, odd: bool) -> String {
    let mut x = open_part(Kind::Footer);
    let m = ctx.setup.margins.bottom;
    // The number's top 7 mm below the text block; the footer ends 20 mm from
    // the edge, so the line is lifted by what is left.
    let after = tw_mm(m - 7.0 - GBT_FOOTER_MM) - tw_pt(NUMBER_PT);
    let inset = tw_pt(NUMBER_PT);
    let p = Para {
        style: Some("Footer"),
        no_grid: true,
        after: after.max(0),
        line: Some((tw_pt(NUMBER_PT), "exact")),
        left: if odd { 0 } else { inset },
        right: if odd { inset } else { 0 },
        jc: Some(if odd { "right" } else { "left" }),
        ..Para::default()
    };
    let run = Run {
        font: Some(super::styles::SONGTI.to_string()),
        pt: Some(NUMBER_PT),
        ..Run::default()
    };
    let format = ctx
        .setup
        .page_number
        .as_deref()
        .filter(|f| !f.is_empty())
        .unwrap_or("— {page} —");
    x.open("w:p", &[]);
    p.write(&mut x, ctx.em);
    label(&mut x, format, &run);
    x.close("w:p");
    close_part(x, Kind::Footer)
}

/// Page 1 of a 信函格式 letter: no page number; the lower red double rule,
/// thin over thick, 170 mm wide, 20 mm above the paper's bottom edge.
fn letter_first_footer(ctx: &Ctx<'_>) -> String {
    let mut x = open_part(Kind::Footer);
    let over = (tw_mm(170.0) - ctx.width) / 2;
    let p = Para {
        style: Some("Footer"),
        no_grid: true,
        bottom: Some(Border {
            val: "thinThickSmallGap",
            sz: 24,
            space: 0,
            color: RED,
        }),
        line: Some((20, "exact")),
        left: -over,
        right: -over,
        ..Para::default()
    };
    x.open("w:p", &[]);
    p.write(&mut x, ctx.em);
    x.close("w:p");
    close_part(x, Kind::Footer)
}

/// The headers and footers of a document.
pub(crate) fn furniture(ctx: &Ctx<'_>) -> Furniture {
    let setup = ctx.setup;
    let mut f = Furniture::default();
    let letter = ctx.gbt
        && setup.letterhead.is_some()
        && setup.letterhead_format == LetterheadFormat::Letter;
    f.title_page = letter;
    if let Some(h) = header(ctx) {
        let mut which = vec!["default"];
        if ctx.gbt {
            which.push("even");
        }
        if f.title_page {
            which.push("first");
        }
        for w in which {
            f.parts.push(Part {
                kind: Kind::Header,
                which: w,
                xml: h.clone(),
            });
        }
    }
    if ctx.gbt {
        f.parts.push(Part {
            kind: Kind::Footer,
            which: "default",
            xml: gbt_footer(ctx, true),
        });
        f.parts.push(Part {
            kind: Kind::Footer,
            which: "even",
            xml: gbt_footer(ctx, false),
        });
        if letter {
            f.parts.push(Part {
                kind: Kind::Footer,
                which: "first",
                xml: letter_first_footer(ctx),
            });
        }
    } else if let Some(footer) = plain_footer(ctx) {
        f.parts.push(Part {
            kind: Kind::Footer,
            which: "default",
            xml: footer,
        });
    }
    f
}

/// `<w:sectPr>`: header and footer references, A4 and the margins of the PDF,
/// page 1's own furniture. No document grid: the GB/T 9704 22 lines are exact
/// line spacing and the 28 characters a line a condensed character spacing
/// (`styles`), which every reader sets alike (LibreOffice spreads a Word
/// character grid over twice the lines).
pub(crate) fn sect_pr(x: &mut Xml, ctx: &Ctx<'_>, furniture: &Furniture) {
    let setup = ctx.setup;
    x.open("w:sectPr", &[]);
    for (i, p) in furniture.parts.iter().enumerate() {
        let tag = match p.kind {
            Kind::Header => "w:headerReference",
            Kind::Footer => "w:footerReference",
        };
        x.empty(tag, &[("w:type", p.which), ("r:id", &Part::rid(i))]);
    }
    let (w, h) = match setup.orientation {
        Orientation::Portrait => ("11906", "16838"),
        Orientation::Landscape => ("16838", "11906"),
    };
    let mut size = vec![("w:w", w), ("w:h", h)];
    if setup.orientation == Orientation::Landscape {
        size.push(("w:orient", "landscape"));
    }
    x.empty("w:pgSz", &size);
    let m = setup.margins;
    let (header, footer) = if ctx.gbt {
        (tw_mm(15.0), tw_mm(GBT_FOOTER_MM))
    } else {
        (
            tw_mm((m.top * 0.55 - 3.0).max(2.0)),
            tw_mm((m.bottom * 0.45 - 1.0).max(2.0)),
        )
    };
    let mm = |v: f32| tw_mm(v).to_string();
    x.empty(
        "w:pgMar",
        &[
            ("w:top", &mm(m.top)),
            ("w:right", &mm(m.right)),
            ("w:bottom", &mm(m.bottom)),
            ("w:left", &mm(m.left)),
            ("w:header", &header.to_string()),
            ("w:footer", &footer.to_string()),
            ("w:gutter", "0"),
        ],
    );
    x.empty("w:cols", &[("w:space", "425")]);
    if furniture.title_page {
        x.empty("w:titlePg", &[]);
    }
    x.close("w:sectPr");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbt_footers_sit_at_the_outer_edge() {
        let setup = crate::doc::parse_setup(Some("style: gbt9704\nletterhead: 办\n"))
            .unwrap_or_else(|e| panic!("{e}"));
        let ctx = Ctx::new(&setup);
        // 四号 宋体 numbers 7 mm below the text block (35 − 7 − 20 mm − 14 pt of
        // space under them), one character in from the outer edge.
        let run = "<w:rFonts w:ascii=\"宋体\" w:hAnsi=\"宋体\" w:eastAsia=\"宋体\" w:cs=\"宋体\"/><w:sz w:val=\"28\"/>";
        let odd = gbt_footer(&ctx, true);
        assert!(odd.contains("<w:pPr><w:pStyle w:val=\"Footer\"/><w:snapToGrid w:val=\"0\"/><w:spacing w:before=\"0\" w:after=\"174\" w:line=\"280\" w:lineRule=\"exact\"/><w:ind w:right=\"280\"/><w:jc w:val=\"right\"/></w:pPr>"), "{odd}");
        assert!(odd.contains(run), "{odd}");
        let even = gbt_footer(&ctx, false);
        assert!(
            even.contains("<w:ind w:left=\"280\"/><w:jc w:val=\"left\"/>"),
            "{even}"
        );
        assert!(even.contains(run) && even.contains("<w:t xml:space=\"preserve\">— </w:t>"));
        // Page 1 of a 信函格式 letter: the lower red rule, 170 mm, no number.
        let first = letter_first_footer(&ctx);
        assert!(first.contains("<w:pPr><w:pStyle w:val=\"Footer\"/><w:pBdr><w:bottom w:val=\"thinThickSmallGap\" w:sz=\"24\" w:space=\"0\" w:color=\"FF0000\"/></w:pBdr><w:snapToGrid w:val=\"0\"/><w:spacing w:before=\"0\" w:after=\"0\" w:line=\"20\" w:lineRule=\"exact\"/><w:ind w:left=\"-397\" w:right=\"-397\"/></w:pPr>"), "{first}");
        assert!(!first.contains("PAGE"));
        let f = furniture(&ctx);
        let which: Vec<&str> = f.parts.iter().map(|p| p.which).collect();
        assert_eq!(which, ["default", "even", "first"]);
        assert!(f.title_page);
        assert_eq!(f.file(2), "footer3.xml");
        assert_eq!(f.file(9), "");
    }

    #[test]
    fn header_and_footer_text_take_their_styles() {
        let setup = crate::doc::parse_setup(Some("header: 页眉\nfooter: 页脚\n"))
            .unwrap_or_else(|e| panic!("{e}"));
        let ctx = Ctx::new(&setup);
        let h = header(&ctx).unwrap_or_default();
        assert!(h.contains("<w:pPr><w:pStyle w:val=\"Header\"/>"), "{h}");
        let f = plain_footer(&ctx).unwrap_or_default();
        assert_eq!(
            f.matches("<w:pPr><w:pStyle w:val=\"Footer\"/>").count(),
            2,
            "{f}"
        );
        let fur = furniture(&ctx);
        assert_eq!(fur.file(0), "header1.xml");
        assert_eq!(fur.file(1), "footer1.xml");
    }

    #[test]
    fn page_number_labels_become_fields() {
        let mut x = Xml::default();
        label(&mut x, "第 {page} 页 共 {pages} 页", &Run::default());
        let s = x.finish();
        let page = s.find(" PAGE ").unwrap_or(usize::MAX);
        let pages = s.find(" NUMPAGES ").unwrap_or(usize::MAX);
        assert!(page < pages && pages < usize::MAX, "{s}");
        assert!(
            s.contains(">第 </w:t>") && s.ends_with("> 页</w:t></w:r>"),
            "{s}"
        );
        let mut x = Xml::default();
        label(&mut x, "no fields", &Run::default());
        assert!(!x.finish().contains("fldChar"));
    }
}
