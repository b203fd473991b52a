//! The results input: an enterprise's filled self-check against a checklist.
//!
//! ```yaml
//! checklist: gongmao-major-hazards
//! checklist_version: "2023"          # optional; a mismatch is a warning
//! entity: { name: …, uscc: …, address: …, principal: …, contact: …, phone: … }
//! date: 2025-03-12                   # the day of the self-check
//! inspectors: [张三, 李四]
//! answers:                           # by item id; every checked item once
//!   gm-3-1: ok
//!   gm-3-3: na
//!   gm-11-3:
//!     status: hazard
//!     finding: …
//!     measure: …
//!     owner: …
//!     funds: 85000                   # 元
//!     deadline: 2025-04-30
//!     plan: …                        # 应急预案 (major hazards)
//!     rectified_on: 2025-04-12       # 完成日期
//!     reviewer: …                    # 复查人
//!     review_date: 2025-04-14        # 复查日期 (rectified and reviewed: 销号)
//!     source: 企业自查                # 隐患来源: 企业自查, 部门检查, 执法检查
//!     supervised: {by: 县安委办, since: 2025-03-01}   # 挂牌督办
//! ```
//!
//! Field names are a contract with users (DESIGN.md "Inputs"). Every struct
//! denies unknown fields. [`load_results`] parses a file, checks it on its own
//! (dates, 统一社会信用代码, amounts) and against its checklist (every item
//! answered once, no answers for items that do not exist), with the same
//! file:line:column diagnostics as checklists.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

use super::checklist::{Checklist, Kind, Severity};
use super::collect::Collector;
use super::compose::Selection;
use super::diag::Diagnostic;
use super::load::{self, suggest};
use super::pos::SourceMap;
use super::uscc::{self, UsccError};
use super::validate::parse_date;
use crate::i18n::{self, msg};

/// The enterprise that checked itself (被检查单位).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Entity {
    /// Full registered name (单位全称).
    pub name: String,
    /// 统一社会信用代码, checked against GB 32100-2015.
    pub uscc: String,
    /// Address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// 主要负责人.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub principal: Option<String>,
    /// 联系人.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
    /// 联系电话.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

/// The only status a mapping answer has: a hazard was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum HazardStatus {
    /// 存在隐患 (for a duties checklist: 未履行 / 履行不到位).
    Hazard,
}

/// What was found for an item that is not in order, and what is done about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Hazard {
    /// Always `hazard`.
    pub status: HazardStatus,
    /// 隐患描述: what was found (现状).
    pub finding: String,
    /// 整改措施 (措施).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measure: Option<String>,
    /// 责任人 (责任).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// 整改资金 in 元 (资金).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub funds: Option<f64>,
    /// 整改时限, YYYY-MM-DD (时限).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<String>,
    /// 完成日期: the day it was put right, YYYY-MM-DD.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rectified_on: Option<String>,
    /// Who checked the rectification (复查人).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewer: Option<String>,
    /// When it was checked (复查日期).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_date: Option<String>,
    /// Photos, records, file names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<String>,
    /// 应急预案 / contingency plan while the hazard is open (预案).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<String>,
    /// Who found it (隐患来源): `企业自查`, `部门检查` or `执法检查`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<HazardSource>,
    /// 挂牌督办: by whom and since when (`{by: 县安委办, since: 2025-03-01}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supervised: Option<Supervised>,
}

/// Who found a hazard (隐患来源).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum HazardSource {
    /// 企业自查: the enterprise's own self-check.
    #[serde(rename = "企业自查")]
    SelfCheck,
    /// 部门检查: an inspection by a supervising department.
    #[serde(rename = "部门检查")]
    Department,
    /// 执法检查: a law-enforcement inspection.
    #[serde(rename = "执法检查")]
    Enforcement,
}

/// A plain `enum` of the three values (not `oneOf` of constants), so the
/// schema walk names a wrong value with a did-you-mean, as editors do.
impl schemars::JsonSchema for HazardSource {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "HazardSource".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "隐患来源: who found the hazard",
            "type": "string",
            "enum": ["企业自查", "部门检查", "执法检查"]
        })
    }
}

