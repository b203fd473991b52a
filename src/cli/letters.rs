//! `qingdan letters`: the flags → [`qingdan::letters::run`] → the summary.

use std::io::IsTerminal;

use anyhow::Result;

use qingdan::config::Config;
use qingdan::i18n::{self, msg};

use super::args::LettersArgs;
use super::catalogue::note_overrides;
use super::output::{formats, print_diags, print_warning_line, set_jobs, Outcome};

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
        let rows = summary
            .skipped
            .iter()
            .map(|r| r.to_string())
            .collect::<Vec<_>>()
            .join(i18n::pick(", ", "、"));
        let n = summary.skipped.len();
        print_warning_line(&if n == 1 {
            msg::rows_left_out(n, rows)
        } else {
            msg::rows_left_out_many(n, rows)
        });
    }
    for p in &summary.removed {
        let page = p.to_string_lossy().ends_with(qingdan::letters::PAGE_SUFFIX);
        eprintln!(
            "{}",
            if page {
                msg::removed_earlier_page(p.display())
            } else {
                msg::removed_earlier_letter(p.display())
            }
        );
    }
    if !quiet {
        let files: usize = summary.letters.iter().map(|l| l.files.len()).sum();
        let pages = summary.letters.iter().filter(|l| l.page.is_some()).count();
        let pages = if opts.pages {
            msg::self_check_pages(pages)
        } else {
            String::new()
        };
        println!(
            "{}",
            msg::letters_summary(
                summary.letters.len(),
                files,
                pages,
                opts.out.display(),
                format!("{:.2}", summary.seconds)
            )
        );
        if let Some(c) = &opts.combined {
            println!(
                "{}",
                msg::combined_written(c.display(), summary.combined_pages)
            );
        }
    }
    Ok(Outcome::Ok)
}
