//! `qingdan ledger`: many results files and the roster → the county's hazard
//! ledger (隐患台账): every hazard with its 乡镇 and 行业, counts as of a date,
//! the enterprises that have not reported, as a workbook, CSV, JSON or a
//! summary report with charts (template `ledger-summary`).
//!
//! Each results file is loaded and counted exactly as `report` does it
//! ([`crate::report::load`], [`crate::report::Report::hazards`]): a hazard is
//! rectified when its `rectified_on` is on or before the as-of date, overdue
//! when it is open and its deadline is before that date, else in progress.
//! Results are joined to roster rows by 统一社会信用代码, then by name; one
//! the roster lacks still counts, under [`OUTSIDE`]. Outputs depend only on the
//! inputs and the as-of date.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use rayon::prelude::*;
use serde::Serialize;

use crate::i18n::msg;
use crate::model::roster::Recipient;
use crate::model::validate::parse_date;
use crate::model::Diagnostic;
use crate::output;
use crate::render::Templates;
use crate::report::{self, HazardRow, ReportFormat};

/// Template of the summary report.
pub const TEMPLATE: &str = "ledger-summary";

/// 乡镇 and 行业 of results whose enterprise the roster lacks.
pub const OUTSIDE: &str = "(名册外)";

/// The ledger's columns, in order (a documented contract: README "qingdan ledger").
pub const COLUMNS: [&str; 22] = [
    "乡镇",
    "行业",
    "单位",
    "统一社会信用代码",
    "检查项",
    "依据",
    "等级",
    "隐患描述",
    "整改措施",
    "责任人",
    "资金",
    "时限",
    "完成日期",
    "状态",
    "逾期天数",
    "结果文件",
    "隐患来源",
    "挂牌督办",
    "督办日期",
    "复查人",
    "复查日期",
    "闭环状态",
];

/// 隐患来源 in the order the summary lists them; hazards without one count
/// under [`NO_SOURCE`].
pub const SOURCES: [&str; 3] = ["企业自查", "部门检查", "执法检查"];

/// The source of hazards whose results give none.
pub const NO_SOURCE: &str = "(未注明)";

/// Most results files read.
pub const MAX_FILES: usize = 100_000;

/// What to read.
#[derive(Debug, Clone)]
pub struct Options {
    /// Folder of results files (`*.yaml`, `*.yml`, at any depth).
    pub results: PathBuf,
    /// The roster.
    pub roster: PathBuf,
    /// Folder of checklists (before the built-in ones).
    pub checklists: PathBuf,
    /// The date counts are made as of (YYYY-MM-DD).
    pub as_of: String,
    /// Check that every character can be printed (for PDF output).
    pub pdf: bool,
}

/// One results file after loading: its diagnostics and, if valid, what counts.
#[derive(Debug)]
pub struct FileResult {
    /// The file.
    pub path: PathBuf,
    /// Its text when there are diagnostics to show (else empty).
    pub text: String,
    /// Errors and warnings in it.
    pub diags: Vec<Diagnostic>,
    /// The submission, when the file is valid.
    pub submission: Option<Submission>,
    /// The self-check date, when it is after the as-of date (not counted).
    pub later: Option<String>,
}

impl FileResult {
    /// True when the file has an error.
    pub fn invalid(&self) -> bool {
        self.diags.iter().any(Diagnostic::is_error)
    }
}

/// What one valid results file contributes.
#[derive(Debug, Clone)]
pub struct Submission {
    /// The file.
    pub path: PathBuf,
    /// 单位名称 as the results give it.
    pub name: String,
    /// 统一社会信用代码 as the results give it.
    pub uscc: String,
    /// Self-check date.
    pub date: String,
    /// Checklist id.
    pub checklist: String,
    /// The hazards, counted as `report` counts them.
    pub hazards: Vec<HazardRow>,
}

/// Lists the results files under `dir`: `*.yaml` and `*.yml` at any depth,
/// sorted by path (hidden files and folders left out).
pub fn results_files(dir: &Path) -> Result<Vec<PathBuf>> {
    anyhow::ensure!(
        dir.is_dir(),
        "{} is not a folder: --results names the folder of results files",
        dir.display()
    );
    let mut out = Vec::new();
    let walk = walkdir::WalkDir::new(dir)
        .follow_links(false)
        .max_depth(16)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for e in walk {
        let e = e.with_context(|| msg::reading(dir.display()))?;
        let yaml = e
            .path()
            .extension()
            .and_then(|x| x.to_str())
            .is_some_and(|x| x.eq_ignore_ascii_case("yaml") || x.eq_ignore_ascii_case("yml"));
        if yaml && e.file_type().is_file() {
            out.push(e.into_path());
            anyhow::ensure!(
                out.len() <= MAX_FILES,
                "more than {MAX_FILES} results files under {}",
                dir.display()
            );
        }
    }
    out.sort();
    Ok(out)
}

