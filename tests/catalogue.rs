//! The shipped catalogue (一行业一清单): six complete, active checklists copied
//! word for word from `checklists/sources/`, and composition (`ID:PART,PART`)
//! wherever a checklist is chosen.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use qingdan::model::{self, Checklist};

mod common;
use common::{copy_dir, letters_dir, letters_in, qingdan, render_shipped, root, stderr};

fn shipped(id: &str) -> Checklist {
    let f = model::load_checklist(&root().join(format!("checklists/{id}.yaml")));
    assert!(f.diags.iter().all(|d| !d.is_error()), "{id}: {:?}", f.diags);
    f.checklist.expect(id)
}

/// Top-level items and sub-items, counted per source.
fn counts(c: &Checklist, source: &str) -> (usize, usize) {
    let walk = c.walk();
    let top = walk
        .iter()
        .filter(|(d, i)| *d == 0 && i.basis.source == source)
        .count();
    let sub = walk
        .iter()
        .filter(|(d, i)| *d > 0 && i.basis.source == source)
        .count();
    (top, sub)
}

#[test]
fn six_active_checklists_with_the_regulations_item_counts() {
    for (id, source, top, sub) in [
        ("gongmao-major-hazards", "mem-10", 64, 0),
        ("chemical-major-hazards", "sawsa-2017-121", 20, 0),
        ("gas-major-hazards", "mohurd-2023-4", 22, 0),
        ("construction-major-hazards", "mohurd-2024-5", 53, 4),
        ("fireworks-major-hazards", "sawsa-2017-121-fw", 20, 0),
        ("mines-major-hazards", "nmsa-2022-88", 64, 79),
        ("mines-major-hazards", "nmsa-2024-41", 8, 0),
    ] {
        let c = shipped(id);
        assert_eq!(c.status, model::Status::Active, "{id}");
        assert_eq!(counts(&c, source), (top, sub), "{id} / {source}");
        // Every source can be checked by a reader (url) and by the validator (text).
        for s in &c.sources {
            assert!(
                s.url.as_deref().is_some_and(|u| u.starts_with("https://")),
                "{id}: url"
            );
            assert!(s.text.is_some(), "{id}: text");
        }
    }
    // The 293号令 is still incomplete: it stays a draft and names what is missing.
    let d = shipped("principal-duties-shanxi-293");
    assert_eq!(d.status, model::Status::Draft);
    assert!(d.note.as_deref().unwrap_or("").contains("第六条（四）"));

    // `list` shows the same numbers.
    let o = qingdan(&root(), &["list", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let row = |id: &str| {
        v["checklists"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .cloned()
            .unwrap()
    };
    let mines = row("mines-major-hazards");
    assert_eq!(
        (mines["items"].as_u64(), mines["sub_items"].as_u64()),
        (Some(72), Some(79))
    );
    assert_eq!(mines["status"], "active");
    let g = row("gongmao-major-hazards");
    assert_eq!(g["items"], 64);
    let parts: Vec<(String, String)> = g["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["id"].as_str().unwrap().into(),
                s["part"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(parts[0], ("management".into(), "common".into()));
    assert_eq!(parts.iter().filter(|(_, p)| p == "industry").count(), 7);
    assert_eq!(parts.iter().filter(|(_, p)| p == "special").count(), 3);
    let text = String::from_utf8_lossy(&qingdan(&root(), &["list"]).stdout).into_owned();
    assert!(text.contains("dust-explosion"), "{text}");
    assert!(text.contains("粉尘涉爆"), "{text}");
}

#[test]
fn every_shipped_item_is_verbatim_and_a_typo_is_caught_with_its_place() {
    // The shipped catalogue validates with no warning but the draft's.
    let o = qingdan(&root(), &["validate", "checklists"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(err.contains("0 errors, 1 warning"), "{err}");

    // One changed character (了 for 的) in one item is an error at its line.
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("checklists"), &dir.path().join("checklists"));
    let file = dir.path().join("checklists/gas-major-hazards.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    let from = "未建立安全风险分级管控制度";
    let line = text.lines().position(|l| l.contains(from)).unwrap() + 1;
    std::fs::write(&file, text.replace(from, "未建立安全风险分级管控制了")).unwrap();
    let o = qingdan(
        dir.path(),
        &["validate", "checklists/gas-major-hazards.yaml"],
    );
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!("gas-major-hazards.yaml:{line}:")),
        "{err}"
    );
    assert!(
        err.contains("not word for word in source `mohurd-2023-4`"),
        "{err}"
    );
    assert!(err.contains("differs from character 13"), "{err}");

    // Without its source file the checklist still works, with a warning.
    std::fs::remove_dir_all(dir.path().join("checklists/sources")).unwrap();
    let o = qingdan(
        dir.path(),
        &["validate", "checklists/gongmao-major-hazards.yaml"],
    );
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(err.contains("cannot read the source text"), "{err}");
}

#[test]
fn methods_combine_and_sub_items_inherit_their_parents_basis() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = "id: t\nkind: inspection\ntitle: 检查表\nindustry: 通用\nversion: \"1\"\nsources:\n  - id: s\n    title: 规定\nsections:\n  - id: a\n    title: 甲\n    items:\n      - id: g\n        text: 组\n        basis: { source: s, clause: 第一条 }\n        items:\n          - id: g1\n            text: 子项一\n            method: 查资料、现场检查\n          - id: g2\n            text: 子项二\n            method: [询问, 查资料, 询问]\n";
    std::fs::write(dir.path().join("t.yaml"), yaml).unwrap();
    let o = qingdan(
        dir.path(),
        &["render", "-t", "inspection-form", "-c", "t.yaml", "-o", "-"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let md = String::from_utf8_lossy(&o.stdout).into_owned();
    let row = |id: &str| {
        md.lines()
            .find(|l| l.contains(id))
            .unwrap_or_default()
            .to_string()
    };
    // One source: the clause alone, the source above the table.
    assert!(row("子项一").contains("| 第一条 |"), "{md}");
    assert!(md.contains("检查依据：《规定》"), "{md}");
    assert!(row("子项一").contains("查资料、现场检查"), "{md}");
    assert!(row("子项二").contains("询问、查资料"), "{md}");

    // A top-level item still needs its basis.
    let bad = yaml.replace("        basis: { source: s, clause: 第一条 }\n", "");
    std::fs::write(dir.path().join("bad.yaml"), bad).unwrap();
    let o = qingdan(dir.path(), &["validate", "bad.yaml"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("bad.yaml:13:") && err.contains("item `g` has no `basis`"),
        "{err}"
    );
}

#[test]
fn render_composes_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let o = render_shipped(
        dir.path(),
        "self-check-sheet",
        "gongmao-major-hazards.yaml:机械,粉尘涉爆",
        "-",
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let md = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(md.contains("共 20 项"), "{md}");
    assert!(md.contains("本表包括：管理类（第三条，所有工贸企业）、机械企业（第七条）、存在粉尘爆炸危险的工贸企业（第十一条）。"));
    // The 检查依据 cell (3rd column) of each item row: the clause alone.
    let clauses: Vec<&str> = md
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("|  |"))
        .filter_map(|l| l.split(" | ").nth(2))
        .filter(|c| c.contains("条第（"))
        .filter_map(|c| c.split('条').next())
        .collect();
    assert_eq!(clauses.len(), 20);
    assert!(
        clauses
            .iter()
            .all(|c| ["第三", "第七", "第十一"].contains(c)),
        "{clauses:?}"
    );

    let o = render_shipped(
        dir.path(),
        "self-check-sheet",
        "gongmao-major-hazards.yaml:机戒",
        "-",
    );
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("has no part `机戒`") && err.contains("机械"),
        "{err}"
    );
}

fn results(dir: &Path, checklist: &str, answers: &[(&str, &str)]) -> std::process::Output {
    let mut y = format!("checklist: \"{checklist}\"\nentity:\n  name: 示例机械有限公司\n  uscc: 91610131MA6U3K8E2J\ndate: 2025-03-12\nanswers:\n");
    for (id, a) in answers {
        y.push_str(&format!("  {id}: {a}\n"));
    }
    std::fs::write(dir.join("r.yaml"), y).unwrap();
    qingdan(dir, &["validate", "r.yaml"])
}

#[test]
fn results_answer_only_the_chosen_parts() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("checklists"), &dir.path().join("checklists"));
    let mut ok: Vec<(String, &str)> = Vec::new();
    for n in 1..=3 {
        ok.push((format!("gm-3-{n}"), "ok"));
    }
    for n in 1..=2 {
        ok.push((format!("gm-12-{n}"), "na"));
    }
    let answers: Vec<(&str, &str)> = ok.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    let o = results(dir.path(), "gongmao-major-hazards:液氨制冷", &answers);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));

    // An item of a part not chosen.
    let mut more = answers.clone();
    more.push(("gm-4-1", "ok"));
    let o = results(dir.path(), "gongmao-major-hazards:液氨制冷", &more);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("item `gm-4-1` belongs to part `冶金`"),
        "{err}"
    );
    assert!(err.contains("gongmao-major-hazards:液氨制冷,冶金"), "{err}");

    // A chosen part left unanswered.
    let o = results(
        dir.path(),
        "gongmao-major-hazards:液氨制冷,有限空间",
        &answers,
    );
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("gm-13-1"), "{err}");

    // An unknown part.
    let o = results(dir.path(), "gongmao-major-hazards:液氨", &answers);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("has no part `液氨`"), "{err}");
}

