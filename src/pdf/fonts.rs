//! Loads font faces once per process, and answers which face draws a character.
//!
//! Faces are checked and named with ttf-parser at load time; what layout needs (the
//! Unicode cmap and the advance widths) is extracted from a face the first time a
//! character is looked up in it, once, so measuring never re-parses a font and a face
//! that a document never reaches (the large rare-character face) costs nothing. The
//! bundled faces keep their `&'static [u8]` (compiled in with `include_bytes!`); user
//! fonts from `--font-dir` are read once into shared buffers. `write` subsets from
//! these bytes per document.
//!
//! Every character is looked up along a fallback chain: the body family first, then
//! the other bundled CJK family, then the bundled symbol font, then every user family,
//! and last the bundled rare-character face (every code point of upstream Noto Serif
//! SC and Noto Sans SC that the subsets leave out).
//!
//! The role `fangsong` (the body of GB/T 9704 documents) names a user 仿宋 from
//! `--font-dir` when there is one ([`FANGSONG`]), else the bundled 朱雀仿宋; its
//! chain then goes on with 朱雀仿宋 (for a user 仿宋) and the chain of `serif`, so a
//! symbol 仿宋 lacks (① ℃ ●) comes from Noto Serif SC. 朱雀仿宋 is in no other chain.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use super::Error;

/// Index of a face in [`Fonts`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FaceId(pub(crate) u16);

/// The raw bytes of a font file.
#[derive(Debug, Clone)]
enum Data {
    /// Compiled into the binary.
    Static(&'static [u8]),
    /// Read from a user font folder, shared by all faces of a collection.
    Shared(Arc<[u8]>),
}

impl Data {
    fn bytes(&self) -> &[u8] {
        match self {
            Data::Static(b) => b,
            Data::Shared(b) => b,
        }
    }
}

/// One parsed face: what layout and the writer need, extracted once.
#[derive(Debug)]
pub(crate) struct Face {
    /// PostScript name (for the PDF `/BaseFont`).
    pub postscript: String,
    /// Family name this face belongs to.
    pub family: String,
    data: Data,
    /// Face index inside a collection (0 for a plain font file).
    pub index: u32,
    /// Font units per em.
    pub upem: f32,
    /// hhea ascender, in em.
    pub ascender: f32,
    /// hhea descender (negative), in em.
    pub descender: f32,
    /// Number of glyphs in the face.
    glyphs: usize,
    /// How characters and advances are looked up, set up on first use.
    tables: OnceLock<Lookup>,
    /// Whether this is a bold (weight ≥ 600) face.
    pub bold: bool,
    /// Weight class from OS/2 (400 regular, 700 bold).
    weight: u16,
}

/// How a face answers "which glyph" and "how wide", set up on first use.
#[derive(Debug)]
enum Lookup {
    /// A bundled face: its cmap subtables and `hmtx` are read in place, in the
    /// bytes compiled into the binary. Nothing is copied: building a map of a CJK
    /// face's 30,000 characters took a sixth of a one-letter run.
    InPlace {
        face: Box<ttf_parser::Face<'static>>,
        cmaps: Vec<ttf_parser::cmap::Subtable<'static>>,
    },
    /// A user font (its bytes are shared, not `'static`): the tables copied out once.
    Copied(Tables),
}

/// What layout needs from a user face, extracted once on first use.
#[derive(Debug, Default)]
struct Tables {
    /// Unicode scalar → glyph id.
    cmap: HashMap<u32, u16>,
    /// Advance width per glyph id, in font units.
    advances: Vec<u16>,
}

impl Tables {
    fn extract(face: &ttf_parser::Face<'_>) -> Tables {
        let mut cmap = HashMap::new();
        for sub in unicode_subtables(face) {
            sub.codepoints(|cp| {
                if let Some(g) = sub.glyph_index(cp) {
                    if g.0 != 0 {
                        cmap.entry(cp).or_insert(g.0);
                    }
                }
            });
        }
        let advances = (0..face.number_of_glyphs())
            .map(|g| face.glyph_hor_advance(ttf_parser::GlyphId(g)).unwrap_or(0))
            .collect();
        Tables { cmap, advances }
    }
}

/// The face's Unicode cmap subtables.
fn unicode_subtables<'a>(
    face: &ttf_parser::Face<'a>,
) -> impl Iterator<Item = ttf_parser::cmap::Subtable<'a>> {
    face.tables()
        .cmap
        .into_iter()
        .flat_map(|table| table.subtables)
        .filter(ttf_parser::cmap::Subtable::is_unicode)
}

