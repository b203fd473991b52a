//! `qingdan report` and `qingdan notices`: a filled self-check (results) →
//! the self-check report (自查报告, with a 双报告 page per major hazard), a
//! rectification notice (整改通知书) per owner, and a spreadsheet of hazards.
//!
//! Everything here is computed from the results file and its checklist; the
//! report date is the results' `date` unless `--as-of` names another, never the
//! wall clock, so the same inputs give the same bytes.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use serde::Serialize;

use crate::fsutil;
use crate::i18n::msg;
use crate::model::results::{self, Answer, Entity, Hazard, Results};
use crate::model::validate::{day_number, parse_date};
use crate::model::{Checklist, Diagnostic, Kind, Status};
use crate::output::{self, Format};
use crate::render::{checklist_context, Templates};

/// Template of the report.
pub const REPORT_TEMPLATE: &str = "self-check-report";
/// Template of a rectification notice.
pub const NOTICE_TEMPLATE: &str = "rectification-notice";
/// Template of a review opinion (整改复查意见书), one per reviewed hazard.
pub const REVIEW_TEMPLATE: &str = "review-opinion";
/// File-name prefix of review opinions (`复查-01-gm-3-1.pdf`).
pub const REVIEW_PREFIX: &str = "复查-";

/// The spreadsheet columns, in order (a documented contract: README "CSV and XLSX").
pub const COLUMNS: [&str; 12] = [
    "序号",
    "检查项目",
    "检查内容",
    "检查依据",
    "隐患等级",
    "隐患描述",
    "整改措施",
    "责任人",
    "资金",
    "整改时限",
    "完成日期",
    "状态",
];

/// Where to read from.
#[derive(Debug, Clone)]
pub struct Options {
    /// The results file.
    pub results: PathBuf,
    /// Folder (or file) of checklists.
    pub checklists: PathBuf,
    /// Unanswered items are a warning, not an error.
    pub allow_incomplete: bool,
    /// Report date (YYYY-MM-DD) for "overdue"; default: the results' `date`.
    pub as_of: Option<String>,
}

/// A loaded results file: diagnostics to show, and the report if it is valid.
#[derive(Debug)]
pub struct Loaded {
    /// The results file's text, for rendering diagnostics.
    pub text: String,
    /// Errors and warnings, all in the results file.
    pub diags: Vec<Diagnostic>,
    /// The report, when there is no error.
    pub report: Option<Report>,
}

/// Validated results with their checklist and the report date.
#[derive(Debug, Clone)]
pub struct Report {
    /// The results.
    pub results: Results,
    /// The checklist they answer.
    pub checklist: Checklist,
    /// Where the checklist was read from.
    pub checklist_path: PathBuf,
    /// The report date, YYYY-MM-DD.
    pub as_of: String,
}

/// An output format of `report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ReportFormat {
    /// A document (Markdown, HTML, and whatever `output::Format` offers).
    Doc(Format),
    /// The hazards as CSV (UTF-8 with BOM).
    Csv,
    /// The hazards as an Excel workbook.
    Xlsx,
}

impl ReportFormat {
    /// Parses `md`, `html`, `csv`, `xlsx` (and any document format).
    pub fn parse(s: &str) -> Option<ReportFormat> {
        match s.trim().to_ascii_lowercase().as_str() {
            "csv" => Some(ReportFormat::Csv),
            "xlsx" => Some(ReportFormat::Xlsx),
            other => Format::parse(other).map(ReportFormat::Doc),
        }
    }

    /// The format a file name asks for.
    pub fn from_path(p: &Path) -> Option<ReportFormat> {
        p.extension()
            .and_then(|e| e.to_str())
            .and_then(ReportFormat::parse)
    }

    /// File extension.
    pub fn ext(self) -> &'static str {
        match self {
            ReportFormat::Doc(f) => f.ext(),
            ReportFormat::Csv => "csv",
            ReportFormat::Xlsx => "xlsx",
        }
    }
}

