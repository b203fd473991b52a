//! `qingdan merge`: a general mail merge of one checklist, one template and a
//! roster of people: one document per roster row (an employee's
//! 岗位安全生产承诺书 is the built-in use).
//!
//! Every row's cells reach the template as `row` (by header: `row["姓名"]`),
//! and the known columns as `person` (`name` 姓名, `post` 岗位, `department`
//! 部门, Chinese or English headers). When the checklist is `kind:
//! responsibilities`, the row's 岗位 chooses its post (a section, by title, id
//! or alias) as `section`. Every row is checked before anything is written;
//! then the documents go through [`mailmerge`] like letters do.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use serde::Serialize;

use crate::build::{self, Invalid};
use crate::i18n::{self, msg};
use crate::mailmerge;
use crate::model::roster;
use crate::model::{load::suggest, Checklist, Diagnostic, Kind, Section, Status};
use crate::output::{self, Format};
use crate::pdf;
use crate::render::Templates;

/// The template that needs a post per row.
pub const PLEDGE: &str = "responsibility-pledge";

/// The columns `merge` knows: key, Chinese header, accepted headers.
pub const COLUMNS: &[(&str, &str, &[&str])] = &[
    ("name", "姓名", &["姓名", "员工姓名", "name"]),
    (
        "post",
        "岗位",
        &["岗位", "岗位名称", "工种", "post", "position"],
    ),
    (
        "department",
        "部门",
        &["部门", "所在部门", "车间", "department"],
    ),
];

/// Resolved options for `qingdan merge`.
#[derive(Debug, Clone)]
pub struct Options {
    /// Template name.
    pub template: String,
    /// The checklist's file (as named on the command line), for messages and
    /// the `--combined` check.
    pub checklist_file: PathBuf,
    /// The roster file (.csv, .xlsx, .yaml).
    pub roster: PathBuf,
    /// Folder of checklists (its files may not be overwritten by `--combined`).
    pub checklists: PathBuf,
    /// Template override folders.
    pub templates: Vec<PathBuf>,
    /// Output folder.
    pub out: PathBuf,
    /// Formats to write.
    pub formats: Vec<Format>,
    /// Also write every document into this one PDF, each starting on an odd page.
    pub combined: Option<PathBuf>,
    /// Show a progress bar.
    pub progress: bool,
}

/// Who a document is for: the known columns of a row.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Person {
    /// 姓名.
    pub name: String,
    /// 岗位, as the roster writes it.
    pub post: String,
    /// 部门.
    pub department: String,
}

/// One roster row, checked.
#[derive(Debug, Clone)]
struct Entry {
    person: Person,
    /// Every cell by its header.
    row: BTreeMap<String, String>,
    /// The post's section, when the checklist lists posts.
    section: Option<usize>,
}

/// One document written.
#[derive(Debug, Clone)]
pub struct Doc {
    /// Running number (1-based).
    pub no: usize,
    /// Who it is for.
    pub person: Person,
    /// The post's section id ("" when none).
    pub section: String,
    /// Files written, one per format.
    pub files: Vec<PathBuf>,
    /// Pages of the PDF (0 without PDF output).
    pub pages: usize,
}

/// What `merge` did.
#[derive(Debug, Default)]
pub struct Summary {
    /// Documents written, in roster order.
    pub docs: Vec<Doc>,
    /// Pages in the combined PDF, if one was written.
    pub combined_pages: usize,
    /// Documents of an earlier run in the same folder that this run did not
    /// write again, removed.
    pub removed: Vec<PathBuf>,
    /// Seconds spent.
    pub seconds: f64,
}

/// The data a merge template sees.
#[derive(Serialize)]
struct MergeContext<'a> {
    checklist: &'a Checklist,
    /// True when the checklist is `status: draft`.
    draft: bool,
    person: &'a Person,
    row: &'a BTreeMap<String, String>,
    section: Option<&'a Section>,
    /// Running number and count of documents.
    no: usize,
    count: usize,
    generator: &'static str,
}