/// Loads one results file as `report` does, as of `opts.as_of`.
pub fn load_one(path: &Path, opts: &Options) -> FileResult {
    let ropts = |as_of: Option<String>| report::Options {
        results: path.to_path_buf(),
        checklists: opts.checklists.clone(),
        allow_incomplete: false,
        as_of,
    };
    let loaded = report::load(&ropts(Some(opts.as_of.clone())));
    let errors: Vec<&Diagnostic> = loaded.diags.iter().filter(|d| d.is_error()).collect();
    if loaded.report.is_none() && !errors.is_empty() && errors.iter().all(|d| d.code == "bad-as-of")
    {
        // Only "the self-check is after the as-of date": not yet reported then.
        let again = report::load(&ropts(None));
        if let Some(r) = again.report {
            return FileResult {
                path: path.to_path_buf(),
                text: String::new(),
                diags: Vec::new(),
                submission: None,
                later: Some(r.results.date),
            };
        }
    }
    let mut diags = loaded.diags;
    if opts.pdf && loaded.report.is_some() {
        match output::missing_glyphs(path, &loaded.text, "serif") {
            Ok(d) => diags.extend(d),
            Err(e) => diags.push(Diagnostic::error("fonts", path, e.to_string())),
        }
    }
    let bad = diags.iter().any(Diagnostic::is_error);
    let submission = loaded.report.filter(|_| !bad).map(|r| Submission {
        path: path.to_path_buf(),
        hazards: r.hazards(),
        name: r.results.entity.name.trim().to_string(),
        uscc: r.results.entity.uscc.trim().to_string(),
        date: r.results.date,
        checklist: r.checklist.id,
    });
    FileResult {
        path: path.to_path_buf(),
        text: if diags.is_empty() {
            String::new()
        } else {
            loaded.text
        },
        diags,
        submission,
        later: None,
    }
}

/// Loads every file in parallel; the results are in the order of `files`.
pub fn load_all(files: &[PathBuf], opts: &Options) -> Vec<FileResult> {
    files.par_iter().map(|p| load_one(p, opts)).collect()
}

/// Totals over a set of hazards.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Totals {
    /// Hazards.
    pub total: usize,
    /// Of which major (重大).
    pub major: usize,
    /// Of which general (一般).
    pub general: usize,
    /// Rectified on or before the as-of date.
    pub rectified: usize,
    /// Not rectified by then (in progress and overdue).
    pub open: usize,
    /// Open with a deadline before the as-of date.
    pub overdue: usize,
    /// Major and open.
    pub major_open: usize,
    /// Major and overdue.
    pub major_overdue: usize,
    /// Sum of `funds`, 元.
    pub funds: f64,
    /// Rectified and reviewed by the as-of date (销号).
    pub closed: usize,
    /// Rectified, not yet reviewed (已整改待复查).
    pub awaiting_review: usize,
    /// Under supervision (挂牌督办).
    pub supervised: usize,
    /// Under supervision and not yet 销号.
    pub supervised_open: usize,
}

impl Totals {
    fn add(&mut self, h: &HazardRow) {
        self.total += 1;
        if h.major {
            self.major += 1;
        } else {
            self.general += 1;
        }
        match h.state {
            "rectified" => self.rectified += 1,
            s => {
                self.open += 1;
                let overdue = s == "overdue";
                self.overdue += usize::from(overdue);
                if h.major {
                    self.major_open += 1;
                    self.major_overdue += usize::from(overdue);
                }
            }
        }
        self.funds += h.funds.unwrap_or(0.0);
        self.closed += usize::from(h.closed);
        self.awaiting_review += usize::from(h.stage == "awaiting_review");
        let supervised = h.supervised_by.is_some();
        self.supervised += usize::from(supervised);
        self.supervised_open += usize::from(supervised && !h.closed);
    }
}

/// One 乡镇 or 行业 of the summary.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Group {
    /// The 乡镇 (in `by_township`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub township: Option<String>,
    /// The 行业 (in `by_industry`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub industry: Option<String>,
    /// Roster rows.
    pub enterprises: usize,
    /// Of which reported (plus, under (名册外), those the roster lacks).
    pub submitted: usize,
    /// Roster rows not reported.
    pub missing: usize,
    /// Hazards.
    pub hazards: usize,
    /// Major hazards.
    pub major: usize,
    /// General hazards.
    pub general: usize,
    /// Rectified.
    pub rectified: usize,
    /// Open.
    pub open: usize,
    /// Overdue.
    pub overdue: usize,
    /// Major and open.
    pub major_open: usize,
    /// Major and overdue.
    pub major_overdue: usize,
    /// Funds, 元.
    pub funds: f64,
    /// 销号: rectified and reviewed.
    pub closed: usize,
    /// Rectified, not yet reviewed.
    pub awaiting_review: usize,
    /// Under supervision (挂牌督办).
    pub supervised: usize,
    /// Under supervision and not yet 销号.
    pub supervised_open: usize,
}

impl Group {
    fn add(&mut self, t: &Totals) {
        self.hazards += t.total;
        self.major += t.major;
        self.general += t.general;
        self.rectified += t.rectified;
        self.open += t.open;
        self.overdue += t.overdue;
        self.major_open += t.major_open;
        self.major_overdue += t.major_overdue;
        self.funds += t.funds;
        self.closed += t.closed;
        self.awaiting_review += t.awaiting_review;
        self.supervised += t.supervised;
        self.supervised_open += t.supervised_open;
    }
}

/// The hazards of one 隐患来源.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct SourceGroup {
    /// 企业自查, 部门检查, 执法检查 or (未注明).
    pub source: String,
    /// Hazards.
    pub hazards: usize,
    /// Major hazards.
    pub major: usize,
    /// Open.
    pub open: usize,
    /// Overdue.
    pub overdue: usize,
    /// 销号.
    pub closed: usize,
}

/// How the files were used.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Files {
    /// Results files found.
    pub read: usize,
    /// Counted.
    pub counted: usize,
    /// Invalid and left out (`--skip-invalid`).
    pub invalid: Vec<String>,
    /// Dated after the as-of date: not counted.
    pub later: Vec<String>,
    /// Replaced by a later self-check of the same enterprise and checklist.
    pub superseded: Vec<String>,
}

