//! The command line's shape: every command, flag and its help text (clap).
//! Nothing here runs anything; [`super::run`] hands each command's arguments
//! to its handler.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use qingdan::config::Config;

#[derive(Parser)]
#[command(
    name = "qingdan",
    version,
    about = "YAML work-safety checklists → printable forms (清单 → 检查表、自查表、承诺书)"
)]
pub struct Cli {
    /// Extra folder of fonts (.ttf/.otf/.ttc) for PDF output, e.g. with 仿宋_GB2312 or 方正小标宋; repeatable.
    #[arg(long, global = true, value_name = "DIR")]
    pub font_dir: Vec<PathBuf>,
    /// Configuration file (default: qingdan.yaml in the working folder, if there is one).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Language of messages and help: zh (中文) or en (default: from LC_ALL, LC_MESSAGES
    /// or LANG, else the system's display language).
    #[arg(long, global = true, value_name = "zh|en")]
    pub lang: Option<String>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Make a working folder with an example of every input, where `qingdan build` works
    /// at once; writes nothing if any of its files exists.
    Init {
        /// The folder (created if needed; default: the working folder).
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Write a skeleton of an input to fill in: results (every item of a checklist),
    /// an event, or a roster.
    New {
        #[command(subcommand)]
        what: NewWhat,
    },
    /// Render every checklist with every template for its kind into the output folder.
    Build(BuildArgs),
    /// Check checklist and results files (or checklists by id) and report every problem
    /// with file:line:column.
    Validate(ValidateArgs),
    /// List the checklists (the folder's and the built-in ones) and the templates.
    List(ListArgs),
    /// Render one checklist (by id or file) with one template; the format follows the
    /// output's extension.
    Render(RenderArgs),
    /// One warning letter (警示提醒函) per roster row, each with its industry's self-check sheet.
    Letters(LettersArgs),
    /// A mail merge: one document per roster row from one checklist and one template
    /// (e.g. each employee's 岗位安全生产承诺书 with `--template responsibility-pledge`).
    Merge(MergeArgs),
    /// Show items added, removed and changed between two versions of checklists.
    Diff(DiffArgs),
    /// Turn a filled self-check (results file) into the self-check report (自查报告) with a
    /// 双报告 page per major hazard, or a spreadsheet of hazards (.csv, .xlsx).
    Report(ReportArgs),
    /// One rectification notice (整改通知书) per owner of open hazards, or with
    /// `--template review-opinion` one 整改复查意见书 per reviewed hazard.
    Notices(NoticesArgs),
    /// The county's hazard ledger (隐患台账) from a folder of results files and the roster:
    /// every hazard by 乡镇 and 行业, counts as of a date, who has not reported (.xlsx, .csv,
    /// or a summary with charts as .md, .html, .pdf; --json for the counts).
    Ledger(LedgerArgs),
    /// Print the JSON Schema of an input format (checklist, results, event, config) for editors.
    Schema {
        /// checklist, results, event or config.
        name: String,
    },
    /// List the fonts for PDF output, or check that files' characters can all be printed.
    Fonts {
        /// Text files to check (checklists, rosters, Markdown …).
        files: Vec<PathBuf>,
        /// The family to check against (serif, sans, or a --font-dir family).
        #[arg(long, default_value = "serif")]
        family: String,
    },
    /// Work with the templates.
    Templates {
        #[command(subcommand)]
        action: TemplatesAction,
    },
}

#[derive(clap::Args)]
pub struct BuildArgs {
    /// Folder of checklist YAML files (default: checklists, or `checklists:` in qingdan.yaml).
    #[arg(long)]
    pub checklists: Option<PathBuf>,
    /// Folder of template overrides (by name); `templates/` beside the checklists is used too.
    #[arg(long)]
    pub templates: Vec<PathBuf>,
    /// Output folder (default: out, or `out:` in qingdan.yaml).
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// Formats to write, comma-separated: md, html, pdf, docx.
    #[arg(long, default_value = "md,html,pdf,docx", value_delimiter = ',')]
    pub format: Vec<String>,
    /// Write nothing; exit 1 listing outputs that are missing, stale, edited by hand or
    /// orphaned (their checklist is gone).
    #[arg(long)]
    pub check: bool,
    /// Render every output even if the manifest says it is up to date.
    #[arg(long)]
    pub force: bool,
    /// Also build a composed checklist into its own folder, e.g.
    /// `gongmao-major-hazards:机械,粉尘爆炸` (repeatable; adds to `select:` in qingdan.yaml).
    #[arg(long, value_name = "ID:PARTS")]
    pub select: Vec<String>,
    /// Print the build summary as JSON.
    #[arg(long)]
    pub json: bool,
    /// Number of parallel jobs (default: number of cores).
    #[arg(long, short)]
    pub jobs: Option<usize>,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(clap::Args)]
pub struct ValidateArgs {
    /// Files, folders or checklist ids (default: the checklists folder).
    #[arg(value_name = "PATH|ID")]
    pub paths: Vec<PathBuf>,
    /// Folder of checklist YAML files: the default to check, and where results
    /// files find their checklist before the built-in ones (default: checklists,
    /// or `checklists:` in qingdan.yaml).
    #[arg(long)]
    pub checklists: Option<PathBuf>,
    /// Print diagnostics as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(clap::Args)]
pub struct ListArgs {
    /// Folder of checklist YAML files (default: checklists, or `checklists:` in qingdan.yaml).
    #[arg(long)]
    pub checklists: Option<PathBuf>,
    /// Folder of template overrides.
    #[arg(long)]
    pub templates: Vec<PathBuf>,
    /// Print as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(clap::Args)]
pub struct RenderArgs {
    /// Template name, e.g. inspection-form.
    #[arg(long, short)]
    pub template: String,
    /// Checklist id or file, optionally with parts: `gongmao-major-hazards:机械,粉尘爆炸`
    /// or `checklists/gongmao-major-hazards.yaml:机械,粉尘爆炸`.
    #[arg(long, short, value_name = "ID|FILE[:PARTS]")]
    pub checklist: PathBuf,
    /// Folder where a checklist id is looked up before the built-in ones
    /// (default: checklists, or `checklists:` in qingdan.yaml).
    #[arg(long)]
    pub checklists: Option<PathBuf>,
    /// Folder of template overrides.
    #[arg(long)]
    pub templates: Vec<PathBuf>,
    /// Output file (.md, .html, .pdf or .docx); `-` writes Markdown to standard output.
    #[arg(long, short)]
    pub output: PathBuf,
}

#[derive(clap::Args)]
pub struct LettersArgs {
    /// The event file (YAML).
    #[arg(long)]
    pub event: PathBuf,
    /// The roster (.csv in UTF-8 or GB18030, .xlsx, or .yaml; save .xls and .ods as .xlsx).
    #[arg(long)]
    pub roster: PathBuf,
    /// Folder of checklist YAML files (default: checklists, or `checklists:` in qingdan.yaml).
    #[arg(long)]
    pub checklists: Option<PathBuf>,
    /// Folder of template overrides.
    #[arg(long)]
    pub templates: Vec<PathBuf>,
    /// Output folder.
    #[arg(long, short)]
    pub out: PathBuf,
    /// Formats to write, comma-separated: pdf, docx, html, md (one file each a recipient).
    #[arg(long, default_value = "pdf", value_delimiter = ',')]
    pub format: Vec<String>,
    /// Also write one PDF with every letter, each starting on an odd page (for duplex printing).
    #[arg(long, value_name = "FILE.pdf")]
    pub combined: Option<PathBuf>,
    /// Leave out invalid roster rows (listed) instead of stopping.
    #[arg(long)]
    pub skip_invalid: bool,
    /// Also write each recipient's self-check page (NNN-名称-自查填报.html),
    /// pre-filled from the roster and limited to its own parts.
    #[arg(long)]
    pub pages: bool,
    /// Number of parallel jobs (default: number of cores).
    #[arg(long, short)]
    pub jobs: Option<usize>,
    /// Print nothing but errors (and no progress bar).
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(clap::Args)]
pub struct MergeArgs {
    /// Template name, e.g. responsibility-pledge; it sees `person`, `row`, `section`
    /// and `checklist`.
    #[arg(long, short)]
    pub template: String,
    /// Checklist id or file, optionally with parts (for responsibility-pledge a
    /// `kind: responsibilities` checklist, whose posts the roster's 岗位 column names).
    #[arg(long, short, value_name = "ID|FILE[:PARTS]")]
    pub checklist: PathBuf,
    /// The roster of people (.csv in UTF-8 or GB18030, .xlsx or .yaml) with the
    /// columns 姓名 (name) and, for posts, 岗位 (post); 部门 (department) and any
    /// other column are passed to the template.
    #[arg(long)]
    pub roster: PathBuf,
    /// Folder where a checklist id is looked up before the built-in ones
    /// (default: checklists, or `checklists:` in qingdan.yaml).
    #[arg(long)]
    pub checklists: Option<PathBuf>,
    /// Folder of template overrides.
    #[arg(long)]
    pub templates: Vec<PathBuf>,
    /// Output folder.
    #[arg(long, short)]
    pub out: PathBuf,
    /// Formats to write, comma-separated: pdf, docx, html, md (one file each a row).
    #[arg(long, default_value = "pdf", value_delimiter = ',')]
    pub format: Vec<String>,
    /// Also write one PDF with every document, each starting on an odd page (for duplex printing).
    #[arg(long, value_name = "FILE.pdf")]
    pub combined: Option<PathBuf>,
    /// Number of parallel jobs (default: number of cores).
    #[arg(long, short)]
    pub jobs: Option<usize>,
    /// Print nothing but errors (and no progress bar).
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(clap::Args)]
pub struct DiffArgs {
    /// OLD and NEW (two files or two folders); with --git, the folder (default: checklists).
    pub paths: Vec<PathBuf>,
    /// Compare two git revisions of a folder, e.g. `main..HEAD`; `REV..` compares REV with the working tree.
    #[arg(long, value_name = "REV1..REV2")]
    pub git: Option<String>,
    /// Print the differences as JSON.
    #[arg(long)]
    pub json: bool,
    /// Exit 1 when there are differences.
    #[arg(long)]
    pub exit_code: bool,
}

#[derive(clap::Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub input: ResultsArgs,
    /// Output file; the format follows its extension (.md, .html, .pdf, .docx, .csv, .xlsx).
    #[arg(long, short)]
    pub output: PathBuf,
    /// Write several formats, comma-separated (md, html, pdf, docx, csv, xlsx), each with its extension.
    #[arg(long, value_delimiter = ',')]
    pub format: Vec<String>,
}

#[derive(clap::Args)]
pub struct LedgerArgs {
    /// Folder of results files (*.yaml, *.yml, at any depth).
    #[arg(long, value_name = "DIR")]
    pub results: PathBuf,
    /// The roster (.csv in UTF-8 or GB18030, .xlsx, or .yaml) with 名称, 行业, 乡镇 and
    /// 统一社会信用代码.
    #[arg(long, value_name = "FILE")]
    pub roster: PathBuf,
    /// Folder of checklist YAML files (default: checklists, or `checklists:` in qingdan.yaml).
    #[arg(long)]
    pub checklists: Option<PathBuf>,
    /// Folder of template overrides.
    #[arg(long)]
    pub templates: Vec<PathBuf>,
    /// Date (YYYY-MM-DD) the counts are made as of; default: today (UTC+8).
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Output file; the format follows its extension (.xlsx, .csv, .md, .html, .pdf, .docx).
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Write several formats, comma-separated (xlsx, csv, md, html, pdf, docx), each with its extension.
    #[arg(long, value_delimiter = ',')]
    pub format: Vec<String>,
    /// Print the counts as JSON on standard output.
    #[arg(long)]
    pub json: bool,
    /// Leave out invalid results files (listed) instead of stopping.
    #[arg(long)]
    pub skip_invalid: bool,
    /// Also list the open hazards whose deadline falls within DAYS days of
    /// --as-of (that day and the DAYS-th day after included), soonest first.
    #[arg(long, value_name = "DAYS")]
    pub due_within: Option<u32>,
    /// Also write the roster rows of the enterprises with an overdue hazard to FILE
    /// (.csv), for `qingdan letters --roster FILE` (督办提醒函).
    #[arg(long, value_name = "FILE")]
    pub overdue_roster: Option<std::path::PathBuf>,
    /// Number of parallel jobs (default: number of cores).
    #[arg(long, short)]
    pub jobs: Option<usize>,
}

#[derive(clap::Args)]
pub struct NoticesArgs {
    #[command(flatten)]
    pub input: ResultsArgs,
    /// Output folder.
    #[arg(long, short)]
    pub output: PathBuf,
    /// Formats to write, comma-separated: md, html, pdf, docx.
    #[arg(long, default_value = "md,html,pdf", value_delimiter = ',')]
    pub format: Vec<String>,
    /// What to write: `rectification-notice` (整改通知书, one per owner of open
    /// hazards) or `review-opinion` (整改复查意见书, one per hazard reviewed by
    /// --as-of).
    #[arg(
        long,
        default_value = "rectification-notice",
        value_parser = ["rectification-notice", "review-opinion"]
    )]
    pub template: String,
}