/// Loads and checks a results file; the report is `None` when anything is wrong.
pub fn load(opts: &Options) -> Loaded {
    let f = results::load_results(
        &opts.results,
        &results::Options {
            checklists: opts.checklists.clone(),
            allow_incomplete: opts.allow_incomplete,
        },
    );
    let mut diags = f.diags;
    let (Some(r), Some((checklist_path, checklist))) = (f.results, f.checklist) else {
        return Loaded {
            text: f.text,
            diags,
            report: None,
        };
    };
    let as_of = opts.as_of.clone().unwrap_or_else(|| r.date.clone());
    match (parse_date(&as_of), parse_date(&r.date)) {
        (None, _) => {
            diags.push(
                Diagnostic::error("bad-as-of", &opts.results, msg::as_of_bad(&as_of))
                    .hint(msg::date_hint("2025-04-30")),
            );
        }
        (Some(a), Some(d)) if a < d => {
            diags.push(
                Diagnostic::error(
                    "bad-as-of",
                    &opts.results,
                    msg::as_of_before(&as_of, &r.date),
                )
                .hint(msg::as_of_before_hint()),
            );
        }
        _ => {}
    }
    if diags.iter().any(Diagnostic::is_error) {
        return Loaded {
            text: f.text,
            diags,
            report: None,
        };
    }
    // A completion date after the report date is not yet a completion.
    let map = crate::model::pos::SourceMap::build(&f.text).unwrap_or_default();
    for (id, a) in &r.answers {
        let Some(on) = a.hazard().and_then(|h| h.rectified_on.as_deref()) else {
            continue;
        };
        if parse_date(on) > parse_date(&as_of) {
            let mut d = Diagnostic::warning(
                "rectified-after-report",
                &opts.results,
                msg::rectified_after_report(on, id, &as_of),
            );
            if let Some(s) = map.value_span(&format!("answers.{id}.rectified_on")) {
                d = d.at(&f.text, s);
            }
            diags.push(d.hint(msg::rectified_after_report_hint()));
        }
    }
    Loaded {
        text: f.text,
        diags,
        report: Some(Report {
            results: r,
            checklist,
            checklist_path,
            as_of,
        }),
    }
}

/// Counts shown in the report's summary.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Counts {
    /// Items of the checklist that are checked (leaves).
    pub items: usize,
    /// Of which answered.
    pub checked: usize,
    /// Not answered (only with `--allow-incomplete`).
    pub unanswered: usize,
    /// `ok`.
    pub ok: usize,
    /// `na`.
    pub na: usize,
    /// Hazards found.
    pub hazards: usize,
    /// Of which major.
    pub major: usize,
    /// Of which general.
    pub general: usize,
    /// Rectified by the report date.
    pub rectified: usize,
    /// Open, deadline not passed (or none set).
    pub in_progress: usize,
    /// Open past the deadline.
    pub overdue: usize,
    /// Sum of `funds` in 元.
    pub funds: f64,
    /// `funds` written for people (85000 → 85000元).
    pub funds_text: String,
}