/// The counts (`--json`; a documented, stable schema: README "qingdan ledger").
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Summary {
    /// The date counted as of.
    pub as_of: String,
    /// Roster rows.
    pub enterprises: usize,
    /// Roster rows with a results file.
    pub submitted: usize,
    /// Roster rows without one, by name, in roster order.
    pub missing: Vec<String>,
    /// Enterprises of results files the roster lacks.
    pub outside_roster: Vec<String>,
    /// Over every counted hazard.
    pub hazards: Totals,
    /// Per 乡镇, in roster order, (名册外) last.
    pub by_township: Vec<Group>,
    /// Per 行业, in roster order, (名册外) last.
    pub by_industry: Vec<Group>,
    /// The files.
    pub files: Files,
    /// Per 隐患来源: 企业自查, 部门检查, 执法检查, then (未注明) when any
    /// hazard gives none.
    pub by_source: Vec<SourceGroup>,
    /// The hazards under supervision (挂牌督办) not yet 销号, earliest
    /// supervision first.
    pub supervised_hazards: Vec<SupervisedHazard>,
}

/// A hazard under supervision (挂牌督办) not yet 销号, in `--json`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SupervisedHazard {
    /// 乡镇.
    pub township: String,
    /// 单位.
    pub name: String,
    /// 统一社会信用代码.
    pub uscc: String,
    /// Checklist id.
    pub checklist: String,
    /// Item id.
    pub item: String,
    /// 隐患描述.
    pub finding: String,
    /// 督办单位.
    pub by: String,
    /// 挂牌日期.
    pub since: String,
    /// 整改时限.
    pub deadline: Option<String>,
    /// `open`, `overdue` or `awaiting_review`.
    pub state: String,
}

/// One hazard of the ledger.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    /// 乡镇.
    pub township: String,
    /// 行业.
    pub industry: String,
    /// 单位 (the roster's name when joined).
    pub name: String,
    /// 统一社会信用代码.
    pub uscc: String,
    /// The results file.
    pub file: String,
    /// Checklist id.
    pub checklist: String,
    /// The self-check date of its results file.
    pub date: String,
    /// Index of its roster row in the roster given to [`build`] (`None`
    /// outside the roster).
    #[serde(skip)]
    pub roster_index: Option<usize>,
    /// The hazard as `report` shows it.
    #[serde(flatten)]
    pub hazard: HazardRow,
}

/// A roster row not reported.
#[derive(Debug, Clone, Serialize)]
pub struct Missing {
    /// 乡镇.
    pub township: String,
    /// 行业.
    pub industry: String,
    /// 名称.
    pub name: String,
    /// 统一社会信用代码.
    pub uscc: String,
    /// 联系人.
    pub contact: String,
    /// 电话.
    pub phone: String,
}

/// The whole ledger.
#[derive(Debug, Clone)]
pub struct Ledger {
    /// Counts.
    pub summary: Summary,
    /// Every hazard: by 乡镇 and enterprise in roster order, then checklist order.
    pub entries: Vec<Entry>,
    /// Roster rows not reported.
    pub missing: Vec<Missing>,
    /// Warnings about the join (no diagnostics of a file).
    pub notes: Vec<String>,
}

fn blank_or(s: &str, or: &str) -> String {
    if s.trim().is_empty() {
        or.to_string()
    } else {
        s.trim().to_string()
    }
}

/// Where a submission belongs: a roster row, or the name it gives.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Owner {
    Row(usize),
    Outside(String),
}

