//! `qingdan letters`: a mail merge of one event and a roster into one warning
//! letter (警示提醒函) per recipient, each with the self-check sheet of the
//! recipient's industry attached.
//!
//! Steps: load checklists, the event and the roster; check every row (name,
//! industry mapped to a checklist, 统一社会信用代码, duplicates) and stop before
//! writing anything if a row is bad (unless `--skip-invalid`); then render the
//! letters in parallel and hand each to a few writer threads that write its files
//! atomically, through a bounded channel, so memory holds only the letters in
//! flight; finally `index.csv`. PDF letters go through a [`pdf::Batch`] per
//! attachment: the text all letters share is embedded as one identical font
//! subset, deflated once.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use serde::Serialize;

use crate::build::{self, Invalid};
use crate::i18n::{self, msg};
use crate::model::compose::{part_owner, select, split_parts, ComposeError, Selection};
use crate::model::event::{self, Event};
use crate::model::load::{closest, suggest};
use crate::model::roster::{self, Recipient};
use crate::model::{Checklist, Diagnostic};
use crate::output::{self, Format};
use crate::pdf;
use crate::render::{checklist_context, Row, Templates};
use crate::{fsutil, mailmerge};

/// Name of the letter template.
pub const TEMPLATE: &str = "warning-letter";

/// Resolved options for `qingdan letters`.
#[derive(Debug, Clone)]
pub struct Options {
    /// The event file.
    pub event: PathBuf,
    /// The roster file (.csv, .xlsx, .yaml).
    pub roster: PathBuf,
    /// Folder of checklists, laid over the built-in catalogue (it need not exist).
    pub checklists: PathBuf,
    /// Template override folders.
    pub templates: Vec<PathBuf>,
    /// Industry → checklist from the configuration, for industries the event
    /// does not map itself.
    pub industries: std::collections::BTreeMap<String, Option<String>>,
    /// Output folder.
    pub out: PathBuf,
    /// Formats to write.
    pub formats: Vec<Format>,
    /// Also write every letter into this one PDF, each starting on an odd page.
    pub combined: Option<PathBuf>,
    /// Leave out bad rows instead of stopping.
    pub skip_invalid: bool,
    /// Also write each recipient's self-check page, pre-filled and composed.
    pub pages: bool,
    /// Show a progress bar (on a terminal, not with --quiet).
    pub progress: bool,
}

/// One letter written.
#[derive(Debug, Clone, Serialize)]
pub struct Letter {
    /// Running number (1-based).
    pub no: usize,
    /// Recipient name.
    pub recipient: String,
    /// 发文字号 of this letter.
    pub doc_no: String,
    /// Checklist attached, if any.
    pub checklist: String,
    /// Files written, one per format.
    pub files: Vec<PathBuf>,
    /// Pages of the PDF letter (0 without PDF output).
    pub pages: usize,
    /// The recipient's self-check page, with `--pages` and a hazard or
    /// inspection sheet.
    pub page: Option<PathBuf>,
}

/// End of a self-check page's file name, after the letter's stem.
pub const PAGE_SUFFIX: &str = "-自查填报.html";

/// What `letters` did.
#[derive(Debug, Default)]
pub struct Summary {
    /// Letters written, in roster order.
    pub letters: Vec<Letter>,
    /// Roster rows left out (with --skip-invalid).
    pub skipped: Vec<usize>,
    /// Warnings and, with --skip-invalid, the errors of skipped rows.
    pub diags: Vec<(Diagnostic, String)>,
    /// Seconds spent.
    pub seconds: f64,
    /// Pages in the combined PDF, if one was written.
    pub combined_pages: usize,
    /// Letters of an earlier run in the same folder that this run did not
    /// write again (their recipients left the roster), removed.
    pub removed: Vec<PathBuf>,
}

