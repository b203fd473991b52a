//! Finished PDFs → one print file (a `letters --combined` file): each document
//! starts on an odd page and every object that several documents share (a
//! [`Batch`](super::Batch)'s font subset and its dictionaries, identical pages)
//! is stored once. Works on the PDFs' objects (lopdf), never on layouts, and
//! streams: each document's objects are written out as it is appended, so memory
//! holds one document and an index of what was written (a hash and an offset per
//! object), not the print file. 10,000 one-page letters: 21.7 MB written, the
//! process's peak the same as without the print file.

use std::collections::{BTreeMap, HashMap};
use std::io::Write;

use lopdf::{Object, ObjectId};
use sha2::{Digest as _, Sha256};

use super::write::Fnv;
use super::{unix_from_civil, Error, Info};

/// Where an object of the print file is: at a byte offset, or inside an object
/// stream (the stream's number, the object's index in it).
#[derive(Clone, Copy)]
enum Entry {
    Free,
    At(u64),
    In(u32, u32),
}

/// One print file made of finished PDFs (letters as written), page after page,
/// each document starting on an odd page, written to `W` as documents are
/// appended. Objects that are the same in several documents (a [`Batch`]'s
/// shared font subset, identical attachment pages) are written once.
///
/// [`Batch`]: super::Batch
pub struct Combined<W: Write> {
    out: W,
    /// Bytes written so far (the next object's offset).
    at: u64,
    /// Every object number's place; index 0 is the free list's head.
    xref: Vec<Entry>,
    /// The page tree's root, written last.
    pages_id: u32,
    kids: Vec<u32>,
    /// Objects (but pages) already written, by the SHA-256 of their bytes.
    index: HashMap<[u8; 32], u32>,
    /// The last page's `/MediaBox`, for blank pages.
    media_box: Option<Object>,
    /// Objects that are not streams, numbered but not yet written: they go out
    /// together in an object stream once [`PACK`] are waiting.
    pending: BTreeMap<u32, Object>,
    hash: Fnv,
}

/// Objects per object stream: the small dictionaries of a few letters (a page,
/// its resources, a font's dictionaries) deflate better together; 128 of them
/// are a few KB to hold.
const PACK: usize = 128;

impl<W: Write> Combined<W> {
    /// An empty print file, writing to `out` (its header at once).
    pub fn new(mut out: W) -> Result<Combined<W>, Error> {
        let head = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n";
        out.write_all(head).map_err(io)?;
        Ok(Combined {
            out,
            at: head.len() as u64,
            // 0 is the head of the free list, 1 the page tree.
            xref: vec![Entry::Free, Entry::Free],
            pages_id: 1,
            kids: Vec::new(),
            index: HashMap::new(),
            media_box: None,
            pending: BTreeMap::new(),
            hash: Fnv::new(0),
        })
    }

    /// Pages so far.
    pub fn pages(&self) -> usize {
        self.kids.len()
    }

