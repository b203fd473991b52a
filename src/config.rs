//! `qingdan.yaml`: project defaults, so a folder of checklists can be built with
//! a bare `qingdan build`. Every key is optional; command-line flags win.
//!
//! ```yaml
//! checklists: checklists        # default folders
//! templates: templates
//! out: out
//! # font_dirs: [fonts]          # extra fonts for PDF (仿宋_GB2312, 方正小标宋 …); must exist
//! industries:                   # roster industry → checklist id, for letters
//!   工贸: gongmao-major-hazards
//!   乡镇: ~
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::model::diag::Diagnostic;
use crate::model::load;

/// File name looked for in the working folder.
pub const FILE_NAME: &str = "qingdan.yaml";

/// The configuration file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Folder of checklists (default `checklists`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checklists: Option<PathBuf>,
    /// Folder of template overrides.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub templates: Option<PathBuf>,
    /// Output folder of `build` (default `out`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub out: Option<PathBuf>,
    /// Extra font folders for PDF output.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub font_dirs: Vec<PathBuf>,
    /// Roster industry → checklist id (`~`: no self-check sheet), used by
    /// `letters` for industries the event does not map itself.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub industries: BTreeMap<String, Option<String>>,
    /// Composed checklists `build` writes besides the whole ones
    /// (`gongmao-major-hazards:机械,粉尘爆炸`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub select: Vec<String>,
}

/// A configuration file that could not be used.
#[derive(Debug)]
pub struct Invalid {
    /// What is wrong and where, with the file's text.
    pub diags: Vec<(Diagnostic, String)>,
}

impl Config {
    /// Reads `path`, or `qingdan.yaml` in the working folder when `path` is
    /// `None` (a missing default file is an empty configuration). Paths in the
    /// file are relative to the file's folder.
    pub fn load(path: Option<&Path>) -> Result<Config, Invalid> {
        let (path, required) = match path {
            Some(p) => (p.to_path_buf(), true),
            None => (PathBuf::from(FILE_NAME), false),
        };
        if !required && !path.exists() {
            return Ok(Config::default());
        }
        let text = load::read_text(&path).map_err(|(d, t)| Invalid {
            diags: vec![(d, t)],
        })?;
        let loaded = load::parse_yaml::<Config>(&path, text);
        let Some(mut c) = loaded.value.filter(|_| loaded.diags.is_empty()) else {
            let t = loaded.text;
            return Err(Invalid {
                diags: loaded.diags.into_iter().map(|d| (d, t.clone())).collect(),
            });
        };
        let base = path.parent().unwrap_or(Path::new(""));
        let rebase = |p: &mut PathBuf| {
            if p.is_relative() && !base.as_os_str().is_empty() {
                *p = base.join(&*p);
            }
        };
        for p in [&mut c.checklists, &mut c.templates, &mut c.out]
            .into_iter()
            .flatten()
        {
            rebase(p);
        }
        c.font_dirs.iter_mut().for_each(rebase);
        Ok(c)
    }

    /// The checklists folder: the flag, else the file, else `checklists`.
    pub fn checklists(&self, flag: Option<PathBuf>) -> PathBuf {
        flag.or_else(|| self.checklists.clone())
            .unwrap_or_else(|| PathBuf::from("checklists"))
    }

    /// The output folder: the flag, else the file, else `out`.
    pub fn out(&self, flag: Option<PathBuf>) -> PathBuf {
        flag.or_else(|| self.out.clone())
            .unwrap_or_else(|| PathBuf::from("out"))
    }

    /// Template folders: the file's, then the flags' (later ones win).
    pub fn templates(&self, flags: Vec<PathBuf>) -> Vec<PathBuf> {
        self.templates.iter().cloned().chain(flags).collect()
    }
}