/// Refuses a `--combined` file that is an input (the roster, the event, an
/// attachment, a checklist) or a file this run writes (a letter, `index.csv`),
/// comparing canonical paths, before anything is written.
fn check_combined(opts: &Options, combined: &Path, stems: &[String]) -> Result<()> {
    let mut inputs: Vec<(PathBuf, String)> = vec![
        (opts.roster.clone(), msg::the_roster()),
        (opts.event.clone(), msg::the_event_file()),
    ];
    if let Ok(files) = crate::model::find_yaml(&opts.checklists) {
        inputs.extend(files.into_iter().map(|f| (f, msg::a_checklist())));
    }
    mailmerge::check_combined(
        combined,
        &inputs,
        &mailmerge::outputs(&opts.out, stems, &opts.formats),
    )
}

/// The data the letter template sees.
#[derive(Serialize)]
struct LetterContext<'a> {
    event: &'a Event,
    recipient: &'a Recipient,
    doc_no: String,
    no: usize,
    checklist: Option<&'a Checklist>,
    rows: Vec<Row>,
    /// Every row cites one source: the 检查依据 column shows clauses alone.
    single_source: bool,
    printer: &'a str,
    print_date: &'a str,
}

/// Each recipient's self-check sheet: the composed checklist attached to its
/// letter, by the selection that names it (`gongmao-major-hazards:机械,粉尘爆炸`).
#[derive(Debug, Default)]
struct Sheets {
    /// Per recipient, in order: the selection's text, "" for no sheet.
    keys: Vec<String>,
    /// The composed checklists by selection text.
    lists: BTreeMap<String, Checklist>,
}

impl Sheets {
    /// The sheet of recipient `i`.
    fn of(&self, i: usize) -> Option<&Checklist> {
        self.keys.get(i).and_then(|k| self.lists.get(k))
    }

    /// The key of recipient `i` ("" for none).
    fn key(&self, i: usize) -> &str {
        self.keys.get(i).map_or("", String::as_str)
    }
}

/// The selection for one recipient: its 行业 mapped by the event (or, when the
/// event does not list it, the one checklist with a part of that name), plus
/// the parts in its 专项 column. `Err` is (column key, message, hint).
fn selection_for(
    event: &Event,
    checklists: &[Checklist],
    r: &Recipient,
) -> std::result::Result<Option<Selection>, (&'static str, String, String)> {
    let industry = r.industry.trim();
    let specials = split_parts(&r.special);
    let base = match event.self_check.checklists.get(industry) {
        Some(Some(v)) => Some(Selection::parse(v)),
        Some(None) => None,
        None => match part_owner(checklists, industry) {
            Ok(Some(c)) => Some(Selection {
                checklist: c.id.clone(),
                parts: vec![industry.to_string()],
            }),
            Ok(None) => {
                let known: Vec<String> = event.self_check.checklists.keys().cloned().collect();
                // A part's name is an industry too (机械, 尾矿库): the closest of
                // the event's industries and the parts' names, else the list.
                let names = checklists
                    .iter()
                    .flat_map(Checklist::parts)
                    .flat_map(|s| s.aliases.iter().chain([&s.id, &s.title]));
                let close = closest(industry, known.iter().chain(names).map(String::as_str));
                let hint = match close {
                    Some(name) => msg::did_you_mean(name),
                    None if known.is_empty() => msg::map_industries_hint(),
                    None => suggest(industry, &known, "industry"),
                };
                return Err(("industry", msg::industry_no_checklist(industry), hint));
            }
            Err(owners) => {
                return Err((
                    "industry",
                    msg::industry_several(industry, owners.join(i18n::pick(", ", "、"))),
                    msg::industry_several_hint(industry, &owners[0]),
                ))
            }
        },
    };
    let Some(base) = base else {
        if specials.is_empty() {
            return Ok(None);
        }
        return Err((
            "special",
            msg::special_without_sheet(r.special.trim(), industry),
            msg::special_without_sheet_hint(),
        ));
    };
    Ok(Some(base.with_parts(&specials)))
}

