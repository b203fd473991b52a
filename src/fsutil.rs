//! Writing files so that a crash or kill never leaves half a file behind.

use crate::i18n::msg;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// Opens `path` for reading if it is a regular file (a symlink to one is
/// fine): a folder, device (`/dev/zero`), FIFO or socket is refused before it
/// is opened, since reading one may never end (and opening a FIFO blocks).
/// Returns the file and its length.
pub fn open_regular(path: &Path) -> std::io::Result<(std::fs::File, u64)> {
    let not_regular = |what: String| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            msg::not_regular(path.display(), what),
        )
    };
    let meta = std::fs::metadata(path)?;
    if meta.is_dir() {
        return Err(not_regular(msg::path_is_folder()));
    }
    if !meta.is_file() {
        return Err(not_regular(msg::is_a_device()));
    }
    let file = std::fs::File::open(path)?;
    // It may have been swapped between the check and the open.
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(not_regular(msg::is_a_device()));
    }
    Ok((file, meta.len()))
}

/// Reads a regular file (see [`open_regular`]) of at most `max` bytes; a larger
/// one is refused before reading, and one that grows while read stops at `max`.
pub fn read_capped(path: &Path, max: u64) -> std::io::Result<Vec<u8>> {
    let (file, len) = open_regular(path)?;
    let too_large = |len: u64| {
        std::io::Error::new(
            std::io::ErrorKind::FileTooLarge,
            msg::read_too_large(path.display(), len >> 20, max >> 20),
        )
    };
    // (Mutation testing: `len > max` → `len == max` survives, as the check
    // after the read refuses the file too, only later; and `take(max + 1)` →
    // `take(max * 1)` only differs for a file that grows while it is read.)
    if len > max {
        return Err(too_large(len));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.take(max + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Writes `bytes` to `path` atomically: a temporary file in the same folder,
/// flushed to disk, then renamed over the target. Readers see the old file or
/// the new one, never a mix.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut f = AtomicFile::create(path)?;
    f.write_all(bytes)?;
    f.commit()
}

/// A file written in the place of `path` the way [`write_atomic`] writes one,
/// for output too large to hold in memory first: written piece by piece to a
/// temporary file in the same folder, which [`commit`](AtomicFile::commit)
/// renames over the target. Dropped without a commit, it removes itself and the
/// target is untouched.
pub struct AtomicFile {
    tmp: tempfile::NamedTempFile,
    path: PathBuf,
}

impl AtomicFile {
    /// Starts the file that will replace `path` (its folder is made if needed).
    pub fn create(path: &Path) -> std::io::Result<AtomicFile> {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        std::fs::create_dir_all(dir)?;
        let tmp = tempfile::Builder::new()
            .prefix(".qingdan-")
            .suffix(".tmp")
            .tempfile_in(dir)?;
        Ok(AtomicFile {
            tmp,
            path: path.to_path_buf(),
        })
    }

    /// Flushes the file to disk and renames it over the target.
    pub fn commit(self) -> std::io::Result<()> {
        // Temporary files are created private (0600); an output is an ordinary
        // document: keep the permissions of the file it replaces, else 0644.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let perms = std::fs::metadata(&self.path)
                .map(|m| m.permissions())
                .unwrap_or_else(|_| std::fs::Permissions::from_mode(0o644));
            self.tmp.as_file().set_permissions(perms)?;
        }
        self.tmp.as_file().sync_all()?;
        self.tmp.persist(&self.path).map_err(|e| e.error)?;
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.tmp.write(buf)
    }
    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.tmp.write_all(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.tmp.flush()
    }
}

/// Where `path` would be written, as an absolute path with symlinks resolved:
/// the file itself if it exists, else its (resolved) folder joined with its
/// name. Two paths with the same canonical target name the same file.
pub fn canonical_target(path: &Path) -> PathBuf {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    // The longest existing prefix is resolved; the rest is added by name,
    // with `..` taking off the last part.
    let parts: Vec<std::path::Component<'_>> = abs.components().collect();
    for keep in (1..=parts.len()).rev() {
        let head: PathBuf = parts[..keep].iter().collect();
        if let Ok(mut p) = std::fs::canonicalize(&head) {
            for c in &parts[keep..] {
                match c {
                    std::path::Component::ParentDir => {
                        p.pop();
                    }
                    std::path::Component::Normal(n) => p.push(n),
                    _ => {}
                }
            }
            return p;
        }
    }
    abs
}

/// Checks that writing `base/rel` follows no symlink below `base`: each folder
/// of `rel` must be a real folder (or not exist yet). A link in the output
/// folder could otherwise send writes, and deletions, anywhere.
pub fn check_no_links(base: &Path, rel: &Path) -> std::io::Result<()> {
    let mut cur = base.to_path_buf();
    let parts: Vec<_> = rel.components().collect();
    for (i, c) in parts.iter().enumerate() {
        cur.push(c);
        let Ok(m) = std::fs::symlink_metadata(&cur) else {
            return Ok(());
        };
        let last = i + 1 == parts.len();
        if m.file_type().is_symlink() && !last {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                msg::symlink_in_output(cur.display()),
            ));
        }
    }
    Ok(())
}

