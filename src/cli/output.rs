//! What every command shares: how it ended ([`Outcome`]) and the exit code
//! that follows, errors and diagnostics on standard error, aligned tables,
//! and the flags several commands take (`--format`, `--jobs`).

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context, Result};

use qingdan::build::{self, Format};
use qingdan::i18n::{self, msg};
use qingdan::model::{diag, Diagnostic};

/// How a command ended, when it did not fail with an error.
pub enum Outcome {
    /// Success: exit 0.
    Ok,
    /// Invalid input or a failed check: exit 1, the details were printed.
    Failed,
}

impl Outcome {
    /// The process's exit code.
    pub fn exit_code(self) -> ExitCode {
        match self {
            Outcome::Ok => ExitCode::SUCCESS,
            Outcome::Failed => ExitCode::from(1),
        }
    }
}

/// A usage error: flags that cannot be used as given (an unknown format or
/// extension, a malformed date), found before any input is read. Exit 2.
#[derive(Debug)]
pub struct Usage(pub String);

impl std::fmt::Display for Usage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Usage {}

/// A [`Usage`] error as an `anyhow::Error`.
pub fn usage(message: impl Into<String>) -> anyhow::Error {
    Usage(message.into()).into()
}

/// Prints an error that ended a command and returns its exit code (a closed
/// standard output is a normal end; a usage error exits 2, like clap's own).
pub fn exit_for_error(e: &anyhow::Error) -> ExitCode {
    if is_broken_pipe(e) {
        return ExitCode::SUCCESS;
    }
    print_error(e);
    if e.downcast_ref::<Usage>().is_some() {
        return ExitCode::from(2);
    }
    ExitCode::from(1)
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Prints `error: TEXT` (`错误：TEXT`) on standard error.
pub fn print_error_line(text: &str) {
    eprintln!("{}{}{text}", msg::error_word(), i18n::pick(": ", "："));
}

/// Prints `note: TEXT` (`注意：TEXT`) on standard error.
pub fn print_note_line(text: &str) {
    eprintln!("{}", msg::note_line(text));
}

/// Prints `warning: TEXT` (`警告：TEXT`) on standard error.
pub fn print_warning_line(text: &str) {
    eprintln!("{}{}{text}", msg::warning_word(), i18n::pick(": ", "："));
}

/// Prints an error with its causes; invalid inputs with every diagnostic.
pub fn print_error(e: &anyhow::Error) {
    if let Some(inv) = e.downcast_ref::<build::Invalid>() {
        print_diags(&inv.diags, None);
        print_error_line(&inv.to_string());
        return;
    }
    print_error_line(&e.to_string());
    // Error types that print their cause in their own message would show it
    // twice; skip a cause already said by the line before.
    let mut previous = e.to_string();
    for cause in e.chain().skip(1) {
        let text = cause.to_string();
        if !previous.contains(&text) {
            eprintln!("{}", msg::caused_by(&text));
        }
        previous = text;
    }
}

/// Prints diagnostics (with their file's text); with `files`, the summary line.
pub fn print_diags(diags: &[(Diagnostic, String)], files: Option<usize>) {
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

/// Parses `--format md,html,pdf,docx`, without duplicates, in a fixed order.
pub fn formats(list: &[String]) -> Result<Vec<Format>> {
    let mut out = Vec::new();
    for f in list {
        let fmt = Format::parse(f).ok_or_else(|| {
            usage(msg::unknown_format(
                f,
                i18n::pick("md, html, pdf or docx", "md、html、pdf 或 docx"),
            ))
        })?;
        if !out.contains(&fmt) {
            out.push(fmt);
        }
    }
    out.sort();
    Ok(out)
}

/// Sets the number of threads for `--jobs N`.
pub fn set_jobs(jobs: Option<usize>) -> Result<()> {
    if let Some(n) = jobs {
        // Each job is a thread with its own stack; more than this only costs.
        const MAX_JOBS: usize = 256;
        if n > MAX_JOBS {
            anyhow::bail!(msg::jobs_too_many(n, MAX_JOBS));
        }
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global()
            .with_context(msg::setting_jobs)?;
    }
    Ok(())
}

/// Prints rows as aligned columns; widths count CJK characters as two.
pub fn print_table(rows: &[Vec<String>]) {
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
        println!("{}", line.trim_end());
    }
}
