//! TrueType (sfnt) table surgery on the subsets `subsetter` makes: tables
//! dropped, added or replaced with the checksums recomputed, a `cmap` for web
//! fonts, and an empty `.notdef`.

use std::collections::BTreeMap;

/// A `cmap` table for `map` (code point → glyph id): a format 4 subtable
/// (Windows, Unicode BMP) and, when a code point lies beyond the BMP, a format 12
/// one (Windows, Unicode full repertoire) as well.
pub(super) fn cmap_table(map: &BTreeMap<u32, u16>) -> Vec<u8> {
    // Runs of consecutive code points with consecutive glyph ids.
    let runs = |limit: u32| {
        let mut runs: Vec<(u32, u32, u16)> = Vec::new();
        for (&cp, &gid) in map.range(..limit) {
            match runs.last_mut() {
                Some((start, end, g))
                    if *end + 1 == cp && u32::from(*g) + (cp - *start) == u32::from(gid) =>
                {
                    *end = cp;
                }
                _ => runs.push((cp, cp, gid)),
            }
        }
        runs
    };
    let put16 = |v: &mut Vec<u8>, x: u16| v.extend_from_slice(&x.to_be_bytes());
    let put32 = |v: &mut Vec<u8>, x: u32| v.extend_from_slice(&x.to_be_bytes());
    // Format 4, with the closing 0xFFFF segment.
    let mut segs = runs(0xFFFF);
    segs.push((0xFFFF, 0xFFFF, 0));
    let n = segs.len() as u16;
    let log = 15 - n.max(1).leading_zeros() as u16;
    let range = 2u16 << log;
    let mut f4 = Vec::new();
    for v in [4, 0, 0, n * 2, range, log, (n * 2).saturating_sub(range)] {
        put16(&mut f4, v);
    }
    for (_, end, _) in &segs {
        put16(&mut f4, *end as u16);
    }
    put16(&mut f4, 0);
    for (start, _, _) in &segs {
        put16(&mut f4, *start as u16);
    }
    for (start, _, gid) in &segs {
        // glyph = code point + idDelta (mod 65 536); the last segment maps to 0.
        let delta = if *start == 0xFFFF {
            1
        } else {
            gid.wrapping_sub(*start as u16)
        };
        put16(&mut f4, delta);
    }
    for _ in &segs {
        put16(&mut f4, 0);
    }
    let len = f4.len() as u16;
    f4[2..4].copy_from_slice(&len.to_be_bytes());
    // Format 12, only when needed.
    let f12 = map.keys().any(|cp| *cp > 0xFFFF).then(|| {
        let groups = runs(u32::MAX);
        let mut t = Vec::new();
        put16(&mut t, 12);
        put16(&mut t, 0);
        put32(&mut t, 16 + 12 * groups.len() as u32);
        put32(&mut t, 0);
        put32(&mut t, groups.len() as u32);
        for (start, end, gid) in groups {
            put32(&mut t, start);
            put32(&mut t, end);
            put32(&mut t, u32::from(gid));
        }
        t
    });
    let subtables: Vec<(u16, Vec<u8>)> = std::iter::once((1, f4))
        .chain(f12.map(|t| (10, t)))
        .collect();
    let mut out = Vec::new();
    put16(&mut out, 0);
    put16(&mut out, subtables.len() as u16);
    let mut offset = 4 + 8 * subtables.len() as u32;
    for (encoding, t) in &subtables {
        put16(&mut out, 3);
        put16(&mut out, *encoding);
        put32(&mut out, offset);
        offset += t.len() as u32;
    }
    for (_, t) in subtables {
        out.extend_from_slice(&t);
    }
    out
}

/// The sfnt `font` without the tables `drop` (a PDF reader needs neither the
/// names nor the PostScript glyph names: the font dictionary names the font and
/// `/ToUnicode` maps the text), with `head.checkSumAdjustment` recomputed.
/// `None` if the table directory does not parse.
pub(super) fn strip_tables(font: &[u8], drop: &[[u8; 4]]) -> Option<Vec<u8>> {
    with_tables(font, drop, Vec::new())
}

