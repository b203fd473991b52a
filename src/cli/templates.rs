//! `qingdan templates export|list`: the built-in templates and their overrides.

use anyhow::{Context, Result};

use qingdan::render::Templates;

use super::args::TemplatesAction;
use super::output::Outcome;

/// Runs `templates ACTION`.
pub fn run(action: TemplatesAction) -> Result<Outcome> {
    match action {
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
    }
}
