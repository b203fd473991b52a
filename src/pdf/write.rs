//! Pages → PDF bytes. The only module that knows printpdf.
//!
//! Each face is subset here to the glyphs the pages use (typst's `subsetter`), and
//! printpdf gets the subset with printpdf's own subsetting off, so it only writes
//! the font dictionaries, `/W` widths and the `/ToUnicode` map. The bytes are
//! deterministic: fixed object order, the subset tag and the trailer `/ID` come from
//! a content hash, dates from [`Info`] — never the clock or a random number.
//!
//! Many similar documents (a mail merge) go through a [`Batch`]: the glyphs their
//! common text uses are embedded as one subset that is byte-identical in every
//! document, and a stream seen before is not deflated again. The bytes of a document
//! depend only on its pages and the batch's base glyphs, never on which documents
//! were written before it (the cache holds only what deflating would give again).

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::hash::{Hash as _, Hasher as _};
use std::sync::{Arc, Mutex};

use printpdf::{
    CustomPdfConformance, FontId, FontMetrics, FontType, Mm, Op, ParsedFont, PdfConformance,
    PdfDocument, PdfFont, PdfFontHandle, PdfFontMetricsStub, PdfPage, PdfSaveOptions, Pt, TextItem,
};

use super::fonts::{FaceId, Fonts};
use super::page::{Item, Page, Paint};
use super::sfnt::{cmap_table, empty_notdef, strip_tables, with_tables};
use super::{unix_from_civil, Error, Info};

/// Deflate level for every stream. Measured on the one-page letter: level 1 is
/// 18 % bigger (57.2 KB) for ~30 % less write time, level 9 only 0.4 % smaller
/// (the TrueType outlines barely compress further).
const DEFLATE_LEVEL: u32 = 6;

/// FNV-1a, 64-bit: a small, stable hash (std's hasher may change between releases).
#[derive(Clone, Copy)]
pub(super) struct Fnv(pub(super) u64);

