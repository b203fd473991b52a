//! PDF objects → bytes (ISO 32000-1 §7.3, §7.5): object syntax, object streams
//! and a cross-reference stream, written object by object to any writer. Used
//! to save each document ([`save`]) and to stream a print file
//! ([`Combined`](super::Combined)); lopdf's own writer serialises every packed
//! object twice and cannot write as it goes.

use std::collections::BTreeMap;
use std::io::Write;

use lopdf::Object;

use super::Error;

/// Where an object of the file is: at a byte offset, or inside an object
/// stream (the stream's number, the object's index in it).
#[derive(Clone, Copy)]
enum Entry {
    Free,
    At(u64),
    In(u32, u32),
}

/// A PDF file being written: its header at once, then objects in any order,
/// then the cross-reference stream.
pub(super) struct ObjectWriter<W: Write> {
    out: W,
    /// Bytes written so far (the next object's offset).
    at: u64,
    /// Every object number's place; index 0 is the free list's head.
    xref: Vec<Entry>,
}

impl<W: Write> ObjectWriter<W> {
    /// Starts a file: the header and its binary-comment line.
    pub(super) fn new(mut out: W) -> Result<ObjectWriter<W>, Error> {
        let head = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n";
        out.write_all(head).map_err(io)?;
        Ok(ObjectWriter {
            out,
            at: head.len() as u64,
            xref: vec![Entry::Free],
        })
    }

    /// The lowest number no object has been given (by [`Self::reserve`] or by
    /// writing).
    pub(super) fn next_id(&self) -> u32 {
        u32::try_from(self.xref.len()).unwrap_or(u32::MAX)
    }

    /// Gives number `id` away before its object is written (it will be packed
    /// later, or is the page tree written last).
    pub(super) fn reserve(&mut self, id: u32) {
        self.place(id, Entry::Free);
    }

    fn place(&mut self, id: u32, entry: Entry) {
        let i = id as usize;
        if self.xref.len() <= i {
            self.xref.resize(i + 1, Entry::Free);
        }
        self.xref[i] = entry;
    }

    /// Writes `obj` as object `id` at the current offset.
    pub(super) fn write_object(&mut self, id: u32, obj: &Object) -> Result<(), Error> {
        let mut bytes = format!("{id} 0 obj\n").into_bytes();
        serialize(&mut bytes, obj);
        bytes.extend_from_slice(b"\nendobj\n");
        self.place(id, Entry::At(self.at));
        self.out.write_all(&bytes).map_err(io)?;
        self.at += bytes.len() as u64;
        Ok(())
    }

