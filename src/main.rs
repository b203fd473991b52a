//! The `qingdan` command line: parses flags, resolves them into library options,
//! runs one command and maps the outcome to an exit code (0 ok, 1 invalid input
//! or failed check, 2 usage).

#![forbid(unsafe_code)]

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};

use qingdan::build::{self, Format, State};
use qingdan::config::Config;
use qingdan::model::{self, diag, Diagnostic};
use qingdan::render::{Templates, BUILTIN};

#[derive(Parser)]
#[command(
    name = "qingdan",
    version,
    about = "YAML work-safety checklists → printable forms (清单 → 检查表、自查表、承诺书)"
)]
struct Cli {
    /// Extra folder of fonts (.ttf/.otf/.ttc) for PDF output, e.g. with 仿宋_GB2312 or 方正小标宋; repeatable.
    #[arg(long, global = true, value_name = "DIR")]
    font_dir: Vec<PathBuf>,
    /// Configuration file (default: qingdan.yaml in the working folder, if there is one).
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Render every checklist with every template for its kind into the output folder.
    Build {
        /// Folder of checklist YAML files (default: checklists, or `checklists:` in qingdan.yaml).
        #[arg(long)]
        checklists: Option<PathBuf>,
        /// Folder of template overrides (by name); `templates/` beside the checklists is used too.
        #[arg(long)]
        templates: Vec<PathBuf>,
        /// Output folder (default: out, or `out:` in qingdan.yaml).
        #[arg(long, short)]
        out: Option<PathBuf>,
        /// Formats to write, comma-separated: md, html, pdf.
        #[arg(long, default_value = "md,html,pdf", value_delimiter = ',')]
        format: Vec<String>,
        /// Write nothing; exit 1 listing outputs that are missing, stale or edited by hand.
        #[arg(long)]
        check: bool,
        /// Render every output even if the manifest says it is up to date.
        #[arg(long)]
        force: bool,
        /// Also build a composed checklist into its own folder, e.g.
        /// `gongmao-major-hazards:机械,粉尘爆炸` (repeatable; adds to `select:` in qingdan.yaml).
        #[arg(long, value_name = "ID:PARTS")]
        select: Vec<String>,
        /// Print the build summary as JSON.
        #[arg(long)]
        json: bool,
        /// Number of parallel jobs (default: number of cores).
        #[arg(long, short)]
        jobs: Option<usize>,
        /// Print nothing but errors.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Check checklist and results files and report every problem with file:line:column.
    Validate {
        /// Files or folders (default: checklists/).
        paths: Vec<PathBuf>,
        /// Print diagnostics as JSON.
        #[arg(long)]
        json: bool,
    },
    /// List the checklists and the templates.
    List {
        /// Folder of checklist YAML files (default: checklists, or `checklists:` in qingdan.yaml).
        #[arg(long)]
        checklists: Option<PathBuf>,
        /// Folder of template overrides.
        #[arg(long)]
        templates: Vec<PathBuf>,
        /// Print as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Render one checklist with one template; the format follows the output's extension.
    Render {
        /// Template name, e.g. inspection-form.
        #[arg(long, short)]
        template: String,
        /// Checklist file, optionally with parts: `checklists/gongmao-major-hazards.yaml:机械,粉尘爆炸`.
        #[arg(long, short)]
        checklist: PathBuf,
        /// Folder of template overrides.
        #[arg(long)]
        templates: Vec<PathBuf>,
        /// Output file (.md or .html); `-` writes Markdown to standard output.
        #[arg(long, short)]
        output: PathBuf,
    },
    /// One warning letter (警示提醒函) per roster row, each with its industry's self-check sheet.
    Letters {
        /// The event file (YAML).
        #[arg(long)]
        event: PathBuf,
        /// The roster (.csv in UTF-8 or GB18030, .xlsx, or .yaml).
        #[arg(long)]
        roster: PathBuf,
        /// Folder of checklist YAML files (default: checklists, or `checklists:` in qingdan.yaml).
        #[arg(long)]
        checklists: Option<PathBuf>,
        /// Folder of template overrides.
        #[arg(long)]
        templates: Vec<PathBuf>,
        /// Output folder.
        #[arg(long, short)]
        out: PathBuf,
        /// Formats to write, comma-separated: pdf, html, md.
        #[arg(long, default_value = "pdf", value_delimiter = ',')]
        format: Vec<String>,
        /// Also write one PDF with every letter, each starting on an odd page (for duplex printing).
        #[arg(long, value_name = "FILE.pdf")]
        combined: Option<PathBuf>,
        /// Leave out invalid roster rows (listed) instead of stopping.
        #[arg(long)]
        skip_invalid: bool,
        /// Number of parallel jobs (default: number of cores).
        #[arg(long, short)]
        jobs: Option<usize>,
        /// Print nothing but errors (and no progress bar).
        #[arg(long, short)]
        quiet: bool,
    },
    /// Show items added, removed and changed between two versions of checklists.
    Diff {
        /// OLD and NEW (two files or two folders); with --git, the folder (default: checklists).
        paths: Vec<PathBuf>,
        /// Compare two git revisions of a folder, e.g. `main..HEAD`; `REV..` compares REV with the working tree.
        #[arg(long, value_name = "REV1..REV2")]
        git: Option<String>,
        /// Print the differences as JSON.
        #[arg(long)]
        json: bool,
        /// Exit 1 when there are differences.
        #[arg(long)]
        exit_code: bool,
    },
    /// Turn a filled self-check (results file) into the self-check report (自查报告) with a
    /// 双报告 page per major hazard, or a spreadsheet of hazards (.csv, .xlsx).
    Report {
        #[command(flatten)]
        input: ResultsArgs,
        /// Output file; the format follows its extension (.md, .html, .pdf, .csv, .xlsx).
        #[arg(long, short)]
        output: PathBuf,
        /// Write several formats, comma-separated (md, html, pdf, csv, xlsx), each with its extension.
        #[arg(long, value_delimiter = ',')]
        format: Vec<String>,
    },
    /// One rectification notice (整改通知书) per owner of open hazards.
    Notices {
        #[command(flatten)]
        input: ResultsArgs,
        /// Output folder.
        #[arg(long, short)]
        output: PathBuf,
        /// Formats to write, comma-separated: md, html, pdf.
        #[arg(long, default_value = "md,html,pdf", value_delimiter = ',')]
        format: Vec<String>,
    },
    /// Print the JSON Schema of an input format (checklist, results, event, config) for editors.
    Schema {
        /// checklist, results, event or config.
        name: String,
    },
    /// List the fonts for PDF output, or check that files' characters can all be printed.
    Fonts {
        /// Text files to check (checklists, rosters, Markdown …).
        files: Vec<PathBuf>,
        /// The family to check against (serif, sans, or a --font-dir family).
        #[arg(long, default_value = "serif")]
        family: String,
    },
    /// Work with the templates.
    Templates {
        #[command(subcommand)]
        action: TemplatesAction,
    },
}

/// The inputs of `report` and `notices`.
#[derive(clap::Args)]
struct ResultsArgs {
    /// The results file (YAML).
    #[arg(long)]
    results: PathBuf,
    /// Folder of checklist YAML files (default: checklists, or `checklists:` in qingdan.yaml).
    #[arg(long)]
    checklists: Option<PathBuf>,
    /// Folder of template overrides.
    #[arg(long)]
    templates: Vec<PathBuf>,
    /// Unanswered items are a warning instead of an error.
    #[arg(long)]
    allow_incomplete: bool,
    /// Date (YYYY-MM-DD) for "overdue"; default: the results' date.
    #[arg(long, value_name = "DATE")]
    as_of: Option<String>,
}

impl ResultsArgs {
    fn options(self, cfg: &Config) -> (qingdan::report::Options, Vec<PathBuf>) {
        let opts = qingdan::report::Options {
            results: self.results,
            checklists: cfg.checklists(self.checklists),
            allow_incomplete: self.allow_incomplete,
            as_of: self.as_of,
        };
        (opts, cfg.templates(self.templates))
    }
}

#[derive(Subcommand)]
enum TemplatesAction {
    /// Write the built-in templates into a folder for customising.
    Export {
        /// Folder to write into.
        dir: PathBuf,
    },
    /// List templates and where each comes from.
    List {
        /// Folder of template overrides.
        #[arg(long)]
        templates: Vec<PathBuf>,
    },
}

/// How a command ended, when it did not fail with an error.
enum Outcome {
    Ok,
    /// Invalid input or a failed check: exit 1, the details were printed.
    Failed,
}

/// Counts the bytes the process holds, for the limits watchdog (`qingdan::guard`).
#[global_allocator]
static ALLOC: cap::Cap<std::alloc::System> = cap::Cap::new(std::alloc::System, usize::MAX);

fn main() -> ExitCode {
    match qingdan::guard::Limits::from_env() {
        Ok(limits) => {
            // The hard limit only stops one allocation too large to wait for the watchdog.
            if ALLOC.set_limit(limits.hard_memory()).is_err() {
                eprintln!(
                    "error: {} is below what qingdan already holds",
                    qingdan::guard::MEMORY_VAR
                );
                return ExitCode::from(2);
            }
            qingdan::guard::watch(|| ALLOC.allocated(), limits);
        }
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    }
    std::panic::set_hook(Box::new(|info| {
        // A third-party reader's panic that the caller turns into an error.
        if qingdan::model::roster::reading_foreign() {
            return;
        }
        let text = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        // `println!` panics when stdout is a closed pipe (`qingdan list | head`).
        // Like ripgrep, treat that as a normal end: the reader has what it wanted.
        if text.contains("failed printing to stdout") && text.contains("Broken pipe") {
            std::process::exit(0);
        }
        let msg = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown".into());
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!("error: internal error in qingdan{place}: {msg}");
        eprintln!("This is a bug in qingdan, not in your files. Please report it with the command you ran and the input files.");
    }));
    let cli = Cli::parse();
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(cli)));
    match result {
        Ok(Ok(Outcome::Ok)) => ExitCode::SUCCESS,
        Ok(Ok(Outcome::Failed)) => ExitCode::from(1),
        Ok(Err(e)) => {
            if is_broken_pipe(&e) {
                return ExitCode::SUCCESS;
            }
            print_error(&e);
            ExitCode::from(1)
        }
        Err(_) => ExitCode::from(1),
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn print_error(e: &anyhow::Error) {
    if let Some(inv) = e.downcast_ref::<build::Invalid>() {
        print_diags(&inv.diags, None);
        eprintln!("error: {inv}");
        return;
    }
    eprintln!("error: {e}");
    // Error types that print their cause in their own message would show it
    // twice; skip a cause already said by the line before.
    let mut previous = e.to_string();
    for cause in e.chain().skip(1) {
        let text = cause.to_string();
        if !previous.contains(&text) {
            eprintln!("  caused by: {text}");
        }
        previous = text;
    }
}

fn print_diags(diags: &[(Diagnostic, String)], files: Option<usize>) {
    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    for (d, text) in diags {
        let t = (!text.is_empty()).then_some(text.as_str());
        let _ = write!(err, "{}", diag::render(d, t));
    }
    if let Some(n) = files {
        let only: Vec<Diagnostic> = diags.iter().map(|(d, _)| d.clone()).collect();
        let _ = writeln!(err, "{}", diag::summary(&only, n));
    }
}

fn formats(list: &[String]) -> Result<Vec<Format>> {
    let mut out = Vec::new();
    for f in list {
        let fmt = Format::parse(f)
            .with_context(|| format!("unknown format `{f}`: use md, html or pdf"))?;
        if !out.contains(&fmt) {
            out.push(fmt);
        }
    }
    out.sort();
    Ok(out)
}

fn run(cli: Cli) -> Result<Outcome> {
    let cfg = match Config::load(cli.config.as_deref()) {
        Ok(c) => c,
        Err(inv) => {
            print_diags(&inv.diags, None);
            eprintln!("error: the configuration file is invalid");
            return Ok(Outcome::Failed);
        }
    };
    // Fonts are parsed once per process: say where to look before the first PDF.
    qingdan::output::set_font_dirs(cfg.font_dirs.iter().cloned().chain(cli.font_dir).collect());
    match cli.command {
        Command::Build {
            checklists,
            templates,
            out,
            format,
            check,
            force,
            select,
            jobs,
            quiet,
            json,
        } => {
            set_jobs(jobs)?;
            let opts = build::Options {
                checklists: cfg.checklists(checklists),
                templates: cfg.templates(templates),
                out: cfg.out(out),
                formats: formats(&format)?,
                check,
                force,
                select: cfg.select.iter().cloned().chain(select).collect(),
            };
            let summary = build::run(&opts)?;
            report_build(&summary, check, quiet, json)
        }
        Command::Validate { paths, json } => {
            let paths = if paths.is_empty() {
                vec![cfg.checklists(None)]
            } else {
                paths
            };
            validate(paths, json)
        }
        Command::List {
            checklists,
            templates,
            json,
        } => list(&cfg.checklists(checklists), &cfg.templates(templates), json),
        Command::Render {
            template,
            checklist,
            templates,
            output,
        } => render(&template, &checklist, &cfg.templates(templates), &output),
        Command::Letters {
            event,
            roster,
            checklists,
            templates,
            out,
            format,
            combined,
            skip_invalid,
            jobs,
            quiet,
        } => {
            set_jobs(jobs)?;
            let opts = qingdan::letters::Options {
                event,
                roster,
                checklists: cfg.checklists(checklists),
                templates: cfg.templates(templates),
                industries: cfg.industries.clone(),
                out,
                formats: formats(&format)?,
                combined,
                skip_invalid,
                progress: !quiet && std::io::stderr().is_terminal(),
            };
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
                println!(
                    "{} letters ({files} files) and index.csv written to {} in {:.2} s",
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
        Command::Diff {
            paths,
            git,
            json,
            exit_code,
        } => diff(&paths, git.as_deref(), json, exit_code),
        Command::Report {
            input,
            output,
            format,
        } => {
            let (opts, templates) = input.options(&cfg);
            report_cmd(&opts, &templates, &output, &format)
        }
        Command::Notices {
            input,
            output,
            format,
        } => {
            let (opts, templates) = input.options(&cfg);
            notices_cmd(&opts, &templates, &output, &formats(&format)?)
        }
        Command::Fonts { files, family } => fonts(&files, &family),
        Command::Schema { name } => {
            let schema = match name.as_str() {
                "checklist" => schemars::schema_for!(qingdan::model::Checklist),
                "results" => schemars::schema_for!(qingdan::model::results::Results),
                "event" => schemars::schema_for!(qingdan::model::event::Event),
                "config" => schemars::schema_for!(Config),
                other => {
                    anyhow::bail!(
                        "no schema named `{other}`: use checklist, results, event or config"
                    )
                }
            };
            println!("{}", serde_json::to_string_pretty(&schema)?);
            Ok(Outcome::Ok)
        }
        Command::Templates { action } => match action {
            TemplatesAction::Export { dir } => {
                for p in Templates::export_builtins(&dir)
                    .with_context(|| format!("writing templates into {}", dir.display()))?
                {
                    println!("wrote {}", p.display());
                }
                Ok(Outcome::Ok)
            }
            TemplatesAction::List { templates } => {
                let t = Templates::load(&templates)?;
                for name in t.names() {
                    let origin = match t.source(&name).map(|(o, _)| o) {
                        Some(qingdan::render::Origin::File(p)) => p.display().to_string(),
                        _ => "built-in".into(),
                    };
                    println!("{name:<20} {origin}");
                }
                Ok(Outcome::Ok)
            }
        },
    }
}

fn set_jobs(jobs: Option<usize>) -> Result<()> {
    if let Some(n) = jobs {
        // Each job is a thread with its own stack; more than this only costs.
        const MAX_JOBS: usize = 256;
        if n > MAX_JOBS {
            anyhow::bail!("--jobs {n}: at most {MAX_JOBS}");
        }
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global()
            .context("setting the number of jobs")?;
    }
    Ok(())
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

/// Loads checklists for `diff`, printing diagnostics; `None` if any is invalid.
fn checklists_or_report(files: Vec<model::ChecklistFile>) -> Option<Vec<model::Checklist>> {
    let mut ok = true;
    let mut out = Vec::new();
    for f in files {
        let diags: Vec<(Diagnostic, String)> = f
            .diags
            .iter()
            .filter(|d| d.is_error())
            .map(|d| (d.clone(), f.text.clone()))
            .collect();
        print_diags(&diags, None);
        match f.checklist {
            Some(c) => out.push(c),
            None => ok = false,
        }
    }
    ok.then_some(out)
}

fn diff(paths: &[PathBuf], git: Option<&str>, json: bool, exit_code: bool) -> Result<Outcome> {
    let (old, new) = match git {
        Some(range) => {
            let (a, b) = range
                .split_once("..")
                .with_context(|| format!("--git takes REV1..REV2, got `{range}`"))?;
            anyhow::ensure!(paths.len() <= 1, "with --git, give at most one folder");
            let dir = paths
                .first()
                .cloned()
                .unwrap_or_else(|| PathBuf::from("checklists"));
            let old = qingdan::diff::checklists_at(a, &dir).map_err(anyhow::Error::msg)?;
            // `REV..` compares with the working tree, for a check before committing.
            let new = if b.is_empty() {
                build::load_all(&dir).map_err(|d| build::Invalid {
                    diags: vec![(d, String::new())],
                })?
            } else {
                qingdan::diff::checklists_at(b, &dir).map_err(anyhow::Error::msg)?
            };
            (old, new)
        }
        None => {
            anyhow::ensure!(
                paths.len() == 2,
                "give OLD and NEW (files or folders), or --git REV1..REV2"
            );
            let load = |p: &Path| {
                build::load_all(p).map_err(|d| build::Invalid {
                    diags: vec![(d, String::new())],
                })
            };
            (load(&paths[0])?, load(&paths[1])?)
        }
    };
    let (Some(old), Some(new)) = (checklists_or_report(old), checklists_or_report(new)) else {
        eprintln!("error: invalid checklists; nothing compared");
        return Ok(Outcome::Failed);
    };
    let d =
        if git.is_none() && paths.iter().all(|p| p.is_file()) && old.len() == 1 && new.len() == 1 {
            // Two files: compare them even if their ids differ (a renamed checklist).
            qingdan::diff::Diff {
                checklists: vec![qingdan::diff::diff_checklists(&old[0], &new[0])],
                ..Default::default()
            }
        } else {
            qingdan::diff::diff_sets(&old, &new)
        };
    if json {
        println!("{}", serde_json::to_string_pretty(&d)?);
    } else {
        print!("{}", qingdan::diff::to_markdown(&d));
    }
    Ok(if exit_code && !d.is_empty() {
        Outcome::Failed
    } else {
        Outcome::Ok
    })
}

fn validate(paths: Vec<PathBuf>, json: bool) -> Result<Outcome> {
    let roots = if paths.is_empty() {
        vec![PathBuf::from("checklists")]
    } else {
        paths
    };
    let mut diags: Vec<(Diagnostic, String)> = Vec::new();
    let mut files = 0;
    for root in &roots {
        match build::load_all(root) {
            Ok(list) => {
                for d in model::duplicate_ids(&list) {
                    let text = list
                        .iter()
                        .find(|f| f.path == d.file)
                        .map(|f| f.text.clone())
                        .unwrap_or_default();
                    diags.push((d, text));
                }
                for f in list {
                    files += 1;
                    // A results file is checked against its checklist (in checklists/).
                    let found = if model::detect_kind(&f.text) == model::InputKind::Results {
                        model::load_results(&f.path, &Default::default()).diags
                    } else {
                        f.diags
                    };
                    for d in found {
                        diags.push((d, f.text.clone()));
                    }
                }
            }
            Err(d) => diags.push((d, String::new())),
        }
    }
    let failed = diags.iter().any(|(d, _)| d.is_error());
    if json {
        let list: Vec<&Diagnostic> = diags.iter().map(|(d, _)| d).collect();
        let out = serde_json::json!({ "files": files, "diagnostics": list });
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        print_diags(&diags, Some(files));
    }
    Ok(if failed { Outcome::Failed } else { Outcome::Ok })
}

fn list(checklists: &Path, templates: &[PathBuf], json: bool) -> Result<Outcome> {
    let files = build::load_all(checklists).map_err(|d| build::Invalid {
        diags: vec![(d, String::new())],
    })?;
    let t = Templates::load(&build::template_dirs(checklists, templates))?;
    let mut rows = Vec::new();
    let mut failed = false;
    for f in &files {
        match &f.checklist {
            Some(c) => {
                let ctx = qingdan::render::checklist_context(c, "");
                let sub_items = c.walk().iter().filter(|(d, _)| *d > 0).count();
                let sections: Vec<_> = c
                    .sections
                    .iter()
                    .map(|s| {
                        serde_json::json!({
                            "id": s.id, "title": s.title,
                            "part": s.part.map_or("common", |p| match p {
                                qingdan::model::PartKind::Industry => "industry",
                                qingdan::model::PartKind::Special => "special",
                            }),
                            "aliases": s.aliases, "items": s.items.len(),
                        })
                    })
                    .collect();
                rows.push(serde_json::json!({
                    "id": c.id, "kind": c.kind.as_str(), "industry": c.industry,
                    "status": if ctx.draft { "draft" } else { "active" },
                    "items": c.sections.iter().map(|s| s.items.len()).sum::<usize>(),
                    "sub_items": sub_items,
                    "checks": ctx.counts.items, "major": ctx.counts.major,
                    "version": c.version, "title": c.title,
                    "file": f.path.display().to_string(),
                    "templates": t.for_kind(c.kind),
                    "sections": sections,
                }));
            }
            None => {
                failed = true;
                eprintln!(
                    "{}: invalid (run `qingdan validate {}`)",
                    f.path.display(),
                    f.path.display()
                );
            }
        }
    }
    if json {
        let tl: Vec<_> = BUILTIN
            .iter()
            .map(|b| serde_json::json!({"name": b.name, "title": b.title, "kinds": b.kinds.iter().map(|k| k.as_str()).collect::<Vec<_>>()}))
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(
                &serde_json::json!({"checklists": rows, "templates": tl})
            )?
        );
    } else {
        let mut table = vec![[
            "ID", "KIND", "STATUS", "ITEMS", "SUB", "CHECKS", "INDUSTRY", "TITLE",
        ]
        .map(String::from)
        .to_vec()];
        for r in &rows {
            let s = |k: &str| {
                r[k].as_str()
                    .map_or_else(|| r[k].to_string(), str::to_string)
            };
            table.push(vec![
                s("id"),
                s("kind"),
                s("status"),
                s("items"),
                s("sub_items"),
                s("checks"),
                s("industry"),
                s("title"),
            ]);
        }
        print_table(&table);
        println!();
        // The parts of composable checklists: what `ID:PART,PART` can choose.
        let mut parts = vec![["CHECKLIST", "PART", "KIND", "ITEMS", "NAMES"]
            .map(String::from)
            .to_vec()];
        for r in &rows {
            let sections = r["sections"].as_array().cloned().unwrap_or_default();
            if !sections.iter().any(|s| s["part"] != "common") {
                continue;
            }
            for (i, sec) in sections.iter().enumerate() {
                let kind = match sec["part"].as_str() {
                    Some("industry") => "行业",
                    Some("special") => "专项",
                    _ => "共用",
                };
                let names: Vec<&str> = sec["aliases"]
                    .as_array()
                    .map(|a| a.iter().filter_map(|x| x.as_str()).collect())
                    .unwrap_or_default();
                parts.push(vec![
                    if i == 0 {
                        r["id"].as_str().unwrap_or("").to_string()
                    } else {
                        String::new()
                    },
                    sec["id"].as_str().unwrap_or("").to_string(),
                    kind.to_string(),
                    sec["items"].to_string(),
                    if names.is_empty() {
                        sec["title"].as_str().unwrap_or("").to_string()
                    } else {
                        names.join("、")
                    },
                ]);
            }
        }
        if parts.len() > 1 {
            print_table(&parts);
            println!("(compose with ID:PART,PART, e.g. gongmao-major-hazards:机械,粉尘涉爆: the 共用 sections plus the parts named)");
            println!();
        }
        let mut table = vec![["TEMPLATE", "DOCUMENT", "KINDS"].map(String::from).to_vec()];
        for b in BUILTIN {
            let kinds: Vec<&str> = b.kinds.iter().map(|k| k.as_str()).collect();
            table.push(vec![
                b.name.to_string(),
                b.title.to_string(),
                kinds.join(", "),
            ]);
        }
        print_table(&table);
    }
    Ok(if failed { Outcome::Failed } else { Outcome::Ok })
}

/// Splits `FILE:PARTS` (parts after the last colon) unless the whole value is
/// an existing file, so `C:\\x.yaml` and names with colons still work.
fn checklist_and_parts(value: &Path) -> (PathBuf, Vec<String>) {
    let text = value.to_string_lossy();
    if !value.exists() {
        if let Some(at) = text.rfind([':', '：']) {
            let file = PathBuf::from(&text[..at]);
            if file.is_file() {
                let colon = text[at..].chars().next().map_or(1, char::len_utf8);
                return (file, model::compose::split_parts(&text[at + colon..]));
            }
        }
    }
    (value.to_path_buf(), Vec::new())
}

fn render(
    template: &str,
    checklist: &Path,
    templates: &[PathBuf],
    output: &Path,
) -> Result<Outcome> {
    let (file, parts) = checklist_and_parts(checklist);
    let checklist = file.as_path();
    let f = model::load_checklist(checklist);
    let mut diags: Vec<(Diagnostic, String)> = f
        .diags
        .iter()
        .map(|d| (d.clone(), f.text.clone()))
        .collect();
    if build::Format::from_path(output) == Some(build::Format::Pdf) && f.checklist.is_some() {
        for d in qingdan::output::missing_glyphs(checklist, &f.text, "serif")? {
            diags.push((d, f.text.clone()));
        }
    }
    print_diags(&diags, None);
    let (Some(whole), false) = (f.checklist, diags.iter().any(|(d, _)| d.is_error())) else {
        eprintln!(
            "error: {} is invalid; nothing was written",
            checklist.display()
        );
        return Ok(Outcome::Failed);
    };
    let c = match whole.compose(&parts) {
        Ok(c) => c,
        Err(e) => {
            eprintln!(
                "error: {}: {e}\n  = help: {}",
                checklist.display(),
                e.hint()
            );
            return Ok(Outcome::Failed);
        }
    };
    let t = Templates::load(&build::template_dirs(checklist, templates))?;
    if output == Path::new("-") {
        let md = if template == qingdan::page::TEMPLATE {
            let docs = build::render_document(&t, template, &c, &[Format::Html])?;
            docs.into_iter().map(|(_, b)| b).next().unwrap_or_default()
        } else {
            t.render_checklist(template, &c)?.into_bytes()
        };
        let stdout = std::io::stdout();
        let mut lock = stdout.lock();
        lock.write_all(&md)?;
        return Ok(Outcome::Ok);
    }
    let format = Format::from_path(output).with_context(|| {
        format!(
            "cannot tell the format of {}: name it .md, .html or .pdf",
            output.display()
        )
    })?;
    let docs = build::render_document(&t, template, &c, &[format])?;
    for (_, bytes) in docs {
        qingdan::fsutil::write_atomic(output, &bytes)
            .with_context(|| format!("writing {}", output.display()))?;
    }
    if std::io::stderr().is_terminal() {
        eprintln!("wrote {}", output.display());
    }
    Ok(Outcome::Ok)
}

fn fonts(files: &[PathBuf], family: &str) -> Result<Outcome> {
    let set = qingdan::output::fonts()?;
    if files.is_empty() {
        let mut table = vec![["FAMILY", "ALSO", "FACES", "GLYPHS", "SOURCE"]
            .map(String::from)
            .to_vec()];
        for f in set.families() {
            table.push(vec![
                f.name,
                f.aliases.join(", "),
                f.faces.join(", "),
                f.glyphs.to_string(),
                f.source,
            ]);
        }
        print_table(&table);
        return Ok(Outcome::Ok);
    }
    let mut diags = Vec::new();
    for f in files {
        // Read once, bounded, regular files only; coverage reports a bad file.
        let text = qingdan::model::load::read_text(f).unwrap_or_default();
        for d in qingdan::output::coverage(f, family)? {
            diags.push((d, text.clone()));
        }
    }
    print_diags(&diags, None);
    if diags.is_empty() {
        println!(
            "every character of {} file{} is in the fonts",
            files.len(),
            if files.len() == 1 { "" } else { "s" }
        );
        Ok(Outcome::Ok)
    } else {
        eprintln!(
            "error: {} character{} cannot be printed",
            diags.len(),
            if diags.len() == 1 { "" } else { "s" }
        );
        Ok(Outcome::Failed)
    }
}

/// Prints rows as aligned columns; widths count CJK characters as two.
fn print_table(rows: &[Vec<String>]) {
    use unicode_width::UnicodeWidthStr;
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..cols)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.width())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for r in rows {
        let mut line = String::new();
        for (c, cell) in r.iter().enumerate() {
            line.push_str(cell);
            if c + 1 < r.len() {
                line.push_str(&" ".repeat(widths[c] - cell.width() + 2));
            }
        }
        println!("{line}");
    }
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
    let bad = diags.iter().any(|(d, _)| d.is_error());
    if loaded.report.is_none() || bad {
        eprintln!(
            "error: {} is invalid; nothing was written",
            opts.results.display()
        );
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
        println!("wrote {}", p.display());
    }
    Ok(Outcome::Ok)
}

fn notices_cmd(
    opts: &qingdan::report::Options,
    templates: &[PathBuf],
    dir: &Path,
    formats: &[Format],
) -> Result<Outcome> {
    let Some(report) = load_report(opts, formats.contains(&Format::Pdf))? else {
        return Ok(Outcome::Failed);
    };
    let t = Templates::load(&build::template_dirs(&opts.checklists, templates))?;
    let (written, orphans) = qingdan::report::write_notices(&report, &t, dir, formats)?;
    for p in &written {
        println!("wrote {}", p.display());
    }
    for h in &orphans {
        eprintln!(
            "warning: open hazard `{}` has no `owner`, so no notice was written for it",
            h.id
        );
    }
    if written.is_empty() {
        eprintln!("no open hazards with an owner: no notices written");
    }
    Ok(Outcome::Ok)
}