impl HazardSource {
    /// The value as written (企业自查 …).
    pub fn as_str(self) -> &'static str {
        match self {
            HazardSource::SelfCheck => "企业自查",
            HazardSource::Department => "部门检查",
            HazardSource::Enforcement => "执法检查",
        }
    }
}

/// 挂牌督办: a hazard put under supervision by an authority.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Supervised {
    /// Who supervises it (督办单位), e.g. 县安委办.
    pub by: String,
    /// Since when, YYYY-MM-DD (挂牌日期).
    pub since: String,
}

/// The answer for one item.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// `ok`: in order (符合; for duties 已履行).
    Ok,
    /// `na`: does not apply (不涉及).
    Na,
    /// A hazard (不符合; for duties 未履行/履行不到位).
    Hazard(Box<Hazard>),
}

impl Answer {
    /// The hazard, if this answer is one.
    pub fn hazard(&self) -> Option<&Hazard> {
        match self {
            Answer::Hazard(h) => Some(h),
            _ => None,
        }
    }
}

impl schemars::JsonSchema for Answer {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Answer".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let hazard = generator.subschema_for::<Hazard>();
        schemars::json_schema!({
            "description": "`ok` (符合), `na` (不涉及), or a hazard with `status: hazard` and its details",
            "oneOf": [
                { "type": "string", "enum": ["ok", "na"] },
                hazard
            ]
        })
    }
}

impl Serialize for Answer {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Answer::Ok => s.serialize_str("ok"),
            Answer::Na => s.serialize_str("na"),
            Answer::Hazard(h) => h.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for Answer {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Answer;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&msg::answer_expecting())
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Answer, E> {
                match v {
                    "ok" => Ok(Answer::Ok),
                    "na" => Ok(Answer::Na),
                    "hazard" => Err(E::custom(msg::hazard_needs_details())),
                    other => Err(E::unknown_variant(other, &["ok", "na", "hazard"])),
                }
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Answer, A::Error> {
                Hazard::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(|h| Answer::Hazard(Box::new(h)))
            }
        }
        d.deserialize_any(V)
    }
}

/// A results file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Results {
    /// Id of the checklist that was filled in, with the parts chosen
    /// (`gongmao-major-hazards:机械,粉尘爆炸`; only those parts are answered).
    pub checklist: String,
    /// The checklist's version the enterprise used.
    #[serde(
        default,
        deserialize_with = "opt_string_or_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub checklist_version: Option<String>,
    /// Who checked itself.
    pub entity: Entity,
    /// Day of the self-check, YYYY-MM-DD.
    pub date: String,
    /// Who did the checking (自查人员).
    #[serde(default)]
    pub inspectors: Vec<String>,
    /// Answers by item id, in file order.
    #[serde(deserialize_with = "answers_in_order")]
    #[schemars(with = "std::collections::BTreeMap<String, Answer>")]
    pub answers: Vec<(String, Answer)>,
}

impl Results {
    /// The answer for an item id.
    pub fn answer(&self, id: &str) -> Option<&Answer> {
        self.answers.iter().find(|(k, _)| k == id).map(|(_, a)| a)
    }
}

/// Largest `funds` accepted, in 元.
pub const MAX_FUNDS: f64 = 1e12;

/// Accepts `checklist_version: 2023` as well as `"2023"`.
fn opt_string_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        S(String),
        I(i64),
        #[allow(dead_code)] // only that it was a number matters
        F(f64),
    }
    Ok(Some(
        match Raw::deserialize(d).map_err(|_| de::Error::custom(msg::checklist_version_type()))? {
            Raw::S(s) => s,
            Raw::I(i) => i.to_string(),
            Raw::F(_) => return Err(serde::de::Error::custom(msg::checklist_version_decimal())),
        },
    ))
}

/// Reads `answers` keeping file order (and any key given twice).
fn answers_in_order<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<(String, Answer)>, D::Error> {
    struct V;
    impl<'de> Visitor<'de> for V {
        type Value = Vec<(String, Answer)>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(&msg::answers_expecting())
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            // Keys given twice are kept here and reported, with the place of
            // the second, by the checks after parsing.
            // An empty answer (`gm-3-1:` in a skeleton from `qingdan new
            // results`) is not answered yet: left out, so it is reported as such.
            let mut out: Vec<(String, Answer)> = Vec::new();
            while let Some(k) = map.next_key::<String>()? {
                if let Some(v) = map.next_value::<Option<Answer>>()? {
                    out.push((k, v));
                }
            }
            Ok(out)
        }
    }
    d.deserialize_map(V)
}

