//! Tera templates that turn a validated model into Markdown with front matter.
//!
//! The built-in templates are compiled into the binary. A folder of overrides
//! (`templates/` beside the checklists, or `--templates DIR`) replaces any of them
//! by name and may add new ones. Which templates apply to which checklist kind is
//! declared once, in [`BUILTIN`].

mod context;
pub mod depth;
pub mod filters;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use tera::Tera;

pub use context::{checklist_context, ChecklistContext, Counts, Row};

use crate::i18n::msg;
use crate::model::{Checklist, Kind};

/// A built-in template: its name, the kinds it applies to in `build`, its source.
#[derive(Debug, Clone, Copy)]
pub struct Builtin {
    /// Name used on the command line and as the output file stem.
    pub name: &'static str,
    /// Checklist kinds `build` renders it for (empty: used by a dedicated command).
    pub kinds: &'static [Kind],
    /// What the document is, in Chinese.
    pub title: &'static str,
    /// Template source.
    pub source: &'static str,
}

/// Suffix of template files (the output is Markdown; data in it is Markdown-escaped).
pub const SUFFIX: &str = ".md.tera";

/// Every built-in template and the kinds it applies to.
pub const BUILTIN: &[Builtin] = &[
    Builtin {
        name: "inspection-form",
        kinds: &[Kind::Hazards, Kind::Duties, Kind::Inspection],
        title: "检查表",
        source: include_str!("../../templates/inspection-form.md.tera"),
    },
    Builtin {
        name: "self-check-sheet",
        kinds: &[Kind::Hazards, Kind::Inspection],
        title: "自查表",
        source: include_str!("../../templates/self-check-sheet.md.tera"),
    },
    Builtin {
        name: "duty-commitment",
        kinds: &[Kind::Duties],
        title: "履职尽责承诺书",
        source: include_str!("../../templates/duty-commitment.md.tera"),
    },
    Builtin {
        name: "responsibility-list",
        kinds: &[Kind::Responsibilities],
        title: "全员安全生产责任清单",
        source: include_str!("../../templates/responsibility-list.md.tera"),
    },
    Builtin {
        name: "responsibility-pledge",
        kinds: &[],
        title: "岗位安全生产承诺书",
        source: include_str!("../../templates/responsibility-pledge.md.tera"),
    },
    Builtin {
        name: "emergency-cards",
        kinds: &[Kind::EmergencyCards],
        title: "重点岗位应急处置卡",
        source: include_str!("../../templates/emergency-cards.md.tera"),
    },
    Builtin {
        name: "self-check-report",
        kinds: &[],
        title: "自查报告",
        source: include_str!("../../templates/self-check-report.md.tera"),
    },
    Builtin {
        name: "rectification-notice",
        kinds: &[],
        title: "整改通知书",
        source: include_str!("../../templates/rectification-notice.md.tera"),
    },
    Builtin {
        name: "review-opinion",
        kinds: &[],
        title: "整改复查意见书",
        source: include_str!("../../templates/review-opinion.md.tera"),
    },
    Builtin {
        name: "ledger-summary",
        kinds: &[],
        title: "隐患台账汇总",
        source: include_str!("../../templates/ledger-summary.md.tera"),
    },
    Builtin {
        name: "warning-letter",
        kinds: &[],
        title: "警示提醒函",
        source: include_str!("../../templates/warning-letter.md.tera"),
    },
];

/// Shared pieces other templates include (`{% import "macros.tera" as m %}`).
pub const PARTIALS: &[(&str, &str)] =
    &[("macros.tera", include_str!("../../templates/macros.tera"))];

/// Largest rendered document, in bytes: a template that loops without end is
/// stopped here instead of filling the disk.
pub const MAX_OUTPUT_BYTES: usize = 64 * 1024 * 1024;

/// Stack of the thread each render runs on. It is reserved, not used: a
/// built-in template needs well under 1 MiB.
pub const RENDER_STACK: usize = 64 * 1024 * 1024;

/// Longest chain of macro calls and includes (each call is a level of Tera's
/// recursion, with the nesting of [`depth`] inside it).
pub const MAX_CALL_DEPTH: usize = 16;

