//! Markdown (with optional front matter) → doc::parse → pdf::layout → pdf::write,
//! then the same pages through a `pdf::Batch` (base: every other glyph used) and
//! both PDFs into a `pdf::Combined`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if data.len() > 64 * 1024 {
        return;
    }
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(doc) = qingdan::doc::parse(text) else {
        return;
    };
    let fonts = qingdan::output::fonts().expect("bundled fonts load");
    let info = qingdan::pdf::Info::from_document(&doc);
    let Ok(pages) = qingdan::pdf::layout(&doc, fonts) else {
        return;
    };
    let Ok(plain) = qingdan::pdf::write(&pages, fonts, &info) else {
        return;
    };
    let mut base = qingdan::pdf::glyphs(&pages);
    for gids in base.values_mut() {
        let keep: std::collections::BTreeSet<u16> = gids.iter().copied().step_by(2).collect();
        *gids = keep;
    }
    let batch = qingdan::pdf::Batch::new(base);
    let shared = batch.write(&pages, fonts, &info).expect("a batch writes what write writes");
    let mut combined = qingdan::pdf::Combined::new(Vec::new()).expect("writing to memory");
    combined.append(&plain).expect("our own PDF combines");
    combined.append(&shared).expect("our own PDF combines");
    let _ = combined.finish(&info).expect("combined PDF writes");
});
