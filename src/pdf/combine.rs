//! Finished PDFs → one print file (a `letters --combined` file): each document
//! starts on an odd page and every object that several documents share (a
//! [`Batch`](super::Batch)'s font subset and its dictionaries, identical pages)
//! is stored once. Works on the PDFs' objects (lopdf), never on layouts, so memory
//! holds the combined file, not every document's pages.

use std::collections::{HashMap, HashSet};
use std::hash::{Hash as _, Hasher as _};

use super::write::Fnv;
use super::{unix_from_civil, Error, Info};

/// One print file made of finished PDFs (letters as written), page after page,
/// each document starting on an odd page. Streams that are the same in several
/// documents (a [`Batch`]'s shared font subset, identical attachment pages) are
/// stored once. Memory holds the combined file's objects, never laid-out pages.
pub struct Combined {
    doc: lopdf::Document,
    pages_id: lopdf::ObjectId,
    kids: Vec<lopdf::Object>,
    /// Objects (but pages) by [`object_hash`], to find duplicates.
    index: HashMap<u64, Vec<lopdf::ObjectId>>,
    /// The last page's `/MediaBox`, for blank pages.
    media_box: Option<lopdf::Object>,
    hash: Fnv,
}

impl Default for Combined {
    fn default() -> Self {
        Combined::new()
    }
}

impl Combined {
    /// An empty print file.
    pub fn new() -> Combined {
        let mut doc = lopdf::Document::with_version("1.7");
        let pages_id = doc.new_object_id();
        Combined {
            doc,
            pages_id,
            kids: Vec::new(),
            index: HashMap::new(),
            media_box: None,
            hash: Fnv::new(0),
        }
    }

    /// Pages so far.
    pub fn pages(&self) -> usize {
        self.kids.len()
    }

    /// Appends every page of `pdf` (a file this module wrote), after a blank
    /// page if needed so that it starts on an odd page. Returns its page count.
    pub fn append(&mut self, pdf: &[u8]) -> Result<usize, Error> {
        use lopdf::Object;
        let mut src = lopdf::Document::load_mem(pdf)
            .map_err(|e| Error::Write(format!("reading a PDF to combine: {e}")))?;
        if self.kids.len() % 2 == 1 {
            self.blank();
        }
        self.hash.bytes(&(pdf.len() as u64).to_le_bytes());
        self.hash
            .bytes(pdf.get(..pdf.len().min(4096)).unwrap_or_default());
        src.renumber_objects_with(self.doc.max_id + 1);
        let pages: Vec<lopdf::ObjectId> = src.get_pages().into_values().collect();
        let trailer_ref = |key: &[u8]| src.trailer.get(key).and_then(Object::as_reference).ok();
        let skip: HashSet<lopdf::ObjectId> = [trailer_ref(b"Root"), trailer_ref(b"Info")]
            .into_iter()
            .flatten()
            .collect();
        let max_id = src.max_id;
        // (id, object, its hash once its references are final; pages: none).
        let mut keep: Vec<(lopdf::ObjectId, Object, Option<u64>)> =
            std::mem::take(&mut src.objects)
                .into_iter()
                .filter(|(id, obj)| {
                    let kind = match obj {
                        Object::Dictionary(d) => d.get(b"Type").ok().and_then(|t| t.as_name().ok()),
                        Object::Stream(s) => {
                            s.dict.get(b"Type").ok().and_then(|t| t.as_name().ok())
                        }
                        _ => None,
                    };
                    !skip.contains(id) && !matches!(kind, Some(b"Pages" | b"ObjStm" | b"XRef"))
                })
                .map(|(id, obj)| (id, obj, None))
                .collect();
        // Objects already stored (a font subset and its dictionaries, an identical
        // page's content) become references to the stored copy. An object can only
        // match once what it refers to has been matched, so repeat until nothing
        // changes: font file, then descriptor, then CID font, then font.
        let mut same: HashMap<lopdf::ObjectId, lopdf::ObjectId> = HashMap::new();
        loop {
            let before = same.len();
            let mut rest = Vec::with_capacity(keep.len());
            for (id, mut obj, _) in keep {
                redirect(&mut obj, &same);
                if pages.contains(&id) {
                    rest.push((id, obj, None));
                    continue;
                }
                let hash = object_hash(&obj);
                let found = self.index.get(&hash).and_then(|ids| {
                    ids.iter().copied().find(|old| {
                        self.doc
                            .objects
                            .get(old)
                            .is_some_and(|o| same_object(o, &obj))
                    })
                });
                match found {
                    Some(old) => {
                        same.insert(id, old);
                    }
                    None => rest.push((id, obj, Some(hash))),
                }
            }
            keep = rest;
            if same.len() == before {
                break;
            }
        }
        // The last pass matched nothing, so every reference is final.
        for (id, mut obj, hash) in keep {
            match hash {
                Some(h) => self.index.entry(h).or_default().push(id),
                None => {
                    if let Object::Dictionary(d) = &mut obj {
                        d.set("Parent", Object::Reference(self.pages_id));
                        if let Ok(mb) = d.get(b"MediaBox") {
                            self.media_box = Some(mb.clone());
                        }
                    }
                }
            }
            self.doc.objects.insert(id, obj);
        }
        self.kids
            .extend(pages.iter().map(|p| Object::Reference(*p)));
        self.doc.max_id = self.doc.max_id.max(max_id);
        Ok(pages.len())
    }

