//! The event input: an accident elsewhere and what a safety office asks of every
//! recipient, for `qingdan letters` (警示提醒函).
//!
//! ```yaml
//! issuer: 襄汾县安全生产委员会办公室
//! doc_no: 襄安委办函〔2025〕{n}号      # {n}: running number from number_from
//! number_from: 12
//! date: 2025-03-10                      # 成文日期
//! title: 关于深刻吸取……事故教训切实做好……工作的警示提醒函
//! accident: { date, place, enterprise, kind, deaths, injuries, loss, summary, cause }
//! lessons: [ … ]
//! requirements: [ … ]                   # numbered 一、二、三 in the letter
//! self_check:
//!   checklists: { 工贸: gongmao-major-hazards, 燃气: gas-major-hazards, 乡镇: ~ }
//!   deadline: 2025-03-31
//!   report: 书面自查报告报送县安委办
//! contact: { name, phone, email }
//! cc: [ … ]                              # 抄送
//! public: true                           # （此件主动公开）
//! ```

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::checklist::Checklist;
use super::compose::{select, ComposeError, Selection};
use super::diag::Diagnostic;
use super::load::{self, suggest};
use super::pos::SourceMap;
use super::validate::parse_date;
use crate::i18n::msg;

/// The accident the letter is about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Accident {
    /// When it happened (YYYY-MM-DD).
    pub date: String,
    /// Where (province, city, county).
    pub place: String,
    /// The enterprise where it happened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enterprise: Option<String>,
    /// Kind of accident (粉尘爆炸, 燃气爆炸, 有限空间中毒 …).
    pub kind: String,
    /// Deaths.
    #[serde(default)]
    pub deaths: u32,
    /// Injuries.
    #[serde(default)]
    pub injuries: u32,
    /// Direct economic loss, as written (约500万元).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loss: Option<String>,
    /// What happened.
    pub summary: String,
    /// Preliminary cause.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<String>,
}

/// The self-check each recipient must do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SelfCheck {
    /// Industry (as written in the roster) → checklist, with its parts where it
    /// is composed (`机械: gongmao-major-hazards:机械`); `~` (null) for recipients
    /// who get the letter without a self-check sheet (乡镇, 部门). An industry
    /// not listed here that names a part of one checklist (机械, 尾矿库) gets that
    /// checklist's common sections and that part.
    pub checklists: BTreeMap<String, Option<String>>,
    /// Only these sections of a checklist (checklist id → section ids).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub sections: BTreeMap<String, Vec<String>>,
    /// Deadline for the self-check and the report back (YYYY-MM-DD).
    pub deadline: String,
    /// How and to whom to report back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report: Option<String>,
}

/// Who to call with questions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// Name.
    pub name: String,
    /// Phone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// E-mail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

/// A warning-letter event file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// Issuing office (发文机关), e.g. 襄汾县安全生产委员会办公室.
    pub issuer: String,
    /// 发文字号; `{n}` is replaced by a running number per letter.
    pub doc_no: String,
    /// First running number for `{n}` (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number_from: Option<u32>,
    /// 成文日期 (YYYY-MM-DD).
    pub date: String,
    /// Letter title.
    pub title: String,
    /// The accident.
    pub accident: Accident,
    /// Lessons (暴露问题).
    #[serde(default)]
    pub lessons: Vec<String>,
    /// Requirements (工作要求), numbered 一、二、三.
    pub requirements: Vec<String>,
    /// The self-check asked for.
    pub self_check: SelfCheck,
    /// Contact person.
    pub contact: Contact,
    /// 抄送.
    #[serde(default)]
    pub cc: Vec<String>,
    /// Print （此件主动公开）.
    #[serde(default)]
    pub public: bool,
    /// Attachments for every recipient, after the self-check sheet (附件2, 3, …).
    #[serde(default)]
    pub attachments: Vec<Attachment>,
    /// GB/T 9704 layout: `letter` (信函格式, the default: the form of a 函, whose
    /// 版记 has no 印发 line) or `file` (文件格式, with the 印发机关 and 印发日期).
    #[serde(default)]
    pub format: LetterFormat,
    /// 印发机关 in the 版记 (default: the issuer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub printer: Option<String>,
    /// 印发日期 (default: the date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub print_date: Option<String>,
}

/// An attachment that every letter carries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Attachment {
    /// Its title, listed in the 附件说明 and printed over it.
    pub title: String,
    /// A Markdown file with its text, relative to the event file; without one the
    /// attachment is only listed (sent separately).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// The file's text (without front matter), read by [`load_event`].
    #[serde(skip_deserializing, default, skip_serializing_if = "Option::is_none")]
    #[schemars(skip)]
    pub body: Option<String>,
}