/// Errors from loading or rendering templates.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A template file could not be read.
    #[error("{}", msg::cannot_read_template(.path.display(), .source))]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// Tera refused a template or failed to render it.
    #[error("{}", msg::template_error(.name, .message))]
    Tera {
        /// Template name.
        name: String,
        /// Tera's message with its causes.
        message: String,
    },
    /// No template of that name.
    #[error("{}", msg::no_template(.0))]
    Unknown(String),
    /// The output grew past [`MAX_OUTPUT_BYTES`].
    #[error("{}", msg::template_too_large(.0))]
    TooLarge(String),
}

/// Where a template's source came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Compiled into the binary.
    Builtin,
    /// Read from an override folder.
    File(PathBuf),
}

/// The loaded template set: every source, checked for nesting; each is parsed
/// by Tera the first time it is rendered.
pub struct Templates {
    sources: BTreeMap<String, (Origin, String)>,
    compiled: Mutex<HashMap<String, Arc<Tera>>>,
}

fn tera_message(e: &tera::Error) -> String {
    let mut msg = e.to_string();
    let mut cur: Option<&dyn std::error::Error> = std::error::Error::source(e);
    while let Some(c) = cur {
        msg.push_str(": ");
        msg.push_str(&c.to_string());
        cur = c.source();
    }
    msg
}

