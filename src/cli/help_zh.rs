//! `--help` and clap's usage errors in Chinese.
//!
//! clap takes the English help from the doc comments in [`super::args`]; this
//! table holds the Chinese of each, keyed by where it is: `qingdan build` for a
//! command, `qingdan build --force` for a flag, `qingdan init <dir>` for a
//! positional argument. [`localise`] lays the table over the command tree, with
//! Chinese headings; the unit test checks that the table and the tree have the
//! same keys, so a new flag cannot go without its Chinese help.

use clap::{Arg, ArgAction, Command};

/// The help template, with Chinese headings (clap's own words are English).
const TEMPLATE: &str = "{before-help}{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}";

/// Lays the Chinese help over the command tree.
pub fn localise(cmd: Command) -> Command {
    // clap's own `help` command cannot be translated: it is replaced by one
    // that is only listed (`qingdan help X` is read as `qingdan X --help`, see
    // `help_command`).
    localise_at(cmd, "qingdan", true)
        .disable_help_subcommand(true)
        .subcommand(Command::new("help").about(text("qingdan help").unwrap_or_default()))
}

/// `qingdan help A B` as `qingdan A B --help` (what clap's `help` command does),
/// for the Chinese tree, whose `help` command is only listed.
pub fn help_command(args: Vec<std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    let mut i = 1;
    while i < args.len() {
        let a = args[i].to_string_lossy();
        if matches!(a.as_ref(), "--lang" | "--config" | "--font-dir") {
            i += 2;
        } else if a.starts_with('-') {
            i += 1;
        } else {
            break;
        }
    }
    if args.get(i).is_none_or(|a| a != "help") {
        return args;
    }
    let mut out: Vec<std::ffi::OsString> = args[..i].to_vec();
    out.extend(args[i + 1..].iter().cloned());
    out.push("--help".into());
    out
}

fn localise_at(mut cmd: Command, path: &str, root: bool) -> Command {
    if let Some(t) = text(path) {
        cmd = cmd.about(t).long_about(None);
    }
    cmd = cmd
        .help_template(TEMPLATE)
        .subcommand_help_heading("命令")
        .subcommand_value_name("命令")
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("显示帮助")
                .help_heading("选项"),
        );
    if root {
        cmd = cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("显示版本")
                .help_heading("选项"),
        );
    }
    let ids: Vec<String> = cmd
        .get_arguments()
        .filter(|a| !matches!(a.get_id().as_str(), "help" | "version"))
        .map(|a| a.get_id().to_string())
        .collect();
    for id in ids {
        cmd = cmd.mut_arg(id, |a| {
            let key = format!("{path} {}", arg_key(&a));
            let mut help = text(&key).map(str::to_string).unwrap_or_default();
            let defaults: Vec<String> = a
                .get_default_values()
                .iter()
                .map(|v| v.to_string_lossy().into_owned())
                .collect();
            if !defaults.is_empty() && !a.is_hide_default_value_set() {
                help.push_str(&format!("（默认：{}）", defaults.join(",")));
            }
            let heading = if a.is_positional() {
                "参数"
            } else {
                "选项"
            };
            let takes_value = a.get_action().takes_values();
            a.help(help)
                .hide_default_value(takes_value)
                .help_heading(heading)
        });
    }
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in names {
        let sub_path = format!("{path} {name}");
        cmd = cmd.mut_subcommand(name, |s| localise_at(s, &sub_path, false));
    }
    cmd
}

/// How an argument is named in the table: `--long`, `-s` or `<id>`.
fn arg_key(a: &Arg) -> String {
    if let Some(l) = a.get_long() {
        format!("--{l}")
    } else if let Some(s) = a.get_short() {
        format!("-{s}")
    } else {
        format!("<{}>", a.get_id())
    }
}

fn text(key: &str) -> Option<&'static str> {
    HELP.iter().find(|(k, _)| *k == key).map(|(_, t)| *t)
}