/// One hazard, as the templates and spreadsheets show it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct HazardRow {
    /// 1-based number among the hazards, in checklist order.
    pub no: usize,
    /// The item's number in the checklist (`3`, `3.2`).
    pub item_no: String,
    /// Item id.
    pub id: String,
    /// Section title (检查项目).
    pub section: String,
    /// Item text (检查内容).
    pub text: String,
    /// 检查依据, as in the checklist forms: 《title》clause.
    pub basis: String,
    /// Penalty clause, where the checklist names one.
    pub penalty: String,
    /// `major` or `general`.
    pub severity: &'static str,
    /// 重大 or 一般.
    pub severity_cn: &'static str,
    /// True for a major hazard.
    pub major: bool,
    /// 隐患描述.
    pub finding: String,
    /// 整改措施.
    pub measure: Option<String>,
    /// 责任人.
    pub owner: Option<String>,
    /// 资金, 元.
    pub funds: Option<f64>,
    /// 资金 for people (85000元).
    pub funds_text: Option<String>,
    /// 整改时限.
    pub deadline: Option<String>,
    /// 完成日期 (only when on or before the report date).
    pub rectified_on: Option<String>,
    /// 复查人.
    pub reviewer: Option<String>,
    /// 复查日期.
    pub review_date: Option<String>,
    /// Evidence.
    pub evidence: Vec<String>,
    /// 应急预案.
    pub plan: Option<String>,
    /// `rectified`, `in_progress` or `overdue`.
    pub state: &'static str,
    /// 已整改, 整改中 or 逾期未整改.
    pub state_cn: &'static str,
    /// Days past the deadline, for overdue hazards.
    pub overdue_days: Option<i64>,
    /// The 五落实 a major hazard lacks, in Chinese (责任, 措施, 资金, 时限, 预案).
    pub missing: Vec<&'static str>,
    /// 隐患来源: 企业自查, 部门检查 or 执法检查, when given.
    pub source: Option<&'static str>,
    /// 挂牌督办: by whom, when it is under supervision.
    pub supervised_by: Option<String>,
    /// 挂牌督办: since when.
    pub supervised_since: Option<String>,
    /// True once reviewed (`review_date` on or before the report date).
    pub reviewed: bool,
    /// True once rectified and reviewed by the report date (销号).
    pub closed: bool,
    /// Where it is in 上报 → 整改 → 复查 → 销号: `open`, `overdue`,
    /// `awaiting_review` or `closed`.
    pub stage: &'static str,
    /// 未整改, 逾期, 已整改待复查 or 已销号.
    pub stage_cn: &'static str,
}

/// Every checked item with its answer (for the itemised table).
#[derive(Debug, Clone, Serialize)]
pub struct ResultRow {
    /// Number in the checklist.
    pub no: String,
    /// Nesting depth.
    pub depth: usize,
    /// Item id.
    pub id: String,
    /// Item text.
    pub text: String,
    /// True for a group heading.
    pub group: bool,
    /// Section title.
    pub section: String,
    /// True for the first row of a section.
    pub section_start: bool,
    /// 检查依据.
    pub basis: String,
    /// `ok`, `na`, `hazard` or `unanswered` (empty for groups).
    pub result: &'static str,
    /// The result in the document's words (符合 / 已履行 …).
    pub result_cn: &'static str,
    /// For a hazard: its finding.
    pub finding: String,
}

/// Words that differ between a hazards report and a duties (履职) report.
#[derive(Debug, Clone, Serialize)]
pub struct Words {
    /// Document title.
    pub title: &'static str,
    /// `ok`.
    pub ok: &'static str,
    /// `na`.
    pub na: &'static str,
    /// A hazard.
    pub hazard: &'static str,
    /// What the checked things are called (检查项目 / 职责).
    pub item: &'static str,
    /// What a hazard is called in running text (隐患 / 问题).
    pub problem: &'static str,
}

/// What the report and the rectification notices both show (flattened into
/// their template contexts: templates see `checklist`, `entity`, `as_of` …).
#[derive(Debug, Clone, Serialize)]
pub struct Head<'a> {
    /// The checklist as written.
    pub checklist: &'a Checklist,
    /// `status: draft`.
    pub draft: bool,
    /// True for a duties checklist (履职 report).
    pub duties: bool,
    /// Vocabulary.
    pub words: Words,
    /// The enterprise.
    pub entity: &'a Entity,
    /// Self-check date.
    pub date: &'a str,
    /// Report date (also the notices' date).
    pub as_of: &'a str,
}

/// The template context of the report.
#[derive(Debug, Clone, Serialize)]
pub struct ReportContext<'a> {
    /// Checklist, enterprise, dates.
    #[serde(flatten)]
    pub head: Head<'a>,
    /// 自查人员.
    pub inspectors: &'a [String],
    /// Summary counts.
    pub counts: Counts,
    /// Every item with its result.
    pub rows: Vec<ResultRow>,
    /// The hazards, in checklist order.
    pub hazards: Vec<HazardRow>,
    /// The major hazards (one 双报告 each).
    pub major: Vec<HazardRow>,
}

