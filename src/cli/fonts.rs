//! `qingdan fonts`: the font families, or which characters of files no font has.

use std::path::PathBuf;

use anyhow::Result;

use qingdan::i18n::{self, msg};

use super::output::{print_diags, print_error_line, print_table, Outcome};

/// Runs `fonts`.
pub fn run(files: &[PathBuf], family: &str) -> Result<Outcome> {
    fonts(files, family)
}

fn fonts(files: &[PathBuf], family: &str) -> Result<Outcome> {
    let set = qingdan::output::fonts()?;
    if files.is_empty() {
        let mut table = vec![[
            i18n::pick("FAMILY", "字体族"),
            i18n::pick("ALSO", "别名"),
            i18n::pick("FACES", "字形"),
            i18n::pick("GLYPHS", "字数"),
            i18n::pick("SOURCE", "来源"),
        ]
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
        println!("{}", msg::all_chars_in_fonts(msg::files(files.len())));
        Ok(Outcome::Ok)
    } else {
        print_error_line(&if diags.len() == 1 {
            msg::chars_not_printable(diags.len())
        } else {
            msg::chars_not_printable_many(diags.len())
        });
        Ok(Outcome::Failed)
    }
}
