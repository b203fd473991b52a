//! Words every message shares: levels, summaries, the frame around errors.

messages! {
    /// The level of a diagnostic that stops the input being used.
    error_word() { en: "error", zh: "错误" }
    /// The level of a diagnostic worth a look.
    warning_word() { en: "warning", zh: "警告" }
    /// The word before a diagnostic's hint (`= help: …`), with or without a
    /// source line above it: one word for both, as rustc prints.
    help_word() { en: "help", zh: "提示" }
    /// Under an error, each underlying cause.
    caused_by(cause) { en: "  caused by: {cause}", zh: "  原因：{cause}" }
    /// The closing line of `validate`.
    checked_summary(files, errors, warnings) {
        en: "{files} checked: {errors}, {warnings}",
        zh: "已检查 {files}：{errors}，{warnings}",
    }
    /// A panic: a bug in qingdan.
    internal_error(place, what) {
        en: "internal error in qingdan{place}: {what}",
        zh: "qingdan 内部错误{place}：{what}",
    }
    /// After an internal error.
    internal_error_hint() {
        en: "This is a bug in qingdan, not in your files. Please report it with the command you ran and the input files.",
        zh: "这是 qingdan 的缺陷，不是您文件的问题。请报告此问题，并附上所运行的命令和输入文件。",
    }
    /// `qingdan.yaml` has problems (listed above this line).
    config_invalid() {
        en: "the configuration file is invalid",
        zh: "配置文件有误",
    }
    /// Under diagnostics of a set of files, the last line.
    inputs_invalid(what) { en: "{what} is invalid", zh: "{what}有误" }
}

/// `n` files, in words.
pub fn files(n: usize) -> String {
    crate::i18n::count(n, "file", "files", "个文件")
}

/// `n` errors, in words.
pub fn errors(n: usize) -> String {
    crate::i18n::count(n, "error", "errors", "个错误")
}

/// `n` warnings, in words.
pub fn warnings(n: usize) -> String {
    crate::i18n::count(n, "warning", "warnings", "个警告")
}

/// The nouns messages put in `{what}`: the English word, or its Chinese.
/// A word not listed stays English (the unit test lists every word in use).
pub fn noun(what: &str) -> String {
    const ZH: &[(&str, &str)] = &[
        ("checklist", "清单"),
        ("source", "来源"),
        ("section", "章节"),
        ("item", "条目"),
        ("field", "字段"),
        ("value", "值"),
        ("template", "模板"),
        ("column", "列"),
        ("part", "部分"),
        ("hazard", "隐患"),
        ("kind", "类型"),
        ("format", "格式"),
        ("checklist id", "清单 id"),
        ("item id", "条目 id"),
        ("section id", "章节 id"),
        ("template name", "模板名"),
        ("industry", "行业"),
        ("post", "岗位"),
    ];
    match crate::i18n::lang() {
        crate::i18n::Lang::En => what.to_string(),
        crate::i18n::Lang::Zh => ZH
            .iter()
            .find(|(en, _)| *en == what)
            .map_or(what, |(_, zh)| zh)
            .to_string(),
    }
}