/// Removes from `dir` the files named in `earlier` (plain names of files an
/// earlier run wrote there) that are not in `written`: only regular files,
/// never a link or folder, never outside `dir`. Returns the files removed.
pub fn remove_earlier(
    dir: &Path,
    earlier: &[String],
    written: &[PathBuf],
) -> std::io::Result<Vec<PathBuf>> {
    let names: Vec<String> = written
        .iter()
        .filter_map(|p| p.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .collect();
    let mut removed = Vec::new();
    for old in earlier {
        let name = Path::new(old);
        let plain = name.components().count() == 1
            && matches!(
                name.components().next(),
                Some(std::path::Component::Normal(_))
            );
        if !plain || old.starts_with('.') || names.iter().any(|n| n == old) {
            continue;
        }
        let path = dir.join(name);
        if std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_file()) {
            std::fs::remove_file(&path)?;
            removed.push(path);
        }
    }
    Ok(removed)
}

/// Removes temporary files that an interrupted run of qingdan left behind
/// (`.qingdan-*.tmp`, only ours) in `dir` and `depth` levels below it.
pub fn remove_stale_temps(dir: &Path, depth: usize) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        let Ok(kind) = e.file_type() else { continue };
        if kind.is_file() && name.starts_with(".qingdan-") && name.ends_with(".tmp") {
            let _ = std::fs::remove_file(e.path());
        } else if kind.is_dir() && depth > 0 {
            remove_stale_temps(&e.path(), depth - 1);
        }
    }
}

/// True if `path` exists and holds exactly `bytes` (so it need not be rewritten).
pub fn same_content(path: &Path, bytes: &[u8]) -> bool {
    match std::fs::metadata(path) {
        // (The length check only saves a read: `&&` → `||`, or the guard
        // → `true`, are equivalent mutants: the bytes are compared anyway.)
        Ok(m) if m.is_file() && m.len() == bytes.len() as u64 => {
            read_capped(path, m.len()).is_ok_and(|b| b == bytes)
        }
        _ => false,
    }
}

/// Longest file stem made from data, in characters.
pub const MAX_STEM_CHARS: usize = 60;

