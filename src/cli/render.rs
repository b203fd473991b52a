//! `qingdan render`: one checklist (a file or an id, with parts) × one
//! template → one file.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use qingdan::build::{self, Format};
use qingdan::config::Config;
use qingdan::i18n::msg;
use qingdan::model::{Checklist, Diagnostic, Kind};
use qingdan::render::{self, Templates};

use super::args::RenderArgs;
use super::catalogue;
use super::output::{print_diags, print_error_line, usage, Outcome};

/// Runs `render`.
pub fn run(a: RenderArgs, cfg: &Config) -> Result<Outcome> {
    let dir = cfg.checklists(a.checklists);
    render(
        &a.template,
        &a.checklist,
        &dir,
        &cfg.templates(a.templates),
        &a.output,
    )
}

fn render(
    template: &str,
    checklist: &Path,
    dir: &Path,
    templates: &[PathBuf],
    output: &Path,
) -> Result<Outcome> {
    if output != Path::new("-") && Format::from_path(output).is_none() {
        return Err(usage(msg::cannot_tell_doc_format(output.display())));
    }
    let named = match catalogue::resolve(checklist, dir) {
        Ok(n) => n,
        Err(d) => {
            print_diags(&[(d, String::new())], None);
            print_error_line(&msg::nothing_written());
            return Ok(Outcome::Failed);
        }
    };
    let base = named.base.clone();
    let pdf = build::Format::from_path(output) == Some(build::Format::Pdf);
    let checked = named.checked(|f| {
        if pdf {
            Ok(qingdan::output::missing_glyphs(&f.path, &f.text, "serif")?)
        } else {
            Ok(Vec::new())
        }
    })?;
    let Some((c, shown)) = checked else {
        return Ok(Outcome::Failed);
    };
    let t = Templates::load(&build::template_dirs(&base, templates))?;
    if let Err(d) = suits(&t, template, &c, &shown) {
        print_diags(&[(d, String::new())], None);
        print_error_line(&msg::nothing_written());
        return Ok(Outcome::Failed);
    }
    if output == Path::new("-") {
        let md = if template == qingdan::page::TEMPLATE {
            let docs = build::render_document(&t, template, &c, &[Format::Html])?;
            docs.into_iter().map(|(_, b)| b).next().unwrap_or_default()
        } else {
            t.render_checklist(template, &c)?.into_bytes()
        };
        let stdout = std::io::stdout();
        let mut lock = stdout.lock();
        lock.write_all(&md)?;
        return Ok(Outcome::Ok);
    }
    let format = Format::from_path(output)
        .ok_or_else(|| usage(msg::cannot_tell_doc_format(output.display())))?;
    let docs = build::render_document(&t, template, &c, &[format])
        .with_context(|| msg::rendering_checklist(&c.id, shown.display(), template))?;
    for (_, bytes) in docs {
        qingdan::fsutil::write_atomic(output, &bytes)
            .with_context(|| msg::writing(output.display()))?;
    }
    if std::io::stderr().is_terminal() {
        eprintln!("{}", msg::wrote(output.display()));
    }
    Ok(Outcome::Ok)
}

/// Checks that `template` exists and suits the checklist's kind: a misspelt
/// name gets a did-you-mean, a built-in template for another kind (or for
/// another command) says which templates fit. Override templates with new
/// names declare no kind and are taken as they are.
fn suits(t: &Templates, template: &str, c: &Checklist, shown: &Path) -> Result<(), Diagnostic> {
    let mut names = t.names();
    names.push(qingdan::page::TEMPLATE.to_string());
    if !names.iter().any(|n| n == template) {
        return Err(
            Diagnostic::error("unknown-template", shown, msg::no_template(template))
                .hint(qingdan::model::load::suggest(template, &names, "template")),
        );
    }
    let builtin_kinds: Option<&[Kind]> = if template == qingdan::page::TEMPLATE {
        Some(&[Kind::Hazards, Kind::Inspection])
    } else {
        render::BUILTIN
            .iter()
            .find(|b| b.name == template)
            .map(|b| b.kinds)
    };
    let Some(kinds) = builtin_kinds else {
        return Ok(());
    };
    if kinds.is_empty() {
        return Err(Diagnostic::error(
            "wrong-template",
            shown,
            msg::template_not_for_checklists(template),
        ));
    }
    if kinds.contains(&c.kind) {
        return Ok(());
    }
    let fitting: Vec<String> = t
        .for_kind(c.kind)
        .into_iter()
        .map(|n| format!("`{n}`"))
        .chain(
            [Kind::Hazards, Kind::Inspection]
                .contains(&c.kind)
                .then(|| format!("`{}`", qingdan::page::TEMPLATE)),
        )
        .collect();
    let list = |k: &[Kind]| {
        k.iter()
            .map(|k| k.as_str())
            .collect::<Vec<_>>()
            .join(qingdan::i18n::pick(" or ", "或"))
    };
    Err(Diagnostic::error(
        "wrong-template",
        shown,
        msg::template_wrong_kind(template, list(kinds), &c.id, c.kind.as_str()),
    )
    .hint(msg::templates_for_kind(
        c.kind.as_str(),
        fitting.join(qingdan::i18n::pick(", ", "、")),
    )))
}
