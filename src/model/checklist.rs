//! The checklist input format (`kind: hazards | duties | inspection |
//! responsibilities | emergency-cards`).
//!
//! A checklist may be used whole or composed of chosen parts: sections with a
//! `part` (`industry` or `special`) are chosen by id or alias, the others are
//! common to every composition (see [`super::compose`]).
//!
//! Field names here are a contract with users (DESIGN.md "Inputs"); every struct
//! denies unknown fields so a misspelt key is an error, not silently ignored.

use serde::{Deserialize, Deserializer, Serialize};

/// What a checklist lists.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Major-accident-hazard criteria of an industry (一行业一清单).
    Hazards,
    /// Duties of the principal responsible person (主要负责人职责).
    Duties,
    /// A general inspection checklist (检查表).
    Inspection,
    /// 全员安全生产责任清单: each section is a post (岗位), its items that
    /// post's duties.
    Responsibilities,
    /// 重点岗位应急处置卡: each section is one card (its `risks` and
    /// `contacts`), its items the steps to take, in order.
    #[serde(rename = "emergency-cards")]
    EmergencyCards,
}

impl Kind {
    /// The YAML spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Hazards => "hazards",
            Kind::Duties => "duties",
            Kind::Inspection => "inspection",
            Kind::Responsibilities => "responsibilities",
            Kind::EmergencyCards => "emergency-cards",
        }
    }

    /// True for the kinds whose items need no `basis` and whose checklist
    /// needs no `sources` (a post's duties, a card's steps): an enterprise's
    /// own documents, not criteria from a regulation.
    pub fn basis_optional(self) -> bool {
        matches!(self, Kind::Responsibilities | Kind::EmergencyCards)
    }
}

/// Whether a checklist is complete and in force.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Complete and verified.
    #[default]
    Active,
    /// Incomplete: outputs carry a 草稿 mark.
    Draft,
}

/// 重大事故隐患 or 一般隐患.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// 重大事故隐患.
    Major,
    /// 一般隐患.
    General,
}

/// How an item is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub enum Method {
    /// Check documents and records.
    #[serde(rename = "查资料")]
    Records,
    /// Look on site.
    #[serde(rename = "现场检查")]
    OnSite,
    /// Ask people.
    #[serde(rename = "询问")]
    Interview,
}

/// The ways an item is checked: one or several [`Method`]s, written as
/// `查资料`, `查资料、现场检查` or a list `[查资料, 现场检查]`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, schemars::JsonSchema)]
#[serde(transparent)]
#[schemars(with = "MethodsSchema")]
pub struct Methods(pub Vec<Method>);

/// What `method` accepts, for the JSON Schema.
#[derive(schemars::JsonSchema)]
#[allow(dead_code)]
#[serde(untagged)]
enum MethodsSchema {
    /// One method, or several joined with 、 or ，.
    One(String),
    /// A list of methods.
    Many(Vec<Method>),
}

impl Methods {
    /// True when no method is given.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The methods in Chinese, joined with 、 (`查资料、现场检查`); empty when none.
    pub fn as_cn(&self) -> String {
        self.0
            .iter()
            .map(|m| m.as_cn())
            .collect::<Vec<_>>()
            .join("、")
    }
}

impl<'de> Deserialize<'de> for Methods {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // A visitor (not an untagged enum) so errors point at the value itself.
        struct V;
        fn push<E: serde::de::Error>(out: &mut Vec<Method>, word: &str) -> Result<(), E> {
            let m = Method::parse(word.trim()).ok_or_else(|| {
                // serde's own wording, so the loader adds its did-you-mean hint.
                E::custom(format!(
                    "unknown variant `{}`, expected one of `查资料`, `现场检查`, `询问` (several joined with 、)",
                    word.trim()
                ))
            })?;
            if !out.contains(&m) {
                out.push(m);
            }
            Ok(())
        }
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Methods;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("查资料, 现场检查 or 询问, several joined with 、, or a list of them")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Methods, E> {
                let mut out = Vec::new();
                for w in s.split(['、', '，', ',', '/', '／']) {
                    push(&mut out, w)?;
                }
                Ok(Methods(out))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Methods, A::Error> {
                let mut out = Vec::new();
                while let Some(w) = seq.next_element::<String>()? {
                    push(&mut out, &w)?;
                }
                Ok(Methods(out))
            }
        }
        d.deserialize_any(V)
    }
}

