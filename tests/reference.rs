//! Reference images, the typst way: page 1 (and a middle page) of every template,
//! rendered from fixed inputs at 30 dpi in grey, compared with the reviewed PNGs
//! in `tests/reference/`. A layout change fails here, in CI, with the new picture
//! written beside the old one for review, instead of in a county office.
//!
//! After a reviewed change, rewrite the references:
//! `UPDATE_GOLDEN=1 cargo test --test reference` (or the older
//! `QINGDAN_UPDATE_REFERENCE=1`)

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;
use common::{copy_dir, qingdan, root, stderr, tools_available};

/// Dots per inch of the references: enough to see a stranded signature or a
/// broken title, small enough to keep each PNG a few kilobytes.
const DPI: &str = "30";

/// A pixel differs when its grey level moves by more than this.
const PIXEL_TOLERANCE: u8 = 96;

/// A page differs when more than this share of its pixels does (anti-aliasing
/// of another poppler version moves a few; a moved line moves thousands).
const PAGE_TOLERANCE: f64 = 0.004;

fn reference_dir() -> PathBuf {
    root().join("tests/reference")
}

/// Renders page `page` of `pdf` to the bytes of a grey PNG (a third of an RGB
/// one's size: the references stay small).
fn rasterise(pdf: &Path, page: u32, out: &Path) -> Vec<u8> {
    let stem = out.with_extension("");
    let o = Command::new("pdftoppm")
        .args(["-png", "-r", DPI, "-singlefile"])
        .args(["-f", &page.to_string(), "-l", &page.to_string()])
        .arg(pdf)
        .arg(&stem)
        .output()
        .expect("run pdftoppm");
    assert!(o.status.success(), "pdftoppm {}: {:?}", pdf.display(), o);
    let (w, h, grey) = decode(&std::fs::read(stem.with_extension("png")).unwrap());
    let mut bytes = Vec::new();
    let mut e = png::Encoder::new(&mut bytes, w, h);
    e.set_color(png::ColorType::Grayscale);
    e.set_depth(png::BitDepth::Eight);
    e.set_compression(png::Compression::High);
    let mut w = e.write_header().unwrap();
    w.write_image_data(&grey).unwrap();
    w.finish().unwrap();
    bytes
}

/// Width, height and grey levels of a PNG.
fn decode(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let mut d = png::Decoder::new(std::io::Cursor::new(bytes));
    d.set_transformations(png::Transformations::normalize_to_color8());
    let mut r = d.read_info().unwrap();
    let mut buf = vec![0; r.output_buffer_size().unwrap()];
    let info = r.next_frame(&mut buf).unwrap();
    let buf = &buf[..info.buffer_size()];
    let channels = info.color_type.samples();
    // Luma of RGB (ITU-R BT.601), or the grey channel itself.
    let grey = buf
        .chunks(channels)
        .map(|p| match p {
            [r, g, b, ..] if channels >= 3 => {
                ((299 * u32::from(*r) + 587 * u32::from(*g) + 114 * u32::from(*b)) / 1000) as u8
            }
            _ => p[0],
        })
        .collect();
    (info.width, info.height, grey)
}

/// The share of pixels that differ, or `None` when the sizes differ.
fn difference(a: &[u8], b: &[u8]) -> Option<f64> {
    let (wa, ha, pa) = decode(a);
    let (wb, hb, pb) = decode(b);
    if (wa, ha) != (wb, hb) {
        return None;
    }
    let moved = pa
        .iter()
        .zip(&pb)
        .filter(|(x, y)| x.abs_diff(**y) > PIXEL_TOLERANCE)
        .count();
    Some(moved as f64 / pa.len() as f64)
}

