//! `qingdan init` and `qingdan new`: a working folder to start from, and
//! skeletons of the inputs a user fills in (results, event, roster).
//!
//! Everything written here is real content: the example checklists and the
//! regulation texts are the built-in catalogue's, the event, roster rows and
//! results are the repository's examples (`examples/`). Nothing is written over
//! an existing file: [`init`] checks every target first and writes nothing if
//! one exists; each file is written atomically.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};

use crate::fsutil;
use crate::i18n::msg;
use crate::model::{builtin, roster, Checklist, Kind};
use crate::render::checklist_context;

/// The example event, copied into `letters/event.yaml`.
const EVENT: &str = include_str!("../examples/letters/event.yaml");
/// The example roster; its first rows go into `letters/roster.csv` and `.xlsx`.
const ROSTER: &str = include_str!("../examples/letters/roster.csv");
/// The example results, copied into `results/gongmao-2025.yaml`.
const RESULTS: &str = include_str!("../examples/results/gongmao-2025.yaml");
/// How many example rows the roster template keeps.
const ROSTER_ROWS: usize = 4;

/// The example checklists of a new folder, one of each kind.
const EXAMPLES: [&str; 3] = [
    "gongmao-major-hazards",
    "principal-duties-law-21",
    "hot-work-inspection-sample",
];

const CONFIG: &str = "\
# qingdan 配置 / configuration. Every key is optional; command-line flags win.
# Paths are relative to this file. `qingdan schema config` prints the schema.

# Your checklists (default: checklists). An id not found here comes from the
# built-in catalogue: `qingdan list` shows them all.
checklists: checklists

# Template overrides by file name (default: templates/ beside checklists/).
# `qingdan templates export templates` writes the built-in ones there to edit.
# templates: templates

# Output folder of `qingdan build` (default: out).
out: out

# Extra font folders for PDF (仿宋_GB2312, 方正小标宋 …); each must exist.
# font_dirs: [fonts]

# Roster 行业 → checklist for `qingdan letters`, for industries the event
# does not map itself; `~`: the letter without a self-check sheet.
# industries:
#   工贸: gongmao-major-hazards
#   乡镇: ~

# Composed checklists `qingdan build` writes besides the whole ones, each into
# its own folder: the common sections plus the parts named.
select:
  - gongmao-major-hazards:机械,粉尘涉爆
";

const README: &str = "\
# qingdan 工作目录 / working folder

Made by `qingdan init`. Try, in this folder:

```
qingdan build                   # 检查表、自查表、承诺书 of checklists/ → out/
qingdan letters --event letters/event.yaml --roster letters/roster.csv --out out/letters
qingdan report --results results/gongmao-2025.yaml --as-of 2025-04-30 -o out/自查报告.pdf
qingdan list                    # every checklist: yours and the built-in ones
```

- `checklists/`: your checklists (one YAML file each; see checklists/README.md).
- `templates/`: template overrides (empty: the built-in templates are used).
- `letters/`: an event and a roster (CSV or XLSX) for 警示提醒函.
- `results/`: a filled self-check (自查结果) for `qingdan report` and `qingdan notices`.
  `qingdan new results --checklist ID -o results/FILE.yaml` writes an empty one.
- `out/`: everything qingdan writes (not kept in git).
";

const CHECKLISTS_README: &str = "\
# checklists

One YAML file per checklist; `qingdan build` renders each into out/<id>/.
The three here are copies of built-in ones, one of each kind (hazards, duties,
inspection). To add one, copy a file here under a new name, give it a new `id:`,
edit it, and run `qingdan validate`. A file with the id of a built-in checklist
replaces it (`qingdan list` shows which). `sources/` holds the regulation texts
that items are checked against word for word (`sources[].text`).
";

const TEMPLATES_README: &str = "\
# templates

Empty: the built-in templates are used. To change one, run
`qingdan templates export templates`, edit the file you want (e.g.
inspection-form.md.tera) and delete the others; `qingdan templates list`
shows which template comes from where.
";

/// The first rows of the example roster (with its header).
fn roster_rows() -> Vec<Vec<String>> {
    ROSTER
        .lines()
        .take(ROSTER_ROWS + 1)
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect()
}

/// A roster as CSV: UTF-8 with a BOM (so Excel and WPS show the Chinese),
/// CRLF line ends as they save it.
pub fn roster_csv(rows: &[Vec<String>]) -> Result<Vec<u8>> {
    crate::model::roster::to_csv(rows).with_context(msg::writing_the_roster)
}