/// The context of one rectification notice.
#[derive(Debug, Clone, Serialize)]
pub struct NoticeContext<'a> {
    /// Checklist, enterprise, dates (`as_of` is the notice's date).
    #[serde(flatten)]
    pub head: Head<'a>,
    /// Notice number, 1-based (`01` in file names).
    pub no: usize,
    /// Notice number as printed: 20250312-01.
    pub number: String,
    /// To whom.
    pub owner: &'a str,
    /// Their open hazards.
    pub hazards: Vec<HazardRow>,
    /// Of which major.
    pub major: usize,
}

/// The context of one review opinion (整改复查意见书).
#[derive(Debug, Clone, Serialize)]
pub struct ReviewContext<'a> {
    /// Checklist, enterprise, dates.
    #[serde(flatten)]
    pub head: Head<'a>,
    /// Opinion number, 1-based.
    pub no: usize,
    /// Number as printed: 20250312-F01.
    pub number: String,
    /// The reviewed hazard.
    pub hazard: HazardRow,
}

/// Formats an amount in 元: whole amounts without decimals.
pub fn yuan(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v:.0}元")
    } else {
        format!("{v:.2}元")
    }
}

/// Whole days from `from` to `to` (both YYYY-MM-DD).
pub fn days_between(from: &str, to: &str) -> Option<i64> {
    Some(day_number(parse_date(to)?) - day_number(parse_date(from)?))
}

impl Report {
    fn words(&self) -> Words {
        match self.checklist.kind {
            Kind::Duties => Words {
                title: "主要负责人履职情况报告",
                ok: "已履行",
                na: "不涉及",
                hazard: "未履行/履行不到位",
                item: "职责",
                problem: "问题",
            },
            Kind::Hazards => Words {
                title: "重大事故隐患自查报告",
                ok: "符合",
                na: "不涉及",
                hazard: "存在隐患",
                item: "检查项目",
                problem: "隐患",
            },
            Kind::Inspection | Kind::Responsibilities | Kind::EmergencyCards => Words {
                title: "安全检查自查报告",
                ok: "符合",
                na: "不涉及",
                hazard: "存在隐患",
                item: "检查项目",
                problem: "隐患",
            },
        }
    }

    fn hazard_row(&self, no: usize, row: &crate::render::Row, h: &Hazard) -> HazardRow {
        let major = row.severity == "major";
        let rectified_on = h
            .rectified_on
            .clone()
            .filter(|on| parse_date(on) <= parse_date(&self.as_of));
        let overdue_days = match (&rectified_on, &h.deadline) {
            (None, Some(d)) => days_between(d, &self.as_of).filter(|n| *n > 0),
            _ => None,
        };
        let (state, state_cn) = if rectified_on.is_some() {
            ("rectified", "已整改")
        } else if overdue_days.is_some() {
            ("overdue", "逾期未整改")
        } else {
            ("in_progress", "整改中")
        };
        let missing = if major && self.checklist.kind != Kind::Duties {
            results::five_in_place(h)
                .iter()
                .filter(|(_, _, ok)| !ok)
                .map(|(_, cn, _)| *cn)
                .collect()
        } else {
            Vec::new()
        };
        let text = |o: &Option<String>| o.clone().filter(|s| !s.trim().is_empty());
        let reviewed = text(&h.review_date)
            .is_some_and(|d| parse_date(&d).is_some() && parse_date(&d) <= parse_date(&self.as_of));
        let closed = rectified_on.is_some() && reviewed;
        let (stage, stage_cn) = match state {
            _ if closed => ("closed", "已销号"),
            "rectified" => ("awaiting_review", "已整改待复查"),
            "overdue" => ("overdue", "逾期"),
            _ => ("open", "未整改"),
        };
        let supervised = h.supervised.as_ref();
        HazardRow {
            no,
            item_no: row.no.clone(),
            id: row.id.clone(),
            section: row.section_title.clone(),
            text: row.text.clone(),
            basis: row.basis.clone(),
            penalty: row.penalty.clone(),
            severity: row.severity,
            severity_cn: row.severity_cn,
            major,
            finding: h.finding.clone(),
            measure: text(&h.measure),
            owner: text(&h.owner),
            funds: h.funds,
            funds_text: h.funds.map(yuan),
            deadline: text(&h.deadline),
            rectified_on,
            reviewer: text(&h.reviewer),
            review_date: text(&h.review_date),
            evidence: h.evidence.clone(),
            plan: text(&h.plan),
            state,
            state_cn,
            overdue_days,
            missing,
            source: h.source.map(results::HazardSource::as_str),
            supervised_by: supervised.map(|s| s.by.trim().to_string()),
            supervised_since: supervised.map(|s| s.since.clone()),
            reviewed,
            closed,
            stage,
            stage_cn,
        }
    }