/// What kind of input a YAML text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// A checklist (the default, also for text that does not parse).
    Checklist,
    /// A results file: its top level has an `answers` key.
    Results,
}

/// Tells a results file from a checklist: a results file's top-level mapping
/// has an `answers` key. Anything else (including text that does not parse)
/// is treated as a checklist, whose loader reports the problems.
pub fn detect_kind(text: &str) -> InputKind {
    // The position pass tolerates what serde refuses (a key given twice), so a
    // results file with such a mistake is still checked as a results file.
    // Text nested too deep is refused by the loader; don't spend time on it here.
    if super::load::check_nesting(std::path::Path::new(""), text).is_some() {
        return InputKind::Checklist;
    }
    match SourceMap::build(text) {
        Ok(m) if m.get("answers").is_some() => InputKind::Results,
        _ => InputKind::Checklist,
    }
}

/// How to load a results file.
#[derive(Debug, Clone)]
pub struct Options {
    /// Folder (or file) of checklists, to find the one the results name.
    pub checklists: PathBuf,
    /// Unanswered items are a warning instead of an error.
    pub allow_incomplete: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            checklists: PathBuf::from("checklists"),
            allow_incomplete: false,
        }
    }
}

/// A results file after loading, with its checklist.
#[derive(Debug)]
pub struct ResultsFile {
    /// Where it was read from.
    pub path: PathBuf,
    /// The file's text, for diagnostics.
    pub text: String,
    /// The results, if there is no error.
    pub results: Option<Results>,
    /// The checklist the results name, with its path, if it was found and valid.
    pub checklist: Option<(PathBuf, Checklist)>,
    /// Errors and warnings, all in this file.
    pub diags: Vec<Diagnostic>,
}

/// Loads a results file and checks it on its own and against its checklist.
pub fn load_results(path: &Path, opts: &Options) -> ResultsFile {
    let text = match load::read_text(path) {
        Ok(t) => t,
        Err((d, text)) => {
            return ResultsFile {
                path: path.to_path_buf(),
                text,
                results: None,
                checklist: None,
                diags: vec![d],
            }
        }
    };
    parse_results_with(path, text, opts.allow_incomplete, |id| {
        let root = checklists_root(&opts.checklists, path);
        (root.clone(), find_checklist(&root, id))
    })
}

/// Parses and checks results text against one checklist already loaded (found
/// at `checklist_path`) instead of searching a folder; `path` is only used in
/// diagnostics. Used by the fuzz targets.
pub fn parse_results(
    path: &Path,
    text: String,
    checklist_path: &Path,
    checklist: &Checklist,
    allow_incomplete: bool,
) -> ResultsFile {
    parse_results_with(path, text, allow_incomplete, |id| {
        let found = if checklist.id == id {
            Found::Valid(
                checklist_path.to_path_buf(),
                std::sync::Arc::new(checklist.clone()),
            )
        } else {
            Found::Missing(vec![checklist.id.clone()])
        };
        (checklist_path.to_path_buf(), found)
    })
}

/// Start of the last line the self-check page writes under an export; the
/// SHA-256 (hex) of everything above it follows.
pub const CHECKSUM_PREFIX: &str = "# qingdan-checksum: sha256:";

/// The text an export's checksum covers: the lines above the checksum line,
/// without trailing blanks, each ended by LF (so CRLF from Windows editors and
/// mail, or blanks added at line ends, do not count as edits).
pub fn checksum_body(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let end = lines
        .iter()
        .rposition(|l| l.starts_with(CHECKSUM_PREFIX))
        .unwrap_or(lines.len());
    let mut body = String::with_capacity(text.len());
    for l in &lines[..end] {
        body.push_str(l.trim_end_matches([' ', '\t']));
        body.push('\n');
    }
    body
}

