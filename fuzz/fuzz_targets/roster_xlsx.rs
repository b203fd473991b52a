//! Roster reader: XLSX bytes → zip bomb check → calamine's first sheet → cells →
//! header mapping → row checks.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = Path::new("roster.xlsx");
    match qingdan::model::roster::read_xlsx_bytes(path, data) {
        Ok(r) => {
            for d in &r.diags {
                let _ = qingdan::model::diag::render(d, None);
            }
        }
        Err(d) => {
            let _ = qingdan::model::diag::render(&d, None);
        }
    }
});
