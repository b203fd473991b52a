//! Fonts and styles: which font each part of a document names, the fallbacks
//! declared for readers that lack it (`word/fontTable.xml`), the style sheet
//! (`word/styles.xml`) and the settings part.
//!
//! Word has no per-run fallback list: a run names one font. So runs name what
//! Chinese offices have (仿宋_GB2312, 宋体, 黑体, 方正小标宋简体), always with
//! explicit `w:rFonts` for ASCII, hAnsi, East Asian and complex scripts and never
//! a theme font (WPS reads theme fonts as its own defaults). The font table
//! then gives each name its alternatives (`w:altName`, a comma-separated list),
//! its PANOSE class and the GB2312 character set (`w:charset` 86), so a reader
//! without 仿宋_GB2312 substitutes a 仿宋 (FangSong), not a sans face.

use super::xml::Xml;
use super::Ctx;

/// 宋体: serif body text, tables and page numbers.
pub(crate) const SONGTI: &str = "宋体";
/// 黑体: sans text and GB/T 9704 headings.
pub(crate) const HEITI: &str = "黑体";
/// 仿宋_GB2312: the GB/T 9704 body face.
pub(crate) const FANGSONG: &str = "仿宋_GB2312";
/// 方正小标宋简体: GB/T 9704 titles and the 发文机关标志.
pub(crate) const XIAOBIAOSONG: &str = "方正小标宋简体";

/// What the font table says of a font name: alternatives, PANOSE, family, pitch.
struct FontFacts {
    name: &'static str,
    alt: &'static str,
    panose: &'static str,
    family: &'static str,
    pitch: &'static str,
}

/// The fonts offices have, with their Windows metadata.
const KNOWN: &[FontFacts] = &[
    FontFacts {
        name: FANGSONG,
        alt: "仿宋,FangSong,STFangsong,FZFangSong-Z02S",
        panose: "02010609030101010101",
        family: "modern",
        pitch: "fixed",
    },
    FontFacts {
        name: "仿宋",
        alt: "FangSong,仿宋_GB2312,STFangsong",
        panose: "02010609060101010101",
        family: "modern",
        pitch: "fixed",
    },
    FontFacts {
        name: SONGTI,
        alt: "SimSun,STSong,Songti SC",
        panose: "02010600030101010101",
        family: "auto",
        pitch: "variable",
    },
    FontFacts {
        name: HEITI,
        alt: "SimHei,STHeiti,Heiti SC",
        panose: "02010609060101010101",
        family: "modern",
        pitch: "fixed",
    },
    FontFacts {
        name: XIAOBIAOSONG,
        alt: "方正小标宋_GBK,FZXiaoBiaoSong-B05S,小标宋,宋体",
        panose: "02000000000000000000",
        family: "auto",
        pitch: "variable",
    },
];

/// The Word font name for a front-matter font role or family: `serif` → 宋体,
/// `sans` → 黑体, `fangsong` → 仿宋_GB2312, any other name as it is.
pub(crate) fn font_name(role: &str) -> String {
    match role.trim().to_ascii_lowercase().as_str() {
        "serif" | "" => SONGTI.to_string(),
        "sans" => HEITI.to_string(),
        "fangsong" => FANGSONG.to_string(),
        _ => role.trim().to_string(),
    }
}

/// `<w:rFonts>` naming `font` for every script.
pub(crate) fn rfonts(x: &mut Xml, font: &str) {
    x.empty(
        "w:rFonts",
        &[
            ("w:ascii", font),
            ("w:hAnsi", font),
            ("w:eastAsia", font),
            ("w:cs", font),
        ],
    );
}

