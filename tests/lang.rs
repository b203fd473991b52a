//! Messages in Chinese: `--lang zh` or a Chinese locale gives Chinese errors,
//! warnings, hints and summaries with the same `file:line:col` and the same
//! exit codes; `--lang en` gives the English.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::Path;
use std::process::Output;

mod common;
use common::{command, copy_dir, letters_dir, root, stderr};

/// `qingdan --lang LANG ARGS` in `dir`.
fn run(dir: &Path, lang: &str, args: &[&str]) -> Output {
    command(dir)
        .arg("--lang")
        .arg(lang)
        .args(args)
        .output()
        .expect("run qingdan")
}

/// `qingdan ARGS` in `dir` under `LANG=zh_CN.UTF-8`.
fn run_zh_locale(dir: &Path, args: &[&str]) -> Output {
    command(dir)
        .env("LANG", "zh_CN.UTF-8")
        .args(args)
        .output()
        .expect("run qingdan")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn assert_has(text: &str, wanted: &[&str]) {
    for w in wanted {
        assert!(text.contains(w), "missing {w:?} in:\n{text}");
    }
}

fn fixture(rel: &str) -> String {
    root()
        .join("tests/fixtures")
        .join(rel)
        .to_string_lossy()
        .into_owned()
}

/// Runs `run` in Chinese and in English: both exit `code`, and standard error
/// holds `zh` and `en` respectively.
fn both(run: impl Fn(&str) -> Output, code: i32, zh: &[&str], en: &[&str]) {
    for (lang, want) in [("zh", zh), ("en", en)] {
        let o = run(lang);
        assert_eq!(o.status.code(), Some(code), "{lang}: {}", stderr(&o));
        assert_has(&stderr(&o), want);
    }
}

#[test]
fn bad_results_file_in_chinese_keeps_file_line_col() {
    let dir = tempfile::tempdir().unwrap();
    let checklists = fixture("invalid-results/checklists");
    let file = fixture("invalid-results/answered-twice.yaml");
    let args = ["validate", "--checklists", &checklists, &file];

    let zh = run(dir.path(), "zh", &args);
    assert_eq!(zh.status.code(), Some(1));
    assert_has(
        &stderr(&zh),
        &[
            "answered-twice.yaml:13:3: ",
            "错误：条目 `a-1` 答了两次",
            "第一次回答在第 9 行",
            "每个条目只保留一个答案",
            "已检查 1 个文件：1 个错误，0 个警告",
        ],
    );
    assert!(!stderr(&zh).contains("answered twice"), "{}", stderr(&zh));

    // The locale chooses Chinese as `--lang zh` does.
    let locale = run_zh_locale(dir.path(), &args);
    assert_eq!(locale.status.code(), Some(1));
    assert_eq!(stderr(&locale), stderr(&zh));

    let en = run(dir.path(), "en", &args);
    assert_eq!(en.status.code(), Some(1));
    assert_has(
        &stderr(&en),
        &[
            "answered-twice.yaml:13:3: error: item `a-1` is answered twice",
            "first answered at line 9",
            "1 file checked: 1 error, 0 warnings",
        ],
    );
}

#[test]
fn hazard_dates_and_checklist_mismatch_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let checklists = fixture("invalid-results/checklists");
    let file = fixture("invalid-results/deadline-before-check.yaml");
    let o = run(
        dir.path(),
        "zh",
        &["validate", "--checklists", &checklists, &file],
    );
    assert_eq!(o.status.code(), Some(1));
    assert_has(
        &stderr(&o),
        &[
            "deadline-before-check.yaml:16:15: ",
            "`a-1` 的 `deadline` 2025-03-01 早于自查日期 2025-03-12",
            "请核对年份和月份",
        ],
    );
}

/// A roster saved by Excel/WPS (CRLF) with a name on line 4 given before.
const CRLF_ROSTER: &str = "名称,行业\r\n甲公司,工贸\r\n乙公司,工贸\r\n甲公司,工贸\r\n";