    /// Appends an empty page the size of the last one (A4 before any).
    fn blank(&mut self) {
        use lopdf::Object;
        let media_box = self.media_box.clone().unwrap_or_else(|| {
            Object::Array(vec![0.into(), 0.into(), 595.2757.into(), 841.88983.into()])
        });
        let page = dict(vec![
            ("Type", Object::from("Page")),
            ("Parent", Object::Reference(self.pages_id)),
            ("MediaBox", media_box),
            ("Resources", Object::from(lopdf::Dictionary::new())),
        ]);
        let id = self.doc.add_object(page);
        self.kids.push(Object::Reference(id));
    }

    /// The print file's bytes, with `info` as its metadata.
    pub fn finish(mut self, info: &Info) -> Result<Vec<u8>, Error> {
        use lopdf::Object;
        let count = i64::try_from(self.kids.len()).unwrap_or(i64::MAX);
        self.doc.objects.insert(
            self.pages_id,
            Object::Dictionary(dict(vec![
                ("Type", Object::from("Pages")),
                ("Kids", Object::from(std::mem::take(&mut self.kids))),
                ("Count", Object::from(count)),
            ])),
        );
        let catalog = self.doc.add_object(dict(vec![
            ("Type", Object::from("Catalog")),
            ("Pages", Object::Reference(self.pages_id)),
            ("Lang", Object::string_literal("zh-CN")),
        ]));
        let secs = info.date.map_or(0, unix_from_civil);
        let date = pdf_date(secs);
        let text = |s: &Option<String>| Object::string_literal(utf16(s.as_deref().unwrap_or("")));
        let info_id = self.doc.add_object(dict(vec![
            ("Title", text(&info.title)),
            ("Author", text(&info.author)),
            ("Subject", text(&info.subject)),
            ("Creator", Object::string_literal("qingdan")),
            ("Producer", Object::string_literal("qingdan")),
            ("CreationDate", Object::string_literal(date.clone())),
            ("ModDate", Object::string_literal(date)),
        ]));
        self.doc.trailer.set("Root", Object::Reference(catalog));
        self.doc.trailer.set("Info", Object::Reference(info_id));
        for s in [&info.title, &info.author, &info.subject] {
            self.hash.bytes(s.as_deref().unwrap_or("").as_bytes());
        }
        self.hash.bytes(&secs.to_le_bytes());
        let second = Fnv::new(self.hash.0).0 ^ self.hash.0.rotate_left(17);
        let mut id = self.hash.0.to_be_bytes().to_vec();
        id.extend_from_slice(&second.to_be_bytes());
        self.doc.trailer.set(
            "ID",
            Object::Array(vec![
                Object::String(id.clone(), lopdf::StringFormat::Hexadecimal),
                Object::String(id, lopdf::StringFormat::Hexadecimal),
            ]),
        );
        let mut out = Vec::new();
        self.doc
            .save_modern(&mut out)
            .map_err(|e| Error::Write(e.to_string()))?;
        Ok(out)
    }
}

/// A hash of an object written out (a stream: its dictionary and bytes), to find
/// candidates for [`same_object`].
fn object_hash(obj: &lopdf::Object) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    match obj {
        lopdf::Object::Stream(s) => {
            format!("{:?}", s.dict).hash(&mut h);
            s.content.hash(&mut h);
        }
        o => format!("{o:?}").hash(&mut h),
    }
    h.finish()
}

