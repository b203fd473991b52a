//! `cargo bench`: documents per second and bytes per document for the PDF path.
//!
//! Prints, for each case, the median time per document over repeated runs on one
//! thread (fonts already loaded), the bytes per document, and for the 1,000-letter
//! mail merge the letters per second on every core. Timings are printed, never
//! asserted: this is a measurement, not a test.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use qingdan::model::{self, Checklist};
use qingdan::output;
use qingdan::render::Templates;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// Times `f` `n` times; returns the median and the last result's size.
fn time(n: usize, mut f: impl FnMut() -> usize) -> (Duration, usize) {
    let mut times = Vec::with_capacity(n);
    let mut size = 0;
    for _ in 0..n {
        let t = Instant::now();
        size = f();
        times.push(t.elapsed());
    }
    (median(times), size)
}

fn report(name: &str, d: Duration, bytes: usize, pages: usize) {
    println!(
        "{name:<44} {:>8.2} ms/doc {:>9.0} docs/s {:>9} bytes/doc {:>4} pages",
        d.as_secs_f64() * 1000.0,
        1.0 / d.as_secs_f64(),
        bytes,
        pages
    );
}

fn big_checklist(items: usize) -> Checklist {
    let mut s = String::from(
        "id: big\nkind: inspection\ntitle: 三百项检查表\nindustry: 通用\nversion: \"1\"\nsources:\n  - id: s\n    title: 测试来源\nsections:\n  - id: a\n    title: 全部\n    items:\n",
    );
    for i in 1..=items {
        s.push_str(&format!(
            "      - id: i{i}\n        text: 第{i}项：检查现场消防设施是否完好有效，灭火器压力是否在绿区，疏散通道是否畅通\n        basis: {{ source: s, clause: 第{i}条 }}\n"
        ));
    }
    model::parse_checklist(Path::new("big.yaml"), s)
        .checklist
        .unwrap()
}

/// A roster of `n` recipients with varied names (two characters from a pool of
/// 48 and one of eight trades), so letters differ in their glyphs as real ones do.
fn write_roster(path: &Path, n: usize, industry: &str) {
    let pool: Vec<char> = "恒通晋南汾河华瑞宏达安泰鑫源永盛兴旺金诚博远天成隆昌富康嘉禾丰新宇顺发明德立信广和平众合力科创"
        .chars()
        .collect();
    let trades = [
        "机械制造",
        "化工",
        "燃气",
        "矿业",
        "食品",
        "纺织",
        "建材",
        "物流",
    ];
    let mut s = String::from("名称,行业\n");
    for i in 0..n {
        let a = pool[i % pool.len()];
        let b = pool[(i / pool.len() * 7 + i + 5) % pool.len()];
        let t = trades[(i / 3) % trades.len()];
        s.push_str(&format!("襄汾县{a}{b}{t}有限公司{i},{industry}\n"));
    }
    std::fs::write(path, s).unwrap();
}

