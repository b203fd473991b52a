//! `qingdan build`: the flags → [`qingdan::build::run`] → what was written.

use anyhow::Result;

use qingdan::build::{self, State};
use qingdan::config::Config;
use qingdan::model::{diag, Diagnostic};

use super::args::BuildArgs;
use super::catalogue;
use super::output::{formats, print_diags, set_jobs, Outcome};

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
            eprintln!("warning: {w}");
        }
    }
    if check {
        for o in &failed {
            let what = match o.state {
                State::Missing => "missing",
                State::Stale => "stale",
                State::Edited => "edited",
                _ => "orphaned",
            };
            match &o.reason {
                Some(r) => println!("{what}: {} ({r})", o.path.display()),
                None => println!("{what}: {}", o.path.display()),
            }
        }
        if !failed.is_empty() {
            eprintln!(
                "error: {} of {} outputs are not up to date; run `qingdan build`",
                failed.len(),
                summary.outputs.len()
            );
            return Ok(Outcome::Failed);
        }
        if !quiet {
            println!("all {} outputs are up to date", summary.outputs.len());
        }
        return Ok(Outcome::Ok);
    }
    if !quiet {
        for o in &summary.outputs {
            match o.state {
                State::Written => println!("wrote {}", o.path.display()),
                State::Removed => println!("removed {}", o.path.display()),
                _ => {}
            }
        }
        println!(
            "{} written, {} up to date, {} removed in {:.2} s",
            summary.count(State::Written),
            summary.count(State::Unchanged),
            summary.count(State::Removed),
            summary.seconds
        );
    }
    Ok(Outcome::Ok)
}
