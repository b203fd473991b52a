//! Tera context build + built-in templates + Markdown → HTML, for valid checklists.
//!
//! Input byte 0 chooses the mode:
//! - even: the rest is checklist YAML; when it is valid, it is rendered;
//! - odd: byte 1 picks a shipped checklist, the rest is split at NUL bytes into
//!   strings that replace its texts (titles, item texts, clauses, hints, …) in
//!   order; the result is written as JSON (which is YAML), loaded and validated
//!   again, and rendered when valid. Most inputs then reach the templates.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use qingdan::model::{Checklist, Item};
use qingdan::output::Format;
use qingdan::render::Templates;

const SHIPPED: &[&str] = &[
    include_str!("../../checklists/chemical-major-hazards.yaml"),
    include_str!("../../checklists/gas-major-hazards.yaml"),
    include_str!("../../checklists/gongmao-major-hazards.yaml"),
    include_str!("../../checklists/hot-work-inspection-sample.yaml"),
    include_str!("../../checklists/mines-major-hazards.yaml"),
    include_str!("../../checklists/principal-duties-law-21.yaml"),
    include_str!("../../checklists/principal-duties-shanxi-293.yaml"),
];

fn templates() -> &'static Templates {
    static T: OnceLock<Templates> = OnceLock::new();
    T.get_or_init(|| Templates::load(&[]).expect("built-in templates load"))
}

fn shipped() -> &'static [Checklist] {
    static C: OnceLock<Vec<Checklist>> = OnceLock::new();
    C.get_or_init(|| {
        SHIPPED
            .iter()
            .map(|t| {
                qingdan::model::parse_checklist(Path::new("c.yaml"), (*t).to_string())
                    .checklist
                    .expect("shipped checklists are valid")
            })
            .collect()
    })
}

fn render(c: &Checklist) {
    let t = templates();
    let mut names = t.for_kind(c.kind);
    if !names.contains(&"inspection-form") {
        names.push("inspection-form");
    }
    for name in names {
        if let Ok(md) = t.render_checklist(name, c) {
            let _ = qingdan::output::convert(&md, Format::Html);
        }
    }
}

fn fill_items(items: &mut [Item], next: &mut dyn FnMut() -> Option<String>) {
    for it in items {
        if let Some(s) = next() {
            it.text = s;
        }
        if let Some(s) = next() {
            it.basis.clause = Some(s);
        }
        if let Some(s) = next() {
            it.hint = Some(s);
        }
        if let Some(s) = next() {
            it.penalty = Some(s);
        }
        fill_items(&mut it.items, next);
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    if mode % 2 == 0 {
        let Ok(text) = std::str::from_utf8(rest) else {
            return;
        };
        let f = qingdan::model::parse_checklist(Path::new("f.yaml"), text.to_string());
        if let Some(c) = f.checklist {
            render(&c);
        }
        return;
    }
    let Some((&pick, rest)) = rest.split_first() else {
        return;
    };
    let base = &shipped()[usize::from(pick) % SHIPPED.len()];
    let mut c = base.clone();
    let mut parts = rest
        .split(|b| *b == 0)
        .map(|p| String::from_utf8_lossy(p).into_owned());
    let mut next = move || parts.next();
    for field in [&mut c.title, &mut c.industry, &mut c.version] {
        if let Some(s) = next() {
            *field = s;
        }
    }
    if let Some(s) = next() {
        c.note = Some(s);
    }
    for src in &mut c.sources {
        if let Some(s) = next() {
            src.title = s;
        }
        if let Some(s) = next() {
            src.doc_no = Some(s);
        }
    }
    for sec in &mut c.sections {
        if let Some(s) = next() {
            sec.title = s;
        }
        fill_items(&mut sec.items, &mut next);
    }
    let Ok(json) = serde_json::to_string(&c) else {
        return;
    };
    let f = qingdan::model::parse_checklist(Path::new("f.json.yaml"), json);
    if let Some(c) = f.checklist {
        render(&c);
    }
});