/// Builds the ledger from the roster rows and the loaded files.
pub fn build(as_of: &str, roster: &[Recipient], files: &[FileResult]) -> Ledger {
    let mut notes = Vec::new();
    let mut by_uscc: HashMap<String, usize> = HashMap::new();
    let mut by_name: HashMap<String, usize> = HashMap::new();
    for (i, r) in roster.iter().enumerate() {
        let code = r.uscc.trim().to_ascii_uppercase();
        if !code.is_empty() {
            if let Some(j) = by_uscc.get(&code) {
                notes.push(msg::same_uscc(roster[*j].row, r.row, &code));
            } else {
                by_uscc.insert(code, i);
            }
        }
        by_name.entry(r.name.trim().to_string()).or_insert(i);
    }
    let mut summary_files = Files {
        read: files.len(),
        ..Files::default()
    };
    // The latest self-check of each enterprise and checklist counts.
    let mut latest: BTreeMap<(Owner, String), &Submission> = BTreeMap::new();
    for f in files {
        if f.invalid() {
            summary_files.invalid.push(f.path.display().to_string());
            continue;
        }
        if let Some(d) = &f.later {
            summary_files
                .later
                .push(format!("{} ({d})", f.path.display()));
            continue;
        }
        let Some(s) = &f.submission else { continue };
        let owner = match by_uscc.get(&s.uscc.to_ascii_uppercase()) {
            Some(i) => Owner::Row(*i),
            None => match by_name.get(&s.name) {
                Some(i) => Owner::Row(*i),
                None => {
                    notes.push(msg::not_in_roster(
                        s.path.display(),
                        &s.name,
                        &s.uscc,
                        OUTSIDE,
                    ));
                    Owner::Outside(s.name.clone())
                }
            },
        };
        let key = (owner, s.checklist.clone());
        match latest.get(&key) {
            Some(prev) if prev.date > s.date => {
                summary_files.superseded.push(s.path.display().to_string());
            }
            Some(prev) => {
                summary_files
                    .superseded
                    .push(prev.path.display().to_string());
                if prev.date == s.date {
                    notes.push(msg::same_day(
                        prev.path.display(),
                        s.path.display(),
                        &s.name,
                        &s.checklist,
                    ));
                }
                latest.insert(key, s);
            }
            None => {
                latest.insert(key, s);
            }
        }
    }
    summary_files.counted = latest.len();
    summary_files.superseded.sort();

    // Groups in roster order, (名册外) last.
    let township_of = |r: &Recipient| blank_or(&r.township, "(未填乡镇)");
    let industry_of = |r: &Recipient| blank_or(&r.industry, "(未填行业)");
    let mut townships: Vec<Group> = Vec::new();
    let mut industries: Vec<Group> = Vec::new();
    fn group<'g>(list: &'g mut Vec<Group>, name: &str, township: bool) -> &'g mut Group {
        let pos = list.iter().position(|g| {
            if township {
                g.township.as_deref() == Some(name)
            } else {
                g.industry.as_deref() == Some(name)
            }
        });
        let i = match pos {
            Some(i) => i,
            None => {
                list.push(Group {
                    township: township.then(|| name.to_string()),
                    industry: (!township).then(|| name.to_string()),
                    ..Group::default()
                });
                list.len() - 1
            }
        };
        &mut list[i]
    }
    let reported: std::collections::HashSet<usize> = latest
        .keys()
        .filter_map(|(o, _)| match o {
            Owner::Row(i) => Some(*i),
            Owner::Outside(_) => None,
        })
        .collect();
    let mut missing = Vec::new();
    for (i, r) in roster.iter().enumerate() {
        let done = reported.contains(&i);
        for (list, name, t) in [
            (&mut townships, township_of(r), true),
            (&mut industries, industry_of(r), false),
        ] {
            let g = group(list, &name, t);
            g.enterprises += 1;
            g.submitted += usize::from(done);
            g.missing += usize::from(!done);
        }
        if !done {
            missing.push(Missing {
                township: township_of(r),
                industry: industry_of(r),
                name: r.name.trim().to_string(),
                uscc: r.uscc.trim().to_string(),
                contact: r.contact.trim().to_string(),
                phone: r.phone.trim().to_string(),
            });
        }
    }
    let mut outside: Vec<String> = Vec::new();
    for (o, _) in latest.keys() {
        if let Owner::Outside(n) = o {
            if !outside.contains(n) {
                outside.push(n.clone());
            }
        }
    }
    for _ in &outside {
        group(&mut townships, OUTSIDE, true).submitted += 1;
        group(&mut industries, OUTSIDE, false).submitted += 1;
    }

    // Entries: roster rows in order, then those outside by name; each
    // enterprise's checklists by id; hazards in checklist order.
    let mut entries = Vec::new();
    let mut totals = Totals::default();
    let mut order: Vec<(&(Owner, String), &&Submission)> = latest.iter().collect();
    let rank = |o: &Owner| -> (usize, usize, String) {
        match o {
            Owner::Row(i) => {
                let t = township_of(&roster[*i]);
                let ti = townships
                    .iter()
                    .position(|g| g.township.as_deref() == Some(t.as_str()))
                    .unwrap_or(usize::MAX);
                (ti, *i, String::new())
            }
            Owner::Outside(n) => (usize::MAX, usize::MAX, n.clone()),
        }
    };
    order.sort_by_key(|((o, c), _)| (rank(o), c.clone()));
    for ((o, _), s) in order {
        let (township, industry, name, uscc) = match o {
            Owner::Row(i) => {
                let r = &roster[*i];
                (
                    township_of(r),
                    industry_of(r),
                    r.name.trim().to_string(),
                    if r.uscc.trim().is_empty() {
                        s.uscc.clone()
                    } else {
                        r.uscc.trim().to_string()
                    },
                )
            }
            Owner::Outside(n) => (OUTSIDE.into(), OUTSIDE.into(), n.clone(), s.uscc.clone()),
        };
        let mut t = Totals::default();
        for h in &s.hazards {
            t.add(h);
        }
        group(&mut townships, &township, true).add(&t);
        group(&mut industries, &industry, false).add(&t);
        for h in &s.hazards {
            totals.add(h);
            entries.push(Entry {
                township: township.clone(),
                industry: industry.clone(),
                name: name.clone(),
                uscc: uscc.clone(),
                file: s.path.display().to_string(),
                checklist: s.checklist.clone(),
                date: s.date.clone(),
                roster_index: match o {
                    Owner::Row(i) => Some(*i),
                    Owner::Outside(_) => None,
                },
                hazard: h.clone(),
            });
        }
    }
    let mut by_source: Vec<SourceGroup> = SOURCES
        .iter()
        .map(|s| SourceGroup {
            source: (*s).to_string(),
            ..SourceGroup::default()
        })
        .collect();
    for e in &entries {
        let h = &e.hazard;
        let name = h.source.unwrap_or(NO_SOURCE);
        let i = match by_source.iter().position(|g| g.source == name) {
            Some(i) => i,
            None => {
                by_source.push(SourceGroup {
                    source: name.to_string(),
                    ..SourceGroup::default()
                });
                by_source.len() - 1
            }
        };
        let g = &mut by_source[i];
        g.hazards += 1;
        g.major += usize::from(h.major);
        g.open += usize::from(h.state != "rectified");
        g.overdue += usize::from(h.state == "overdue");
        g.closed += usize::from(h.closed);
    }
    let mut supervised_hazards: Vec<SupervisedHazard> = entries
        .iter()
        .filter(|e| !e.hazard.closed)
        .filter_map(|e| {
            let h = &e.hazard;
            Some(SupervisedHazard {
                township: e.township.clone(),
                name: e.name.clone(),
                uscc: e.uscc.clone(),
                checklist: e.checklist.clone(),
                item: h.id.clone(),
                finding: h.finding.clone(),
                by: h.supervised_by.clone()?,
                since: h.supervised_since.clone().unwrap_or_default(),
                deadline: h.deadline.clone(),
                state: h.stage.to_string(),
            })
        })
        .collect();
    // Stable: entries are in ledger order already.
    supervised_hazards.sort_by(|a, b| a.since.cmp(&b.since));
    let summary = Summary {
        as_of: as_of.to_string(),
        enterprises: roster.len(),
        submitted: reported.len(),
        missing: missing.iter().map(|m| m.name.clone()).collect(),
        outside_roster: outside,
        hazards: totals,
        by_township: townships,
        by_industry: industries,
        files: summary_files,
        by_source,
        supervised_hazards,
    };
    Ledger {
        summary,
        entries,
        missing,
        notes,
    }
}