/// Which GB/T 9704 layout a letter uses.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum LetterFormat {
    /// 信函格式 (GB/T 9704-2012 §10.1).
    #[default]
    Letter,
    /// 文件格式.
    File,
}

impl Event {
    /// The 发文字号 of the letter with running index `i` (0-based).
    pub fn doc_no_for(&self, i: usize) -> String {
        let n = u64::from(self.number_from.unwrap_or(1)) + i as u64;
        self.doc_no.replace("{n}", &n.to_string())
    }
}

/// An event file after loading.
#[derive(Debug)]
pub struct EventFile {
    /// File text, for diagnostics.
    pub text: String,
    /// The event, if there is no error.
    pub event: Option<Event>,
    /// Errors and warnings.
    pub diags: Vec<Diagnostic>,
}

/// Loads an event file and checks it against the available checklists.
pub fn load_event(path: &Path, checklists: &[Checklist]) -> EventFile {
    event_from(path, load::read_text(path), checklists)
}

/// [`load_event`] for a file already read with [`load::read_text`] (for a
/// caller that looked at the text first): the same checks, attachments read.
pub fn event_from(
    path: &Path,
    read: Result<String, (Diagnostic, String)>,
    checklists: &[Checklist],
) -> EventFile {
    let text = match read {
        Ok(t) => t,
        Err((d, text)) => {
            return EventFile {
                text,
                event: None,
                diags: vec![d],
            }
        }
    };
    parse(path, text, checklists, true)
}

/// Reads each attachment's `file` (relative to the event file) into its `body`,
/// checking that it is Markdown qingdan can lay out.
fn read_attachments(e: &mut Event, path: &Path, text: &str, map: &SourceMap) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let dir = path.parent().unwrap_or(Path::new("."));
    for (i, a) in e.attachments.iter_mut().enumerate() {
        let Some(file) = a.file.as_deref() else {
            continue;
        };
        let span = map.value_span(&format!("attachments[{i}].file"));
        let at = |d: Diagnostic| match span {
            Some(s) => d.at(text, s),
            None => d,
        };
        let full = dir.join(file);
        match load::read_text(&full) {
            Ok(md) => {
                let (_, body) = crate::doc::split_front_matter(&md);
                match crate::doc::parse(body) {
                    // Raw HTML from a file someone sent is text, not markup.
                    Ok(_) => a.body = Some(crate::doc::inert_html(body)),
                    Err(err) => out.push(at(Diagnostic::error(
                        "bad-attachment",
                        path,
                        msg::attachment_problem(file, err),
                    ))),
                }
            }
            Err((d, _)) => out.push(at(Diagnostic::error(
                "missing-attachment",
                path,
                msg::attachment_problem(file, &d.message),
            )
            .hint(msg::attachment_hint()))),
        }
    }
    out
}

/// Parses and checks event text that did not come from a file on disk; `path`
/// is only used in diagnostics.
/// Attachment files are not read (their `body` stays empty).
pub fn parse_event(path: &Path, text: String, checklists: &[Checklist]) -> EventFile {
    parse(path, text, checklists, false)
}

/// Parses and checks an event; with `read_files`, also reads the attachments
/// (positions come from the one parse of the event text).
fn parse(path: &Path, text: String, checklists: &[Checklist], read_files: bool) -> EventFile {
    let mut loaded = load::parse_yaml::<Event>(path, text);
    load::name_format(&mut loaded.diags, "qingdan letters");
    let mut diags = loaded.diags;
    if let Some(e) = &loaded.value {
        diags.extend(check(e, path, &loaded.text, &loaded.map, checklists));
    }
    if let (Some(e), true) = (&mut loaded.value, read_files) {
        diags.extend(read_attachments(e, path, &loaded.text, &loaded.map));
    }
    let ok = !diags.iter().any(Diagnostic::is_error);
    EventFile {
        event: if ok { loaded.value } else { None },
        text: loaded.text,
        diags,
    }
}