/// The sfnt `font` without the tables `drop` and with the tables `add` (replacing
/// any of the same tag), the directory sorted by tag, checksums and
/// `head.checkSumAdjustment` recomputed. `None` if the table directory does not
/// parse, or if nothing would change.
pub(super) fn with_tables(
    font: &[u8],
    drop: &[[u8; 4]],
    add: Vec<([u8; 4], Vec<u8>)>,
) -> Option<Vec<u8>> {
    let u16_at = |i: usize| Some(u16::from_be_bytes(font.get(i..i + 2)?.try_into().ok()?));
    let u32_at = |i: usize| Some(u32::from_be_bytes(font.get(i..i + 4)?.try_into().ok()?));
    let count = usize::from(u16_at(4)?);
    let mut tables = Vec::with_capacity(count);
    for k in 0..count {
        let at = 12 + 16 * k;
        let tag: [u8; 4] = font.get(at..at + 4)?.try_into().ok()?;
        let (sum, offset, len) = (u32_at(at + 4)?, u32_at(at + 8)?, u32_at(at + 12)?);
        let data = font.get(offset as usize..(offset as usize).checked_add(len as usize)?)?;
        if !drop.contains(&tag) && !add.iter().any(|(t, _)| *t == tag) {
            tables.push((tag, sum, data));
        }
    }
    if tables.len() == count && add.is_empty() {
        return None;
    }
    for (tag, data) in &add {
        tables.push((*tag, sfnt_sum(data), data));
    }
    tables.sort_by_key(|(tag, _, _)| *tag);
    let n = u16::try_from(tables.len()).ok()?;
    let log = 15 - n.max(1).leading_zeros() as u16;
    let range = 16u16.checked_shl(u32::from(log))?;
    let mut out = Vec::with_capacity(font.len());
    out.extend_from_slice(font.get(0..4)?);
    for v in [n, range, log, (n * 16).saturating_sub(range)] {
        out.extend_from_slice(&v.to_be_bytes());
    }
    let mut offset = 12 + 16 * tables.len();
    let mut head = None;
    for (tag, sum, data) in &tables {
        out.extend_from_slice(tag);
        out.extend_from_slice(&sum.to_be_bytes());
        out.extend_from_slice(&u32::try_from(offset).ok()?.to_be_bytes());
        out.extend_from_slice(&u32::try_from(data.len()).ok()?.to_be_bytes());
        if tag == b"head" {
            head = Some(offset);
        }
        offset += data.len().next_multiple_of(4);
    }
    for (_, _, data) in &tables {
        out.extend_from_slice(data);
        out.resize(out.len().next_multiple_of(4), 0);
    }
    if let Some(h) = head.filter(|h| h + 12 <= out.len()) {
        out[h + 8..h + 12].fill(0);
        let total = sfnt_sum(&out);
        out[h + 8..h + 12].copy_from_slice(&0xB1B0_AFBAu32.wrapping_sub(total).to_be_bytes());
    }
    Some(out)
}

/// The sfnt `font` with glyph 0 (`.notdef`) emptied: no outline, its advance
/// kept. qingdan never draws `.notdef` (a character no face has is an error,
/// see [`super::Error::MissingGlyph`]), and 朱雀仿宋's is a framed hanzi of
/// 1,098 bytes that every subset of it would carry: two a letter. `None` if the
/// glyph is empty already or the `head`, `loca` or `glyf` table does not parse.
pub(super) fn empty_notdef(font: &[u8]) -> Option<Vec<u8>> {
    let face = ttf_parser::RawFace::parse(font, 0).ok()?;
    let table = |t: &[u8; 4]| face.table(ttf_parser::Tag::from_bytes(t));
    let (head, loca, glyf) = (table(b"head")?, table(b"loca")?, table(b"glyf")?);
    let long = match head.get(50..52)? {
        [0, 0] => false,
        [0, 1] => true,
        _ => return None,
    };
    let offsets: Vec<u32> = if long {
        loca.chunks_exact(4)
            .map(|c| u32::from_be_bytes([c[0], c[1], c[2], c[3]]))
            .collect()
    } else {
        loca.chunks_exact(2)
            .map(|c| 2 * u32::from(u16::from_be_bytes([c[0], c[1]])))
            .collect()
    };
    let (&start, &end) = (offsets.first()?, offsets.get(1)?);
    let cut = end.checked_sub(start)?;
    let ordered = offsets.windows(2).all(|w| w[0] <= w[1]);
    if cut == 0 || !ordered || end as usize > glyf.len() {
        return None;
    }
    let mut new_glyf = Vec::with_capacity(glyf.len() - cut as usize);
    new_glyf.extend_from_slice(&glyf[..start as usize]);
    new_glyf.extend_from_slice(&glyf[end as usize..]);
    let mut new_loca = Vec::with_capacity(loca.len());
    for (i, &o) in offsets.iter().enumerate() {
        let o = if i == 0 { o } else { o - cut };
        if long {
            new_loca.extend_from_slice(&o.to_be_bytes());
        } else {
            new_loca.extend_from_slice(&u16::try_from(o / 2).ok()?.to_be_bytes());
        }
    }
    with_tables(font, &[], vec![(*b"glyf", new_glyf), (*b"loca", new_loca)])
}