impl Templates {
    /// Loads the built-ins, then every `*.md.tera` and `*.tera` file of each
    /// override folder (later folders win).
    pub fn load(override_dirs: &[PathBuf]) -> Result<Templates, Error> {
        let mut sources: BTreeMap<String, (Origin, String)> = BTreeMap::new();
        for b in BUILTIN {
            sources.insert(
                format!("{}{SUFFIX}", b.name),
                (Origin::Builtin, b.source.to_string()),
            );
        }
        for (name, src) in PARTIALS {
            sources.insert((*name).to_string(), (Origin::Builtin, (*src).to_string()));
        }
        for dir in override_dirs {
            let Ok(entries) = std::fs::read_dir(dir) else {
                continue;
            };
            let mut files: Vec<PathBuf> =
                entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
            files.sort();
            for path in files {
                let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                    continue;
                };
                if !name.ends_with(".tera") {
                    continue;
                }
                // Bounded and regular files only: a FIFO or device named
                // `x.tera` is an error naming it, not a hang.
                let bytes = crate::fsutil::read_capped(&path, crate::model::load::MAX_INPUT_BYTES)
                    .map_err(|source| Error::Io {
                        path: path.clone(),
                        source,
                    })?;
                let text = String::from_utf8(bytes).map_err(|_| Error::Io {
                    path: path.clone(),
                    source: std::io::Error::new(
                        std::io::ErrorKind::InvalidData,
                        msg::template_not_utf8_file(),
                    ),
                })?;
                sources.insert(name.to_string(), (Origin::File(path.clone()), text));
            }
        }
        // Before Tera parses them: nesting it would overflow its stack on.
        for (name, (origin, src)) in &sources {
            if let Err(e) = depth::check(src) {
                let place = match origin {
                    Origin::File(p) => format!("{}:{}:{}", p.display(), e.line, e.column),
                    Origin::Builtin => msg::line_column(e.line, e.column),
                };
                return Err(Error::Tera {
                    name: name.trim_end_matches(SUFFIX).to_string(),
                    message: msg::place_message(place, &e.message),
                });
            }
        }
        Ok(Templates {
            sources,
            compiled: Mutex::default(),
        })
    }

    /// The Tera set that renders template `full` (a file name): it and every
    /// template it includes, imports or extends, parsed on first use and kept.
    /// Parsing is most of what templates cost a one-letter run, so a command
    /// parses only what it renders; `build` asks for all ([`Templates::check_all`]).
    fn compiled(&self, full: &str) -> Result<Arc<Tera>, Error> {
        let mut cache = self
            .compiled
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(t) = cache.get(full) {
            return Ok(Arc::clone(t));
        }
        let mut wanted: Vec<&str> = vec![full];
        let mut i = 0;
        while let Some(name) = wanted.get(i).copied() {
            if let Some((_, src)) = self.sources.get(name) {
                for dep in references(src) {
                    if let Some((n, _)) = self.sources.get_key_value(dep.as_str()) {
                        if !wanted.contains(&n.as_str()) {
                            wanted.push(n.as_str());
                        }
                    }
                }
            }
            i += 1;
        }
        wanted.sort_unstable();
        let mut tera = new_tera();
        let list: Vec<(&str, &str)> = wanted
            .iter()
            .filter_map(|n| self.sources.get(*n).map(|(_, s)| (*n, s.as_str())))
            .collect();
        tera.add_raw_templates(list).map_err(|e| Error::Tera {
            name: template_in_error(&e).unwrap_or_else(|| "templates".into()),
            message: tera_message(&e),
        })?;
        check_recursion(&tera)?;
        let tera = Arc::new(tera);
        cache.insert(full.to_string(), Arc::clone(&tera));
        Ok(tera)
    }

    /// Parses every template now, so that a broken one stops a command before
    /// it writes anything (`build` renders them all).
    pub fn check_all(&self) -> Result<(), Error> {
        let names: Vec<String> = self
            .sources
            .keys()
            .filter(|k| k.ends_with(SUFFIX))
            .cloned()
            .collect();
        for n in names {
            self.compiled(&n)?;
        }
        Ok(())
    }

    /// Names of the document templates (not partials), sorted.
    pub fn names(&self) -> Vec<String> {
        self.sources
            .keys()
            .filter_map(|k| k.strip_suffix(SUFFIX).map(str::to_string))
            .collect()
    }

    /// sha256 over a template's source and every partial it may include, so a
    /// change to either marks its outputs stale.
    pub fn dependency_hash(&self, name: &str) -> String {
        let own = format!("{name}{SUFFIX}");
        let parts = self
            .sources
            .iter()
            .filter(|(n, _)| **n == own || !n.ends_with(SUFFIX))
            .flat_map(|(n, (_, src))| [n.as_bytes(), src.as_bytes()]);
        crate::manifest::sha256_parts(parts)
    }

    /// Where a template came from and its source text.
    pub fn source(&self, name: &str) -> Option<&(Origin, String)> {
        self.sources.get(&format!("{name}{SUFFIX}"))
    }

    /// The templates `build` renders for a checklist kind: built-ins declared for
    /// the kind (or their overrides). Overrides with new names are rendered only
    /// with `render --template`.
    pub fn for_kind(&self, kind: Kind) -> Vec<&'static str> {
        BUILTIN
            .iter()
            .filter(|b| b.kinds.contains(&kind))
            .map(|b| b.name)
            .collect()
    }

    /// Renders template `name` with any serialisable context.
    pub fn render<C: serde::Serialize>(&self, name: &str, ctx: &C) -> Result<String, Error> {
        let full = format!("{name}{SUFFIX}");
        if !self.sources.contains_key(&full) {
            return Err(Error::Unknown(name.to_string()));
        }
        let tera = self.compiled(&full)?;
        let context = tera::Context::from_serialize(ctx).map_err(|e| Error::Tera {
            name: name.to_string(),
            message: tera_message(&e),
        })?;
        // Seen by the limits watchdog (crate::guard) while it runs.
        let _running = Running::start(name);
        // Rendered into a writer that stops at MAX_OUTPUT_BYTES, so a loop
        // that prints without end fails there instead of filling memory.
        let mut out = Limited {
            bytes: Vec::new(),
            exceeded: false,
        };
        // On a thread of its own with a large stack: Tera recurses once per
        // level of nesting and per macro call, and the limits of `depth` and
        // `check_recursion` are measured against this stack, not the caller's
        // (1 MiB on Windows' main thread, 2 MiB on rayon's).
        let result = std::thread::scope(|scope| {
            std::thread::Builder::new()
                .name(format!("render {name}"))
                .stack_size(RENDER_STACK)
                .spawn_scoped(scope, || tera.render_to(&full, &context, &mut out))
                .map(|h| h.join())
        });
        let result = match result {
            Ok(Ok(r)) => r,
            Ok(Err(_)) => {
                return Err(Error::Tera {
                    name: name.to_string(),
                    message: msg::tera_failed(),
                })
            }
            Err(e) => {
                return Err(Error::Tera {
                    name: name.to_string(),
                    message: msg::cannot_start_thread(e),
                })
            }
        };
        if out.exceeded {
            return Err(Error::TooLarge(name.to_string()));
        }
        result.map_err(|e| Error::Tera {
            name: name.to_string(),
            message: tera_message(&e),
        })?;
        String::from_utf8(out.bytes).map_err(|_| Error::Tera {
            name: name.to_string(),
            message: msg::output_not_utf8(),
        })
    }

    /// Renders a checklist with template `name`.
    pub fn render_checklist(&self, name: &str, c: &Checklist) -> Result<String, Error> {
        self.render(name, &checklist_context(c, name))
    }

    /// Writes every built-in template and partial into `dir` for customising.
    pub fn export_builtins(dir: &Path) -> Result<Vec<PathBuf>, std::io::Error> {
        std::fs::create_dir_all(dir)?;
        let mut written = Vec::new();
        let all = BUILTIN
            .iter()
            .map(|b| (format!("{}{SUFFIX}", b.name), b.source))
            .chain(PARTIALS.iter().map(|(n, s)| ((*n).to_string(), *s)));
        for (name, src) in all {
            let path = dir.join(name);
            crate::fsutil::write_atomic(&path, src.as_bytes())?;
            written.push(path);
        }
        Ok(written)
    }
}