#[test]
fn bad_crlf_roster_in_chinese_keeps_the_line() {
    let dir = letters_dir(CRLF_ROSTER);
    let args = [
        "letters",
        "--event",
        "event.yaml",
        "--roster",
        "roster.csv",
        "--out",
        "out",
        "--format",
        "md",
    ];
    let zh = run(dir.path(), "zh", &args);
    assert_eq!(zh.status.code(), Some(1));
    assert_has(
        &stderr(&zh),
        &[
            "roster.csv:4:1: 错误：第 4 行“名称”列：`甲公司` 在第 2 行也有",
            "删掉重复的行，或把名称改得不同",
            "错误：输入中有 1 个错误，没有写出任何文件",
        ],
    );
    assert!(!dir.path().join("out").exists());

    let en = run(dir.path(), "en", &args);
    assert_eq!(en.status.code(), Some(1));
    assert_has(
        &stderr(&en),
        &[
            "roster.csv:4:1: error: row 4, column 名称: `甲公司` is also in row 2",
            "error: 1 error in the input; nothing was written",
        ],
    );
}

#[test]
fn bad_events_in_chinese() {
    let dir = letters_dir("名称,行业\n甲公司,工贸\n");
    let letters = |lang: &str, event: &str| {
        run(
            dir.path(),
            lang,
            &[
                "letters",
                "--event",
                event,
                "--roster",
                "roster.csv",
                "--out",
                "out",
                "--format",
                "md",
            ],
        )
    };
    // A missing field: the place of the mapping that lacks it, and the summary.
    let missing = fixture("invalid-events/missing-accident-summary.yaml");
    both(
        |l| letters(l, &missing),
        1,
        &[
            "missing-accident-summary.yaml:10:3: 错误：",
            "`summary`",
            "错误：输入中有 2 个错误，没有写出任何文件",
        ],
        &[
            "missing-accident-summary.yaml:10:3: error: ",
            "error: 2 errors in the input; nothing was written",
        ],
    );

    // A check of the event's own: no requirements.
    let none = fixture("invalid-events/no-requirements.yaml");
    let zh = letters("zh", &none);
    assert_eq!(zh.status.code(), Some(1));
    assert_has(
        &stderr(&zh),
        &["no-requirements.yaml:23:1: 错误：没有 `requirements`：警示函要写明收函单位必须做什么"],
    );
    let en = letters("en", &none);
    assert_has(
        &stderr(&en),
        &["no-requirements.yaml:23:1: error: no `requirements`: a warning letter says what recipients must do"],
    );
}

#[test]
fn build_on_a_folder_with_an_error_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("checklists")).unwrap();
    std::fs::copy(
        root().join("tests/fixtures/invalid/bad-date.yaml"),
        dir.path().join("checklists/bad-date.yaml"),
    )
    .unwrap();
    let zh = run(dir.path(), "zh", &["build", "--format", "md"]);
    assert_eq!(zh.status.code(), Some(1));
    assert_has(
        &stderr(&zh),
        &[
            "checklists/bad-date.yaml:10:11: 错误：`2023-02-30` 不是日期",
            "日期写成 YYYY-MM-DD，如 2023-04-14",
            "错误：输入中有 1 个错误，没有写出任何文件",
        ],
    );
    assert!(!dir.path().join("out").exists());

    let en = run(dir.path(), "en", &["build", "--format", "md"]);
    assert_eq!(en.status.code(), Some(1));
    assert_has(
        &stderr(&en),
        &[
            "checklists/bad-date.yaml:10:11: error: `2023-02-30` is not a date",
            "error: 1 error in the input; nothing was written",
        ],
    );
}