    /// Appends every page of `pdf` (a file this module's siblings wrote), after
    /// a blank page if needed so that it starts on an odd page. Returns its page
    /// count.
    pub fn append(&mut self, pdf: &[u8]) -> Result<usize, Error> {
        let mut src = lopdf::Document::load_mem(pdf)
            .map_err(|e| Error::Write(format!("reading a PDF to combine: {e}")))?;
        if self.kids.len() % 2 == 1 {
            self.blank()?;
        }
        self.hash.bytes(&(pdf.len() as u64).to_le_bytes());
        self.hash
            .bytes(pdf.get(..pdf.len().min(4096)).unwrap_or_default());
        let pages: Vec<ObjectId> = src.get_pages().into_values().collect();
        let trailer_ref = |key: &[u8]| src.trailer.get(key).and_then(Object::as_reference).ok();
        let skip = [trailer_ref(b"Root"), trailer_ref(b"Info")];
        // Every object but the catalog, the info, the page tree and the
        // containers, under a number above any written: its provisional number.
        let base = self.next_id();
        let mut provisional: HashMap<ObjectId, ObjectId> = HashMap::new();
        let mut keep: Vec<(u32, Object)> = Vec::new();
        for (id, obj) in std::mem::take(&mut src.objects) {
            let kind = match &obj {
                Object::Dictionary(d) => d.get(b"Type").ok().and_then(|t| t.as_name().ok()),
                Object::Stream(s) => s.dict.get(b"Type").ok().and_then(|t| t.as_name().ok()),
                _ => None,
            };
            if skip.contains(&Some(id)) || matches!(kind, Some(b"Pages" | b"ObjStm" | b"XRef")) {
                continue;
            }
            let n = number(base, keep.len())?;
            provisional.insert(id, (n, 0));
            keep.push((n, obj));
        }
        let page_numbers: Vec<u32> = pages
            .iter()
            .filter_map(|p| provisional.get(p).map(|n| n.0))
            .collect();
        for (_, obj) in &mut keep {
            redirect(obj, &provisional);
        }
        // Objects already written (a font subset and its dictionaries, an
        // identical page's content) become references to the written copy. An
        // object can only match once what it refers to has been matched, so
        // repeat until nothing changes: font file, then descriptor, then CID
        // font, then font.
        let mut same: HashMap<ObjectId, ObjectId> = HashMap::new();
        loop {
            let before = same.len();
            let mut rest = Vec::with_capacity(keep.len());
            for (n, mut obj) in keep {
                redirect(&mut obj, &same);
                if page_numbers.contains(&n) {
                    rest.push((n, obj));
                    continue;
                }
                match self.index.get(&digest(&obj)) {
                    Some(old) => {
                        same.insert((n, 0), (*old, 0));
                    }
                    None => rest.push((n, obj)),
                }
            }
            keep = rest;
            if same.len() == before {
                break;
            }
        }
        // What is left is new: numbered on from the last written object, in the
        // order of the document's own numbers.
        let mut last: HashMap<ObjectId, ObjectId> = HashMap::new();
        for (k, (n, _)) in keep.iter().enumerate() {
            last.insert((*n, 0), (number(base, k)?, 0));
        }
        let mut kids = Vec::with_capacity(page_numbers.len());
        for (n, mut obj) in keep {
            redirect(&mut obj, &last);
            let id = last.get(&(n, 0)).map_or(n, |l| l.0);
            if page_numbers.contains(&n) {
                if let Object::Dictionary(d) = &mut obj {
                    d.set("Parent", Object::Reference((self.pages_id, 0)));
                    if let Ok(mb) = d.get(b"MediaBox") {
                        self.media_box = Some(mb.clone());
                    }
                }
            } else {
                self.index.insert(digest(&obj), id);
            }
            if matches!(obj, Object::Stream(_)) {
                self.write_object(id, &obj)?;
            } else {
                // Numbered now (the next document's numbers start above it),
                // written with the next object stream.
                self.place(id, Entry::Free);
                self.pending.insert(id, obj);
            }
        }
        for p in &page_numbers {
            let id = last.get(&(*p, 0)).map_or(*p, |l| l.0);
            kids.push(id);
        }
        if self.pending.len() >= PACK {
            self.write_packed()?;
        }
        self.kids.extend(kids);
        Ok(pages.len())
    }

    /// The number the next new object gets.
    fn next_id(&self) -> u32 {
        u32::try_from(self.xref.len()).unwrap_or(u32::MAX)
    }

    /// Records where object `id` is.
    fn place(&mut self, id: u32, entry: Entry) {
        let i = id as usize;
        if self.xref.len() <= i {
            self.xref.resize(i + 1, Entry::Free);
        }
        self.xref[i] = entry;
    }

    /// Writes `obj` as object `id` at the current offset.
    fn write_object(&mut self, id: u32, obj: &Object) -> Result<(), Error> {
        let mut bytes = format!("{id} 0 obj\n").into_bytes();
        serialize(&mut bytes, obj);
        bytes.extend_from_slice(b"\nendobj\n");
        self.place(id, Entry::At(self.at));
        self.out.write_all(&bytes).map_err(io)?;
        self.at += bytes.len() as u64;
        Ok(())
    }

    /// Writes the pending objects (not streams) together in one deflated
    /// object stream, numbered after them.
    fn write_packed(&mut self) -> Result<(), Error> {
        let objects = std::mem::take(&mut self.pending);
        if objects.is_empty() {
            return Ok(());
        }
        // Above every number given so far, the pending ones included.
        let stream_id = self.next_id();
        let mut table = String::new();
        let mut body = Vec::new();
        for (i, (id, obj)) in objects.iter().enumerate() {
            table.push_str(&format!("{id} {} ", body.len()));
            serialize(&mut body, obj);
            body.push(b'\n');
            let index = u32::try_from(i).map_err(|_| too_many())?;
            self.place(*id, Entry::In(stream_id, index));
        }
        let first = table.len();
        let mut content = table.into_bytes();
        content.extend_from_slice(&body);
        let stream = lopdf::Stream::new(
            dict(vec![
                ("Type", Object::from("ObjStm")),
                ("N", Object::from(objects.len() as i64)),
                ("First", Object::from(first as i64)),
                ("Filter", Object::from("FlateDecode")),
            ]),
            deflate(&content)?,
        );
        self.write_object(stream_id, &Object::Stream(stream))
    }