impl Face {
    fn parse(data: Data, index: u32, origin: &str) -> Result<Face, Error> {
        let bytes = data.bytes();
        let face = ttf_parser::Face::parse(bytes, index).map_err(|e| Error::Font {
            source_name: origin.to_string(),
            message: format!("cannot parse face {index}: {e}"),
        })?;
        // Only whether there is one: the table is read on first use (see `tables`).
        if unicode_subtables(&face).next().is_none() {
            return Err(Error::Font {
                source_name: origin.to_string(),
                message: format!("face {index} has no Unicode character map"),
            });
        }
        let upem = f32::from(face.units_per_em().max(1));
        let (family, postscript) = names(&face);
        Ok(Face {
            postscript: postscript.unwrap_or_else(|| family.first().cloned().unwrap_or_default()),
            family: family
                .into_iter()
                .next()
                .unwrap_or_else(|| origin.to_string()),
            index,
            upem,
            ascender: f32::from(face.ascender()) / upem,
            descender: f32::from(face.descender()) / upem,
            glyphs: usize::from(face.number_of_glyphs()),
            tables: OnceLock::new(),
            bold: face.is_bold() || face.weight().to_number() >= 600,
            weight: face.weight().to_number(),
            data,
        })
    }

    /// The lookup, set up the first time a character or width is asked for.
    fn tables(&self) -> &Lookup {
        self.tables.get_or_init(|| {
            // It parsed in `Face::parse`, so this cannot fail; if it did, the face
            // would simply have no characters.
            match &self.data {
                Data::Static(bytes) => match ttf_parser::Face::parse(bytes, self.index) {
                    Ok(face) => Lookup::InPlace {
                        cmaps: unicode_subtables(&face).collect(),
                        face: Box::new(face),
                    },
                    Err(_) => Lookup::Copied(Tables::default()),
                },
                Data::Shared(bytes) => Lookup::Copied(
                    ttf_parser::Face::parse(bytes, self.index)
                        .map(|face| Tables::extract(&face))
                        .unwrap_or_default(),
                ),
            }
        })
    }

    /// The glyph id for `ch`, if this face has it: the first Unicode subtable
    /// that maps it to a glyph other than .notdef.
    pub fn glyph(&self, ch: char) -> Option<u16> {
        let cp = u32::from(ch);
        match self.tables() {
            Lookup::InPlace { cmaps, .. } => cmaps
                .iter()
                .find_map(|sub| sub.glyph_index(cp).filter(|g| g.0 != 0))
                .map(|g| g.0),
            Lookup::Copied(t) => t.cmap.get(&cp).copied(),
        }
    }

    /// Advance width of glyph `gid` in em.
    pub fn advance_em(&self, gid: u16) -> f32 {
        f32::from(self.advance_units(gid)) / self.upem
    }

    /// Advance width of glyph `gid` in font units.
    pub fn advance_units(&self, gid: u16) -> u16 {
        match self.tables() {
            Lookup::InPlace { face, .. } => face
                .glyph_hor_advance(ttf_parser::GlyphId(gid))
                .unwrap_or(0),
            Lookup::Copied(t) => t.advances.get(usize::from(gid)).copied().unwrap_or(0),
        }
    }

    /// The font file's bytes (the whole collection for a `.ttc`).
    pub fn bytes(&self) -> &[u8] {
        self.data.bytes()
    }

    /// Number of glyphs in the face.
    pub fn glyph_count(&self) -> usize {
        self.glyphs
    }
}

/// Family names (typographic first, every language) and the PostScript name.
fn names(face: &ttf_parser::Face<'_>) -> (Vec<String>, Option<String>) {
    use ttf_parser::name_id;
    let mut english = Vec::new();
    let mut other = Vec::new();
    let mut postscript = None;
    for id in [name_id::TYPOGRAPHIC_FAMILY, name_id::FAMILY] {
        for n in face.names() {
            if n.name_id != id {
                continue;
            }
            let Some(s) = n.to_string() else { continue };
            let s = s.trim().to_string();
            if s.is_empty() {
                continue;
            }
            let list =
                if n.language_id == 0x0409 || n.platform_id == ttf_parser::PlatformId::Macintosh {
                    &mut english
                } else {
                    &mut other
                };
            if !list.contains(&s) {
                list.push(s);
            }
        }
    }
    for n in face.names() {
        if n.name_id == name_id::POST_SCRIPT_NAME {
            if let Some(s) = n.to_string() {
                postscript = Some(s);
                break;
            }
        }
    }
    english.extend(other);
    english.dedup();
    (english, postscript)
}

