//! Checklist loader + validator: any bytes → diagnostics or a checklist.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new("f.yaml");
    let f = qingdan::model::parse_checklist(path, text.to_string());
    // Rendering the diagnostics slices the text at their spans: exercise it too.
    for d in &f.diags {
        let _ = qingdan::model::diag::render(d, Some(&f.text));
    }
    let _ = qingdan::model::detect_kind(text);
});
