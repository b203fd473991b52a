//! Results loader: YAML parse, the checks on their own and against a fixed checklist.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use qingdan::model::Checklist;

const CHECKLIST: &str = include_str!("../../checklists/gongmao-major-hazards.yaml");

fn checklist() -> &'static Checklist {
    static C: OnceLock<Checklist> = OnceLock::new();
    C.get_or_init(|| {
        qingdan::model::parse_checklist(Path::new("gongmao-major-hazards.yaml"), CHECKLIST.into())
            .checklist
            .expect("the shipped checklist is valid")
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let c = checklist();
    let cpath = Path::new("checklists/gongmao-major-hazards.yaml");
    for allow_incomplete in [false, true] {
        let f = qingdan::model::results::parse_results(
            Path::new("r.yaml"),
            text.to_string(),
            cpath,
            c,
            allow_incomplete,
        );
        for d in &f.diags {
            let _ = qingdan::model::diag::render(d, Some(&f.text));
        }
        if let Some(r) = &f.results {
            for (_, a) in &r.answers {
                if let Some(h) = a.hazard() {
                    let _ = qingdan::model::results::five_in_place(h);
                }
            }
        }
    }
});
