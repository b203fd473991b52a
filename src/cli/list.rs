//! `qingdan list`: the checklists, their parts and the templates, as tables or JSON.

use std::path::{Path, PathBuf};

use anyhow::Result;

use qingdan::build;
use qingdan::config::Config;
use qingdan::i18n::{self, msg};
use qingdan::model::builtin::Catalogue;
use qingdan::render::{Templates, BUILTIN};

use super::args::ListArgs;
use super::catalogue::note_overrides;
use super::output::{print_table, Outcome};

/// Runs `list`.
pub fn run(a: ListArgs, cfg: &Config) -> Result<Outcome> {
    list(
        &cfg.checklists(a.checklists),
        &cfg.templates(a.templates),
        a.json,
    )
}

fn list(checklists: &Path, templates: &[PathBuf], json: bool) -> Result<Outcome> {
    // The folder's checklists (if there is one) over the built-in catalogue.
    let cat = Catalogue::load(checklists).map_err(|d| build::Invalid {
        diags: vec![(d, String::new())],
    })?;
    note_overrides(&cat.overrides);
    let t = Templates::load(&build::template_dirs(checklists, templates))?;
    let mut rows = Vec::new();
    let mut failed = false;
    for f in &cat.files {
        match &f.checklist {
            Some(c) => {
                let ctx = qingdan::render::checklist_context(c, "");
                let sub_items = c.walk().iter().filter(|(d, _)| *d > 0).count();
                let sections: Vec<_> = c
                    .sections
                    .iter()
                    .map(|s| {
                        serde_json::json!({
                            "id": s.id, "title": s.title,
                            "part": s.part.map_or("common", |p| match p {
                                qingdan::model::PartKind::Industry => "industry",
                                qingdan::model::PartKind::Special => "special",
                            }),
                            "aliases": s.aliases, "items": s.items.len(),
                        })
                    })
                    .collect();
                rows.push(serde_json::json!({
                    "id": c.id, "kind": c.kind.as_str(), "industry": c.industry,
                    "status": if ctx.draft { "draft" } else { "active" },
                    "items": c.sections.iter().map(|s| s.items.len()).sum::<usize>(),
                    "sub_items": sub_items,
                    "checks": ctx.counts.items, "major": ctx.counts.major,
                    "version": c.version, "title": c.title,
                    "file": f.path.display().to_string(),
                    "builtin": cat.is_builtin(f),
                    "templates": t.for_kind(c.kind),
                    "sections": sections,
                }));
            }
            None => {
                failed = true;
                eprintln!("{}", msg::list_invalid(f.path.display()));
            }
        }
    }
    // One order whatever the folder holds: by id.
    rows.sort_by(|a, b| a["id"].as_str().cmp(&b["id"].as_str()));
    if json {
        let tl: Vec<_> = BUILTIN
            .iter()
            .map(|b| serde_json::json!({"name": b.name, "title": b.title, "kinds": b.kinds.iter().map(|k| k.as_str()).collect::<Vec<_>>()}))
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(
                &serde_json::json!({"checklists": rows, "templates": tl})
            )?
        );
    } else {
        let mut table = vec![[
            "ID",
            i18n::pick("FROM", "来源"),
            i18n::pick("KIND", "类型"),
            i18n::pick("STATUS", "状态"),
            i18n::pick("ITEMS", "条目"),
            i18n::pick("SUB", "子条目"),
            i18n::pick("CHECKS", "检查项"),
            i18n::pick("INDUSTRY", "行业"),
            i18n::pick("TITLE", "标题"),
        ]
        .map(String::from)
        .to_vec()];
        for r in &rows {
            let s = |k: &str| {
                r[k].as_str()
                    .map_or_else(|| r[k].to_string(), str::to_string)
            };
            // Where it comes from; `--json` has the file.
            let from = if r["builtin"] == true {
                i18n::pick("built-in", "内置")
            } else if cat.overrides.iter().any(|o| o.id == s("id")) {
                i18n::pick("override", "覆盖")
            } else {
                i18n::pick("folder", "文件夹")
            };
            table.push(vec![
                s("id"),
                from.to_string(),
                s("kind"),
                s("status"),
                s("items"),
                s("sub_items"),
                s("checks"),
                s("industry"),
                s("title"),
            ]);
        }
        print_table(&table);
        println!();
        // The parts of composable checklists: what `ID:PART,PART` can choose.
        let mut parts = vec![[
            i18n::pick("CHECKLIST", "清单"),
            i18n::pick("PART", "部分"),
            i18n::pick("KIND", "类型"),
            i18n::pick("ITEMS", "条目"),
            i18n::pick("NAMES", "名称"),
        ]
        .map(String::from)
        .to_vec()];
        for r in &rows {
            let sections = r["sections"].as_array().cloned().unwrap_or_default();
            if !sections.iter().any(|s| s["part"] != "common") {
                continue;
            }
            for (i, sec) in sections.iter().enumerate() {
                let kind = match sec["part"].as_str() {
                    Some("industry") => "行业",
                    Some("special") => "专项",
                    _ => "共用",
                };
                let names: Vec<&str> = sec["aliases"]
                    .as_array()
                    .map(|a| a.iter().filter_map(|x| x.as_str()).collect())
                    .unwrap_or_default();
                parts.push(vec![
                    if i == 0 {
                        r["id"].as_str().unwrap_or("").to_string()
                    } else {
                        String::new()
                    },
                    sec["id"].as_str().unwrap_or("").to_string(),
                    kind.to_string(),
                    sec["items"].to_string(),
                    if names.is_empty() {
                        sec["title"].as_str().unwrap_or("").to_string()
                    } else {
                        names.join("、")
                    },
                ]);
            }
        }
        if parts.len() > 1 {
            print_table(&parts);
            println!("{}", msg::compose_note());
            println!();
        }
        let mut table = vec![[
            i18n::pick("TEMPLATE", "模板"),
            i18n::pick("DOCUMENT", "文件"),
            i18n::pick("USED FOR", "用于"),
        ]
        .map(String::from)
        .to_vec()];
        for b in BUILTIN {
            let kinds: Vec<&str> = b.kinds.iter().map(|k| k.as_str()).collect();
            // Templates of no kind are made by their own command, not by `build`.
            let used = if kinds.is_empty() {
                match b.name {
                    "self-check-report" => "qingdan report".to_string(),
                    "rectification-notice" => "qingdan notices".to_string(),
                    "review-opinion" => "qingdan notices --template".to_string(),
                    "warning-letter" => "qingdan letters".to_string(),
                    "responsibility-pledge" => "qingdan merge".to_string(),
                    "ledger-summary" => "qingdan ledger".to_string(),
                    _ => msg::its_own_command(),
                }
            } else {
                format!("build: {}", kinds.join(", "))
            };
            table.push(vec![b.name.to_string(), b.title.to_string(), used]);
        }
        print_table(&table);
    }
    Ok(if failed { Outcome::Failed } else { Outcome::Ok })
}