/// A warning when the file ends in an export checksum that does not match:
/// the answers were changed after the self-check page exported them.
fn check_export_checksum(path: &Path, text: &str) -> Option<Diagnostic> {
    use sha2::{Digest, Sha256};
    let (n, line) = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .last()?;
    let written = line.strip_prefix(CHECKSUM_PREFIX)?.trim();
    let actual = format!("{:x}", Sha256::digest(checksum_body(text).as_bytes()));
    if written.eq_ignore_ascii_case(&actual) {
        return None;
    }
    let mut d = Diagnostic::warning("edited-after-export", path, msg::edited_after_export());
    d.line = n + 1;
    d.column = 1;
    d.hint = Some(msg::edited_after_export_hint());
    Some(d)
}

/// Parses results text; `find` looks up the checklist by id and says where it looked.
fn parse_results_with(
    path: &Path,
    text: String,
    allow_incomplete: bool,
    find: impl FnOnce(&str) -> (PathBuf, Found),
) -> ResultsFile {
    let mut loaded = load::parse_yaml::<Results>(path, text);
    load::name_format(&mut loaded.diags, "The results format");
    for d in &mut loaded.diags {
        if d.message.contains(".funds: invalid type") {
            d.hint = Some(msg::funds_type_hint());
        }
    }
    if let Some(d) = check_export_checksum(path, &loaded.text) {
        loaded.diags.push(d);
    }
    let mut checklist = None;
    if let Some(r) = &loaded.value {
        let mut cx = Ctx {
            path,
            text: &loaded.text,
            map: &loaded.map,
            diags: Vec::new(),
        };
        check_alone(&mut cx, r);
        let sel = Selection::parse(&r.checklist);
        let (root, found) = find(&sel.checklist);
        match found {
            Found::Valid(p, whole) => match whole.compose(&sel.parts) {
                Ok(c) => {
                    check_against(&mut cx, r, &c, &whole, allow_incomplete);
                    checklist = Some((p, c));
                }
                Err(e) => {
                    cx.error("unknown-part", "checklist", e.to_string()).hint = Some(e.hint());
                }
            },
            Found::Invalid(p) => {
                cx.error(
                    "invalid-checklist",
                    "checklist",
                    msg::checklist_has_errors(&sel.checklist, p.display()),
                )
                .hint = Some(msg::run_validate(p.display()));
            }
            Found::Missing(ids) => {
                let hint = if ids.is_empty() {
                    msg::no_checklists_in(root.display())
                } else {
                    suggest(&sel.checklist, &ids, "checklist id")
                };
                cx.error(
                    "unknown-checklist",
                    "checklist",
                    msg::no_checklist_with_id(&sel.checklist, root.display()),
                )
                .hint = Some(hint);
            }
        }
        loaded.diags.extend(cx.diags);
    }
    let ok = !loaded.diags.iter().any(Diagnostic::is_error);
    ResultsFile {
        path: path.to_path_buf(),
        results: if ok { loaded.value } else { None },
        checklist: if ok { checklist } else { None },
        text: loaded.text,
        diags: loaded.diags,
    }
}

/// The checklists folder: as given when it exists; otherwise, for a relative
/// path such as the default `checklists`, the first folder of that name beside
/// the results file or above it (so `validate` works from any folder).
fn checklists_root(given: &Path, results: &Path) -> PathBuf {
    if given.exists() || given.is_absolute() {
        return given.to_path_buf();
    }
    let results = std::path::absolute(results).unwrap_or_else(|_| results.to_path_buf());
    let start = results.parent().unwrap_or(Path::new(""));
    start
        .ancestors()
        .map(|a| a.join(given))
        .find(|c| c.is_dir())
        .unwrap_or_else(|| given.to_path_buf())
}

#[derive(Clone)]
enum Found {
    Valid(PathBuf, std::sync::Arc<Checklist>),
    Invalid(PathBuf),
    /// Not found; the ids that exist.
    Missing(Vec<String>),
}

/// What identifies a checklists folder's contents: each YAML file with its
/// size and modification time.
type FolderStamp = Vec<(PathBuf, u64, Option<std::time::SystemTime>)>;

