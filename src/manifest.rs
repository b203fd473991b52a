//! `out/manifest.json`: what `build` wrote, from which inputs, with which hashes.
//!
//! The manifest makes builds incremental (an output whose inputs' hash and own
//! hash are unchanged is not even rendered), lets `build --check` say *why* an
//! output is stale, and tells `build` which files it may delete: only files the
//! manifest lists, never anything else in `out/`. Paths are relative to the
//! output folder with `/` separators and entries are sorted, so the file is the
//! same on every machine and diffs well in git.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// File name of the manifest inside the output folder.
pub const FILE_NAME: &str = "manifest.json";

/// One output file and what it was made from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// `md`, `html` or `pdf`.
    pub format: String,
    /// Template name (`index` for out/index.html).
    pub template: String,
    /// Checklist file, relative to the checklists folder (empty for the index).
    pub checklist: String,
    /// sha256 of the checklist file's bytes.
    pub checklist_sha256: String,
    /// sha256 of the template and every partial it may include.
    pub template_sha256: String,
    /// sha256 of everything else the output depends on (generator version,
    /// format, fonts for PDF).
    pub other_sha256: String,
    /// sha256 of the output file itself.
    pub sha256: String,
}

impl Entry {
    /// One hash over every input, for quick comparison.
    pub fn input_key(&self) -> (&str, &str, &str) {
        (
            &self.checklist_sha256,
            &self.template_sha256,
            &self.other_sha256,
        )
    }
}

/// The whole manifest.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// The qingdan version that wrote it.
    pub generator: String,
    /// Every output by path relative to the output folder.
    pub outputs: BTreeMap<String, Entry>,
}

impl Manifest {
    /// Reads `dir/manifest.json`; a missing file is an empty manifest, an
    /// unreadable one is an error the caller may downgrade to a warning.
    pub fn load(dir: &Path) -> Result<Manifest, String> {
        let path = dir.join(FILE_NAME);
        // A manifest is kilobytes; 64 MiB is far more than any real one.
        match crate::fsutil::read_capped(&path, 64 << 20) {
            Ok(bytes) => serde_json::from_slice(&bytes)
                .map_err(|e| crate::i18n::msg::not_a_manifest(path.display(), e)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Manifest::default()),
            Err(e) => Err(crate::i18n::msg::path_error(path.display(), e)),
        }
    }

    /// Pretty JSON with a trailing newline.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut v = serde_json::to_vec_pretty(self).unwrap_or_default();
        v.push(b'\n');
        v
    }
}

/// Hex sha256 of bytes.
pub fn sha256(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Hex sha256 over several labelled parts (each length-prefixed, so the parts
/// cannot run into each other).
pub fn sha256_parts<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update((p.len() as u64).to_le_bytes());
        h.update(p);
    }
    hex(&h.finalize())
}

/// Hex sha256 of a file, or `None` if it cannot be read or is not a regular
/// file (a folder, FIFO or device in the output folder is never read).
pub fn sha256_file(path: &Path) -> Option<String> {
    let (mut file, _) = crate::fsutil::open_regular(path).ok()?;
    let mut h = Sha256::new();
    std::io::copy(&mut file, &mut h).ok()?;
    Some(hex(&h.finalize()))
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_stable() {
        assert_eq!(
            sha256(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_ne!(
            sha256_parts([b"ab".as_slice(), b"c"]),
            sha256_parts([b"a".as_slice(), b"bc"])
        );
    }

    #[test]
    fn round_trips() {
        let mut m = Manifest {
            generator: "qingdan test".into(),
            ..Default::default()
        };
        m.outputs.insert(
            "a/b.md".into(),
            Entry {
                format: "md".into(),
                template: "b".into(),
                checklist: "a.yaml".into(),
                checklist_sha256: "1".into(),
                template_sha256: "2".into(),
                other_sha256: "3".into(),
                sha256: "4".into(),
            },
        );
        let back: Manifest = serde_json::from_slice(&m.to_bytes()).unwrap_or_default();
        assert_eq!(back, m);
    }

    fn entry(checklist: &str, template: &str, other: &str) -> Entry {
        Entry {
            format: "pdf".into(),
            template: "t".into(),
            checklist: "c.yaml".into(),
            checklist_sha256: checklist.into(),
            template_sha256: template.into(),
            other_sha256: other.into(),
            sha256: "out".into(),
        }
    }

    #[test]
    fn input_key_is_the_three_input_hashes_in_order() {
        let e = entry("1", "2", "3");
        assert_eq!(e.input_key(), ("1", "2", "3"));
        // Each input on its own changes the key; the output's own hash does not.
        assert_ne!(entry("x", "2", "3").input_key(), e.input_key());
        assert_ne!(entry("1", "x", "3").input_key(), e.input_key());
        assert_ne!(entry("1", "2", "x").input_key(), e.input_key());
        let mut other_output = e.clone();
        other_output.sha256 = "changed".into();
        assert_eq!(other_output.input_key(), e.input_key());
    }

    #[test]
    fn load_reads_back_what_was_written_and_only_a_missing_file_is_empty() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            Manifest::load(dir.path()),
            Ok(Manifest::default()),
            "no file"
        );

        let mut m = Manifest {
            generator: "qingdan 9".into(),
            ..Default::default()
        };
        m.outputs.insert("a.pdf".into(), entry("1", "2", "3"));
        std::fs::write(dir.path().join(FILE_NAME), m.to_bytes()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(Manifest::load(dir.path()), Ok(m));

        std::fs::write(dir.path().join(FILE_NAME), b"{not json").unwrap_or_else(|e| panic!("{e}"));
        let e = Manifest::load(dir.path()).err().unwrap_or_default();
        assert!(e.contains("not a qingdan manifest"), "{e}");

        // Unreadable (here a folder) is an error, not an empty manifest.
        let folder = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        std::fs::create_dir(folder.path().join(FILE_NAME)).unwrap_or_else(|e| panic!("{e}"));
        let e = Manifest::load(folder.path()).err().unwrap_or_default();
        assert!(e.contains("is a folder"), "{e}");
    }

    #[test]
    fn sha256_file_hashes_the_bytes_and_never_a_folder() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let p = dir.path().join("f");
        std::fs::write(&p, b"abc").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            sha256_file(&p).as_deref(),
            Some("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        );
        assert_eq!(sha256_file(dir.path()), None, "a folder");
        assert_eq!(sha256_file(&dir.path().join("none")), None, "missing");
    }
}