impl Status {
    /// The YAML spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::Draft => "draft",
        }
    }
}

impl Severity {
    /// The YAML spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Major => "major",
            Severity::General => "general",
        }
    }

    /// 重大 or 一般.
    pub fn as_cn(self) -> &'static str {
        match self {
            Severity::Major => "重大",
            Severity::General => "一般",
        }
    }
}

impl Method {
    /// Reads the YAML (Chinese) spelling.
    pub fn parse(s: &str) -> Option<Method> {
        [Method::Records, Method::OnSite, Method::Interview]
            .into_iter()
            .find(|m| m.as_cn() == s)
    }

    /// The YAML (Chinese) spelling.
    pub fn as_cn(self) -> &'static str {
        match self {
            Method::Records => "查资料",
            Method::OnSite => "现场检查",
            Method::Interview => "询问",
        }
    }
}

/// A legal document that items cite.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Identifier used by `basis.source`.
    pub id: String,
    /// Full title, e.g. 工贸企业重大事故隐患判定标准.
    pub title: String,
    /// 发文字号, e.g. 应急管理部令第10号.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc_no: Option<String>,
    /// Issuing body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    /// Date, YYYY-MM-DD.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Where the text was read, or anything a reader should know.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The official address where a reader can check the text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// A file with the source's verbatim text, relative to the checklist file;
    /// when given, every item citing this source must occur in it word for word.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// Where an item comes from: a declared source and a clause in it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Basis {
    /// A `sources[].id`.
    pub source: String,
    /// Clause, e.g. 第三条第（一）项.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clause: Option<String>,
}

/// One check; an item with `items` is a group whose children are checked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// Unique within the checklist, at any depth.
    pub id: String,
    /// The criterion, verbatim from the source.
    pub text: String,
    /// 检查依据; a sub-item without one takes its parent's (required at the top level).
    #[serde(default, skip_serializing_if = "Basis::is_inherited")]
    pub basis: Basis,
    /// `major` or `general`; defaults to `major` in a hazards checklist.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
    /// 查资料, 现场检查 or 询问; several as `查资料、现场检查` or a list.
    #[serde(default, skip_serializing_if = "Methods::is_empty")]
    pub method: Methods,
    /// Guidance for the inspector.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// The penalty clause, where the source names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub penalty: Option<String>,
    /// Sub-items (the mines standard nests （一）→ 1.–5.).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<Item>,
}

/// What kind of choosable part a section is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum PartKind {
    /// An industry part (工贸 行业类 冶金/机械/…, 矿山 地下/露天/尾矿库): chosen by
    /// the roster's 行业 column.
    Industry,
    /// A special part (专项类 粉尘爆炸/液氨制冷/有限空间): chosen by the roster's
    /// 专项 column.
    Special,
}

impl PartKind {
    /// 行业 or 专项.
    pub fn as_cn(self) -> &'static str {
        match self {
            PartKind::Industry => "行业",
            PartKind::Special => "专项",
        }
    }
}

/// A general rule of the source that applies to every item (工贸 第十四条):
/// printed under the table as 说明, not checked on its own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Provision {
    /// The rule, verbatim from the source.
    pub text: String,
    /// Where it comes from.
    pub basis: Basis,
}

/// Someone to call from an emergency card (`kind: emergency-cards`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// Who: 值班室, 车间主任, 119 …
    pub name: String,
    /// The number to dial, as printed.
    #[serde(deserialize_with = "phone_text")]
    #[schemars(with = "String")]
    pub phone: String,
}

/// A titled group of items: in `responsibilities` a post (岗位), in
/// `emergency-cards` one card.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// Unique within the checklist.
    pub id: String,
    /// Heading, e.g. 管理类重大事故隐患.
    pub title: String,
    /// `industry` or `special` for a part that is chosen; without it the section
    /// is common to every composition of the checklist.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part: Option<PartKind>,
    /// Other names the part is chosen by (机械, 粉尘涉爆 …), besides its id.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// An emergency card's risks (主要风险), in order (`emergency-cards` only).
    /// Always serialised, so templates can loop over it.
    #[serde(default)]
    pub risks: Vec<String>,
    /// An emergency card's numbers to call (应急联系), in order
    /// (`emergency-cards` only). Always serialised.
    #[serde(default)]
    pub contacts: Vec<Contact>,
    /// A closing remark printed on an emergency card (`emergency-cards` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// Items, in order: checks, a post's duties, or a card's steps.
    pub items: Vec<Item>,
}