/// The renders in progress: an id, the template's name and when it started.
static RUNNING: std::sync::Mutex<Vec<(u64, String, std::time::Instant)>> =
    std::sync::Mutex::new(Vec::new());
static NEXT_RENDER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// The templates being rendered now, with how long each has run (for [`crate::guard`]).
pub fn running() -> Vec<(String, std::time::Duration)> {
    let list = RUNNING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    list.iter()
        .map(|(_, name, t)| (name.clone(), t.elapsed()))
        .collect()
}

/// One entry of [`RUNNING`], removed when dropped.
struct Running(u64);

impl Running {
    fn start(name: &str) -> Running {
        let id = NEXT_RENDER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let mut list = RUNNING
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        list.push((id, name.to_string(), std::time::Instant::now()));
        Running(id)
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let mut list = RUNNING
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        list.retain(|(id, _, _)| *id != self.0);
    }
}

/// A buffer that refuses to grow past [`MAX_OUTPUT_BYTES`].
struct Limited {
    bytes: Vec<u8>,
    exceeded: bool,
}

impl std::io::Write for Limited {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len() + buf.len() > MAX_OUTPUT_BYTES {
            self.exceeded = true;
            return Err(std::io::Error::other("output limit reached"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A Tera with qingdan's escaping, filters and limited functions.
fn new_tera() -> Tera {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![SUFFIX]);
    tera.set_escape_fn(filters::escape_markdown);
    tera.register_filter("cn_num", filters::cn_num);
    tera.register_filter("cn_item", filters::cn_item);
    tera.register_filter("cn_date", filters::cn_date);
    tera.register_filter("checkbox", filters::checkbox);
    tera.register_filter("yaml", filters::yaml);
    // Limits Tera has not: `range` makes at most MAX_RANGE numbers, and a
    // template cannot read the environment (secrets) with `get_env`.
    tera.register_function("range", capped_range);
    tera.register_function(
        "get_env",
        |_: &std::collections::HashMap<String, tera::Value>| {
            Err(tera::Error::msg(msg::get_env_disabled()))
        },
    );
    tera
}

/// The names a template's `include`, `import` and `extends` tags quote.
fn references(src: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = src;
    while let Some(start) = rest.find("{%") {
        let tag_start = &rest[start + 2..];
        let end = tag_start.find("%}").unwrap_or(tag_start.len());
        let tag = tag_start[..end].trim_start_matches(['-', ' ', '\t', '\n', '\r']);
        if ["include", "import", "extends"]
            .iter()
            .any(|k| tag.starts_with(k))
        {
            for (i, part) in tag.split(['"', '\'']).enumerate() {
                if i % 2 == 1 {
                    out.push(part.to_string());
                }
            }
        }
        rest = &tag_start[end.min(tag_start.len())..];
    }
    out
}

/// Most numbers one `range(...)` call makes.
pub const MAX_RANGE: usize = 100_000;

/// Tera's `range(end, start=0, step_by=1)`, refusing more than [`MAX_RANGE`] numbers.
fn capped_range(
    args: &std::collections::HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    let arg = |name: &str, default: Option<usize>| -> tera::Result<usize> {
        match args.get(name) {
            Some(v) => v
                .as_u64()
                .and_then(|n| usize::try_from(n).ok())
                .ok_or_else(|| tera::Error::msg(msg::range_not_whole(name, v))),
            None => default.ok_or_else(|| tera::Error::msg(msg::range_required(name))),
        }
    };
    let start = arg("start", Some(0))?;
    let end = arg("end", None)?;
    let step = arg("step_by", Some(1))?;
    if step == 0 {
        return Err(tera::Error::msg(msg::range_step()));
    }
    let count = end.saturating_sub(start).div_ceil(step);
    if count > MAX_RANGE {
        return Err(tera::Error::msg(msg::range_too_many(count, MAX_RANGE)));
    }
    Ok(tera::Value::Array(
        (start..end).step_by(step).map(tera::Value::from).collect(),
    ))
}

/// Refuses templates whose macros or includes call themselves, directly or
/// through others: Tera has no depth limit, and the process would die of a
/// stack overflow. The error names the template and the cycle.
fn check_recursion(tera: &Tera) -> Result<(), Error> {
    use tera::ast::{ExprVal, Node};
    // Node names: `T` for a template's body, `T::m` for macro `m` defined in `T`.
    let mut edges: BTreeMap<String, Vec<String>> = BTreeMap::new();
    fn expr(t: &tera::Template, e: &tera::ast::Expr, out: &mut Vec<String>) {
        val(t, &e.val, out);
        for f in &e.filters {
            f.args.values().for_each(|a| expr(t, a, out));
        }
    }
    fn val(t: &tera::Template, v: &ExprVal, out: &mut Vec<String>) {
        match v {
            ExprVal::MacroCall(m) => {
                out.push(macro_node(t, &m.namespace, &m.name));
                m.args.values().for_each(|a| expr(t, a, out));
            }
            ExprVal::FunctionCall(f) => f.args.values().for_each(|a| expr(t, a, out)),
            ExprVal::Math(m) => {
                expr(t, &m.lhs, out);
                expr(t, &m.rhs, out);
            }
            ExprVal::Logic(l) => {
                expr(t, &l.lhs, out);
                expr(t, &l.rhs, out);
            }
            ExprVal::In(i) => {
                expr(t, &i.lhs, out);
                expr(t, &i.rhs, out);
            }
            ExprVal::Test(x) => x.args.iter().for_each(|a| expr(t, a, out)),
            ExprVal::Array(a) => a.iter().for_each(|e| expr(t, e, out)),
            ExprVal::StringConcat(c) => c.values.iter().for_each(|v| val(t, v, out)),
            _ => {}
        }
    }
    fn macro_node(t: &tera::Template, ns: &str, name: &str) -> String {
        if ns == "self" {
            return format!("{}::{name}", t.name);
        }
        let file = t
            .imported_macro_files
            .iter()
            .find(|(_, n)| n == ns)
            .map_or(ns, |(f, _)| f.as_str());
        format!("{file}::{name}")
    }
    fn body(t: &tera::Template, nodes: &[Node], out: &mut Vec<String>) {
        for n in nodes {
            match n {
                Node::VariableBlock(_, e) => expr(t, e, out),
                Node::Include(_, names, _) => out.extend(names.iter().cloned()),
                Node::Set(_, s) => expr(t, &s.value, out),
                Node::FilterSection(_, f, _) => {
                    f.filter.args.values().for_each(|a| expr(t, a, out));
                    body(t, &f.body, out);
                }
                Node::Block(_, b, _) => body(t, &b.body, out),
                Node::Forloop(_, f, _) => {
                    expr(t, &f.container, out);
                    body(t, &f.body, out);
                    if let Some(e) = &f.empty_body {
                        body(t, e, out);
                    }
                }
                Node::If(i, _) => {
                    for (_, e, b) in &i.conditions {
                        expr(t, e, out);
                        body(t, b, out);
                    }
                    if let Some((_, b)) = &i.otherwise {
                        body(t, b, out);
                    }
                }
                _ => {}
            }
        }
    }
    for (name, t) in &tera.templates {
        let mut out = Vec::new();
        body(t, &t.ast, &mut out);
        if let Some(p) = &t.parent {
            out.push(p.clone());
        }
        edges.insert(name.clone(), out);
        for (m, def) in &t.macros {
            let mut out = Vec::new();
            body(t, &def.body, &mut out);
            edges.insert(format!("{name}::{m}"), out);
        }
    }
    // Depth-first search for a cycle, without recursion (the graph is input).
    let mut state: BTreeMap<&str, u8> = BTreeMap::new(); // 1 on the path, 2 done
    for start in edges.keys() {
        if state.contains_key(start.as_str()) {
            continue;
        }
        let mut stack: Vec<(&str, usize)> = vec![(start, 0)];
        state.insert(start, 1);
        while let Some((node, i)) = stack.last_mut() {
            let next = edges.get(*node).and_then(|e| e.get(*i));
            *i += 1;
            match next {
                None => {
                    state.insert(node, 2);
                    stack.pop();
                }
                Some(n) => match state.get(n.as_str()) {
                    Some(1) => {
                        let from = stack
                            .iter()
                            .position(|(x, _)| *x == n.as_str())
                            .unwrap_or(0);
                        let mut cycle: Vec<&str> = stack[from..].iter().map(|(x, _)| *x).collect();
                        cycle.push(n);
                        let template = n.split("::").next().unwrap_or(n).to_string();
                        return Err(Error::Tera {
                            name: template,
                            message: msg::calls_itself(cycle.join(" → ")),
                        });
                    }
                    Some(_) => {}
                    None if edges.contains_key(n.as_str()) => {
                        state.insert(n, 1);
                        stack.push((n, 0));
                    }
                    None => {}
                },
            }
        }
    }
    // No cycle: the graph is a DAG. The longest chain of calls from each node,
    // in post-order, without recursion.
    let mut longest: BTreeMap<&str, usize> = BTreeMap::new();
    for start in edges.keys() {
        let mut stack: Vec<(&str, usize)> = vec![(start, 0)];
        while let Some(&(node, i)) = stack.last() {
            if longest.contains_key(node) {
                stack.pop();
                continue;
            }
            let out = edges.get(node).map_or(&[][..], Vec::as_slice);
            match out.get(i) {
                Some(n) => {
                    if let Some(top) = stack.last_mut() {
                        top.1 += 1;
                    }
                    if edges.contains_key(n.as_str()) && !longest.contains_key(n.as_str()) {
                        stack.push((n, 0));
                    }
                }
                None => {
                    let below = out.iter().filter_map(|n| longest.get(n.as_str())).max();
                    longest.insert(node, 1 + below.copied().unwrap_or(0));
                    stack.pop();
                }
            }
        }
    }
    if let Some((&deepest, _)) = longest
        .iter()
        .filter(|(_, d)| **d > MAX_CALL_DEPTH + 1)
        .max_by_key(|(_, d)| **d)
    {
        // Follow the longest chain to name it.
        let mut chain = vec![deepest];
        while let Some(next) = edges
            .get(*chain.last().unwrap_or(&deepest))
            .and_then(|e| {
                e.iter()
                    .max_by_key(|n| longest.get(n.as_str()).copied().unwrap_or(0))
            })
            .filter(|n| longest.contains_key(n.as_str()))
        {
            chain.push(next);
        }
        let template = deepest.split("::").next().unwrap_or(deepest).to_string();
        return Err(Error::Tera {
            name: template,
            message: msg::calls_too_deep(chain.len() - 1, chain.join(" → "), MAX_CALL_DEPTH),
        });
    }
    Ok(())
}

/// Tera names the failing template in its message as `'name'`; pull it out.
fn template_in_error(e: &tera::Error) -> Option<String> {
    let msg = tera_message(e);
    let start = msg.find('\'')? + 1;
    let end = msg[start..].find('\'')? + start;
    Some(msg[start..end].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_the_names_include_import_and_extends_quote() {
        let src = "{%- import \"macros.tera\" as m -%}\n{% include 'a.md.tera' %}\n\
                   {% if x %}\"not.tera\"{% endif %}{%extends \"base.tera\"%}{{ \"y.tera\" }}";
        assert_eq!(references(src), ["macros.tera", "a.md.tera", "base.tera"]);
        assert!(references("{% include").is_empty() || references("{% include").len() <= 1);
    }

    /// Templates are parsed when first rendered: a broken override is found by
    /// `check_all` (as `build` runs it) and when rendered, not before.
    #[test]
    fn a_broken_template_is_found_when_used_or_checked() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("broken.md.tera"), "{% if %}").expect("write");
        let t = Templates::load(&[dir.path().to_path_buf()]).expect("loads");
        let err = t.check_all().expect_err("broken");
        assert!(err.to_string().contains("broken"), "{err}");
        assert!(t.render("broken", &serde_json::json!({})).is_err());
        // Another template still renders: it and its macros are parsed alone.
        let ok = t.compiled("warning-letter.md.tera");
        assert!(ok.is_ok(), "{:?}", ok.err());
    }
}