/// The PDFs the references are made from, built once in `dir`.
fn documents(dir: &Path) -> Vec<(&'static str, PathBuf, &'static [u32])> {
    copy_dir(&root().join("checklists"), &dir.join("checklists"));
    let c = |f: &str| dir.join("checklists").join(f);
    let render = |template: &str, checklist: &str, out: &str| {
        let o = qingdan(dir, &["render", "-t", template, "-c", checklist, "-o", out]);
        assert_eq!(o.status.code(), Some(0), "{template}: {}", stderr(&o));
        dir.join(out)
    };
    let gongmao = c("gongmao-major-hazards.yaml");
    let mut docs = vec![
        (
            "inspection-form",
            render("inspection-form", gongmao.to_str().unwrap(), "form.pdf"),
            &[1, 4][..],
        ),
        (
            "self-check-sheet",
            render(
                "self-check-sheet",
                &format!("{}:机械,粉尘涉爆", gongmao.display()),
                "sheet.pdf",
            ),
            &[1, 2][..],
        ),
        (
            "duty-commitment",
            render(
                "duty-commitment",
                c("principal-duties-law-21.yaml").to_str().unwrap(),
                "duty.pdf",
            ),
            &[1][..],
        ),
    ];
    let results = root().join("examples/results/gongmao-2025.yaml");
    let report = dir.join("report.pdf");
    let o = qingdan(
        dir,
        &[
            "report",
            "--results",
            results.to_str().unwrap(),
            "--as-of",
            "2025-04-30",
            "-o",
            report.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(0), "report: {}", stderr(&o));
    docs.push(("self-check-report", report, &[1, 4][..]));
    let o = qingdan(
        dir,
        &[
            "notices",
            "--results",
            results.to_str().unwrap(),
            "--as-of",
            "2025-04-30",
            "--format",
            "pdf",
            "-o",
            "notices",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "notices: {}", stderr(&o));
    docs.push((
        "rectification-notice",
        dir.join("notices/01-王建军.pdf"),
        &[1][..],
    ));
    std::fs::copy(
        root().join("examples/letters/event.yaml"),
        dir.join("event.yaml"),
    )
    .unwrap();
    std::fs::write(
        dir.join("roster.csv"),
        "名称,行业,专项\n襄汾县堃鑫机械制造有限公司,机械,粉尘涉爆\n",
    )
    .unwrap();
    let o = common::letters_in(dir, &["--format", "pdf"]);
    assert_eq!(o.status.code(), Some(0), "letters: {}", stderr(&o));
    docs.push((
        "warning-letter",
        dir.join("out/001-襄汾县堃鑫机械制造有限公司.pdf"),
        &[1, 3][..],
    ));
    docs.push((
        "responsibility-list",
        render(
            "responsibility-list",
            c("example-machinery-responsibilities.yaml")
                .to_str()
                .unwrap(),
            "list.pdf",
        ),
        &[1][..],
    ));
    docs.push((
        "emergency-cards",
        render(
            "emergency-cards",
            c("example-machinery-emergency-cards.yaml")
                .to_str()
                .unwrap(),
            "cards.pdf",
        ),
        &[1, 2][..],
    ));
    std::fs::copy(
        root().join("examples/machinery-plant/staff.csv"),
        dir.join("staff.csv"),
    )
    .unwrap();
    let o = qingdan(
        dir,
        &[
            "merge",
            "-t",
            "responsibility-pledge",
            "-c",
            c("example-machinery-responsibilities.yaml")
                .to_str()
                .unwrap(),
            "--roster",
            "staff.csv",
            "--out",
            "pledges",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "merge: {}", stderr(&o));
    docs.push((
        "responsibility-pledge",
        dir.join("pledges/007-吴国庆.pdf"),
        &[1][..],
    ));
    docs
}

#[test]
fn every_template_looks_as_reviewed() {
    if !tools_available(&["pdftoppm"]) {
        return;
    }
    let update = common::update_golden();
    let dir = tempfile::tempdir().unwrap();
    let refs = reference_dir();
    let diffs = root().join("target/reference-diff");
    let mut failed = Vec::new();
    let mut names = Vec::new();
    for (name, pdf, pages) in documents(dir.path()) {
        for &page in pages {
            let file = format!("{name}-p{page}.png");
            names.push(file.clone());
            let got = rasterise(&pdf, page, &dir.path().join(&file));
            let want_path = refs.join(&file);
            let want = std::fs::read(&want_path).ok();
            let diff = want.as_ref().and_then(|w| difference(&got, w));
            if update {
                // Only pages that moved are rewritten: no churn in review.
                if !diff.is_some_and(|d| d <= PAGE_TOLERANCE) {
                    std::fs::create_dir_all(&refs).unwrap();
                    std::fs::write(&want_path, &got).unwrap();
                }
                continue;
            }
            if want.is_none() {
                failed.push(format!("{file}: no reference (run with UPDATE_GOLDEN=1)"));
                continue;
            }
            match diff {
                Some(d) if d <= PAGE_TOLERANCE => {}
                d => {
                    std::fs::create_dir_all(&diffs).unwrap();
                    std::fs::write(diffs.join(&file), &got).unwrap();
                    failed.push(match d {
                        Some(d) => format!("{file}: {:.2} % of pixels differ", d * 100.0),
                        None => format!("{file}: the page size differs"),
                    });
                }
            }
        }
    }
    // No stale references: every file in the folder is one a case makes.
    if !update {
        for e in std::fs::read_dir(&refs).unwrap() {
            let f = e.unwrap().file_name().to_string_lossy().into_owned();
            if f.ends_with(".png") && !names.contains(&f) {
                failed.push(format!("{f}: no case makes this reference; remove it"));
            }
        }
    }
    assert!(
        failed.is_empty(),
        "pages differ from tests/reference/ (new renders in target/reference-diff/; \
         look at both; if the change is intended, accept it with \
         UPDATE_GOLDEN=1 cargo test --test reference and commit the PNGs):\n{}",
        failed.join("\n")
    );
}

#[test]
fn the_comparison_sees_a_moved_line_and_ignores_nothing_else() {
    if !tools_available(&["pdftoppm"]) {
        return;
    }
    // The same page twice is identical; two different pages of a form are not.
    let dir = tempfile::tempdir().unwrap();
    let c = root().join("checklists/gas-major-hazards.yaml");
    let a = dir.path().join("a.pdf");
    let o = qingdan(
        dir.path(),
        &[
            "render",
            "-t",
            "inspection-form",
            "-c",
            c.to_str().unwrap(),
            "-o",
            a.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let page1 = rasterise(&a, 1, &dir.path().join("x.png"));
    let again = rasterise(&a, 1, &dir.path().join("y.png"));
    assert_eq!(difference(&page1, &again), Some(0.0));
    let page2 = rasterise(&a, 2, &dir.path().join("z.png"));
    let d = difference(&page1, &page2).unwrap();
    assert!(d > PAGE_TOLERANCE, "different pages differ by {d}");
}
