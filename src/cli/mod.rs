//! The `qingdan` command line: parses flags ([`args`]), resolves them into
//! library options, runs one command's handler and maps the outcome to an exit
//! code ([`output`]: 0 ok, 1 invalid input or failed check, 2 usage).

mod args;
mod build;
mod catalogue;
mod diff;
mod fonts;
mod init;
mod ledger;
mod letters;
mod list;
mod new;
mod output;
mod render;
mod report;
mod schema;
mod templates;
mod validate;

use std::process::ExitCode;

use anyhow::Result;
use clap::Parser;

use qingdan::config::Config;

use args::{Cli, Command};
pub use output::Outcome;

/// Runs the command line and returns the process's exit code.
pub fn main() -> ExitCode {
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
        Ok(Ok(outcome)) => outcome.exit_code(),
        Ok(Err(e)) => output::exit_for_error(&e),
        Err(_) => ExitCode::from(1),
    }
}

/// Loads `qingdan.yaml`, sets the font folders and runs the command.
fn run(cli: Cli) -> Result<Outcome> {
    let cfg = match Config::load(cli.config.as_deref()) {
        Ok(c) => c,
        Err(inv) => {
            output::print_diags(&inv.diags, None);
            eprintln!("error: the configuration file is invalid");
            return Ok(Outcome::Failed);
        }
    };
    // Fonts are parsed once per process: say where to look before the first PDF.
    qingdan::output::set_font_dirs(cfg.font_dirs.iter().cloned().chain(cli.font_dir).collect());
    match cli.command {
        Command::Build(a) => build::run(a, &cfg),
        Command::Validate(a) => validate::run(a, &cfg),
        Command::List(a) => list::run(a, &cfg),
        Command::Render(a) => render::run(a, &cfg),
        Command::Letters(a) => letters::run(a, &cfg),
        Command::Diff(a) => diff::run(a),
        Command::Report(a) => report::report(a, &cfg),
        Command::Notices(a) => report::notices(a, &cfg),
        Command::Ledger(a) => ledger::run(a, &cfg),
        Command::Init { dir } => init::run(&dir),
        Command::New { what } => new::run(what, &cfg),
        Command::Schema { name } => schema::run(&name),
        Command::Fonts { files, family } => fonts::run(&files, &family),
        Command::Templates { action } => templates::run(action, &cfg),
    }
}
