//! `qingdan letters`: one warning letter per roster row, driven through the binary.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::{Command, Output};

use scraper::{Html, Selector};

mod common;
use common::{copy_dir, qingdan, root, stderr};

/// A temp folder with the shipped checklists and the example event.
fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("checklists"), &dir.path().join("checklists"));
    std::fs::copy(
        root().join("examples/letters/event.yaml"),
        dir.path().join("event.yaml"),
    )
    .unwrap();
    dir
}

fn letters(dir: &Path, roster: &str, extra: &[&str]) -> Output {
    // Markdown and HTML are quick to check; the PDF letters are tested in tests/pdf.rs.
    let mut args = extra.to_vec();
    if !extra.contains(&"--format") {
        args.extend(["--format", "md,html"]);
    }
    common::letters_with(dir, roster, &args)
}

fn texts(html: &Html, sel: &str) -> Vec<String> {
    html.select(&Selector::parse(sel).unwrap())
        .map(|e| e.text().collect::<String>())
        .collect()
}

const HEADER: &str = "名称,行业,地址,联系人,电话,统一社会信用代码,乡镇\n";

#[test]
fn example_roster_gives_one_letter_per_row_with_the_right_checklist() {
    let dir = setup();
    std::fs::copy(
        root().join("examples/letters/roster.csv"),
        dir.path().join("roster.csv"),
    )
    .unwrap();
    let o = letters(dir.path(), "roster.csv", &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(stdout.contains("30 letters (60 files)"), "{stdout}");

    let index = std::fs::read(dir.path().join("out/index.csv")).unwrap();
    assert!(
        index.starts_with(b"\xef\xbb\xbf"),
        "index.csv has a BOM for Excel"
    );
    let mut rdr = csv::Reader::from_reader(&index[3..]);
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 30);
    assert_eq!(&rows[0][3], "襄安委办函〔2025〕12号");
    assert_eq!(&rows[29][3], "襄安委办函〔2025〕41号");

    let roster = std::fs::read_to_string(dir.path().join("roster.csv")).unwrap();
    let gongmao_item = "粉尘爆炸危险场所设置在非框架结构的多层建（构）筑物内";
    let gas_item = "未取得燃气经营许可证从事燃气经营活动";
    for (i, line) in roster.lines().skip(1).enumerate() {
        let cols: Vec<&str> = line.split(',').collect();
        let (name, industry) = (cols[0], cols[1]);
        let file = dir.path().join(format!("out/{:03}-{name}.html", i + 1));
        let html = Html::parse_document(&std::fs::read_to_string(&file).unwrap());
        let body = texts(&html, "main").join("");
        assert!(body.contains(&format!("{name}：")), "{name}: 主送");
        assert!(
            body.contains(&format!("襄安委办函〔2025〕{}号", 12 + i)),
            "{name}: doc_no"
        );
        assert!(
            body.contains("该公司抛光车间除尘系统发生爆炸"),
            "{name}: accident summary"
        );
        let cells = texts(&html, "td").join("\n");
        let special = cols.get(7).copied().unwrap_or("");
        match industry {
            // 机械 + 专项 粉尘涉爆: 第三条 + 第七条 + 第十一条 only.
            "机械" => {
                assert_eq!(special, "粉尘涉爆");
                assert!(cells.contains(gongmao_item), "{name}: 第十一条");
                assert!(
                    cells.contains("铸造用熔炼炉、精炼炉、保温炉未设置紧急排放和应急储存设施的"),
                    "{name}: 第七条"
                );
                assert!(
                    !cells.contains("食品制造企业烘制、油炸设备未设置防过热自动切断装置的"),
                    "{name}: no 第八条"
                );
                // Exactly 第三条 + 第七条 + 第十一条: 3 + 7 + 10 rows, and no draft mark.
                let clauses: Vec<String> = texts(&html, "td")
                    .into_iter()
                    .filter(|c| c.starts_with('第') && c.contains("条第（"))
                    .collect();
                let n = |p: &str| clauses.iter().filter(|c| c.starts_with(p)).count();
                assert_eq!(
                    (clauses.len(), n("第三条"), n("第七条"), n("第十一条")),
                    (20, 3, 7, 10),
                    "{clauses:?}"
                );
                assert!(!body.contains("草稿"), "{name}: no draft mark");
            }
            "工贸" => {
                assert!(cells.contains(gongmao_item), "{name}: 工贸 items");
                assert!(!cells.contains(gas_item), "{name}: no 燃气 items");
            }
            "燃气" => {
                assert!(cells.contains(gas_item), "{name}: 燃气 items");
                assert!(!cells.contains(gongmao_item), "{name}: no 工贸 items");
            }
            "矿山" | "地下矿山" => assert!(
                cells.contains("矿井直达地面的独立安全出口少于2个"),
                "{name}"
            ),
            "露天矿山" => {
                assert!(
                    cells.contains("未采用自上而下的开采顺序分台阶或者分层开采"),
                    "{name}"
                );
                assert!(
                    !cells.contains("矿井直达地面的独立安全出口少于2个"),
                    "{name}: no 地下"
                );
            }
            "化工" => assert!(cells.contains("特种作业人员未持证上岗"), "{name}"),
            other => panic!("unexpected industry {other}"),
        }
    }
}