    /// The hazards in checklist order.
    pub fn hazards(&self) -> Vec<HazardRow> {
        let ctx = checklist_context(&self.checklist, REPORT_TEMPLATE);
        let mut out = Vec::new();
        for row in ctx.rows.iter().filter(|r| !r.group) {
            if let Some(h) = self.results.answer(&row.id).and_then(Answer::hazard) {
                let no = out.len() + 1;
                out.push(self.hazard_row(no, row, h));
            }
        }
        out
    }

    /// What the report and every notice show about the checklist and the check.
    fn head(&self) -> Head<'_> {
        Head {
            checklist: &self.checklist,
            draft: self.checklist.status == Status::Draft,
            duties: self.checklist.kind == Kind::Duties,
            words: self.words(),
            entity: &self.results.entity,
            date: &self.results.date,
            as_of: &self.as_of,
        }
    }

    /// The template context of the report.
    pub fn context(&self) -> ReportContext<'_> {
        let words = self.words();
        let ctx = checklist_context(&self.checklist, REPORT_TEMPLATE);
        let mut counts = Counts::default();
        let mut rows = Vec::new();
        for r in &ctx.rows {
            let answer = if r.group {
                None
            } else {
                counts.items += 1;
                self.results.answer(&r.id)
            };
            let (result, result_cn, finding) = match answer {
                _ if r.group => ("", "", String::new()),
                None => ("unanswered", "未填写", String::new()),
                Some(Answer::Ok) => ("ok", words.ok, String::new()),
                Some(Answer::Na) => ("na", words.na, String::new()),
                Some(Answer::Hazard(h)) => ("hazard", words.hazard, h.finding.clone()),
            };
            match result {
                "unanswered" => counts.unanswered += 1,
                "ok" => counts.ok += 1,
                "na" => counts.na += 1,
                _ => {}
            }
            rows.push(ResultRow {
                no: r.no.clone(),
                depth: r.depth,
                id: r.id.clone(),
                text: r.text.clone(),
                group: r.group,
                section: r.section_title.clone(),
                section_start: r.section_start,
                basis: r.basis.clone(),
                result,
                result_cn,
                finding,
            });
        }
        let hazards = self.hazards();
        counts.hazards = hazards.len();
        counts.checked = counts.ok + counts.na + counts.hazards;
        for h in &hazards {
            if h.major {
                counts.major += 1;
            } else {
                counts.general += 1;
            }
            match h.state {
                "rectified" => counts.rectified += 1,
                "overdue" => counts.overdue += 1,
                _ => counts.in_progress += 1,
            }
            counts.funds += h.funds.unwrap_or(0.0);
        }
        counts.funds_text = yuan(counts.funds);
        let major = if self.checklist.kind == Kind::Duties {
            Vec::new()
        } else {
            hazards.iter().filter(|h| h.major).cloned().collect()
        };
        ReportContext {
            head: self.head(),
            inspectors: &self.results.inspectors,
            counts,
            rows,
            hazards,
            major,
        }
    }

    /// The report as Markdown.
    pub fn markdown(&self, templates: &Templates) -> Result<String> {
        Ok(templates.render(REPORT_TEMPLATE, &self.context())?)
    }

    /// The hazards as spreadsheet rows (strings; `资金` empty when not given).
    pub fn table(&self) -> Vec<[String; 12]> {
        self.hazards()
            .into_iter()
            .map(|h| {
                [
                    h.no.to_string(),
                    h.section,
                    h.text,
                    h.basis,
                    h.severity_cn.to_string(),
                    h.finding,
                    h.measure.unwrap_or_default(),
                    h.owner.unwrap_or_default(),
                    h.funds.map(number).unwrap_or_default(),
                    h.deadline.unwrap_or_default(),
                    h.rectified_on.unwrap_or_default(),
                    h.state_cn.to_string(),
                ]
            })
            .collect()
    }

    /// The hazards as CSV: UTF-8 with a byte-order mark (so Excel and WPS read
    /// it as UTF-8), CRLF line ends, the [`COLUMNS`] header.
    pub fn csv(&self) -> Result<Vec<u8>> {
        Ok(crate::cells::excel_csv(&COLUMNS, self.table())?)
    }

    /// The hazards as an Excel workbook: one sheet, the [`COLUMNS`] header,
    /// 资金 as a number; the document date is the report date, so the bytes
    /// depend only on the inputs.
    pub fn xlsx(&self) -> Result<Vec<u8>> {
        use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format as XFormat, Workbook};
        let mut wb = Workbook::new();
        let (y, m, d) = parse_date(&self.as_of).unwrap_or((2000, 1, 1));
        let when = ExcelDateTime::from_ymd(u16::try_from(y).unwrap_or(2000), m, d)?;
        let props = DocProperties::new()
            .set_title(format!("{}隐患清单", self.results.entity.name))
            .set_author("qingdan")
            .set_creation_datetime(&when);
        wb.set_properties(&props);
        let sheet = wb.add_worksheet();
        sheet.set_name("隐患清单")?;
        let head = XFormat::new().set_bold().set_text_wrap();
        let wrap = XFormat::new().set_text_wrap();
        let widths = [6, 16, 40, 28, 8, 40, 40, 10, 10, 12, 12, 12];
        for (c, (name, w)) in COLUMNS.iter().zip(widths).enumerate() {
            let c = u16::try_from(c)?;
            sheet.write_string_with_format(0, c, *name, &head)?;
            sheet.set_column_width(c, w)?;
        }
        for (i, h) in self.hazards().into_iter().enumerate() {
            let r = u32::try_from(i + 1)?;
            sheet.write_number(r, 0, h.no as f64)?;
            let cells = [
                (1, h.section),
                (2, h.text),
                (3, h.basis),
                (4, h.severity_cn.to_string()),
                (5, h.finding),
                (6, h.measure.unwrap_or_default()),
                (7, h.owner.unwrap_or_default()),
                (9, h.deadline.unwrap_or_default()),
                (10, h.rectified_on.unwrap_or_default()),
                (11, h.state_cn.to_string()),
            ];
            for (c, v) in cells {
                if !v.is_empty() {
                    sheet.write_string_with_format(r, c, v, &wrap)?;
                }
            }
            if let Some(f) = h.funds {
                sheet.write_number(r, 8, f)?;
            }
        }
        sheet.set_freeze_panes(1, 0)?;
        Ok(wb.save_to_buffer()?)
    }

    /// The bytes of the report in one format.
    pub fn bytes(&self, templates: &Templates, format: ReportFormat) -> Result<Vec<u8>> {
        match format {
            ReportFormat::Doc(f) => {
                let md = self.markdown(templates)?;
                Ok(output::convert(&md, f).with_context(msg::report_not_converted)?)
            }
            ReportFormat::Csv => self.csv(),
            ReportFormat::Xlsx => self.xlsx(),
        }
    }

    /// Open hazards grouped by owner, owners in order of their first hazard
    /// (checklist order). Open hazards without an owner are returned apart.
    pub fn notices(&self) -> (Vec<(String, Vec<HazardRow>)>, Vec<HazardRow>) {
        let mut by_owner: Vec<(String, Vec<HazardRow>)> = Vec::new();
        let mut orphans = Vec::new();
        for h in self
            .hazards()
            .into_iter()
            .filter(|h| h.state != "rectified")
        {
            match h.owner.clone() {
                Some(o) => match by_owner.iter_mut().find(|(n, _)| *n == o) {
                    Some((_, list)) => list.push(h),
                    None => by_owner.push((o, vec![h])),
                },
                None => orphans.push(h),
            }
        }
        (by_owner, orphans)
    }

    /// The hazards reviewed by the report date (`review_date` on or before
    /// it), in checklist order, and how many have a later `review_date`.
    pub fn reviewed(&self) -> (Vec<HazardRow>, usize) {
        let all = self.hazards();
        let later = all
            .iter()
            .filter(|h| h.review_date.is_some() && !h.reviewed)
            .count();
        (all.into_iter().filter(|h| h.reviewed).collect(), later)
    }

    /// One review opinion per reviewed hazard: (file stem `复查-NN-<item id>`,
    /// Markdown).
    pub fn review_documents(&self, templates: &Templates) -> Result<Vec<(String, String)>> {
        let compact = self.results.date.replace('-', "");
        let mut out = Vec::new();
        for (i, h) in self.reviewed().0.into_iter().enumerate() {
            let no = i + 1;
            let stem = format!("{REVIEW_PREFIX}{no:02}-{}", crate::fsutil::safe_stem(&h.id));
            let ctx = ReviewContext {
                head: self.head(),
                no,
                number: format!("{compact}-F{no:02}"),
                hazard: h,
            };
            out.push((stem, templates.render(REVIEW_TEMPLATE, &ctx)?));
        }
        Ok(out)
    }

    /// One notice per owner: (file stem `NN-owner`, Markdown).
    pub fn notice_documents(&self, templates: &Templates) -> Result<Vec<(String, String)>> {
        let (owners, _) = self.notices();
        let compact = self.results.date.replace('-', "");
        let mut stems = HashSet::new();
        let mut out = Vec::new();
        for (i, (owner, hazards)) in owners.iter().enumerate() {
            let no = i + 1;
            let ctx = NoticeContext {
                head: self.head(),
                no,
                number: format!("{compact}-{no:02}"),
                owner,
                major: hazards.iter().filter(|h| h.major).count(),
                hazards: hazards.clone(),
            };
            let md = templates.render(NOTICE_TEMPLATE, &ctx)?;
            let stem = format!("{no:02}-{}", crate::fsutil::safe_stem(owner));
            // Numbers make stems unique already; this guards the invariant.
            anyhow::ensure!(stems.insert(stem.clone()), msg::two_notices(&stem));
            out.push((stem, md));
        }
        Ok(out)
    }
}