/// clap's usage error (unknown flag, missing argument …) with its English
/// phrases put in Chinese; what the user typed stays as typed.
pub fn clap_error(rendered: &str) -> String {
    const PHRASES: &[(&str, &str)] = &[
        ("error: ", "错误："),
        ("unexpected argument", "不认识的参数"),
        (" found", ""),
        ("unrecognized subcommand", "没有这个命令"),
        (
            "the following required arguments were not provided:",
            "缺少以下必需的参数：",
        ),
        ("invalid value", "无效的值"),
        (" for ", "，用于 "),
        ("a value is required for", "需要给出值："),
        ("but none was supplied", ""),
        ("cannot be used multiple times", "只能用一次"),
        ("cannot be used with", "不能与以下参数同用："),
        ("tip: a similar argument exists:", "提示：相近的参数有"),
        ("tip: a similar subcommand exists:", "提示：相近的命令有"),
        ("tip: some similar subcommands exist:", "提示：相近的命令有"),
        ("tip: to pass '", "提示：若要把 '"),
        ("' as a value, use '", "' 作为值，请用 '"),
        ("tip:", "提示："),
        ("Usage: ", "用法："),
        (
            "For more information, try '--help'.",
            "更多信息请运行 '--help'。",
        ),
        ("possible values:", "可选值："),
    ];
    let mut out = rendered.to_string();
    for (en, zh) in PHRASES {
        out = out.replace(en, zh);
    }
    out
}