/// Finds the checklist `id` in `root`, else in the built-in catalogue.
///
/// The answer is kept for the process, keyed by the folder, the id and the
/// size and modification time of every file in the folder, so thousands of
/// results files (`ledger`) naming the same checklist parse it once, and an
/// edited folder is read again.
fn find_checklist(root: &Path, id: &str) -> Found {
    type Cache = std::sync::Mutex<HashMap<(PathBuf, String), (FolderStamp, Found)>>;
    static CACHE: std::sync::OnceLock<Cache> = std::sync::OnceLock::new();
    let paths = super::find_yaml(root).unwrap_or_default();
    let stamp: FolderStamp = paths
        .iter()
        .map(|p| {
            let m = std::fs::metadata(p).ok();
            (
                p.clone(),
                m.as_ref().map_or(0, std::fs::Metadata::len),
                m.and_then(|m| m.modified().ok()),
            )
        })
        .collect();
    let cache = CACHE.get_or_init(Cache::default);
    let key = (root.to_path_buf(), id.to_string());
    if let Some(found) = cache.lock().ok().and_then(|c| {
        c.get(&key)
            .filter(|(s, _)| *s == stamp)
            .map(|(_, f)| f.clone())
    }) {
        return found;
    }
    let found = find_checklist_in(id, paths);
    if let Ok(mut c) = cache.lock() {
        c.insert(key, (stamp, found.clone()));
    }
    found
}

fn find_checklist_in(id: &str, paths: Vec<PathBuf>) -> Found {
    let mut ids = Vec::new();
    for p in paths {
        let f = super::load_checklist(&p);
        match f.checklist {
            Some(c) if c.id == id => return Found::Valid(p, std::sync::Arc::new(c)),
            Some(c) => ids.push(c.id),
            None => {
                // An invalid file may still be the one named: read just its id.
                let named = (super::load::check_nesting(&p, &f.text).is_none())
                    .then(|| serde_norway::from_str::<serde_norway::Value>(&f.text).ok())
                    .flatten()
                    .and_then(|v| v.get("id").and_then(|i| i.as_str().map(str::to_string)));
                if named.as_deref() == Some(id) {
                    return Found::Invalid(p);
                }
            }
        }
    }
    if let Some(e) = super::builtin::get(id) {
        let (path, checklist) = super::builtin::load_cached(e);
        return match checklist {
            Some(c) => Found::Valid(path, std::sync::Arc::new(c)),
            None => Found::Invalid(path),
        };
    }
    ids.extend(super::builtin::ids());
    ids.sort();
    ids.dedup();
    Found::Missing(ids)
}

type Ctx<'a> = Collector<'a>;

/// Checks a date field; returns it parsed when it is a real date.
fn date_field(cx: &mut Ctx<'_>, at: &str, value: &str) -> Option<(i32, u8, u8)> {
    let d = parse_date(value);
    if d.is_none() {
        // A skeleton's `""` is not filled in yet, rather than a wrong date.
        let message = if value.trim().is_empty() {
            msg::field_empty(at)
        } else {
            msg::not_a_date(value)
        };
        cx.error("bad-date", at, message).hint = Some(msg::date_hint("2025-03-12"));
    }
    d
}

