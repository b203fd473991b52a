//! `qingdan merge`: the flags → the checklist (resolved, validated, composed) →
//! [`qingdan::merge::run`] → the summary.

use std::io::IsTerminal;

use anyhow::Result;

use qingdan::config::Config;
use qingdan::i18n::msg;

use super::args::MergeArgs;
use super::catalogue;
use super::output::{formats, print_diags, print_error_line, set_jobs, Outcome};

/// Runs `merge`.
pub fn run(a: MergeArgs, cfg: &Config) -> Result<Outcome> {
    let quiet = a.quiet;
    set_jobs(a.jobs)?;
    let dir = cfg.checklists(a.checklists);
    let named = match catalogue::resolve(&a.checklist, &dir) {
        Ok(n) => n,
        Err(d) => {
            print_diags(&[(d, String::new())], None);
            print_error_line(&msg::nothing_written());
            return Ok(Outcome::Failed);
        }
    };
    let Some((c, shown)) = named.checked(|_| Ok(Vec::new()))? else {
        return Ok(Outcome::Failed);
    };
    let opts = qingdan::merge::Options {
        template: a.template,
        checklist_file: shown,
        roster: a.roster,
        checklists: dir,
        templates: cfg.templates(a.templates),
        out: a.out,
        formats: formats(&a.format)?,
        combined: a.combined,
        progress: !quiet && std::io::stderr().is_terminal(),
    };
    let summary = qingdan::merge::run(&opts, &c)?;
    for p in &summary.removed {
        eprintln!("{}", msg::removed_earlier_document(p.display()));
    }
    if !quiet {
        let files: usize = summary.docs.iter().map(|d| d.files.len()).sum();
        println!(
            "{}",
            msg::merge_summary(
                summary.docs.len(),
                files,
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
