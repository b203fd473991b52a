//! Resource bounds: hostile or huge inputs either work within bounded time and
//! memory or fail with a clear error; never a hang, abort or OOM. The inputs are
//! generated here, not committed.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

mod common;
use common::{qingdan as run, root, stderr};

#[test]
fn alias_bomb_in_a_roster_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut y = String::from("x:\n  - &a0 [aaaaaaaaa, aaaaaaaaa, aaaaaaaaa, aaaaaaaaa, aaaaaaaaa, aaaaaaaaa, aaaaaaaaa, aaaaaaaaa, aaaaaaaaa]\n");
    for i in 1..9 {
        y.push_str(&format!(
            "  - &a{i} [{}]\n",
            vec![format!("*a{}", i - 1); 9].join(", ")
        ));
    }
    y.push_str("recipients: *a8\n");
    std::fs::write(dir.path().join("bomb.yaml"), y).unwrap();
    let ev = root().join("examples/letters/event.yaml");
    let cl = root().join("checklists");
    let o = run(
        dir.path(),
        &[
            "letters",
            "--event",
            ev.to_str().unwrap(),
            "--roster",
            "bomb.yaml",
            "--checklists",
            cl.to_str().unwrap(),
            "--out",
            "out",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("repetition limit exceeded"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_100_mb_file_is_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let f = std::fs::File::create(dir.path().join("huge.yaml")).unwrap();
    f.set_len(100 << 20).unwrap(); // sparse: costs no disk
    let o = run(dir.path(), &["validate", "huge.yaml"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o)
            .contains("huge.yaml: error: file is 100 MiB; inputs larger than 16 MiB are refused"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn ten_thousand_levels_of_nesting_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let deep = format!(
        "id: x\nsections: {}{}\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    std::fs::write(dir.path().join("deep.yaml"), deep).unwrap();
    let block: String = (0..10_000)
        .map(|i| format!("{}- \n", " ".repeat(i % 200)))
        .collect();
    std::fs::write(
        dir.path().join("deep2.yaml"),
        format!("id: x\nsections:\n{block}"),
    )
    .unwrap();
    for f in ["deep.yaml", "deep2.yaml"] {
        let o = run(dir.path(), &["validate", f]);
        assert_eq!(o.status.code(), Some(1), "{f}");
        assert!(stderr(&o).contains(&format!("{f}:")), "{f}: {}", stderr(&o));
    }
}

#[test]
fn a_one_megabyte_item_and_an_unbreakable_cell_render() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join("tests/fixtures/valid/minimal.yaml")).unwrap();
    let long = "安全生产".repeat(87_500); // 1,050,000 bytes of CJK
    let text = text.replace(
        "特种作业人员未按照规定经专门的安全作业培训并取得相应资格，上岗作业的",
        &long,
    );
    std::fs::write(dir.path().join("long.yaml"), text).unwrap();
    let o = run(
        dir.path(),
        &[
            "render",
            "-t",
            "inspection-form",
            "-c",
            "long.yaml",
            "-o",
            "long.html",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        std::fs::metadata(dir.path().join("long.html"))
            .unwrap()
            .len()
            > 1_000_000
    );

    // 50,000 characters with no break opportunity in one table cell: broken by
    // character as a last resort, over as many pages as it takes.
    std::fs::create_dir(dir.path().join("t")).unwrap();
    let md = format!(
        "{{% raw %}}| a | b |\n|---|---|\n| x | {} |\n{{% endraw %}}",
        "a".repeat(50_000)
    );
    std::fs::write(dir.path().join("t/inspection-form.md.tera"), md).unwrap();
    let o = run(
        dir.path(),
        &[
            "render",
            "-t",
            "inspection-form",
            "-c",
            "long.yaml",
            "--templates",
            "t",
            "-o",
            "cell.pdf",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let pdf = std::fs::read(dir.path().join("cell.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
}

#[test]
fn a_100_000_row_roster_is_read() {
    let mut csv = String::from("名称,行业,统一社会信用代码\n");
    for i in 0..100_000 {
        csv.push_str(&format!("测试企业{i}有限公司,工贸,\n"));
    }
    let r = qingdan::model::roster::read_csv_bytes(Path::new("big.csv"), csv.as_bytes()).unwrap();
    assert_eq!(r.recipients.len(), 100_000);
    assert!(r.bad_rows.is_empty());
}

#[test]
fn a_100_kb_of_brackets_is_refused_in_every_yaml_input() {
    // The YAML scanner takes time quadratic in the depth; the pre-scan refuses
    // such text in one pass (measured: docs/SAFETY.md).
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let deep = "[".repeat(100_000);
    std::fs::write(d.join("checklist.yaml"), &deep).unwrap();
    std::fs::write(d.join("results.yaml"), format!("answers: {deep}")).unwrap();
    std::fs::write(d.join("event.yaml"), format!("title: {deep}")).unwrap();
    std::fs::write(d.join("cfg.yaml"), format!("out: {deep}")).unwrap();
    std::fs::write(d.join("roster.yaml"), format!("- 名称: {deep}")).unwrap();
    let block: String = (0..2_000)
        .map(|i| format!("{}k:\n", " ".repeat(i)))
        .collect();
    std::fs::write(d.join("block.yaml"), block).unwrap();
    for f in ["checklist.yaml", "results.yaml", "block.yaml"] {
        let o = run(d, &["validate", f]);
        assert_eq!(o.status.code(), Some(1), "{f}");
        assert!(
            stderr(&o).contains(&format!("{f}:1:")) || stderr(&o).contains(&format!("{f}:")),
            "{f}: {}",
            stderr(&o)
        );
        assert!(
            stderr(&o).contains("nested deeper than 128 levels"),
            "{f}: {}",
            stderr(&o)
        );
    }
    let o = run(d, &["--config", "cfg.yaml", "list"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("cfg.yaml:1:"), "{}", stderr(&o));
    assert!(stderr(&o).contains("nested deeper than 128 levels"));
    let cl = root().join("checklists");
    let ev = root().join("examples/letters/event.yaml");
    let roster = root().join("examples/letters/roster.csv");
    for (event, roster) in [
        ("event.yaml", roster.to_str().unwrap()),
        (ev.to_str().unwrap(), "roster.yaml"),
    ] {
        let o = run(
            d,
            &[
                "letters",
                "--event",
                event,
                "--roster",
                roster,
                "--checklists",
                cl.to_str().unwrap(),
                "--out",
                "out",
            ],
        );
        assert_eq!(o.status.code(), Some(1), "{event} {roster}");
        assert!(
            stderr(&o).contains("nested deeper than 128 levels"),
            "{}",
            stderr(&o)
        );
    }
}

#[test]
fn the_row_limit_applies_to_yaml_rosters() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("many.yaml");
    std::fs::write(&p, "- x\n".repeat(200_001)).unwrap();
    let e = qingdan::model::roster::read(&p).unwrap_err();
    assert_eq!(e.message, "more than 200000 rows");
}