/// The ids of the checklists a run can need: those the event's
/// `self_check.checklists` and the configuration's industries map to, when
/// every roster row's industry is one of theirs. `None` (all of them) when a
/// row's industry is not mapped (it may name a part of any checklist), when an
/// id is not a built-in's, or when the event cannot be read here (loading it
/// reports why, against them all).
fn needed_checklists(
    opts: &Options,
    text: &str,
    recipients: &[Recipient],
) -> Option<std::collections::BTreeSet<String>> {
    crate::model::load::check_nesting(&opts.event, text).map_or(Some(()), |_| None)?;
    let value: serde_norway::Value = serde_norway::from_str(text).ok()?;
    let map = value.get("self_check")?.get("checklists")?.as_mapping()?;
    let mut industries = std::collections::BTreeSet::new();
    let mut ids = std::collections::BTreeSet::new();
    for (k, v) in map {
        industries.insert(k.as_str()?.trim().to_string());
        if let Some(sel) = v.as_str() {
            ids.insert(Selection::parse(sel).checklist);
        }
    }
    for (industry, id) in &opts.industries {
        industries.insert(industry.trim().to_string());
        if let Some(id) = id {
            ids.insert(Selection::parse(id).checklist);
        }
    }
    // An id that is no built-in's (a folder's own checklist, or a typo whose
    // did-you-mean lists them all) loads them all.
    let builtin = crate::model::builtin::ids();
    let known = ids.iter().all(|id| builtin.contains(id));
    (known
        && recipients
            .iter()
            .all(|r| industries.contains(r.industry.trim())))
    .then_some(ids)
}

