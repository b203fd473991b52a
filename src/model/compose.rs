//! Composition: "this checklist, these parts" (一行业一清单).
//!
//! An enterprise's list is the checklist's common sections plus the parts that
//! apply to it: 工贸 管理类 + its 行业 (机械) + its 专项 (粉尘爆炸); a mine's
//! 地下 + 尾矿库. One notation says it everywhere a checklist is named:
//!
//! ```text
//! gongmao-major-hazards                   the whole checklist
//! gongmao-major-hazards:机械,粉尘爆炸      common sections + these parts
//! ```
//!
//! Parts are named by section id, alias or title, and separated by `,` `，`
//! `、` or `+`. The composed checklist is an ordinary [`Checklist`] holding only
//! the chosen sections, so numbering, counts and "共 N 项" follow it.

use std::fmt;

use super::checklist::{Checklist, Section};
use crate::i18n::msg;

/// A checklist id (or file) and the parts chosen from it; no parts means whole.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Selection {
    /// The checklist's id (or, on the command line, its file).
    pub checklist: String,
    /// Part names as written; empty for the whole checklist.
    pub parts: Vec<String>,
}

/// Splits a list of part names written with `,` `，` `、` `+` or `;` (a roster's
/// 专项 cell, the part list after `:`), dropping empty names.
pub fn split_parts(s: &str) -> Vec<String> {
    s.split([',', '，', '、', '+', ';', '；'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}

impl Selection {
    /// Parses `ID` or `ID:PART,PART` (the colon may be full-width `：`).
    pub fn parse(s: &str) -> Selection {
        let s = s.trim();
        match s.find([':', '：']) {
            Some(at) => {
                let colon = s[at..].chars().next().map_or(1, char::len_utf8);
                Selection {
                    checklist: s[..at].trim().to_string(),
                    parts: split_parts(&s[at + colon..]),
                }
            }
            None => Selection {
                checklist: s.to_string(),
                parts: Vec::new(),
            },
        }
    }

    /// The same checklist with more parts (a roster's 专项), without repeats.
    pub fn with_parts(mut self, more: &[String]) -> Selection {
        for p in more {
            if !self.parts.contains(p) {
                self.parts.push(p.clone());
            }
        }
        self
    }
}

impl fmt::Display for Selection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.checklist)?;
        if !self.parts.is_empty() {
            write!(f, ":{}", self.parts.join(","))?;
        }
        Ok(())
    }
}

/// Why a composition failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ComposeError {
    /// No checklist has the id.
    UnknownChecklist {
        /// The id as written.
        checklist: String,
        /// The ids there are, for hints.
        known: Vec<String>,
    },
    /// The checklist has no choosable parts, but parts were named.
    NoParts {
        /// The checklist's id.
        checklist: String,
    },
    /// A name matches no part.
    UnknownPart {
        /// The checklist's id.
        checklist: String,
        /// The name as written.
        part: String,
        /// Every name the checklist's parts answer to (ids, aliases), for hints.
        known: Vec<String>,
    },
}

impl fmt::Display for ComposeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ComposeError::UnknownChecklist { checklist, .. } => {
                f.write_str(&msg::no_such_checklist(checklist))
            }
            ComposeError::NoParts { checklist } => f.write_str(&msg::no_parts(checklist)),
            ComposeError::UnknownPart {
                checklist, part, ..
            } => f.write_str(&msg::no_such_part(checklist, part)),
        }
    }
}

impl std::error::Error for ComposeError {}

impl ComposeError {
    /// A hint: the closest part name, or the list of parts.
    pub fn hint(&self) -> String {
        match self {
            ComposeError::UnknownChecklist { checklist, known } => {
                super::load::suggest(checklist, known, "checklist id")
            }
            ComposeError::NoParts { .. } => msg::only_parts_compose(),
            ComposeError::UnknownPart { part, known, .. } => {
                super::load::suggest(part, known, "part")
            }
        }
    }
}

/// Finds the checklist `sel` names among `checklists` and composes it.
pub fn select(checklists: &[Checklist], sel: &Selection) -> Result<Checklist, ComposeError> {
    checklists
        .iter()
        .find(|c| c.id == sel.checklist)
        .ok_or_else(|| ComposeError::UnknownChecklist {
            checklist: sel.checklist.clone(),
            known: checklists.iter().map(|c| c.id.clone()).collect(),
        })?
        .compose(&sel.parts)
}