/// The known column a header names, if any.
fn column_key(header: &str) -> Option<&'static str> {
    let h = header.trim().trim_start_matches('\u{feff}');
    COLUMNS
        .iter()
        .find(|(_, _, aliases)| aliases.iter().any(|a| a.eq_ignore_ascii_case(h)))
        .map(|(k, _, _)| *k)
}

/// The section a post names: by title, id or alias, exactly (ignoring case
/// and surrounding space), else `Err` with the names it could have been.
pub fn find_post(c: &Checklist, post: &str) -> std::result::Result<usize, Vec<String>> {
    let p = post.trim();
    let same = |a: &str| a.trim() == p || a.trim().eq_ignore_ascii_case(p);
    c.sections
        .iter()
        .position(|s| same(&s.title) || same(&s.id) || s.aliases.iter().any(|a| same(a)))
        .ok_or_else(|| {
            c.sections
                .iter()
                .flat_map(|s| std::iter::once(&s.title).chain(&s.aliases))
                .cloned()
                .collect()
        })
}

/// Reads and checks the roster: the people to write, or the diagnostics
/// that stop the run (a missing column, an empty name, an unknown post). A
/// column `merge` does not know is no warning: the template sees it in `row`.
fn prepare(opts: &Options, c: &Checklist) -> Result<Vec<Entry>> {
    let path = &opts.roster;
    let invalid = |diags: Vec<Diagnostic>| Invalid {
        diags: diags.into_iter().map(|d| (d, String::new())).collect(),
    };
    let table = roster::read_table(path).map_err(|d| invalid(vec![d]))?;
    let keys: Vec<Option<&str>> = table.header.iter().map(|h| column_key(h)).collect();
    let col = |key: &str| keys.iter().position(|k| *k == Some(key));
    let needs_post = c.kind == Kind::Responsibilities || opts.template == PLEDGE;
    for (key, cn, _) in COLUMNS {
        if col(key).is_none() && (*key == "name" || (*key == "post" && needs_post)) {
            return Err(invalid(vec![Diagnostic::error(
                "missing-column",
                path,
                msg::missing_column(cn),
            )
            .hint(msg::missing_column_hint(cn, key))])
            .into());
        }
    }
    if let Some(d) = roster::duplicate_column(path, &table.header, &keys, COLUMNS) {
        return Err(invalid(vec![d]).into());
    }
    let fonts = if opts.formats.contains(&Format::Pdf) {
        Some(output::fonts()?)
    } else {
        None
    };
    let mut diags = Vec::new();
    let mut entries = Vec::new();
    for (line, cells) in &table.rows {
        let cell = |key: &str| {
            col(key)
                .and_then(|i| cells.get(i))
                .map(|s| s.trim().to_string())
                .unwrap_or_default()
        };
        let person = Person {
            name: cell("name"),
            post: cell("post"),
            department: cell("department"),
        };
        let mut problem = |key: &str, cn: &str, what: String, hint: String| {
            let mut d =
                Diagnostic::error("roster-row", path, msg::roster_row(line, cn, what)).hint(hint);
            d.line = *line;
            d.column = col(key).map_or(1, |c| c + 1);
            diags.push(d);
        };
        if person.name.is_empty() {
            problem(
                "name",
                "姓名",
                msg::person_name_empty(),
                msg::person_name_empty_hint(),
            );
        }
        let mut section = None;
        if c.kind == Kind::Responsibilities {
            if person.post.is_empty() {
                problem("post", "岗位", msg::post_empty(), msg::post_empty_hint());
            } else {
                match find_post(c, &person.post) {
                    Ok(s) => section = Some(s),
                    Err(names) => problem(
                        "post",
                        "岗位",
                        msg::unknown_post(&person.post, &c.id),
                        suggest(&person.post, &names, "post"),
                    ),
                }
            }
        }
        if let Some(fonts) = fonts {
            for (key, cn, value) in [
                ("name", "姓名", &person.name),
                ("department", "部门", &person.department),
            ] {
                if let Some(ch) = fonts.missing_chars("serif", value).first() {
                    problem(
                        key,
                        cn,
                        msg::row_glyph_missing(line, cn, format!("{:04X}", u32::from(*ch)), ch),
                        msg::glyph_missing_hint(),
                    );
                }
            }
        }
        let row = table
            .header
            .iter()
            .zip(cells.iter().chain(std::iter::repeat(&String::new())))
            .filter(|(h, _)| !h.trim().is_empty())
            .map(|(h, v)| {
                (
                    h.trim().trim_start_matches('\u{feff}').to_string(),
                    v.clone(),
                )
            })
            .collect();
        entries.push(Entry {
            person,
            row,
            section,
        });
    }
    if !diags.is_empty() {
        return Err(invalid(diags).into());
    }
    if entries.is_empty() {
        return Err(invalid(vec![
            Diagnostic::error("empty", path, msg::roster_empty()).hint(msg::roster_empty_hint())
        ])
        .into());
    }
    Ok(entries)
}

