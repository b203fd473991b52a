//! The built-in catalogue: the shipped checklists (`checklists/*.yaml`) and the
//! regulation texts they quote (`checklists/sources/*.md`), compiled into the
//! binary like the templates and fonts, so `list`, `render --checklist ID`,
//! `letters` and results files work from any folder.
//!
//! A [`Catalogue`] is the user's checklists folder laid over the built-ins: a
//! file there with a built-in's id replaces that checklist (an [`Override`]
//! when its text differs, which commands note on standard error). Built-in
//! checklists are named `built-in:checklists/<id>.yaml` in diagnostics, and
//! their verbatim check reads the compiled-in source texts.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use rayon::prelude::*;

use super::{find_yaml, load, parse_checklist_with, Checklist, ChecklistFile, Diagnostic};

/// A file compiled into the binary.
#[derive(Debug, Clone, Copy)]
pub struct Embedded {
    /// Its name, relative to `checklists/` (`gas-major-hazards.yaml`, `sources/gas.md`).
    pub name: &'static str,
    /// Its text.
    pub text: &'static str,
}

macro_rules! embed {
    ($($name:literal),* $(,)?) => {
        &[$(Embedded {
            name: $name,
            text: include_str!(concat!("../../checklists/", $name)),
        }),*]
    };
}

/// The shipped checklists (a `static`: one copy in the binary), each named `<id>.yaml` (a test checks the list
/// against `checklists/`).
pub static CHECKLISTS: &[Embedded] = embed!(
    "chemical-major-hazards.yaml",
    "construction-major-hazards.yaml",
    "example-machinery-emergency-cards.yaml",
    "example-machinery-responsibilities.yaml",
    "fireworks-major-hazards.yaml",
    "gas-major-hazards.yaml",
    "gongmao-major-hazards.yaml",
    "hot-work-inspection-sample.yaml",
    "mines-major-hazards.yaml",
    "principal-duties-law-21.yaml",
    "principal-duties-shanxi-293.yaml",
);

/// The regulation texts the shipped checklists quote word for word.
pub static SOURCES: &[Embedded] = embed!(
    "sources/chemical.md",
    "sources/construction.md",
    "sources/duties.md",
    "sources/fireworks.md",
    "sources/gas.md",
    "sources/gongmao.md",
    "sources/mines.md",
);

/// The folder built-in checklists are said to be in, in diagnostics and `list`.
pub const ROOT: &str = "built-in:checklists";

/// The path a built-in file is shown under (`built-in:checklists/gas-major-hazards.yaml`).
pub fn path(name: &str) -> PathBuf {
    Path::new(ROOT).join(name)
}

/// True for a path under [`ROOT`].
pub fn is_builtin(p: &Path) -> bool {
    p.starts_with(ROOT)
}

/// The built-in checklist with this id.
pub fn get(id: &str) -> Option<&'static Embedded> {
    CHECKLISTS
        .iter()
        .find(|e| e.name.strip_suffix(".yaml") == Some(id))
}

/// The ids of the built-in checklists, sorted.
pub fn ids() -> Vec<String> {
    CHECKLISTS
        .iter()
        .filter_map(|e| e.name.strip_suffix(".yaml"))
        .map(str::to_string)
        .collect()
}

/// Reads a compiled-in source text by its shown path.
fn read_source(file: &Path) -> Result<String, (Diagnostic, String)> {
    let rel = file
        .strip_prefix(ROOT)
        .ok()
        .map(|r| {
            r.components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/")
        })
        .unwrap_or_default();
    SOURCES
        .iter()
        .find(|e| e.name == rel)
        .map(|e| e.text.to_string())
        .ok_or_else(|| {
            (
                Diagnostic::error("io", file, crate::i18n::msg::no_builtin_source()),
                String::new(),
            )
        })
}

