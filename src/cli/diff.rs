//! `qingdan diff`: two files, two folders or two git revisions → Markdown or JSON.

use std::path::{Path, PathBuf};

use anyhow::Result;

use qingdan::build;
use qingdan::model::{self, Diagnostic};

use super::args::DiffArgs;
use qingdan::i18n::msg;

use super::output::{print_diags, print_error_line, usage, Outcome};

/// Runs `diff`.
pub fn run(a: DiffArgs) -> Result<Outcome> {
    diff(&a.paths, a.git.as_deref(), a.json, a.exit_code)
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
                .ok_or_else(|| usage(msg::git_range(range)))?;
            if paths.len() > 1 {
                return Err(usage(msg::git_one_folder()));
            }
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
            if paths.len() != 2 {
                return Err(usage(msg::diff_what()));
            }
            let load = |p: &Path| {
                build::load_all(p).map_err(|d| build::Invalid {
                    diags: vec![(d, String::new())],
                })
            };
            (load(&paths[0])?, load(&paths[1])?)
        }
    };
    let (Some(old), Some(new)) = (checklists_or_report(old), checklists_or_report(new)) else {
        print_error_line(&msg::diff_invalid());
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
