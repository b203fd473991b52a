//! Every example in README.md that shows a `qingdan` command is run, and the
//! output the README shows must appear in what the command prints, line by
//! line and in order (timings normalised; `…` stands for anything after it).
//! A command whose block shows an `error:` (or `错误：`) must fail, every other
//! one succeed. `$ cd DIR` changes the folder of the commands after it, and the
//! blocks of the walkthrough share one sandbox, each going on where the last
//! stopped. So the README cannot drift from the tool.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;

/// Examples that need something a sandbox cannot give, with the reason.
const SKIP: &[(&str, &str)] = &[
    ("qingdan fonts roster.yaml", "shows a roster the reader has"),
    (
        "qingdan validate answered.yaml",
        "shows a file the reader wrote",
    ),
];

/// What an example assumes before it runs, done in its sandbox.
fn setup(cmd: &str, dir: &Path) {
    if cmd == "qingdan validate checklists/gas-major-hazards.yaml" {
        // The typo the example shows: 制度 mistyped as 制渡.
        let f = dir.join("checklists/gas-major-hazards.yaml");
        let text = std::fs::read_to_string(&f).unwrap();
        std::fs::write(&f, text.replacen("分级管控制度", "分级管控制渡", 1)).unwrap();
    }
    if cmd == "qingdan build --check" {
        // After a build, the 工贸 checklist is edited.
        let o = common::qingdan(dir, &["build", "-q"]);
        assert!(o.status.success(), "{}", common::stderr(&o));
        let f = dir.join("checklists/gongmao-major-hazards.yaml");
        let text = std::fs::read_to_string(&f).unwrap();
        std::fs::write(&f, format!("# 修订\n{text}")).unwrap();
    }
    if cmd == "qingdan render --checklist cards.yaml --template emergency-cards -o cards.pdf" {
        // A card of 40 steps, too tall for A6.
        let mut y = String::from("id: cards\nkind: emergency-cards\ntitle: 测试处置卡\nindustry: 机械\nversion: \"1\"\nsources: []\nsections:\n  - id: long\n    title: 配电室长卡\n    contacts:\n      - { name: 值班室, phone: \"0357-0000001\" }\n    items:\n");
        for s in 1..=40 {
            y.push_str(&format!(
                "      - id: s{s}\n        text: 第{s}步，立即停机并报告值班室\n"
            ));
        }
        std::fs::write(dir.join("cards.yaml"), y).unwrap();
    }
    if cmd == "qingdan diff --git HEAD.." {
        // The checklists committed, then gm-3-2's method edited.
        common::git(dir, &["init", "-q"]);
        common::git(dir, &["add", "checklists"]);
        common::git(dir, &["commit", "-qm", "checklists"]);
        let f = dir.join("checklists/gongmao-major-hazards.yaml");
        let text = std::fs::read_to_string(&f).unwrap();
        let edited = text.replacen(
            "clause: \"第三条第（二）项\" }\n        method: 查资料\n",
            "clause: \"第三条第（二）项\" }\n        method: 查资料、询问\n",
            1,
        );
        assert_ne!(edited, text, "gm-3-2's method is where the example says");
        std::fs::write(&f, edited).unwrap();
    }
    if cmd == "qingdan list" {
        // As from any folder: the built-in catalogue.
        std::fs::remove_dir_all(dir.join("checklists")).unwrap();
    }
}

struct Example {
    line: usize,
    /// The `## ` section the block is in.
    section: String,
    commands: Vec<(String, Vec<String>)>,
}

/// The section whose blocks run one after another in one sandbox.
const WALKTHROUGH: &str = "A 10-minute walkthrough";

/// The fenced blocks with `$ qingdan …` (or `$ cargo run --release -- …`) lines.
fn examples(readme: &str) -> Vec<Example> {
    let mut out = Vec::new();
    let mut in_block = false;
    let mut current: Option<Example> = None;
    let mut pending = String::new();
    let mut ignoring = false;
    let mut section = String::new();
    for (n, line) in readme.lines().enumerate() {
        if !in_block {
            if let Some(h) = line.strip_prefix("## ") {
                section = h.trim().to_string();
            }
        }
        if line.starts_with("```") {
            if in_block {
                if let Some(e) = current.take() {
                    out.push(e);
                }
            }
            in_block = !in_block;
            ignoring = false;
            continue;
        }
        if !in_block {
            continue;
        }
        if !pending.is_empty()
            || line.starts_with("$ qingdan ")
            || line.starts_with("$ cargo run --release -- ")
        {
            let part = line.trim_start_matches("$ ").trim();
            if let Some(head) = part.strip_suffix('\\') {
                pending.push_str(head.trim_end());
                pending.push(' ');
                continue;
            }
            pending.push_str(part);
            ignoring = false;
            let cmd = std::mem::take(&mut pending).replace("cargo run --release -- ", "qingdan ");
            current
                .get_or_insert_with(|| Example {
                    line: n + 1,
                    section: section.clone(),
                    commands: Vec::new(),
                })
                .commands
                .push((cmd, Vec::new()));
        } else if let Some(dir) = line.strip_prefix("$ cd ") {
            current
                .get_or_insert_with(|| Example {
                    line: n + 1,
                    section: section.clone(),
                    commands: Vec::new(),
                })
                .commands
                .push((format!("cd {}", dir.trim()), Vec::new()));
            ignoring = true;
        } else if line.starts_with("$ ") {
            // Another program (`head`, `cd`): what follows is its output.
            ignoring = true;
        } else if let Some(e) = current.as_mut() {
            if let Some(last) = e.commands.last_mut().filter(|_| !ignoring) {
                last.1.push(line.to_string());
            }
        }
    }
    out
}