/// The checklist and part a name such as 机械 or 尾矿库 chooses when it is no
/// checklist's id: the one checklist having a part of that name. `Err` lists
/// the checklists when several have one.
pub fn part_owner<'a>(
    checklists: &'a [Checklist],
    name: &str,
) -> Result<Option<&'a Checklist>, Vec<String>> {
    let owners: Vec<&Checklist> = checklists
        .iter()
        .filter(|c| c.find_part(name).is_some())
        .collect();
    match owners.as_slice() {
        [] => Ok(None),
        [one] => Ok(Some(one)),
        many => Err(many.iter().map(|c| c.id.clone()).collect()),
    }
}

impl Section {
    /// Whether the section answers to `name`: its id, an alias or its title.
    pub fn answers_to(&self, name: &str) -> bool {
        let name = name.trim();
        self.id == name || self.title == name || self.aliases.iter().any(|a| a == name)
    }

    /// The short name of a part: its first alias, else its title.
    pub fn short_name(&self) -> &str {
        self.aliases.first().unwrap_or(&self.title)
    }
}

impl Checklist {
    /// The sections that are choosable parts.
    pub fn parts(&self) -> impl Iterator<Item = &Section> {
        self.sections.iter().filter(|s| s.part.is_some())
    }

    /// The choosable part that answers to `name`.
    pub fn find_part(&self, name: &str) -> Option<&Section> {
        self.parts().find(|s| s.answers_to(name))
    }

    /// The common sections plus the parts named; the whole checklist when no
    /// part is named. A name of a common section is accepted and changes nothing.
    pub fn compose(&self, parts: &[String]) -> Result<Checklist, ComposeError> {
        if parts.is_empty() {
            return Ok(self.clone());
        }
        if self.parts().next().is_none() {
            return Err(ComposeError::NoParts {
                checklist: self.id.clone(),
            });
        }
        let mut chosen: Vec<&str> = Vec::new();
        for p in parts {
            let Some(s) = self.sections.iter().find(|s| s.answers_to(p)) else {
                return Err(ComposeError::UnknownPart {
                    checklist: self.id.clone(),
                    part: p.trim().to_string(),
                    known: self
                        .parts()
                        .flat_map(|s| std::iter::once(&s.id).chain(&s.aliases))
                        .cloned()
                        .collect(),
                });
            };
            chosen.push(&s.id);
        }
        let mut out = self.clone();
        out.sections
            .retain(|s| s.part.is_none() || chosen.contains(&s.id.as_str()));
        out.composed = out
            .sections
            .iter()
            .filter(|s| s.part.is_some())
            .map(|s| s.short_name().to_string())
            .collect();
        Ok(out)
    }

    /// The section holding item `id` at any depth (for "not in the chosen parts"
    /// messages).
    pub fn part_of_item(&self, id: &str) -> Option<&Section> {
        self.sections
            .iter()
            .find(|s| s.items.iter().any(|i| i.find(id)))
    }
}

