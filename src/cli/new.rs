//! `qingdan new results|event|roster`: skeletons of the inputs to fill in,
//! on standard output or into a new file (never over one without `--force`).

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use qingdan::config::Config;
use qingdan::i18n::{self, msg};
use qingdan::model::builtin::Catalogue;
use qingdan::scaffold;

use super::args::NewWhat;
use super::catalogue;
use super::output::{print_diags, print_error_line, usage, Outcome};

/// Runs `new`.
pub fn run(what: NewWhat, cfg: &Config) -> Result<Outcome> {
    match what {
        NewWhat::Results {
            checklist,
            checklists,
            output,
            force,
        } => results(&checklist, &cfg.checklists(checklists), output, force),
        NewWhat::Event {
            checklists,
            output,
            force,
        } => {
            let cat = Catalogue::load(&cfg.checklists(checklists)).map_err(|d| {
                qingdan::build::Invalid {
                    diags: vec![(d, String::new())],
                }
            })?;
            let list: Vec<_> = cat.files.into_iter().filter_map(|f| f.checklist).collect();
            emit(
                output.as_deref(),
                force,
                scaffold::event_skeleton(&list).as_bytes(),
            )
        }
        NewWhat::Roster { output, force } => {
            let xlsx = output.as_deref().is_some_and(|p| has_ext(p, "xlsx"));
            if let Some(p) = &output {
                if !xlsx && !has_ext(p, "csv") {
                    return Err(usage(msg::cannot_tell_format(
                        p.display(),
                        i18n::pick(".csv or .xlsx", ".csv 或 .xlsx"),
                    )));
                }
            }
            emit(output.as_deref(), force, &scaffold::roster_template(xlsx)?)
        }
    }
}

fn has_ext(p: &Path, ext: &str) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case(ext))
}

/// Writes to standard output, or atomically to a file that does not exist yet
/// (or with `force`).
fn emit(output: Option<&Path>, force: bool, bytes: &[u8]) -> Result<Outcome> {
    let Some(path) = output.filter(|p| *p != Path::new("-")) else {
        std::io::stdout().lock().write_all(bytes)?;
        return Ok(Outcome::Ok);
    };
    if !force && std::fs::symlink_metadata(path).is_ok() {
        print_error_line(&msg::exists_nothing_written(path.display()));
        return Ok(Outcome::Failed);
    }
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).with_context(|| msg::creating(parent.display()))?;
    }
    qingdan::fsutil::write_atomic(path, bytes).with_context(|| msg::writing(path.display()))?;
    eprintln!("{}", msg::wrote(path.display()));
    Ok(Outcome::Ok)
}

fn results(checklist: &Path, dir: &Path, output: Option<PathBuf>, force: bool) -> Result<Outcome> {
    let named = match catalogue::resolve(checklist, dir) {
        Ok(n) => n,
        Err(d) => {
            print_diags(&[(d, String::new())], None);
            print_error_line(&msg::nothing_written());
            return Ok(Outcome::Failed);
        }
    };
    let f = named.file;
    let Some(whole) = f.checklist else {
        let diags: Vec<_> = f
            .diags
            .iter()
            .map(|d| (d.clone(), f.text.clone()))
            .collect();
        print_diags(&diags, None);
        print_error_line(&msg::invalid_nothing_written(f.path.display()));
        return Ok(Outcome::Failed);
    };
    let c = match whole.compose(&named.parts) {
        Ok(c) => c,
        Err(e) => {
            print_error_line(&msg::compose_failed(f.path.display(), &e, e.hint()));
            return Ok(Outcome::Failed);
        }
    };
    let selection = if named.parts.is_empty() {
        c.id.clone()
    } else {
        format!("{}:{}", c.id, named.parts.join(","))
    };
    emit(
        output.as_deref(),
        force,
        scaffold::results_skeleton(&c, &selection).as_bytes(),
    )
}