/// Splits a command line as a shell would, for the quoting the README uses.
fn words(cmd: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut any = false;
    for c in cmd.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                any = true;
            }
            c if c.is_whitespace() && !quoted => {
                if any {
                    out.push(std::mem::take(&mut cur));
                    any = false;
                }
            }
            c => {
                cur.push(c);
                any = true;
            }
        }
    }
    if any {
        out.push(cur);
    }
    out
}

/// Timings and sizes that change from run to run become placeholders.
fn normalise(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let b: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let start = i;
            while i < b.len() && (b[i].is_ascii_digit() || b[i] == '.') {
                i += 1;
            }
            let rest: String = b[i..].iter().take(3).collect();
            if rest.starts_with(" s") || rest.starts_with(" ms") {
                out.push_str("<t>");
            } else {
                out.extend(&b[start..i]);
            }
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    out.trim_end().to_string()
}

fn sandbox() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    for dir in ["checklists", "examples", "tests/fixtures"] {
        common::copy_dir(&common::root().join(dir), &d.path().join(dir));
    }
    d
}

/// Runs one command: success, standard output, standard error.
fn run(dir: &Path, args: &[String]) -> (bool, String, String) {
    let o = common::command(dir).args(args).output().unwrap();
    (
        o.status.success(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn every_readme_example_runs_and_prints_what_the_readme_shows() {
    let readme = std::fs::read_to_string(common::root().join("README.md")).unwrap();
    let all = examples(&readme);
    assert!(all.len() >= 15, "found only {} examples", all.len());
    let mut failures = Vec::new();
    let mut ran = 0;
    // The walkthrough's sandbox and folder, carried from block to block.
    let mut walk: Option<(tempfile::TempDir, std::path::PathBuf)> = None;
    for e in &all {
        if let Some((_, why)) = e
            .commands
            .iter()
            .find_map(|(c, _)| SKIP.iter().find(|(p, _)| c.starts_with(p)))
        {
            eprintln!("README.md:{}: not run: {why}", e.line);
            continue;
        }
        let (sandbox_dir, mut cwd) = match walk.take() {
            Some(w) if e.section == WALKTHROUGH => w,
            _ => {
                let d = sandbox();
                let p = d.path().to_path_buf();
                (d, p)
            }
        };
        for (cmd, expected) in &e.commands {
            if let Some(to) = cmd.strip_prefix("cd ") {
                cwd = cwd.join(to);
                continue;
            }
            setup(cmd, &cwd);
            let args: Vec<String> = words(cmd).into_iter().skip(1).collect();
            let (ok, out, err) = run(&cwd, &args);
            let text = format!("{out}{err}");
            ran += 1;
            let wants_error = expected
                .iter()
                .any(|l| l.contains("error:") || l.contains("错误："));
            if ok == wants_error {
                failures.push(format!(
                    "README.md:{}: `{cmd}` {} but the README shows {}\n{text}",
                    e.line,
                    if ok { "succeeded" } else { "failed" },
                    if wants_error { "an error" } else { "success" }
                ));
                continue;
            }
            // The README interleaves the two streams as a terminal shows them;
            // each keeps its own order.
            let streams: [Vec<String>; 2] = [
                out.lines().map(normalise).collect(),
                err.lines().map(normalise).collect(),
            ];
            let mut at = [0usize; 2];
            for want in expected {
                let want = normalise(want);
                // `wrote FILE` is said on a terminal only.
                if want.is_empty() || want == "…" || want.starts_with("wrote ") {
                    continue;
                }
                let (prefix, wild) = match want.split_once('…') {
                    Some((p, _)) => (p.to_string(), true),
                    None => (want.clone(), false),
                };
                let hit = (0..2).find_map(|k| {
                    streams[k][at[k]..]
                        .iter()
                        .position(|a| {
                            if wild {
                                a.starts_with(&prefix)
                            } else {
                                *a == prefix
                            }
                        })
                        .map(|p| (k, p))
                });
                match hit {
                    Some((k, p)) => at[k] += p + 1,
                    None => {
                        failures.push(format!(
                            "README.md:{}: `{cmd}`: the README shows\n  {want}\nbut the output is\n{text}",
                            e.line
                        ));
                        break;
                    }
                }
            }
        }
        if e.section == WALKTHROUGH {
            walk = Some((sandbox_dir, cwd));
        }
    }
    eprintln!("{ran} README commands run");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn the_example_reader_understands_the_readme_forms() {
    let md = "```\n$ qingdan letters --event e.yaml \\\n                  --out \"a b\"\n30 letters in 0.79 s\n```\n";
    let e = examples(md);
    assert_eq!(e.len(), 1);
    assert_eq!(
        e[0].commands[0].0,
        "qingdan letters --event e.yaml --out \"a b\""
    );
    assert_eq!(
        words(&e[0].commands[0].0),
        ["qingdan", "letters", "--event", "e.yaml", "--out", "a b"]
    );
    assert_eq!(normalise("30 letters in 0.79 s"), "30 letters in <t> s");
    assert_eq!(normalise("29 ms CPU, 65 KB"), "<t> ms CPU, 65 KB");
}