/// Where a family comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FontSource {
    /// Compiled into the binary.
    Bundled,
    /// A file in a `--font-dir` folder.
    File(PathBuf),
}

impl std::fmt::Display for FontSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FontSource::Bundled => f.write_str("bundled"),
            FontSource::File(p) => write!(f, "{}", p.display()),
        }
    }
}

/// A family: its names, a regular face and maybe a bold one.
#[derive(Debug)]
struct Family {
    /// Main name (the English family name when the font has one).
    name: String,
    /// Other names it answers to (role names, names in other languages).
    aliases: Vec<String>,
    regular: FaceId,
    bold: Option<FaceId>,
    source: FontSource,
    /// Whether this family is only a fallback (the symbol font).
    fallback_only: bool,
}

impl Family {
    fn answers_to(&self, name: &str) -> bool {
        let eq = |a: &str| a.eq_ignore_ascii_case(name) || squash(a) == squash(name);
        eq(&self.name) || self.aliases.iter().any(|a| eq(a))
    }
}

/// Lower-cased name without spaces, so `Noto Serif SC` matches `notoserifsc`.
fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// A family for the `qingdan fonts` listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FamilyInfo {
    /// The name to write in front matter `font:`.
    pub name: String,
    /// Other names the family answers to.
    pub aliases: Vec<String>,
    /// PostScript names of its faces (regular first).
    pub faces: Vec<String>,
    /// Glyphs in the regular face.
    pub glyphs: usize,
    /// Where it comes from (`bundled` or a file path).
    pub source: String,
}

/// The faces a document can use, parsed once per process.
///
/// `Send + Sync`: build it once and share it by reference across threads.
#[derive(Debug)]
pub struct Fonts {
    faces: Vec<Face>,
    families: Vec<Family>,
    /// The bundled CJK families (serif, sans), tried after the body family.
    bundled_cjk: Vec<usize>,
    /// The bundled symbol fallback family, if any.
    symbol: Option<usize>,
    /// The bundled rare-character family, tried last of all.
    rare: Option<usize>,
    /// The bundled 仿宋 (朱雀仿宋), the `fangsong` role unless a user 仿宋 is loaded.
    fangsong: Option<usize>,
}

/// User font families that the `fangsong` role (GB/T 9704 body) picks, tried in
/// order, before the bundled 朱雀仿宋.
pub(crate) const FANGSONG: &[&str] = &[
    "仿宋_GB2312",
    "FangSong_GB2312",
    "方正仿宋_GBK",
    "方正仿宋简体",
    "FZFangSong-Z02S",
    "FZFangSong-Z02",
    "仿宋",
    "FangSong",
    "华文仿宋",
    "STFangsong",
];

/// The role name of the GB/T 9704 body family.
pub(crate) const FANGSONG_ROLE: &str = "fangsong";

const SERIF_REGULAR: &[u8] = include_bytes!("../../assets/fonts/NotoSerifSC-Regular.ttf");
const SERIF_BOLD: &[u8] = include_bytes!("../../assets/fonts/NotoSerifSC-Bold.ttf");
const SANS_REGULAR: &[u8] = include_bytes!("../../assets/fonts/NotoSansSC-Regular.ttf");
const SANS_BOLD: &[u8] = include_bytes!("../../assets/fonts/NotoSansSC-Bold.ttf");
pub(super) const SYMBOLS: &[u8] = include_bytes!("../../assets/fonts/NotoSansSymbols2-Subset.ttf");
/// Every code point of upstream Noto Serif SC (and the few of Noto Sans SC that it
/// lacks) that the four subsets above leave out: rare hanzi, ㎡ and other CJK
/// compatibility symbols. About 10 MB; its tables are only read if a document
/// needs a character that no other face has.
const RARE: &[u8] = include_bytes!("../../assets/fonts/NotoSerifSC-Extra.ttf");
/// 朱雀仿宋 (Zhuque Fangsong), subset like the Noto faces: the GB/T 9704 body face.
/// About 6 MB; read only by documents that use it.
pub(super) const FANGSONG_REGULAR: &[u8] =
    include_bytes!("../../assets/fonts/ZhuqueFangsong-Regular.ttf");