/// Checks what needs no checklist: dates, the 统一社会信用代码, amounts.
fn check_alone(cx: &mut Ctx<'_>, r: &Results) {
    if r.entity.name.trim().is_empty() {
        cx.error("empty", "entity.name", msg::entity_name_empty())
            .hint = Some(msg::entity_name_hint());
    }
    if r.entity.uscc.trim().is_empty() {
        cx.error("bad-uscc", "entity.uscc", msg::field_empty("entity.uscc"))
            .hint = Some(msg::uscc_hint());
    } else if let Err(e) = uscc::check(r.entity.uscc.trim()) {
        let mut span = cx.map.value_span("entity.uscc");
        // Point at the offending character when we can find the code in the text.
        if let (Some(s), Some(pos)) = (span.clone(), e.position()) {
            let code = r.entity.uscc.trim();
            if let Some(start) = cx.text.get(s.clone()).and_then(|t| t.find(code)) {
                let at = s.start + start;
                if let Some((off, ch)) = code.char_indices().nth(pos - 1) {
                    span = Some(at + off..at + off + ch.len_utf8());
                }
            }
        }
        let hint = match &e {
            UsccError::CheckDigit { .. } => msg::uscc_mistyped_hint(),
            _ => msg::uscc_hint(),
        };
        cx.push(
            Diagnostic::error("bad-uscc", cx.path, e.to_string()).hint(hint),
            span,
        );
    }
    let checked = date_field(cx, "date", &r.date);
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (id, _) in &r.answers {
        let n = seen.entry(id.as_str()).or_insert(0);
        *n += 1;
        if *n == 2 {
            let first = cx.map.key_span(&format!("answers.{id}"));
            let second = first.clone().and_then(|f| repeated_key(cx.text, f, id));
            let line = first.map_or(0, |f| super::diag::line_col(cx.text, f.start).0);
            let d = cx.push(
                Diagnostic::error("answered-twice", cx.path, msg::answered_twice(id)),
                second,
            );
            d.label = Some(msg::first_answered_at(line));
            d.hint = Some(msg::answered_twice_hint());
        }
    }
    if r.inspectors.iter().all(|i| i.trim().is_empty()) {
        cx.warn_key("no-inspectors", "date", msg::no_inspectors());
    }
    for (id, a) in &r.answers {
        let Some(h) = a.hazard() else { continue };
        let at = format!("answers.{id}");
        if h.finding.trim().is_empty() {
            cx.error("empty", &format!("{at}.finding"), msg::finding_empty(id))
                .hint = Some(msg::finding_hint());
        }
        if let Some(f) = h.funds {
            // Over a trillion 元 is a typo, and sums of such would print `inf元`.
            if !f.is_finite() || !(0.0..=MAX_FUNDS).contains(&f) {
                cx.error("bad-funds", &format!("{at}.funds"), msg::bad_funds(id, f))
                    .hint = Some(msg::bad_funds_hint());
            }
        }
        let before_check = |cx: &mut Ctx<'_>, field: &str, value: &Option<String>| {
            let v = value.as_deref()?;
            let d = date_field(cx, &format!("{at}.{field}"), v)?;
            if let Some(c) = checked {
                if d < c {
                    cx.error(
                        "date-before-check",
                        &format!("{at}.{field}"),
                        msg::date_before_check(field, v, id, &r.date),
                    )
                    .hint = Some(msg::date_before_check_hint(&r.date));
                }
            }
            Some(d)
        };
        if let Some(s) = &h.supervised {
            if s.by.trim().is_empty() {
                cx.error(
                    "empty",
                    &format!("{at}.supervised.by"),
                    msg::supervised_by_empty(id),
                )
                .hint = Some(msg::supervised_by_hint());
            }
            date_field(cx, &format!("{at}.supervised.since"), &s.since);
        }
        before_check(cx, "deadline", &h.deadline);
        let fixed = before_check(cx, "rectified_on", &h.rectified_on);
        if let Some(rd) = &h.review_date {
            if let (Some(review), Some(fixed)) =
                (date_field(cx, &format!("{at}.review_date"), rd), fixed)
            {
                if review < fixed {
                    cx.warn(
                        "review-before-rectified",
                        &format!("{at}.review_date"),
                        msg::review_before_rectified(rd, id),
                    );
                }
            }
        }
    }
}

/// Where a mapping key that starts at `first` is given again at the same
/// indentation, further down (the position pass records only the first).
fn repeated_key(
    text: &str,
    first: std::ops::Range<usize>,
    key: &str,
) -> Option<std::ops::Range<usize>> {
    let line_start = text[..first.start].rfind('\n').map_or(0, |i| i + 1);
    let indent = &text[line_start..first.start];
    if !indent.chars().all(|c| c == ' ') {
        return None;
    }
    let mut offset = text[first.start..].find('\n')? + first.start + 1;
    for line in text[offset..].split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix(indent) {
            if !rest.starts_with(' ') {
                let bare = rest
                    .strip_prefix(key)
                    .is_some_and(|r| r.trim_start().starts_with(':'));
                let quoted = [('"', '"'), ('\'', '\'')].iter().any(|(a, b)| {
                    rest.strip_prefix(*a)
                        .and_then(|r| r.strip_prefix(key))
                        .and_then(|r| r.strip_prefix(*b))
                        .is_some_and(|r| r.trim_start().starts_with(':'))
                });
                if bare || quoted {
                    let start = offset + indent.len();
                    return Some(start..start + key.len() + usize::from(quoted) * 2);
                }
            }
        }
        offset += line.len();
    }
    None
}