#[test]
fn bad_rows_stop_before_writing_or_are_skipped() {
    let dir = setup();
    let roster = format!(
        "{HEADER}甲公司,工贸,,,,,\n,工贸,,,,,\n乙公司,农业,,,,,\n甲公司,燃气,,,,,\n丙公司,工贸,,,,91141023MA0AY4CL0D,\n丁公司,化工,,,,,\n"
    );
    std::fs::write(dir.path().join("roster.csv"), roster).unwrap();
    let o = letters(dir.path(), "roster.csv", &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("roster.csv:3:1: error: row 3, column 名称: the name is empty"),
        "{err}"
    );
    assert!(
        err.contains("row 4, column 行业: industry `农业` has no checklist"),
        "{err}"
    );
    assert!(
        err.contains("row 5, column 名称: `甲公司` is also in row 2"),
        "{err}"
    );
    assert!(err.contains("row 6, column 统一社会信用代码"), "{err}");
    assert!(!dir.path().join("out").exists(), "nothing may be written");

    let o = letters(dir.path(), "roster.csv", &["--skip-invalid"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("4 roster rows left out: 3, 4, 5, 6"),
        "{}",
        stderr(&o)
    );
    // Each left-out row still says why, at its row and column.
    assert!(
        stderr(&o).contains("roster.csv:4:2: error: row 4, column 行业: industry `农业`"),
        "{}",
        stderr(&o)
    );
    let mut files: Vec<String> = std::fs::read_dir(dir.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md"))
        .collect();
    files.sort();
    assert_eq!(files, ["001-甲公司.md", "002-丁公司.md"]);
}

/// A 行业 one character off (the usual input-method typo) gets the industry or
/// part it was meant to be; one that is nothing like a name gets the list.
#[test]
fn an_industry_one_character_off_is_named_in_the_hint() {
    let dir = setup();
    let roster = format!("{HEADER}甲公司,燃汽,,,,,\n乙公司,机戒,,,,,\n丙公司,农业,,,,,\n");
    std::fs::write(dir.path().join("roster.csv"), roster).unwrap();
    let o = letters(dir.path(), "roster.csv", &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    let hint_after = |row: &str| {
        let at = err.find(row).unwrap_or_else(|| panic!("{row} in {err}"));
        err[at..].lines().nth(1).unwrap_or_default().to_string()
    };
    // An industry the event maps, and a part of the 工贸 checklist.
    assert_eq!(
        hint_after("row 2, column 行业"),
        "  = help: did you mean `燃气`?"
    );
    assert_eq!(
        hint_after("row 3, column 行业"),
        "  = help: did you mean `机械`?"
    );
    assert!(
        hint_after("row 4, column 行业").starts_with("  = help: use one of: `"),
        "{err}"
    );
}

#[test]
fn names_from_the_roster_cannot_write_outside_the_folder() {
    let dir = setup();
    let roster = format!(
        "{HEADER}../../逃逸,工贸,,,,,\n/etc/passwd,工贸,,,,,\nCON,工贸,,,,,\n{},工贸,,,,,\n",
        "长".repeat(300)
    );
    std::fs::write(dir.path().join("roster.csv"), roster).unwrap();
    let o = letters(dir.path(), "roster.csv", &["--format", "md"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = dir.path().join("out");
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        &names[..3],
        ["001-逃逸.md", "002-etc_passwd.md", "003-_CON.md"]
    );
    assert!(names[3].chars().count() <= 70);
    // Nothing appeared beside or above the output folder.
    let mut around: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    around.sort();
    assert_eq!(around, ["checklists", "event.yaml", "out", "roster.csv"]);
}

#[test]
fn gb18030_csv_xlsx_and_yaml_rosters_read_like_utf8() {
    let dir = setup();
    let text = format!("{HEADER}襄汾县堃鑫机械制造有限公司,工贸,地址,王堃,123,,新城镇\n襄汾县喆达燃气有限公司,燃气,,,,,赵康镇\n");
    std::fs::write(dir.path().join("utf8.csv"), &text).unwrap();
    let (gb, _, unmappable) = encoding_rs::GB18030.encode(&text);
    assert!(!unmappable);
    std::fs::write(dir.path().join("gb.csv"), &gb).unwrap();

    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (r, line) in text.lines().enumerate() {
        for (c, cell) in line.split(',').enumerate() {
            if c == 4 && r > 0 && !cell.is_empty() {
                ws.write_number(r as u32, c as u16, cell.parse::<f64>().unwrap())
                    .unwrap();
            } else {
                ws.write_string(r as u32, c as u16, cell).unwrap();
            }
        }
    }
    wb.save(dir.path().join("roster.xlsx")).unwrap();
    std::fs::write(
        dir.path().join("roster.yaml"),
        "- {名称: 襄汾县堃鑫机械制造有限公司, 行业: 工贸, 地址: 地址, 联系人: 王堃, 电话: 123, 乡镇: 新城镇}\n- {name: 襄汾县喆达燃气有限公司, industry: 燃气, township: 赵康镇}\n",
    )
    .unwrap();

    let mut outputs = Vec::new();
    for roster in ["utf8.csv", "gb.csv", "roster.xlsx", "roster.yaml"] {
        let out = format!("out-{roster}");
        let o = qingdan(
            dir.path(),
            &[
                "letters",
                "--event",
                "event.yaml",
                "--roster",
                roster,
                "--out",
                &out,
                "--format",
                "md",
            ],
        );
        assert_eq!(o.status.code(), Some(0), "{roster}: {}", stderr(&o));
        let a = std::fs::read(
            dir.path()
                .join(&out)
                .join("001-襄汾县堃鑫机械制造有限公司.md"),
        )
        .unwrap();
        let b = std::fs::read(dir.path().join(&out).join("002-襄汾县喆达燃气有限公司.md")).unwrap();
        outputs.push((roster, a, b));
    }
    for (roster, a, b) in &outputs[1..] {
        assert!(
            *a == outputs[0].1 && *b == outputs[0].2,
            "{roster} differs from UTF-8 CSV"
        );
    }
}

#[test]
fn industries_from_qingdan_yaml_fill_in_what_the_event_leaves_out() {
    let dir = setup();
    let ev = std::fs::read_to_string(dir.path().join("event.yaml"))
        .unwrap()
        .replace("    工贸: gongmao-major-hazards\n", "");
    std::fs::write(dir.path().join("event.yaml"), ev).unwrap();
    std::fs::write(
        dir.path().join("roster.csv"),
        format!("{HEADER}甲公司,工贸,,,,,\n"),
    )
    .unwrap();
    let o = letters(dir.path(), "roster.csv", &[]);
    assert_eq!(o.status.code(), Some(1), "工贸 is not mapped yet");
    std::fs::write(
        dir.path().join("qingdan.yaml"),
        "industries:\n  工贸: gongmao-major-hazards\n",
    )
    .unwrap();
    let o = letters(dir.path(), "roster.csv", &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let md = std::fs::read_to_string(dir.path().join("out/001-甲公司.md")).unwrap();
    assert!(md.contains("附件：工贸企业重大事故隐患自查清单"), "{md}");
}

/// The font file streams (`/Length1`) of a PDF, raw (still deflated).
fn font_streams(pdf: &[u8]) -> Vec<Vec<u8>> {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    doc.objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| s.dict.has(b"Length1"))
        .map(|s| s.content.clone())
        .collect()
}

#[test]
fn pdf_letters_are_the_same_on_any_number_of_threads_and_share_the_common_subset() {
    let dir = setup();
    let mut roster = String::from(HEADER);
    for i in 0..12 {
        roster.push_str(&format!("襄汾县第{i}号测试企业有限公司,乡镇,,,,,\n"));
    }
    roster.push_str("襄汾县赵康镇人民政府,乡镇,,,,,\n");
    std::fs::write(dir.path().join("roster.csv"), roster).unwrap();
    let run = |threads: &str, out: &str| {
        let o = Command::new(env!("CARGO_BIN_EXE_qingdan"))
            .args(["letters", "--event", "event.yaml", "--roster", "roster.csv"])
            .args(["--out", out, "--format", "pdf", "-q"])
            .env("RAYON_NUM_THREADS", threads)
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    };
    run("1", "one");
    run("2", "two");
    let mut files: Vec<_> = std::fs::read_dir(dir.path().join("one"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    files.sort();
    assert_eq!(files.len(), 14, "13 letters and index.csv");
    // index.csv counts each PDF's pages.
    let index = std::fs::read(dir.path().join("one/index.csv")).unwrap();
    let mut rdr = csv::Reader::from_reader(&index[3..]);
    for r in rdr.records() {
        let r = r.unwrap();
        let pages: usize = r[5].parse().unwrap_or(0);
        assert!(pages >= 1, "页数 of {}: {:?}", &r[1], &r[5]);
    }
    for f in &files {
        let a = std::fs::read(dir.path().join("one").join(f)).unwrap();
        let b = std::fs::read(dir.path().join("two").join(f)).unwrap();
        assert!(a == b, "{f:?} differs between 1 and 2 threads");
    }
    // Every letter embeds the text they share as the same subsets (so each is
    // deflated once), one per face: 朱雀仿宋 for the body, Noto Serif SC for the
    // title and the letterhead; and the names' glyphs as a third, small one.
    let pdfs: Vec<Vec<Vec<u8>>> = files
        .iter()
        .filter(|f| f.to_string_lossy().ends_with(".pdf"))
        .map(|f| font_streams(&std::fs::read(dir.path().join("one").join(f)).unwrap()))
        .collect();
    let common: Vec<&Vec<u8>> = pdfs[0]
        .iter()
        .filter(|s| pdfs.iter().all(|p| p.contains(s)))
        .collect();
    assert_eq!(common.len(), 2, "a shared base subset per face");
    let big = common.iter().map(|s| s.len()).max().unwrap();
    for (i, streams) in pdfs.iter().enumerate() {
        // The names, and the digits of the 发文字号 (in the 仿宋, as the body) a base lacks.
        let own: Vec<usize> = streams
            .iter()
            .filter(|s| !common.contains(s))
            .map(Vec::len)
            .collect();
        assert!(
            (1..=2).contains(&own.len()),
            "letter {}: {} subsets of its own",
            i + 1,
            own.len()
        );
        for n in own {
            assert!(n * 10 < big, "letter {}: {n} bytes", i + 1);
        }
    }
}

#[test]
fn letter_and_file_formats_differ_in_letterhead_and_imprint() {
    let dir = setup();
    std::fs::write(
        dir.path().join("roster.csv"),
        format!("{HEADER}襄汾县第一测试有限公司,乡镇,,,,,\n"),
    )
    .unwrap();
    let html = |dir: &Path| {
        let file = dir.join("out/001-襄汾县第一测试有限公司.html");
        Html::parse_document(&std::fs::read_to_string(file).unwrap())
    };
    let o = letters(dir.path(), "roster.csv", &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let h = html(dir.path());
    assert_eq!(
        texts(&h, "header.letterhead.letter .issuer"),
        ["襄汾县安全生产委员会办公室"]
    );
    assert_eq!(
        texts(&h, "header.letterhead .doc-no"),
        ["襄安委办函〔2025〕12号"]
    );
    let imprint = texts(&h, ".imprint").join("");
    assert!(imprint.contains("抄送：县委办公室"), "{imprint}");
    assert!(
        !imprint.contains("印发"),
        "信函格式: no 印发 line: {imprint}"
    );

    let event = std::fs::read_to_string(dir.path().join("event.yaml")).unwrap();
    std::fs::write(
        dir.path().join("event.yaml"),
        format!("{event}format: file\n"),
    )
    .unwrap();
    let o = letters(dir.path(), "roster.csv", &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let h = html(dir.path());
    assert_eq!(texts(&h, "header.letterhead.file .issuer").len(), 1);
    let imprint = texts(&h, ".imprint").join("");
    assert!(
        imprint.contains("襄汾县安全生产委员会办公室　　2025年3月10日印发"),
        "{imprint}"
    );
}

#[test]
fn event_attachments_are_listed_numbered_and_printed() {
    let dir = setup();
    let event = std::fs::read_to_string(dir.path().join("event.yaml")).unwrap();
    let extra = "attachments:\n  - title: 自查报告（参考样式）\n    file: forms/report.md\n  - title: 事故调查报告（另发）\n";
    std::fs::write(dir.path().join("event.yaml"), format!("{event}{extra}")).unwrap();
    std::fs::create_dir(dir.path().join("forms")).unwrap();
    std::fs::write(
        dir.path().join("forms/report.md"),
        "---\ntitle: ignored\n---\n一、单位基本情况\n\n二、自查发现的问题及整改情况\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("roster.csv"),
        format!("{HEADER}襄汾县第一机械有限公司,工贸,,,,,\n襄汾县城关镇人民政府,乡镇,,,,,\n"),
    )
    .unwrap();
    let o = letters(dir.path(), "roster.csv", &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let html = |name: &str| {
        let f = dir.path().join(format!("out/{name}.html"));
        Html::parse_document(&std::fs::read_to_string(f).unwrap())
    };
    // With the self-check sheet: three attachments, the sheet first.
    let h = html("001-襄汾县第一机械有限公司");
    let body = texts(&h, "main").join("");
    assert!(
        body.contains("附件：1.工贸企业重大事故隐患自查清单　　　　　2.自查报告（参考样式）　　　　　3.事故调查报告（另发）"),
        "{body}"
    );
    assert!(
        body.contains("对照附件1《工贸企业重大事故隐患自查清单》"),
        "{body}"
    );
    assert!(body.contains("附件2"), "label of the second attachment");
    assert!(
        body.contains("二、自查发现的问题及整改情况"),
        "attachment text"
    );
    assert!(
        !body.contains("ignored"),
        "front matter of the attachment left out"
    );
    assert!(
        !body.contains("附件3"),
        "an attachment without a file is only listed"
    );
    // Without a sheet (乡镇): two attachments, numbered from 1.
    let body = texts(&html("002-襄汾县城关镇人民政府"), "main").join("");
    assert!(
        body.contains("附件：1.自查报告（参考样式）　　　　　2.事故调查报告（另发）"),
        "{body}"
    );

    // A missing file is an error at its line, and nothing is written.
    let bad = extra.replace("forms/report.md", "forms/nope.md");
    std::fs::write(dir.path().join("event.yaml"), format!("{event}{bad}")).unwrap();
    std::fs::remove_dir_all(dir.path().join("out")).unwrap();
    let o = letters(dir.path(), "roster.csv", &[]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    let line = event.lines().count() + 3;
    assert!(
        err.contains(&format!(
            "event.yaml:{line}:11: error: attachment `forms/nope.md`"
        )),
        "{err}"
    );
    assert!(!dir.path().join("out").exists());
}

#[test]
fn index_csv_cells_never_run_as_formulas() {
    let dir = setup();
    std::fs::write(
        dir.path().join("roster.csv"),
        format!("{HEADER}=HYPERLINK(\"http://x\"),工贸,,,,,\n@甲公司,乡镇,,,,,\n-5,乡镇,,,,,\n"),
    )
    .unwrap();
    let o = letters(dir.path(), "roster.csv", &["--format", "md"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let index = std::fs::read(dir.path().join("out/index.csv")).unwrap();
    let mut rdr = csv::Reader::from_reader(&index[3..]);
    let records: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    let names: Vec<&str> = records.iter().map(|r| &r[1]).collect();
    assert_eq!(names, ["'=HYPERLINK(\"http://x\")", "'@甲公司", "-5"]);
    // Without PDF there are no pages to count: 页数 stays empty.
    assert!(records.iter().all(|r| r[5].is_empty()));
}

#[test]
fn an_attachments_raw_html_and_script_links_never_reach_the_letter_as_markup() {
    let dir = setup();
    let event = std::fs::read_to_string(dir.path().join("event.yaml")).unwrap();
    let extra = "attachments:\n  - title: 说明\n    file: a.md\n";
    std::fs::write(dir.path().join("event.yaml"), format!("{event}{extra}")).unwrap();
    std::fs::write(
        dir.path().join("a.md"),
        "说明<script>alert(1)</script>。\n\n<img src=x onerror=alert(2)>\n\n[点此](javascript:alert(3))\n\n<div class=\"right\">\n\n落款\n\n</div>\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("roster.csv"),
        format!("{HEADER}襄汾县城关镇人民政府,乡镇,,,,,\n"),
    )
    .unwrap();
    let o = letters(dir.path(), "roster.csv", &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let raw =
        std::fs::read_to_string(dir.path().join("out/001-襄汾县城关镇人民政府.html")).unwrap();
    let h = Html::parse_document(&raw);
    assert_eq!(
        h.select(&Selector::parse("main script, main img").unwrap())
            .count(),
        0,
        "{raw}"
    );
    assert!(!raw.contains("javascript:"), "{raw}");
    // Written characters stay readable as text; the layout vocabulary still works.
    let body = texts(&h, "main").join("");
    assert!(body.contains("说明<script>alert(1)</script>。"), "{body}");
    assert!(texts(&h, "main .right").join("").contains("落款"));
}

/// A letter that cannot be written (a folder stands where its file goes) stops
/// the run with an error naming it, and the run ends: the writers drain what
/// the rendering threads still send (60 letters fill the channel of 16).
#[test]
fn a_letter_that_cannot_be_written_ends_the_run_with_its_name() {
    let dir = setup();
    let mut roster = String::from(HEADER);
    for i in 0..60 {
        roster.push_str(&format!("襄汾县第{i}号测试企业有限公司,乡镇,,,,,\n"));
    }
    std::fs::write(dir.path().join("roster.csv"), roster).unwrap();
    let blocked = dir.path().join("out/003-襄汾县第2号测试企业有限公司.pdf");
    std::fs::create_dir_all(blocked.join("inside")).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_qingdan"))
        .args(["letters", "--event", "event.yaml", "--roster", "roster.csv"])
        .args(["--out", "out", "--format", "pdf", "-q"])
        .current_dir(dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(
            start.elapsed() < std::time::Duration::from_secs(120),
            "letters did not end after a write error"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    let o = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(status.code(), Some(1), "{err}");
    assert!(err.contains("003-襄汾县第2号测试企业有限公司.pdf"), "{err}");
    assert!(
        blocked.join("inside").is_dir(),
        "the folder is left as it was"
    );
}