    /// Appends an empty page the size of the last one (A4 before any).
    fn blank(&mut self) -> Result<(), Error> {
        let media_box = self.media_box.clone().unwrap_or_else(|| {
            Object::Array(vec![0.into(), 0.into(), 595.2757.into(), 841.88983.into()])
        });
        let page = dict(vec![
            ("Type", Object::from("Page")),
            ("Parent", Object::Reference((self.pages_id, 0))),
            ("MediaBox", media_box),
            ("Resources", Object::from(lopdf::Dictionary::new())),
        ]);
        let id = self.next_id();
        self.write_object(id, &Object::Dictionary(page))?;
        self.kids.push(id);
        Ok(())
    }

    /// Ends the print file (page tree, catalog, `info` as its metadata, the
    /// cross-reference stream) and gives back the writer.
    pub fn finish(mut self, info: &Info) -> Result<W, Error> {
        self.write_packed()?;
        let count = i64::try_from(self.kids.len()).unwrap_or(i64::MAX);
        let kids: Vec<Object> = self
            .kids
            .iter()
            .map(|k| Object::Reference((*k, 0)))
            .collect();
        let pages = dict(vec![
            ("Type", Object::from("Pages")),
            ("Kids", Object::from(kids)),
            ("Count", Object::from(count)),
        ]);
        self.write_object(self.pages_id, &Object::Dictionary(pages))?;
        let catalog_id = self.next_id();
        let catalog = dict(vec![
            ("Type", Object::from("Catalog")),
            ("Pages", Object::Reference((self.pages_id, 0))),
            ("Lang", Object::string_literal("zh-CN")),
        ]);
        self.write_object(catalog_id, &Object::Dictionary(catalog))?;
        let secs = info.date.map_or(0, unix_from_civil);
        let date = pdf_date(secs);
        let text = |s: &Option<String>| Object::string_literal(utf16(s.as_deref().unwrap_or("")));
        let info_id = self.next_id();
        let info_dict = dict(vec![
            ("Title", text(&info.title)),
            ("Author", text(&info.author)),
            ("Subject", text(&info.subject)),
            ("Creator", Object::string_literal("qingdan")),
            ("Producer", Object::string_literal("qingdan")),
            ("CreationDate", Object::string_literal(date.clone())),
            ("ModDate", Object::string_literal(date)),
        ]);
        self.write_object(info_id, &Object::Dictionary(info_dict))?;
        for s in [&info.title, &info.author, &info.subject] {
            self.hash.bytes(s.as_deref().unwrap_or("").as_bytes());
        }
        self.hash.bytes(&secs.to_le_bytes());
        let second = Fnv::new(self.hash.0).0 ^ self.hash.0.rotate_left(17);
        let mut id = self.hash.0.to_be_bytes().to_vec();
        id.extend_from_slice(&second.to_be_bytes());
        // The cross-reference stream: type, offset or container, index; as
        // few bytes as the largest value needs.
        let xref_id = self.next_id();
        let xref_at = self.at;
        self.place(xref_id, Entry::At(xref_at));
        let widest = self
            .xref
            .iter()
            .map(|e| match e {
                Entry::Free => 0,
                Entry::At(o) => *o,
                Entry::In(s, _) => u64::from(*s),
            })
            .max()
            .unwrap_or(0);
        let widest_index = self
            .xref
            .iter()
            .map(|e| match e {
                Entry::In(_, i) => u64::from(*i),
                _ => 0,
            })
            .max()
            .unwrap_or(0);
        let (w1, w2) = (width(widest), width(widest_index));
        let mut rows = Vec::with_capacity(self.xref.len() * (1 + w1 + w2));
        for e in &self.xref {
            let (t, a, b) = match e {
                Entry::Free => (0u8, 0, if rows.is_empty() { 65_535 } else { 0 }),
                Entry::At(o) => (1, *o, 0),
                Entry::In(s, i) => (2, u64::from(*s), u64::from(*i)),
            };
            rows.push(t);
            rows.extend_from_slice(&a.to_be_bytes()[8 - w1..]);
            rows.extend_from_slice(&b.to_be_bytes()[8 - w2..]);
        }
        let size = i64::from(xref_id) + 1;
        let trailer = dict(vec![
            ("Type", Object::from("XRef")),
            ("Size", Object::from(size)),
            (
                "W",
                Object::Array(vec![1.into(), (w1 as i64).into(), (w2 as i64).into()]),
            ),
            ("Root", Object::Reference((catalog_id, 0))),
            ("Info", Object::Reference((info_id, 0))),
            (
                "ID",
                Object::Array(vec![
                    Object::String(id.clone(), lopdf::StringFormat::Hexadecimal),
                    Object::String(id, lopdf::StringFormat::Hexadecimal),
                ]),
            ),
            ("Filter", Object::from("FlateDecode")),
        ]);
        let stream = lopdf::Stream::new(trailer, deflate(&rows)?);
        self.write_object(xref_id, &Object::Stream(stream))?;
        self.out
            .write_all(format!("startxref\n{xref_at}\n%%EOF\n").as_bytes())
            .map_err(io)?;
        self.out.flush().map_err(io)?;
        Ok(self.out)
    }
}