/// `word/fontTable.xml`: every font the document names, in name order.
pub(crate) fn font_table(fonts: &std::collections::BTreeSet<String>) -> String {
    let mut x = Xml::part();
    x.open("w:fonts", &[("xmlns:w", super::W_NS)]);
    for name in fonts {
        x.open("w:font", &[("w:name", name)]);
        match KNOWN.iter().find(|f| f.name == name) {
            Some(f) => {
                x.empty("w:altName", &[("w:val", f.alt)]);
                x.empty("w:panose1", &[("w:val", f.panose)]);
                x.empty("w:charset", &[("w:val", "86")]);
                x.empty("w:family", &[("w:val", f.family)]);
                x.empty("w:pitch", &[("w:val", f.pitch)]);
            }
            None => {
                x.empty("w:charset", &[("w:val", "86")]);
                x.empty("w:family", &[("w:val", "auto")]);
                x.empty("w:pitch", &[("w:val", "variable")]);
            }
        }
        x.close("w:font");
    }
    x.close("w:fonts");
    x.finish()
}

/// Half-points of `pt` (Word's `w:sz`).
pub(crate) fn half_points(pt: f32) -> String {
    ((pt * 2.0).round() as i64).to_string()
}

/// `word/styles.xml`: document defaults (body font and size, Chinese language),
/// Normal, headings 1–3 (for the navigation pane), header and footer.
pub(crate) fn styles(ctx: &Ctx<'_>) -> String {
    let mut x = Xml::part();
    x.open("w:styles", &[("xmlns:w", super::W_NS)]);
    x.open("w:docDefaults", &[]);
    x.open("w:rPrDefault", &[]).open("w:rPr", &[]);
    rfonts(&mut x, &ctx.body_font);
    let size = half_points(ctx.body_pt);
    x.empty("w:sz", &[("w:val", &size)]);
    x.empty("w:szCs", &[("w:val", &size)]);
    x.empty(
        "w:lang",
        &[
            ("w:val", "en-US"),
            ("w:eastAsia", "zh-CN"),
            ("w:bidi", "ar-SA"),
        ],
    );
    x.close("w:rPr").close("w:rPrDefault");
    x.open("w:pPrDefault", &[]).open("w:pPr", &[]);
    x.empty(
        "w:spacing",
        &[
            ("w:before", "0"),
            ("w:after", "0"),
            ("w:line", "240"),
            ("w:lineRule", "auto"),
        ],
    );
    x.close("w:pPr").close("w:pPrDefault");
    x.close("w:docDefaults");

    // Normal: the body paragraph.
    x.open(
        "w:style",
        &[
            ("w:type", "paragraph"),
            ("w:default", "1"),
            ("w:styleId", "Normal"),
        ],
    );
    x.empty("w:name", &[("w:val", "Normal")]);
    x.empty("w:qFormat", &[]);
    x.open("w:pPr", &[]);
    if ctx.gbt {
        // The GB/T 9704 grid: lines may end a page alone, as in the PDF.
        x.empty("w:widowControl", &[("w:val", "0")]);
    }
    // No extra space between CJK and Latin or digits: the PDF sets none, and
    // the GB/T 9704 line holds 28 characters.
    x.empty("w:autoSpaceDE", &[("w:val", "0")]);
    x.empty("w:autoSpaceDN", &[("w:val", "0")]);
    x.empty("w:jc", &[("w:val", "both")]);
    x.close("w:pPr");
    x.open("w:rPr", &[]);
    rfonts(&mut x, &ctx.body_font);
    if ctx.gbt {
        // 28 characters in the 156 mm line: each a little under 三号 wide.
        let per_char = ctx.width as f32 / 28.0;
        let condense = (per_char - super::tw_pt(ctx.body_pt) as f32).floor() as i64 - 1;
        x.empty("w:spacing", &[("w:val", &condense.min(0).to_string())]);
    }
    x.empty("w:sz", &[("w:val", &size)]);
    x.empty("w:szCs", &[("w:val", &size)]);
    x.close("w:rPr");
    x.close("w:style");

    for level in 1..=3u8 {
        let (font, pt, bold) = ctx.heading_font(level);
        let id = format!("Heading{level}");
        let name = format!("heading {level}");
        let outline = (level - 1).to_string();
        x.open("w:style", &[("w:type", "paragraph"), ("w:styleId", &id)]);
        x.empty("w:name", &[("w:val", &name)]);
        x.empty("w:basedOn", &[("w:val", "Normal")]);
        x.empty("w:next", &[("w:val", "Normal")]);
        x.empty("w:qFormat", &[]);
        x.open("w:pPr", &[]);
        x.empty("w:keepNext", &[]);
        x.empty("w:keepLines", &[]);
        x.empty("w:outlineLvl", &[("w:val", &outline)]);
        x.close("w:pPr");
        x.open("w:rPr", &[]);
        rfonts(&mut x, &font);
        if bold {
            x.empty("w:b", &[]);
            x.empty("w:bCs", &[]);
        }
        let hp = half_points(pt);
        x.empty("w:sz", &[("w:val", &hp)]);
        x.empty("w:szCs", &[("w:val", &hp)]);
        x.close("w:rPr");
        x.close("w:style");
    }
    for (id, name) in [("Header", "header"), ("Footer", "footer")] {
        x.open("w:style", &[("w:type", "paragraph"), ("w:styleId", id)]);
        x.empty("w:name", &[("w:val", name)]);
        x.empty("w:basedOn", &[("w:val", "Normal")]);
        x.open("w:pPr", &[]);
        x.empty("w:snapToGrid", &[("w:val", "0")]);
        x.empty("w:jc", &[("w:val", "center")]);
        x.close("w:pPr");
        x.open("w:rPr", &[]);
        rfonts(&mut x, &ctx.furniture_font);
        x.empty("w:sz", &[("w:val", "18")]);
        x.empty("w:szCs", &[("w:val", "18")]);
        x.close("w:rPr");
        x.close("w:style");
    }
    x.open(
        "w:style",
        &[
            ("w:type", "table"),
            ("w:default", "1"),
            ("w:styleId", "TableNormal"),
        ],
    );
    x.empty("w:name", &[("w:val", "Normal Table")]);
    x.open("w:tblPr", &[]);
    x.open("w:tblCellMar", &[]);
    x.empty("w:left", &[("w:w", "108"), ("w:type", "dxa")]);
    x.empty("w:right", &[("w:w", "108"), ("w:type", "dxa")]);
    x.close("w:tblCellMar");
    x.close("w:tblPr");
    x.close("w:style");
    x.close("w:styles");
    x.finish()
}