/// Loads and validates one built-in checklist (with its verbatim check).
pub fn load(e: &Embedded) -> ChecklistFile {
    parse_checklist_with(&path(e.name), e.text.to_string(), &read_source)
}

/// The built-in checklist `e` as [`load`] gives it (its path, and the
/// checklist when it has no errors), parsed and checked once per process:
/// `ledger` reads thousands of results files that name the same few
/// checklists, and parsing one (with its verbatim checks) costs far more than
/// the results file itself. The compiled-in text never changes, so neither does
/// the answer.
pub fn load_cached(e: &'static Embedded) -> (PathBuf, Option<Checklist>) {
    type Cache = Mutex<HashMap<&'static str, (PathBuf, Option<Checklist>)>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let cache = CACHE.get_or_init(Cache::default);
    if let Some(hit) = cache.lock().ok().and_then(|c| c.get(e.name).cloned()) {
        return hit;
    }
    let f = load(e);
    let v = (f.path, f.checklist);
    if let Ok(mut c) = cache.lock() {
        c.insert(e.name, v.clone());
    }
    v
}

/// Loads and validates every built-in checklist, in name order.
pub fn load_all() -> Vec<ChecklistFile> {
    CHECKLISTS.par_iter().map(load).collect()
}

/// A user's checklist that replaces a built-in one of the same id with other text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Override {
    /// The checklist id.
    pub id: String,
    /// The user's file.
    pub file: PathBuf,
}

impl std::fmt::Display for Override {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::i18n::msg::overrides_builtin(
            self.file.display(),
            &self.id,
        ))
    }
}

/// The id a checklist file declares: its checklist's, or for an invalid file
/// the top-level `id:` if the YAML can be read at all.
pub fn declared_id(f: &ChecklistFile) -> Option<String> {
    if let Some(c) = &f.checklist {
        return Some(c.id.clone());
    }
    if load::check_nesting(&f.path, &f.text).is_some() {
        return None;
    }
    serde_norway::from_str::<serde_norway::Value>(&f.text)
        .ok()?
        .get("id")?
        .as_str()
        .map(str::to_string)
}

/// The override a user file makes, if it has a built-in's id and other text.
fn override_of(path: &Path, text: &str, id: Option<String>) -> Option<Override> {
    let e = get(id.as_deref()?)?;
    (e.text != text).then(|| Override {
        id: id.unwrap_or_default(),
        file: path.to_path_buf(),
    })
}

/// The user's checklists folder laid over the built-in catalogue.
#[derive(Debug)]
pub struct Catalogue {
    /// The user's files (in path order), then the built-ins whose id no user
    /// file declares (in id order).
    pub files: Vec<ChecklistFile>,
    /// User files that replace a built-in checklist with other text.
    pub overrides: Vec<Override>,
    /// How many of `files` are the user's (the rest are built-in).
    pub own: usize,
}

impl Catalogue {
    /// Loads `dir` (a folder or one file) over the built-ins; a `dir` that does
    /// not exist gives the built-ins alone. An unreadable folder is an error.
    pub fn load(dir: &Path) -> Result<Catalogue, Diagnostic> {
        Catalogue::load_only(dir, None)
    }

    /// [`Catalogue::load`], with only the built-ins of the ids in `only` (all
    /// of the folder's files are loaded): parsing a built-in checklist costs
    /// more than the rest of a one-letter run, so a command that knows what it
    /// needs parses only that.
    pub fn load_only(
        dir: &Path,
        only: Option<&std::collections::BTreeSet<String>>,
    ) -> Result<Catalogue, Diagnostic> {
        let mut files: Vec<ChecklistFile> = if std::fs::symlink_metadata(dir).is_ok() {
            find_yaml(dir)?
                .par_iter()
                .map(|p| super::load_checklist(p))
                .collect()
        } else {
            Vec::new()
        };
        let own = files.len();
        let ids: Vec<Option<String>> = files.iter().map(declared_id).collect();
        let overrides = files
            .iter()
            .zip(&ids)
            .filter_map(|(f, id)| override_of(&f.path, &f.text, id.clone()))
            .collect();
        let builtins: Vec<&Embedded> = CHECKLISTS
            .iter()
            .filter(|e| {
                let id = e.name.strip_suffix(".yaml");
                !ids.iter().any(|u| u.as_deref() == id)
                    && only.is_none_or(|o| id.is_some_and(|id| o.contains(id)))
            })
            .collect();
        files.extend(builtins.par_iter().map(|e| load(e)).collect::<Vec<_>>());
        Ok(Catalogue {
            files,
            overrides,
            own,
        })
    }

