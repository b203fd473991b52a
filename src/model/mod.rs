//! The inputs: serde types, loading with positions, and semantic validation.
//!
//! Nothing downstream sees unvalidated data: [`load_checklist`] returns a
//! checklist only when it has no errors, and every problem as a [`Diagnostic`].

pub mod builtin;
pub mod checklist;
mod collect;
pub mod compose;
pub mod diag;
pub mod event;
pub mod load;
pub mod pos;
pub mod results;
pub mod roster;
pub mod schema_check;
pub mod uscc;
pub mod validate;

use crate::i18n::msg;
use std::path::{Path, PathBuf};

pub use checklist::{
    Basis, Checklist, Item, Kind, Method, Methods, PartKind, Provision, Section, Severity, Source,
    Status,
};
pub use compose::{ComposeError, Selection};
pub use diag::Diagnostic;
pub use results::{detect_kind, load_results, InputKind};

/// A checklist file after loading: its path, its text and the problems found.
#[derive(Debug)]
pub struct ChecklistFile {
    /// Where it was read from.
    pub path: PathBuf,
    /// The file's text, for rendering diagnostics and hashing.
    pub text: String,
    /// The checklist, if it has no errors.
    pub checklist: Option<Checklist>,
    /// Errors and warnings.
    pub diags: Vec<Diagnostic>,
}

/// Loads and validates one checklist file.
pub fn load_checklist(path: &Path) -> ChecklistFile {
    let text = match load::read_text(path) {
        Ok(t) => t,
        Err((d, text)) => {
            return ChecklistFile {
                path: path.to_path_buf(),
                text,
                checklist: None,
                diags: vec![d],
            }
        }
    };
    parse_checklist(path, text)
}

/// Parses and validates checklist text that did not come from a file on disk
/// (e.g. `git show REV:path`); `path` is only used in diagnostics.
pub fn parse_checklist(path: &Path, text: String) -> ChecklistFile {
    parse_checklist_with(path, text, &load::read_text)
}

/// Reads the text of a source file (`sources[].text`) for the verbatim check.
pub type ReadSource = dyn Fn(&Path) -> Result<String, (Diagnostic, String)> + Sync;

/// [`parse_checklist`] with the source texts read by `read`.
pub fn parse_checklist_with(path: &Path, text: String, read: &ReadSource) -> ChecklistFile {
    let mut loaded = load::parse_yaml::<Checklist>(path, text);
    if let Some(c) = &loaded.value {
        let more = validate::validate(c, path, &loaded.text, &loaded.map);
        loaded.diags.extend(more);
        let verbatim = validate::check_verbatim_with(c, path, &loaded.text, &loaded.map, read);
        loaded.diags.extend(verbatim);
    }
    let ok = !loaded.diags.iter().any(Diagnostic::is_error);
    if let (true, Some(c)) = (ok, &mut loaded.value) {
        c.inherit_bases();
    }
    ChecklistFile {
        path: path.to_path_buf(),
        checklist: if ok { loaded.value } else { None },
        text: loaded.text,
        diags: loaded.diags,
    }
}

/// Checklist ids that name the build's own files in the output folder.
pub const RESERVED_IDS: &[&str] = &["index", "index.html", "manifest", "manifest.json"];

/// Errors for checklists that share an id with an earlier file (each id names
/// one output folder), at the later file's `id:` line.
pub fn duplicate_ids(files: &[ChecklistFile]) -> Vec<Diagnostic> {
    let mut seen: std::collections::HashMap<&str, &Path> = std::collections::HashMap::new();
    let mut out = Vec::new();
    for f in files {
        let Some(c) = &f.checklist else { continue };
        match seen.get(c.id.as_str()) {
            None => {
                seen.insert(&c.id, &f.path);
            }
            Some(first) => {
                let mut d = Diagnostic::error(
                    "duplicate-checklist-id",
                    &f.path,
                    msg::checklist_id_also_used(&c.id, first.display()),
                )
                .hint(msg::checklist_id_also_used_hint());
                // Point at the top-level `id:` line.
                let mut offset = 0;
                for line in f.text.split_inclusive('\n') {
                    if let Some(rest) = line.strip_prefix("id:") {
                        let start = offset + 3 + (rest.len() - rest.trim_start().len());
                        let end = offset + line.trim_end().len();
                        d = d.at(&f.text, start..end.max(start + 1));
                        break;
                    }
                    offset += line.len();
                }
                out.push(d);
            }
        }
    }
    out
}

/// The YAML files under a folder (or the file itself), sorted by path.
/// Symlinks are followed (a symlinked checklist is checked like any other;
/// a link that loops is an error naming it); a broken link or a YAML name that
/// is not a regular file is returned too, so loading it reports the problem.
pub fn find_yaml(root: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let is_yaml = |p: &Path| {
        p.extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
    };
    match std::fs::metadata(root) {
        Ok(m) if m.is_dir() => {}
        // A file, or a FIFO or device the loader will refuse by name.
        Ok(_) => return Ok(vec![root.to_path_buf()]),
        Err(_) => {
            return Err(
                Diagnostic::error("io", root, msg::no_such_path()).hint(msg::no_such_path_hint())
            )
        }
    }
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(root)
        .follow_links(true)
        .max_depth(64)
        .sort_by_file_name()
    {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let p = e.path().unwrap_or(root).to_path_buf();
                if e.loop_ancestor().is_some() {
                    return Err(Diagnostic::error("io", &p, msg::symlink_loop())
                        .hint(msg::symlink_loop_hint()));
                }
                // A broken link named *.yaml: loading it says what is wrong.
                if is_yaml(&p)
                    && e.io_error()
                        .is_some_and(|io| io.kind() == std::io::ErrorKind::NotFound)
                {
                    out.push(p);
                    continue;
                }
                return Err(Diagnostic::error("io", &p, msg::cannot_read_folder(e)));
            }
        };
        let p = entry.path();
        if !entry.file_type().is_dir() && is_yaml(p) {
            out.push(p.to_path_buf());
        }
    }
    Ok(out)
}
