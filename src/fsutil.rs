//! Writing files so that a crash or kill never leaves half a file behind.

use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` atomically: a temporary file in the same folder,
/// flushed to disk, then renamed over the target. Readers see the old file or
/// the new one, never a mix.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".qingdan-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    // Temporary files are created private (0600); an output is an ordinary
    // document: keep the permissions of the file it replaces, else 0644.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let perms = std::fs::metadata(path)
            .map(|m| m.permissions())
            .unwrap_or_else(|_| std::fs::Permissions::from_mode(0o644));
        tmp.as_file().set_permissions(perms)?;
    }
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
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
        Ok(m) if m.len() == bytes.len() as u64 => std::fs::read(path).is_ok_and(|b| b == bytes),
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
