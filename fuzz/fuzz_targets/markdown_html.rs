//! Markdown (with optional front matter) → html::render, without fonts and
//! with the bundled fonts (subsets embedded as data: URLs).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if data.len() > 64 * 1024 {
        return;
    }
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let plain = qingdan::html::render(text, None);
    let fonts = qingdan::output::fonts().expect("bundled fonts load");
    let embedded = qingdan::html::render(text, Some(fonts));
    assert_eq!(plain.is_ok(), embedded.is_ok(), "fonts change only the embedded subsets");
});