/// A checklist file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Checklist {
    /// Unique identifier; names the output folder.
    pub id: String,
    /// What the checklist lists.
    pub kind: Kind,
    /// Title printed on every document.
    pub title: String,
    /// Industry in Chinese, e.g. 工贸.
    pub industry: String,
    /// Version of the checklist (often the source's year).
    #[serde(deserialize_with = "string_or_number")]
    #[schemars(with = "String")]
    pub version: String,
    /// `active` (default) or `draft`.
    #[serde(default)]
    pub status: Status,
    /// What a reader should know, e.g. what a draft is missing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The enterprise whose own list this is (an enterprise's 责任清单 or
    /// 应急处置卡): printed as the 单位 of a pledge and on every card.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enterprise: Option<String>,
    /// Legal documents the items cite.
    pub sources: Vec<Source>,
    /// General rules of the sources that apply to every item (printed as 说明).
    /// Always serialised, so templates can loop over it.
    #[serde(default)]
    pub provisions: Vec<Provision>,
    /// Sections of items.
    pub sections: Vec<Section>,
    /// The parts this checklist was composed of (their titles), empty when it
    /// is used whole; set by [`Checklist::compose`](super::compose), never read.
    #[serde(skip_deserializing, default)]
    #[schemars(skip)]
    pub composed: Vec<String>,
}

/// Accepts `version: 2023` as well as `version: "2023"`.
fn string_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        S(String),
        I(i64),
        #[allow(dead_code)] // only that it was a number matters
        F(f64),
    }
    Ok(
        match Raw::deserialize(d)
            .map_err(|_| serde::de::Error::custom(crate::i18n::msg::version_not_text()))?
        {
            Raw::S(s) => s,
            Raw::I(i) => i.to_string(),
            Raw::F(_) => return Err(serde::de::Error::custom(crate::i18n::msg::version_decimal())),
        },
    )
}

/// Accepts `phone: 119` as well as `phone: "0357-1234567"`.
fn phone_text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        S(String),
        I(u64),
    }
    match Raw::deserialize(d) {
        Ok(Raw::S(s)) => Ok(s),
        Ok(Raw::I(i)) => Ok(i.to_string()),
        Err(_) => Err(serde::de::Error::custom(crate::i18n::msg::phone_not_text())),
    }
}

impl Basis {
    /// True for a sub-item's missing basis, which it takes from its parent.
    pub fn is_inherited(&self) -> bool {
        self.source.is_empty() && self.clause.is_none()
    }
}

impl Item {
    /// The severity, with the checklist kind's default.
    pub fn severity_in(&self, kind: Kind) -> Severity {
        self.severity.unwrap_or(match kind {
            Kind::Hazards => Severity::Major,
            Kind::Duties | Kind::Inspection | Kind::Responsibilities | Kind::EmergencyCards => {
                Severity::General
            }
        })
    }

    /// True if this item groups sub-items rather than being checked itself.
    pub fn is_group(&self) -> bool {
        !self.items.is_empty()
    }
}

impl Checklist {
    /// Every item, depth first, with its depth (0 for top-level items).
    pub fn walk(&self) -> Vec<(usize, &Item)> {
        fn go<'a>(items: &'a [Item], depth: usize, out: &mut Vec<(usize, &'a Item)>) {
            for i in items {
                out.push((depth, i));
                go(&i.items, depth + 1, out);
            }
        }
        let mut out = Vec::new();
        for s in &self.sections {
            go(&s.items, 0, &mut out);
        }
        out
    }

    /// The items that are checked (leaves), depth first.
    pub fn leaves(&self) -> impl Iterator<Item = &Item> {
        self.walk()
            .into_iter()
            .map(|(_, i)| i)
            .filter(|i| !i.is_group())
    }

    /// Gives every sub-item without a basis its parent's (after validation).
    pub fn inherit_bases(&mut self) {
        fn go(items: &mut [Item], parent: Option<&Basis>) {
            for i in items {
                if let (true, Some(p)) = (i.basis.is_inherited(), parent) {
                    i.basis = p.clone();
                }
                let b = i.basis.clone();
                go(&mut i.items, Some(&b));
            }
        }
        for s in &mut self.sections {
            go(&mut s.items, None);
        }
    }

    /// The source an item's basis points at.
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.id == id)
    }
}
