//! `qingdan report` and `qingdan notices`: a results file → the self-check
//! report (or hazard spreadsheet), or one rectification notice per owner.

use std::path::{Path, PathBuf};

use anyhow::Result;

use qingdan::build::{self, Format};
use qingdan::config::Config;
use qingdan::i18n::{self, msg};
use qingdan::model::Diagnostic;
use qingdan::render::Templates;
use qingdan::report::ReportFormat;

use super::args::{NoticesArgs, ReportArgs};
use super::catalogue::note_overrides;
use super::output::{formats, print_diags, print_error_line, print_warning_line, usage, Outcome};

/// Runs `report`.
pub fn report(a: ReportArgs, cfg: &Config) -> Result<Outcome> {
    check_as_of(a.input.as_of.as_deref())?;
    check_report_formats(&a.output, &a.format)?;
    let (opts, templates) = a.input.options(cfg);
    report_cmd(&opts, &templates, &a.output, &a.format)
}

/// Runs `notices`.
pub fn notices(a: NoticesArgs, cfg: &Config) -> Result<Outcome> {
    check_as_of(a.input.as_of.as_deref())?;
    let formats = formats(&a.format)?;
    let (opts, templates) = a.input.options(cfg);
    if a.template == qingdan::report::REVIEW_TEMPLATE {
        return reviews_cmd(&opts, &templates, &a.output, &formats);
    }
    notices_cmd(&opts, &templates, &a.output, &formats)
}

/// `--as-of` must be a date: a usage error before the results are read (it is
/// not the results file's fault).
pub(super) fn check_as_of(as_of: Option<&str>) -> Result<()> {
    match as_of {
        Some(d) if qingdan::model::validate::parse_date(d).is_none() => {
            Err(usage(msg::as_of_not_a_date(d)))
        }
        _ => Ok(()),
    }
}

/// The output's extension or `--format` must name a report format.
pub(super) fn check_report_formats(output: &Path, formats: &[String]) -> Result<()> {
    const ALL: &str = "md, html, pdf, docx, csv or xlsx";
    if formats.is_empty() {
        if ReportFormat::from_path(output).is_none() {
            return Err(usage(msg::report_format_unknown(
                output.display(),
                ALL.replace(" or ", ",").replace(", ", ","),
            )));
        }
        return Ok(());
    }
    for f in formats {
        if ReportFormat::parse(f).is_none() {
            return Err(usage(msg::unknown_format(
                f,
                i18n::pick(ALL, "md、html、pdf、docx、csv 或 xlsx"),
            )));
        }
    }
    Ok(())
}

/// Loads a results file for `report` and `notices`, printing its diagnostics.
/// With `pdf`, a character no font has is an error at its place in the file.
fn load_report(
    opts: &qingdan::report::Options,
    pdf: bool,
) -> Result<Option<qingdan::report::Report>> {
    let loaded = qingdan::report::load(opts);
    let mut diags: Vec<(Diagnostic, String)> = loaded
        .diags
        .iter()
        .map(|d| (d.clone(), loaded.text.clone()))
        .collect();
    if pdf && loaded.report.is_some() {
        for d in qingdan::output::missing_glyphs(&opts.results, &loaded.text, "serif")? {
            diags.push((d, loaded.text.clone()));
        }
    }
    print_diags(&diags, None);
    if let Some(r) = &loaded.report {
        note_override(&r.checklist_path, &r.checklist.id);
    }
    let bad = diags.iter().any(|(d, _)| d.is_error());
    if loaded.report.is_none() || bad {
        print_error_line(&msg::invalid_nothing_written(opts.results.display()));
        return Ok(None);
    }
    Ok(loaded.report)
}

fn report_cmd(
    opts: &qingdan::report::Options,
    templates: &[PathBuf],
    output: &Path,
    format: &[String],
) -> Result<Outcome> {
    let outputs = qingdan::report::plan_outputs(output, format)?;
    let pdf = outputs
        .iter()
        .any(|(_, f)| *f == qingdan::report::ReportFormat::Doc(Format::Pdf));
    let Some(report) = load_report(opts, pdf)? else {
        return Ok(Outcome::Failed);
    };
    let t = Templates::load(&build::template_dirs(&opts.checklists, templates))?;
    for p in qingdan::report::write_report(&report, &t, &outputs)? {
        println!("{}", msg::wrote(p.display()));
    }
    Ok(Outcome::Ok)
}

/// The results (`None` when invalid: the diagnostics are printed) and the
/// templates, for the documents written per hazard or per owner.
fn report_and_templates(
    opts: &qingdan::report::Options,
    templates: &[PathBuf],
    formats: &[Format],
) -> Result<Option<(qingdan::report::Report, Templates)>> {
    let Some(report) = load_report(opts, formats.contains(&Format::Pdf))? else {
        return Ok(None);
    };
    let t = Templates::load(&build::template_dirs(&opts.checklists, templates))?;
    Ok(Some((report, t)))
}

fn notices_cmd(
    opts: &qingdan::report::Options,
    templates: &[PathBuf],
    dir: &Path,
    formats: &[Format],
) -> Result<Outcome> {
    let Some((report, t)) = report_and_templates(opts, templates, formats)? else {
        return Ok(Outcome::Failed);
    };
    let (written, orphans) = qingdan::report::write_notices(&report, &t, dir, formats)?;
    for p in &written {
        println!("{}", msg::wrote(p.display()));
    }
    for h in &orphans {
        print_warning_line(&msg::notice_no_owner(&h.id));
    }
    if written.is_empty() {
        eprintln!("{}", msg::no_notices());
    }
    Ok(Outcome::Ok)
}

fn reviews_cmd(
    opts: &qingdan::report::Options,
    templates: &[PathBuf],
    dir: &Path,
    formats: &[Format],
) -> Result<Outcome> {
    let Some((report, t)) = report_and_templates(opts, templates, formats)? else {
        return Ok(Outcome::Failed);
    };
    let written = qingdan::report::write_reviews(&report, &t, dir, formats)?;
    for p in &written {
        println!("{}", msg::wrote(p.display()));
    }
    if written.is_empty() {
        let (_, later) = report.reviewed();
        if later > 0 {
            eprintln!(
                "{}",
                if later == 1 {
                    msg::none_reviewed_by_one(&report.as_of)
                } else {
                    msg::none_reviewed_by_many(&report.as_of, later)
                }
            );
        } else {
            eprintln!("{}", msg::no_review_dates());
        }
    }
    Ok(Outcome::Ok)
}

/// A note when the results' checklist is a user's file that replaces the
/// built-in checklist of its id with other text.
fn note_override(path: &Path, id: &str) {
    use qingdan::model::builtin;
    let Some(e) = builtin::get(id) else { return };
    if builtin::is_builtin(path) {
        return;
    }
    if qingdan::model::load::read_text(path).is_ok_and(|t| t != e.text) {
        note_overrides(&[builtin::Override {
            id: id.to_string(),
            file: path.to_path_buf(),
        }]);
    }
}
