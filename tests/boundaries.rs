//! Boundaries, each tested on both sides: the report date against deadlines,
//! rectification and review dates, and the size and row limits at exactly
//! their values. (The date range, leap days and the GB 32100 character set at
//! every position are unit tests in `model::validate` and `model::uscc`.)

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

mod common;
use common::{copy_dir, qingdan, root, stderr};

const EXAMPLE: &str = "examples/results/gongmao-2025.yaml";

/// The example results with each `(from, to)` replaced, as `r.yaml` in a temp
/// folder beside a copy of the shipped checklists.
fn results(edits: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("checklists"), &dir.path().join("checklists"));
    let mut text = std::fs::read_to_string(root().join(EXAMPLE)).unwrap();
    for (from, to) in edits {
        assert!(text.contains(from), "{from} is not in {EXAMPLE}");
        text = text.replace(from, to);
    }
    std::fs::write(dir.path().join("r.yaml"), text).unwrap();
    dir
}

/// `report --as-of AS_OF -o r.EXT`: (the file's text, stderr).
fn report(dir: &Path, as_of: &str, ext: &str) -> (String, String) {
    let out = format!("r-{as_of}.{ext}");
    let o = qingdan(
        dir,
        &[
            "report",
            "--results",
            "r.yaml",
            "--as-of",
            as_of,
            "-o",
            &out,
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    (std::fs::read_to_string(dir.join(out)).unwrap(), stderr(&o))
}

/// The CSV row of the hazard whose finding starts with `finding`.
fn row(csv_text: &str, finding: &str) -> Vec<String> {
    let bytes = csv_text.trim_start_matches('\u{feff}');
    let mut r = csv::Reader::from_reader(bytes.as_bytes());
    r.records()
        .map(Result::unwrap)
        .find(|r| r[5].starts_with(finding))
        .map(|r| r.iter().map(String::from).collect())
        .unwrap_or_else(|| panic!("no row for {finding} in\n{csv_text}"))
}

const DUST: &str = "抛光车间"; // gm-11-3: deadline 2025-04-15, not rectified

#[test]
fn a_deadline_equal_to_the_report_date_is_not_overdue() {
    let dir = results(&[]);
    let (csv, _) = report(dir.path(), "2025-04-15", "csv");
    assert_eq!(row(&csv, DUST)[11], "整改中", "deadline == as-of");
    let (csv, _) = report(dir.path(), "2025-04-16", "csv");
    assert_eq!(row(&csv, DUST)[11], "逾期未整改", "deadline + 1 day");
    // The days overdue count from the deadline: one day after it, 1 day.
    let (md, _) = report(dir.path(), "2025-04-16", "md");
    assert!(md.contains("（逾期1天）"), "{md}");
    assert!(md.contains("已超过整改时限1天"), "{md}");
    let (md, _) = report(dir.path(), "2025-04-15", "md");
    assert!(!md.contains("逾期0天") && !md.contains("（逾期"), "{md}");
    assert!(md.contains("| 逾期未整改 | 0 |"), "{md}");
}

#[test]
fn rectified_on_the_report_date_counts_as_rectified() {
    let dir = results(&[(
        "    deadline: 2025-04-15\n",
        "    deadline: 2025-04-15\n    rectified_on: 2025-04-20\n",
    )]);
    let (csv, err) = report(dir.path(), "2025-04-20", "csv");
    let r = row(&csv, DUST);
    assert_eq!((r[10].as_str(), r[11].as_str()), ("2025-04-20", "已整改"));
    assert!(!err.contains("after the report date"), "{err}");
    let (md, _) = report(dir.path(), "2025-04-20", "md");
    assert!(md.contains("| 已整改 | 2 |"), "{md}");

    // One day earlier it is not yet rectified (and now overdue), with a warning.
    let (csv, err) = report(dir.path(), "2025-04-19", "csv");
    let r = row(&csv, DUST);
    assert_eq!((r[10].as_str(), r[11].as_str()), ("", "逾期未整改"));
    assert!(
        err.contains(
            "`rectified_on` 2025-04-20 of `gm-11-3` is after the report date 2025-04-19: counted as not yet rectified"
        ),
        "{err}"
    );
    let (md, _) = report(dir.path(), "2025-04-19", "md");
    assert!(md.contains("| 已整改 | 1 |"), "{md}");
}

#[test]
fn a_review_before_the_rectification_is_warned() {
    let validate = |review: &str| {
        let dir = results(&[("review_date: 2025-03-24", &format!("review_date: {review}"))]);
        let o = qingdan(dir.path(), &["validate", "r.yaml"]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        stderr(&o)
    };
    let err = validate("2025-03-20");
    assert!(
        err.contains("warning: `review_date` 2025-03-20 of `gm-3-2` is before `rectified_on`"),
        "{err}"
    );
    assert!(err.contains("0 errors, 1 warning"), "{err}");
    let err = validate("2025-03-21");
    assert!(!err.contains("review_date"), "same day: {err}");
    assert!(err.contains("0 errors, 0 warnings"), "{err}");
}

#[test]
fn a_deadline_on_the_self_check_date_is_allowed_and_a_day_before_is_not() {
    let validate = |deadline: &str| {
        let dir = results(&[("deadline: 2025-04-15", &format!("deadline: {deadline}"))]);
        qingdan(dir.path(), &["validate", "r.yaml"])
    };
    let o = validate("2025-03-12");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = validate("2025-03-11");
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("2025-03-11"), "{}", stderr(&o));
}

/// Pads a valid checklist with a trailing comment to exactly `len` bytes.
fn padded_checklist(path: &Path, len: usize) {
    let mut text =
        std::fs::read_to_string(root().join("tests/fixtures/valid/minimal.yaml")).unwrap();
    text.push_str("\n#");
    let pad = len - text.len() - 1;
    text.push_str(&"x".repeat(pad));
    text.push('\n');
    assert_eq!(text.len(), len);
    std::fs::write(path, text).unwrap();
}

#[test]
fn exactly_16_mib_is_read_and_one_byte_more_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    padded_checklist(&dir.path().join("at.yaml"), 16 << 20);
    let o = qingdan(dir.path(), &["validate", "at.yaml"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("0 errors"), "{}", stderr(&o));

    padded_checklist(&dir.path().join("over.yaml"), (16 << 20) + 1);
    let o = qingdan(dir.path(), &["validate", "over.yaml"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o)
            .contains("over.yaml: error: file is 16 MiB; inputs larger than 16 MiB are refused"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_roster_of_exactly_64_mib_is_read_and_one_byte_more_is_refused() {
    use qingdan::model::roster;
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, len: u64| {
        let p = dir.path().join(name);
        let mut text = String::from("名称,行业,地址\n甲公司,工贸,\"");
        let pad = len as usize - text.len() - 2;
        text.push_str(&"a".repeat(pad));
        text.push_str("\"\n");
        assert_eq!(text.len() as u64, len);
        std::fs::write(&p, text).unwrap();
        p
    };
    assert_eq!(roster::MAX_ROSTER_BYTES, 64 << 20);
    let r = roster::read(&write("at.csv", 64 << 20)).unwrap();
    assert_eq!(r.recipients.len(), 1);
    let e = roster::read(&write("over.csv", (64 << 20) + 1)).unwrap_err();
    assert_eq!(
        e.message,
        "file is 64 MiB; inputs larger than 64 MiB are refused"
    );
}

fn csv_rows(n: usize) -> String {
    let mut csv = String::from("名称,行业\n");
    for i in 0..n {
        csv.push_str(&format!("测试企业{i},工贸\n"));
    }
    csv
}

#[test]
fn exactly_200_000_rows_are_read_and_one_more_is_refused() {
    use qingdan::model::roster::{self, MAX_ROWS};
    assert_eq!(MAX_ROWS, 200_000);
    let p = Path::new("r.csv");
    let r = roster::read_csv_bytes(p, csv_rows(MAX_ROWS).as_bytes()).unwrap();
    assert_eq!(r.recipients.len(), MAX_ROWS);
    // Empty lines are not rows.
    let mut with_blank = csv_rows(MAX_ROWS);
    with_blank.push_str("\n,\n");
    assert!(roster::read_csv_bytes(p, with_blank.as_bytes()).is_ok());
    let e = roster::read_csv_bytes(p, csv_rows(MAX_ROWS + 1).as_bytes()).unwrap_err();
    assert_eq!(e.message, "more than 200000 rows");

    // YAML alike.
    let dir = tempfile::tempdir().unwrap();
    let yaml = |n: usize| -> String {
        (0..n)
            .map(|i| format!("- {{名称: 企业{i}, 行业: 工贸}}\n"))
            .collect()
    };
    let at = dir.path().join("at.yaml");
    std::fs::write(&at, yaml(MAX_ROWS)).unwrap();
    assert_eq!(roster::read(&at).unwrap().recipients.len(), MAX_ROWS);
    let over = dir.path().join("over.yaml");
    std::fs::write(&over, format!("recipients:\n{}", yaml(MAX_ROWS + 1))).unwrap();
    assert_eq!(
        roster::read(&over).unwrap_err().message,
        "more than 200000 rows"
    );
}

/// A minimal XLSX (stored, not deflated) with a 名称, 行业 header and `n` rows.
fn xlsx_rows(path: &Path, n: usize) {
    use std::io::Write;
    let mut z = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let cell = |r: usize, c: char, v: &str| {
        format!(r#"<c r="{c}{r}" t="inlineStr"><is><t>{v}</t></is></c>"#)
    };
    let mut sheet = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
    );
    for r in 1..=n + 1 {
        let (a, b) = if r == 1 {
            ("名称".to_string(), "行业")
        } else {
            (format!("企业{r}"), "工贸")
        };
        sheet.push_str(&format!(
            r#"<row r="{r}">{}{}</row>"#,
            cell(r, 'A', &a),
            cell(r, 'B', b)
        ));
    }
    sheet.push_str("</sheetData></worksheet>");
    let files = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        ),
        (
            "xl/workbook.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
        ),
        ("xl/worksheets/sheet1.xml", sheet.as_str()),
    ];
    for (name, text) in files {
        z.start_file(name, opts).unwrap();
        z.write_all(text.as_bytes()).unwrap();
    }
    z.finish().unwrap();
}

#[test]
fn an_xlsx_roster_of_exactly_200_000_rows_is_read_and_one_more_is_refused() {
    use qingdan::model::roster::{self, MAX_ROWS};
    let dir = tempfile::tempdir().unwrap();
    let at = dir.path().join("at.xlsx");
    xlsx_rows(&at, MAX_ROWS);
    let r = roster::read(&at).unwrap();
    assert_eq!(r.recipients.len(), MAX_ROWS);
    let over = dir.path().join("over.xlsx");
    xlsx_rows(&over, MAX_ROWS + 1);
    assert_eq!(
        roster::read(&over).unwrap_err().message,
        "more than 200000 rows"
    );
}

/// `funds` from 0 to 10¹² 元, both ends included.
#[test]
fn funds_from_zero_to_a_trillion_both_ends_included() {
    let check = |funds: &str| {
        let dir = results(&[("funds: 85000", &format!("funds: {funds}"))]);
        qingdan(dir.path(), &["validate", "r.yaml"])
    };
    for ok in ["0", "1000000000000", "0.5"] {
        let o = check(ok);
        assert_eq!(o.status.code(), Some(0), "{ok}: {}", stderr(&o));
    }
    for bad in ["-0.01", "1000000000001", "-1"] {
        let o = check(bad);
        assert_eq!(o.status.code(), Some(1), "{bad}");
        assert!(
            stderr(&o).contains("`funds` of `gm-11-3` must be an amount in 元, from 0 to 10¹²"),
            "{bad}: {}",
            stderr(&o)
        );
    }
}

/// An item answered twice is one error at the second answer; three times, two.
#[test]
fn an_item_answered_twice_is_an_error_at_the_repeat() {
    let dir = results(&[("  gm-3-3: na\n", "  gm-3-3: na\n  gm-3-3: ok\n")]);
    let o = qingdan(dir.path(), &["validate", "r.yaml"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert_eq!(
        err.matches("item `gm-3-3` is answered twice").count(),
        1,
        "{err}"
    );
    assert!(err.contains("first answered at line"), "{err}");
    let dir = results(&[(
        "  gm-3-3: na\n",
        "  gm-3-3: na\n  gm-3-3: ok\n  gm-3-3: na\n",
    )]);
    let o = qingdan(dir.path(), &["validate", "r.yaml"]);
    assert_eq!(
        stderr(&o).matches("is answered twice").count(),
        1,
        "{}",
        stderr(&o)
    );
}

/// The caret of a bad 统一社会信用代码 points at the character: the first, a
/// middle one and the check character (the code starts in column 9).
#[test]
fn a_bad_uscc_is_located_at_its_character() {
    for (code, col, what) in [
        ("O1610131MA6U3K8E2J", 9, "character 1 `O` is not allowed"),
        ("91610131OA6U3K8E2J", 17, "character 9 `O` is not allowed"),
        (
            "91610131MA6U3K8E2K",
            26,
            "check character should be `J`, got `K`",
        ),
    ] {
        let dir = results(&[("uscc: 91610131MA6U3K8E2J", &format!("uscc: {code}"))]);
        let o = qingdan(dir.path(), &["validate", "r.yaml"]);
        assert_eq!(o.status.code(), Some(1));
        let err = stderr(&o);
        assert!(
            err.contains(&format!(
                "r.yaml:9:{col}: error: 统一社会信用代码 `{code}`: {what}"
            )),
            "{code}: {err}"
        );
    }
}

/// In quotes too, the caret underlines exactly the bad character (one `^`
/// under it, not the quote or the code's start), and a wrong check character
/// gets the hint about a mistyped code, any other problem the licence hint.
#[test]
fn a_quoted_bad_uscc_is_underlined_at_its_one_character() {
    for (code, at, hint, carets) in [
        (
            "91610131OA6U3K8E2J",
            9,
            "the code is on the business licence",
            1,
        ),
        ("91610131MA6U3K8E2K", 18, "probably mistyped", 1),
        // A full-width letter (typed with a Chinese input method) is two
        // columns wide: the caret covers both.
        (
            "91610131ＭA6U3K8E2J",
            9,
            "the code is on the business licence",
            2,
        ),
    ] {
        let dir = results(&[("uscc: 91610131MA6U3K8E2J", &format!("uscc: \"{code}\""))]);
        let o = qingdan(dir.path(), &["validate", "r.yaml"]);
        assert_eq!(o.status.code(), Some(1));
        let err = stderr(&o);
        // `  uscc: "` is 9 characters: the code starts at column 10.
        let col = 9 + at;
        assert!(
            err.contains(&format!("r.yaml:9:{col}: error: ")),
            "{code}: {err}"
        );
        let source = err
            .lines()
            .position(|l| l.contains(&format!("uscc: \"{code}\"")))
            .unwrap_or_else(|| panic!("no source line: {err}"));
        let caret = err.lines().nth(source + 1).unwrap_or_default();
        assert_eq!(caret.matches('^').count(), carets, "{code}: {err}");
        let gutter = err
            .lines()
            .nth(source)
            .unwrap_or_default()
            .find("uscc")
            .unwrap_or(0)
            - 2;
        assert_eq!(caret.find('^'), Some(gutter + col - 1), "{code}: {err}");
        assert!(err.contains(hint), "{code}: hint {hint:?} missing: {err}");
    }
}

/// 五落实 is asked of major hazards only: a general hazard lacking it is not
/// flagged, a major one is.
#[test]
fn missing_five_is_flagged_for_major_hazards_only() {
    let dir = tempfile::tempdir().unwrap();
    let cl = dir.path().join("checklists");
    std::fs::create_dir_all(&cl).unwrap();
    let text = std::fs::read_to_string(root().join("tests/fixtures/valid/minimal.yaml")).unwrap();
    let general = text.replace(
        "        basis: { source: mem-10, clause: 第三条第（二）项 }\n",
        "        basis: { source: mem-10, clause: 第三条第（二）项 }\n        severity: general\n",
    );
    assert_ne!(general, text);
    std::fs::write(cl.join("minimal.yaml"), general).unwrap();
    let results = "checklist: minimal\nentity:\n  name: 某公司\n  uscc: 91350100M000100Y43\ndate: 2025-05-06\ninspectors: [周某]\nanswers:\n  gm-3-1:\n    status: hazard\n    finding: 甲\n  gm-3-2:\n    status: hazard\n    finding: 乙\n";
    std::fs::write(dir.path().join("r.yaml"), results).unwrap();
    let o = qingdan(
        dir.path(),
        &["report", "--results", "r.yaml", "-o", "r.csv"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("major hazard `gm-3-1` lacks 五落实"), "{err}");
    assert!(!err.contains("`gm-3-2` lacks"), "{err}");
    let o = qingdan(dir.path(), &["report", "--results", "r.yaml", "-o", "r.md"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let md = std::fs::read_to_string(dir.path().join("r.md")).unwrap();
    assert_eq!(md.matches("五落实缺：").count(), 1, "{md}");
    let row = md
        .lines()
        .find(|l| l.contains("| 乙 |"))
        .unwrap_or_default();
    assert!(!row.contains("五落实缺"), "{row}");
}