/// The 五落实 fields a major hazard must carry: (field, Chinese name, present).
pub fn five_in_place(h: &Hazard) -> [(&'static str, &'static str, bool); 5] {
    let has = |o: &Option<String>| o.as_deref().is_some_and(|s| !s.trim().is_empty());
    [
        ("owner", "责任", has(&h.owner)),
        ("measure", "措施", has(&h.measure)),
        ("funds", "资金", h.funds.is_some()),
        ("deadline", "时限", has(&h.deadline)),
        ("plan", "预案", has(&h.plan)),
    ]
}

/// Checks the answers against the checklist they were made with.
/// Checks the answers against `c`, the checklist as composed for these results
/// (`whole` is the same checklist with every part, to explain left-out items).
fn check_against(
    cx: &mut Ctx<'_>,
    r: &Results,
    c: &Checklist,
    whole: &Checklist,
    allow_incomplete: bool,
) {
    if let Some(v) = &r.checklist_version {
        if v != &c.version {
            cx.warn(
                "version-mismatch",
                "checklist_version",
                msg::version_mismatch(v, &c.id, &c.version),
            )
            .hint = Some(msg::version_mismatch_hint());
        }
    }
    let all = c.walk();
    let by_id: HashMap<&str, _> = all.iter().map(|(_, i)| (i.id.as_str(), *i)).collect();
    let leaf_ids: Vec<String> = c.leaves().map(|i| i.id.clone()).collect();
    for (id, a) in &r.answers {
        let at = format!("answers.{id}");
        match by_id.get(id.as_str()) {
            None => match whole.part_of_item(id) {
                Some(part) => {
                    cx.error_key(
                        "item-not-chosen",
                        &at,
                        msg::item_not_chosen(id, part.short_name(), &part.title),
                    )
                    .hint = Some(msg::item_not_chosen_hint(
                        Selection::parse(&r.checklist).with_parts(&[part.short_name().to_string()]),
                    ));
                }
                None => {
                    cx.error_key("unknown-item", &at, msg::no_such_item(&c.id, id))
                        .hint = Some(suggest(id, &leaf_ids, "item id"));
                }
            },
            Some(item) if item.is_group() => {
                let subs: Vec<String> = item.items.iter().map(|i| format!("`{}`", i.id)).collect();
                cx.error_key("group-answered", &at, msg::group_answered(id))
                    .hint = Some(msg::answer_sub_items(subs.join(i18n::pick(", ", "、"))));
            }
            Some(item) => {
                if let Some(h) = a.hazard() {
                    if item.severity_in(c.kind) == Severity::Major {
                        let missing: Vec<String> = five_in_place(h)
                            .iter()
                            .filter(|(_, _, ok)| !ok)
                            .map(|(f, cn, _)| format!("{cn} `{f}`"))
                            .collect();
                        if !missing.is_empty() {
                            cx.warn_key(
                                "five-in-place",
                                &at,
                                if missing.len() == 1 {
                                    msg::lacks_five_in_place(id, missing.join(", "))
                                } else {
                                    msg::lacks_five_in_place_many(
                                        id,
                                        missing.join(i18n::pick(", ", "、")),
                                    )
                                },
                            )
                            .hint = Some(msg::five_in_place_hint());
                        }
                    }
                }
            }
        }
    }
    let answered: HashSet<&str> = r.answers.iter().map(|(k, _)| k.as_str()).collect();
    let missing: Vec<&String> = leaf_ids
        .iter()
        .filter(|id| !answered.contains(id.as_str()))
        .collect();
    if !missing.is_empty() {
        const SHOWN: usize = 12;
        let mut list: Vec<String> = missing
            .iter()
            .take(SHOWN)
            .map(|i| format!("`{i}`"))
            .collect();
        if missing.len() > SHOWN {
            list.push(msg::and_more(missing.len() - SHOWN));
        }
        let text = msg::unanswered(
            missing.len(),
            leaf_ids.len(),
            &c.id,
            list.join(i18n::pick(", ", "、")),
        );
        let d = if allow_incomplete {
            cx.warn_key("unanswered", "answers", text)
        } else {
            let d = cx.error_key("unanswered", "answers", text);
            d.hint = Some(msg::unanswered_hint());
            d
        };
        if allow_incomplete {
            d.hint = Some(msg::unanswered_allowed_hint());
        }
    }
    if c.kind == Kind::Duties {
        for (id, a) in &r.answers {
            if let Some(h) = a.hazard() {
                if h.plan.is_some() {
                    cx.warn_key(
                        "plan-on-duty",
                        &format!("answers.{id}.plan"),
                        msg::plan_on_duty(id),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_results_files() {
        assert_eq!(
            detect_kind("checklist: x\nanswers:\n  a: ok\n"),
            InputKind::Results
        );
        assert_eq!(detect_kind("id: x\nkind: hazards\n"), InputKind::Checklist);
        assert_eq!(detect_kind("[1, 2"), InputKind::Checklist);
        assert_eq!(detect_kind("- answers: 1\n"), InputKind::Checklist);
    }

    #[test]
    fn answers_keep_file_order_and_shapes() {
        let t = "checklist: c\nentity: {name: 某公司, uscc: 91350100M000100Y43}\ndate: 2025-03-12\nanswers:\n  b: ok\n  a: na\n  c: {status: hazard, finding: 无台账, funds: 1500}\n";
        let r: Result<Results, _> = serde_norway::from_str(t);
        let r = r.map_err(|e| e.to_string());
        let Ok(r) = r else {
            panic!("{r:?}");
        };
        let keys: Vec<&str> = r.answers.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["b", "a", "c"]);
        assert_eq!(r.answer("b"), Some(&Answer::Ok));
        assert_eq!(r.answer("a"), Some(&Answer::Na));
        let h = r.answer("c").and_then(Answer::hazard);
        assert_eq!(h.map(|h| h.funds), Some(Some(1500.0)));
    }

    #[test]
    fn bad_answers_are_errors() {
        for (t, want) in [
            ("  a: okay\n", "unknown variant `okay`"),
            ("  a: hazard\n", "a hazard needs details"),
            ("  a: {status: hazard}\n", "missing field `finding`"),
            ("  a: {status: bad, finding: x}\n", "unknown variant `bad`"),
        ] {
            let full = format!(
                "checklist: c\nentity: {{name: x, uscc: y}}\ndate: 2025-03-12\nanswers:\n{t}"
            );
            let e = serde_norway::from_str::<Results>(&full)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
            assert!(e.contains(want), "{t}: {e}");
        }
    }
}

#[cfg(test)]
mod checksum_tests {
    use super::*;
    use sha2::{Digest, Sha256};

    fn signed(body: &str) -> String {
        format!(
            "{body}{CHECKSUM_PREFIX}{:x}\n",
            Sha256::digest(checksum_body(body).as_bytes())
        )
    }

    #[test]
    fn the_body_ignores_line_ends_and_trailing_blanks_only() {
        let a = "a: 1\nb: \"x y\"\n";
        assert_eq!(checksum_body(a), a);
        assert_eq!(checksum_body("a: 1  \r\nb: \"x y\"\t\r\n"), a);
        assert_eq!(checksum_body(&format!("{a}{CHECKSUM_PREFIX}00\n")), a);
        // Blanks inside a line and blank lines count.
        assert_ne!(checksum_body("a:  1\nb: \"x y\"\n"), a);
        assert_ne!(checksum_body("a: 1\n\nb: \"x y\"\n"), a);
    }

    #[test]
    fn a_matching_checksum_is_silent_and_an_edit_is_named() {
        let p = Path::new("r.yaml");
        let t = signed("checklist: x\nanswers:\n  a: ok\n");
        assert!(check_export_checksum(p, &t).is_none());
        assert!(check_export_checksum(p, &t.replace('\n', "\r\n")).is_none());
        assert!(check_export_checksum(p, &format!("{t}\n\n")).is_none());
        let d = check_export_checksum(p, &t.replace("a: ok", "a: na")).unwrap();
        assert_eq!((d.code, d.line, d.column), ("edited-after-export", 4, 1));
        assert!(!d.is_error());
        // No checksum line: nothing to say; one not last: not the export's.
        assert!(check_export_checksum(p, "a: ok\n").is_none());
        assert!(check_export_checksum(p, &format!("{t}b: 1\n")).is_none());
        // A damaged checksum is a mismatch too.
        let d = check_export_checksum(p, &format!("a: ok\n{CHECKSUM_PREFIX}zz\n")).unwrap();
        assert_eq!(d.line, 2);
    }
}
