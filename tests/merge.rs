//! `qingdan merge`: one document per roster row, driven through the binary;
//! the responsibility pledge of each employee holds their own post's duties.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Output;

mod common;
use common::{qingdan, root, stderr, tools_available};

const LIST: &str = "example-machinery-responsibilities";

/// A temp folder with the example staff roster as `staff.csv`.
fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("examples/machinery-plant/staff.csv"),
        dir.path().join("staff.csv"),
    )
    .unwrap();
    dir
}

fn merge(dir: &Path, roster: &str, extra: &[&str]) -> Output {
    let mut args = vec![
        "merge",
        "--template",
        "responsibility-pledge",
        "--checklist",
        LIST,
        "--roster",
        roster,
        "--out",
        "out",
    ];
    args.extend(extra);
    qingdan(dir, &args)
}

/// The example list's posts: (section id, its duties' texts).
fn posts() -> Vec<(String, Vec<String>)> {
    let path = root().join(format!("checklists/{LIST}.yaml"));
    let f = qingdan::model::parse_checklist(&path, std::fs::read_to_string(&path).unwrap());
    let c = f.checklist.unwrap();
    c.sections
        .iter()
        .map(|s| {
            (
                s.id.clone(),
                s.items.iter().map(|i| i.text.clone()).collect(),
            )
        })
        .collect()
}

