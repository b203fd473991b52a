//! What every mail merge shares (`letters` and `merge`): one file stem per
//! roster row, sanitised and unique; the documents rendered in parallel and
//! written by a few writer threads through a bounded channel; the print file
//! that joins them; `index.csv`; and the files an earlier run left.
//!
//! The commands decide what a document is and what the index says; this module
//! only moves bytes, in roster order, so the output depends only on the inputs.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use rayon::prelude::*;

use crate::fsutil;
use crate::i18n::msg;
use crate::output::Format;
use crate::pdf;

/// Threads writing documents to disk (each mostly waits on an fsync).
const WRITERS: usize = 4;

/// Files of one document: each path and its bytes.
pub type Files = Vec<(PathBuf, Vec<u8>)>;

/// File stems `NNN-<name>`, sanitised and unique (case-insensitively): a name
/// from a roster never leaves the output folder (`../x`, `/etc/x`, `a/b`) nor
/// names a device (`CON`).
pub fn file_stems(names: &[&str]) -> Vec<String> {
    let width = names.len().to_string().len().max(3);
    let mut used = std::collections::HashSet::new();
    names
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let base = format!("{:0width$}-{}", i + 1, fsutil::safe_stem(n));
            let mut stem = base.clone();
            let mut k = 2;
            // (Mutation testing: the numbers make every `base` unique, so this
            // loop is a guard that never runs: `k += 1` → `-=` or `*=` are
            // equivalent mutants. Dropping the `!` loops for ever.)
            while !used.insert(stem.to_lowercase()) {
                stem = format!("{base}-{k}");
                k += 1;
            }
            stem
        })
        .collect()
}

/// A progress bar of `len` documents drawn with `template` (indicatif's).
pub fn progress_bar(len: usize, template: &str) -> indicatif::ProgressBar {
    let b = indicatif::ProgressBar::new(len as u64);
    b.set_style(
        indicatif::ProgressStyle::with_template(template)
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    b
}

/// Renders documents `0..count` in parallel with `render`, which returns each
/// one's files and what the caller keeps of it, and writes the files
/// atomically. Returns what `render` kept, in order, or the first error.
///
/// Rendering keeps every core busy; a few writer threads do the file system
/// work (create, write, fsync, rename), which mostly waits on the disk: with
/// one, a letter's fsync (about a millisecond) capped the run below 1,000
/// letters a second; several let the file system commit their fsyncs
/// together. The channel is bounded so memory holds only the documents in
/// flight.
pub fn write_all<M, F>(
    count: usize,
    bar: Option<&indicatif::ProgressBar>,
    render: F,
) -> Result<Vec<M>>
where
    M: Send,
    F: Fn(usize) -> Result<(Files, M)> + Sync,
{
    let (tx, rx) = std::sync::mpsc::sync_channel::<Files>(16);
    let rx = std::sync::Mutex::new(rx);
    // After an error no writer writes again; they take what is still sent and
    // drop it, so the rendering threads never wait on a full channel.
    let failed = std::sync::atomic::AtomicBool::new(false);
    let (docs, written) = std::thread::scope(|scope| {
        let write = || -> Result<()> {
            let mut result = Ok(());
            loop {
                // The lock is held only to take the next document.
                let next = rx
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .recv();
                let Ok(files) = next else {
                    return result;
                };
                if failed.load(std::sync::atomic::Ordering::Relaxed) {
                    continue;
                }
                for (path, bytes) in files {
                    if let Err(e) = fsutil::write_atomic(&path, &bytes)
                        .with_context(|| msg::writing(path.display()))
                    {
                        failed.store(true, std::sync::atomic::Ordering::Relaxed);
                        result = Err(e);
                        break;
                    }
                }
                if let Some(b) = bar {
                    b.inc(1);
                }
            }
        };
        let writers: Vec<_> = (0..WRITERS).map(|_| scope.spawn(write)).collect();
        let docs: Vec<Result<M>> = (0..count)
            .into_par_iter()
            .map_with(tx, |tx, i| {
                let (files, kept) = render(i)?;
                // A send fails only when the writer has stopped on an error,
                // which is reported instead of this.
                tx.send(files)
                    .map_err(|_| anyhow::anyhow!(msg::writer_stopped()))?;
                Ok(kept)
            })
            .collect();
        // The first writer's error, if any (every writer has stopped by now:
        // the senders are gone).
        let mut written = Ok(());
        for w in writers {
            let r = w
                .join()
                .unwrap_or_else(|_| Err(anyhow::anyhow!(msg::writer_panicked())));
            if written.is_ok() {
                written = r;
            }
        }
        (docs, written)
    });
    written?;
    docs.into_iter().collect()
}

/// Refuses a `--combined` file that is a folder, one of `inputs` (a path and
/// what it is, for the message) or one of `outputs` (canonical, as [`outputs`]
/// makes them), comparing canonical paths, before anything is written.
pub fn check_combined(
    combined: &Path,
    inputs: &[(PathBuf, String)],
    outputs: &[PathBuf],
) -> Result<()> {
    let target = fsutil::canonical_target(combined);
    if target.is_dir() {
        anyhow::bail!(msg::combined_is_folder(combined.display()));
    }
    for (p, what) in inputs {
        if fsutil::canonical_target(p) == target {
            anyhow::bail!(msg::combined_is_input(combined.display(), what));
        }
    }
    if outputs.contains(&target) {
        anyhow::bail!(msg::combined_is_output(combined.display()));
    }
    Ok(())
}

/// The files a run writes in `out` for `stems`: one per format, and
/// `index.csv` (canonical, for [`check_combined`]).
pub fn outputs(out: &Path, stems: &[String], formats: &[Format]) -> Vec<PathBuf> {
    let out = fsutil::canonical_target(out);
    let mut outputs = vec![out.join("index.csv")];
    for stem in stems {
        for f in formats {
            outputs.push(out.join(format!("{stem}.{}", f.ext())));
        }
    }
    outputs
}

/// Joins the PDFs written (read back in roster order, so the print file never
/// needs every document's layout in memory at once), each starting on an odd
/// page, into `path`; returns its page count. The print file is written as it
/// is made, into a temporary file beside `path` that replaces it only when
/// whole: memory holds one document at a time.
pub fn combine<'a>(
    pdfs: impl IntoIterator<Item = &'a PathBuf>,
    path: &Path,
    info: &pdf::Info,
) -> Result<usize> {
    let file = fsutil::AtomicFile::create(path).with_context(|| msg::writing(path.display()))?;
    let mut combined = pdf::Combined::new(std::io::BufWriter::with_capacity(1 << 16, file))?;
    for file in pdfs {
        // A document just written: never more than a few MiB, but read bounded.
        let bytes =
            fsutil::read_capped(file, 1 << 30).with_context(|| msg::reading(file.display()))?;
        combined
            .append(&bytes)
            .with_context(|| msg::adding_to(file.display(), path.display()))?;
    }
    let pages = combined.pages();
    let out = combined
        .finish(info)
        .with_context(|| msg::writing(path.display()))?;
    out.into_inner()
        .map_err(|e| e.into_error())
        .and_then(fsutil::AtomicFile::commit)
        .with_context(|| msg::writing(path.display()))?;
    Ok(pages)
}