    /// Writes objects that are not streams together in one deflated object
    /// stream, numbered after every number given so far. `deflate` compresses
    /// its content.
    pub(super) fn write_packed(
        &mut self,
        objects: &BTreeMap<u32, Object>,
        deflate: impl FnOnce(&[u8]) -> Result<Vec<u8>, Error>,
    ) -> Result<(), Error> {
        if objects.is_empty() {
            return Ok(());
        }
        let stream_id = self
            .next_id()
            .max(objects.keys().last().map_or(0, |k| k.saturating_add(1)));
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

    /// Ends the file: the cross-reference stream (its dictionary is the
    /// trailer: `trailer` adds `/Root`, `/Info`, `/ID`) and `startxref`.
    /// Gives back the writer, flushed.
    pub(super) fn finish(
        mut self,
        trailer: Vec<(&str, Object)>,
        deflate: impl FnOnce(&[u8]) -> Result<Vec<u8>, Error>,
    ) -> Result<W, Error> {
        let xref_id = self.next_id();
        let xref_at = self.at;
        self.place(xref_id, Entry::At(xref_at));
        // Type, offset or container, index: as few bytes as the largest needs.
        let (mut widest, mut widest_index) = (0, 0);
        for e in &self.xref {
            match e {
                Entry::Free => {}
                Entry::At(o) => widest = widest.max(*o),
                Entry::In(s, i) => {
                    widest = widest.max(u64::from(*s));
                    widest_index = widest_index.max(u64::from(*i));
                }
            }
        }
        let (w1, w2) = (width(widest), width(widest_index));
        let mut rows = Vec::with_capacity(self.xref.len() * (1 + w1 + w2));
        for (n, e) in self.xref.iter().enumerate() {
            let (t, a, b) = match e {
                // The free list's head has generation 65535, the others 0.
                Entry::Free => (0u8, 0, if n == 0 { 65_535 } else { 0 }),
                Entry::At(o) => (1, *o, 0),
                Entry::In(s, i) => (2, u64::from(*s), u64::from(*i)),
            };
            rows.push(t);
            rows.extend_from_slice(&a.to_be_bytes()[8 - w1..]);
            rows.extend_from_slice(&b.to_be_bytes()[8 - w2..]);
        }
        let mut d = dict(vec![
            ("Type", Object::from("XRef")),
            ("Size", Object::from(i64::from(xref_id) + 1)),
            (
                "W",
                Object::Array(vec![1.into(), (w1 as i64).into(), (w2 as i64).into()]),
            ),
        ]);
        for (k, v) in trailer {
            d.set(k, v);
        }
        d.set("Filter", Object::from("FlateDecode"));
        let stream = lopdf::Stream::new(d, deflate(&rows)?);
        self.write_object(xref_id, &Object::Stream(stream))?;
        self.out
            .write_all(format!("startxref\n{xref_at}\n%%EOF\n").as_bytes())
            .map_err(io)?;
        self.out.flush().map_err(io)?;
        Ok(self.out)
    }
}

/// Saves a whole document: streams as they are (each already deflated or not),
/// every other object in one object stream, then the cross-reference stream
/// with the document's `/Root`, `/Info` and `/ID`. Object streams and
/// cross-reference streams the document was read with are dropped (they are
/// made anew).
pub(super) fn save(
    doc: &lopdf::Document,
    deflate: impl Fn(&[u8]) -> Result<Vec<u8>, Error>,
) -> Result<Vec<u8>, Error> {
    let mut w = ObjectWriter::new(Vec::new())?;
    w.reserve(doc.max_id);
    let mut packed = BTreeMap::new();
    for (&(id, _), obj) in &doc.objects {
        let kind = match obj {
            Object::Stream(s) => s.dict.get(b"Type").ok().and_then(|t| t.as_name().ok()),
            _ => None,
        };
        match obj {
            _ if matches!(kind, Some(b"ObjStm" | b"XRef")) => {}
            Object::Stream(_) => w.write_object(id, obj)?,
            _ => {
                packed.insert(id, obj.clone());
            }
        }
    }
    w.write_packed(&packed, &deflate)?;
    let trailer = ["Root", "Info", "ID"]
        .into_iter()
        .filter_map(|k| Some((k, doc.trailer.get(k.as_bytes()).ok()?.clone())))
        .collect();
    w.finish(trailer, &deflate)
}

/// Bytes needed for `v` in a cross-reference stream field (at least one).
fn width(v: u64) -> usize {
    (8 - (v.leading_zeros() / 8) as usize).max(1)
}

/// The error of a file that would need more object numbers than PDF allows.
pub(super) fn too_many() -> Error {
    Error::Write("the file would hold more objects than a PDF can number".into())
}

/// An I/O error while writing a PDF.
pub(super) fn io(e: std::io::Error) -> Error {
    Error::Write(format!("writing a PDF: {e}"))
}

/// Writes `obj` in PDF syntax (ISO 32000-1 §7.3). A stream's `/Length` is set
/// from its content.
pub(super) fn serialize(out: &mut Vec<u8>, obj: &Object) {
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

/// Rewrites references to objects in `map`, everywhere inside `obj`.
pub(super) fn renumber(
    obj: &mut Object,
    map: &std::collections::HashMap<lopdf::ObjectId, lopdf::ObjectId>,
) {
    if map.is_empty() {
        return;
    }
    match obj {
        Object::Reference(r) => {
            if let Some(to) = map.get(r) {
                *r = *to;
            }
        }
        Object::Array(a) => a.iter_mut().for_each(|o| renumber(o, map)),
        Object::Dictionary(d) => d.iter_mut().for_each(|(_, o)| renumber(o, map)),
        Object::Stream(s) => s.dict.iter_mut().for_each(|(_, o)| renumber(o, map)),
        _ => {}
    }
}

/// A dictionary of `pairs`.
pub(super) fn dict(pairs: Vec<(&str, Object)>) -> lopdf::Dictionary {
    let mut d = lopdf::Dictionary::new();
    for (k, v) in pairs {
        d.set(k, v);
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

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

    /// A saved document reads back with every object where the cross-reference
    /// stream says, packed or not.
    #[test]
    fn saved_documents_read_back() {
        let mut doc = lopdf::Document::with_version("1.7");
        let pages = doc.new_object_id();
        let content = doc.add_object(lopdf::Stream::new(
            lopdf::Dictionary::new(),
            b"0 0 m 10 10 l S".to_vec(),
        ));
        let page = doc.add_object(dict(vec![
            ("Type", Object::from("Page")),
            ("Parent", Object::Reference(pages)),
            ("Contents", Object::Reference(content)),
            (
                "MediaBox",
                Object::Array(vec![0.into(), 0.into(), 100.into(), 100.into()]),
            ),
        ]));
        doc.objects.insert(
            pages,
            Object::Dictionary(dict(vec![
                ("Type", Object::from("Pages")),
                ("Kids", Object::Array(vec![Object::Reference(page)])),
                ("Count", Object::from(1)),
            ])),
        );
        let catalog = doc.add_object(dict(vec![
            ("Type", Object::from("Catalog")),
            ("Pages", Object::Reference(pages)),
        ]));
        doc.trailer.set("Root", Object::Reference(catalog));
        let z = |b: &[u8]| -> Result<Vec<u8>, Error> {
            let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(6));
            e.write_all(b).map_err(io)?;
            e.finish().map_err(io)
        };
        let bytes = save(&doc, z).unwrap();
        assert!(bytes.starts_with(b"%PDF-1.7\n"));
        assert!(bytes.ends_with(b"%%EOF\n"));
        let back = lopdf::Document::load_mem(&bytes).unwrap();
        assert_eq!(back.get_pages().len(), 1);
        let c = back.get_object(content).unwrap().as_stream().unwrap();
        assert_eq!(c.content, b"0 0 m 10 10 l S");
        assert!(back.get_object(catalog).unwrap().as_dict().is_ok());
    }
}