/// One cell of the 乡镇 × 行业 table.
#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    /// Hazards.
    pub hazards: usize,
    /// Of which open.
    pub open: usize,
}

/// A row of the 乡镇 × 行业 table.
#[derive(Debug, Clone, Serialize)]
pub struct MatrixRow {
    /// 乡镇.
    pub township: String,
    /// One cell per industry, in the order of `industries`.
    pub cells: Vec<Cell>,
    /// The row's total.
    pub total: Cell,
}

/// The template context of the summary report.
#[derive(Debug, Clone, Serialize)]
pub struct SummaryContext<'a> {
    /// Counts.
    pub summary: &'a Summary,
    /// `funds` for people (85000元).
    pub funds_text: String,
    /// Column heads of the 乡镇 × 行业 table.
    pub industries: Vec<String>,
    /// Its rows.
    pub matrix: Vec<MatrixRow>,
    /// Its last row.
    pub matrix_total: Vec<Cell>,
    /// Overdue major hazards, most overdue first.
    pub overdue_major: Vec<&'a Entry>,
    /// Roster rows not reported.
    pub missing: &'a [Missing],
    /// The chart of hazards by 乡镇, as a ```` ```chart ```` description.
    pub chart_township: String,
    /// The chart of hazards by 行业.
    pub chart_industry: String,
    /// The chart of open major hazards over time (empty without major hazards).
    pub chart_major_over_time: String,
    /// The points of that chart: (date, open major, of which overdue).
    pub major_over_time: Vec<OpenAt>,
    /// Hazards under supervision (挂牌督办) not yet 销号, earliest first.
    pub supervised_open: Vec<&'a Entry>,
}

/// Open major hazards on one day.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct OpenAt {
    /// The day, YYYY-MM-DD.
    pub date: String,
    /// Major hazards reported by then and not rectified by then.
    pub open: usize,
    /// Of which past their deadline on that day.
    pub overdue: usize,
}

/// Most points of the over-time chart.
pub const MAX_POINTS: i64 = 20;

/// Open major hazards at weekly points from the first self-check with a major
/// hazard to `as_of` (the step grows past [`MAX_POINTS`] weeks so the chart
/// keeps at most that many bars), `as_of` last. A hazard counts from its
/// self-check date until its `rectified_on`; it is overdue on a day after its
/// deadline. Only the counted results (the latest of each enterprise and
/// checklist) are used.
pub fn major_over_time(as_of: &str, entries: &[Entry]) -> Vec<OpenAt> {
    use crate::model::validate::day_number;
    let day = |s: &str| parse_date(s).map(day_number);
    let Some(end) = day(as_of) else {
        return Vec::new();
    };
    let major: Vec<(i64, Option<i64>, Option<i64>)> = entries
        .iter()
        .filter(|e| e.hazard.major)
        .filter_map(|e| {
            let found = day(&e.date)?;
            let fixed = e.hazard.rectified_on.as_deref().and_then(day);
            let due = e.hazard.deadline.as_deref().and_then(day);
            Some((found, fixed, due))
        })
        .collect();
    let Some(start) = major.iter().map(|m| m.0).min() else {
        return Vec::new();
    };
    let span = (end - start).max(0);
    let weeks = span / 7 + 1;
    let step = 7 * ((weeks + MAX_POINTS - 1) / MAX_POINTS).max(1);
    let mut days: Vec<i64> = Vec::new();
    let mut t = end;
    while t >= start && days.len() < MAX_POINTS as usize {
        days.push(t);
        t -= step;
    }
    days.reverse();
    days.into_iter()
        .map(|t| {
            let open: Vec<_> = major
                .iter()
                .filter(|(found, fixed, _)| *found <= t && fixed.is_none_or(|f| f > t))
                .collect();
            let (y, m, d) = civil(t);
            OpenAt {
                date: format!("{y:04}-{m:02}-{d:02}"),
                open: open.len(),
                overdue: open
                    .iter()
                    .filter(|(_, _, due)| due.is_some_and(|d| d < t))
                    .count(),
            }
        })
        .collect()
}

/// The chart of [`major_over_time`]: one bar a day, in progress and overdue.
fn over_time_chart(points: &[OpenAt]) -> String {
    use crate::chart::{Chart, Row, Series, Style};
    if points.is_empty() {
        return String::new();
    }
    let c = Chart {
        title: "重大事故隐患未整改数变化（项）".into(),
        series: vec![
            Series {
                name: "未整改（未逾期）".into(),
                style: Style::Hatch,
            },
            Series {
                name: "逾期未整改".into(),
                style: Style::Dark,
            },
        ],
        rows: points
            .iter()
            .map(|p| Row {
                label: p.date.clone(),
                values: vec![(p.open - p.overdue) as f64, p.overdue as f64],
            })
            .collect(),
    };
    serde_json::to_string(&c).unwrap_or_default()
}

