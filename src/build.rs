//! `qingdan build`: every checklist × every template for its kind → files in `out/`.
//!
//! The steps, in order (like mdBook's `execute_build_process`):
//! 1. load and validate every checklist; any error stops here, before writing;
//! 2. load templates and plan the outputs (checklist × template × format);
//! 3. compare each output's input hashes and own hash with `out/manifest.json`:
//!    up-to-date outputs are not even rendered;
//! 4. render the rest in parallel and write only files whose bytes changed,
//!    each atomically;
//! 5. remove outputs of checklists that are gone (only files the manifest says
//!    qingdan wrote and nobody edited since), write `index.html` and the manifest.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context as _, Result};
use rayon::prelude::*;
use serde::Serialize;

use crate::fsutil;
use crate::i18n::msg;
use crate::manifest::{self, Entry, Manifest};
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
    /// Render everything, ignoring the manifest.
    pub force: bool,
    /// Composed checklists to build besides the whole ones
    /// (`gongmao-major-hazards:机械,粉尘爆炸`), each into its own folder.
    pub select: Vec<String>,
}

/// One output file of a build.
#[derive(Debug, Clone, Serialize)]
pub struct Output {
    /// Path of the file.
    pub path: PathBuf,
    /// Checklist id, or a composition's folder name
    /// (`gongmao-major-hazards.machinery`); empty for the index.
    pub checklist: String,
    /// Checklist title.
    #[serde(skip)]
    pub title: String,
    /// Template name.
    pub template: String,
    /// Format.
    pub format: Format,
    /// What happened to it.
    pub state: State,
    /// Why it is stale or was rewritten, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// What a build did with an output file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    /// Written (new or changed).
    Written,
    /// Already up to date.
    Unchanged,
    /// Deleted: its checklist is gone.
    Removed,
    /// `--check`: the file does not exist.
    Missing,
    /// `--check`: the file differs from what the inputs give.
    Stale,
    /// `--check`: the file was changed after qingdan wrote it.
    Edited,
    /// `--check`: the file belongs to a checklist that is gone.
    Orphaned,
}

impl State {
    /// True for the states `--check` fails on.
    pub fn fails_check(self) -> bool {
        matches!(
            self,
            State::Missing | State::Stale | State::Edited | State::Orphaned
        )
    }
}

/// The result of a build.
#[derive(Debug, Default)]
pub struct Summary {
    /// Every output, in a stable order.
    pub outputs: Vec<Output>,
    /// Diagnostics (warnings only; errors stop the build), with file texts.
    pub diags: Vec<(model::Diagnostic, String)>,
    /// Other warnings (an unreadable manifest, a hand-edited file not removed).
    pub warnings: Vec<String>,
    /// Seconds spent.
    pub seconds: f64,
}

impl Summary {
    /// Number of outputs in a state.
    pub fn count(&self, s: State) -> usize {
        self.outputs.iter().filter(|o| o.state == s).count()
    }
}

/// Inputs that failed validation; the diagnostics say where and why.
#[derive(Debug)]
pub struct Invalid {
    /// Every diagnostic, with the text of its file for rendering.
    pub diags: Vec<(model::Diagnostic, String)>,
}

impl std::fmt::Display for Invalid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.diags.iter().filter(|(d, _)| d.is_error()).count();
        if n == 1 {
            f.write_str(&msg::input_errors(n))
        } else {
            f.write_str(&msg::input_errors_many(n))
        }
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
    if template == crate::page::TEMPLATE {
        return render_page(checklist, formats);
    }
    let md = templates.render_checklist(template, checklist)?;
    formats
        .iter()
        .map(|f| {
            let bytes =
                output::convert(&md, *f).with_context(|| msg::making_format(f.ext(), template))?;
            Ok((*f, bytes))
        })
        .collect()
}

/// The self-check page, HTML only; for checklists with a self-check.
fn render_page(checklist: &Checklist, formats: &[Format]) -> Result<Vec<(Format, Vec<u8>)>> {
    if !crate::page::applies_to(checklist.kind) {
        anyhow::bail!(msg::page_wrong_kind(&checklist.id, checklist.kind.as_str()));
    }
    formats
        .iter()
        .map(|f| match f {
            Format::Html => Ok((
                *f,
                crate::page::render(checklist, &crate::page::Prefill::default()).into_bytes(),
            )),
            other => anyhow::bail!(msg::page_is_html(other.ext())),
        })
        .collect()
}

/// One planned output: where it goes and the hashes of what it is made from.
struct Planned<'a> {
    checklist: &'a Checklist,
    /// The output folder (the checklist id, or a composition's folder).
    dir: String,
    template: &'static str,
    format: Format,
    rel: String,
    entry: Entry,
}

/// A validated checklist (whole or composed) with its file's hash and path
/// relative to the root, and the output folder it is built into.
struct Source {
    checklist: Checklist,
    rel: String,
    sha256: String,
    dir: String,
}