/// `word/settings.xml`: tab stops, odd and even page footers for GB/T 9704
/// (page numbers at the outer edge), Chinese punctuation compression, and
/// Word 2013 compatibility (no legacy layout quirks).
pub(crate) fn settings(ctx: &Ctx<'_>) -> String {
    let mut x = Xml::part();
    x.open("w:settings", &[("xmlns:w", super::W_NS)]);
    x.empty("w:zoom", &[("w:percent", "100")]);
    x.empty("w:defaultTabStop", &[("w:val", "420")]);
    if ctx.gbt {
        x.empty("w:evenAndOddHeaders", &[]);
    }
    x.empty(
        "w:characterSpacingControl",
        &[("w:val", "compressPunctuation")],
    );
    x.open("w:compat", &[]);
    x.empty(
        "w:compatSetting",
        &[
            ("w:name", "compatibilityMode"),
            ("w:uri", "http://schemas.microsoft.com/office/word"),
            ("w:val", "15"),
        ],
    );
    x.close("w:compat");
    x.close("w:settings");
    x.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_map_to_office_fonts() {
        assert_eq!(font_name("serif"), "宋体");
        assert_eq!(font_name("SANS"), "黑体");
        assert_eq!(font_name("fangsong"), "仿宋_GB2312");
        assert_eq!(font_name(" 楷体_GB2312 "), "楷体_GB2312");
        assert_eq!(half_points(10.5), "21");
        assert_eq!(half_points(16.0), "32");
    }

    #[test]
    fn font_table_declares_fallbacks() {
        let names: std::collections::BTreeSet<String> = [FANGSONG, "Some Font"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let t = font_table(&names);
        assert!(t.contains("<w:font w:name=\"仿宋_GB2312\"><w:altName w:val=\"仿宋,FangSong"));
        assert!(t.contains("<w:charset w:val=\"86\"/>"));
        assert!(t.contains("<w:font w:name=\"Some Font\"><w:charset"));
        assert!(!t.contains("Theme") && !t.contains("minor"));
    }
}