/// A chart of rectified / in progress / overdue hazards per group.
fn state_chart(title: &str, groups: &[Group], label: impl Fn(&Group) -> String) -> String {
    use crate::chart::{Chart, Row, Series, Style};
    let c = Chart {
        title: title.to_string(),
        series: vec![
            Series {
                name: "已整改".into(),
                style: Style::Light,
            },
            Series {
                name: "整改中（未逾期）".into(),
                style: Style::Hatch,
            },
            Series {
                name: "逾期未整改".into(),
                style: Style::Dark,
            },
        ],
        rows: groups
            .iter()
            .map(|g| Row {
                label: label(g),
                values: vec![
                    g.rectified as f64,
                    (g.open - g.overdue) as f64,
                    g.overdue as f64,
                ],
            })
            .collect(),
    };
    serde_json::to_string(&c).unwrap_or_default()
}

impl Ledger {
    /// The summary report's template context.
    pub fn context(&self) -> SummaryContext<'_> {
        let s = &self.summary;
        let industries: Vec<String> = s
            .by_industry
            .iter()
            .filter_map(|g| g.industry.clone())
            .collect();
        let mut cells: HashMap<(&str, &str), Cell> = HashMap::new();
        for e in &self.entries {
            let c = cells
                .entry((e.township.as_str(), e.industry.as_str()))
                .or_insert(Cell {
                    hazards: 0,
                    open: 0,
                });
            c.hazards += 1;
            c.open += usize::from(e.hazard.state != "rectified");
        }
        let get = |t: &str, i: &str| {
            cells.get(&(t, i)).cloned().unwrap_or(Cell {
                hazards: 0,
                open: 0,
            })
        };
        let matrix = s
            .by_township
            .iter()
            .filter_map(|g| g.township.clone())
            .map(|t| MatrixRow {
                cells: industries.iter().map(|i| get(&t, i)).collect(),
                total: s
                    .by_township
                    .iter()
                    .find(|g| g.township.as_deref() == Some(t.as_str()))
                    .map_or(
                        Cell {
                            hazards: 0,
                            open: 0,
                        },
                        |g| Cell {
                            hazards: g.hazards,
                            open: g.open,
                        },
                    ),
                township: t,
            })
            .collect();
        let matrix_total = s
            .by_industry
            .iter()
            .map(|g| Cell {
                hazards: g.hazards,
                open: g.open,
            })
            .collect();
        let mut overdue_major: Vec<&Entry> = self
            .entries
            .iter()
            .filter(|e| e.hazard.major && e.hazard.state == "overdue")
            .collect();
        overdue_major.sort_by_key(|e| std::cmp::Reverse(e.hazard.overdue_days.unwrap_or(0)));
        let mut supervised_open: Vec<&Entry> = self
            .entries
            .iter()
            .filter(|e| e.hazard.supervised_by.is_some() && !e.hazard.closed)
            .collect();
        supervised_open.sort_by(|a, b| a.hazard.supervised_since.cmp(&b.hazard.supervised_since));
        let points = major_over_time(&s.as_of, &self.entries);
        SummaryContext {
            summary: s,
            funds_text: report::yuan(s.hazards.funds),
            industries,
            matrix,
            matrix_total,
            overdue_major,
            missing: &self.missing,
            chart_township: state_chart(
                "各乡镇隐患整改情况（项）",
                &s.by_township,
                |g| g.township.clone().unwrap_or_default(),
            ),
            chart_industry: state_chart(
                "各行业隐患整改情况（项）",
                &s.by_industry,
                |g| g.industry.clone().unwrap_or_default(),
            ),
            chart_major_over_time: over_time_chart(&points),
            major_over_time: points,
            supervised_open,
        }
    }

    /// Open hazards, not overdue, whose deadline falls within `days` days of
    /// the as-of date (the day itself and the `days`-th day after included),
    /// soonest first: what to remind enterprises of before it is late.
    pub fn due_within(&self, days: u32) -> Vec<&Entry> {
        let mut due: Vec<(i64, &Entry)> = self
            .entries
            .iter()
            .filter(|e| e.hazard.state == "in_progress")
            .filter_map(|e| {
                let d = e.hazard.deadline.as_deref()?;
                let left = crate::report::days_between(&self.summary.as_of, d)?;
                (0..=i64::from(days)).contains(&left).then_some((left, e))
            })
            .collect();
        due.sort_by_key(|(left, _)| *left);
        due.into_iter().map(|(_, e)| e).collect()
    }

    /// The roster rows of the enterprises with an overdue hazard, once each,
    /// in ledger order (乡镇, then roster order), and the names of those
    /// outside the roster (no row to write to). `roster` is the one given to
    /// [`build`].
    pub fn overdue_roster<'r>(&self, roster: &'r [Recipient]) -> (Vec<&'r Recipient>, Vec<String>) {
        let mut rows: Vec<&Recipient> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let mut outside: Vec<String> = Vec::new();
        for e in self.entries.iter().filter(|e| e.hazard.state == "overdue") {
            match e.roster_index.and_then(|i| roster.get(i).map(|r| (i, r))) {
                Some((i, r)) => {
                    if seen.insert(i) {
                        rows.push(r);
                    }
                }
                None => {
                    if !outside.contains(&e.name) {
                        outside.push(e.name.clone());
                    }
                }
            }
        }
        (rows, outside)
    }

    /// The ledger's rows as strings, in [`COLUMNS`] order.
    pub fn table(&self) -> Vec<[String; 22]> {
        self.entries
            .iter()
            .map(|e| {
                let h = &e.hazard;
                [
                    e.township.clone(),
                    e.industry.clone(),
                    e.name.clone(),
                    e.uscc.clone(),
                    format!("{} {}", h.item_no, h.text),
                    h.basis.clone(),
                    h.severity_cn.to_string(),
                    h.finding.clone(),
                    h.measure.clone().unwrap_or_default(),
                    h.owner.clone().unwrap_or_default(),
                    h.funds.map(number).unwrap_or_default(),
                    h.deadline.clone().unwrap_or_default(),
                    h.rectified_on.clone().unwrap_or_default(),
                    h.state_cn.to_string(),
                    h.overdue_days.map(|d| d.to_string()).unwrap_or_default(),
                    e.file.clone(),
                    h.source.unwrap_or_default().to_string(),
                    h.supervised_by.clone().unwrap_or_default(),
                    h.supervised_since.clone().unwrap_or_default(),
                    h.reviewer.clone().unwrap_or_default(),
                    h.review_date.clone().unwrap_or_default(),
                    h.stage_cn.to_string(),
                ]
            })
            .collect()
    }

    /// The ledger as CSV: UTF-8 with a byte-order mark, CRLF, the [`COLUMNS`]
    /// header, every cell safe from formula injection.
    pub fn csv(&self) -> Result<Vec<u8>> {
        Ok(crate::cells::excel_csv(&COLUMNS, self.table())?)
    }

    /// The ledger as a workbook: 隐患台账 (one row a hazard, header frozen
    /// and bold, filters, overdue rows shaded), 汇总 (the counts, per 乡镇 and
    /// per 行业), 未上报 (roster rows not reported). Its date is the as-of date.
    pub fn xlsx(&self) -> Result<Vec<u8>> {
        use rust_xlsxwriter::{Color, DocProperties, ExcelDateTime, Format as XFormat, Workbook};
        let s = &self.summary;
        let mut wb = Workbook::new();
        let (y, m, d) = parse_date(&s.as_of).unwrap_or((2000, 1, 1));
        let when = ExcelDateTime::from_ymd(u16::try_from(y).unwrap_or(2000), m, d)?;
        wb.set_properties(
            &DocProperties::new()
                .set_title(format!("隐患台账（截至{}）", s.as_of))
                .set_author("qingdan")
                .set_creation_datetime(&when),
        );
        let head = XFormat::new()
            .set_bold()
            .set_text_wrap()
            .set_background_color(Color::RGB(0xD9D9D9));
        let wrap = XFormat::new().set_text_wrap();
        let late = XFormat::new()
            .set_text_wrap()
            .set_background_color(Color::RGB(0xF4CCCC));
        let late_bold = late.clone().set_bold();

        let sheet = wb.add_worksheet();
        sheet.set_name("隐患台账")?;
        let widths = [
            10, 12, 24, 20, 40, 28, 6, 36, 36, 8, 10, 11, 11, 10, 8, 24, 10, 12, 11, 8, 11, 12,
        ];
        for (c, (name, w)) in COLUMNS.iter().zip(widths).enumerate() {
            let c = u16::try_from(c)?;
            sheet.write_string_with_format(0, c, *name, &head)?;
            sheet.set_column_width(c, w)?;
        }
        for (i, (e, row)) in self.entries.iter().zip(self.table()).enumerate() {
            let r = u32::try_from(i + 1)?;
            let overdue = e.hazard.state == "overdue";
            let f = if overdue { &late } else { &wrap };
            for (c, v) in row.iter().enumerate() {
                let c = u16::try_from(c)?;
                match c {
                    10 if e.hazard.funds.is_some() => {
                        sheet.write_number_with_format(r, c, e.hazard.funds.unwrap_or(0.0), f)?;
                    }
                    14 if e.hazard.overdue_days.is_some() => {
                        let days = e.hazard.overdue_days.unwrap_or(0) as f64;
                        sheet.write_number_with_format(r, c, days, &late_bold)?;
                    }
                    _ => {
                        sheet.write_string_with_format(r, c, v, f)?;
                    }
                }
            }
        }
        sheet.set_freeze_panes(1, 0)?;
        let last = u32::try_from(self.entries.len())?;
        sheet.autofilter(0, 0, last, u16::try_from(COLUMNS.len() - 1)?)?;

        let sum = wb.add_worksheet();
        sum.set_name("汇总")?;
        let bold = XFormat::new().set_bold();
        sum.write_string_with_format(0, 0, format!("隐患台账汇总（截至{}）", s.as_of), &bold)?;
        let t = &s.hazards;
        let figures: [(&str, f64); 16] = [
            ("名册单位", s.enterprises as f64),
            ("已上报", s.submitted as f64),
            ("未上报", s.missing.len() as f64),
            ("名册外上报", s.outside_roster.len() as f64),
            ("隐患总数", t.total as f64),
            ("重大隐患", t.major as f64),
            ("一般隐患", t.general as f64),
            ("已整改", t.rectified as f64),
            ("未整改", t.open as f64),
            ("逾期未整改", t.overdue as f64),
            ("重大隐患未整改", t.major_open as f64),
            ("重大隐患逾期", t.major_overdue as f64),
            ("已销号", t.closed as f64),
            ("已整改待复查", t.awaiting_review as f64),
            ("挂牌督办", t.supervised as f64),
            ("挂牌督办未销号", t.supervised_open as f64),
        ];
        let mut r = 2u32;
        for (name, v) in figures {
            sum.write_string(r, 0, name)?;
            sum.write_number(r, 1, v)?;
            r += 1;
        }
        sum.write_string(r, 0, "整改资金（元）")?;
        sum.write_number(r, 1, t.funds)?;
        r += 2;
        let cols = [
            "单位数",
            "已上报",
            "未上报",
            "隐患",
            "重大",
            "一般",
            "已整改",
            "未整改",
            "逾期",
            "重大未整改",
            "重大逾期",
            "资金（元）",
            "已销号",
            "督办未销号",
        ];
        for (title, groups) in [("乡镇", &s.by_township), ("行业", &s.by_industry)] {
            sum.write_string_with_format(r, 0, title, &head)?;
            for (c, name) in cols.iter().enumerate() {
                sum.write_string_with_format(r, u16::try_from(c + 1)?, *name, &head)?;
            }
            r += 1;
            for g in groups.iter() {
                let name = g.township.clone().or_else(|| g.industry.clone());
                sum.write_string(r, 0, name.unwrap_or_default())?;
                let v = [
                    g.enterprises,
                    g.submitted,
                    g.missing,
                    g.hazards,
                    g.major,
                    g.general,
                    g.rectified,
                    g.open,
                    g.overdue,
                    g.major_open,
                    g.major_overdue,
                ];
                for (c, n) in v.iter().enumerate() {
                    sum.write_number(r, u16::try_from(c + 1)?, *n as f64)?;
                }
                sum.write_number(r, 12, g.funds)?;
                sum.write_number(r, 13, g.closed as f64)?;
                sum.write_number(r, 14, g.supervised_open as f64)?;
                r += 1;
            }
            r += 1;
        }
        sum.write_string_with_format(r, 0, "隐患来源", &head)?;
        for (c, name) in ["隐患", "重大", "未整改", "逾期", "已销号"]
            .iter()
            .enumerate()
        {
            sum.write_string_with_format(r, u16::try_from(c + 1)?, *name, &head)?;
        }
        r += 1;
        for g in &s.by_source {
            sum.write_string(r, 0, g.source.as_str())?;
            for (c, n) in [g.hazards, g.major, g.open, g.overdue, g.closed]
                .iter()
                .enumerate()
            {
                sum.write_number(r, u16::try_from(c + 1)?, *n as f64)?;
            }
            r += 1;
        }
        sum.set_column_width(0, 16)?;

        let miss = wb.add_worksheet();
        miss.set_name("未上报")?;
        let mcols = ["乡镇", "行业", "单位", "统一社会信用代码", "联系人", "电话"];
        for (c, (name, w)) in mcols.iter().zip([10, 12, 30, 22, 10, 16]).enumerate() {
            let c = u16::try_from(c)?;
            miss.write_string_with_format(0, c, *name, &head)?;
            miss.set_column_width(c, w)?;
        }
        for (i, m) in self.missing.iter().enumerate() {
            let r = u32::try_from(i + 1)?;
            for (c, v) in [
                &m.township,
                &m.industry,
                &m.name,
                &m.uscc,
                &m.contact,
                &m.phone,
            ]
            .into_iter()
            .enumerate()
            {
                miss.write_string(r, u16::try_from(c)?, v.as_str())?;
            }
        }
        miss.set_freeze_panes(1, 0)?;
        miss.autofilter(0, 0, u32::try_from(self.missing.len())?, 5)?;
        Ok(wb.save_to_buffer()?)
    }

    /// The summary report as Markdown.
    pub fn markdown(&self, templates: &Templates) -> Result<String> {
        Ok(templates.render(TEMPLATE, &self.context())?)
    }

    /// The bytes of one output format.
    pub fn bytes(&self, templates: &Templates, format: ReportFormat) -> Result<Vec<u8>> {
        match format {
            ReportFormat::Doc(f) => {
                let md = self.markdown(templates)?;
                Ok(output::convert(&md, f).context("the ledger summary cannot be converted")?)
            }
            ReportFormat::Csv => self.csv(),
            ReportFormat::Xlsx => self.xlsx(),
        }
    }
}