/// Whether two objects are the same PDF object (a stream's position in the file
/// it was read from does not count).
fn same_object(a: &lopdf::Object, b: &lopdf::Object) -> bool {
    match (a, b) {
        (lopdf::Object::Stream(x), lopdf::Object::Stream(y)) => {
            x.dict == y.dict && x.content == y.content
        }
        (a, b) => a == b,
    }
}

/// A dictionary of `pairs`.
fn dict(pairs: Vec<(&str, lopdf::Object)>) -> lopdf::Dictionary {
    let mut d = lopdf::Dictionary::new();
    for (k, v) in pairs {
        d.set(k, v);
    }
    d
}

/// Rewrites references to objects in `map`, everywhere inside `obj`.
fn redirect(obj: &mut lopdf::Object, map: &HashMap<lopdf::ObjectId, lopdf::ObjectId>) {
    use lopdf::Object;
    if map.is_empty() {
        return;
    }
    match obj {
        Object::Reference(r) => {
            if let Some(to) = map.get(r) {
                *r = *to;
            }
        }
        Object::Array(a) => a.iter_mut().for_each(|o| redirect(o, map)),
        Object::Dictionary(d) => d.iter_mut().for_each(|(_, o)| redirect(o, map)),
        Object::Stream(s) => s.dict.iter_mut().for_each(|(_, o)| redirect(o, map)),
        _ => {}
    }
}

/// A PDF date string, `D:YYYYMMDDHHmmSSZ`, for seconds since 1970.
fn pdf_date(secs: i64) -> String {
    let (y, m, d) = super::civil_from_unix(secs);
    let t = secs.rem_euclid(86_400);
    format!(
        "D:{y:04}{m:02}{d:02}{:02}{:02}{:02}Z",
        t / 3600,
        t / 60 % 60,
        t % 60
    )
}

/// Text for a PDF text string: UTF-16BE with a byte-order mark unless ASCII.
fn utf16(s: &str) -> Vec<u8> {
    if s.is_ascii() {
        return s.as_bytes().to_vec();
    }
    let mut out = vec![0xFE, 0xFF];
    for u in s.encode_utf16() {
        out.extend_from_slice(&u.to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::{glyphs, Batch};

    fn pdf(markdown: &str, batch: &Batch) -> Vec<u8> {
        let doc = crate::doc::parse(markdown).unwrap();
        let fonts = crate::pdf::test_fonts();
        let pages = crate::pdf::layout(&doc, fonts).unwrap();
        batch.write(&pages, fonts, &Info::default()).unwrap()
    }

    #[test]
    fn combined_documents_start_on_odd_pages_and_share_their_fonts() {
        let one = "甲乙丙丁，戊己庚辛。";
        let two = format!("{one}\n\n<div class=\"pagebreak\"></div>\n\n{one}");
        let fonts = crate::pdf::test_fonts();
        let probe = crate::pdf::layout(&crate::doc::parse(one).unwrap(), fonts).unwrap();
        let batch = Batch::new(glyphs(&probe));
        let docs = [pdf(one, &batch), pdf(&two, &batch), pdf(one, &batch)];
        let mut c = Combined::new();
        let added: Vec<usize> = docs.iter().map(|d| c.append(d).unwrap()).collect();
        assert_eq!(added, [1, 2, 1]);
        // 1, blank, 2, 1: each document starts on an odd page.
        assert_eq!(c.pages(), 5);
        let bytes = c.finish(&Info::default()).unwrap();
        let doc = lopdf::Document::load_mem(&bytes).unwrap();
        assert_eq!(doc.get_pages().len(), 5);
        let font_files = doc
            .objects
            .values()
            .filter(|o| matches!(o, lopdf::Object::Stream(s) if s.dict.get(b"Length1").is_ok()))
            .count();
        // The base subset once, and the second document's own subset for the
        // "2" of its page numbers.
        assert_eq!(font_files, 2, "the same subset is stored once");
        // Deterministic.
        let mut again = Combined::new();
        for d in &docs {
            again.append(d).unwrap();
        }
        assert!(again.finish(&Info::default()).unwrap() == bytes);
        // Not a PDF: an error, not a panic.
        assert!(Combined::new().append(b"%PDF-1.7 nonsense").is_err());
    }
}