/// Characters that draw nothing and need no glyph (joiners, variation selectors).
pub(crate) fn is_invisible(ch: char) -> bool {
    matches!(ch,
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
        | '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}')
        || (ch.is_control() && ch != '\t')
}

impl Fonts {
    /// The fonts compiled into the binary: Noto Serif SC (`serif`, the default body),
    /// Noto Sans SC (`sans`), 朱雀仿宋 (`fangsong`, regular only), a small symbol
    /// fallback, and the rare-character face (regular only: bold is faked) as the
    /// last fallback.
    pub fn bundled() -> Result<Fonts, Error> {
        let mut fonts = Fonts {
            faces: Vec::new(),
            families: Vec::new(),
            bundled_cjk: Vec::new(),
            symbol: None,
            rare: None,
            fangsong: None,
        };
        let sets: [(&str, &[u8], &[u8]); 2] = [
            ("serif", SERIF_REGULAR, SERIF_BOLD),
            ("sans", SANS_REGULAR, SANS_BOLD),
        ];
        for (role, regular, bold) in sets {
            let r = fonts.push_face(Face::parse(Data::Static(regular), 0, role)?);
            let b = fonts.push_face(Face::parse(Data::Static(bold), 0, role)?);
            let name = fonts.face(r).family.clone();
            fonts.bundled_cjk.push(fonts.families.len());
            fonts.families.push(Family {
                name,
                aliases: vec![role.to_string()],
                regular: r,
                bold: Some(b),
                source: FontSource::Bundled,
                fallback_only: false,
            });
        }
        let f = fonts.push_face(Face::parse(Data::Static(FANGSONG_REGULAR), 0, "fangsong")?);
        fonts.fangsong = Some(fonts.families.len());
        fonts.families.push(Family {
            name: fonts.face(f).family.clone(),
            aliases: vec![FANGSONG_ROLE.to_string()],
            regular: f,
            bold: None,
            source: FontSource::Bundled,
            fallback_only: false,
        });
        let s = fonts.push_face(Face::parse(Data::Static(SYMBOLS), 0, "symbols")?);
        fonts.symbol = Some(fonts.families.len());
        fonts.families.push(Family {
            name: fonts.face(s).family.clone(),
            aliases: vec!["symbols".to_string()],
            regular: s,
            bold: None,
            source: FontSource::Bundled,
            fallback_only: true,
        });
        let r = fonts.push_face(Face::parse(Data::Static(RARE), 0, "rare")?);
        fonts.rare = Some(fonts.families.len());
        fonts.families.push(Family {
            name: fonts.face(r).family.clone(),
            aliases: vec!["rare".to_string()],
            regular: r,
            bold: None,
            source: FontSource::Bundled,
            fallback_only: true,
        });
        Ok(fonts)
    }

    /// The bundled fonts plus every `.ttf`, `.otf`, `.ttc` and `.otc` in `dirs`
    /// (searched recursively, in name order so the result never depends on the disk).
    pub fn with_dirs(dirs: &[PathBuf]) -> Result<Fonts, Error> {
        let mut fonts = Fonts::bundled()?;
        let mut files = Vec::new();
        for d in dirs {
            collect_font_files(d, &mut files)?;
        }
        files.sort();
        files.dedup();
        for path in files {
            fonts.load_file(&path)?;
        }
        Ok(fonts)
    }

    fn push_face(&mut self, face: Face) -> FaceId {
        // More than 65 535 faces is not a real font setup; saturate instead of wrapping.
        let id = FaceId(u16::try_from(self.faces.len()).unwrap_or(u16::MAX));
        self.faces.push(face);
        id
    }