/// Loads and checks everything; returns the event, recipients to write, their
/// sheets, or the diagnostics that stop the run.
fn prepare(opts: &Options) -> Result<(Event, Vec<Recipient>, Sheets, Summary)> {
    let roster = roster::read(&opts.roster).map_err(|d| Invalid {
        diags: vec![(d, String::new())],
    })?;
    // The folder's checklists over the built-in catalogue: of the built-ins,
    // those the event and the configuration map industries to, when every
    // row's industry is mapped (else a row's industry may name a part of any).
    // The event is read once: first looked at for the checklists it maps,
    // then loaded and checked against them.
    let event_text = crate::model::load::read_text(&opts.event);
    let only = event_text
        .as_ref()
        .ok()
        .and_then(|text| needed_checklists(opts, text, &roster.recipients));
    let files = crate::model::builtin::Catalogue::load_only(&opts.checklists, only.as_ref())
        .map_err(|d| Invalid {
            diags: vec![(d, String::new())],
        })?
        .files;
    let mut diags: Vec<(Diagnostic, String)> = Vec::new();
    let mut checklists = Vec::new();
    for f in files {
        for d in f.diags.iter().filter(|d| d.is_error()) {
            diags.push((d.clone(), f.text.clone()));
        }
        if let Some(c) = f.checklist {
            checklists.push(c);
        }
    }
    let ef = event::event_from(&opts.event, event_text, &checklists);
    for d in &ef.diags {
        diags.push((d.clone(), ef.text.clone()));
    }
    let pdf = opts.formats.contains(&Format::Pdf);
    if pdf && ef.event.is_some() {
        for d in output::missing_glyphs(&opts.event, &ef.text, "serif")? {
            diags.push((d, ef.text.clone()));
        }
    }
    let (Some(mut event), false) = (ef.event, diags.iter().any(|(d, _)| d.is_error())) else {
        return Err(Invalid { diags }.into());
    };
    // Industries from the configuration fill in what the event leaves out.
    for (industry, id) in &opts.industries {
        if let Some(id) = id {
            if let Err(e) = select(&checklists, &Selection::parse(id)) {
                let d = Diagnostic::error(
                    "unknown-checklist",
                    Path::new(crate::config::FILE_NAME),
                    msg::config_industry_maps(industry, id, &e),
                )
                .hint(e.hint());
                return Err(Invalid {
                    diags: vec![(d, String::new())],
                }
                .into());
            }
        }
        event
            .self_check
            .checklists
            .entry(industry.clone())
            .or_insert_with(|| id.clone());
    }

    // Each row's sheet: industry (and 专项) → a composed checklist.
    let mut bad_rows = roster.bad_rows.clone();
    let mut row_diags = roster.diags.clone();
    let mut chosen: Vec<Option<Selection>> = Vec::with_capacity(roster.recipients.len());
    let mut composed: BTreeMap<String, std::result::Result<Checklist, ComposeError>> =
        BTreeMap::new();
    let fonts = if pdf { Some(output::fonts()?) } else { None };
    for r in &roster.recipients {
        if let Some(fonts) = fonts {
            for (key, col, value) in [
                ("name", "名称", &r.name),
                ("address", "地址", &r.address),
                ("contact", "联系人", &r.contact),
                ("phone", "电话", &r.phone),
            ] {
                let missing = fonts.missing_chars("serif", value);
                if let Some(ch) = missing.first() {
                    let mut d = Diagnostic::error(
                        "missing-glyph",
                        &opts.roster,
                        msg::row_glyph_missing(r.row, col, format!("{:04X}", u32::from(*ch)), ch),
                    );
                    d.line = r.row;
                    d.column = roster.column(key);
                    d.hint = Some(msg::glyph_missing_hint());
                    row_diags.push(d);
                    bad_rows.push(r.row);
                }
            }
        }
        // Each distinct selection is composed once, however many rows share it.
        let resolved = selection_for(&event, &checklists, r).and_then(|sel| match sel {
            None => Ok(None),
            Some(sel) => match composed
                .entry(sel.to_string())
                .or_insert_with(|| select(&checklists, &sel))
            {
                Ok(_) => Ok(Some(sel)),
                Err(e) => Err(("special", e.to_string(), e.hint())),
            },
        });
        match resolved {
            Ok(sel) => chosen.push(sel),
            Err((key, what, hint)) => {
                let col = if key == "industry" {
                    "行业"
                } else {
                    "专项"
                };
                let mut d = Diagnostic::error(
                    "roster-row",
                    &opts.roster,
                    msg::roster_row(r.row, col, what),
                );
                d.line = r.row;
                d.column = roster.column(key);
                d.hint = Some(hint);
                row_diags.push(d);
                bad_rows.push(r.row);
                chosen.push(None);
            }
        }
    }
    let row_errors = row_diags.iter().any(Diagnostic::is_error);
    let row_pairs: Vec<(Diagnostic, String)> =
        row_diags.into_iter().map(|d| (d, String::new())).collect();
    if row_errors && !opts.skip_invalid {
        return Err(Invalid { diags: row_pairs }.into());
    }
    bad_rows.sort_unstable();
    bad_rows.dedup();
    let mut sheets = Sheets::default();
    let mut recipients = Vec::new();
    for (r, sel) in roster.recipients.into_iter().zip(chosen) {
        if bad_rows.binary_search(&r.row).is_ok() {
            continue;
        }
        let key = sel.as_ref().map(Selection::to_string).unwrap_or_default();
        if let Some(sel) = sel {
            if !sheets.lists.contains_key(&key) {
                let Some(Ok(mut c)) = composed.remove(&key) else {
                    anyhow::bail!(msg::sheet_not_composed(sel));
                };
                // The event's legacy `sections` filter still narrows a sheet.
                if let Some(only) = event.self_check.sections.get(&c.id) {
                    c.sections.retain(|s| only.contains(&s.id));
                }
                sheets.lists.insert(key.clone(), c);
            }
        }
        sheets.keys.push(key);
        recipients.push(r);
    }
    let summary = Summary {
        skipped: bad_rows,
        diags: row_pairs,
        ..Summary::default()
    };
    Ok((event, recipients, sheets, summary))
}

pub use crate::mailmerge::file_stems;

