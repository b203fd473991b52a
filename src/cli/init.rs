//! `qingdan init [DIR]`: a working folder to start from.

use std::path::Path;

use anyhow::Result;

use qingdan::scaffold::{self, Refused};

use super::output::{print_error_line, Outcome};
use qingdan::i18n::msg;

/// Runs `init`.
pub fn run(dir: &Path) -> Result<Outcome> {
    let written = match scaffold::init(dir) {
        Ok(w) => w,
        Err(e) => {
            if let Some(r) = e.downcast_ref::<Refused>() {
                print_error_line(&r.to_string());
                eprintln!(
                    "{}",
                    if r.existing.len() == 1 {
                        msg::init_refused_hint()
                    } else {
                        msg::init_refused_hint_many()
                    }
                );
                return Ok(Outcome::Failed);
            }
            return Err(e);
        }
    };
    for p in &written {
        println!("{}", msg::wrote(p.display()));
    }
    let cd = if dir == Path::new(".") {
        String::new()
    } else {
        format!("  cd {}\n", dir.display())
    };
    println!("{}", msg::init_next(written.len(), cd));
    Ok(Outcome::Ok)
}