    /// The file declaring `id`: the user's if there is one, else the built-in.
    pub fn find(&self, id: &str) -> Option<&ChecklistFile> {
        self.files
            .iter()
            .find(|f| declared_id(f).as_deref() == Some(id))
    }

    /// Every id, sorted and without repeats.
    pub fn ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = self.files.iter().filter_map(declared_id).collect();
        ids.sort();
        ids.dedup();
        ids
    }

    /// True if the file is one of the built-ins.
    pub fn is_builtin(&self, f: &ChecklistFile) -> bool {
        is_builtin(&f.path)
    }
}

/// The overrides in a user's checklists folder, without validating it (for
/// commands whose library call loads the catalogue itself).
pub fn overrides(dir: &Path) -> Vec<Override> {
    let Ok(paths) = find_yaml(dir) else {
        return Vec::new();
    };
    paths
        .iter()
        .filter_map(|p| {
            let text = load::read_text(p).ok()?;
            if CHECKLISTS.iter().any(|e| e.text == text) {
                return None;
            }
            let f = ChecklistFile {
                path: p.clone(),
                text,
                checklist: None,
                diags: Vec::new(),
            };
            let id = declared_id(&f);
            override_of(p, &f.text, id)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listed(dir: &str, ext: &str) -> Vec<String> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("checklists");
        let mut names: Vec<String> = std::fs::read_dir(root.join(dir))
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| e.file_name().to_str().map(str::to_string))
            .filter(|n| n.ends_with(ext) && n != "README.md")
            .map(|n| {
                if dir.is_empty() {
                    n
                } else {
                    format!("{dir}/{n}")
                }
            })
            .collect();
        names.sort();
        names
    }

    #[test]
    fn every_shipped_file_is_compiled_in() {
        let names = |l: &[Embedded]| l.iter().map(|e| e.name.to_string()).collect::<Vec<_>>();
        assert_eq!(names(CHECKLISTS), listed("", ".yaml"));
        assert_eq!(names(SOURCES), listed("sources", ".md"));
    }

    #[test]
    fn builtins_are_valid_named_by_id_and_checked_word_for_word() {
        for f in load_all() {
            let errors: Vec<_> = f.diags.iter().filter(|d| d.is_error()).collect();
            assert!(errors.is_empty(), "{}: {errors:?}", f.path.display());
            // No "cannot read the source text" warning: the sources are compiled in.
            assert!(
                !f.diags.iter().any(|d| d.code == "source-text"),
                "{}: {:?}",
                f.path.display(),
                f.diags
            );
            let c = f.checklist.as_ref().map(|c| c.id.clone());
            let stem = f.path.file_stem().map(|s| s.to_string_lossy().into_owned());
            assert_eq!(c, stem);
        }
    }

    #[test]
    fn a_changed_word_fails_the_verbatim_check_of_a_builtin() {
        let Some(e) = get("gas-major-hazards") else {
            panic!("gas-major-hazards is built in")
        };
        let f = parse_checklist_with(
            &path(e.name),
            e.text
                .replacen("未建立安全风险分级管控制度", "未建立安全风险分级制度", 1),
            &read_source,
        );
        assert!(
            f.diags.iter().any(|d| d.code == "not-verbatim"),
            "{:?}",
            f.diags
        );
    }
}