/// Renders the Markdown of one letter and its 发文字号.
fn letter_markdown(
    templates: &Templates,
    event: &Event,
    r: &Recipient,
    no: usize,
    sheet: Option<&Checklist>,
) -> Result<(String, String)> {
    let (rows, single_source) = sheet.map_or_else(
        || (Vec::new(), true),
        |c| {
            let ctx = checklist_context(c, TEMPLATE);
            (ctx.rows, ctx.single_source)
        },
    );
    let doc_no = event.doc_no_for(no - 1);
    let ctx = LetterContext {
        event,
        recipient: r,
        doc_no: doc_no.clone(),
        no,
        checklist: sheet,
        rows,
        single_source,
        printer: event.printer.as_deref().unwrap_or(&event.issuer),
        print_date: event.print_date.as_deref().unwrap_or(&event.date),
    };
    let md = templates.render(TEMPLATE, &ctx)?;
    Ok((md, doc_no))
}

/// Letters sampled per attachment to find the glyphs they have in common.
const SAMPLE: usize = 4;

/// One [`pdf::Batch`] per attached checklist ("" for none): its base glyphs are
/// those that the first [`SAMPLE`] letters of that group all draw, less the
/// glyphs only those recipients' names use: the text every letter of the group
/// shares. Depends only on the inputs, so the letters' bytes do too.
fn batches(
    templates: &Templates,
    event: &Event,
    recipients: &[Recipient],
    sheets: &Sheets,
) -> Result<BTreeMap<String, pdf::Batch>> {
    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for i in 0..recipients.len() {
        let g = groups.entry(sheets.key(i).to_string()).or_default();
        if g.len() < SAMPLE {
            g.push(i);
        }
    }
    let mut out = BTreeMap::new();
    let fonts = output::fonts()?;
    // A letter alone in its group shares nothing: one subset is smaller.
    for (key, sample) in groups.into_iter().filter(|(_, g)| g.len() > 1) {
        let mut common: Option<pdf::GlyphSet> = None;
        let mut names = pdf::GlyphSet::new();
        for i in sample {
            let r = &recipients[i];
            let (md, doc_no) = letter_markdown(templates, event, r, i + 1, sheets.of(i))
                .with_context(|| msg::letter_to_row(&r.name, r.row))?;
            let (pages, _) = output::layout_pdf(&md).with_context(|| msg::letter_to(&r.name))?;
            // A glyph of the name (or of the 发文字号, whose number changes) that
            // the letter draws in its face no more often than the name's
            // appearances in that face account for is the name's alone.
            let runs = || {
                pages
                    .iter()
                    .flat_map(|p| &p.items)
                    .filter_map(|(_, item)| match item {
                        pdf::Item::Text(run) => Some(run),
                        _ => None,
                    })
            };
            let mut in_face: std::collections::HashMap<(pdf::FaceId, char), usize> =
                Default::default();
            for run in runs() {
                for g in &run.glyphs {
                    *in_face.entry((run.face, g.ch)).or_default() += 1;
                }
            }
            for own in [r.name.as_str(), doc_no.as_str()] {
                let in_own = |c: char| own.chars().filter(|x| *x == c).count();
                // How often the text is shown in a face: its rarest character's
                // count there (characters the face lacks are drawn by another).
                // A 襄 of the issuer in the letterhead's serif is not the name's
                // 襄 in the 仿宋 body.
                let shown = |face: pdf::FaceId| {
                    own.chars()
                        .filter(|c| fonts.face(face).glyph(*c).is_some())
                        .map(|c| in_face.get(&(face, c)).copied().unwrap_or(0) / in_own(c))
                        .min()
                        .unwrap_or(0)
                };
                for run in runs() {
                    for g in &run.glyphs {
                        let n = in_own(g.ch);
                        let drawn = in_face.get(&(run.face, g.ch)).copied().unwrap_or(0);
                        if n > 0 && drawn <= n * shown(run.face) {
                            names.entry(run.face).or_default().insert(g.gid);
                        }
                    }
                }
            }
            let used = pdf::glyphs(&pages);
            common = Some(match common {
                None => used,
                Some(c) => c
                    .into_iter()
                    .map(|(face, gids)| {
                        let both = used.get(&face).map_or_else(Default::default, |u| {
                            gids.intersection(u).copied().collect()
                        });
                        (face, both)
                    })
                    .collect(),
            });
        }
        let mut base = common.unwrap_or_default();
        for (face, gids) in &mut base {
            if let Some(n) = names.get(face) {
                gids.retain(|g| !n.contains(g));
            }
        }
        out.insert(key, pdf::Batch::new(base));
    }
    Ok(out)
}

