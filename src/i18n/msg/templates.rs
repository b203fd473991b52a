//! Messages of templates (`render`): loading, the limits qingdan puts on
//! Tera, rendering, and the filters and functions templates call.
//! Tera's own messages (quoted after these) stay as Tera writes them.

messages! {
    card_too_long(title, need, have) {
        en: "card 「{title}」 does not fit on an A6 card: its content is {need} mm tall, a card holds {have} mm; shorten its steps, risks or contacts, or split it into two cards",
        zh: "处置卡「{title}」在 A6 卡片上放不下：内容高 {need} mm，卡片只容 {have} mm；请精简处置步骤、风险或联系人，或拆成两张卡",
    }
    cannot_read_template(path, err) {
        en: "cannot read template {path}: {err}",
        zh: "读不了模板 {path}：{err}",
    }
    template_error(name, message) { en: "template `{name}`: {message}", zh: "模板 `{name}`：{message}" }
    no_template(name) { en: "no template named `{name}`", zh: "没有名为 `{name}` 的模板" }
    template_wrong_kind(name, kinds, id, kind) {
        en: "template `{name}` is for {kinds} checklists; `{id}` is a {kind} checklist",
        zh: "模板 `{name}` 用于 {kinds} 类清单；`{id}` 是 {kind} 类清单",
    }
    templates_for_kind(kind, list) {
        en: "templates for {kind} checklists: {list}",
        zh: "适用于 {kind} 类清单的模板：{list}",
    }
    template_not_for_checklists(name) {
        en: "template `{name}` is not rendered from a checklist: another command makes it (see `qingdan list`)",
        zh: "模板 `{name}` 不是由清单生成的：它由另一个命令生成（见 `qingdan list`）",
    }
    template_too_large(name) {
        en: "template `{name}` produced more than 64 MiB: does it loop without end?",
        zh: "模板 `{name}` 生成的内容超过 64 MiB：是不是有死循环？",
    }
    template_not_utf8_file() {
        en: "not UTF-8: save the template as UTF-8",
        zh: "不是 UTF-8 编码：请把模板另存为 UTF-8",
    }
    get_env_disabled() {
        en: "get_env is disabled: templates cannot read environment variables",
        zh: "`get_env` 已停用：模板不能读取环境变量",
    }
    line_column(line, column) { en: "line {line}, column {column}", zh: "第 {line} 行第 {column} 列" }
    tera_failed() {
        en: "Tera failed while rendering it (a bug in Tera or qingdan)",
        zh: "Tera 渲染时出错（Tera 或 qingdan 的缺陷）",
    }
    cannot_start_thread(err) {
        en: "cannot start a thread to render it: {err}",
        zh: "无法启动渲染线程：{err}",
    }
    output_not_utf8() { en: "the output is not UTF-8", zh: "输出内容不是 UTF-8 编码" }
    calls_itself(cycle) {
        en: "calls itself ({cycle}): recursive macros and includes are not supported, since Tera has no depth limit",
        zh: "调用了自身（{cycle}）：不支持递归的宏和 include，因为 Tera 没有深度限制",
    }
    calls_too_deep(depth, chain, max) {
        en: "macro calls and includes nest {depth} deep ({chain}); at most {max} are supported, since Tera has no depth limit",
        zh: "宏调用和 include 嵌套了 {depth} 层（{chain}）：最多支持 {max} 层，因为 Tera 没有深度限制",
    }
    non_ascii_subscript(key) {
        en: "`[\"{key}\"]`: Tera cannot look up a key that is not ASCII with brackets (it fails while rendering); write `| get(key=\"{key}\")` instead, e.g. `row | get(key=\"{key}\")`",
        zh: "`[\"{key}\"]`：Tera 不能用方括号查非 ASCII 的键（渲染时会出错），请改写为 `| get(key=\"{key}\")`，例如 `row | get(key=\"{key}\")`",
    }
    brackets_too_deep(max) {
        en: "brackets nested more than {max} deep: Tera would overflow its stack; split the expression with `set`",
        zh: "括号嵌套超过 {max} 层：Tera 会栈溢出，请用 `set` 拆分表达式",
    }
    too_many_operators(max) {
        en: "more than {max} operators in one tag: Tera would overflow its stack; split the expression with `set`",
        zh: "一个标签中的运算符超过 {max} 个：Tera 会栈溢出，请用 `set` 拆分表达式",
    }
    blocks_too_deep(max) {
        en: "blocks nested more than {max} deep: Tera would overflow its stack; move the inner part into a macro or flatten the conditions",
        zh: "块嵌套超过 {max} 层：Tera 会栈溢出，请把内层移到宏里，或减少条件的层数",
    }
    range_not_whole(name, got) {
        en: "range: `{name}` must be a whole number ≥ 0, got {got}",
        zh: "`range`：`{name}` 应为 ≥ 0 的整数，现为 {got}",
    }
    range_required(name) { en: "range: `{name}` is required", zh: "`range`：缺少 `{name}`" }
    range_step() { en: "range: `step_by` must be at least 1", zh: "`range`：`step_by` 至少为 1" }
    range_too_many(count, max) {
        en: "range: {count} numbers asked for; at most {max}",
        zh: "`range`：要生成 {count} 个数，最多 {max} 个",
    }
    filter_not_whole(filter, got) {
        en: "{filter}: expected a whole number ≥ 0, got {got}",
        zh: "`{filter}`：应为 ≥ 0 的整数，现为 {got}",
    }
    filter_not_whole_text(filter, got) {
        en: "{filter}: expected a whole number, got `{got}`",
        zh: "`{filter}`：应为整数，现为 `{got}`",
    }
    filter_not_number(filter, got) {
        en: "{filter}: expected a number, got {got}",
        zh: "`{filter}`：应为数字，现为 {got}",
    }
    cn_date_not_string(got) {
        en: "cn_date: expected a date string, got {got}",
        zh: "`cn_date`：应为日期字符串，现为 {got}",
    }
    cn_date_bad(got) {
        en: "cn_date: `{got}` is not a YYYY-MM-DD date",
        zh: "`cn_date`：`{got}` 不是 YYYY-MM-DD 格式的日期",
    }
}