/// Bytes needed for `v` in a cross-reference stream field (at least one).
fn width(v: u64) -> usize {
    (8 - (v.leading_zeros() / 8) as usize).max(1)
}

/// `base + k` as an object number.
fn number(base: u32, k: usize) -> Result<u32, Error> {
    u32::try_from(k)
        .ok()
        .and_then(|k| base.checked_add(k))
        .filter(|n| *n < 8_388_607)
        .ok_or_else(too_many)
}

fn too_many() -> Error {
    Error::Write("the print file would hold more objects than a PDF can number".into())
}

fn io(e: std::io::Error) -> Error {
    Error::Write(format!("writing the print file: {e}"))
}

fn deflate(bytes: &[u8]) -> Result<Vec<u8>, Error> {
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(6));
    z.write_all(bytes).map_err(io)?;
    z.finish().map_err(io)
}

/// The SHA-256 of an object as it would be written: two objects with the same
/// digest are the same object (a stream's position in the file it was read
/// from does not count).
fn digest(obj: &Object) -> [u8; 32] {
    let mut bytes = Vec::new();
    serialize(&mut bytes, obj);
    Sha256::digest(&bytes).into()
}

/// Writes `obj` in PDF syntax (ISO 32000-1 §7.3). A stream's `/Length` is set
/// from its content.
fn serialize(out: &mut Vec<u8>, obj: &Object) {
    match obj {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Object::Integer(i) => out.extend_from_slice(i.to_string().as_bytes()),
        Object::Real(r) => {
            // Display never uses an exponent, which PDF does not allow.
            let r = if r.is_finite() { *r } else { 0.0 };
            out.extend_from_slice(format!("{r}").as_bytes());
        }
        Object::Name(n) => name(out, n),
        Object::String(s, lopdf::StringFormat::Literal) => {
            out.push(b'(');
            for &b in s {
                match b {
                    b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', b]),
                    b'\r' => out.extend_from_slice(b"\\r"),
                    _ => out.push(b),
                }
            }
            out.push(b')');
        }
        Object::String(s, lopdf::StringFormat::Hexadecimal) => {
            out.push(b'<');
            for b in s {
                out.extend_from_slice(format!("{b:02X}").as_bytes());
            }
            out.push(b'>');
        }
        Object::Array(a) => {
            out.push(b'[');
            for (i, o) in a.iter().enumerate() {
                if i > 0 {
                    out.push(b' ');
                }
                serialize(out, o);
            }
            out.push(b']');
        }
        Object::Dictionary(d) => dictionary(out, d, None),
        Object::Stream(s) => {
            dictionary(out, &s.dict, Some(s.content.len()));
            out.extend_from_slice(b"\nstream\n");
            out.extend_from_slice(&s.content);
            out.extend_from_slice(b"\nendstream");
        }
        Object::Reference((n, g)) => out.extend_from_slice(format!("{n} {g} R").as_bytes()),
    }
}

