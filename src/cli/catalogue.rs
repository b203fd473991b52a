//! Naming a checklist on the command line: a file (`checklists/x.yaml`, with
//! `:PARTS`) or an id (`gongmao-major-hazards:机械`) looked up in the
//! checklists folder and then the built-in catalogue; the notes a user's
//! override of a built-in checklist gets; the error for a missing folder.

use std::path::{Path, PathBuf};

use qingdan::i18n::msg;
use qingdan::model::builtin::{Catalogue, Override};
use qingdan::model::{
    self, load::suggest, validate::valid_id, Checklist, ChecklistFile, Diagnostic,
};

use super::output::{print_diags, print_error_line};

/// Prints a note for each user file that replaces a built-in checklist.
pub fn note_overrides(overrides: &[Override]) {
    for o in overrides {
        eprintln!("{}", msg::note_line(o));
    }
}

/// The error for a command that needs a checklists folder and finds none.
pub fn no_folder(dir: &Path) -> Diagnostic {
    Diagnostic::error("no-checklists", dir, msg::no_checklists_folder()).hint(
        msg::no_checklists_folder_hint(if dir == Path::new("checklists") {
            String::new()
        } else {
            msg::folder_named_by_flag()
        }),
    )
}

/// A checklist named on the command line, loaded.
pub struct Named {
    /// The file (a built-in's is `built-in:checklists/<id>.yaml`).
    pub file: ChecklistFile,
    /// Parts to compose, as written after the colon.
    pub parts: Vec<String>,
    /// Where `templates/` overrides are looked for beside (the file, or the folder
    /// the id was found in).
    pub base: PathBuf,
}

impl Named {
    /// The checklist, validated and composed of the parts named: its
    /// diagnostics (and `extra`'s, such as characters no font has) printed, and
    /// `None` after an error line when it cannot be used (nothing is written
    /// then). Also the file's path as shown in messages.
    pub fn checked(
        self,
        extra: impl FnOnce(&ChecklistFile) -> anyhow::Result<Vec<Diagnostic>>,
    ) -> anyhow::Result<Option<(Checklist, PathBuf)>> {
        let f = &self.file;
        let shown = f.path.clone();
        let mut diags: Vec<(Diagnostic, String)> = f
            .diags
            .iter()
            .map(|d| (d.clone(), f.text.clone()))
            .collect();
        if f.checklist.is_some() {
            for d in extra(f)? {
                diags.push((d, f.text.clone()));
            }
        }
        print_diags(&diags, None);
        let (Some(whole), false) = (&f.checklist, diags.iter().any(|(d, _)| d.is_error())) else {
            print_error_line(&msg::invalid_nothing_written(shown.display()));
            return Ok(None);
        };
        match whole.compose(&self.parts) {
            Ok(c) => Ok(Some((c, shown))),
            Err(e) => {
                print_error_line(&msg::compose_failed(shown.display(), &e, e.hint()));
                Ok(None)
            }
        }
    }
}

/// Splits `FILE:PARTS` (parts after the last colon) unless the whole value is
/// an existing file, so `C:\\x.yaml` and names with colons still work.
fn file_and_parts(value: &Path) -> Option<(PathBuf, Vec<String>)> {
    if value.exists() {
        return Some((value.to_path_buf(), Vec::new()));
    }
    let text = value.to_string_lossy();
    let at = text.rfind([':', '：'])?;
    let file = PathBuf::from(&text[..at]);
    if !file.is_file() {
        return None;
    }
    let colon = text[at..].chars().next().map_or(1, char::len_utf8);
    Some((file, model::compose::split_parts(&text[at + colon..])))
}

/// True if the value is written like a file rather than an id.
fn looks_like_file(text: &str) -> bool {
    let t = text.to_ascii_lowercase();
    text.contains(['/', '\\']) || t.ends_with(".yaml") || t.ends_with(".yml")
}

/// Resolves `FILE[:PARTS]` or `ID[:PARTS]`: an existing file first, then the
/// id in `dir` (the checklists folder), then among the built-ins. Prints a
/// note when the user's file overrides the built-in of that id.
pub fn resolve(value: &Path, dir: &Path) -> Result<Named, Diagnostic> {
    if let Some((file, parts)) = file_and_parts(value) {
        return Ok(Named {
            file: model::load_checklist(&file),
            parts,
            base: file,
        });
    }
    let text = value.to_string_lossy();
    let sel = model::Selection::parse(&text);
    if looks_like_file(&sel.checklist) || !valid_id(&sel.checklist) {
        // Loading it says what is wrong (no such file, a folder …).
        return Ok(Named {
            file: model::load_checklist(value),
            parts: Vec::new(),
            base: value.to_path_buf(),
        });
    }
    let cat = Catalogue::load(dir)?;
    let ids = cat.ids();
    note_overrides(
        &cat.overrides
            .iter()
            .filter(|o| o.id == sel.checklist)
            .cloned()
            .collect::<Vec<_>>(),
    );
    let found = cat
        .files
        .into_iter()
        .find(|f| model::builtin::declared_id(f).as_deref() == Some(sel.checklist.as_str()));
    match found {
        Some(file) => Ok(Named {
            file,
            parts: sel.parts,
            base: dir.to_path_buf(),
        }),
        None => Err(Diagnostic::error(
            "unknown-checklist",
            value,
            msg::no_checklist_file_or_id(&sel.checklist, dir.display()),
        )
        .hint(msg::list_shows_ids(suggest(
            &sel.checklist,
            &ids,
            "checklist id",
        )))),
    }
}