/// The inputs of `report` and `notices`.
#[derive(clap::Args)]
pub struct ResultsArgs {
    /// The results file (YAML).
    #[arg(long)]
    pub results: PathBuf,
    /// Folder of checklist YAML files (default: checklists, or `checklists:` in qingdan.yaml).
    #[arg(long)]
    pub checklists: Option<PathBuf>,
    /// Folder of template overrides.
    #[arg(long)]
    pub templates: Vec<PathBuf>,
    /// Unanswered items are a warning instead of an error.
    #[arg(long)]
    pub allow_incomplete: bool,
    /// Date (YYYY-MM-DD) for "overdue"; default: the results' date.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
}

impl ResultsArgs {
    /// The library's options and the template folders, with `qingdan.yaml`'s defaults.
    pub fn options(self, cfg: &Config) -> (qingdan::report::Options, Vec<PathBuf>) {
        let opts = qingdan::report::Options {
            results: self.results,
            checklists: cfg.checklists(self.checklists),
            allow_incomplete: self.allow_incomplete,
            as_of: self.as_of,
        };
        (opts, cfg.templates(self.templates))
    }
}

#[derive(Subcommand)]
pub enum TemplatesAction {
    /// Write the built-in templates into a folder for customising (never over a file
    /// without --force).
    Export {
        /// Folder to write into.
        dir: PathBuf,
        /// Replace template files that already exist there.
        #[arg(long)]
        force: bool,
    },
    /// List templates and where each comes from: built-in, or the override file in use
    /// (`templates/` beside the checklists, `templates:` in qingdan.yaml, --templates).
    List {
        /// Folder of template overrides.
        #[arg(long)]
        templates: Vec<PathBuf>,
        /// Folder of checklist YAML files, whose sibling `templates/` holds overrides
        /// (default: checklists, or `checklists:` in qingdan.yaml).
        #[arg(long)]
        checklists: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
pub enum NewWhat {
    /// A results file: entity, date and every item of the checklist (with parts), each
    /// under a comment with its text and basis, to answer ok, na or with a hazard.
    Results {
        /// Checklist id or file, optionally with parts: `gongmao-major-hazards:机械,粉尘涉爆`.
        #[arg(long, short, value_name = "ID|FILE[:PARTS]")]
        checklist: PathBuf,
        /// Folder where a checklist id is looked up before the built-in ones
        /// (default: checklists, or `checklists:` in qingdan.yaml).
        #[arg(long)]
        checklists: Option<PathBuf>,
        /// Output file (default: standard output).
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Replace the output file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// An event file for `letters`, its industries mapped to the hazards checklists.
    Event {
        /// Folder of checklists whose industries the event maps, besides the built-in ones
        /// (default: checklists, or `checklists:` in qingdan.yaml).
        #[arg(long)]
        checklists: Option<PathBuf>,
        /// Output file (default: standard output).
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Replace the output file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// An empty roster with its header row: .csv (UTF-8 with BOM) or .xlsx by the
    /// output's extension; CSV on standard output without `-o`.
    Roster {
        /// Output file (.csv or .xlsx; default: CSV on standard output).
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Replace the output file if it exists.
        #[arg(long)]
        force: bool,
    },
}