/// A roster as an Excel workbook: the header row in bold, every cell text
/// (so 统一社会信用代码 and phone numbers keep their leading zeros).
pub fn roster_xlsx(rows: &[Vec<String>]) -> Result<Vec<u8>> {
    use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};
    let mut wb = Workbook::new();
    // A fixed date: the same workbook has the same bytes.
    let when = ExcelDateTime::from_ymd(2025, 1, 1)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title("名单")
            .set_author("qingdan")
            .set_creation_datetime(&when),
    );
    let sheet = wb.add_worksheet();
    sheet.set_name("名单")?;
    let head = Format::new().set_bold();
    let text = Format::new().set_num_format("@");
    let widths = [30, 10, 40, 10, 14, 22, 10, 20];
    for (c, (name, w)) in roster::headers().into_iter().zip(widths).enumerate() {
        let c = u16::try_from(c)?;
        sheet.write_string_with_format(0, c, name, &head)?;
        sheet.set_column_width(c, w)?;
        sheet.set_column_format(c, &text)?;
    }
    for (i, r) in rows.iter().enumerate() {
        let row = u32::try_from(i + 1)?;
        for (c, v) in r.iter().enumerate() {
            if !v.is_empty() {
                sheet.write_string(row, u16::try_from(c)?, v)?;
            }
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(wb.save_to_buffer()?)
}

/// Every file of a new working folder: its path relative to the folder and
/// its bytes, in a fixed order.
pub fn init_files() -> Result<Vec<(PathBuf, Vec<u8>)>> {
    let mut files: Vec<(PathBuf, Vec<u8>)> = vec![
        (".gitignore".into(), b"out/\n".to_vec()),
        ("README.md".into(), README.into()),
        ("qingdan.yaml".into(), CONFIG.into()),
        ("checklists/README.md".into(), CHECKLISTS_README.into()),
    ];
    let mut sources: Vec<String> = Vec::new();
    for id in EXAMPLES {
        let e = builtin::get(id).with_context(|| msg::not_built_in(id))?;
        files.push((Path::new("checklists").join(e.name), e.text.into()));
        // The regulation texts it is checked against, as `sources[].text` names them.
        let c = builtin::load(e)
            .checklist
            .with_context(|| msg::built_in_invalid(id))?;
        for s in c.sources.iter().filter_map(|s| s.text.as_deref()) {
            if !sources.iter().any(|x| x == s) {
                sources.push(s.to_string());
            }
        }
    }
    sources.sort();
    for s in sources {
        let e = builtin::SOURCES
            .iter()
            .find(|e| e.name == s)
            .with_context(|| msg::source_not_built_in(&s))?;
        files.push((Path::new("checklists").join(e.name), e.text.into()));
    }
    let rows: Vec<Vec<String>> = roster_rows().into_iter().skip(1).collect();
    files.extend([
        ("templates/README.md".into(), TEMPLATES_README.into()),
        ("letters/event.yaml".into(), EVENT.into()),
        ("letters/roster.csv".into(), roster_csv(&rows)?),
        ("letters/roster.xlsx".into(), roster_xlsx(&rows)?),
        ("results/gongmao-2025.yaml".into(), results_example().into()),
    ]);
    Ok(files)
}

/// The example results, with the command in its comment pointing at this folder.
fn results_example() -> String {
    RESULTS.replace(
        "qingdan report --results examples/results/gongmao-2025.yaml --as-of 2025-04-30 -o examples/results/report.md",
        "qingdan report --results results/gongmao-2025.yaml --as-of 2025-04-30 -o out/自查报告.pdf",
    )
}

/// Why `init` wrote nothing.
#[derive(Debug)]
pub struct Refused {
    /// Paths that already exist (files, or folders that are not empty).
    pub existing: Vec<PathBuf>,
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<String> = self
            .existing
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        let list = names.join(crate::i18n::pick(", ", "、"));
        f.write_str(&if names.len() == 1 {
            msg::refused_existing(list)
        } else {
            msg::refused_existing_many(list)
        })
    }
}

impl std::error::Error for Refused {}

/// True when `p` exists and is not an empty folder (a broken link counts).
fn taken(p: &Path) -> bool {
    match std::fs::symlink_metadata(p) {
        Err(_) => false,
        Ok(m) if m.is_dir() => std::fs::read_dir(p).map_or(true, |mut d| d.next().is_some()),
        Ok(_) => true,
    }
}