impl Fnv {
    pub(super) fn new(seed: u64) -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325 ^ seed)
    }
    pub(super) fn bytes(&mut self, b: &[u8]) {
        for x in b {
            self.0 ^= u64::from(*x);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// The characters one face draws in the document, with their original glyph ids.
/// (Two characters may share a glyph, so this is keyed by character.)
type Usage = BTreeMap<FaceId, BTreeMap<char, u16>>;

fn usage(pages: &[Page]) -> Usage {
    let mut u: Usage = BTreeMap::new();
    for p in pages {
        for (_, item) in &p.items {
            if let Item::Text(r) = item {
                let m = u.entry(r.face).or_default();
                for g in &r.glyphs {
                    m.entry(g.ch).or_insert(g.gid);
                }
            }
        }
    }
    u
}

/// Glyph ids per face: what a document uses, or the base set of a [`Batch`].
pub type GlyphSet = BTreeMap<FaceId, BTreeSet<u16>>;

/// The glyph ids each face draws on `pages`.
pub fn glyphs(pages: &[Page]) -> GlyphSet {
    usage(pages)
        .into_iter()
        .map(|(face, chars)| (face, chars.into_values().collect()))
        .collect()
}

/// A subset face handed to printpdf, and the gid map for the content streams.
#[derive(Clone)]
struct Embedded {
    /// Resource number: the font is `/F{n}`.
    n: usize,
    id: FontId,
    /// Original gid → subset gid.
    remap: BTreeMap<u16, u16>,
    /// Subset gid → advance in 1/1000 em, as printpdf writes it into `/W`.
    widths: BTreeMap<u16, f32>,
    /// Added as objects (a batch's shared subset), not given to printpdf.
    added: bool,
}

/// How a subset reaches the PDF: through printpdf, or (a batch's shared
/// subset) as the objects printpdf made for it once, added after printpdf has
/// written the rest.
enum Font {
    Parsed(ParsedFont),
    Objects(Arc<FontObjects>),
}

fn embed(
    face_id: FaceId,
    chars: &BTreeMap<char, u16>,
    fonts: &Fonts,
    n: usize,
    hash: &mut Fnv,
    batch: Option<&Batch>,
) -> Result<(Embedded, Font), Error> {
    let face = fonts.face(face_id);
    // The subset tag (six capitals) names this glyph set of this face (not its
    // place in the document, so a batch's shared subset has one name).
    let mut h = Fnv::new(0);
    h.bytes(face.postscript.as_bytes());
    for (ch, g) in chars {
        h.bytes(&g.to_le_bytes());
        h.bytes(&u32::from(*ch).to_le_bytes());
    }
    hash.bytes(&h.0.to_le_bytes());
    let Some(batch) = batch else {
        let (e, parsed) = embed_new(face_id, chars, fonts, n, h.0)?;
        return Ok((e, Font::Parsed(parsed)));
    };
    // A batch's shared subset is the same in every document: subset, described
    // and deflated once. Every document gets it the same way (as objects), made
    // now or before, so its bytes do not depend on which came first.
    let key = (face_id, n, h.0);
    if let Some(hit) = batch.subsets.lock().ok().and_then(|m| m.get(&key).cloned()) {
        if hit.0 == *chars {
            return Ok((hit.1.clone(), Font::Objects(hit.2.clone())));
        }
    }
    let (e, parsed) = embed_new(face_id, chars, fonts, n, h.0)?;
    let objects = Arc::new(font_objects(&e, parsed, chars)?);
    if let Ok(mut m) = batch.subsets.lock() {
        if m.len() < SUBSETS_KEPT {
            m.entry(key)
                .or_insert_with(|| Arc::new((chars.clone(), e.clone(), objects.clone())));
        }
    }
    Ok((e, Font::Objects(objects)))
}

/// A font as printpdf writes it (the `/Type0` dictionary and what it refers to:
/// descriptor, font file, `/ToUnicode`), streams deflated, numbered as in the
/// small document it was made in.
struct FontObjects {
    root: lopdf::ObjectId,
    objects: Vec<(lopdf::ObjectId, lopdf::Object)>,
}

/// Has printpdf write `parsed` alone, on a page showing each of `chars` once
/// (what [`font_usage_ops`] gives it in a whole document, so `/W` and
/// `/ToUnicode` come out the same), and keeps the font's objects.
fn font_objects(
    e: &Embedded,
    parsed: ParsedFont,
    chars: &BTreeMap<char, u16>,
) -> Result<FontObjects, Error> {
    let mut doc = PdfDocument::new("");
    doc.resources
        .fonts
        .map
        .insert(e.id.clone(), PdfFont::new(parsed));
    let text: String = chars
        .iter()
        .filter(|(_, gid)| e.remap.contains_key(gid))
        .map(|(ch, _)| *ch)
        .collect();
    let ops = vec![
        Op::StartTextSection,
        Op::SetFont {
            font: PdfFontHandle::External(e.id.clone()),
            size: Pt(10.0),
        },
        Op::ShowText {
            items: vec![TextItem::Text(text)],
        },
        Op::EndTextSection,
    ];
    doc.pages.push(PdfPage::new(Mm(210.0), Mm(297.0), ops));
    let mut lo = to_lopdf(&doc)?;
    let root = font_dict(&lo, &e.id.0)?;
    set_to_unicode(&mut lo, root, e, chars)?;
    compress(&mut lo, None)?;
    // Everything the font dictionary reaches, in a fixed order.
    let mut objects = Vec::new();
    let mut todo = vec![root];
    let mut seen = BTreeSet::new();
    while let Some(id) = todo.pop() {
        if !seen.insert(id) {
            continue;
        }
        let obj = lo
            .get_object(id)
            .map_err(|_| Error::Write(format!("font {}: object {id:?} is missing", e.id.0)))?
            .clone();
        references(&obj, &mut todo);
        objects.push((id, obj));
    }
    objects.sort_by_key(|(id, _)| *id);
    objects.iter_mut().for_each(|(_, o)| tidy_object(o));
    Ok(FontObjects { root, objects })
}

/// The font dictionary printpdf wrote for resource `name` (on the first page,
/// where [`font_usage_ops`] shows every font).
fn font_dict(lo: &lopdf::Document, name: &str) -> Result<lopdf::ObjectId, Error> {
    let missing = || Error::Write(format!("printpdf wrote no font {name}"));
    let page = lo.get_pages().into_values().next().ok_or_else(missing)?;
    lo.get_object(page)
        .and_then(lopdf::Object::as_dict)
        .and_then(|d| d.get(b"Resources"))
        .and_then(|r| resolve(lo, r))
        .and_then(lopdf::Object::as_dict)
        .and_then(|r| r.get(b"Font"))
        .and_then(|f| resolve(lo, f))
        .and_then(lopdf::Object::as_dict)
        .and_then(|f| f.get(name.as_bytes()))
        .and_then(lopdf::Object::as_reference)
        .map_err(|_| missing())
}

/// Replaces printpdf's `/ToUnicode` map of font `font` (one `bfchar` line a
/// glyph, under a long PostScript header) with [`to_unicode`]'s: the same
/// mapping, about 40 % smaller deflated.
fn set_to_unicode(
    lo: &mut lopdf::Document,
    font: lopdf::ObjectId,
    e: &Embedded,
    chars: &BTreeMap<char, u16>,
) -> Result<(), Error> {
    let cmap = lo
        .get_object(font)
        .and_then(lopdf::Object::as_dict)
        .and_then(|d| d.get(b"ToUnicode"))
        .and_then(lopdf::Object::as_reference)
        .map_err(|_| Error::Write(format!("font {} has no /ToUnicode", e.id.0)))?;
    match lo.get_object_mut(cmap) {
        Ok(lopdf::Object::Stream(s)) => {
            s.dict.remove(b"Filter");
            s.set_plain_content(to_unicode(e, chars));
            Ok(())
        }
        _ => Err(Error::Write(format!(
            "font {}: /ToUnicode is not a stream",
            e.id.0
        ))),
    }
}

/// A `/ToUnicode` CMap (PDF 32000 §9.10.3) from `e`'s subset glyph ids to the
/// characters of `chars` they draw (the first, where two share a glyph): runs
/// of consecutive ids as one `bfrange` with an array, 100 to a block.
fn to_unicode(e: &Embedded, chars: &BTreeMap<char, u16>) -> Vec<u8> {
    let mut map: BTreeMap<u16, char> = BTreeMap::new();
    for (ch, gid) in chars {
        if let Some(cid) = e.remap.get(gid) {
            map.entry(*cid).or_insert(*ch);
        }
    }
    let mut runs: Vec<Vec<(u16, char)>> = Vec::new();
    for (cid, ch) in map {
        match runs.last_mut() {
            Some(r) if r.len() < 100 && r.last().is_some_and(|l| l.0 + 1 == cid) => {
                r.push((cid, ch));
            }
            _ => runs.push(vec![(cid, ch)]),
        }
    }
    let mut out = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo <</Registry (Adobe) /Ordering (UCS) /Supplement 0>> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    for block in runs.chunks(100) {
        out.push_str(&format!("{} beginbfrange\n", block.len()));
        for r in block {
            let (first, last) = (r[0].0, r[r.len() - 1].0);
            out.push_str(&format!("<{first:04X}> <{last:04X}> ["));
            for (k, (_, ch)) in r.iter().enumerate() {
                if k > 0 {
                    out.push(' ');
                }
                out.push('<');
                for u in ch.encode_utf16(&mut [0; 2]) {
                    out.push_str(&format!("{u:04X}"));
                }
                out.push('>');
            }
            out.push_str("]\n");
        }
        out.push_str("endbfrange\n");
    }
    out.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    out.into_bytes()
}

/// Drops what printpdf writes that says nothing: empty metadata entries and a
/// metadata `/Identifier` (the trailer's `/ID` is the document's id), the
/// catalog's default page layout and mode, page boxes equal to the media box,
/// empty annotation arrays and empty resource dictionaries. A few hundred bytes
/// of every letter.
fn tidy(lo: &mut lopdf::Document) {
    use lopdf::Object;
    let empty = |o: &Object| match o {
        Object::String(s, _) => s.is_empty() || s.as_slice() == b"\xfe\xff",
        Object::Array(a) => a.is_empty(),
        Object::Dictionary(d) => d.is_empty(),
        _ => false,
    };
    let empties: BTreeSet<lopdf::ObjectId> = lo
        .objects
        .iter()
        .filter(|(_, o)| empty(o))
        .map(|(id, _)| *id)
        .collect();
    let info = lo.trailer.get(b"Info").and_then(Object::as_reference).ok();
    // Empty objects that resource entries point to, dropped with the entries.
    let mut unused = BTreeSet::new();
    for (id, obj) in lo.objects.iter_mut() {
        let Object::Dictionary(d) = obj else { continue };
        let kind = d
            .get(b"Type")
            .and_then(Object::as_name)
            .ok()
            .map(<[u8]>::to_vec);
        let media = d.get(b"MediaBox").ok().cloned();
        let gone: Vec<Vec<u8>> = d
            .iter()
            .filter(|(k, v)| {
                let k = k.as_slice();
                let points_to_empty = matches!(
                    k,
                    b"XObject" | b"ExtGState" | b"Shading" | b"Pattern" | b"Annots"
                ) && v.as_reference().is_ok_and(|r| empties.contains(&r));
                empty(v)
                    || points_to_empty
                    || (Some(*id) == info && matches!(k, b"Identifier" | b"Trapped"))
                    || (kind.as_deref() == Some(b"Catalog")
                        && ((k == b"PageLayout" && v.as_name().ok() == Some(b"OneColumn"))
                            || (k == b"PageMode" && v.as_name().ok() == Some(b"UseNone"))))
                    || (matches!(k, b"TrimBox" | b"CropBox") && media.as_ref() == Some(*v))
            })
            .map(|(k, _)| k.clone())
            .collect();
        for k in gone {
            if let Some(Ok(r)) = d.remove(&k).map(|v| v.as_reference()) {
                unused.insert(r);
            }
        }
    }
    for id in unused {
        lo.objects.remove(&id);
    }
    for obj in lo.objects.values_mut() {
        tidy_object(obj);
    }
}

/// Inside one object: a CID font's `/W` without the widths its `/DW` already
/// gives, and text strings that are ASCII written as such rather than as
/// UTF-16 (printpdf's `Creator`, `Producer`).
fn tidy_object(obj: &mut lopdf::Object) {
    use lopdf::Object;
    match obj {
        Object::Dictionary(d) => {
            let dw = d.get(b"DW").and_then(Object::as_i64).ok();
            if let (Some(dw), Ok(Object::Array(w))) = (dw, d.get_mut(b"W")) {
                *w = widths_without(w, dw);
            }
            for (k, v) in d.iter_mut() {
                if matches!(k.as_slice(), b"Creator" | b"Producer") {
                    if let Object::String(bytes, _) = v {
                        if let Some(ascii) = utf16_ascii(bytes) {
                            *v = Object::string_literal(ascii);
                            continue;
                        }
                    }
                }
                tidy_object(v);
            }
        }
        Object::Array(a) => a.iter_mut().for_each(tidy_object),
        _ => {}
    }
}

/// `bytes` (UTF-16BE with a byte-order mark) as ASCII, if every character is.
fn utf16_ascii(bytes: &[u8]) -> Option<Vec<u8>> {
    let rest = bytes.strip_prefix(b"\xfe\xff")?;
    if rest.len() % 2 != 0 {
        return None;
    }
    rest.chunks(2)
        .map(|c| (c[0] == 0 && c[1].is_ascii() && c[1] >= 0x20).then_some(c[1]))
        .collect()
}

/// A `/W` array (`c [w1 w2 …]` runs and `c1 c2 w` ranges) with the widths equal
/// to `dw` left out: runs of the other widths only.
fn widths_without(w: &[lopdf::Object], dw: i64) -> Vec<lopdf::Object> {
    use lopdf::Object;
    let num = |o: &Object| {
        o.as_i64()
            .ok()
            .or_else(|| o.as_float().ok().map(|f| f as i64))
    };
    // Every glyph's width, in order.
    let mut each: Vec<(i64, Object)> = Vec::new();
    let mut k = 0;
    while k < w.len() {
        match (w.get(k).and_then(num), w.get(k + 1), w.get(k + 2)) {
            (Some(c), Some(Object::Array(ws)), _) => {
                for (i, x) in ws.iter().enumerate() {
                    each.push((c + i as i64, x.clone()));
                }
                k += 2;
            }
            (Some(c1), Some(c2), Some(x)) if num(c2).is_some() => {
                for c in c1..=num(c2).unwrap_or(c1) {
                    each.push((c, x.clone()));
                }
                k += 3;
            }
            // Not a /W array as the format says: kept as it is.
            _ => return w.to_vec(),
        }
    }
    let mut out: Vec<Object> = Vec::new();
    let mut run: Option<(i64, Vec<Object>)> = None;
    for (c, x) in each {
        if num(&x) == Some(dw) {
            continue;
        }
        match &mut run {
            Some((start, ws)) if *start + ws.len() as i64 == c => ws.push(x),
            _ => {
                if let Some((start, ws)) = run.take() {
                    out.push(Object::Integer(start));
                    out.push(Object::Array(ws));
                }
                run = Some((c, vec![x]));
            }
        }
    }
    if let Some((start, ws)) = run {
        out.push(Object::Integer(start));
        out.push(Object::Array(ws));
    }
    out
}

/// printpdf's object model of `doc` (its own subsetting off: fonts come
/// subset), or its first error.
fn to_lopdf(doc: &PdfDocument) -> Result<lopdf::Document, Error> {
    let opts = PdfSaveOptions {
        optimize: false,
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let lo = doc.to_lopdf_document(&opts, &mut warnings);
    match warnings
        .iter()
        .find(|w| w.severity == printpdf::PdfParseErrorSeverity::Error)
    {
        Some(w) => Err(Error::Write(w.msg.clone())),
        None => Ok(lo),
    }
}

/// `obj` itself, or the object it refers to.
fn resolve<'a>(
    doc: &'a lopdf::Document,
    obj: &'a lopdf::Object,
) -> lopdf::Result<&'a lopdf::Object> {
    match obj {
        lopdf::Object::Reference(id) => doc.get_object(*id),
        o => Ok(o),
    }
}

/// Pushes every reference inside `obj` onto `out`.
fn references(obj: &lopdf::Object, out: &mut Vec<lopdf::ObjectId>) {
    match obj {
        lopdf::Object::Reference(id) => out.push(*id),
        lopdf::Object::Array(a) => a.iter().for_each(|o| references(o, out)),
        lopdf::Object::Dictionary(d) => d.iter().for_each(|(_, o)| references(o, out)),
        lopdf::Object::Stream(s) => s.dict.iter().for_each(|(_, o)| references(o, out)),
        _ => {}
    }
}

/// Adds `fonts` (resource name, objects) to `doc` after its last object and
/// names them in the font resources of every page.
fn add_fonts(doc: &mut lopdf::Document, fonts: &[(String, Arc<FontObjects>)]) -> Result<(), Error> {
    if fonts.is_empty() {
        return Ok(());
    }
    let mut names = lopdf::Dictionary::new();
    for (name, f) in fonts {
        let map: HashMap<lopdf::ObjectId, lopdf::ObjectId> = f
            .objects
            .iter()
            .map(|(id, _)| (*id, doc.new_object_id()))
            .collect();
        for (id, obj) in &f.objects {
            let mut obj = obj.clone();
            super::serial::renumber(&mut obj, &map);
            if let Some(new) = map.get(id) {
                doc.objects.insert(*new, obj);
            }
        }
        if let Some(root) = map.get(&f.root) {
            names.set(name.as_bytes(), lopdf::Object::Reference(*root));
        }
    }
    let bad = |what: &str| Error::Write(format!("page resources: {what}"));
    for page in doc.get_pages().into_values().collect::<Vec<_>>() {
        // The resources dictionary, wherever it is (an object of its own, or
        // inline in the page).
        let res_ref = match doc.get_object(page).and_then(lopdf::Object::as_dict) {
            Ok(d) => d
                .get(b"Resources")
                .and_then(lopdf::Object::as_reference)
                .ok(),
            Err(_) => return Err(bad("a page is not a dictionary")),
        };
        let font_ref = {
            let res = match res_ref {
                Some(r) => doc.get_object(r).and_then(lopdf::Object::as_dict),
                None => doc
                    .get_object(page)
                    .and_then(lopdf::Object::as_dict)
                    .and_then(|d| d.get(b"Resources"))
                    .and_then(lopdf::Object::as_dict),
            };
            res.ok()
                .and_then(|r| r.get(b"Font").ok())
                .and_then(|f| f.as_reference().ok())
        };
        let font_dict: &mut lopdf::Dictionary = match font_ref {
            Some(f) => doc
                .get_object_mut(f)
                .and_then(lopdf::Object::as_dict_mut)
                .map_err(|_| bad("/Font is not a dictionary"))?,
            None => {
                let res = match res_ref {
                    Some(r) => doc.get_object_mut(r).and_then(lopdf::Object::as_dict_mut),
                    None => doc
                        .get_object_mut(page)
                        .and_then(lopdf::Object::as_dict_mut)
                        .and_then(|d| d.get_mut(b"Resources"))
                        .and_then(lopdf::Object::as_dict_mut),
                }
                .map_err(|_| bad("no resources dictionary"))?;
                if res.get(b"Font").is_err() {
                    res.set("Font", lopdf::Dictionary::new());
                }
                res.get_mut(b"Font")
                    .and_then(lopdf::Object::as_dict_mut)
                    .map_err(|_| bad("/Font is not a dictionary"))?
            }
        };
        for (k, v) in names.iter() {
            font_dict.set(k.clone(), v.clone());
        }
    }
    Ok(())
}

/// Subsets a batch keeps at most (one per face its documents share).
const SUBSETS_KEPT: usize = 16;

/// [`embed`] without a batch: subsets the face and describes it for printpdf.
fn embed_new(
    face_id: FaceId,
    chars: &BTreeMap<char, u16>,
    fonts: &Fonts,
    n: usize,
    fingerprint: u64,
) -> Result<(Embedded, ParsedFont), Error> {
    let face = fonts.face(face_id);
    let gids: std::collections::BTreeSet<u16> = chars.values().copied().collect();
    let (subset, remap) = subset_glyphs(fonts, face_id, gids)?;
    let subset = strip_tables(&subset, &[*b"name", *b"post"]).unwrap_or(subset);
    let tag: String = (0..6)
        .map(|i| char::from(b'A' + ((fingerprint >> (i * 5)) % 26) as u8))
        .collect();

    let mut codepoint_to_glyph = BTreeMap::new();
    let mut glyph_widths = BTreeMap::new();
    let mut widths = BTreeMap::new();
    for (ch, gid) in chars {
        let new = remap.get(gid).copied().unwrap_or(0);
        codepoint_to_glyph.insert(u32::from(*ch), new);
        let units = face.advance_units(*gid);
        glyph_widths.insert(new, units);
        // printpdf truncates to an integer in /W; position against what viewers use.
        widths.insert(new, (f32::from(units) * 1000.0 / face.upem).trunc());
    }
    // The descriptor's /FontBBox and /StemV (from the weight) come from the full face.
    let (bbox, weight) = ttf_parser::Face::parse(face.bytes(), face.index)
        .map(|f| {
            let b = f.global_bounding_box();
            ((b.x_min, b.y_min, b.x_max, b.y_max), f.weight().to_number())
        })
        .unwrap_or(((0, -200, 1000, 800), 400));
    let upem = face.upem as u16;
    let parsed = ParsedFont {
        original_bytes: subset,
        font_index: 0,
        font_name: Some(format!("{tag}+{}", face.postscript)),
        codepoint_to_glyph,
        glyph_widths,
        units_per_em: upem,
        font_metrics: FontMetrics {
            ascent: (face.ascender * face.upem) as i16,
            descent: (face.descender * face.upem) as i16,
        },
        font_type: FontType::TrueType,
        pdf_font_metrics: PdfFontMetricsStub {
            units_per_em: upem,
            x_min: bbox.0,
            y_min: bbox.1,
            x_max: bbox.2,
            y_max: bbox.3,
            caret_slope_rise: 1,
            caret_slope_run: 0,
            us_weight_class: weight,
        },
    };
    Ok((
        Embedded {
            n,
            id: FontId(format!("F{n}")),
            remap,
            widths,
            added: false,
        },
        parsed,
    ))
}

/// Subsets face `face_id` to `gids` (typst's `subsetter`, which keeps the glyf,
/// head, hhea, hmtx, maxp, name and post tables and drops the cmap), with an
/// empty `.notdef` ([`empty_notdef`]): the font bytes, and each original gid → its gid in the subset (numbered in the order of
/// `gids`, after `.notdef`).
fn subset_glyphs(
    fonts: &Fonts,
    face_id: FaceId,
    gids: impl IntoIterator<Item = u16>,
) -> Result<(Vec<u8>, BTreeMap<u16, u16>), Error> {
    let face = fonts.face(face_id);
    let mut remapper = subsetter::GlyphRemapper::new();
    let mut remap = BTreeMap::new();
    for gid in gids {
        remap.insert(gid, remapper.remap(gid));
    }
    let subset =
        subsetter::subset(face.bytes(), face.index, &remapper).map_err(|e| Error::Font {
            source_name: face.postscript.clone(),
            message: format!("cannot subset: {e}"),
        })?;
    Ok((empty_notdef(&subset).unwrap_or(subset), remap))
}

/// A standalone TrueType font of face `face_id` with the glyphs of `chars` (each
/// character with its glyph id in the face), for a web page's `@font-face`: the
/// PDF's subset (same code path) plus what a browser needs and a PDF does not, a
/// `cmap` for exactly these characters and the face's own `OS/2` table.
/// Deterministic: the same characters give the same bytes.
pub fn web_font(
    fonts: &Fonts,
    face_id: FaceId,
    chars: &BTreeMap<char, u16>,
) -> Result<Vec<u8>, Error> {
    let face = fonts.face(face_id);
    // Glyphs numbered in character order: runs of consecutive characters get
    // consecutive glyph ids, so the cmap has few segments.
    let mut order = Vec::new();
    let mut seen = BTreeSet::new();
    for gid in chars.values() {
        if seen.insert(*gid) {
            order.push(*gid);
        }
    }
    let (subset, remap) = subset_glyphs(fonts, face_id, order)?;
    let map: BTreeMap<u32, u16> = chars
        .iter()
        .filter_map(|(ch, g)| Some((u32::from(*ch), *remap.get(g)?)))
        .collect();
    let mut add = vec![(*b"cmap", cmap_table(&map))];
    let os2 = ttf_parser::Face::parse(face.bytes(), face.index)
        .ok()
        .and_then(|f| f.raw_face().table(ttf_parser::Tag::from_bytes(b"OS/2")))
        .map(<[u8]>::to_vec);
    if let Some(os2) = os2 {
        add.push((*b"OS/2", os2));
    }
    with_tables(&subset, &[], add).ok_or_else(|| Error::Font {
        source_name: face.postscript.clone(),
        message: "cannot add the cmap to the subset".into(),
    })
}

/// The one or two subsets a face is embedded as.
struct FaceFonts {
    /// With a batch base that the document's glyphs contain: the base gids, in
    /// `fonts[0]`; every other glyph is in `fonts[1]`.
    base: Option<BTreeSet<u16>>,
    fonts: Vec<Embedded>,
}

impl FaceFonts {
    fn pick(&self, gid: u16) -> &Embedded {
        match &self.base {
            Some(b) if !b.contains(&gid) => &self.fonts[self.fonts.len() - 1],
            _ => &self.fonts[0],
        }
    }
}

/// A content stream being written: PDF operators as bytes, with the graphics
/// state already set (text state, colours and the line width persist across
/// BT/ET, so they are tracked for the whole page).
///
/// qingdan writes page content itself rather than through printpdf's
/// operations: building, translating and encoding those was a fifth of the
/// time of a 300-item form.
#[derive(Default)]
struct Content {
    out: Vec<u8>,
    font: Option<(usize, f32)>,
    fill: Option<Paint>,
    stroke: Option<Paint>,
    line_width: Option<f32>,
    fill_stroke: bool,
    in_text: bool,
}

impl Content {
    /// A number as PDF writes it: at most three decimals (a thousandth of a
    /// point), no trailing zeros, no `-0`.
    fn num(&mut self, v: f32) {
        use std::io::Write as _;
        let r = (v * 1000.0).round() / 1000.0;
        if r == 0.0 {
            self.out.push(b'0');
        } else if r == r.trunc() && r.abs() < 1e9 {
            let _ = write!(self.out, "{}", r as i64);
        } else {
            let _ = write!(self.out, "{r}");
        }
    }

    fn nums(&mut self, vs: &[f32], op: &str) {
        for v in vs {
            self.num(*v);
            self.out.push(b' ');
        }
        self.out.extend_from_slice(op.as_bytes());
        self.out.push(b'\n');
    }

    fn paint(&mut self, p: Paint, gray: &str, rgb: &str) {
        match p {
            Paint::Gray(g) => self.nums(&[g], gray),
            Paint::Rgb(r, g, b) => self.nums(&[r, g, b], rgb),
        }
    }

    fn fill(&mut self, p: Paint) {
        if self.fill != Some(p) {
            self.paint(p, "g", "rg");
            self.fill = Some(p);
        }
    }

    fn stroke(&mut self, p: Paint, width: f32) {
        if self.stroke != Some(p) {
            self.paint(p, "G", "RG");
            self.stroke = Some(p);
        }
        if self.line_width != Some(width) {
            self.nums(&[width], "w");
            self.line_width = Some(width);
        }
    }

    fn text(&mut self, on: bool) {
        if self.in_text != on {
            self.out
                .extend_from_slice(if on { b"BT\n" } else { b"ET\n" });
            self.in_text = on;
        }
    }
}

/// The content stream of one page.
fn page_content(page: &Page, emb: &BTreeMap<FaceId, FaceFonts>, hash: &mut Fnv) -> Vec<u8> {
    let h = page.size.h;
    let mut st = Content::default();
    for (p, item) in &page.items {
        let x = p.x;
        let y = h - p.y;
        hash.bytes(&x.to_pt().to_le_bytes());
        hash.bytes(&y.to_pt().to_le_bytes());
        match item {
            Item::Text(run) => {
                let Some(ff) = emb.get(&run.face) else {
                    continue;
                };
                let size = run.size.to_pt();
                let (s, c) = run.angle.to_radians().sin_cos();
                let mut start = 0;
                while start < run.glyphs.len() {
                    // The glyphs from `start` that are in the same subset.
                    let e = ff.pick(run.glyphs[start].gid);
                    let end = run.glyphs[start..]
                        .iter()
                        .position(|g| ff.pick(g.gid).n != e.n)
                        .map_or(run.glyphs.len(), |k| start + k);
                    st.text(true);
                    if st.font != Some((e.n, size)) {
                        st.out.push(b'/');
                        st.out.extend_from_slice(e.id.0.as_bytes());
                        st.out.push(b' ');
                        st.nums(&[size], "Tf");
                        st.font = Some((e.n, size));
                    }
                    st.fill(run.paint);
                    if run.fake_bold {
                        // Fake bold: stroke the outlines too, 1/30 em wide.
                        st.stroke(run.paint, size / 30.0);
                    }
                    if run.fake_bold != st.fill_stroke {
                        // 2: fill and stroke; 0: fill.
                        st.out
                            .extend_from_slice(if run.fake_bold { b"2 Tr\n" } else { b"0 Tr\n" });
                        st.fill_stroke = run.fake_bold;
                    }
                    // This piece starts `x0` along the (rotated) baseline.
                    let x0 = run.glyphs[start].x;
                    let (px, py) = ((x + x0 * c).to_pt(), (y + x0 * s).to_pt());
                    if run.angle == 0.0 {
                        st.nums(&[1.0, 0.0, 0.0, 1.0, px, py], "Tm");
                    } else {
                        st.nums(&[c, s, -s, c, px, py], "Tm");
                    }
                    // One TJ: glyph ids (two bytes, hex) with kerning numbers where
                    // the layout's positions differ from the font's advances
                    // (justification, grid).
                    st.out.push(b'[');
                    let mut open = false;
                    let mut pen = 0.0f32; // in 1/1000 em
                    for g in &run.glyphs[start..end] {
                        let want = (g.x - x0).to_pt() * 1000.0 / size;
                        let kern = pen - want;
                        if kern.abs() > 0.5 {
                            if open {
                                st.out.push(b'>');
                                open = false;
                            }
                            let k = (kern * 10.0).round() / 10.0;
                            st.num(k);
                            pen -= k;
                        }
                        if !open {
                            st.out.push(b'<');
                            open = true;
                        }
                        let new = e.remap.get(&g.gid).copied().unwrap_or(0);
                        st.out.extend_from_slice(hex4(new).as_slice());
                        pen += e.widths.get(&new).copied().unwrap_or(0.0);
                        hash.bytes(&u32::from(g.ch).to_le_bytes());
                    }
                    if open {
                        st.out.push(b'>');
                    }
                    st.out.extend_from_slice(b"] TJ\n");
                    start = end;
                }
            }
            Item::Line {
                delta,
                width,
                paint,
            } => {
                st.text(false);
                st.stroke(*paint, width.to_pt());
                let to = (x + delta.x, y - delta.y);
                st.nums(&[x.to_pt(), y.to_pt()], "m");
                st.nums(&[to.0.to_pt(), to.1.to_pt()], "l");
                st.out.extend_from_slice(b"S\n");
            }
            Item::Rect { size, paint } => {
                st.text(false);
                st.fill(*paint);
                st.nums(
                    &[
                        x.to_pt(),
                        (y - size.h).to_pt(),
                        size.w.to_pt(),
                        size.h.to_pt(),
                    ],
                    "re",
                );
                st.out.extend_from_slice(b"f\n");
            }
        }
    }
    st.text(false);
    st.out
}

/// A glyph id as four upper-case hex digits.
fn hex4(v: u16) -> [u8; 4] {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    [
        HEX[usize::from(v >> 12)],
        HEX[usize::from((v >> 8) & 0xf)],
        HEX[usize::from((v >> 4) & 0xf)],
        HEX[usize::from(v & 0xf)],
    ]
}

/// printpdf writes a font's `/W` widths and `/ToUnicode` map from the text
/// its operations show. The pages' content is written by [`page_content`], so
/// printpdf gets one operation per embedded font showing each of its
/// characters once, on a page whose content is then replaced.
fn font_usage_ops(emb: &BTreeMap<FaceId, FaceFonts>, chars: &Usage) -> Vec<Op> {
    let mut ops = vec![Op::StartTextSection];
    for (face, ff) in emb {
        let Some(used) = chars.get(face) else {
            continue;
        };
        for e in ff.fonts.iter().filter(|e| !e.added) {
            let text: String = used
                .iter()
                .filter(|(_, gid)| e.remap.contains_key(gid))
                .map(|(ch, _)| *ch)
                .collect();
            if text.is_empty() {
                continue;
            }
            ops.push(Op::SetFont {
                font: PdfFontHandle::External(e.id.clone()),
                size: Pt(10.0),
            });
            ops.push(Op::ShowText {
                items: vec![TextItem::Text(text)],
            });
        }
    }
    ops.push(Op::EndTextSection);
    ops
}

/// Writes pages as a PDF: fonts embedded as subsets with ToUnicode, metadata from
/// `info`, deterministic bytes.
pub fn write(pages: &[Page], fonts: &Fonts, info: &Info) -> Result<Vec<u8>, Error> {
    write_with(pages, fonts, info, None)
}

fn write_with(
    pages: &[Page],
    fonts: &Fonts,
    info: &Info,
    batch: Option<&Batch>,
) -> Result<Vec<u8>, Error> {
    let mut hash = Fnv::new(0);
    let mut doc = PdfDocument::new(info.title.as_deref().unwrap_or(""));
    let mut emb = BTreeMap::new();
    // Fonts added as objects after printpdf has written the document.
    let mut added: Vec<(String, Arc<FontObjects>)> = Vec::new();
    let mut n = 0;
    let used = usage(pages);
    for (face, chars) in used.clone() {
        // Split off the batch's base glyphs when this document uses all of them
        // (and something else): that subset is the same in every document.
        let gids: BTreeSet<u16> = chars.values().copied().collect();
        let batch_base = batch.and_then(|b| b.base.get(&face));
        let base = batch_base
            .filter(|base| !base.is_empty() && base.is_subset(&gids) && gids.len() > base.len());
        // A face whose glyphs are exactly the base (the letterhead's) is one
        // subset, also the same in every document.
        let exactly_base = batch_base.is_some_and(|b| *b == gids);
        let parts: Vec<BTreeMap<char, u16>> = match base {
            Some(base) => {
                let (common, rest) = chars.into_iter().partition(|(_, g)| base.contains(g));
                vec![common, rest]
            }
            None => vec![chars],
        };
        let mut ff = FaceFonts {
            base: base.cloned(),
            fonts: Vec::new(),
        };
        for part in &parts {
            // Only a shared part (the first of two, or the base alone) repeats
            // across a batch.
            let first = std::ptr::eq(part, &parts[0]);
            let shared = if (parts.len() == 2 && first) || exactly_base {
                batch
            } else {
                None
            };
            let (mut e, font) = embed(face, part, fonts, n, &mut hash, shared)?;
            n += 1;
            match font {
                Font::Parsed(parsed) => {
                    doc.resources
                        .fonts
                        .map
                        .insert(e.id.clone(), PdfFont::new(parsed));
                }
                Font::Objects(o) => {
                    e.added = true;
                    added.push((e.id.0.clone(), o));
                }
            }
            ff.fonts.push(e);
        }
        emb.insert(face, ff);
    }
    let mut contents = Vec::with_capacity(pages.len());
    for (i, page) in pages.iter().enumerate() {
        contents.push(page_content(page, &emb, &mut hash));
        let ops = if i == 0 {
            font_usage_ops(&emb, &used)
        } else {
            Vec::new()
        };
        doc.pages.push(PdfPage::new(
            Mm(page.size.w.to_mm()),
            Mm(page.size.h.to_mm()),
            ops,
        ));
    }

    let secs = info.date.map_or(0, unix_from_civil);
    let date = printpdf::OffsetDateTime::from_unix_timestamp(secs)
        .map_err(|e| Error::Write(format!("date: {e}")))?;
    let m = &mut doc.metadata.info;
    m.document_title = info.title.clone().unwrap_or_default();
    m.author = info.author.clone().unwrap_or_default();
    m.subject = info.subject.clone().unwrap_or_default();
    m.creator = "qingdan".into();
    m.producer = "qingdan".into();
    m.creation_date = date;
    m.modification_date = date;
    m.metadata_date = date;
    m.conformance = PdfConformance::Custom(CustomPdfConformance {
        requires_xmp_metadata: false,
        ..Default::default()
    });
    for s in [&m.document_title, &m.author, &m.subject] {
        hash.bytes(s.as_bytes());
    }
    hash.bytes(&secs.to_le_bytes());
    let second = Fnv::new(hash.0).0 ^ hash.0.rotate_left(17);
    let mut id = hash.0.to_be_bytes().to_vec();
    id.extend_from_slice(&second.to_be_bytes());
    m.identifier = id.iter().map(|b| format!("{b:02x}")).collect();

    let mut lo = to_lopdf(&doc)?;
    // The pages' own content in place of what printpdf wrote for them.
    let page_ids: Vec<lopdf::ObjectId> = lo.get_pages().into_values().collect();
    if page_ids.len() != contents.len() {
        return Err(Error::Write(format!(
            "{} pages written for {} laid out",
            page_ids.len(),
            contents.len()
        )));
    }
    for (id, content) in page_ids.into_iter().zip(contents) {
        let stream = lo
            .get_object(id)
            .and_then(lopdf::Object::as_dict)
            .and_then(|d| d.get(b"Contents"))
            .and_then(lopdf::Object::as_reference)
            .map_err(|e| Error::Write(format!("page content: {e}")))?;
        match lo.get_object_mut(stream) {
            Ok(lopdf::Object::Stream(s)) => s.set_plain_content(content),
            _ => return Err(Error::Write("page content is not a stream".into())),
        }
    }
    lo.trailer.set(
        "ID",
        lopdf::Object::Array(vec![
            lopdf::Object::String(id.clone(), lopdf::StringFormat::Hexadecimal),
            lopdf::Object::String(id, lopdf::StringFormat::Hexadecimal),
        ]),
    );
    if let Ok(root) = lo
        .trailer
        .get(b"Root")
        .and_then(lopdf::Object::as_reference)
    {
        if let Ok(cat) = lo.get_object_mut(root).and_then(lopdf::Object::as_dict_mut) {
            cat.set("Lang", lopdf::Object::string_literal("zh-CN"));
        }
    }
    for (face, ff) in &emb {
        let Some(chars) = used.get(face) else {
            continue;
        };
        for e in ff.fonts.iter().filter(|e| !e.added) {
            let root = font_dict(&lo, &e.id.0)?;
            set_to_unicode(&mut lo, root, e, chars)?;
        }
    }
    tidy(&mut lo);
    compress(&mut lo, batch.map(|b| &b.deflated))?;
    add_fonts(&mut lo, &added)?;
    // An object stream (PDF 1.5) deflates the dictionaries and `/W` width
    // arrays too.
    super::serial::save(&lo, deflate)
}

/// Deflates every stream that has no filter yet, at [`DEFLATE_LEVEL`] (through the
/// batch's cache when there is one).
fn compress(doc: &mut lopdf::Document, cache: Option<&Mutex<Deflated>>) -> Result<(), Error> {
    for obj in doc.objects.values_mut() {
        if let lopdf::Object::Stream(s) = obj {
            if s.dict.get(b"Filter").is_ok() {
                continue;
            }
            let z = match cache {
                Some(c) if s.content.len() >= CACHE_MIN => Deflated::deflate(c, &s.content)?,
                _ => deflate(&s.content)?,
            };
            if z.len() + 19 < s.content.len() {
                s.dict.set("Filter", "FlateDecode");
                s.set_content(z);
            }
        }
    }
    Ok(())
}

thread_local! {
    /// One deflate state per thread, reset between streams (a new one allocates and
    /// clears ~300 KB of tables).
    static DEFLATER: RefCell<flate2::Compress> =
        RefCell::new(flate2::Compress::new(flate2::Compression::new(DEFLATE_LEVEL), true));
}

/// `data` as a zlib stream.
pub(super) fn deflate(data: &[u8]) -> Result<Vec<u8>, Error> {
    DEFLATER.with(|d| {
        let mut d = d.borrow_mut();
        d.reset();
        let mut out = Vec::with_capacity(data.len() / 2 + 64);
        loop {
            let done = usize::try_from(d.total_in())
                .unwrap_or(data.len())
                .min(data.len());
            let status = d
                .compress_vec(&data[done..], &mut out, flate2::FlushCompress::Finish)
                .map_err(|e| Error::Write(format!("deflate: {e}")))?;
            if status == flate2::Status::StreamEnd {
                return Ok(out);
            }
            out.reserve(out.capacity().max(4096));
        }
    })
}

/// Streams shorter than this are deflated every time (hashing them costs about
/// as much as deflating them, and they rarely repeat).
const CACHE_MIN: usize = 1024;

/// Bytes of raw and deflated streams a batch keeps at most.
const CACHE_BYTES: usize = 64 << 20;

/// A stream kept: its raw bytes (to rule out a hash collision) and deflated.
struct Kept {
    raw: Vec<u8>,
    z: Vec<u8>,
}

/// Deflated streams by content: a stream is kept the second time it is seen (so
/// the per-document streams, seen once, are not), up to [`CACHE_BYTES`].
#[derive(Default)]
struct Deflated {
    seen: HashSet<u64>,
    kept: HashMap<u64, Arc<Kept>>,
    bytes: usize,
}

impl Deflated {
    fn deflate(cache: &Mutex<Deflated>, data: &[u8]) -> Result<Vec<u8>, Error> {
        let mut h = std::hash::DefaultHasher::new();
        data.hash(&mut h);
        let key = h.finish();
        let hit = cache.lock().ok().and_then(|c| c.kept.get(&key).cloned());
        if let Some(e) = hit {
            if e.raw == data {
                return Ok(e.z.clone());
            }
        }
        let z = deflate(data)?;
        if let Ok(mut c) = cache.lock() {
            if !c.seen.insert(key) && c.bytes + data.len() + z.len() <= CACHE_BYTES {
                c.bytes += data.len() + z.len();
                c.kept.entry(key).or_insert_with(|| {
                    Arc::new(Kept {
                        raw: data.to_vec(),
                        z: z.clone(),
                    })
                });
            }
        }
        Ok(z)
    }
}

/// Writes many similar documents (see the module docs): their common glyphs are
/// embedded as one subset that is the same in each, and streams that repeat are
/// deflated once. Share one batch between the threads writing.
pub struct Batch {
    base: GlyphSet,
    deflated: Mutex<Deflated>,
    /// The shared subsets made so far, by face, resource number and glyph set.
    subsets: Mutex<HashMap<SubsetKey, Arc<KeptSubset>>>,
}

/// A face, its resource number and the fingerprint of its characters.
type SubsetKey = (FaceId, usize, u64);

/// A subset made once: the characters it holds (to rule out a fingerprint
/// collision), and what [`embed`] returns for them.
type KeptSubset = (BTreeMap<char, u16>, Embedded, Arc<FontObjects>);

impl Batch {
    /// A batch whose documents share `base` (typically the glyphs that sample
    /// documents all use, less those of the parts that vary).
    pub fn new(base: GlyphSet) -> Batch {
        Batch {
            base,
            deflated: Mutex::default(),
            subsets: Mutex::default(),
        }
    }

    /// Writes one document, as [`write`] does; the bytes depend only on `pages`,
    /// `info` and the base glyphs.
    pub fn write(&self, pages: &[Page], fonts: &Fonts, info: &Info) -> Result<Vec<u8>, Error> {
        write_with(pages, fonts, info, Some(self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_numbers_are_short_and_exact_to_a_thousandth() {
        let mut c = Content::default();
        for v in [
            0.0, -0.0, 1.0, -2.5, 12.3456, 0.0004, -0.0004, 595.275_6, 1e6,
        ] {
            c.num(v);
            c.out.push(b' ');
        }
        assert_eq!(
            String::from_utf8(c.out).unwrap_or_default(),
            "0 0 1 -2.5 12.346 0 0 595.276 1000000 "
        );
        assert_eq!(&hex4(0), b"0000");
        assert_eq!(&hex4(0x1a2f), b"1A2F");
        assert_eq!(&hex4(u16::MAX), b"FFFF");
    }

    #[test]
    fn content_sets_state_once_and_closes_text() {
        let mut c = Content::default();
        c.text(true);
        c.fill(Paint::BLACK);
        c.fill(Paint::BLACK);
        c.stroke(Paint::RED, 0.5);
        c.stroke(Paint::RED, 0.5);
        c.text(true);
        c.text(false);
        let s = String::from_utf8(c.out).unwrap_or_default();
        assert_eq!(s.matches("BT").count(), 1, "{s}");
        assert_eq!(
            s.matches(" g\n").count() + s.matches(" rg\n").count(),
            1,
            "{s}"
        );
        assert_eq!(s.matches(" w\n").count(), 1, "{s}");
        assert!(s.ends_with("ET\n"), "{s}");
    }

    /// `/W` keeps only the widths that differ from `/DW`, as runs; ASCII text
    /// strings lose their UTF-16 form.
    #[test]
    fn widths_equal_to_the_default_are_left_out() {
        use lopdf::Object as O;
        let arr = |v: &[i64]| O::Array(v.iter().map(|x| O::Integer(*x)).collect());
        let w = vec![
            O::Integer(1),
            arr(&[1000, 500, 500, 1000, 600]),
            O::Integer(9),
            O::Integer(11),
            O::Integer(1000),
        ];
        assert_eq!(
            widths_without(&w, 1000),
            vec![O::Integer(2), arr(&[500, 500]), O::Integer(5), arr(&[600])]
        );
        assert!(widths_without(&w[..1], 1000).len() == 1, "malformed: kept");
        assert_eq!(utf16_ascii(b"\xfe\xff\0q\0d"), Some(b"qd".to_vec()));
        assert_eq!(utf16_ascii(b"\xfe\xff\x4e\0"), None);
        assert_eq!(utf16_ascii(b"qd"), None);
    }

    /// `/ToUnicode`: consecutive glyph ids share a `bfrange`, a character
    /// outside the BMP is its UTF-16 pair, and of two characters drawn by one
    /// glyph the first is named.
    #[test]
    fn to_unicode_ranges_runs_of_glyph_ids() {
        let e = Embedded {
            n: 0,
            id: FontId("F0".into()),
            remap: BTreeMap::from([(10, 1), (11, 2), (20, 3), (30, 5)]),
            widths: BTreeMap::new(),
            added: false,
        };
        let chars = BTreeMap::from([
            ('一', 10),
            ('丁', 11),
            ('七', 11),
            ('万', 20),
            ('𠀀', 30),
            ('x', 99),
        ]);
        let cmap = String::from_utf8(to_unicode(&e, &chars)).unwrap();
        assert!(
            cmap.contains("2 beginbfrange\n<0001> <0003> [<4E00> <4E01> <4E07>]\n<0005> <0005> [<D840DC00>]\nendbfrange\n"),
            "{cmap}"
        );
        assert!(cmap.starts_with("/CIDInit /ProcSet findresource begin"));
        assert!(cmap.ends_with("end\nend\n"));
    }

    /// A batch adds its shared subset as objects made once: every document
    /// names it on every page, and a document's bytes are the same whether the
    /// subset was made for it or for one written before.
    #[test]
    fn a_batch_adds_its_shared_subset_the_same_way_every_time() {
        let fonts = crate::pdf::test_fonts();
        let pages = |md: &str| crate::pdf::layout(&crate::doc::parse(md).unwrap(), fonts).unwrap();
        let common = "甲乙丙丁，戊己庚辛。";
        let a = pages(&format!(
            "{common}\n\n子丑\n\n<div class=\"pagebreak\"></div>\n\n{common}"
        ));
        let b = pages(&format!("{common}\n\n寅卯"));
        let base = super::glyphs(&pages(common));
        let one = Batch::new(base.clone());
        let (a1, b1) = (
            one.write(&a, fonts, &Info::default()).unwrap(),
            one.write(&b, fonts, &Info::default()).unwrap(),
        );
        let two = Batch::new(base);
        let (b2, a2) = (
            two.write(&b, fonts, &Info::default()).unwrap(),
            two.write(&a, fonts, &Info::default()).unwrap(),
        );
        assert!(a1 == a2 && b1 == b2, "bytes depend on the order of writing");
        let doc = lopdf::Document::load_mem(&a1).unwrap();
        let pages = doc.get_pages();
        assert_eq!(pages.len(), 2);
        for id in pages.values() {
            let fonts = doc.get_page_fonts(*id).unwrap();
            // The shared subset and the document's own one.
            assert_eq!(fonts.len(), 2, "{:?}", fonts.keys());
            let names: Vec<String> = fonts
                .values()
                .map(|f| {
                    String::from_utf8_lossy(f.get(b"BaseFont").unwrap().as_name().unwrap())
                        .into_owned()
                })
                .collect();
            assert!(
                names.iter().all(|n| n.len() > 7 && n.as_bytes()[6] == b'+'),
                "{names:?}"
            );
        }
        // Only the shared subset was made once and kept.
        assert_eq!(one.subsets.lock().unwrap().len(), 1);
    }
}