fn main() {
    let t = Instant::now();
    output::fonts().unwrap();
    println!(
        "fonts parsed once per process: {:.1} ms",
        t.elapsed().as_secs_f64() * 1000.0
    );
    let templates = Templates::load(&[]).unwrap();

    let dir = tempfile::tempdir().unwrap();
    // A one-page letter (信函格式: letterhead, one-line title, a short account,
    // one requirement, the self-check paragraph, contact, seal), and the example
    // event itself (two pages).
    let text = std::fs::read_to_string(root().join("examples/letters/event.yaml")).unwrap();
    let short = r#"issuer: 襄汾县安全生产委员会办公室
doc_no: 襄安委办函〔2025〕{n}号
number_from: 12
date: 2025-03-10
title: 关于深刻吸取粉尘爆炸事故教训的警示提醒函
accident:
  date: 2025-03-02
  place: 某市
  enterprise: 某公司
  kind: 粉尘爆炸
  deaths: 2
  injuries: 3
  summary: 除尘系统爆炸。
requirements:
  - 各单位要立即开展隐患排查。
self_check:
  checklists:
    工贸: gongmao-major-hazards
    乡镇: ~
  deadline: 2025-03-31
contact:
  name: 王某某
  phone: 0357-3600000
"#;
    let event_short = dir.path().join("short.yaml");
    std::fs::write(&event_short, short).unwrap();
    let event = dir.path().join("event.yaml");
    std::fs::write(&event, &text).unwrap();
    let checklists = root().join("checklists");
    let one = dir.path().join("one.csv");
    write_roster(&one, 1, "乡镇");
    let opts = |event: &Path, roster: &Path, out: &str| qingdan::letters::Options {
        event: event.to_path_buf(),
        roster: roster.to_path_buf(),
        checklists: checklists.clone(),
        templates: Vec::new(),
        industries: Default::default(),
        out: dir.path().join(out),
        formats: vec![output::Format::Md],
        combined: None,
        skip_invalid: false,
        pages: false,
        progress: false,
    };
    let markdown = |event: &Path, roster: &Path, out: &str| -> String {
        qingdan::letters::run(&opts(event, roster, out)).unwrap();
        let path = std::fs::read_dir(dir.path().join(out))
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.extension().is_some_and(|e| e == "md"))
            .unwrap();
        std::fs::read_to_string(path).unwrap()
    };
    for (name, ev) in [
        ("1-page letter (GB/T 9704)", &event_short),
        ("example letter, no attachment", &event),
    ] {
        let letter = markdown(ev, &one, &format!("md-{}", name.len()));
        let pages = output::render_pdf(&letter).unwrap().pages;
        let (d, bytes) = time(200, || output::render_pdf(&letter).unwrap().bytes.len());
        report(name, d, bytes, pages);
    }

    // The example letter with the 工贸 self-check sheet attached.
    let gm = dir.path().join("gm.csv");
    write_roster(&gm, 1, "工贸");
    let letter_gm = markdown(&event, &gm, "md-gm");
    let pages = output::render_pdf(&letter_gm).unwrap().pages;
    let (d, bytes) = time(100, || output::render_pdf(&letter_gm).unwrap().bytes.len());
    report("example letter with 工贸 self-check sheet", d, bytes, pages);

    // A 300-item inspection form.
    let big = big_checklist(300);
    let md = templates.render_checklist("inspection-form", &big).unwrap();
    let pages = output::render_pdf(&md).unwrap().pages;
    let (d, bytes) = time(20, || output::render_pdf(&md).unwrap().bytes.len());
    report("300-item inspection form", d, bytes, pages);
    let (d, _) = time(20, || {
        let doc = qingdan::doc::parse(&md).unwrap();
        qingdan::pdf::layout(&doc, output::fonts().unwrap())
            .unwrap()
            .len()
    });
    println!(
        "{:<44} {:>8.2} ms/doc",
        "  of which layout only",
        d.as_secs_f64() * 1000.0
    );

    // The mail merge: 1,000 letters on every core, written to disk.
    for (ev, industry, name) in [
        (&event_short, "乡镇", "1-page letters"),
        (&event, "乡镇", "example letters, no attachment"),
        (&event, "工贸", "example letters with 工贸 sheet"),
    ] {
        let roster = dir.path().join(format!("{industry}.csv"));
        write_roster(&roster, 1000, industry);
        let mut o = opts(ev, &roster, &format!("out-{}-{industry}", name.len()));
        o.formats = vec![output::Format::Pdf];
        let t = Instant::now();
        let s = qingdan::letters::run(&o).unwrap();
        let secs = t.elapsed().as_secs_f64();
        let total: u64 = s
            .letters
            .iter()
            .flat_map(|l| &l.files)
            .map(|f| std::fs::metadata(f).unwrap().len())
            .sum();
        let pages: std::collections::BTreeSet<usize> = s.letters.iter().map(|l| l.pages).collect();
        println!(
            "1,000 letters ({name}, {} threads): {:.2} s, {:.0} letters/s, {:.1} KB/letter, pages {pages:?}",
            rayon::current_num_threads(),
            secs,
            s.letters.len() as f64 / secs,
            total as f64 / s.letters.len() as f64 / 1024.0
        );
    }
}
