//! `qingdan build`: the flags → [`qingdan::build::run`] → what was written.

use anyhow::Result;

use qingdan::build::{self, State};
use qingdan::config::Config;
use qingdan::i18n::msg;
use qingdan::model::{diag, Diagnostic};

use super::args::BuildArgs;
use super::catalogue;
use super::output::{
    formats, print_diags, print_error_line, print_warning_line, set_jobs, Outcome,
};

/// Runs `build`.
pub fn run(a: BuildArgs, cfg: &Config) -> Result<Outcome> {
    let formats = formats(&a.format)?;
    set_jobs(a.jobs)?;
    // Without a folder there is nothing of the user's to build: the built-in
    // checklists are not built wholesale into a folder that has none.
    let dir = cfg.checklists(a.checklists.clone());
    if std::fs::symlink_metadata(&dir).is_err() {
        print_diags(&[(catalogue::no_folder(&dir), String::new())], None);
        return Ok(Outcome::Failed);
    }
    let opts = build::Options {
        checklists: cfg.checklists(a.checklists),
        templates: cfg.templates(a.templates),
        out: cfg.out(a.out),
        formats,
        check: a.check,
        force: a.force,
        select: cfg.select.iter().cloned().chain(a.select).collect(),
    };
    let summary = build::run(&opts)?;
    report_build(&summary, a.check, a.quiet, a.json)
}

/// Prints what a build did (or, with `--check`, what is out of date).
fn report_build(summary: &build::Summary, check: bool, quiet: bool, json: bool) -> Result<Outcome> {
    let failed: Vec<&build::Output> = summary
        .outputs
        .iter()
        .filter(|o| o.state.fails_check())
        .collect();
    if json {
        let diags: Vec<&Diagnostic> = summary.diags.iter().map(|(d, _)| d).collect();
        let out = serde_json::json!({
            "check": check,
            "written": summary.count(State::Written),
            "unchanged": summary.count(State::Unchanged),
            "removed": summary.count(State::Removed),
            "failed": failed.len(),
            "seconds": summary.seconds,
            "outputs": summary.outputs,
            "warnings": summary.warnings,
            "diagnostics": diags,
        });
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(if failed.is_empty() {
            Outcome::Ok
        } else {
            Outcome::Failed
        });
    }
    if !quiet {
        // Warnings are one line each here; `validate` shows them in full.
        for (d, _) in &summary.diags {
            if let Some(line) = diag::render(d, None).lines().next() {
                eprintln!("{line}");
            }
        }
        for w in &summary.warnings {
            print_warning_line(w);
        }
    }
    if check {
        for o in &failed {
            let what = match o.state {
                State::Missing => msg::state_missing(),
                State::Stale => msg::state_stale(),
                State::Edited => msg::state_edited(),
                _ => msg::state_orphaned(),
            };
            match &o.reason {
                Some(r) => println!("{}", msg::check_line_why(what, o.path.display(), r)),
                None => println!("{}", msg::check_line(what, o.path.display())),
            }
        }
        if !failed.is_empty() {
            print_error_line(&msg::not_up_to_date(failed.len(), summary.outputs.len()));
            return Ok(Outcome::Failed);
        }
        if !quiet {
            println!("{}", msg::all_up_to_date(summary.outputs.len()));
        }
        return Ok(Outcome::Ok);
    }
    if !quiet {
        for o in &summary.outputs {
            match o.state {
                State::Written => println!("{}", msg::wrote(o.path.display())),
                State::Removed => println!("{}", msg::removed(o.path.display())),
                _ => {}
            }
        }
        println!(
            "{}",
            msg::build_summary(
                summary.count(State::Written),
                summary.count(State::Unchanged),
                summary.count(State::Removed),
                format!("{:.2}", summary.seconds)
            )
        );
    }
    Ok(Outcome::Ok)
}
