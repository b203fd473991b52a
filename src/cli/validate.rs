//! `qingdan validate`: checklist and results files (or checklist ids) → every
//! diagnostic.

use std::path::{Path, PathBuf};

use anyhow::Result;

use qingdan::build;
use qingdan::config::Config;
use qingdan::model::{self, Diagnostic};

use super::args::ValidateArgs;
use super::catalogue;
use super::output::{print_diags, Outcome};

/// Runs `validate`.
pub fn run(a: ValidateArgs, cfg: &Config) -> Result<Outcome> {
    let dir = cfg.checklists(a.checklists);
    if a.paths.is_empty() && std::fs::symlink_metadata(&dir).is_err() {
        print_diags(&[(catalogue::no_folder(&dir), String::new())], None);
        return Ok(Outcome::Failed);
    }
    let paths = if a.paths.is_empty() {
        vec![dir.clone()]
    } else {
        a.paths
    };
    validate(paths, &dir, a.json)
}

/// Loads what a path names: the files under it, or the checklist of that id
/// (in `dir` or built in) when no such file exists.
fn load(path: &Path, dir: &Path) -> Result<Vec<model::ChecklistFile>, Diagnostic> {
    let err = match build::load_all(path) {
        Ok(list) => return Ok(list),
        Err(d) => d,
    };
    let text = path.to_string_lossy();
    if std::fs::symlink_metadata(path).is_err() && model::validate::valid_id(&text) {
        if let Ok(n) = catalogue::resolve(path, dir) {
            return Ok(vec![n.file]);
        }
    }
    Err(err)
}

fn validate(paths: Vec<PathBuf>, dir: &Path, json: bool) -> Result<Outcome> {
    let mut diags: Vec<(Diagnostic, String)> = Vec::new();
    let mut files = 0;
    let results = model::results::Options {
        checklists: dir.to_path_buf(),
        ..Default::default()
    };
    for root in &paths {
        match load(root, dir) {
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
                        model::load_results(&f.path, &results).diags
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
