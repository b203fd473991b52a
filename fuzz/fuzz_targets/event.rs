//! Event loader, checked against the shipped checklists.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use qingdan::model::Checklist;

const SHIPPED: &[(&str, &str)] = &[
    (
        "chemical-major-hazards.yaml",
        include_str!("../../checklists/chemical-major-hazards.yaml"),
    ),
    (
        "gas-major-hazards.yaml",
        include_str!("../../checklists/gas-major-hazards.yaml"),
    ),
    (
        "gongmao-major-hazards.yaml",
        include_str!("../../checklists/gongmao-major-hazards.yaml"),
    ),
    (
        "hot-work-inspection-sample.yaml",
        include_str!("../../checklists/hot-work-inspection-sample.yaml"),
    ),
    (
        "mines-major-hazards.yaml",
        include_str!("../../checklists/mines-major-hazards.yaml"),
    ),
    (
        "principal-duties-law-21.yaml",
        include_str!("../../checklists/principal-duties-law-21.yaml"),
    ),
    (
        "principal-duties-shanxi-293.yaml",
        include_str!("../../checklists/principal-duties-shanxi-293.yaml"),
    ),
];

fn checklists() -> &'static [Checklist] {
    static C: OnceLock<Vec<Checklist>> = OnceLock::new();
    C.get_or_init(|| {
        SHIPPED
            .iter()
            .filter_map(|(name, text)| {
                qingdan::model::parse_checklist(Path::new(name), (*text).to_string()).checklist
            })
            .collect()
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let f =
        qingdan::model::event::parse_event(Path::new("event.yaml"), text.to_string(), checklists());
    for d in &f.diags {
        let _ = qingdan::model::diag::render(d, Some(&f.text));
    }
    if let Some(e) = &f.event {
        for i in 0..3 {
            let _ = e.doc_no_for(i);
        }
    }
});
