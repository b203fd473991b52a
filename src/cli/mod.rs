//! The `qingdan` command line: parses flags ([`args`]), resolves them into
//! library options, runs one command's handler and maps the outcome to an exit
//! code ([`output`]: 0 ok, 1 invalid input or failed check, 2 usage).

mod args;
mod build;
mod catalogue;
mod diff;
mod fonts;
mod help_zh;
mod init;
mod ledger;
mod letters;
mod list;
mod merge;
mod new;
mod output;
mod render;
mod report;
mod schema;
mod templates;
mod validate;

use std::process::ExitCode;

use anyhow::Result;
use clap::{CommandFactory, FromArgMatches};

use qingdan::i18n::{self, msg, Lang};

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
        let text = if text.is_empty() { "unknown" } else { text };
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!(
            "{}{}{}",
            msg::error_word(),
            i18n::pick(": ", "："),
            msg::internal_error(place, text)
        );
        eprintln!("{}", msg::internal_error_hint());
    }));
    let lang = match lang_flag(std::env::args_os().skip(1)) {
        Some(Ok(lang)) => lang,
        Some(Err(bad)) => {
            eprintln!("error: --lang {bad}: use zh (中文) or en (English)");
            return ExitCode::from(2);
        }
        None => i18n::detect(|k| std::env::var(k).ok()),
    };
    i18n::set(lang);
    let mut cmd = Cli::command();
    if lang == Lang::Zh {
        cmd = help_zh::localise(cmd);
    }
    let mut args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if lang == Lang::Zh {
        args = help_zh::help_command(args);
    }
    let cli = match cmd
        .try_get_matches_from(args)
        .and_then(|m| Cli::from_arg_matches(&m))
    {
        Ok(cli) => cli,
        Err(e) => return clap_exit(&e, lang),
    };
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(cli)));
    match result {
        Ok(Ok(outcome)) => outcome.exit_code(),
        Ok(Err(e)) => output::exit_for_error(&e),
        Err(_) => ExitCode::from(1),
    }
}

/// The `--lang` value on the command line (before clap parses it, so that
/// `--help` and clap's own errors are in that language too): the last one wins.
fn lang_flag(args: impl Iterator<Item = std::ffi::OsString>) -> Option<Result<Lang, String>> {
    let mut found = None;
    let mut args = args.map(|a| a.to_string_lossy().into_owned());
    while let Some(a) = args.next() {
        if a == "--" {
            break;
        }
        let value = if a == "--lang" {
            args.next()
        } else {
            a.strip_prefix("--lang=").map(str::to_string)
        };
        if let Some(v) = value {
            found = Some(Lang::parse(&v).ok_or(v));
        }
    }
    found
}

/// Prints clap's help, version or usage error (in Chinese under `--lang zh`)
/// and returns its exit code: 0 for help and version, 2 for a usage error.
fn clap_exit(e: &clap::Error, lang: Lang) -> ExitCode {
    use clap::error::ErrorKind;
    let code = if e.use_stderr() { 2 } else { 0 };
    let shown = e.render().to_string();
    let shown = match (lang, e.kind()) {
        (_, ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => shown,
        (Lang::Zh, _) => help_zh::clap_error(&shown),
        (Lang::En, _) => shown,
    };
    if e.use_stderr() {
        eprint!("{shown}");
    } else {
        print!("{shown}");
    }
    ExitCode::from(code)
}

/// Loads `qingdan.yaml`, sets the font folders and runs the command.
fn run(cli: Cli) -> Result<Outcome> {
    let cfg = match Config::load(cli.config.as_deref()) {
        Ok(c) => c,
        Err(inv) => {
            output::print_diags(&inv.diags, None);
            output::print_error_line(&msg::config_invalid());
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
        Command::Merge(a) => merge::run(a, &cfg),
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