fn check(
    e: &Event,
    path: &Path,
    text: &str,
    map: &SourceMap,
    checklists: &[Checklist],
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let at = |d: Diagnostic, p: &str, key: bool| -> Diagnostic {
        let span = if key {
            map.key_span(p)
        } else {
            map.value_span(p)
        };
        match span {
            Some(s) => d.at(text, s),
            None => d,
        }
    };
    let dates = [
        ("date", Some(e.date.as_str())),
        ("accident.date", Some(e.accident.date.as_str())),
        ("self_check.deadline", Some(e.self_check.deadline.as_str())),
        ("print_date", e.print_date.as_deref()),
    ];
    for (p, v) in dates {
        if let Some(v) = v {
            if parse_date(v).is_none() {
                out.push(at(
                    Diagnostic::error("bad-date", path, msg::not_a_date(v))
                        .hint(msg::date_hint("2025-03-10")),
                    p,
                    false,
                ));
            }
        }
    }
    if let (Some(d), Some(dl)) = (parse_date(&e.date), parse_date(&e.self_check.deadline)) {
        if dl < d {
            out.push(at(
                Diagnostic::error(
                    "deadline-before-date",
                    path,
                    msg::deadline_before_date(&e.self_check.deadline, &e.date),
                )
                .hint(msg::deadline_before_date_hint()),
                "self_check.deadline",
                false,
            ));
        }
    }
    if e.doc_no.matches("{n}").count() > 1 || (e.doc_no.contains('{') && !e.doc_no.contains("{n}"))
    {
        out.push(at(
            Diagnostic::error("bad-doc-no", path, msg::bad_doc_no(&e.doc_no))
                .hint(msg::bad_doc_no_hint()),
            "doc_no",
            false,
        ));
    }
    if e.doc_no.contains('[') || e.doc_no.contains('(') || e.doc_no.contains('【') {
        out.push(at(
            Diagnostic::warning("doc-no-brackets", path, msg::doc_no_brackets(&e.doc_no))
                .hint("GB/T 9704-2012: 襄安委办函〔2025〕12号"),
            "doc_no",
            false,
        ));
    }
    for (field, value) in [
        ("issuer", &e.issuer),
        ("title", &e.title),
        ("accident.summary", &e.accident.summary),
    ] {
        if value.trim().is_empty() {
            out.push(at(
                Diagnostic::error("empty", path, msg::field_empty(field)),
                field,
                false,
            ));
        }
    }
    if e.requirements.is_empty() {
        out.push(at(
            Diagnostic::error("empty", path, msg::no_requirements())
                .hint(msg::no_requirements_hint()),
            "requirements",
            true,
        ));
    }
    let ids: Vec<String> = checklists.iter().map(|c| c.id.clone()).collect();
    for (industry, id) in &e.self_check.checklists {
        let Some(id) = id else { continue };
        if let Err(err) = select(checklists, &Selection::parse(id)) {
            let code = match err {
                ComposeError::UnknownChecklist { .. } => "unknown-checklist",
                _ => "unknown-part",
            };
            out.push(at(
                Diagnostic::error(code, path, msg::industry_maps_to(industry, id, &err))
                    .hint(err.hint()),
                &format!("self_check.checklists.{industry}"),
                false,
            ));
        }
    }
    for (id, sections) in &e.self_check.sections {
        let Some(c) = checklists.iter().find(|c| &c.id == id) else {
            out.push(at(
                Diagnostic::error(
                    "unknown-checklist",
                    path,
                    msg::sections_unknown_checklist(id),
                )
                .hint(suggest(id, &ids, "checklist id")),
                &format!("self_check.sections.{id}"),
                true,
            ));
            continue;
        };
        let known: Vec<String> = c.sections.iter().map(|s| s.id.clone()).collect();
        for (i, s) in sections.iter().enumerate() {
            if !known.contains(s) {
                out.push(at(
                    Diagnostic::error("unknown-section", path, msg::checklist_no_section(id, s))
                        .hint(suggest(s, &known, "section id")),
                    &format!("self_check.sections.{id}[{i}]"),
                    false,
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn running_doc_numbers_start_at_number_from() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/letters/event.yaml");
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
        let mut e: Event = serde_norway::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(e.number_from, Some(12));
        assert_eq!(e.doc_no_for(0), "襄安委办函〔2025〕12号");
        assert_eq!(e.doc_no_for(1), "襄安委办函〔2025〕13号");
        assert_eq!(e.doc_no_for(9), "襄安委办函〔2025〕21号");
        e.number_from = None;
        assert_eq!(e.doc_no_for(0), "襄安委办函〔2025〕1号");
        assert_eq!(e.doc_no_for(2), "襄安委办函〔2025〕3号");
        e.doc_no = "襄安委办函〔2025〕7号".into();
        assert_eq!(e.doc_no_for(5), "襄安委办函〔2025〕7号", "a fixed number");
    }
}