/// Roster rows as a CSV roster ([`crate::model::roster::to_csv`]) that
/// `letters --roster` reads as it is.
pub fn roster_csv(rows: &[&Recipient]) -> Result<Vec<u8>> {
    let cells = rows.iter().map(|r| {
        [
            &r.name,
            &r.industry,
            &r.address,
            &r.contact,
            &r.phone,
            &r.uscc,
            &r.township,
            &r.special,
        ]
        .map(|c| c.trim().to_string())
    });
    Ok(crate::model::roster::to_csv(cells)?)
}

/// A number as written in a cell: no trailing `.0`.
fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v:.0}")
    } else {
        v.to_string()
    }
}

/// Renders every output, then writes each atomically.
pub fn write(
    ledger: &Ledger,
    templates: &Templates,
    outputs: &[(PathBuf, ReportFormat)],
) -> Result<Vec<PathBuf>> {
    let mut docs = Vec::new();
    for (path, f) in outputs {
        docs.push((path, ledger.bytes(templates, *f)?));
    }
    let mut written = Vec::new();
    for (path, bytes) in docs {
        crate::fsutil::write_atomic(path, &bytes).with_context(|| msg::writing(path.display()))?;
        written.push(path.clone());
    }
    Ok(written)
}

/// Today's date, YYYY-MM-DD, in China Standard Time (UTC+8): the default of
/// `--as-of`, the only reading of the clock.
pub fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (y, m, d) = civil((secs as i64 + 8 * 3600).div_euclid(86_400));
    format!("{y:04}-{m:02}-{d:02}")
}

/// The date `days` after 1970-01-01 (H. Hinnant's civil_from_days).
fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::validate::day_number;

    #[test]
    fn civil_is_the_inverse_of_day_number() {
        for (y, m, d) in [(1970, 1, 1), (2000, 2, 29), (2024, 12, 31), (2025, 3, 1)] {
            let n = day_number((y, m, d));
            assert_eq!(civil(n), (i64::from(y), u32::from(m), u32::from(d)));
        }
        assert_eq!(today().len(), 10);
    }
}