/// Runs `qingdan letters`.
pub fn run(opts: &Options) -> Result<Summary> {
    let started = std::time::Instant::now();
    // The print file is made of PDF letters: said before anything is read or
    // written (the output folder is not even created).
    if opts.combined.is_some() && !opts.formats.contains(&Format::Pdf) {
        anyhow::bail!(msg::combined_needs_pdf());
    }
    let (event, recipients, sheets, mut summary) = prepare(opts)?;
    let templates = Templates::load(&build::template_dirs(&opts.checklists, &opts.templates))?;
    let names: Vec<&str> = recipients.iter().map(|r| r.name.as_str()).collect();
    let stems = file_stems(&names);
    if let Some(c) = &opts.combined {
        check_combined(opts, c, &stems)?;
    }
    // The letters of an earlier run here, read before index.csv is replaced.
    let earlier = earlier_letters(&opts.out);
    fsutil::remove_stale_temps(&opts.out, 0);
    std::fs::create_dir_all(&opts.out).with_context(|| msg::creating(opts.out.display()))?;

    let bar = opts.progress.then(|| {
        mailmerge::progress_bar(
            recipients.len(),
            i18n::pick(
                "{bar:40} {pos}/{len} letters {elapsed_precise}",
                "{bar:40} {pos}/{len} 份函 {elapsed_precise}",
            ),
        )
    });
    let fonts = output::fonts()?;
    let batches = if opts.formats.contains(&Format::Pdf) {
        batches(&templates, &event, &recipients, &sheets)?
    } else {
        BTreeMap::new()
    };
    let letters = mailmerge::write_all(recipients.len(), bar.as_ref(), |i| {
        let (r, stem) = (&recipients[i], &stems[i]);
        let (md, doc_no) = letter_markdown(&templates, &event, r, i + 1, sheets.of(i))
            .with_context(|| msg::letter_to_row(&r.name, r.row))?;
        let checklist = sheets.key(i).to_string();
        let mut files = Vec::new();
        let mut page_count = 0;
        for f in &opts.formats {
            let bytes = if *f == Format::Pdf {
                let (p, info) = output::layout_pdf(&md).with_context(|| msg::letter_to(&r.name))?;
                let bytes = match batches.get(&checklist) {
                    Some(b) => b.write(&p, fonts, &info)?,
                    None => pdf::write(&p, fonts, &info)?,
                };
                page_count = p.len();
                bytes
            } else {
                output::convert(&md, *f).with_context(|| msg::letter_to(&r.name))?
            };
            files.push((opts.out.join(format!("{stem}.{}", f.ext())), bytes));
        }
        let paths = files.iter().map(|(p, _)| p.clone()).collect();
        let page = match sheets.of(i) {
            Some(c) if opts.pages && crate::page::applies_to(c.kind) => {
                let prefill = crate::page::Prefill {
                    name: r.name.clone(),
                    uscc: r.uscc.clone(),
                    address: r.address.clone(),
                    contact: r.contact.clone(),
                    phone: r.phone.clone(),
                };
                let path = opts.out.join(format!("{stem}{PAGE_SUFFIX}"));
                files.push((path.clone(), crate::page::render(c, &prefill).into_bytes()));
                Some(path)
            }
            _ => None,
        };
        let letter = Letter {
            no: i + 1,
            recipient: r.name.clone(),
            doc_no,
            checklist,
            files: paths,
            pages: page_count,
            page,
        };
        Ok((files, letter))
    })?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    summary.letters = letters;
    if let Some(path) = &opts.combined {
        let info = pdf::Info {
            title: Some(format!("{}（合订本）", event.title)),
            author: Some(event.issuer.clone()),
            subject: Some("警示提醒函".into()),
            date: crate::model::validate::parse_date(&event.date),
        };
        summary.combined_pages = mailmerge::combine(
            summary
                .letters
                .iter()
                .filter_map(|l| mailmerge::first_pdf(&l.files)),
            path,
            &info,
        )?;
    }
    write_index(&opts.out, &summary.letters)?;
    // Letters of an earlier run to recipients no longer in the roster.
    let written: Vec<PathBuf> = summary
        .letters
        .iter()
        .flat_map(|l| l.files.iter().chain(&l.page).cloned())
        .collect();
    summary.removed = fsutil::remove_earlier(&opts.out, &earlier, &written)
        .with_context(|| msg::removing_old_letters(opts.out.display()))?;
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// The files an earlier run wrote in `out`, by its `index.csv`: each letter's
/// file in every format (the index names the first) and its self-check page.
fn earlier_letters(out: &Path) -> Vec<String> {
    mailmerge::earlier_files(out, 2, &[PAGE_SUFFIX])
}

/// `index.csv` (UTF-8 with BOM, for Excel/WPS): number, recipient, file, 发文字号,
/// checklist, pages, self-check page.
fn write_index(out: &Path, letters: &[Letter]) -> Result<()> {
    mailmerge::write_index(
        out,
        &[
            "序号",
            "收件单位",
            "文件",
            "发文字号",
            "附件清单",
            "页数",
            "自查填报页",
        ],
        letters.iter().map(|l| {
            vec![
                l.no.to_string(),
                l.recipient.clone(),
                l.files
                    .first()
                    .map(|p| mailmerge::file_name(p))
                    .unwrap_or_default(),
                l.doc_no.clone(),
                l.checklist.clone(),
                if l.pages > 0 {
                    l.pages.to_string()
                } else {
                    String::new()
                },
                l.page
                    .as_ref()
                    .map(|p| mailmerge::file_name(p))
                    .unwrap_or_default(),
            ]
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `index.csv`: BOM, header, one row per letter; 页数 only where the pages
    /// were counted (PDF), so 0 is an empty cell and 1 is "1".
    #[test]
    fn index_csv_has_a_row_per_letter_and_pages_only_when_counted() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let letter = |no: usize, name: &str, ext: &str, pages: usize, page: bool| Letter {
            no,
            recipient: name.into(),
            doc_no: format!("襄安委办函〔2025〕{}号", no + 11),
            checklist: "gongmao".into(),
            files: vec![dir.path().join(format!("{no:03}-{name}.{ext}"))],
            pages,
            page: page.then(|| dir.path().join(format!("{no:03}-{name}{PAGE_SUFFIX}"))),
        };
        let letters = [
            letter(1, "甲厂", "md", 0, false),
            letter(2, "乙厂", "pdf", 1, true),
            letter(3, "=丙厂", "pdf", 12, false),
        ];
        write_index(dir.path(), &letters).unwrap_or_else(|e| panic!("{e:#}"));
        let bytes = std::fs::read(dir.path().join("index.csv")).unwrap_or_else(|e| panic!("{e}"));
        let text = String::from_utf8_lossy(&bytes);
        assert_eq!(
            text,
            "\u{feff}序号,收件单位,文件,发文字号,附件清单,页数,自查填报页\n\
             1,甲厂,001-甲厂.md,襄安委办函〔2025〕12号,gongmao,,\n\
             2,乙厂,002-乙厂.pdf,襄安委办函〔2025〕13号,gongmao,1,002-乙厂-自查填报.html\n\
             3,'=丙厂,003-=丙厂.pdf,襄安委办函〔2025〕14号,gongmao,12,\n"
        );
    }
}
