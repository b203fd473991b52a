//! qingdan (清单): YAML work-safety checklists → printable forms, reports and letters.
//!
//! The pipeline runs in stages, each module importing only from earlier ones:
//! [`model`] (inputs, validation, diagnostics) → [`render`] (Tera templates that
//! emit Markdown) → [`doc`] (Markdown → page setup and blocks) → [`html`] and
//! `pdf` (outputs). [`build`] owns the order of steps for a whole folder.

#![forbid(unsafe_code)]

pub mod build;
pub mod cells;
pub mod chart;
pub mod columns;
pub mod config;
pub mod diff;
pub mod doc;
pub mod docx;
pub mod fsutil;
pub mod guard;
pub mod html;
pub mod i18n;
pub mod ledger;
pub mod letters;
pub mod mailmerge;
pub mod manifest;
pub mod merge;
pub mod model;
pub mod nesting;
pub mod output;
pub mod page;
pub mod pdf;
pub mod render;
pub mod report;
pub mod scaffold;
