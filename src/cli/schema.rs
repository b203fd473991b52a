//! `qingdan schema`: the JSON Schema of an input format, for editors.

use anyhow::Result;

use qingdan::config::Config;
use qingdan::i18n::msg;

use super::output::{usage, Outcome};

/// Runs `schema NAME`.
pub fn run(name: &str) -> Result<Outcome> {
    let schema = match name {
        "checklist" => schemars::schema_for!(qingdan::model::Checklist),
        "results" => schemars::schema_for!(qingdan::model::results::Results),
        "event" => schemars::schema_for!(qingdan::model::event::Event),
        "config" => schemars::schema_for!(Config),
        other => return Err(usage(msg::no_schema(other))),
    };
    println!("{}", serde_json::to_string_pretty(&schema)?);
    Ok(Outcome::Ok)
}