#[test]
fn build_progress_and_check_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        &root().join("tests/fixtures/valid"),
        &dir.path().join("checklists"),
    );
    let o = run(dir.path(), "zh", &["build", "--format", "md"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_has(&stdout(&o), &["已写出 out/", "个已是最新"]);

    let o = run(dir.path(), "zh", &["build", "--format", "md", "--check"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_has(&stdout(&o), &["个输出文件都是最新的"]);
    let o = run(dir.path(), "en", &["build", "--format", "md", "--check"]);
    assert_has(&stdout(&o), &["outputs are up to date"]);

    // A document edited by hand: `--check` names it, with its reason.
    let doc = walk_md(&dir.path().join("out"));
    std::fs::write(&doc, "edited\n").unwrap();
    let o = run(dir.path(), "zh", &["build", "--format", "md", "--check"]);
    assert_eq!(o.status.code(), Some(1));
    assert_has(&stdout(&o), &["被改动：", "（qingdan 写出后被手工改动过）"]);
    assert_has(&stderr(&o), &["不是最新的：请运行 `qingdan build`"]);
}

/// The first Markdown document under `dir`.
fn walk_md(dir: &Path) -> std::path::PathBuf {
    let mut found: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .map(|e| e.path().to_path_buf())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    found.sort();
    found.remove(0)
}

#[test]
fn letters_usage_errors_in_chinese() {
    let dir = letters_dir("名称,行业\n甲公司,工贸\n");
    let base = [
        "letters",
        "--event",
        "event.yaml",
        "--roster",
        "roster.csv",
        "--out",
        "out",
    ];
    let with = |lang: &str, extra: &[&str]| {
        let mut args = base.to_vec();
        args.extend_from_slice(extra);
        run(dir.path(), lang, &args)
    };
    both(
        |l| with(l, &["--format", "odt"]),
        2,
        &["错误：未知格式 `odt`：可用 md、html、pdf 或 docx"],
        &["error: unknown format `odt`: use md, html, pdf or docx"],
    );

    both(
        |l| with(l, &["--format", "md", "--combined", "all.pdf"]),
        1,
        &["错误：`--combined` 写的是 PDF 合订本，需要 PDF 文件：请在 `--format` 中加上 pdf"],
        &["error: --combined writes a PDF, so it needs PDF documents: add pdf to --format"],
    );
}

#[test]
fn report_usage_errors_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let results = root().join("examples/results/gongmao-2025.yaml");
    let results = results.to_string_lossy();
    let report = |lang: &str, extra: &[&str]| {
        let mut args = vec!["report", "--results", &*results];
        args.extend_from_slice(extra);
        run(dir.path(), lang, &args)
    };

    both(
        |l| report(l, &["-o", "x.odt"]),
        2,
        &["错误：无法判断 x.odt 的格式：文件名请以 .md、.html、.pdf、.docx、.csv 或 .xlsx 结尾"],
        &["error: cannot tell the format of x.odt: name it .md, .html, .pdf, .docx, .csv or .xlsx"],
    );

    let zh = report("zh", &["--as-of", "2025-13-01", "-o", "x.md"]);
    assert_eq!(zh.status.code(), Some(2));
    assert_has(
        &stderr(&zh),
        &["错误：`--as-of` 的值 `2025-13-01` 不是日期：请写成 YYYY-MM-DD"],
    );
    assert!(
        !stderr(&zh).contains("gongmao-2025.yaml"),
        "{}",
        stderr(&zh)
    );
    let en = report("en", &["--as-of", "2025-13-01", "-o", "x.md"]);
    assert_eq!(en.status.code(), Some(2));
    assert_has(
        &stderr(&en),
        &["error: --as-of `2025-13-01` is not a date: write YYYY-MM-DD, e.g. 2025-04-30"],
    );

    let zh = report("zh", &["--format", "odt", "-o", "x"]);
    assert_eq!(zh.status.code(), Some(2));
    assert_has(
        &stderr(&zh),
        &["错误：未知格式 `odt`：可用 md、html、pdf、docx、csv 或 xlsx"],
    );
}

#[test]
fn list_headers_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let zh = run(dir.path(), "zh", &["list"]);
    assert_eq!(zh.status.code(), Some(0), "{}", stderr(&zh));
    assert_has(&stdout(&zh), &["来源", "标题", "模板", "内置"]);
    let en = run(dir.path(), "en", &["list"]);
    assert_has(&stdout(&en), &["FROM", "TITLE", "TEMPLATE", "built-in"]);
}