/// A number as written in a spreadsheet cell: no trailing `.0`.
fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v:.0}")
    } else {
        v.to_string()
    }
}

/// The files `report -o OUTPUT [--format …]` writes: without `--format`, the
/// output's own extension; with it, the output path with each format's
/// extension.
pub fn plan_outputs(output: &Path, formats: &[String]) -> Result<Vec<(PathBuf, ReportFormat)>> {
    if formats.is_empty() {
        let f = ReportFormat::from_path(output)
            .with_context(|| msg::report_format_plan(output.display()))?;
        return Ok(vec![(output.to_path_buf(), f)]);
    }
    let mut out: Vec<(PathBuf, ReportFormat)> = Vec::new();
    for name in formats {
        let f = ReportFormat::parse(name).with_context(|| {
            msg::unknown_format(
                name,
                crate::i18n::pick(
                    "md, html, pdf, docx, csv or xlsx",
                    "md、html、pdf、docx、csv 或 xlsx",
                ),
            )
        })?;
        if out.iter().all(|(_, g)| *g != f) {
            out.push((output.with_extension(f.ext()), f));
        }
    }
    out.sort_by_key(|(_, f)| *f);
    Ok(out)
}

/// Renders and writes the report in each format, each file atomically; all
/// are rendered before any is written.
pub fn write_report(
    report: &Report,
    templates: &Templates,
    outputs: &[(PathBuf, ReportFormat)],
) -> Result<Vec<PathBuf>> {
    let mut docs = Vec::new();
    for (path, f) in outputs {
        docs.push((path, report.bytes(templates, *f)?));
    }
    let mut written = Vec::new();
    for (path, bytes) in docs {
        fsutil::write_atomic(path, &bytes).with_context(|| msg::writing(path.display()))?;
        written.push(path.clone());
    }
    Ok(written)
}

