//! The message catalogue: every text qingdan prints for a person, in English
//! and Chinese side by side. One file per part of the program; all of them are
//! re-exported here, so a call reads `msg::not_a_date(value)`.
//!
//! Writing an entry: say what is wrong and what to do, in each language as a
//! native writer would (not word for word). Keep `file:line:col`, field names,
//! values and code in backticks as they are; Chinese text uses full-width
//! punctuation (，：；（）) except inside backticks.

mod commands;
mod common;
mod inputs;
mod ledger;
mod model;
mod templates;

pub use commands::*;
pub use common::*;
pub use inputs::*;
pub use ledger::*;
pub use model::*;
pub use templates::*;

#[cfg(test)]
mod tests {
    /// Every part of the catalogue.
    fn all() -> Vec<(&'static str, &'static str, &'static str)> {
        [
            super::common::ALL,
            super::model::ALL,
            super::inputs::ALL,
            super::commands::ALL,
            super::templates::ALL,
            super::ledger::ALL,
        ]
        .concat()
    }

    fn has_cjk(s: &str) -> bool {
        s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }

    /// The two languages have the same keys by construction (one entry holds
    /// both texts) and the same arguments (`format!` refuses an entry whose
    /// text leaves one out). What is left to check: every Chinese text is
    /// Chinese, no text is empty, and no name is used twice.
    #[test]
    fn every_entry_has_both_languages() {
        let all = all();
        let mut names: Vec<&str> = all.iter().map(|e| e.0).collect();
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(before, names.len(), "a message name is used twice");
        for (name, en, zh) in &all {
            assert!(!en.trim().is_empty(), "{name}: empty English");
            assert!(has_cjk(zh), "{name}: the Chinese text has no Chinese: {zh}");
            assert_ne!(en, zh, "{name}: not translated");
            // Chinese prose takes full-width punctuation; a half-width comma or
            // colon is allowed only inside backticks (code, field names).
            let outside: String = zh.split('`').step_by(2).collect();
            for bad in [", ", ": ", "; "] {
                assert!(
                    !outside.contains(bad) || outside.contains("://"),
                    "{name}: half-width `{bad}` in Chinese text: {zh}"
                );
            }
        }
    }
}
