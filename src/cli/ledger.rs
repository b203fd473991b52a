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
use super::output::{
    print_diags, print_error_line, print_note_line, print_warning_line, set_jobs, usage, Outcome,
};
use super::report::{check_as_of, check_report_formats};
use qingdan::i18n::{self, msg};

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
        None => return Err(usage(msg::ledger_needs_output())),
    };
    if let Some(f) = &a.overdue_roster {
        let csv = f
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
        if !csv {
            return Err(usage(msg::overdue_roster_not_csv(f.display())));
        }
    }
    set_jobs(a.jobs)?;
    let checklists = cfg.checklists(a.checklists);

    // The roster first: without it nothing can be joined.
    let mut rows = match roster::read(&a.roster) {
        Ok(r) => r,
        Err(d) => {
            print_diags(&[(d, String::new())], None);
            print_error_line(&msg::roster_unreadable());
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
            let n = rows.bad_rows.len();
            print_error_line(&msg::roster_rows_invalid(if n == 1 {
                msg::roster_row_is(n)
            } else {
                msg::roster_rows_are(n)
            }));
            return Ok(Outcome::Failed);
        }
        rows.recipients.retain(|r| !rows.bad_rows.contains(&r.row));
        print_warning_line(&msg::roster_rows_left_out(
            rows.bad_rows
                .iter()
                .map(|r| r.to_string())
                .collect::<Vec<_>>()
                .join(i18n::pick(", ", "、")),
        ));
    }

    let files = ledger::results_files(&a.results)?;
    if files.is_empty() {
        print_error_line(&msg::no_results_files(a.results.display()));
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
            print_error_line(&if invalid.len() == 1 {
                msg::results_invalid_one(loaded.len())
            } else {
                msg::results_invalid_many(invalid.len(), loaded.len())
            });
            return Ok(Outcome::Failed);
        }
        print_warning_line(&msg::invalid_results_left_out(msg::invalid_results_files(
            invalid.len(),
        )));
        for f in &invalid {
            eprintln!("  {}", f.path.display());
        }
    }
    let l = ledger::build(&as_of, &rows.recipients, &loaded);
    for n in &l.notes {
        print_warning_line(n);
    }
    for f in &l.summary.files.later {
        print_note_line(&msg::dated_after(f, &as_of));
    }
    for f in &l.summary.files.superseded {
        print_note_line(&msg::superseded(f));
    }
    let t = Templates::load(&build::template_dirs(
        &checklists,
        &cfg.templates(a.templates),
    ))?;
    for p in ledger::write(&l, &t, &outputs)? {
        if a.json {
            eprintln!("{}", msg::wrote(p.display()));
        } else {
            println!("{}", msg::wrote(p.display()));
        }
    }
    if let Some(f) = &a.overdue_roster {
        let (rows, outside) = l.overdue_roster(&rows.recipients);
        let bytes = ledger::roster_csv(&rows)?;
        qingdan::fsutil::write_atomic(f, &bytes).with_context(|| msg::writing(f.display()))?;
        let said = msg::overdue_roster_written(f.display(), msg::enterprises(rows.len()));
        if a.json {
            eprintln!("{said}");
        } else {
            println!("{said}");
        }
        for n in outside {
            print_warning_line(&msg::overdue_outside_roster(n, f.display()));
        }
    }
    let s = &l.summary;
    let h = &s.hazards;
    let line = msg::ledger_summary(
        &as_of,
        s.submitted,
        s.enterprises,
        s.missing.len(),
        if s.outside_roster.is_empty() {
            String::new()
        } else {
            msg::outside_roster(s.outside_roster.len())
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
        msg::files(s.files.read),
        format!("{:.2}", start.elapsed().as_secs_f64()),
    );
    // With --json, standard output holds the JSON only.
    let mut say: Vec<String> = vec![line];
    if let Some(days) = a.due_within {
        let due = l.due_within(days);
        say.push(msg::due_within(days, &as_of, msg::open_hazards(due.len())));
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
