//! `qingdan templates export|list`: the built-in templates and their overrides.

use std::path::PathBuf;

use anyhow::{Context, Result};

use qingdan::build;
use qingdan::config::Config;
use qingdan::i18n::{self, msg};
use qingdan::render::{Templates, BUILTIN, PARTIALS, SUFFIX};

use super::args::TemplatesAction;
use super::output::{print_error_line, print_table, Outcome};

/// Runs `templates ACTION`.
pub fn run(action: TemplatesAction, cfg: &Config) -> Result<Outcome> {
    match action {
        TemplatesAction::Export { dir, force } => export(&dir, force),
        TemplatesAction::List {
            templates,
            checklists,
        } => {
            // The same folders `build` and `render` use.
            let dirs = build::template_dirs(&cfg.checklists(checklists), &cfg.templates(templates));
            let t = Templates::load(&dirs)?;
            let rows: Vec<Vec<String>> = t
                .names()
                .into_iter()
                .map(|name| {
                    let origin = match t.source(&name).map(|(o, _)| o) {
                        Some(qingdan::render::Origin::File(p)) => p.display().to_string(),
                        _ => msg::builtin_word(),
                    };
                    vec![name, origin]
                })
                .collect();
            print_table(&rows);
            Ok(Outcome::Ok)
        }
    }
}

/// Writes every built-in template and partial into `dir`; without `force`,
/// checks first that none of them exists there and writes nothing if one does.
fn export(dir: &std::path::Path, force: bool) -> Result<Outcome> {
    let files: Vec<(PathBuf, &str)> = BUILTIN
        .iter()
        .map(|b| (dir.join(format!("{}{SUFFIX}", b.name)), b.source))
        .chain(PARTIALS.iter().map(|(n, s)| (dir.join(n), *s)))
        .collect();
    if !force {
        let existing: Vec<String> = files
            .iter()
            .filter(|(p, _)| std::fs::symlink_metadata(p).is_ok())
            .map(|(p, _)| p.display().to_string())
            .collect();
        if !existing.is_empty() {
            let list = existing.join(i18n::pick(", ", "、"));
            print_error_line(&if existing.len() == 1 {
                msg::templates_exist(list)
            } else {
                msg::templates_exist_many(list)
            });
            return Ok(Outcome::Failed);
        }
    }
    std::fs::create_dir_all(dir).with_context(|| msg::creating(dir.display()))?;
    for (path, src) in &files {
        qingdan::fsutil::write_atomic(path, src.as_bytes())
            .with_context(|| msg::writing_templates_into(dir.display()))?;
        println!("{}", msg::wrote(path.display()));
    }
    Ok(Outcome::Ok)
}
