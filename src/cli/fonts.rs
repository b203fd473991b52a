//! `qingdan fonts`: the font families, or which characters of files no font has.

use std::path::PathBuf;

use anyhow::Result;

use super::output::{print_diags, print_table, Outcome};

/// Runs `fonts`.
pub fn run(files: &[PathBuf], family: &str) -> Result<Outcome> {
    fonts(files, family)
}

fn fonts(files: &[PathBuf], family: &str) -> Result<Outcome> {
    let set = qingdan::output::fonts()?;
    if files.is_empty() {
        let mut table = vec![["FAMILY", "ALSO", "FACES", "GLYPHS", "SOURCE"]
            .map(String::from)
            .to_vec()];
        for f in set.families() {
            table.push(vec![
                f.name,
                f.aliases.join(", "),
                f.faces.join(", "),
                f.glyphs.to_string(),
                f.source,
            ]);
        }
        print_table(&table);
        return Ok(Outcome::Ok);
    }
    let mut diags = Vec::new();
    for f in files {
        // Read once, bounded, regular files only; coverage reports a bad file.
        let text = qingdan::model::load::read_text(f).unwrap_or_default();
        for d in qingdan::output::coverage(f, family)? {
            diags.push((d, text.clone()));
        }
    }
    print_diags(&diags, None);
    if diags.is_empty() {
        println!(
            "every character of {} file{} is in the fonts",
            files.len(),
            if files.len() == 1 { "" } else { "s" }
        );
        Ok(Outcome::Ok)
    } else {
        eprintln!(
            "error: {} character{} cannot be printed",
            diags.len(),
            if diags.len() == 1 { "" } else { "s" }
        );
        Ok(Outcome::Failed)
    }
}