/// Makes a working folder in `dir` (created if needed): checks every file and
/// top-level folder first and writes nothing if any exists ([`Refused`]);
/// then writes each file atomically. Returns the paths written.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>> {
    let files = init_files()?;
    // `qingdan init` in the working folder names files without `./`.
    let at = |rel: &Path| {
        if dir == Path::new(".") {
            rel.to_path_buf()
        } else {
            dir.join(rel)
        }
    };
    let mut existing: Vec<PathBuf> = Vec::new();
    if std::fs::metadata(dir).is_ok_and(|m| !m.is_dir()) {
        existing.push(dir.to_path_buf());
    }
    for (rel, _) in existing.is_empty().then_some(&files).into_iter().flatten() {
        // The file itself, and its top-level folder: examples are not mixed
        // into a `checklists/` (or `results/` …) that already has files.
        let mut parts = rel.components();
        let top = parts.next().map(|c| at(Path::new(c.as_os_str())));
        let candidates = [top, Some(at(rel))];
        for p in candidates.into_iter().flatten() {
            if taken(&p) && !existing.contains(&p) && !existing.iter().any(|e| p.starts_with(e)) {
                existing.push(p);
            }
        }
    }
    if !existing.is_empty() {
        return Err(Refused { existing }.into());
    }
    let mut written = Vec::new();
    for (rel, bytes) in &files {
        let path = at(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).with_context(|| msg::creating(parent.display()))?;
        }
        fsutil::write_atomic(&path, bytes).with_context(|| msg::writing(path.display()))?;
        written.push(path);
    }
    Ok(written)
}

/// One line of a YAML comment: newlines folded, so the text stays a comment.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A results skeleton for a (composed) checklist: the `checklist:` line as
/// `selection` names it, empty entity fields and date, and every item that is
/// answered as an empty key (not answered yet) under a comment with its number,
/// text, severity and basis, section by section.
pub fn results_skeleton(c: &Checklist, selection: &str) -> String {
    let ctx = checklist_context(c, "");
    let mut out = String::new();
    let answers = match c.kind {
        Kind::Duties => "ok (已履行), na (不涉及), or, where a duty is not (fully) done, a mapping",
        _ => "ok (符合), na (不涉及), or, for a hazard found, a mapping",
    };
    out.push_str(&format!(
        "# 自查结果 / results: {} ({} version {}), {} items.\n",
        one_line(&c.title),
        c.id,
        c.version,
        ctx.counts.items
    ));
    out.push_str(&format!(
        "# Made by `qingdan new results`. Fill in the entity, the date and every answer:\n\
         # {answers}:\n\
         #   status: hazard\n\
         #   finding: 发现的问题\n\
         #   measure: 整改措施\n\
         #   owner: 责任人\n\
         #   funds: 3600            # 元\n\
         #   deadline: 2025-03-31\n\
         # An empty answer is not answered yet. Then run `qingdan validate FILE` and\n\
         # `qingdan report --results FILE -o 自查报告.pdf`.\n"
    ));
    out.push_str(&format!("checklist: {}\n", yaml_str(selection)));
    out.push_str(&format!("checklist_version: {}\n", yaml_str(&c.version)));
    // Comments above the fields, so a diagnostic's caret marks the value alone.
    out.push_str("entity:\n");
    for (key, what) in [
        ("name", "单位全称"),
        ("uscc", "统一社会信用代码 (18 位)"),
        ("address", "地址"),
        ("principal", "主要负责人"),
        ("contact", "联系人"),
        ("phone", "联系电话"),
    ] {
        out.push_str(&format!("  # {what}\n  {key}: \"\"\n"));
    }
    out.push_str(
        "# 自查日期 YYYY-MM-DD\n\
         date: \"\"\n\
         # 自查人员, e.g. [张三, 李四]\n\
         inspectors: []\n\
         answers:\n",
    );
    for r in &ctx.rows {
        if r.section_start {
            out.push_str(&format!("\n  # {}\n", one_line(&r.section_title)));
        }
        let indent = "  ".repeat(r.depth);
        out.push_str(&format!("  # {indent}{}. {}\n", r.no, one_line(&r.text)));
        if r.group {
            continue;
        }
        out.push_str(&format!(
            "  # {indent}   {} · {}\n",
            r.severity_cn,
            one_line(&r.basis)
        ));
        out.push_str(&format!("  {}:\n", r.id));
    }
    out
}