impl super::checklist::Item {
    /// Whether this item or one below it has `id`.
    pub fn find(&self, id: &str) -> bool {
        self.id == id || self.items.iter().any(|i| i.find(id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::parse_checklist;
    use std::path::Path;

    const YAML: &str = "id: t\nkind: hazards\ntitle: T\nindustry: 工贸\nversion: \"1\"\nsources:\n  - id: s\n    title: 标准\nsections:\n  - id: common\n    title: 管理类\n    items:\n      - id: a\n        text: 甲\n        basis: { source: s }\n  - id: machinery\n    title: 机械企业\n    part: industry\n    aliases: [机械]\n    items:\n      - id: b\n        text: 乙\n        basis: { source: s }\n  - id: dust\n    title: 粉尘爆炸\n    part: special\n    aliases: [粉尘涉爆]\n    items:\n      - id: c\n        text: 丙\n        basis: { source: s }\n        items:\n          - id: c1\n            text: 丁\n";

    fn checklist() -> Checklist {
        let f = parse_checklist(Path::new("t.yaml"), YAML.to_string());
        assert!(f.diags.iter().all(|d| !d.is_error()), "{:?}", f.diags);
        f.checklist.expect("valid")
    }

    #[test]
    fn parses_the_notation() {
        assert_eq!(
            Selection::parse(" gongmao:机械，粉尘涉爆、有限空间+液氨制冷 "),
            Selection {
                checklist: "gongmao".into(),
                parts: vec![
                    "机械".into(),
                    "粉尘涉爆".into(),
                    "有限空间".into(),
                    "液氨制冷".into()
                ],
            }
        );
        assert_eq!(Selection::parse("mines：地下").parts, vec!["地下"]);
        assert_eq!(Selection::parse("whole").parts, Vec::<String>::new());
        assert_eq!(Selection::parse("x:").parts, Vec::<String>::new());
        let s = Selection::parse("g:机械,粉尘涉爆");
        assert_eq!(s.to_string(), "g:机械,粉尘涉爆");
        assert_eq!(Selection::parse("g").to_string(), "g");
        let more = s.with_parts(&["粉尘涉爆".into(), "有限空间".into()]);
        assert_eq!(more.parts, vec!["机械", "粉尘涉爆", "有限空间"]);
    }

    #[test]
    fn composes_common_plus_chosen_in_checklist_order() {
        let c = checklist();
        let ids = |c: &Checklist| c.sections.iter().map(|s| s.id.clone()).collect::<Vec<_>>();
        assert_eq!(
            ids(&c.compose(&[]).expect("whole")),
            ["common", "machinery", "dust"]
        );
        assert!(c.compose(&[]).expect("whole").composed.is_empty());
        let m = c.compose(&["粉尘涉爆".into(), "机械".into()]).expect("ok");
        assert_eq!(ids(&m), ["common", "machinery", "dust"]);
        assert_eq!(m.composed, ["机械", "粉尘涉爆"]);
        let only = c.compose(&["machinery".into()]).expect("by id");
        assert_eq!(ids(&only), ["common", "machinery"]);
        let by_title = c.compose(&["粉尘爆炸".into()]).expect("by title");
        assert_eq!(ids(&by_title), ["common", "dust"]);
        // A common section's name changes nothing.
        assert_eq!(ids(&c.compose(&["管理类".into()]).expect("ok")), ["common"]);
    }

    #[test]
    fn unknown_part_suggests() {
        let c = checklist();
        let e = c.compose(&["机戒".into()]).expect_err("unknown");
        assert!(e.to_string().contains("no part `机戒`"), "{e}");
        assert!(e.hint().contains("机械"), "{}", e.hint());
        let mut whole = c.clone();
        for s in &mut whole.sections {
            s.part = None;
        }
        let e = whole.compose(&["机械".into()]).expect_err("no parts");
        assert!(matches!(e, ComposeError::NoParts { .. }));
    }

    #[test]
    fn select_and_part_owner() {
        let c = checklist();
        let all = vec![c.clone()];
        let m = select(&all, &Selection::parse("t:机械")).expect("ok");
        assert_eq!(m.composed, ["机械"]);
        let e = select(&all, &Selection::parse("x:机械")).expect_err("unknown");
        assert_eq!(e.to_string(), "there is no checklist `x`");
        assert!(e.hint().contains("`t`"), "{}", e.hint());
        assert_eq!(
            part_owner(&all, "机械").map(|c| c.map(|c| c.id.clone())),
            Ok(Some("t".into()))
        );
        assert_eq!(part_owner(&all, "管理类").map(|c| c.is_some()), Ok(false));
        let mut other = c;
        other.id = "u".into();
        let two = vec![all[0].clone(), other];
        assert_eq!(
            part_owner(&two, "机械").map(|_| ()),
            Err(vec!["t".into(), "u".into()])
        );
    }

    #[test]
    fn sub_items_inherit_the_basis() {
        let c = checklist();
        let c1 = c
            .walk()
            .into_iter()
            .find(|(_, i)| i.id == "c1")
            .expect("c1")
            .1;
        assert_eq!(c1.basis.source, "s");
        assert_eq!(c.part_of_item("c1").map(|s| s.id.as_str()), Some("dust"));
        assert_eq!(c.part_of_item("zz"), None);
    }
}