/// The sfnt checksum: big-endian 32-bit words (the last one zero-padded), summed.
fn sfnt_sum(bytes: &[u8]) -> u32 {
    bytes
        .chunks(4)
        .map(|c| {
            let mut w = [0u8; 4];
            w[..c.len()].copy_from_slice(c);
            u32::from_be_bytes(w)
        })
        .fold(0, u32::wrapping_add)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A glyph's outline as text, to compare two fonts glyph by glyph.
    fn outline(font: &[u8], gid: u16) -> String {
        struct Pen(String);
        impl ttf_parser::OutlineBuilder for Pen {
            fn move_to(&mut self, x: f32, y: f32) {
                self.0 += &format!("M{x},{y}");
            }
            fn line_to(&mut self, x: f32, y: f32) {
                self.0 += &format!("L{x},{y}");
            }
            fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
                self.0 += &format!("Q{x1},{y1},{x},{y}");
            }
            fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
                self.0 += &format!("C{x1},{y1},{x2},{y2},{x},{y}");
            }
            fn close(&mut self) {
                self.0 += "Z";
            }
        }
        let face = ttf_parser::Face::parse(font, 0).unwrap();
        let mut pen = Pen(String::new());
        let bbox = face.outline_glyph(ttf_parser::GlyphId(gid), &mut pen);
        format!(
            "{bbox:?} {} {:?}",
            pen.0,
            face.glyph_hor_advance(ttf_parser::GlyphId(gid))
        )
    }

    /// `font` with its `loca` in the long format.
    fn long_loca(font: &[u8]) -> Vec<u8> {
        let face = ttf_parser::RawFace::parse(font, 0).unwrap();
        let table = |t: &[u8; 4]| face.table(ttf_parser::Tag::from_bytes(t)).unwrap();
        let mut head = table(b"head").to_vec();
        assert_eq!(&head[50..52], &[0, 0], "the subset's loca is short");
        head[50..52].copy_from_slice(&[0, 1]);
        let loca: Vec<u8> = table(b"loca")
            .chunks_exact(2)
            .flat_map(|c| (2 * u32::from(u16::from_be_bytes([c[0], c[1]]))).to_be_bytes())
            .collect();
        with_tables(font, &[], vec![(*b"head", head), (*b"loca", loca)]).unwrap()
    }

    #[test]
    fn an_emptied_notdef_leaves_every_other_glyph_as_it_was() {
        // 朱雀仿宋's own .notdef is a framed hanzi, 1,098 bytes.
        let face = ttf_parser::Face::parse(super::super::fonts::FANGSONG_REGULAR, 0).unwrap();
        let mut remapper = subsetter::GlyphRemapper::new();
        for ch in "安全生产清单".chars() {
            remapper.remap(face.glyph_index(ch).unwrap().0);
        }
        let short = subsetter::subset(super::super::fonts::FANGSONG_REGULAR, 0, &remapper).unwrap();
        for font in [short.clone(), long_loca(&short)] {
            let out = empty_notdef(&font).unwrap();
            assert!(
                out.len() + 1000 < font.len(),
                "{} → {}",
                font.len(),
                out.len()
            );
            assert!(!outline(&font, 0).starts_with("None"));
            assert!(outline(&out, 0).starts_with("None"), "{}", outline(&out, 0));
            // The advance stays: a reader that measures glyph 0 gets the same width.
            assert_eq!(
                outline(&out, 0).rsplit(' ').next(),
                outline(&font, 0).rsplit(' ').next()
            );
            for gid in 1..=6 {
                assert_eq!(outline(&out, gid), outline(&font, gid), "glyph {gid}");
            }
            let glyphs = |f: &[u8]| ttf_parser::Face::parse(f, 0).unwrap().number_of_glyphs();
            assert_eq!((glyphs(&out), glyphs(&font)), (7, 7));
            assert_eq!(sfnt_sum(&out), 0xB1B0_AFBA);
            // Already empty, or not a font: nothing to do.
            assert!(empty_notdef(&out).is_none());
        }
        assert!(empty_notdef(&short[..100]).is_none());
    }

    #[test]
    fn a_notdef_is_emptied_only_when_the_tables_hold_together() {
        let fangsong = super::super::fonts::FANGSONG_REGULAR;
        let face = ttf_parser::Face::parse(fangsong, 0).unwrap();
        // Only .notdef and the space, whose outline is empty: glyph 0 ends
        // where the glyf table ends.
        let mut remapper = subsetter::GlyphRemapper::new();
        remapper.remap(face.glyph_index(' ').unwrap().0);
        let font = subsetter::subset(fangsong, 0, &remapper).unwrap();
        let out = empty_notdef(&font).unwrap();
        assert!(outline(&out, 0).starts_with("None"));
        assert_eq!(outline(&out, 1), outline(&font, 1));
        let raw = ttf_parser::RawFace::parse(&out, 0).unwrap();
        assert_eq!(
            raw.table(ttf_parser::Tag::from_bytes(b"glyf"))
                .map(<[u8]>::len),
            Some(0)
        );

        // A glyf table shorter than loca says, or a loca that goes backwards:
        // left alone, not cut.
        let mut remapper = subsetter::GlyphRemapper::new();
        remapper.remap(face.glyph_index('安').unwrap().0);
        let font = subsetter::subset(fangsong, 0, &remapper).unwrap();
        let raw = ttf_parser::RawFace::parse(&font, 0).unwrap();
        let glyf = raw.table(ttf_parser::Tag::from_bytes(b"glyf")).unwrap();
        let loca = raw
            .table(ttf_parser::Tag::from_bytes(b"loca"))
            .unwrap()
            .to_vec();
        assert_eq!(loca.len(), 6, "short offsets of .notdef, 安 and the end");
        let short_glyf = with_tables(&font, &[], vec![(*b"glyf", glyf[..100].to_vec())]).unwrap();
        assert!(empty_notdef(&short_glyf).is_none());
        let backwards = [&loca[..4], &[0, 1]].concat();
        let backwards = with_tables(&font, &[], vec![(*b"loca", backwards)]).unwrap();
        assert!(empty_notdef(&backwards).is_none());
        assert!(empty_notdef(&font).is_some());
        assert!(empty_notdef(b"not a font").is_none());
    }

    #[test]
    fn stripped_fonts_keep_every_other_table_and_a_valid_checksum() {
        let font = super::super::fonts::SYMBOLS;
        let out = strip_tables(font, &[*b"name", *b"post"]).unwrap();
        let before = ttf_parser::RawFace::parse(font, 0).unwrap();
        let after = ttf_parser::RawFace::parse(&out, 0).unwrap();
        let tags = |f: &ttf_parser::RawFace| -> Vec<[u8; 4]> {
            f.table_records
                .into_iter()
                .map(|r| r.tag.to_bytes())
                .collect()
        };
        let mut want = tags(&before);
        want.retain(|t| t != b"name" && t != b"post");
        assert_eq!(tags(&after), want);
        for t in &want {
            let tag = ttf_parser::Tag::from_bytes(t);
            let (a, b) = (after.table(tag).unwrap(), before.table(tag).unwrap());
            if t == b"head" {
                // All but checkSumAdjustment.
                assert_eq!((&a[..8], &a[12..]), (&b[..8], &b[12..]));
            } else {
                assert_eq!(a, b, "{tag}");
            }
        }
        // The whole font sums to the magic number, as `head` says it must.
        assert_eq!(sfnt_sum(&out), 0xB1B0_AFBA);
        let face = ttf_parser::Face::parse(&out, 0).unwrap();
        assert_eq!(
            face.number_of_glyphs(),
            ttf_parser::Face::parse(font, 0).unwrap().number_of_glyphs()
        );
        // Nothing to drop, or a broken directory: no copy.
        assert!(strip_tables(&out, &[*b"name"]).is_none());
        assert!(strip_tables(&font[..40], &[*b"name"]).is_none());
    }
}
