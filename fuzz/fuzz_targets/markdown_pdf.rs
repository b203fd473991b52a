//! Markdown (with optional front matter) → doc::parse → pdf::layout → pdf::write.
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
    let _ = qingdan::pdf::write(&pages, fonts, &info);
});