/// Runs `qingdan merge` with the checklist (validated and composed) that
/// `opts.checklist_file` names.
pub fn run(opts: &Options, c: &Checklist) -> Result<Summary> {
    let started = std::time::Instant::now();
    let templates = Templates::load(&build::template_dirs(&opts.checklists, &opts.templates))?;
    if templates.source(&opts.template).is_none() {
        let d = Diagnostic::error(
            "unknown-template",
            &opts.checklist_file,
            msg::no_template(&opts.template),
        )
        .hint(suggest(&opts.template, &templates.names(), "template"));
        return Err(Invalid {
            diags: vec![(d, String::new())],
        }
        .into());
    }
    if opts.template == PLEDGE && c.kind != Kind::Responsibilities {
        let d = Diagnostic::error(
            "wrong-template",
            &opts.checklist_file,
            msg::pledge_needs_posts(c.kind.as_str()),
        )
        .hint(msg::pledge_needs_posts_hint());
        return Err(Invalid {
            diags: vec![(d, String::new())],
        }
        .into());
    }
    if opts.combined.is_some() && !opts.formats.contains(&Format::Pdf) {
        anyhow::bail!(msg::combined_needs_pdf());
    }
    let entries = prepare(opts, c)?;
    let names: Vec<&str> = entries.iter().map(|e| e.person.name.as_str()).collect();
    let stems = mailmerge::file_stems(&names);
    if let Some(combined) = &opts.combined {
        let mut inputs = vec![
            (opts.roster.clone(), msg::the_roster()),
            (opts.checklist_file.clone(), msg::a_checklist()),
        ];
        if let Ok(files) = crate::model::find_yaml(&opts.checklists) {
            inputs.extend(files.into_iter().map(|f| (f, msg::a_checklist())));
        }
        mailmerge::check_combined(
            combined,
            &inputs,
            &mailmerge::outputs(&opts.out, &stems, &opts.formats),
        )?;
    }
    let earlier = mailmerge::earlier_files(&opts.out, 4, &[]);
    crate::fsutil::remove_stale_temps(&opts.out, 0);
    std::fs::create_dir_all(&opts.out).with_context(|| msg::creating(opts.out.display()))?;
    let bar = opts.progress.then(|| {
        mailmerge::progress_bar(
            entries.len(),
            i18n::pick(
                "{bar:40} {pos}/{len} documents {elapsed_precise}",
                "{bar:40} {pos}/{len} 份 {elapsed_precise}",
            ),
        )
    });
    let fonts = output::fonts()?;
    let count = entries.len();
    let docs = mailmerge::write_all(count, bar.as_ref(), |i| {
        let (e, stem) = (&entries[i], &stems[i]);
        let section = e.section.and_then(|s| c.sections.get(s));
        let ctx = MergeContext {
            checklist: c,
            draft: c.status == Status::Draft,
            person: &e.person,
            row: &e.row,
            section,
            no: i + 1,
            count,
            generator: concat!("qingdan ", env!("CARGO_PKG_VERSION")),
        };
        let md = templates
            .render(&opts.template, &ctx)
            .with_context(|| msg::document_for(&e.person.name))?;
        let mut files = Vec::new();
        let mut pages = 0;
        for f in &opts.formats {
            let bytes = if *f == Format::Pdf {
                let (p, info) =
                    output::layout_pdf(&md).with_context(|| msg::document_for(&e.person.name))?;
                pages = p.len();
                pdf::write(&p, fonts, &info)?
            } else {
                output::convert(&md, *f).with_context(|| msg::document_for(&e.person.name))?
            };
            files.push((opts.out.join(format!("{stem}.{}", f.ext())), bytes));
        }
        let doc = Doc {
            no: i + 1,
            person: e.person.clone(),
            section: section.map(|s| s.id.clone()).unwrap_or_default(),
            files: files.iter().map(|(p, _)| p.clone()).collect(),
            pages,
        };
        Ok((files, doc))
    })?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let mut summary = Summary {
        docs,
        ..Summary::default()
    };
    if let Some(path) = &opts.combined {
        let info = pdf::Info {
            title: Some(format!("{}（合订本）", c.title)),
            author: c.enterprise.clone(),
            subject: Some(opts.template.clone()),
            date: None,
        };
        summary.combined_pages = mailmerge::combine(
            summary
                .docs
                .iter()
                .filter_map(|d| mailmerge::first_pdf(&d.files)),
            path,
            &info,
        )?;
    }
    write_index(&opts.out, &summary.docs)?;
    let written: Vec<PathBuf> = summary
        .docs
        .iter()
        .flat_map(|d| d.files.iter().cloned())
        .collect();
    summary.removed = crate::fsutil::remove_earlier(&opts.out, &earlier, &written)
        .with_context(|| msg::removing(opts.out.display()))?;
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// `index.csv`: number, name, department, post, file, pages, section id.
fn write_index(out: &Path, docs: &[Doc]) -> Result<()> {
    mailmerge::write_index(
        out,
        &["序号", "姓名", "部门", "岗位", "文件", "页数", "岗位编号"],
        docs.iter().map(|d| {
            vec![
                d.no.to_string(),
                d.person.name.clone(),
                d.person.department.clone(),
                d.person.post.clone(),
                d.files
                    .first()
                    .map(|p| mailmerge::file_name(p))
                    .unwrap_or_default(),
                if d.pages > 0 {
                    d.pages.to_string()
                } else {
                    String::new()
                },
                d.section.clone(),
            ]
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::parse_checklist;

    fn posts() -> Checklist {
        let yaml = "id: r\nkind: responsibilities\ntitle: T\nindustry: 机械\nversion: \"1\"\nsources: []\nsections:\n  - id: welder\n    title: 电焊工\n    aliases: [焊工]\n    items:\n      - id: w1\n        text: 持证上岗\n  - id: crane\n    title: 行车工\n    items:\n      - id: c1\n        text: 十不吊\n";
        let f = parse_checklist(Path::new("r.yaml"), yaml.to_string());
        f.checklist.unwrap_or_else(|| panic!("{:?}", f.diags))
    }

    #[test]
    fn a_post_is_found_by_title_id_or_alias() {
        let c = posts();
        assert_eq!(find_post(&c, "电焊工"), Ok(0));
        assert_eq!(find_post(&c, " 焊工 "), Ok(0));
        assert_eq!(find_post(&c, "WELDER"), Ok(0));
        assert_eq!(find_post(&c, "行车工"), Ok(1));
        let Err(names) = find_post(&c, "行车") else {
            panic!("行车 is no post")
        };
        assert_eq!(names, ["电焊工", "焊工", "行车工"]);
    }

    #[test]
    fn headers_name_the_known_columns() {
        assert_eq!(column_key("\u{feff}姓名"), Some("name"));
        assert_eq!(column_key("Post"), Some("post"));
        assert_eq!(column_key("部门"), Some("department"));
        assert_eq!(column_key("备注"), None);
    }
}