#[test]
fn build_writes_a_selection_into_its_own_folder() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("checklists"), &dir.path().join("checklists"));
    let o = qingdan(
        dir.path(),
        &[
            "build",
            "--format",
            "md,html",
            "--select",
            "mines-major-hazards:地下,尾矿库",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let md = std::fs::read_to_string(
        dir.path()
            .join("out/mines-major-hazards.underground.tailings/self-check-sheet.md"),
    )
    .unwrap();
    assert!(md.contains("矿井直达地面的独立安全出口少于2个"));
    assert!(md.contains("库区或者尾矿坝上存在未按设计进行开采"));
    assert!(!md.contains("未采用自上而下的开采顺序分台阶或者分层开采"));
    // The whole checklists are still built beside it.
    assert!(dir
        .path()
        .join("out/mines-major-hazards/self-check-sheet.md")
        .is_file());
    // The index has a row for the composition, and columns only for templates used.
    let index = scraper::Html::parse_document(
        &std::fs::read_to_string(dir.path().join("out/index.html")).unwrap(),
    );
    let cells: Vec<String> = index
        .select(&scraper::Selector::parse("td").unwrap())
        .map(|e| e.text().collect())
        .collect();
    // The id, with the parts allowed to wrap to a second line.
    assert!(
        cells.contains(&"mines-major-hazards .underground.tailings".to_string()),
        "{cells:?}"
    );
    assert!(
        cells.contains(&"金属非金属矿山重大事故隐患自查清单（地下、尾矿库）".to_string()),
        "{cells:?}"
    );
    let heads: Vec<String> = index
        .select(&scraper::Selector::parse("th").unwrap())
        .map(|e| e.text().collect())
        .collect();
    assert_eq!(
        heads,
        [
            "清单",
            "id",
            "检查表",
            "自查表",
            "履职尽责承诺书",
            "全员安全生产责任清单",
            "重点岗位应急处置卡",
            "自查填报页"
        ],
        "{heads:?}"
    );

    let o = qingdan(
        dir.path(),
        &["build", "--select", "mines-major-hazards:井下"],
    );
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("has no part `井下`"), "{err}");
}

