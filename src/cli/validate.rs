//! `qingdan validate`: checklist and results files → every diagnostic.

use std::path::PathBuf;

use anyhow::Result;

use qingdan::build;
use qingdan::config::Config;
use qingdan::model::{self, Diagnostic};

use super::args::ValidateArgs;
use super::output::{print_diags, Outcome};

/// Runs `validate`.
pub fn run(a: ValidateArgs, cfg: &Config) -> Result<Outcome> {
    let paths = if a.paths.is_empty() {
        vec![cfg.checklists(None)]
    } else {
        a.paths
    };
    validate(paths, a.json)
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
