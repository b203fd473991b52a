//! `qingdan build`: every checklist × every template for its kind → files in `out/`.
//!
//! The steps, in order (like mdBook's `execute_build_process`): load and validate
//! every checklist (stop on any error, before writing anything), load templates,
//! render each document in parallel, then write only the files whose bytes
//! changed, each atomically, and finally `out/index.html`.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use rayon::prelude::*;

use crate::fsutil;
use crate::model::{self, Checklist, ChecklistFile};
use crate::output;
pub use crate::output::Format;
use crate::render::{Templates, BUILTIN};

/// Resolved options for a build (nothing below `main.rs` sees clap).
#[derive(Debug, Clone)]
pub struct Options {
    /// Folder (or file) of checklists.
    pub checklists: PathBuf,
    /// Template override folders, in order of precedence (last wins).
    pub templates: Vec<PathBuf>,
    /// Output folder.
    pub out: PathBuf,
    /// Formats to write.
    pub formats: Vec<Format>,
    /// Write nothing; report what is missing or stale.
    pub check: bool,
}

/// One output file of a build.
#[derive(Debug, Clone)]
pub struct Output {
    /// Path of the file.
    pub path: PathBuf,
    /// Checklist id.
    pub checklist: String,
    /// Checklist title.
    pub title: String,
    /// Template name.
    pub template: String,
    /// Format.
    pub format: Format,
    /// What happened to it.
    pub state: State,
}

/// What a build did with an output file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Written (new or changed).
    Written,
    /// Already up to date.
    Unchanged,
    /// `--check`: the file does not exist.
    Missing,
    /// `--check`: the file differs from what the inputs give.
    Stale,
}

/// The result of a build.
#[derive(Debug, Default)]
pub struct Summary {
    /// Every output, in a stable order.
    pub outputs: Vec<Output>,
    /// Diagnostics (warnings only; errors stop the build).
    pub diags: Vec<(model::Diagnostic, String)>,
}

impl Summary {
    /// Number of outputs in a state.
    pub fn count(&self, s: State) -> usize {
        self.outputs.iter().filter(|o| o.state == s).count()
    }
}

/// Checklists that failed validation.
#[derive(Debug)]
pub struct Invalid {
    /// Every diagnostic, with the text of its file for rendering.
    pub diags: Vec<(model::Diagnostic, String)>,
}

impl std::fmt::Display for Invalid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.diags.iter().filter(|(d, _)| d.is_error()).count();
        write!(
            f,
            "{n} error{} in checklists; nothing was written",
            if n == 1 { "" } else { "s" }
        )
    }
}

impl std::error::Error for Invalid {}

/// Loads every checklist under `root`, in path order.
pub fn load_all(root: &Path) -> Result<Vec<ChecklistFile>, model::Diagnostic> {
    let paths = model::find_yaml(root)?;
    Ok(paths.par_iter().map(|p| model::load_checklist(p)).collect())
}

/// The template override folders: `templates/` beside the checklists folder,
/// then any given with `--templates`.
pub fn template_dirs(checklists: &Path, explicit: &[PathBuf]) -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    let base = if checklists.is_file() {
        checklists.parent().and_then(Path::parent)
    } else {
        checklists.parent()
    };
    if let Some(b) = base {
        let beside = if b.as_os_str().is_empty() {
            PathBuf::from("templates")
        } else {
            b.join("templates")
        };
        if beside.is_dir() {
            dirs.push(beside);
        }
    }
    dirs.extend(explicit.iter().cloned());
    dirs
}

/// Renders one checklist with one template to the bytes of each format.
pub fn render_document(
    templates: &Templates,
    template: &str,
    checklist: &Checklist,
    formats: &[Format],
) -> Result<Vec<(Format, Vec<u8>)>> {
    let md = templates.render_checklist(template, checklist)?;
    formats
        .iter()
        .map(|f| {
            let bytes = output::convert(&md, *f).with_context(|| {
                format!("template `{template}` produced a document that cannot be converted")
            })?;
            Ok((*f, bytes))
        })
        .collect()
}