    fn load_file(&mut self, path: &Path) -> Result<(), Error> {
        let origin = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| Error::Font {
            source_name: origin.clone(),
            message: format!("cannot read: {e}"),
        })?;
        let data: Arc<[u8]> = bytes.into();
        let count = ttf_parser::fonts_in_collection(&data).unwrap_or(1);
        for index in 0..count {
            let face = Face::parse(Data::Shared(data.clone()), index, &origin)?;
            self.add_user_face(face, path);
        }
        Ok(())
    }

    /// Files a user face into its family (new or existing), as regular or bold.
    fn add_user_face(&mut self, face: Face, path: &Path) {
        let family_name = face.family.clone();
        let (bold, weight) = (face.bold, face.weight);
        let id = self.push_face(face);
        let existing = self
            .families
            .iter_mut()
            .find(|f| f.source != FontSource::Bundled && f.name == family_name);
        match existing {
            Some(fam) => {
                let closer = |cur: FaceId, faces: &[Face], target: u16| {
                    let w = faces.get(usize::from(cur.0)).map_or(0, |f| f.weight);
                    weight.abs_diff(target) < w.abs_diff(target)
                };
                if bold {
                    match fam.bold {
                        Some(b) if !closer(b, &self.faces, 700) => {}
                        _ => fam.bold = Some(id),
                    }
                } else if closer(fam.regular, &self.faces, 400)
                    || self.faces[usize::from(fam.regular.0)].bold
                {
                    fam.regular = id;
                }
            }
            None => {
                let aliases = {
                    let f = &self.faces[usize::from(id.0)];
                    let mut a = Vec::new();
                    // Other-language names (仿宋_GB2312 for FangSong_GB2312) are in the name table.
                    if let Ok(face) = ttf_parser::Face::parse(f.bytes(), f.index) {
                        a = names(&face).0.into_iter().skip(1).collect();
                    }
                    a
                };
                self.families.push(Family {
                    name: family_name,
                    aliases,
                    regular: id,
                    bold: bold.then_some(id),
                    source: FontSource::File(path.to_path_buf()),
                    fallback_only: false,
                });
            }
        }
    }

    pub(crate) fn face(&self, id: FaceId) -> &Face {
        // Ids only come from this `Fonts`, so the index is always in range; the
        // fallback keeps this total without a panic path.
        self.faces
            .get(usize::from(id.0))
            .unwrap_or_else(|| &self.faces[0])
    }

    /// The family a face belongs to: its index in the font set and its name.
    pub(crate) fn family_of(&self, face: FaceId) -> (usize, &str) {
        self.families
            .iter()
            .position(|f| f.regular == face || f.bold == Some(face))
            .map_or((usize::MAX, ""), |i| (i, self.families[i].name.as_str()))
    }

    /// The families, for a `qingdan fonts` listing.
    pub fn families(&self) -> Vec<FamilyInfo> {
        self.families
            .iter()
            .map(|f| {
                let mut faces = vec![self.face(f.regular).postscript.clone()];
                if let Some(b) = f.bold.filter(|b| *b != f.regular) {
                    faces.push(self.face(b).postscript.clone());
                }
                FamilyInfo {
                    name: f.name.clone(),
                    aliases: f.aliases.clone(),
                    faces,
                    glyphs: self.face(f.regular).glyph_count(),
                    source: f.source.to_string(),
                }
            })
            .collect()
    }

    fn family_index(&self, name: &str) -> Option<usize> {
        if name == FANGSONG_ROLE {
            // The role: a user's 仿宋 wins over the bundled 朱雀仿宋.
            if let Some(i) = FANGSONG.iter().find_map(|n| self.user_family(n)) {
                return Some(i);
            }
        }
        // A user family of that name wins over a bundled family or role name
        // (`FangSong` is a user's FangSong, not 朱雀仿宋's role `fangsong`).
        self.user_family(name).or_else(|| {
            self.families
                .iter()
                .position(|f| !f.fallback_only && f.answers_to(name))
        })
    }

    /// The loaded (non-bundled) family that answers to `name`.
    fn user_family(&self, name: &str) -> Option<usize> {
        self.families
            .iter()
            .position(|f| f.source != FontSource::Bundled && !f.fallback_only && f.answers_to(name))
    }

    /// The family the role or name `family` stands for (`fangsong` → a user 仿宋
    /// or 朱雀仿宋; `serif` → Noto Serif SC), as the PDF uses it; `None` if unknown.
    pub fn family_name(&self, family: &str) -> Option<&str> {
        self.family_index(family)
            .map(|i| self.families[i].name.as_str())
    }

    /// The first of `names` that a loaded (non-bundled) family answers to.
    pub(crate) fn first_family<'n>(&self, names: &[&'n str]) -> Option<&'n str> {
        names
            .iter()
            .copied()
            .find(|n| self.user_family(n).is_some())
    }

    /// The fallback chain for text in `family` (a role such as `serif`, or a family
    /// name), regular or bold. The bool says whether bold must be faked (the family
    /// has no bold face).
    pub(crate) fn chain(&self, family: &str, bold: bool) -> Result<Chain, Error> {
        let first = self
            .family_index(family)
            .ok_or_else(|| Error::UnknownFont {
                name: family.to_string(),
                known: self
                    .families
                    .iter()
                    .filter(|f| !f.fallback_only)
                    .map(|f| f.name.clone())
                    .collect::<Vec<_>>()
                    .join(", "),
            })?;
        let mut faces = Vec::new();
        let pick = |f: &Family| -> (FaceId, bool) {
            match (bold, f.bold) {
                (true, Some(b)) => (b, false),
                (true, None) => (f.regular, true),
                (false, _) => (f.regular, false),
            }
        };
        let mut order = vec![first];
        // A user 仿宋 (often GB 2312 only) borrows from 朱雀仿宋 first: 堃 in the same style.
        if squash(family) == FANGSONG_ROLE {
            order.extend(self.fangsong);
        }
        // Fall back to the bundled family of the same kind first: a sans (黑体)
        // user font borrows missing characters from Noto Sans SC, not the serif.
        let fam = &self.families[first];
        let sansy = [fam.name.as_str()]
            .into_iter()
            .chain(fam.aliases.iter().map(String::as_str))
            .any(|n| {
                let n = n.to_lowercase();
                n.contains("sans") || n.contains("hei") || n.contains('黑') || n.contains("gothic")
            });
        let mut cjk = self.bundled_cjk.clone();
        if sansy {
            cjk.reverse();
        }
        order.extend(cjk);
        order.extend(self.symbol);
        order.extend(
            (0..self.families.len()).filter(|i| self.families[*i].source != FontSource::Bundled),
        );
        // Last, so that only characters no other face has ever read its tables.
        order.extend(self.rare);
        for i in order {
            let (id, fake) = pick(&self.families[i]);
            if !faces.iter().any(|(f, _)| *f == id) {
                faces.push((id, fake));
            }
        }
        Ok(Chain { faces })
    }

    /// The characters of `text` that no face in `family`'s fallback chain has
    /// (blanks and invisible characters are never missing). An unknown family is
    /// checked as the default `serif`.
    pub fn missing_chars(&self, family: &str, text: &str) -> Vec<char> {
        let chain = self
            .chain(family, false)
            .or_else(|_| self.chain("serif", false));
        let Ok(chain) = chain else {
            return text.chars().collect();
        };
        let mut out: Vec<char> = Vec::new();
        for ch in text.chars() {
            if ch.is_whitespace() || is_invisible(ch) || out.contains(&ch) {
                continue;
            }
            if chain.find(self, ch).is_none() {
                out.push(ch);
            }
        }
        out
    }
}