/// index.csv's records (without the BOM and header).
fn index(dir: &Path) -> Vec<Vec<String>> {
    let bytes = std::fs::read(dir.join("out/index.csv")).unwrap();
    assert!(bytes.starts_with(b"\xef\xbb\xbf"), "index.csv has a BOM");
    let mut rdr = csv::Reader::from_reader(&bytes[3..]);
    assert_eq!(
        rdr.headers().unwrap().iter().collect::<Vec<_>>(),
        ["序号", "姓名", "部门", "岗位", "文件", "页数", "岗位编号"]
    );
    rdr.records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn each_pledge_holds_its_own_posts_duties_and_no_others_on_one_page() {
    if !tools_available(&["pdftotext"]) {
        return;
    }
    let dir = setup();
    let o = merge(dir.path(), "staff.csv", &["--combined", "all.pdf"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(stdout.contains("12 documents (12 files)"), "{stdout}");
    // Twelve people, one page each, each starting on an odd page: 23 pages.
    assert!(stdout.contains("(23 pages)"), "{stdout}");
    let posts = posts();
    let rows = index(dir.path());
    assert_eq!(rows.len(), 12);
    for row in &rows {
        let (name, file, pages, post) = (&row[1], &row[4], &row[5], &row[6]);
        assert_eq!(pages, "1", "{name}'s pledge is one page");
        let pdf = dir.path().join("out").join(file);
        let out = std::process::Command::new("pdftotext")
            .args(["-layout"])
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap();
        let text = squeeze(&String::from_utf8_lossy(&out.stdout));
        assert!(text.contains(&squeeze(name)), "{name}");
        assert!(text.contains("承诺人（签字）"), "{name}: the signature");
        for (id, duties) in &posts {
            for d in duties {
                let has = text.contains(&squeeze(d));
                if id == post {
                    assert!(has, "{name} ({post}) lacks {d}");
                } else {
                    assert!(!has, "{name} ({post}) has {id}'s duty {d}");
                }
            }
        }
    }
    // Posts by title, alias, id, in any case: 车工 and 铣工 are machinists.
    let by_name: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r[1].as_str(), r[6].as_str()))
        .collect();
    assert!(by_name.contains(&("赵晓明", "machinist")));
    assert!(by_name.contains(&("褚卫东", "welder")));
    assert!(by_name.contains(&("蒋春燕", "crane-operator")));
}

#[test]
fn a_rerun_writes_the_same_bytes() {
    let dir = setup();
    let o = merge(dir.path(), "staff.csv", &["--format", "pdf,html"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let read = |f: &str| std::fs::read(dir.path().join("out").join(f)).unwrap();
    let first = (
        read("001-王建国.pdf"),
        read("012-蒋春燕.html"),
        read("index.csv"),
    );
    let o = merge(dir.path(), "staff.csv", &["--format", "pdf,html"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(first.0 == read("001-王建国.pdf"), "PDF bytes differ");
    assert!(first.1 == read("012-蒋春燕.html"), "HTML bytes differ");
    assert!(first.2 == read("index.csv"), "index.csv differs");
}

#[test]
fn an_unknown_post_names_the_row_and_suggests_one_and_writes_nothing() {
    let dir = setup();
    std::fs::write(
        dir.path().join("bad.csv"),
        "姓名,部门,岗位\n王建国,办公室,总经理\n冯立新,焊接车间,电焊\n",
    )
    .unwrap();
    let o = merge(dir.path(), "bad.csv", &["--format", "md"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("bad.csv:3:3: error"), "{err}");
    assert!(err.contains("row 3, column 岗位"), "{err}");
    assert!(err.contains("no post `电焊`"), "{err}");
    assert!(err.contains("did you mean `电焊工`"), "{err}");
    assert!(!dir.path().join("out").exists(), "nothing written");
}

#[test]
fn a_missing_column_names_the_file() {
    let dir = setup();
    std::fs::write(dir.path().join("noposts.csv"), "姓名,部门\n王建国,办公室\n").unwrap();
    let o = merge(dir.path(), "noposts.csv", &["--format", "md"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("noposts.csv"), "{err}");
    assert!(err.contains("no `岗位` column"), "{err}");
    std::fs::write(dir.path().join("nonames.csv"), "部门,岗位\n办公室,总经理\n").unwrap();
    let o = merge(dir.path(), "nonames.csv", &["--format", "md"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("nonames.csv"), "{}", stderr(&o));
    assert!(stderr(&o).contains("no `姓名` column"), "{}", stderr(&o));
    assert!(!dir.path().join("out").exists(), "nothing written");
}

#[test]
fn names_from_the_roster_stay_in_the_output_folder() {
    let dir = setup();
    std::fs::write(
        dir.path().join("odd.csv"),
        "name,post\n../x,总经理\n/etc/x,总经理\na/b,总经理\nCON,总经理\n..,总经理\n",
    )
    .unwrap();
    let o = merge(dir.path(), "odd.csv", &["--format", "md"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut files: Vec<String> = std::fs::read_dir(dir.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            "001-x.md",
            "002-etc_x.md",
            "003-a_b.md",
            "004-_CON.md",
            "005-unnamed.md",
            "index.csv"
        ]
    );
    // Nothing was written beside the folder, nor in /etc.
    let beside: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !beside.iter().any(|n| n == "x" || n.ends_with(".md")),
        "{beside:?}"
    );
}

#[test]
fn a_template_sees_every_column_of_the_row() {
    let dir = setup();
    std::fs::create_dir(dir.path().join("tpl")).unwrap();
    std::fs::write(
        dir.path().join("tpl/badge.md.tera"),
        "# {{ person.name }}\n\n工号：{{ row | get(key=\"工号\") }}；部门：{{ person.department }}；岗位：{{ section.title }}（{{ no }}/{{ count }}）\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("staff2.csv"),
        "工号,Name,Department,Post\nA-7,王建国,办公室,general-manager\n",
    )
    .unwrap();
    let o = qingdan(
        dir.path(),
        &[
            "merge",
            "--template",
            "badge",
            "--templates",
            "tpl",
            "--checklist",
            LIST,
            "--roster",
            "staff2.csv",
            "--out",
            "out",
            "--format",
            "md",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let md = std::fs::read_to_string(dir.path().join("out/001-王建国.md")).unwrap();
    assert!(
        md.contains("工号：A-7；部门：办公室；岗位：总经理（主要负责人）（1/1）"),
        "{md}"
    );
}

#[test]
fn the_pledge_needs_a_list_of_posts() {
    let dir = setup();
    let o = qingdan(
        dir.path(),
        &[
            "merge",
            "--template",
            "responsibility-pledge",
            "--checklist",
            "hot-work-inspection-sample",
            "--roster",
            "staff.csv",
            "--out",
            "out",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("kind: responsibilities"),
        "{}",
        stderr(&o)
    );
    assert!(!dir.path().join("out").exists());
}

#[test]
fn a_long_posts_signature_never_starts_a_page_alone() {
    if !tools_available(&["pdftotext"]) {
        return;
    }
    let dir = setup();
    let mut yaml = String::from(
        "id: long\nkind: responsibilities\ntitle: 长岗位责任清单\nindustry: 机械\nversion: \"1\"\nenterprise: 测试公司\nsources: []\nsections:\n  - id: p\n    title: 长岗位\n    items:\n",
    );
    for k in 1..=12 {
        yaml.push_str(&format!(
            "      - id: d{k}\n        text: 第{k}项职责，认真检查本岗位设备设施的安全状况并如实记录，发现隐患立即报告\n"
        ));
    }
    std::fs::write(dir.path().join("long.yaml"), yaml).unwrap();
    std::fs::write(dir.path().join("one.csv"), "姓名,岗位\n张三,长岗位\n").unwrap();
    let o = qingdan(
        dir.path(),
        &[
            "merge",
            "-t",
            "responsibility-pledge",
            "-c",
            "long.yaml",
            "--roster",
            "one.csv",
            "--out",
            "out",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = std::process::Command::new("pdftotext")
        .arg(dir.path().join("out/001-张三.pdf"))
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let pages: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert_eq!(pages.len(), 2, "twelve two-line duties run on");
    let last = squeeze(pages[1]);
    assert!(last.contains("承诺人（签字）"), "{last}");
    // The signature has the text before it on its page.
    assert!(last.contains("本人承诺"), "{last}");
}

#[test]
fn combined_never_overwrites_an_input_or_a_document_and_needs_pdf() {
    let dir = setup();
    let refused = |combined: &str, what: &str| {
        let o = merge(dir.path(), "staff.csv", &["--combined", combined]);
        assert_eq!(o.status.code(), Some(1), "{combined}: {}", stderr(&o));
        assert!(stderr(&o).contains(what), "{combined}: {}", stderr(&o));
    };
    refused("staff.csv", "is the roster");
    refused("out/index.csv", "is one of the files this run writes");
    refused("out/003-张志强.pdf", "is one of the files this run writes");
    std::fs::create_dir(dir.path().join("folder")).unwrap();
    refused("folder", "is a folder");
    assert!(!dir.path().join("out").exists(), "nothing written");
    let o = merge(
        dir.path(),
        "staff.csv",
        &["--format", "md", "--combined", "all.pdf"],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("--combined writes a PDF, so it needs PDF documents"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_rerun_with_fewer_people_removes_the_documents_of_those_who_left() {
    let dir = setup();
    let o = merge(dir.path(), "staff.csv", &["--format", "md,html"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    std::fs::write(
        dir.path().join("two.csv"),
        "姓名,岗位\n王建国,总经理\n李文静,安全员\n",
    )
    .unwrap();
    let o = merge(dir.path(), "two.csv", &["--format", "md"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut files: Vec<String> = std::fs::read_dir(dir.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(files, ["001-王建国.md", "002-李文静.md", "index.csv"]);
    assert!(stderr(&o).contains("removed"), "{}", stderr(&o));
}
