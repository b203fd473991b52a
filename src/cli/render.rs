//! `qingdan render`: one checklist (with parts) × one template → one file.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use qingdan::build::{self, Format};
use qingdan::config::Config;
use qingdan::model::{self, Diagnostic};
use qingdan::render::Templates;

use super::args::RenderArgs;
use super::output::{print_diags, Outcome};

/// Runs `render`.
pub fn run(a: RenderArgs, cfg: &Config) -> Result<Outcome> {
    render(
        &a.template,
        &a.checklist,
        &cfg.templates(a.templates),
        &a.output,
    )
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
        let md = t.render_checklist(template, &c)?;
        let stdout = std::io::stdout();
        let mut lock = stdout.lock();
        lock.write_all(md.as_bytes())?;
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