/// Writes one notice per owner into `dir` in each format; returns the files
/// and the open hazards that have no owner (and so no notice).
pub fn write_notices(
    report: &Report,
    templates: &Templates,
    dir: &Path,
    formats: &[Format],
) -> Result<(Vec<PathBuf>, Vec<HazardRow>)> {
    let docs = report.notice_documents(templates)?;
    let written = write_documents(&docs, dir, formats, |n| {
        n.len() > 3 && n.as_bytes()[..2].iter().all(u8::is_ascii_digit) && n[2..].starts_with('-')
    })?;
    Ok((written, report.notices().1))
}

/// Writes one review opinion (整改复查意见书) per reviewed hazard into `dir` in
/// each format; returns the files.
pub fn write_reviews(
    report: &Report,
    templates: &Templates,
    dir: &Path,
    formats: &[Format],
) -> Result<Vec<PathBuf>> {
    let docs = report.review_documents(templates)?;
    write_documents(&docs, dir, formats, |n| n.starts_with(REVIEW_PREFIX))
}

/// Converts and writes documents (stem, Markdown) atomically, all converted
/// before any is written; files in `dir` that `ours` claims and this run did
/// not write are named in a warning.
fn write_documents(
    docs: &[(String, String)],
    dir: &Path,
    formats: &[Format],
    ours: impl Fn(&str) -> bool,
) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for (stem, md) in docs {
        for f in formats {
            let bytes = output::convert(md, *f).with_context(|| msg::notice_not_converted(stem))?;
            files.push((dir.join(format!("{stem}.{}", f.ext())), bytes));
        }
    }
    let mut written = Vec::new();
    for (path, bytes) in files {
        fsutil::write_atomic(&path, &bytes).with_context(|| msg::writing(path.display()))?;
        written.push(path);
    }
    // Notices of an earlier run to owners that have none now are reported
    // (not removed: nothing records which files that run wrote).
    let names: Vec<_> = written.iter().filter_map(|p| p.file_name()).collect();
    if let Ok(entries) = std::fs::read_dir(dir) {
        let mut stale: Vec<PathBuf> = entries
            .flatten()
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .filter(|e| {
                let n = e.file_name();
                let n = n.to_string_lossy();
                let doc = [".md", ".html", ".pdf"].iter().any(|x| n.ends_with(x));
                ours(&n) && doc && !names.contains(&e.file_name().as_os_str())
            })
            .map(|e| e.path())
            .collect();
        stale.sort();
        for p in stale {
            eprintln!(
                "{}{}{}",
                msg::warning_word(),
                crate::i18n::pick(": ", "："),
                msg::notice_not_from_this_run(p.display())
            );
        }
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_arithmetic() {
        assert_eq!(day_number((1970, 1, 1)), 0);
        assert_eq!(days_between("2025-04-15", "2025-04-30"), Some(15));
        assert_eq!(days_between("2024-02-28", "2024-03-01"), Some(2));
        assert_eq!(days_between("2025-02-28", "2025-03-01"), Some(1));
        assert_eq!(days_between("2024-12-31", "2025-01-01"), Some(1));
        assert_eq!(days_between("2025-01-01", "2024-12-31"), Some(-1));
        assert_eq!(days_between("x", "2025-01-01"), None);
    }

    #[test]
    fn amounts() {
        assert_eq!(yuan(85000.0), "85000元");
        assert_eq!(yuan(1234.5), "1234.50元");
        assert_eq!(number(3600.0), "3600");
        assert_eq!(number(0.5), "0.5");
    }

    #[test]
    fn outputs_follow_extension_or_formats() {
        let o = plan_outputs(Path::new("a/report.html"), &[]).unwrap_or_default();
        assert_eq!(o.len(), 1);
        assert_eq!(o[0].1, ReportFormat::Doc(Format::Html));
        let o = plan_outputs(Path::new("r"), &["xlsx".into(), "md".into(), "csv".into()])
            .unwrap_or_default();
        let names: Vec<String> = o.iter().map(|(p, _)| p.display().to_string()).collect();
        assert_eq!(names, ["r.md", "r.csv", "r.xlsx"]);
        assert!(plan_outputs(Path::new("r.txt"), &[]).is_err());
        assert!(plan_outputs(Path::new("r"), &["doc".into()]).is_err());
    }
}
