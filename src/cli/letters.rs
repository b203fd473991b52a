//! `qingdan letters`: the flags → [`qingdan::letters::run`] → the summary.

use std::io::IsTerminal;

use anyhow::Result;

use qingdan::config::Config;

use super::args::LettersArgs;
use super::catalogue::note_overrides;
use super::output::{formats, print_diags, set_jobs, Outcome};

/// Runs `letters`.
pub fn run(a: LettersArgs, cfg: &Config) -> Result<Outcome> {
    let quiet = a.quiet;
    set_jobs(a.jobs)?;
    let opts = qingdan::letters::Options {
        event: a.event,
        roster: a.roster,
        checklists: cfg.checklists(a.checklists),
        templates: cfg.templates(a.templates),
        industries: cfg.industries.clone(),
        out: a.out,
        formats: formats(&a.format)?,
        combined: a.combined,
        skip_invalid: a.skip_invalid,
        pages: a.pages,
        progress: !quiet && std::io::stderr().is_terminal(),
    };
    if !quiet {
        note_overrides(&qingdan::model::builtin::overrides(&opts.checklists));
    }
    let summary = qingdan::letters::run(&opts)?;
    if !summary.skipped.is_empty() {
        print_diags(&summary.diags, None);
        eprintln!(
            "warning: {} roster row{} left out: {}",
            summary.skipped.len(),
            if summary.skipped.len() == 1 { "" } else { "s" },
            summary
                .skipped
                .iter()
                .map(|r| r.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    for p in &summary.removed {
        eprintln!("removed {} (an earlier run's letter)", p.display());
    }
    if !quiet {
        let files: usize = summary.letters.iter().map(|l| l.files.len()).sum();
        let pages = summary.letters.iter().filter(|l| l.page.is_some()).count();
        let pages = if opts.pages {
            format!(", {pages} self-check pages")
        } else {
            String::new()
        };
        println!(
            "{} letters ({files} files{pages}) and index.csv written to {} in {:.2} s",
            summary.letters.len(),
            opts.out.display(),
            summary.seconds
        );
        if let Some(c) = &opts.combined {
            println!(
                "combined: {} ({} pages)",
                c.display(),
                summary.combined_pages
            );
        }
    }
    Ok(Outcome::Ok)
}
