//! Roster reader: YAML text → nesting check → list of mappings (or
//! `recipients:`) → header mapping → row checks.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let path = Path::new("roster.yaml");
    match qingdan::model::roster::read_yaml_text(path, text) {
        Ok(r) => {
            for d in &r.diags {
                let _ = qingdan::model::diag::render(d, Some(text));
            }
        }
        Err(d) => {
            let _ = qingdan::model::diag::render(&d, Some(text));
        }
    }
});