/// The Chinese help of every command and flag.
const HELP: &[(&str, &str)] = &[
    ("qingdan", "安全生产清单（YAML）→ 可打印的检查表、自查表、承诺书、提醒函"),
    ("qingdan --font-dir", "PDF 用的额外字体文件夹（.ttf/.otf/.ttc），如含 仿宋_GB2312 或 方正小标宋；可重复"),
    ("qingdan --config", "配置文件（默认：工作文件夹中的 qingdan.yaml，如有）"),
    ("qingdan --lang", "提示和帮助的语言：zh（中文）或 en（英文）（默认按 LC_ALL、LC_MESSAGES、LANG，否则按系统显示语言）"),
    ("qingdan init", "建一个工作文件夹，每种输入各带一个示例，可直接运行 `qingdan build`；其中任一文件已存在则什么也不写"),
    ("qingdan init <dir>", "文件夹（不存在则新建；默认：当前文件夹）"),
    ("qingdan new", "写出一个待填写的输入文件骨架：自查结果（清单的每一条）、事件或名册"),
    ("qingdan new results", "自查结果文件：单位、日期和清单（含所选部分）的每一条，每条上方注释其内容和依据，逐条填 ok、na 或隐患"),
    ("qingdan new results --checklist", "清单 id 或文件，可带部分：`gongmao-major-hazards:机械,粉尘涉爆`"),
    ("qingdan new results --checklists", "按 id 查找清单时先查的文件夹，再查内置清单（默认：checklists，或 qingdan.yaml 中的 `checklists:`）"),
    ("qingdan new results --output", "输出文件（默认：标准输出）"),
    ("qingdan new results --force", "输出文件已存在时覆盖"),
    ("qingdan new event", "`letters` 用的事件文件，其中各行业对应到重大隐患清单"),
    ("qingdan new event --checklists", "除内置清单外，事件所对应行业的清单文件夹（默认：checklists，或 qingdan.yaml 中的 `checklists:`）"),
    ("qingdan new event --output", "输出文件（默认：标准输出）"),
    ("qingdan new event --force", "输出文件已存在时覆盖"),
    ("qingdan new roster", "只有表头行的空名册：按输出扩展名写 .csv（UTF-8 带 BOM）或 .xlsx；不带 `-o` 时向标准输出写 CSV"),
    ("qingdan new roster --output", "输出文件（.csv 或 .xlsx；默认：向标准输出写 CSV）"),
    ("qingdan new roster --force", "输出文件已存在时覆盖"),
    ("qingdan build", "用适合各清单类型的每个模板生成全部清单，写入输出文件夹"),
    ("qingdan build --checklists", "清单 YAML 文件夹（默认：checklists，或 qingdan.yaml 中的 `checklists:`）"),
    ("qingdan build --templates", "覆盖内置模板的模板文件夹（按名称）；清单旁的 `templates/` 也会使用"),
    ("qingdan build --out", "输出文件夹（默认：out，或 qingdan.yaml 中的 `out:`）"),
    ("qingdan build --format", "要写的格式，逗号分隔：md、html、pdf、docx"),
    ("qingdan build --check", "什么也不写；列出缺失、过期、被手工修改或已成孤儿（清单已删）的输出，有则退出码为 1"),
    ("qingdan build --force", "即使清单记录显示已是最新，也重新生成每个输出"),
    ("qingdan build --select", "另把组合清单生成到它自己的文件夹，如 `gongmao-major-hazards:机械,粉尘爆炸`（可重复；添加到 qingdan.yaml 的 `select:`）"),
    ("qingdan build --json", "以 JSON 输出生成摘要"),
    ("qingdan build --jobs", "并行任务数（默认：CPU 核数）"),
    ("qingdan build --quiet", "除错误外什么也不输出"),
    ("qingdan validate", "检查清单和自查结果文件（或按 id 指定的清单），逐一报告每个问题及其 文件:行:列"),
    ("qingdan validate <paths>", "文件、文件夹或清单 id（默认：清单文件夹）"),
    ("qingdan validate --checklists", "清单 YAML 文件夹：默认检查它，自查结果也先在这里找对应清单，再找内置清单（默认：checklists，或 qingdan.yaml 中的 `checklists:`）"),
    ("qingdan validate --json", "以 JSON 输出诊断"),
    ("qingdan list", "列出清单（文件夹中的和内置的）和模板"),
    ("qingdan list --checklists", "清单 YAML 文件夹（默认：checklists，或 qingdan.yaml 中的 `checklists:`）"),
    ("qingdan list --templates", "覆盖内置模板的模板文件夹"),
    ("qingdan list --json", "以 JSON 输出"),
    ("qingdan render", "用一个模板生成一份清单（按 id 或文件）；格式按输出文件扩展名"),
    ("qingdan render --template", "模板名，如 inspection-form"),
    ("qingdan render --checklist", "清单 id 或文件，可带部分：`gongmao-major-hazards:机械,粉尘爆炸` 或 `checklists/gongmao-major-hazards.yaml:机械,粉尘爆炸`"),
    ("qingdan render --checklists", "按 id 查找清单时先查的文件夹，再查内置清单（默认：checklists，或 qingdan.yaml 中的 `checklists:`）"),
    ("qingdan render --templates", "覆盖内置模板的模板文件夹"),
    ("qingdan render --output", "输出文件（.md、.html、.pdf 或 .docx）；`-` 把 Markdown 写到标准输出"),
    ("qingdan letters", "名册每行一封警示提醒函，各附其行业的自查表"),
    ("qingdan letters --event", "事件文件（YAML）"),
    ("qingdan letters --roster", "名册（UTF-8 或 GB18030 编码的 .csv、.xlsx 或 .yaml；.xls 和 .ods 请另存为 .xlsx）"),
    ("qingdan letters --checklists", "清单 YAML 文件夹（默认：checklists，或 qingdan.yaml 中的 `checklists:`）"),
    ("qingdan letters --templates", "覆盖内置模板的模板文件夹"),
    ("qingdan letters --out", "输出文件夹"),
    ("qingdan letters --format", "要写的格式，逗号分隔：pdf、docx、html、md（每个收件单位各一个文件）"),
    ("qingdan letters --combined", "另写一个含全部函件的 PDF，每封从奇数页开始（便于双面打印）"),
    ("qingdan letters --skip-invalid", "跳过名册中有误的行（会列出），而不是停止"),
    ("qingdan letters --pages", "另为每个收件单位写自查填报页（NNN-名称-自查填报.html），按名册预填，只含其自身的部分"),
    ("qingdan letters --jobs", "并行任务数（默认：CPU 核数）"),
    ("qingdan letters --quiet", "除错误外什么也不输出（也不显示进度条）"),
    ("qingdan merge", "通用套打：用一份清单和一个模板，为名册每行写一份文书（如用 `--template responsibility-pledge` 为每名员工写岗位安全生产承诺书）"),
    ("qingdan merge --template", "模板名，如 responsibility-pledge；模板可用 `person`、`row`、`section` 和 `checklist`"),
    ("qingdan merge --checklist", "清单 id 或文件，可带部分（responsibility-pledge 需要 `kind: responsibilities` 的清单，名册的“岗位”列指定其中的岗位）"),
    ("qingdan merge --roster", "人员名册（UTF-8 或 GB18030 编码的 .csv、.xlsx 或 .yaml），含“姓名”列，岗位承诺书还需“岗位”列；“部门”和其他各列都传给模板"),
    ("qingdan merge --checklists", "先在此文件夹中按 id 查找清单，再找内置清单（默认：checklists，或 qingdan.yaml 中的 `checklists:`）"),
    ("qingdan merge --templates", "覆盖内置模板的模板文件夹"),
    ("qingdan merge --out", "输出文件夹"),
    ("qingdan merge --format", "要写的格式，逗号分隔：pdf、docx、html、md（每行各一个文件）"),
    ("qingdan merge --combined", "另写一个含全部文书的 PDF，每份从奇数页开始（便于双面打印）"),
    ("qingdan merge --jobs", "并行任务数（默认：CPU 核数）"),
    ("qingdan merge --quiet", "除错误外什么也不输出（也不显示进度条）"),
    ("qingdan diff", "显示两个版本清单之间新增、删除和修改的条目"),
    ("qingdan diff <paths>", "旧版和新版（两个文件或两个文件夹）；用 --git 时为文件夹（默认：checklists）"),
    ("qingdan diff --git", "比较一个文件夹的两个 git 版本，如 `main..HEAD`；`REV..` 比较 REV 与工作区"),
    ("qingdan diff --json", "以 JSON 输出差异"),
    ("qingdan diff --exit-code", "有差异时退出码为 1"),
    ("qingdan report", "把填好的自查结果生成自查报告（每项重大隐患附一页双报告），或隐患表格（.csv、.xlsx）"),
    ("qingdan report --results", "自查结果文件（YAML）"),
    ("qingdan report --checklists", "清单 YAML 文件夹（默认：checklists，或 qingdan.yaml 中的 `checklists:`）"),
    ("qingdan report --templates", "覆盖内置模板的模板文件夹"),
    ("qingdan report --allow-incomplete", "未作答的条目只作警告，不作错误"),
    ("qingdan report --as-of", "判断“逾期”的日期（YYYY-MM-DD）；默认：自查结果的日期"),
    ("qingdan report --output", "输出文件；格式按扩展名（.md、.html、.pdf、.docx、.csv、.xlsx）"),
    ("qingdan report --format", "写多种格式，逗号分隔（md、html、pdf、docx、csv、xlsx），各用其扩展名"),
    ("qingdan notices", "为未整改隐患的每位责任人出一份整改通知书"),
    ("qingdan notices --results", "自查结果文件（YAML）"),
    ("qingdan notices --checklists", "清单 YAML 文件夹（默认：checklists，或 qingdan.yaml 中的 `checklists:`）"),
    ("qingdan notices --templates", "覆盖内置模板的模板文件夹"),
    ("qingdan notices --allow-incomplete", "未作答的条目只作警告，不作错误"),
    ("qingdan notices --as-of", "判断“逾期”的日期（YYYY-MM-DD）；默认：自查结果的日期"),
    ("qingdan notices --output", "输出文件夹"),
    ("qingdan notices --format", "要写的格式，逗号分隔：md、html、pdf、docx"),
    ("qingdan notices --template", "要写的文书：`rectification-notice`（整改通知书，每位未整改隐患的责任人一份）或 `review-opinion`（整改复查意见书，截至 --as-of 已复查的隐患每项一份）"),
    ("qingdan ledger", "由自查结果文件夹和名册生成县级隐患台账：按乡镇和行业列出每项隐患、截至某日的统计、未上报单位（.xlsx、.csv，或带图表的汇总 .md、.html、.pdf；--json 输出统计）"),
    ("qingdan ledger --results", "自查结果文件夹（*.yaml、*.yml，任意层级）"),
    ("qingdan ledger --roster", "名册（UTF-8 或 GB18030 编码的 .csv、.xlsx 或 .yaml），含 名称、行业、乡镇 和 统一社会信用代码"),
    ("qingdan ledger --checklists", "清单 YAML 文件夹（默认：checklists，或 qingdan.yaml 中的 `checklists:`）"),
    ("qingdan ledger --templates", "覆盖内置模板的模板文件夹"),
    ("qingdan ledger --as-of", "统计截至日期（YYYY-MM-DD）；默认：今天（UTC+8）"),
    ("qingdan ledger --output", "输出文件；格式按扩展名（.xlsx、.csv、.md、.html、.pdf、.docx）"),
    ("qingdan ledger --format", "写多种格式，逗号分隔（xlsx、csv、md、html、pdf、docx），各用其扩展名"),
    ("qingdan ledger --json", "把统计以 JSON 写到标准输出"),
    ("qingdan ledger --skip-invalid", "跳过有误的自查结果文件（会列出），而不是停止"),
    ("qingdan ledger --due-within", "另列出整改时限在 --as-of 起 DAYS 天内（含当天和第 DAYS 天）的未整改隐患，最近的在前"),
    ("qingdan ledger --jobs", "并行任务数（默认：CPU 核数）"),
    ("qingdan ledger --overdue-roster", "另把有逾期隐患的单位在名册中的行写入 FILE（.csv），供 `qingdan letters --roster FILE` 发督办提醒函"),
    ("qingdan schema", "输出某种输入格式（checklist、results、event、config）的 JSON Schema，供编辑器使用"),
    ("qingdan schema <name>", "checklist、results、event 或 config"),
    ("qingdan fonts", "列出 PDF 用的字体，或检查文件中的字符是否都能打印"),
    ("qingdan fonts <files>", "要检查的文本文件（清单、名册、Markdown…）"),
    ("qingdan fonts --family", "对照检查的字体族（serif、sans，或 --font-dir 中的字体族）"),
    ("qingdan templates", "管理模板"),
    ("qingdan templates export", "把内置模板写到文件夹中以便修改（不带 --force 时不覆盖已有文件）"),
    ("qingdan templates export <dir>", "要写入的文件夹"),
    ("qingdan templates export --force", "覆盖那里已有的模板文件"),
    ("qingdan templates list", "列出模板及各自的来源：内置，或正在使用的覆盖文件（清单旁的 `templates/`、qingdan.yaml 中的 `templates:`、--templates）"),
    ("qingdan templates list --templates", "覆盖内置模板的模板文件夹"),
    ("qingdan templates list --checklists", "清单 YAML 文件夹，其旁边的 `templates/` 存放覆盖模板（默认：checklists，或 qingdan.yaml 中的 `checklists:`）"),
    ("qingdan help", "显示本帮助，或所给命令的帮助"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// Every key of the English tree: each command and each of its arguments.
    fn keys(cmd: &Command, path: &str, out: &mut Vec<(String, String)>) {
        out.push((
            path.to_string(),
            cmd.get_about().map(|a| a.to_string()).unwrap_or_default(),
        ));
        for a in cmd.get_arguments() {
            if matches!(a.get_id().as_str(), "help" | "version") {
                continue;
            }
            out.push((
                format!("{path} {}", arg_key(a)),
                a.get_help().map(|h| h.to_string()).unwrap_or_default(),
            ));
        }
        for s in cmd.get_subcommands() {
            keys(s, &format!("{path} {}", s.get_name()), out);
        }
    }

    /// The two languages have the same keys: every command and flag has its
    /// Chinese help, and the table names nothing the tree does not have.
    #[test]
    fn chinese_help_has_the_same_keys_as_the_english() {
        let mut english = Vec::new();
        keys(&super::super::args::Cli::command(), "qingdan", &mut english);
        // clap adds `help` when it builds the tree; the Chinese one is ours.
        english.push(("qingdan help".into(), String::new()));
        let missing: Vec<String> = english
            .iter()
            .filter(|(k, _)| text(k).is_none())
            .map(|(k, en)| format!("    (\"{k}\", \"\"), // {en}"))
            .collect();
        assert!(
            missing.is_empty(),
            "no Chinese help for:\n{}",
            missing.join("\n")
        );
        let stale: Vec<&str> = HELP
            .iter()
            .map(|(k, _)| *k)
            .filter(|k| !english.iter().any(|(e, _)| e == k))
            .collect();
        assert!(
            stale.is_empty(),
            "Chinese help for what does not exist: {stale:?}"
        );
        let mut sorted: Vec<&str> = HELP.iter().map(|(k, _)| *k).collect();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), HELP.len(), "a key is listed twice");
    }

    #[test]
    fn help_command_becomes_a_help_flag() {
        let v = |s: &str| -> Vec<std::ffi::OsString> { s.split(' ').map(Into::into).collect() };
        assert_eq!(
            help_command(v("qingdan help build")),
            v("qingdan build --help")
        );
        assert_eq!(
            help_command(v("qingdan --lang zh help templates list")),
            v("qingdan --lang zh templates list --help")
        );
        assert_eq!(help_command(v("qingdan help")), v("qingdan --help"));
        // `help` as a value or after the command is left alone.
        assert_eq!(
            help_command(v("qingdan --config help build")),
            v("qingdan --config help build")
        );
        assert_eq!(
            help_command(v("qingdan validate help")),
            v("qingdan validate help")
        );
    }

    #[test]
    fn localised_tree_renders_chinese_headings_and_defaults() {
        let mut cmd = localise(super::super::args::Cli::command());
        let build = cmd
            .find_subcommand_mut("build")
            .map(|b| b.render_help().to_string())
            .unwrap_or_default();
        assert!(build.contains("用法："), "{build}");
        assert!(build.contains("选项"), "{build}");
        assert!(build.contains("（默认：md,html,pdf,docx）"), "{build}");
        assert!(build.contains("显示帮助"), "{build}");
        assert!(!build.contains("Print help"), "{build}");
    }
}
