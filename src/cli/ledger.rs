//! `qingdan ledger`: the flags → [`qingdan::ledger`] → the files and a summary.

use std::time::Instant;

use anyhow::{Context as _, Result};

use qingdan::build;
use qingdan::config::Config;
use qingdan::ledger;
use qingdan::model::{roster, Diagnostic};
use qingdan::output::Format;
use qingdan::render::Templates;
use qingdan::report::ReportFormat;

use super::args::LedgerArgs;
use super::output::{print_diags, set_jobs, usage, Outcome};
use super::report::{check_as_of, check_report_formats};

/// Runs `ledger`.
pub fn run(a: LedgerArgs, cfg: &Config) -> Result<Outcome> {
    let start = Instant::now();
    check_as_of(a.as_of.as_deref())?;
    let as_of = a.as_of.clone().unwrap_or_else(ledger::today);
    let outputs = match &a.output {
        Some(o) => {
            check_report_formats(o, &a.format)?;
            qingdan::report::plan_outputs(o, &a.format)?
        }
        None if a.json => Vec::new(),
        None => {
            return Err(usage(
                "name an output file with -o (.xlsx, .csv, .html, .pdf, .md), or pass --json",
            ))
        }
    };
    if let Some(f) = &a.overdue_roster {
        let csv = f
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
        if !csv {
            return Err(usage(format!(
                "--overdue-roster {}: name a .csv file (the roster `letters --roster` reads)",
                f.display()
            )));
        }
    }
    set_jobs(a.jobs)?;
    let checklists = cfg.checklists(a.checklists);

    // The roster first: without it nothing can be joined.
    let mut rows = match roster::read(&a.roster) {
        Ok(r) => r,
        Err(d) => {
            print_diags(&[(d, String::new())], None);
            eprintln!("error: the roster cannot be read; nothing was written");
            return Ok(Outcome::Failed);
        }
    };
    let roster_diags: Vec<(Diagnostic, String)> = rows
        .diags
        .iter()
        .map(|d| (d.clone(), String::new()))
        .collect();
    print_diags(&roster_diags, None);
    if !rows.bad_rows.is_empty() {
        if !a.skip_invalid {
            eprintln!(
                "error: {} roster row{} invalid; nothing was written (fix them, or pass --skip-invalid to leave them out)",
                rows.bad_rows.len(),
                if rows.bad_rows.len() == 1 { " is" } else { "s are" }
            );
            return Ok(Outcome::Failed);
        }
        rows.recipients.retain(|r| !rows.bad_rows.contains(&r.row));
        eprintln!(
            "warning: roster rows left out: {}",
            rows.bad_rows
                .iter()
                .map(|r| r.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }

    let files = ledger::results_files(&a.results)?;
    if files.is_empty() {
        eprintln!(
            "error: no results files (*.yaml) under {}; nothing was written",
            a.results.display()
        );
        return Ok(Outcome::Failed);
    }
    let opts = ledger::Options {
        results: a.results.clone(),
        roster: a.roster.clone(),
        checklists: checklists.clone(),
        as_of: as_of.clone(),
        pdf: outputs
            .iter()
            .any(|(_, f)| *f == ReportFormat::Doc(Format::Pdf)),
    };
    let loaded = ledger::load_all(&files, &opts);
    let diags: Vec<(Diagnostic, String)> = loaded
        .iter()
        .flat_map(|f| f.diags.iter().map(|d| (d.clone(), f.text.clone())))
        .collect();
    print_diags(&diags, None);
    let invalid: Vec<&ledger::FileResult> = loaded.iter().filter(|f| f.invalid()).collect();
    if !invalid.is_empty() {
        if !a.skip_invalid {
            eprintln!(
                "error: {} of {} results files {} invalid; nothing was written (fix {}, or pass --skip-invalid to leave {} out)",
                invalid.len(),
                loaded.len(),
                if invalid.len() == 1 { "is" } else { "are" },
                if invalid.len() == 1 { "it" } else { "them" },
                if invalid.len() == 1 { "it" } else { "them" },
            );
            return Ok(Outcome::Failed);
        }
        eprintln!(
            "warning: {} invalid results file{} left out:",
            invalid.len(),
            if invalid.len() == 1 { "" } else { "s" }
        );
        for f in &invalid {
            eprintln!("  {}", f.path.display());
        }
    }
    let l = ledger::build(&as_of, &rows.recipients, &loaded);
    for n in &l.notes {
        eprintln!("warning: {n}");
    }
    for f in &l.summary.files.later {
        eprintln!("note: {f} is dated after --as-of {as_of}: not counted");
    }
    for f in &l.summary.files.superseded {
        eprintln!(
            "note: {f} is replaced by a later self-check of the same enterprise and checklist"
        );
    }
    let t = Templates::load(&build::template_dirs(
        &checklists,
        &cfg.templates(a.templates),
    ))?;
    for p in ledger::write(&l, &t, &outputs)? {
        if a.json {
            eprintln!("wrote {}", p.display());
        } else {
            println!("wrote {}", p.display());
        }
    }
    if let Some(f) = &a.overdue_roster {
        let (rows, outside) = l.overdue_roster(&rows.recipients);
        let bytes = ledger::roster_csv(&rows)?;
        qingdan::fsutil::write_atomic(f, &bytes)
            .with_context(|| format!("writing {}", f.display()))?;
        let msg = format!(
            "wrote {} ({} enterprise{} with overdue hazards)",
            f.display(),
            rows.len(),
            if rows.len() == 1 { "" } else { "s" }
        );
        if a.json {
            eprintln!("{msg}");
        } else {
            println!("{msg}");
        }
        for n in outside {
            eprintln!(
                "warning: {n} has overdue hazards but is not in the roster: not in {}",
                f.display()
            );
        }
    }
    let s = &l.summary;
    let h = &s.hazards;
    let line = format!(
        "as of {as_of}: {} of {} enterprises reported ({} missing{}); {} hazards ({} major): {} rectified, {} open, {} overdue ({} major overdue); {} closed (销号), {} awaiting review, {} supervised (挂牌督办) not closed; {} files in {:.2} s",
        s.submitted,
        s.enterprises,
        s.missing.len(),
        if s.outside_roster.is_empty() {
            String::new()
        } else {
            format!(", {} outside the roster", s.outside_roster.len())
        },
        h.total,
        h.major,
        h.rectified,
        h.open,
        h.overdue,
        h.major_overdue,
        h.closed,
        h.awaiting_review,
        h.supervised_open,
        s.files.read,
        start.elapsed().as_secs_f64()
    );
    // With --json, standard output holds the JSON only.
    let mut say: Vec<String> = vec![line];
    if let Some(days) = a.due_within {
        let due = l.due_within(days);
        say.push(format!(
            "due within {days} days of {as_of}: {} open hazard{}",
            due.len(),
            if due.len() == 1 { "" } else { "s" }
        ));
        for e in due {
            let h = &e.hazard;
            say.push(format!(
                "  {}  {}  {}  {} {}  责任人 {}",
                h.deadline.as_deref().unwrap_or(""),
                e.township,
                e.name,
                h.item_no,
                h.finding,
                h.owner.as_deref().unwrap_or("（未填）")
            ));
        }
    }
    if a.json {
        for l in &say {
            eprintln!("{l}");
        }
        println!("{}", serde_json::to_string_pretty(s)?);
    } else {
        for l in &say {
            println!("{l}");
        }
    }
    Ok(Outcome::Ok)
}