/// Faces to try in order for one family and weight.
#[derive(Debug, Clone)]
pub(crate) struct Chain {
    /// Face and whether its bold must be faked.
    faces: Vec<(FaceId, bool)>,
}

impl Chain {
    /// The same faces with bold faked by stroking: heavier text without
    /// embedding a second (bold) face.
    pub fn emboldened(&self) -> Chain {
        Chain {
            faces: self.faces.iter().map(|(id, _)| (*id, true)).collect(),
        }
    }

    /// The faces, in order.
    pub fn face_ids(&self) -> impl Iterator<Item = FaceId> + '_ {
        self.faces.iter().map(|(id, _)| *id)
    }

    /// The first face that has `ch`: face, glyph id, fake bold.
    pub fn find(&self, fonts: &Fonts, ch: char) -> Option<(FaceId, u16, bool)> {
        self.faces
            .iter()
            .find_map(|(id, fake)| fonts.face(*id).glyph(ch).map(|g| (*id, g, *fake)))
    }
}

fn collect_font_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), Error> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::Font {
        source_name: dir.display().to_string(),
        message: format!("cannot read font folder: {e}"),
    })?;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_font_files(&path, out)?;
        } else if path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
            ["ttf", "otf", "ttc", "otc"].contains(&e.to_ascii_lowercase().as_str())
        }) {
            out.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fonts() -> &'static Fonts {
        crate::pdf::test_fonts()
    }

    #[test]
    fn bundled_families_and_roles() {
        let f = fonts();
        let fams = f.families();
        assert_eq!(fams.len(), 5);
        assert_eq!(fams[4].aliases, ["rare"], "{fams:?}");
        assert_eq!(fams[2].name, "Zhuque Fangsong", "{fams:?}");
        assert_eq!(fams[2].aliases, ["fangsong"], "{fams:?}");
        assert!(fams[0].name.contains("Serif"), "{fams:?}");
        assert!(f.chain("serif", false).is_ok());
        assert!(f.chain("Noto Sans SC", true).is_ok());
        assert!(matches!(
            f.chain("仿宋_GB2312", false),
            Err(Error::UnknownFont { .. })
        ));
    }

    #[test]
    fn fallback_finds_checkboxes() {
        let f = fonts();
        assert!(f.missing_chars("serif", "□☑☒检查结果 ABC").is_empty());
        assert_eq!(f.missing_chars("serif", "a\u{10FFFD}b"), vec!['\u{10FFFD}']);
    }

    #[test]
    fn every_upstream_character_is_found() {
        let f = fonts();
        // ㎡ and 龘 are outside GB 2312 ∪ 通用规范汉字表 (only in the rare face);
        // the others are in the subsets. U+9F98 龘, U+33A1 ㎡.
        let chars = ['㎡', '龘', 'm', '³', '‰', '①', 'Ⅻ', '℃'];
        for family in ["serif", "sans"] {
            for bold in [false, true] {
                let chain = f.chain(family, bold).unwrap_or_else(|e| panic!("{e}"));
                for ch in chars {
                    assert!(
                        chain.find(f, ch).is_some(),
                        "{family} bold={bold}: U+{:04X} {ch} not found",
                        u32::from(ch)
                    );
                }
                let hit = chain.find(f, '㎡');
                // Only a regular rare face exists: bold is faked.
                assert_eq!(hit.map(|h| h.2), Some(bold), "{family} bold={bold}");
                assert_eq!(chain.find(f, '\u{E000}'), None, "{family} bold={bold}");
            }
            assert!(f
                .missing_chars(family, "面积100㎡，龘，m³ ‰ ① Ⅻ ℃")
                .is_empty());
            assert_eq!(f.missing_chars(family, "a\u{E000}b"), vec!['\u{E000}']);
        }
    }

    #[test]
    fn rare_face_is_read_only_when_needed() {
        let f = Fonts::bundled().unwrap_or_else(|e| panic!("{e}"));
        let rare = f.families[f.rare.unwrap_or_else(|| panic!("no rare face"))].regular;
        let read = |f: &Fonts| f.face(rare).tables.get().is_some();
        assert!(!read(&f));
        assert!(f.missing_chars("serif", "□☑检查结果 ABC ①℃").is_empty());
        assert!(f.missing_chars("sans", "堃喆赟玥").is_empty());
        assert!(!read(&f), "ordinary text read the rare face");
        assert!(f.missing_chars("serif", "㎡").is_empty());
        assert!(read(&f));
    }

    #[test]
    fn user_fonts_from_a_folder() {
        let dir = std::env::temp_dir().join(format!("qingdan-fonts-{}", std::process::id()));
        let sub = dir.join("sub");
        std::fs::create_dir_all(&sub).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(sub.join("sym.TTF"), SYMBOLS).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(dir.join("notes.txt"), "not a font").unwrap_or_else(|e| panic!("{e}"));
        let f = Fonts::with_dirs(std::slice::from_ref(&dir)).unwrap_or_else(|e| panic!("{e}"));
        let fams = f.families();
        assert_eq!(fams.len(), 6, "{fams:?}");
        let user = &fams[5];
        assert!(user.source.ends_with("sym.TTF"), "{user:?}");
        // Addressable by name, with fake bold (no bold face).
        let chain = f.chain(&user.name, true).unwrap_or_else(|e| panic!("{e}"));
        let hit = chain.find(&f, '☑');
        assert!(matches!(hit, Some((_, _, true))), "{hit:?}");
        std::fs::write(dir.join("broken.ttf"), b"nope").unwrap_or_else(|e| panic!("{e}"));
        let err = Fonts::with_dirs(std::slice::from_ref(&dir))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("broken.ttf"), "{err}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// The faces of a chain, by family name.
    fn chain_families(f: &Fonts, family: &str) -> Vec<String> {
        let chain = f.chain(family, false).unwrap_or_else(|e| panic!("{e}"));
        chain
            .faces
            .iter()
            .map(|(id, _)| f.face(*id).family.clone())
            .collect()
    }

    #[test]
    fn fangsong_is_zhuque_then_the_serif_chain_and_in_no_other_chain() {
        let f = Fonts::bundled().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(f.family_name("fangsong"), Some("Zhuque Fangsong"));
        assert_eq!(f.family_name("FangSong"), Some("Zhuque Fangsong"));
        let fams = chain_families(&f, "fangsong");
        assert_eq!(fams[0], "Zhuque Fangsong", "{fams:?}");
        assert_eq!(fams[1], "Noto Serif SC", "{fams:?}");
        for other in ["serif", "sans", "Noto Serif SC"] {
            let fams = chain_families(&f, other);
            assert!(
                !fams.iter().any(|n| n.contains("Zhuque")),
                "{other}: {fams:?}"
            );
        }
        // Body text is 朱雀仿宋; what it lacks comes from Noto Serif SC.
        let chain = f.chain("fangsong", false).unwrap_or_else(|e| panic!("{e}"));
        let family_of = |ch: char| {
            let (id, _, _) = chain.find(&f, ch).unwrap_or_else(|| panic!("{ch}"));
            f.face(id).family.clone()
        };
        for ch in "粉尘爆炸堃喆赟玥，。《》、0A".chars() {
            assert_eq!(family_of(ch), "Zhuque Fangsong", "{ch}");
        }
        for ch in "①⑳℃●★※Ⅻ".chars() {
            assert_eq!(family_of(ch), "Noto Serif SC", "{ch}");
        }
        assert!(f.missing_chars("fangsong", "☑㎡龘").is_empty());
        // No bold face: bold is faked.
        let bold = f.chain("fangsong", true).unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(bold.find(&f, '粉'), Some((_, _, true))));
    }

    #[test]
    fn a_user_fangsong_wins_over_zhuque() {
        let mut f = Fonts::bundled().unwrap_or_else(|e| panic!("{e}"));
        // Stand-ins for a licensed 仿宋_GB2312 and a Windows FangSong (any faces
        // will do: the family name decides).
        for name in ["FangSong", "仿宋_GB2312"] {
            let mut face = Face::parse(Data::Static(SANS_REGULAR), 0, "user")
                .unwrap_or_else(|e| panic!("{e}"));
            face.family = name.to_string();
            f.add_user_face(face, Path::new("fonts/user.ttf"));
        }
        assert_eq!(f.family_name("fangsong"), Some("仿宋_GB2312"));
        let fams = chain_families(&f, "fangsong");
        assert_eq!(
            fams[..3],
            ["仿宋_GB2312", "Zhuque Fangsong", "Noto Serif SC"],
            "{fams:?}"
        );
        // A family asked for by its own name is that family.
        assert_eq!(f.family_name("FangSong"), Some("FangSong"));
        assert_eq!(chain_families(&f, "仿宋_GB2312")[0], "仿宋_GB2312");
        // The bundled one stays reachable by its name.
        assert_eq!(chain_families(&f, "Zhuque Fangsong")[0], "Zhuque Fangsong");
    }

    #[test]
    fn zhuque_is_read_only_when_used() {
        let f = Fonts::bundled().unwrap_or_else(|e| panic!("{e}"));
        let zq = f.families[f.fangsong.unwrap_or_else(|| panic!("no 仿宋"))].regular;
        let read = |f: &Fonts| f.face(zq).tables.get().is_some();
        assert!(f.missing_chars("serif", "检查结果①℃ ABC").is_empty());
        assert!(f.missing_chars("sans", "堃喆赟玥").is_empty());
        assert!(!read(&f), "a serif or sans document read 朱雀仿宋");
        assert!(f.missing_chars("fangsong", "此函。").is_empty());
        assert!(read(&f));
    }

    #[test]
    fn fonts_are_send_sync() {
        fn check<T: Send + Sync>() {}
        check::<Fonts>();
    }
}