/// Turns any text (a recipient's name, an owner) into a safe file stem: no
/// path separators, no `..`, no control or reserved characters, not a Windows
/// device name, at most [`MAX_STEM_CHARS`] characters, never empty. The result
/// can only name a file inside the folder it is joined to.
pub fn safe_stem(name: &str) -> String {
    let mut s: String = name
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            // Bidirectional overrides and zero-width characters can disguise a name.
            '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}'
            | '\u{feff}' => '_',
            c if c.is_whitespace() => ' ',
            c => c,
        })
        .collect();
    while s.contains("..") {
        s = s.replace("..", "_");
    }
    let trimmed = s.trim_matches(|c: char| c == ' ' || c == '.' || c == '_');
    let mut s: String = trimmed.chars().take(MAX_STEM_CHARS).collect();
    s = s.trim_end_matches([' ', '.']).to_string();
    if s.is_empty() {
        s = "unnamed".into();
    }
    let upper = s.to_ascii_uppercase();
    let base = upper.split('.').next().unwrap_or("");
    let reserved = matches!(base, "CON" | "PRN" | "AUX" | "NUL")
        || ((base.starts_with("COM") || base.starts_with("LPT"))
            && base.len() == 4
            && base.as_bytes()[3].is_ascii_digit());
    if reserved {
        s.insert(0, '_');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file written piece by piece replaces its target only when committed;
    /// dropped half-written, it leaves the old file and no temporary behind.
    #[test]
    fn atomic_file_replaces_the_target_only_on_commit() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("all.pdf");
        std::fs::write(&target, b"old").unwrap();
        let mut f = AtomicFile::create(&target).unwrap();
        f.write_all(b"half").unwrap();
        drop(f);
        assert_eq!(std::fs::read(&target).unwrap(), b"old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        let mut f = AtomicFile::create(&target).unwrap();
        f.write_all(b"new ").unwrap();
        f.write_all(b"file").unwrap();
        f.commit().unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"new file");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    /// Every character the README names is replaced, and only those: the
    /// reserved ASCII set, zero-width and bidi marks (isolates included), FEFF.
    #[test]
    fn reserved_and_invisible_characters_become_underscores() {
        for c in ['/', '\\', ':', '*', '?', '"', '<', '>', '|'] {
            assert_eq!(safe_stem(&format!("甲{c}乙")), "甲_乙", "{c:?}");
        }
        for c in [
            '\u{200b}', '\u{200c}', '\u{200d}', '\u{200e}', '\u{200f}', '\u{202a}', '\u{202b}',
            '\u{202c}', '\u{202d}', '\u{202e}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}',
            '\u{feff}', '\u{7}', '\u{1b}', '\u{7f}', '\u{85}',
        ] {
            assert_eq!(
                safe_stem(&format!("甲{c}乙")),
                "甲_乙",
                "U+{:04X}",
                c as u32
            );
        }
        // Neighbours of those ranges are ordinary characters.
        for c in [
            '\u{200a}', '\u{2010}', '\u{2029}', '\u{202f}', '\u{2065}', '\u{206a}', '（', '·', '-',
        ] {
            let s = safe_stem(&format!("甲{c}乙"));
            assert!(!s.contains('_'), "U+{:04X} kept: {s}", c as u32);
        }
        // Other blanks become a plain space; blanks, dots and underscores at
        // the ends go.
        assert_eq!(safe_stem("甲\u{3000}乙\t丙"), "甲 乙_丙");
        assert_eq!(safe_stem(" _.甲乙._ "), "甲乙");
        assert_eq!(safe_stem("甲..乙"), "甲_乙");
        assert_eq!(safe_stem("甲...乙"), "甲_.乙");
        assert_eq!(safe_stem("甲....乙"), "甲__乙");
    }

    /// Windows device names, with or without an extension, in any case; names
    /// that only start like one are left alone.
    #[test]
    fn windows_device_names_are_prefixed() {
        for name in [
            "CON",
            "PRN",
            "AUX",
            "NUL",
            "prn",
            "Aux.txt",
            "nul.tar.gz",
            "COM1",
            "com9",
            "LPT1",
            "lpt9.pdf",
            "LPT0",
        ] {
            assert_eq!(safe_stem(name), format!("_{name}"), "{name}");
        }
        for name in [
            "CONX", "PRNT", "AUXI", "NULL", "COM", "LPT", "LPT10", "COMA", "LPTX", "COM1X", "XCON",
        ] {
            assert_eq!(safe_stem(name), name, "{name}");
        }
    }

    #[test]
    fn stems_are_cut_at_60_characters_and_never_end_in_a_dot_or_blank() {
        let s = safe_stem(&format!("{}.x", "甲".repeat(59)));
        assert_eq!(s, "甲".repeat(59), "the cut leaves a trailing dot");
        let s = safe_stem(&format!("{} x", "甲".repeat(59)));
        assert_eq!(s, "甲".repeat(59));
        assert_eq!(safe_stem(&"甲".repeat(60)), "甲".repeat(60));
        assert_eq!(safe_stem(&"甲".repeat(61)), "甲".repeat(60));
    }

    /// The cap of a bounded read, both sides: exactly `max` bytes are read,
    /// one more is refused before reading.
    #[test]
    fn read_capped_takes_exactly_max_bytes() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let p = dir.path().join("f");
        std::fs::write(&p, b"0123456789").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(read_capped(&p, 10).ok(), Some(b"0123456789".to_vec()));
        assert_eq!(read_capped(&p, 11).ok(), Some(b"0123456789".to_vec()));
        let e = read_capped(&p, 9).err().map(|e| (e.kind(), e.to_string()));
        assert_eq!(
            e.map(|e| e.0),
            Some(std::io::ErrorKind::FileTooLarge),
            "10 bytes over a cap of 9"
        );
        assert!(read_capped(dir.path(), 100).is_err(), "a folder");
        assert!(same_content(&p, b"0123456789"));
        assert!(!same_content(&p, b"0123456788"));
        assert!(!same_content(&p, b"012345678"));
        assert!(!same_content(&dir.path().join("none"), b""));
    }

    #[test]
    fn stems_cannot_escape_or_disguise() {
        assert_eq!(safe_stem("../../etc/passwd"), "etc_passwd");
        assert_eq!(safe_stem("/abs/path"), "abs_path");
        assert_eq!(safe_stem("a\\0b\u{0}c"), "a_0b_c");
        assert_eq!(safe_stem("CON"), "_CON");
        assert_eq!(safe_stem("com1.txt"), "_com1.txt");
        assert_eq!(safe_stem("   "), "unnamed");
        assert_eq!(safe_stem("..."), "unnamed");
        assert_eq!(safe_stem("某某\u{202e}gpj.exe"), "某某_gpj.exe");
        assert_eq!(safe_stem(&"堃".repeat(100)).chars().count(), MAX_STEM_CHARS);
        assert_eq!(
            safe_stem("襄汾县某某机械有限公司"),
            "襄汾县某某机械有限公司"
        );
    }
}
