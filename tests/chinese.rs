//! Messages in Chinese: the language comes from `--lang`, else `LC_ALL`,
//! `LC_MESSAGES`, `LANG`; every diagnostic of `validate`, the summary, `--help`
//! and clap's usage errors are Chinese under it, with `file:line:col` kept.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Output;

mod common;
use common::{command, root};

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// `qingdan ARGS` in the repository with `LANG=zh_CN.UTF-8`.
fn zh(args: &[&str]) -> Output {
    command(&root())
        .env("LANG", "zh_CN.UTF-8")
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn a_chinese_locale_gives_every_problem_of_a_file_in_chinese() {
    let o = zh(&[
        "validate",
        "tests/fixtures/invalid-results/six-problems.yaml",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let t = text(&o);
    for want in [
        "six-problems.yaml:1:1: 错误：缺少字段 `entity`",
        "six-problems.yaml:2:1: 错误：未知字段 `entiti`，可用的字段：`checklist`、",
        "= 提示: 是不是 `entity`？",
        "six-problems.yaml:7:12: 错误：`answers.gas-4-2` 写的是 `maybe`；应为以下之一：`ok`、`na`",
        "six-problems.yaml:13:14: 错误：`answers.gas-4-4.finding` 应为文字，不能是列表",
        "已检查 1 个文件：6 个错误，0 个警告",
    ] {
        assert!(t.contains(want), "missing {want:?} in:\n{t}");
    }
    assert!(!t.contains("error"), "{t}");
}

/// Every fixture of a bad checklist: each diagnostic's head line is Chinese
/// (its level and its message), and no English level word is left.
#[test]
fn every_checklist_diagnostic_is_chinese() {
    let dir = root().join("tests/fixtures/invalid");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() >= 25, "{}", files.len());
    let mut heads = 0;
    for f in &files {
        let o = zh(&["validate", f.to_str().unwrap()]);
        let t = text(&o);
        assert_eq!(o.status.code(), Some(1), "{}: {t}", f.display());
        for line in t.lines() {
            let name = f.file_name().unwrap().to_str().unwrap();
            if !line.starts_with(&format!("{}", Path::new(name).display()))
                && !line.contains(&format!("/{name}:"))
            {
                continue;
            }
            if line.contains(" --> ") {
                continue;
            }
            heads += 1;
            assert!(
                line.contains(": 错误：") || line.contains(": 警告："),
                "{}: not Chinese: {line}",
                f.display()
            );
            let message = line.split_once('：').map_or("", |(_, m)| m);
            assert!(has_cjk(message), "{}: English message: {line}", f.display());
        }
        for english in ["error:", "warning:", "hint:", "help:", " checked: "] {
            assert!(
                !t.contains(english),
                "{}: `{english}` in:\n{t}",
                f.display()
            );
        }
    }
    assert!(
        heads >= files.len(),
        "{heads} diagnostics for {} files",
        files.len()
    );
}

#[test]
fn the_flag_wins_over_the_locale_and_lc_all_over_lang() {
    let f = "tests/fixtures/invalid/unknown-source.yaml";
    let en = zh(&["--lang", "en", "validate", f]);
    assert!(
        text(&en).contains("error: basis cites source `mem10`"),
        "{}",
        text(&en)
    );
    let t = text(&zh(&["validate", f, "--lang=zh"]));
    assert!(
        t.contains("错误：依据引用的来源 `mem10` 没有在 `sources:` 下声明"),
        "{t}"
    );
    let lc_all = command(&root())
        .env("LANG", "zh_CN.UTF-8")
        .env("LC_ALL", "en_US.UTF-8")
        .args(["validate", f])
        .output()
        .unwrap();
    assert!(
        text(&lc_all).contains("1 file checked: 1 error, 0 warnings"),
        "{}",
        text(&lc_all)
    );
    let plain = command(&root()).args(["validate", f]).output().unwrap();
    assert!(
        text(&plain).contains("error: basis cites"),
        "{}",
        text(&plain)
    );
}

#[test]
fn help_and_usage_errors_are_chinese() {
    let o = zh(&["build", "--help"]);
    assert_eq!(o.status.code(), Some(0));
    let t = text(&o);
    for want in [
        "用法：qingdan build",
        "选项",
        "（默认：md,html,pdf,docx）",
        "显示帮助",
        "并行任务数",
    ] {
        assert!(t.contains(want), "missing {want:?} in:\n{t}");
    }
    assert!(!t.contains("Print help") && !t.contains("Usage:"), "{t}");
    let top = text(&zh(&["help"]));
    assert!(
        top.contains("命令") && top.contains("检查清单和自查结果文件"),
        "{top}"
    );
    let sub = text(&zh(&["help", "validate"]));
    assert!(sub.starts_with("检查清单和自查结果文件"), "{sub}");

    let bad = zh(&["build", "--bogus"]);
    assert_eq!(bad.status.code(), Some(2));
    let t = text(&bad);
    assert!(t.starts_with("错误：不认识的参数 '--bogus'"), "{t}");
    assert!(t.contains("用法：qingdan build"), "{t}");

    let lang = zh(&["--lang", "fr", "list"]);
    assert_eq!(lang.status.code(), Some(2));
    assert!(text(&lang).contains("--lang fr"), "{}", text(&lang));
}

/// A fresh `new results` skeleton, checked as a newcomer would: every field
/// still to fill is named as empty, in Chinese, with its place.
#[test]
fn a_fresh_results_skeleton_names_what_is_still_empty() {
    let dir = tempfile::tempdir().unwrap();
    let o = command(dir.path())
        .args([
            "new",
            "results",
            "--checklist",
            "gas-major-hazards",
            "-o",
            "gas.yaml",
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    let o = command(dir.path())
        .env("LANG", "zh_CN.UTF-8")
        .args(["validate", "gas.yaml"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let t = text(&o);
    for want in [
        "gas.yaml:16:9: 错误：`entity.name` 为空",
        "gas.yaml:18:9: 错误：`entity.uscc` 为空",
        "gas.yaml:28:7: 错误：`date` 为空",
        "`gas-major-hazards` 共 22 条，有 22 条未回答",
        "已检查 1 个文件：4 个错误，1 个警告",
    ] {
        assert!(t.contains(want), "missing {want:?} in:\n{t}");
    }
    assert!(!t.contains("0 位") && !t.contains("`` 不是日期"), "{t}");
}