/// The first file of each document that is a PDF.
pub fn first_pdf(files: &[PathBuf]) -> Option<&PathBuf> {
    files
        .iter()
        .find(|f| Format::from_path(f) == Some(Format::Pdf))
}

/// The files an earlier run wrote in `out`, by its `index.csv`: the file in
/// column `column` (0-based) names a document, whose file in every format and
/// with each of `suffixes` after its stem are listed.
pub fn earlier_files(out: &Path, column: usize, suffixes: &[&str]) -> Vec<String> {
    let Ok(bytes) = fsutil::read_capped(&out.join("index.csv"), 64 << 20) else {
        return Vec::new();
    };
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes);
    let mut rdr = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
    let mut names = Vec::new();
    for rec in rdr.records().flatten() {
        let Some(file) = rec.get(column).map(Path::new) else {
            continue;
        };
        if let Some(stem) = file.file_stem().and_then(|s| s.to_str()) {
            for f in Format::ALL {
                names.push(format!("{stem}.{}", f.ext()));
            }
            for s in suffixes {
                names.push(format!("{stem}{s}"));
            }
        }
    }
    names
}

/// `index.csv` in `out` (UTF-8 with BOM, for Excel/WPS): `header`, then one
/// record per document, every cell one that never runs as a formula.
pub fn write_index(
    out: &Path,
    header: &[&str],
    records: impl IntoIterator<Item = Vec<String>>,
) -> Result<()> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header)?;
    for rec in records {
        w.write_record(rec.iter().map(|c| crate::cells::csv_cell(c).into_owned()))?;
    }
    let mut bytes = b"\xef\xbb\xbf".to_vec();
    bytes.extend(
        w.into_inner()
            .map_err(|e| anyhow::anyhow!(msg::writing_index(e)))?,
    );
    let path = out.join("index.csv");
    fsutil::write_atomic(&path, &bytes).with_context(|| msg::writing(path.display()))
}

/// A file's name, or "" (for the index).
pub fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_are_numbered_unique_and_stay_in_the_folder() {
        let s = file_stems(&["甲/乙", "甲_乙", "../x", "CON"]);
        assert_eq!(s, ["001-甲_乙", "002-甲_乙", "003-x", "004-_CON"]);
        let s = file_stems(&["A", "a"]);
        assert_eq!(s, ["001-A", "002-a"]);
        for stem in file_stems(&["/etc/x", "a/b", "..", "C:\\x", "NUL.txt"]) {
            assert!(
                !stem.contains(['/', '\\', ':']) && !stem.starts_with('.'),
                "{stem}"
            );
        }
    }
}