/// Runs a build.
pub fn run(opts: &Options) -> Result<Summary> {
    let files = load_all(&opts.checklists).map_err(|d| Invalid {
        diags: vec![(d, String::new())],
    })?;
    let mut diags: Vec<(model::Diagnostic, String)> = Vec::new();
    let mut checklists = Vec::new();
    for f in files {
        for d in &f.diags {
            diags.push((d.clone(), f.text.clone()));
        }
        if let Some(c) = f.checklist {
            checklists.push(c);
        }
    }
    if diags.iter().any(|(d, _)| d.is_error()) {
        return Err(Invalid { diags }.into());
    }
    let mut seen = std::collections::HashMap::new();
    for c in &checklists {
        if let Some(prev) = seen.insert(c.id.clone(), c.title.clone()) {
            anyhow::bail!(
                "two checklists have the id `{}` ({prev} and {}): ids must be unique",
                c.id,
                c.title
            );
        }
    }
    let templates = Templates::load(&template_dirs(&opts.checklists, &opts.templates))?;

    let jobs: Vec<(&Checklist, &str)> = checklists
        .iter()
        .flat_map(|c| templates.for_kind(c.kind).into_iter().map(move |t| (c, t)))
        .collect();
    let results: Vec<Result<Vec<Output>>> = jobs
        .par_iter()
        .map(|(c, t)| {
            let docs = render_document(&templates, t, c, &opts.formats)
                .with_context(|| format!("rendering checklist `{}` with template `{t}`", c.id))?;
            docs.into_iter()
                .map(|(format, bytes)| {
                    let path = opts.out.join(&c.id).join(format!("{t}.{}", format.ext()));
                    let state = settle(&path, &bytes, opts.check)?;
                    Ok(Output {
                        path,
                        checklist: c.id.clone(),
                        title: c.title.clone(),
                        template: (*t).to_string(),
                        format,
                        state,
                    })
                })
                .collect()
        })
        .collect();
    let mut outputs = Vec::new();
    for r in results {
        outputs.extend(r?);
    }
    if opts.formats.contains(&Format::Html) {
        let index = index_html(&opts.out, &outputs);
        let path = opts.out.join("index.html");
        let state = settle(&path, index.as_bytes(), opts.check)?;
        outputs.push(Output {
            path,
            checklist: String::new(),
            title: "index".into(),
            template: "index".into(),
            format: Format::Html,
            state,
        });
    }
    Ok(Summary { outputs, diags })
}

/// Writes `bytes` to `path` unless it already holds them; in check mode, only compares.
fn settle(path: &Path, bytes: &[u8], check: bool) -> Result<State> {
    if fsutil::same_content(path, bytes) {
        return Ok(State::Unchanged);
    }
    if check {
        return Ok(if path.exists() {
            State::Stale
        } else {
            State::Missing
        });
    }
    fsutil::write_atomic(path, bytes).with_context(|| format!("writing {}", path.display()))?;
    Ok(State::Written)
}

/// `out/index.html`: every checklist with links to its documents.
fn index_html(out: &Path, outputs: &[Output]) -> String {
    let mut rows = String::new();
    let mut ids: Vec<(&str, &str)> = outputs
        .iter()
        .map(|o| (o.checklist.as_str(), o.title.as_str()))
        .collect();
    ids.dedup();
    for (id, title) in ids {
        rows.push_str(&format!(
            "| {} | {} |",
            crate::render::filters::escape_markdown(title),
            id
        ));
        for b in BUILTIN {
            let links: Vec<String> = outputs
                .iter()
                .filter(|o| o.checklist == id && o.template == b.name)
                .map(|o| {
                    let rel = o.path.strip_prefix(out).unwrap_or(&o.path);
                    format!(
                        "[{}]({})",
                        o.format.ext(),
                        rel.to_string_lossy().replace('\\', "/")
                    )
                })
                .collect();
            rows.push_str(&format!(" {} |", links.join(" ")));
        }
        rows.push('\n');
    }
    let header: Vec<String> = BUILTIN
        .iter()
        .map(|b| format!("{}（{}）", b.title, b.name))
        .collect();
    let body = format!(
        "# 文档索引\n\n| 清单 | id | {} |\n|---|---|{}\n{rows}",
        header.join(" | "),
        "---|".repeat(header.len())
    );
    let setup = crate::doc::PageSetup {
        title: Some("qingdan 文档索引".into()),
        page_number: None,
        ..Default::default()
    };
    crate::html::render_with(&setup, &body)
}