/// A YAML scalar in double quotes (ids and versions are plain, but a part
/// name could hold anything).
fn yaml_str(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// A mapping key: plain when it is safe to write so (Chinese industry names
/// are), else in double quotes.
fn yaml_key(s: &str) -> String {
    let plain = !s.is_empty()
        && !s.starts_with(['-', '?', ' ', '~'])
        && !s.ends_with(' ')
        && !s.contains([
            ':', '#', '{', '}', '[', ']', ',', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`',
            '\n', '\t',
        ]);
    if plain {
        s.to_string()
    } else {
        yaml_str(s)
    }
}

/// An event skeleton: every field with a comment and an empty value to fill,
/// `self_check.checklists` mapping each hazards checklist's industry to it.
pub fn event_skeleton(checklists: &[Checklist]) -> String {
    let mut map: Vec<(String, String)> = checklists
        .iter()
        .filter(|c| c.kind == Kind::Hazards)
        .map(|c| (c.industry.clone(), c.id.clone()))
        .collect();
    map.sort();
    map.dedup_by(|a, b| a.0 == b.0);
    let mut out = String::from(
        "# 警示提醒函 event: what happened and what every recipient is asked to do.\n\
         # Made by `qingdan new event`; a filled example: `qingdan init` writes\n\
         # letters/event.yaml. Fill every \"\", then run\n\
         #   qingdan letters --event FILE --roster ROSTER.csv --out out/letters\n\
         issuer: \"\"            # 发文机关, e.g. ××县安全生产委员会办公室\n\
         doc_no: \"\"            # 发文字号; {n} is a running number per letter, e.g. ×安委办函〔2025〕{n}号\n\
         number_from: 1        # the first {n}\n\
         date: \"\"              # 成文日期 YYYY-MM-DD\n\
         title: \"\"             # 标题, e.g. 关于深刻吸取……事故教训……的警示提醒函\n\
         accident:\n  \
           date: \"\"            # YYYY-MM-DD\n  \
           place: \"\"           # 某省某市某区\n  \
           enterprise: \"\"      # 事故单位\n  \
           kind: \"\"            # 事故类型, e.g. 粉尘爆炸\n  \
           deaths: 0\n  \
           injuries: 0\n  \
           loss: \"\"            # 直接经济损失, e.g. 约600万元\n  \
           summary: \"\"         # 事故概况\n  \
           cause: \"\"           # 初步原因\n\
         lessons:              # 暴露问题\n  \
           - \"\"\n\
         requirements:         # 工作要求, numbered 一、二、三\n  \
           - \"\"\n\
         self_check:\n  \
           # roster 行业 → checklist id (with parts: `机械: gongmao-major-hazards:机械`);\n  \
           # `~`: the letter without a self-check sheet. `qingdan list` shows the ids.\n  \
           checklists:\n",
    );
    for (industry, id) in &map {
        out.push_str(&format!("    {}: {id}\n", yaml_key(industry)));
    }
    out.push_str(
        "    乡镇: ~\n  \
           deadline: \"\"        # 自查并报送的期限 YYYY-MM-DD\n  \
           report: \"\"          # 如何报送自查报告\n\
         contact:\n  \
           name: \"\"\n  \
           phone: \"\"\n  \
           email: \"\"\n\
         cc: []                # 抄送, e.g. [县委办公室, 县人民政府办公室]\n\
         public: true          # （此件主动公开）\n",
    );
    out
}

/// An empty roster (header row only) in the format the file name asks for:
/// `.xlsx` or CSV (anything else).
pub fn roster_template(xlsx: bool) -> Result<Vec<u8>> {
    if xlsx {
        roster_xlsx(&[])
    } else {
        roster_csv(&[])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_results_comment_is_rewritten_for_the_folder() {
        let r = results_example();
        assert!(r.contains("--results results/gongmao-2025.yaml"), "{r}");
        assert!(!r.contains("examples/"), "{r}");
    }

    #[test]
    fn the_roster_template_keeps_the_example_header() {
        let rows = roster_rows();
        assert_eq!(rows[0], roster::headers());
        assert_eq!(rows.len(), ROSTER_ROWS + 1);
        assert!(rows.iter().all(|r| r.len() == roster::headers().len()));
    }

    #[test]
    fn the_same_files_every_time() {
        let (a, b) = (init_files().ok(), init_files().ok());
        assert!(a.is_some());
        assert_eq!(a, b);
    }
}