/// The output folder of a composed checklist: its id and the chosen parts'
/// section ids (ASCII, stable), e.g. `gongmao-major-hazards.machinery.dust-explosion`.
pub fn composed_dir(c: &Checklist) -> String {
    let mut dir = c.id.clone();
    if !c.composed.is_empty() {
        for s in c.parts() {
            dir.push('.');
            dir.push_str(&s.id);
        }
    }
    dir
}

fn rel_string(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// What makes an output differ besides checklist and template: qingdan's
/// version, the format and, for PDF, the font set.
fn other_hash(format: Format, fonts: &str) -> String {
    manifest::sha256_parts([
        concat!("qingdan ", env!("CARGO_PKG_VERSION")).as_bytes(),
        format.ext().as_bytes(),
        if format == Format::Pdf {
            fonts.as_bytes()
        } else {
            b""
        },
    ])
}

/// Runs a build.
pub fn run(opts: &Options) -> Result<Summary> {
    let started = Instant::now();
    let files = load_all(&opts.checklists).map_err(|d| Invalid {
        diags: vec![(d, String::new())],
    })?;
    let mut diags: Vec<(model::Diagnostic, String)> = Vec::new();
    // Two files with one id would write one folder: an error before anything.
    for d in model::duplicate_ids(&files) {
        let text = files
            .iter()
            .find(|f| f.path == d.file)
            .map(|f| f.text.clone())
            .unwrap_or_default();
        diags.push((d, text));
    }
    let mut sources = Vec::new();
    let root = if opts.checklists.is_file() {
        opts.checklists
            .parent()
            .unwrap_or(Path::new(""))
            .to_path_buf()
    } else {
        opts.checklists.clone()
    };
    let pdf = opts.formats.contains(&Format::Pdf);
    for f in files {
        for d in &f.diags {
            diags.push((d.clone(), f.text.clone()));
        }
        if pdf && f.checklist.is_some() {
            for d in output::missing_glyphs(&f.path, &f.text, "serif")? {
                diags.push((d, f.text.clone()));
            }
        }
        if let Some(c) = f.checklist {
            let rel = rel_string(f.path.strip_prefix(&root).unwrap_or(&f.path));
            sources.push(Source {
                dir: c.id.clone(),
                checklist: c,
                rel,
                sha256: manifest::sha256(f.text.as_bytes()),
            });
        }
    }
    if diags.iter().any(|(d, _)| d.is_error()) {
        return Err(Invalid { diags }.into());
    }
    // Composed checklists, each built into its own folder beside the whole ones.
    let wholes: Vec<Checklist> = sources.iter().map(|s| s.checklist.clone()).collect();
    for text in &opts.select {
        let sel = model::Selection::parse(text);
        let c = model::compose::select(&wholes, &sel).map_err(|e| Invalid {
            diags: vec![(
                model::Diagnostic::error(
                    "bad-select",
                    Path::new("--select"),
                    msg::quoted_error(text, &e),
                )
                .hint(e.hint()),
                String::new(),
            )],
        })?;
        let Some(whole) = sources.iter().find(|s| s.checklist.id == c.id) else {
            continue;
        };
        let dir = composed_dir(&c);
        if sources.iter().any(|s| s.dir == dir) {
            continue;
        }
        let (rel, sha256) = (whole.rel.clone(), whole.sha256.clone());
        sources.push(Source {
            checklist: c,
            rel,
            sha256,
            dir,
        });
    }
    let templates = Templates::load(&template_dirs(&opts.checklists, &opts.templates))?;
    // A broken template stops the build before it writes anything.
    templates.check_all()?;

    let mut warnings = Vec::new();
    if !opts.check {
        fsutil::remove_stale_temps(&opts.out, 2);
    }
    let old = if opts.force {
        Manifest::default()
    } else {
        Manifest::load(&opts.out).unwrap_or_else(|w| {
            warnings.push(w);
            Manifest::default()
        })
    };

    let fonts = if opts.formats.contains(&Format::Pdf) {
        output::fonts_fingerprint()?
    } else {
        String::new()
    };
    // Plan every output with the hashes of its inputs.
    let mut plan: Vec<Planned<'_>> = Vec::new();
    for s in &sources {
        for t in templates.for_kind(s.checklist.kind) {
            let template_sha256 = templates.dependency_hash(t);
            for &format in &opts.formats {
                plan.push(Planned {
                    checklist: &s.checklist,
                    dir: s.dir.clone(),
                    template: t,
                    format,
                    rel: format!("{}/{t}.{}", s.dir, format.ext()),
                    entry: Entry {
                        format: format.ext().into(),
                        template: t.into(),
                        checklist: s.rel.clone(),
                        checklist_sha256: s.sha256.clone(),
                        template_sha256: template_sha256.clone(),
                        other_sha256: other_hash(format, &fonts),
                        sha256: String::new(),
                    },
                });
            }
        }
        // The self-check page, beside the HTML of the other documents.
        if opts.formats.contains(&Format::Html) && crate::page::applies_to(s.checklist.kind) {
            let t = crate::page::TEMPLATE;
            plan.push(Planned {
                checklist: &s.checklist,
                dir: s.dir.clone(),
                template: t,
                format: Format::Html,
                rel: format!("{}/{}", s.dir, crate::page::FILE_NAME),
                entry: Entry {
                    format: Format::Html.ext().into(),
                    template: t.into(),
                    checklist: s.rel.clone(),
                    checklist_sha256: s.sha256.clone(),
                    template_sha256: crate::page::source_digest(),
                    other_sha256: String::new(),
                    sha256: String::new(),
                },
            });
        }
    }

    // Decide per output; group the ones to render by (checklist, template) so
    // the template runs once for all formats.
    let mut decided: Vec<(usize, State, Option<String>)> = Vec::new();
    let mut to_render: BTreeMap<(String, &'static str), Vec<usize>> = BTreeMap::new();
    for (i, p) in plan.iter_mut().enumerate() {
        // Before anything is written: no output goes through a symlinked folder.
        fsutil::check_no_links(&opts.out, Path::new(&p.rel))
            .with_context(|| msg::cannot_write(opts.out.join(&p.rel).display()))?;
        let path = opts.out.join(&p.rel);
        let on_disk = manifest::sha256_file(&path);
        match (old.outputs.get(&p.rel), &on_disk) {
            (_, None) if opts.check => decided.push((i, State::Missing, None)),
            (Some(e), Some(h)) if &e.sha256 != h && opts.check => {
                let why = msg::edited_by_hand();
                decided.push((i, State::Edited, Some(why)));
            }
            (Some(e), Some(h)) if &e.sha256 != h => {
                to_render
                    .entry((p.dir.clone(), p.template))
                    .or_default()
                    .push(i);
            }
            (Some(e), Some(_)) if e.input_key() == p.entry.input_key() => {
                p.entry.sha256 = e.sha256.clone();
                decided.push((i, State::Unchanged, None));
            }
            (Some(e), Some(_)) if opts.check => {
                decided.push((i, State::Stale, Some(stale_reason(&root, e, &p.entry))));
            }
            _ => {
                to_render
                    .entry((p.dir.clone(), p.template))
                    .or_default()
                    .push(i);
            }
        }
    }

    let groups: Vec<(&'static str, Vec<usize>)> = to_render
        .into_iter()
        .map(|((_, t), idx)| (t, idx))
        .collect();
    type Rendered = Result<Vec<(usize, Vec<u8>)>>;
    let rendered: Vec<Rendered> = groups
        .par_iter()
        .map(|(t, idx)| {
            let c = plan[idx[0]].checklist;
            let file = &plan[idx[0]].entry.checklist;
            let formats: Vec<Format> = idx.iter().map(|&i| plan[i].format).collect();
            let docs = render_document(&templates, t, c, &formats)
                .with_context(|| msg::rendering_checklist(&c.id, file, t))?;
            Ok(idx
                .iter()
                .copied()
                .zip(docs.into_iter().map(|(_, b)| b))
                .collect())
        })
        .collect();
    let mut bytes_for: Vec<(usize, Vec<u8>)> = Vec::new();
    for r in rendered {
        bytes_for.extend(r?);
    }
    // Writing is parallel too: each file is its own temp file and rename. The
    // manifest on disk is updated after every file written, so a build killed
    // midway leaves a manifest that matches the files it did write.
    let journal = std::sync::Mutex::new(old.clone());
    type Settled = Result<(usize, State, Option<String>, String)>;
    let written: Vec<Settled> = bytes_for
        .par_iter()
        .map(|(i, bytes)| {
            let p = &plan[*i];
            let path = opts.out.join(&p.rel);
            let sha = manifest::sha256(bytes);
            let state = settle(&path, bytes, opts.check)?;
            if state == State::Written || (state == State::Unchanged && !opts.check) {
                let mut j = journal.lock().unwrap_or_else(|e| e.into_inner());
                let mut entry = p.entry.clone();
                entry.sha256 = sha.clone();
                if j.outputs.get(&p.rel) != Some(&entry) {
                    j.outputs.insert(p.rel.clone(), entry);
                    let mpath = opts.out.join(manifest::FILE_NAME);
                    fsutil::write_atomic(&mpath, &j.to_bytes())
                        .with_context(|| msg::writing(mpath.display()))?;
                }
            }
            let reason = old
                .outputs
                .get(&p.rel)
                .map(|e| stale_reason(&root, e, &p.entry));
            Ok((*i, state, reason, sha))
        })
        .collect();
    for w in written {
        let (i, state, reason, sha) = w?;
        plan[i].entry.sha256 = sha;
        decided.push((i, state, reason));
    }
    decided.sort_by_key(|d| d.0);

    let mut outputs: Vec<Output> = decided
        .iter()
        .map(|(i, state, reason)| {
            let p = &plan[*i];
            Output {
                path: opts.out.join(&p.rel),
                checklist: p.dir.clone(),
                title: if p.checklist.composed.is_empty() {
                    p.checklist.title.clone()
                } else {
                    format!(
                        "{}（{}）",
                        p.checklist.title,
                        p.checklist.composed.join("、")
                    )
                },
                template: p.template.to_string(),
                format: p.format,
                state: *state,
                reason: reason.clone(),
            }
        })
        .collect();
    let mut new = Manifest {
        generator: concat!("qingdan ", env!("CARGO_PKG_VERSION")).into(),
        outputs: plan.into_iter().map(|p| (p.rel, p.entry)).collect(),
    };

    // Outputs of checklists (or templates, or formats) that are gone.
    for (rel, e) in &old.outputs {
        if new.outputs.contains_key(rel) || e.template == "index" {
            continue;
        }
        let path = opts.out.join(rel);
        if let Err(e) = fsutil::check_no_links(&opts.out, Path::new(rel)) {
            warnings.push(msg::kept_because(path.display(), e));
            continue;
        }
        let on_disk = manifest::sha256_file(&path);
        let state = match on_disk {
            None => continue,
            Some(h) if h != e.sha256 => {
                warnings.push(msg::kept_edited(path.display()));
                continue;
            }
            Some(_) if opts.check => State::Orphaned,
            Some(_) => {
                std::fs::remove_file(&path).with_context(|| msg::removing(path.display()))?;
                if let Some(dir) = path.parent() {
                    // Only removes the folder if it is now empty.
                    let _ = std::fs::remove_dir(dir);
                }
                State::Removed
            }
        };
        outputs.push(Output {
            path,
            checklist: String::new(),
            title: String::new(),
            template: e.template.clone(),
            format: Format::parse(&e.format).unwrap_or(Format::Md),
            state,
            reason: Some(msg::is_gone(root.join(&e.checklist).display())),
        });
    }

    if opts.formats.contains(&Format::Html) {
        let index = index_html(&opts.out, &outputs);
        let rel = "index.html".to_string();
        let path = opts.out.join(&rel);
        let state = settle(&path, index.as_bytes(), opts.check)?;
        let state = if opts.check && state == State::Stale {
            State::Stale
        } else {
            state
        };
        new.outputs.insert(
            rel,
            Entry {
                format: "html".into(),
                template: "index".into(),
                checklist: String::new(),
                checklist_sha256: String::new(),
                template_sha256: String::new(),
                other_sha256: other_hash(Format::Html, &fonts),
                sha256: manifest::sha256(index.as_bytes()),
            },
        );
        outputs.push(Output {
            path,
            checklist: String::new(),
            title: "index".into(),
            template: "index".into(),
            format: Format::Html,
            reason: (state == State::Stale).then(msg::index_changed),
            state,
        });
    }

    if !opts.check && new != old {
        let path = opts.out.join(manifest::FILE_NAME);
        fsutil::write_atomic(&path, &new.to_bytes())
            .with_context(|| msg::writing(path.display()))?;
    }
    Ok(Summary {
        outputs,
        diags,
        warnings,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// Says which input changed between an old manifest entry and the new plan.
fn stale_reason(root: &Path, old: &Entry, new: &Entry) -> String {
    let mut why = Vec::new();
    if old.checklist_sha256 != new.checklist_sha256 {
        why.push(msg::changed(root.join(&new.checklist).display()));
    }
    if old.template_sha256 != new.template_sha256 {
        why.push(msg::template_changed(&new.template));
    }
    if old.other_sha256 != new.other_sha256 {
        why.push(msg::settings_changed());
    }
    if why.is_empty() {
        why.push(msg::output_differs());
    }
    why.join(crate::i18n::pick(", ", "，"))
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
    fsutil::write_atomic(path, bytes).with_context(|| msg::writing(path.display()))?;
    Ok(State::Written)
}

/// `out/index.html`: every checklist with links to its documents.
fn index_html(out: &Path, outputs: &[Output]) -> String {
    let mut rows = String::new();
    let mut ids: Vec<(&str, &str)> = outputs
        .iter()
        .filter(|o| !o.checklist.is_empty() && !matches!(o.state, State::Removed | State::Orphaned))
        .map(|o| (o.checklist.as_str(), o.title.as_str()))
        .collect();
    ids.dedup();
    // Only the templates some checklist was built with get a column.
    struct Column {
        name: &'static str,
        title: &'static str,
    }
    let used: Vec<Column> = BUILTIN
        .iter()
        .map(|b| Column {
            name: b.name,
            title: b.title,
        })
        .chain(std::iter::once(Column {
            name: crate::page::TEMPLATE,
            title: crate::page::TITLE,
        }))
        .filter(|b| {
            outputs.iter().any(|o| {
                o.template == b.name && !matches!(o.state, State::Removed | State::Orphaned)
            })
        })
        .collect();
    for (id, title) in ids {
        // An id never wraps; a composition's parts may go to the next line.
        let shown = match id.split_once('.') {
            Some((base, parts)) => format!("`{base}` `.{parts}`"),
            None => format!("`{id}`"),
        };
        rows.push_str(&format!(
            "| {} | {shown} |",
            crate::render::filters::escape_markdown(title)
        ));
        for b in &used {
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
    let header: Vec<String> = used.iter().map(|b| b.title.to_string()).collect();
    let body = format!(
        "# 文档索引\n\n| 清单 | id | {} |\n|---|---|{}\n{rows}",
        header.join(" | "),
        "---|".repeat(header.len())
    );
    // Room for the title and the whole id (ids never wrap); links share the rest.
    let mut widths = vec![
        crate::doc::Width::Percent(30.0),
        crate::doc::Width::Percent(34.0),
    ];
    let each = 36.0 / used.len().max(1) as f32;
    widths.extend(used.iter().map(|_| crate::doc::Width::Percent(each)));
    let setup = crate::doc::PageSetup {
        title: Some("qingdan 文档索引".into()),
        page_number: None,
        widths,
        ..Default::default()
    };
    crate::html::render_with(&setup, &body, crate::output::fonts().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `other_sha256` covers: the version, the format and, for PDF only,
    /// the font set. (A manifest that ignored any of them would keep outputs
    /// made by another qingdan or with other fonts.)
    #[test]
    fn other_hash_covers_version_format_and_pdf_fonts() {
        let v = concat!("qingdan ", env!("CARGO_PKG_VERSION"));
        assert_eq!(
            other_hash(Format::Md, "fonts"),
            manifest::sha256_parts([v.as_bytes(), b"md", b""])
        );
        assert_ne!(
            other_hash(Format::Md, ""),
            manifest::sha256_parts([b"qingdan 0.0.0".as_slice(), b"md", b""]),
            "another version"
        );
        assert_ne!(other_hash(Format::Md, ""), other_hash(Format::Html, ""));
        assert_ne!(other_hash(Format::Html, ""), other_hash(Format::Pdf, ""));
        assert_ne!(other_hash(Format::Pdf, "a"), other_hash(Format::Pdf, "b"));
        assert_eq!(other_hash(Format::Html, "a"), other_hash(Format::Html, "b"));
    }

    #[test]
    fn stale_reasons_name_each_changed_input() {
        let e = |c: &str, t: &str, o: &str| Entry {
            format: "md".into(),
            template: "inspection-form".into(),
            checklist: "a.yaml".into(),
            checklist_sha256: c.into(),
            template_sha256: t.into(),
            other_sha256: o.into(),
            sha256: String::new(),
        };
        let root = Path::new("cl");
        let a = root.join("a.yaml").display().to_string();
        assert_eq!(
            stale_reason(root, &e("1", "2", "3"), &e("1", "2", "3")),
            "output differs"
        );
        assert_eq!(
            stale_reason(root, &e("1", "2", "3"), &e("x", "2", "3")),
            format!("{a} changed")
        );
        assert_eq!(
            stale_reason(root, &e("1", "2", "3"), &e("1", "x", "3")),
            "template inspection-form changed"
        );
        assert_eq!(
            stale_reason(root, &e("1", "2", "3"), &e("1", "2", "x")),
            "qingdan version or settings changed"
        );
        assert_eq!(
            stale_reason(root, &e("1", "2", "3"), &e("x", "x", "x")),
            format!("{a} changed, template inspection-form changed, qingdan version or settings changed")
        );
    }

    fn opts(dir: &Path, formats: &[Format], check: bool, force: bool) -> Options {
        Options {
            checklists: dir.join("checklists"),
            templates: Vec::new(),
            out: dir.join("out"),
            formats: formats.to_vec(),
            check,
            force,
            select: Vec::new(),
        }
    }

    type States = BTreeMap<String, (State, Option<String>)>;

    /// Builds `dir/checklists` into `dir/out` as Markdown and HTML: each
    /// output's state and reason by its path under `out`, and the warnings.
    fn build(dir: &Path, check: bool, force: bool) -> (States, Vec<String>) {
        let s = run(&opts(dir, &[Format::Md, Format::Html], check, force))
            .unwrap_or_else(|e| panic!("{e:#}"));
        let out = dir.join("out");
        let states = s
            .outputs
            .iter()
            .map(|o| {
                let rel = rel_string(o.path.strip_prefix(&out).unwrap_or(&o.path));
                (rel, (o.state, o.reason.clone()))
            })
            .collect();
        (states, s.warnings)
    }

    /// The states other than `Unchanged`, with their reasons.
    fn changed(s: &States) -> Vec<(&str, State, Option<&str>)> {
        s.iter()
            .filter(|(_, (st, _))| *st != State::Unchanged)
            .map(|(k, (st, r))| (k.as_str(), *st, r.as_deref()))
            .collect()
    }

    fn read(p: &Path) -> Vec<u8> {
        std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    }

    fn write(p: &Path, bytes: &[u8]) {
        std::fs::write(p, bytes).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    }

    fn inode(p: &Path) -> u64 {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(p)
            .map(|m| m.ino())
            .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    }

    /// `run` against the manifest and the files on disk, step by step: what
    /// is written, left alone, reported by `--check` (which writes nothing),
    /// removed or kept.
    #[test]
    fn states_follow_the_manifest_and_the_files_on_disk() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let dir = dir.path();
        let cl = dir.join("checklists");
        let out = dir.join("out");
        std::fs::create_dir(&cl).unwrap_or_else(|e| panic!("{e}"));
        write(
            &cl.join("a.yaml"),
            &read(&root.join("tests/fixtures/valid/minimal.yaml")),
        );
        write(
            &cl.join("duties.yaml"),
            &read(&root.join("checklists/principal-duties-law-21.yaml")),
        );

        // A first build writes everything; the manifest lists every file,
        // the index too, with the hash of its bytes.
        let (first, _) = build(dir, false, false);
        assert!(first.len() > 4, "{first:?}");
        assert!(
            first.values().all(|(s, _)| *s == State::Written),
            "{first:?}"
        );
        let minimal: Vec<&String> = first.keys().filter(|k| k.starts_with("minimal/")).collect();
        let duties: Vec<&String> = first
            .keys()
            .filter(|k| k.starts_with("principal-duties"))
            .collect();
        assert!(
            minimal.iter().any(|k| k.ends_with("/self-check.html")),
            "{minimal:?}"
        );
        assert!(
            !duties.iter().any(|k| k.ends_with("/self-check.html")),
            "{duties:?}"
        );
        assert_eq!(minimal.len() + duties.len() + 1, first.len(), "{first:?}");
        let m = Manifest::load(&out).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            m.outputs.keys().collect::<Vec<_>>(),
            first.keys().collect::<Vec<_>>()
        );
        for (rel, e) in &m.outputs {
            assert_eq!(
                manifest::sha256_file(&out.join(rel)).as_ref(),
                Some(&e.sha256),
                "{rel}"
            );
        }
        let index = String::from_utf8_lossy(&read(&out.join("index.html"))).into_owned();
        assert!(index.contains("<title>qingdan 文档索引</title>"), "{index}");
        assert!(
            index.contains("<col style=\"width:30%\"><col style=\"width:34%\">"),
            "{index}"
        );
        assert!(
            !index.contains("counter(page)"),
            "the index has no page numbers"
        );

        // Again, and with --check: nothing to do, nothing rewritten.
        let manifest_inode = inode(&out.join(manifest::FILE_NAME));
        let (again, _) = build(dir, false, false);
        assert_eq!(
            again.keys().collect::<Vec<_>>(),
            first.keys().collect::<Vec<_>>()
        );
        assert_eq!(changed(&again), []);
        assert!(again.values().all(|(_, r)| r.is_none()), "{again:?}");
        assert_eq!(inode(&out.join(manifest::FILE_NAME)), manifest_inode);
        assert_eq!(changed(&build(dir, true, false).0), []);

        // --check writes nothing, not even a missing manifest; a build
        // writes it back from files that are all still right.
        std::fs::remove_file(out.join(manifest::FILE_NAME)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(changed(&build(dir, true, false).0), []);
        assert!(
            !out.join(manifest::FILE_NAME).exists(),
            "--check wrote the manifest"
        );
        assert_eq!(changed(&build(dir, false, false).0), []);
        assert_eq!(Manifest::load(&out), Ok(m.clone()));

        // A file edited by hand: --check says so; a build puts it back.
        let md = minimal
            .iter()
            .find(|k| k.ends_with(".md"))
            .map(|k| k.to_string())
            .unwrap_or_default();
        let md_path = out.join(&md);
        let original = read(&md_path);
        write(&md_path, b"edited");
        assert_eq!(
            changed(&build(dir, true, false).0),
            [(
                md.as_str(),
                State::Edited,
                Some("edited by hand after qingdan wrote it")
            )]
        );
        assert_eq!(read(&md_path), b"edited");
        let (fixed, _) = build(dir, false, false);
        assert_eq!(changed(&fixed)[0].0, md.as_str());
        assert_eq!(changed(&fixed)[0].1, State::Written);
        assert_eq!(changed(&fixed).len(), 1);
        assert_eq!(read(&md_path), original);

        // A missing file: reported, then written.
        std::fs::remove_file(&md_path).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            changed(&build(dir, true, false).0),
            [(md.as_str(), State::Missing, None)]
        );
        assert_eq!(
            changed(&build(dir, false, false).0),
            [(md.as_str(), State::Written, Some("output differs"))]
        );

        // The checklist's bytes change but not what it says: its outputs are
        // stale, saying why; a build leaves the equal files and records the
        // new hash.
        let mut text = read(&cl.join("a.yaml"));
        text.extend_from_slice(b"# a comment\n");
        write(&cl.join("a.yaml"), &text);
        let why = format!("{} changed", cl.join("a.yaml").display());
        let stale: Vec<(&str, State, Option<&str>)> = minimal
            .iter()
            .map(|k| (k.as_str(), State::Stale, Some(why.as_str())))
            .collect();
        assert_eq!(changed(&build(dir, true, false).0), stale);
        assert_eq!(changed(&build(dir, false, false).0), []);
        let m = Manifest::load(&out).unwrap_or_else(|e| panic!("{e}"));
        for k in &minimal {
            assert_eq!(
                m.outputs[*k].checklist_sha256,
                manifest::sha256(&text),
                "{k}"
            );
        }
        assert_eq!(changed(&build(dir, true, false).0), []);

        // A manifest that vouches for an edited file is trusted, except by --force.
        write(&md_path, b"edited");
        let mut lying = m.clone();
        if let Some(e) = lying.outputs.get_mut(&md) {
            e.sha256 = manifest::sha256(b"edited");
        }
        write(&out.join(manifest::FILE_NAME), &lying.to_bytes());
        assert_eq!(changed(&build(dir, false, false).0), []);
        assert_eq!(read(&md_path), b"edited");
        assert_eq!(
            changed(&build(dir, false, true).0),
            [(md.as_str(), State::Written, None)]
        );
        assert_eq!(read(&md_path), original);

        // Temporary files an interrupted run left: a build removes them, --check does not.
        let temp = out.join("minimal/.qingdan-x.tmp");
        write(&temp, b"");
        build(dir, true, false);
        assert!(temp.exists());
        build(dir, false, false);
        assert!(!temp.exists());

        // A checklist removed: --check calls its outputs orphaned and the index
        // stale; a build removes them (and their folder), keeping a hand-edited
        // one with a warning.
        std::fs::remove_file(cl.join("duties.yaml")).unwrap_or_else(|e| panic!("{e}"));
        let gone = format!("{} is gone", cl.join("duties.yaml").display());
        let mut want: Vec<(&str, State, Option<&str>)> = duties
            .iter()
            .map(|k| (k.as_str(), State::Orphaned, Some(gone.as_str())))
            .collect();
        want.insert(
            0,
            (
                "index.html",
                State::Stale,
                Some("the list of checklists or of their documents changed"),
            ),
        );
        assert_eq!(changed(&build(dir, true, false).0), want);
        let kept = out.join(duties[0]);
        write(&kept, b"mine");
        let (removed, warnings) = build(dir, false, false);
        let mut want: Vec<(&str, State, Option<&str>)> = duties[1..]
            .iter()
            .map(|k| (k.as_str(), State::Removed, Some(gone.as_str())))
            .collect();
        want.insert(0, ("index.html", State::Written, None));
        assert_eq!(changed(&removed), want);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].contains("edited after qingdan wrote it"),
            "{warnings:?}"
        );
        assert_eq!(read(&kept), b"mine");
        for k in &duties[1..] {
            assert!(!out.join(k).exists(), "{k}");
        }
        let m = Manifest::load(&out).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            m.outputs.keys().all(|k| !k.starts_with("principal-duties")),
            "{m:?}"
        );
        assert_eq!(changed(&build(dir, true, false).0), []);

        // Markdown alone: no self-check page, no index (the HTML files of
        // the build before are removed).
        let md_only =
            run(&opts(dir, &[Format::Md], false, false)).unwrap_or_else(|e| panic!("{e:#}"));
        let kept: Vec<(&Path, State)> = md_only
            .outputs
            .iter()
            .filter(|o| o.format == Format::Html)
            .map(|o| (o.path.as_path(), o.state))
            .collect();
        assert!(kept.iter().all(|(_, s)| *s == State::Removed), "{kept:?}");
        assert!(!out.join("minimal/self-check.html").exists());
    }

    /// Two checklists with one id: an error before anything is written, shown
    /// with the text of the file it is about.
    #[test]
    fn a_duplicate_id_is_shown_in_its_own_file() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let cl = dir.path().join("checklists");
        std::fs::create_dir(&cl).unwrap_or_else(|e| panic!("{e}"));
        let text = read(&root.join("tests/fixtures/valid/minimal.yaml"));
        write(&cl.join("a.yaml"), &text);
        let mut other = b"# another copy\n".to_vec();
        other.extend_from_slice(&text);
        write(&cl.join("b.yaml"), &other);
        let e = run(&opts(dir.path(), &[Format::Md], false, false))
            .err()
            .unwrap_or_else(|| panic!("two files with one id built"));
        let invalid = e
            .downcast_ref::<Invalid>()
            .unwrap_or_else(|| panic!("{e:#}"));
        assert_eq!(invalid.diags.len(), 1, "{:?}", invalid.diags);
        let (d, shown) = &invalid.diags[0];
        let file = read(&d.file);
        assert_eq!(shown.as_bytes(), file.as_slice(), "{}", d.file.display());
        assert!(!dir.path().join("out").exists());
    }

    /// A character no font has stops a PDF build, before anything is written,
    /// and only a PDF build: Markdown and HTML carry it as text.
    #[test]
    fn a_character_no_font_has_stops_only_a_pdf_build() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let cl = dir.path().join("checklists");
        std::fs::create_dir(&cl).unwrap_or_else(|e| panic!("{e}"));
        let text = String::from_utf8_lossy(&read(&root.join("tests/fixtures/valid/minimal.yaml")))
            .replace("title: 测试清单", "title: 测试清单\u{10FFFD}");
        write(&cl.join("a.yaml"), text.as_bytes());
        let s = run(&opts(dir.path(), &[Format::Md, Format::Html], false, false))
            .unwrap_or_else(|e| panic!("{e:#}"));
        assert!(s.diags.is_empty(), "{:?}", s.diags);
        assert!(s.outputs.iter().all(|o| o.state == State::Written));
        let e = run(&opts(dir.path(), &[Format::Pdf], false, false))
            .err()
            .unwrap_or_else(|| panic!("a PDF with a character no font has"));
        let invalid = e
            .downcast_ref::<Invalid>()
            .unwrap_or_else(|| panic!("{e:#}"));
        let codes: Vec<&str> = invalid.diags.iter().map(|(d, _)| d.code).collect();
        assert_eq!(codes, ["missing-glyph"]);
        assert!(!dir
            .path()
            .join("out")
            .join("minimal")
            .join("inspection-form.pdf")
            .exists());
    }

    /// `--select` builds each composition once, into its own folder beside
    /// the whole checklist.
    #[test]
    fn a_selection_is_built_once_into_its_own_folder() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let cl = dir.path().join("checklists");
        std::fs::create_dir_all(cl.join("sources")).unwrap_or_else(|e| panic!("{e}"));
        for f in ["mines-major-hazards.yaml", "sources/mines.md"] {
            write(&cl.join(f), &read(&root.join("checklists").join(f)));
        }
        let mut o = opts(dir.path(), &[Format::Md], false, false);
        let sel = "mines-major-hazards:地下,尾矿库".to_string();
        o.select = vec![sel.clone(), sel];
        let s = run(&o).unwrap_or_else(|e| panic!("{e:#}"));
        let mut per_folder: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for out in &s.outputs {
            per_folder
                .entry(out.checklist.as_str())
                .or_default()
                .push(out.template.as_str());
        }
        let whole = per_folder
            .get("mines-major-hazards")
            .cloned()
            .unwrap_or_default();
        assert!(!whole.is_empty(), "{per_folder:?}");
        assert_eq!(
            per_folder.get("mines-major-hazards.underground.tailings"),
            Some(&whole),
            "the same documents, once"
        );
        assert_eq!(per_folder.len(), 2, "{per_folder:?}");
        let md = String::from_utf8_lossy(&read(
            &dir.path()
                .join("out/mines-major-hazards.underground.tailings/self-check-sheet.md"),
        ))
        .into_owned();
        assert!(md.contains("矿井直达地面的独立安全出口少于2个"));
        assert!(!md.contains("未采用自上而下的开采顺序分台阶或者分层开采"));
    }

    /// The manifest is updated after every file written, so a build that stops
    /// midway (here: one output is a folder, which no file replaces) leaves a
    /// manifest that lists the files it did write or found right.
    #[test]
    fn a_build_that_fails_midway_leaves_a_manifest_of_what_it_wrote() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let cl = dir.path().join("checklists");
        let out = dir.path().join("out");
        std::fs::create_dir(&cl).unwrap_or_else(|e| panic!("{e}"));
        write(
            &cl.join("a.yaml"),
            &read(&root.join("tests/fixtures/valid/minimal.yaml")),
        );
        let (first, _) = build(dir.path(), false, false);
        let blocked = "minimal/inspection-form.html";
        assert_eq!(first.get(blocked).map(|s| s.0), Some(State::Written));
        let full = Manifest::load(&out).unwrap_or_else(|e| panic!("{e}"));

        // Files found right (no manifest to vouch for them) …
        std::fs::remove_file(out.join(manifest::FILE_NAME)).unwrap_or_else(|e| panic!("{e}"));
        std::fs::remove_file(out.join(blocked)).unwrap_or_else(|e| panic!("{e}"));
        std::fs::create_dir_all(out.join(blocked).join("x")).unwrap_or_else(|e| panic!("{e}"));
        assert!(run(&opts(dir.path(), &[Format::Md, Format::Html], false, false)).is_err());
        let m = Manifest::load(&out).unwrap_or_else(|e| panic!("{e}"));
        let mut want = full.outputs.clone();
        want.remove(blocked);
        want.remove("index.html");
        assert_eq!(m.outputs, want);

        // … and files written.
        std::fs::remove_file(out.join(manifest::FILE_NAME)).unwrap_or_else(|e| panic!("{e}"));
        let md = "minimal/inspection-form.md";
        std::fs::remove_file(out.join(md)).unwrap_or_else(|e| panic!("{e}"));
        assert!(run(&opts(dir.path(), &[Format::Md, Format::Html], false, false)).is_err());
        assert_eq!(read(&out.join(md)), read_back(&full, &out, md));
        let m = Manifest::load(&out).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(m.outputs, want);
    }

    /// The bytes of `rel` as `m` hashed them (checked, then read).
    fn read_back(m: &Manifest, out: &Path, rel: &str) -> Vec<u8> {
        let bytes = read(&out.join(rel));
        assert_eq!(
            m.outputs.get(rel).map(|e| e.sha256.clone()),
            Some(manifest::sha256(&bytes))
        );
        bytes
    }
}