/// A dictionary, with `/Length` replaced by `length` when given.
fn dictionary(out: &mut Vec<u8>, d: &lopdf::Dictionary, length: Option<usize>) {
    out.extend_from_slice(b"<<");
    for (k, v) in d {
        if length.is_some() && k.as_slice() == b"Length" {
            continue;
        }
        name(out, k);
        out.push(b' ');
        serialize(out, v);
    }
    if let Some(l) = length {
        out.extend_from_slice(format!("/Length {l}").as_bytes());
    }
    out.extend_from_slice(b">>");
}

/// A name, with delimiters, white space and bytes outside `!`–`~` as `#XX`.
fn name(out: &mut Vec<u8>, n: &[u8]) {
    out.push(b'/');
    for &b in n {
        if b" \t\n\r\x0C()<>[]{}/%#".contains(&b) || !(33..=126).contains(&b) {
            out.extend_from_slice(format!("#{b:02X}").as_bytes());
        } else {
            out.push(b);
        }
    }
}

/// A dictionary of `pairs`.
fn dict(pairs: Vec<(&str, Object)>) -> lopdf::Dictionary {
    let mut d = lopdf::Dictionary::new();
    for (k, v) in pairs {
        d.set(k, v);
    }
    d
}

/// Rewrites references to objects in `map`, everywhere inside `obj`.
fn redirect(obj: &mut Object, map: &HashMap<ObjectId, ObjectId>) {
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

    /// Cross-reference fields take as many bytes as their largest value needs.
    #[test]
    fn field_widths() {
        assert_eq!(width(0), 1);
        assert_eq!(width(255), 1);
        assert_eq!(width(256), 2);
        assert_eq!(width(65_535), 2);
        assert_eq!(width(65_536), 3);
        assert_eq!(width(u64::from(u32::MAX)), 4);
        assert_eq!(width(1 << 32), 5);
    }

    /// Names escape what PDF syntax reserves; literal strings their
    /// parentheses, backslashes and carriage returns; a stream's length is its
    /// content's.
    #[test]
    fn objects_are_written_in_pdf_syntax() {
        let mut out = Vec::new();
        name(&mut out, b"A B#(/");
        assert_eq!(out, b"/A#20B#23#28#2F");
        out.clear();
        serialize(
            &mut out,
            &Object::String(b"a(b)\\c\r".to_vec(), lopdf::StringFormat::Literal),
        );
        assert_eq!(out, b"(a\\(b\\)\\\\c\\r)");
        out.clear();
        let mut d = lopdf::Dictionary::new();
        d.set("Length", 99);
        d.set(
            "K",
            Object::Array(vec![1.into(), Object::Reference((3, 0)), 0.5.into()]),
        );
        serialize(
            &mut out,
            &Object::Stream(lopdf::Stream::new(d, b"xyz".to_vec())),
        );
        assert_eq!(
            out,
            b"<</K [1 3 0 R 0.5]/Length 3>>\nstream\nxyz\nendstream"
        );
    }

    #[test]
    fn combined_documents_start_on_odd_pages_and_share_their_fonts() {
        let one = "甲乙丙丁，戊己庚辛。";
        let two = format!("{one}\n\n<div class=\"pagebreak\"></div>\n\n{one}");
        let fonts = crate::pdf::test_fonts();
        let probe = crate::pdf::layout(&crate::doc::parse(one).unwrap(), fonts).unwrap();
        let batch = Batch::new(glyphs(&probe));
        let docs = [pdf(one, &batch), pdf(&two, &batch), pdf(one, &batch)];
        let mut c = Combined::new(Vec::new()).unwrap();
        let added: Vec<usize> = docs.iter().map(|d| c.append(d).unwrap()).collect();
        assert_eq!(added, [1, 2, 1]);
        // 1, blank, 2, 1: each document starts on an odd page.
        assert_eq!(c.pages(), 5);
        let bytes = c.finish(&Info::default()).unwrap();
        let doc = lopdf::Document::load_mem(&bytes).unwrap();
        assert!(bytes.starts_with(b"%PDF-1.7\n"));
        assert!(bytes.ends_with(b"%%EOF\n"));
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
        let mut again = Combined::new(Vec::new()).unwrap();
        for d in &docs {
            again.append(d).unwrap();
        }
        assert!(again.finish(&Info::default()).unwrap() == bytes);
        // Not a PDF: an error, not a panic.
        assert!(Combined::new(Vec::new())
            .unwrap()
            .append(b"%PDF-1.7 nonsense")
            .is_err());
    }
}