#[test]
fn a_roster_row_with_an_unknown_special_part_names_its_cell() {
    let dir = letters_dir(
        "名称,行业,专项\n甲机械厂,机械,粉尘涉爆、有限空间\n乙机械厂,机械,粉尘\n丙燃气公司,燃气,有限空间\n",
    );
    let o = letters_in(dir.path(), &["--format", "md"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("roster.csv:3:3: error: row 3, column 专项: checklist `gongmao-major-hazards` has no part `粉尘`"), "{err}");
    assert!(
        err.contains(
            "roster.csv:4:3: error: row 4, column 专项: checklist `gas-major-hazards` has no parts"
        ),
        "{err}"
    );
    assert!(!dir.path().join("out").exists());

    let good = "名称,行业,专项\n甲机械厂,机械,粉尘涉爆、有限空间\n";
    std::fs::write(dir.path().join("roster.csv"), good).unwrap();
    let o = letters_in(dir.path(), &["--format", "md"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let md = std::fs::read_to_string(dir.path().join("out/001-甲机械厂.md")).unwrap();
    assert!(md.contains("未对有限空间进行辨识"), "第十三条");
    assert!(!md.contains("草稿"));
    let index = std::fs::read_to_string(dir.path().join("out/index.csv")).unwrap();
    assert!(
        index.contains("gongmao-major-hazards:机械,粉尘涉爆,有限空间"),
        "{index}"
    );
}

#[test]
fn part_names_must_each_choose_one_section() {
    let dir = tempfile::tempdir().unwrap();
    let base = "id: t\nkind: hazards\ntitle: T\nindustry: 工贸\nversion: \"1\"\nsources:\n  - id: s\n    title: 标准\nsections:\n  - id: common\n    title: 管理类\n    items:\n      - id: a\n        text: 甲\n        basis: { source: s }\n  - id: machinery\n    title: 机械企业\n    part: industry\n    aliases: [机械]\n    items:\n      - id: b\n        text: 乙\n        basis: { source: s }\n  - id: dust\n    title: 粉尘爆炸\n    part: special\n    aliases: [粉尘涉爆]\n    items:\n      - id: c\n        text: 丙\n        basis: { source: s }\n";
    let check = |name: &str, yaml: &str| {
        std::fs::write(dir.path().join(name), yaml).unwrap();
        let o = qingdan(dir.path(), &["validate", name]);
        (o.status.code(), stderr(&o))
    };
    let (code, err) = check("ok.yaml", base);
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("0 errors, 0 warnings"), "{err}");
    // An alias that another part also answers to (as alias, id or title).
    // (The same alias twice is reported at the second, naming the first.)
    for (f, alias, line, other) in [
        ("dup.yaml", "[粉尘涉爆]", 27, "machinery"),
        ("id.yaml", "[dust]", 19, "dust"),
        ("title.yaml", "[粉尘爆炸]", 19, "dust"),
    ] {
        let (code, err) = check(
            f,
            &base.replacen("aliases: [机械]", &format!("aliases: {alias}"), 1),
        );
        assert_eq!(code, Some(1), "{f}: {err}");
        assert!(err.contains(&format!("{f}:{line}:")), "{f}: {err}");
        assert!(
            err.contains(&format!("also names section `{other}`")),
            "{f}: {err}"
        );
    }
    // A separator inside an alias would split it when chosen.
    let (code, err) = check(
        "sep.yaml",
        &base.replacen("aliases: [机械]", "aliases: [\"机械、铸造\"]", 1),
    );
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("holds a separator"), "{err}");
    let (code, err) = check(
        "empty.yaml",
        &base.replacen("aliases: [机械]", "aliases: [\" \"]", 1),
    );
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("is empty or holds a separator"), "{err}");
    // Aliases on a common section choose nothing: a warning.
    let (code, err) = check(
        "common.yaml",
        &base.replacen(
            "    title: 管理类\n",
            "    title: 管理类\n    aliases: [管理]\n",
            1,
        ),
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("has aliases but no `part:`"), "{err}");
}

#[test]
fn missing_answers_list_twelve_then_count_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("checklists"), &dir.path().join("checklists"));
    // 管理类 3 + 粉尘爆炸 10 = 13 items; one answered leaves 12, none leaves 13.
    let o = results(
        dir.path(),
        "gongmao-major-hazards:粉尘爆炸",
        &[("gm-3-1", "ok")],
    );
    let err = stderr(&o);
    assert!(err.contains("12 of 13 items"), "{err}");
    assert!(err.contains("`gm-11-10`") && !err.contains("more"), "{err}");
    let o = results(dir.path(), "gongmao-major-hazards:粉尘爆炸", &[]);
    let err = stderr(&o);
    assert!(
        err.contains("13 of 13 items") && err.contains("and 1 more"),
        "{err}"
    );
}
