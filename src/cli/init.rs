//! `qingdan init [DIR]`: a working folder to start from.

use std::path::Path;

use anyhow::Result;

use qingdan::scaffold::{self, Refused};

use super::output::Outcome;

/// Runs `init`.
pub fn run(dir: &Path) -> Result<Outcome> {
    let written = match scaffold::init(dir) {
        Ok(w) => w,
        Err(e) => {
            if let Some(r) = e.downcast_ref::<Refused>() {
                eprintln!("error: {r}");
                eprintln!(
                    "  = hint: `qingdan init` only makes new files: name a new folder (`qingdan init demo`), or move {} away",
                    if r.existing.len() == 1 { "it" } else { "them" }
                );
                return Ok(Outcome::Failed);
            }
            return Err(e);
        }
    };
    for p in &written {
        println!("wrote {}", p.display());
    }
    let cd = if dir == Path::new(".") {
        String::new()
    } else {
        format!("  cd {}\n", dir.display())
    };
    println!(
        "\n{} files written. Next:\n{cd}  qingdan build                  # the example checklists' forms → out/\n  \
         qingdan letters --event letters/event.yaml --roster letters/roster.csv --out out/letters\n  \
         qingdan report --results results/gongmao-2025.yaml --as-of 2025-04-30 -o out/自查报告.pdf",
        written.len()
    );
    Ok(Outcome::Ok)
}
