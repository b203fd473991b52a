//! Diagnostics of the inputs beside checklists: results files
//! (`model::results`), events (`model::event`), rosters (`model::roster`) and
//! `qingdan.yaml` (`config`).

messages! {
    // Results: the answers' own format.
    answer_expecting() {
        en: "`ok`, `na` or a mapping with `status: hazard`",
        zh: "`ok`、`na` 或带 `status: hazard` 的映射",
    }
    hazard_needs_details() {
        en: "a hazard needs details: write a mapping `{{status: hazard, finding: …}}`",
        zh: "隐患要写明详情：写成映射 `{{status: hazard, finding: …}}`",
    }
    checklist_version_type() {
        en: "invalid type for `checklist_version`: expected a string such as \"2023\"",
        zh: "`checklist_version` 的类型不对：应为字符串，如 \"2023\"",
    }
    checklist_version_decimal() {
        en: "`checklist_version` is written as a decimal number, which drops trailing zeros (1.10 becomes 1.1): write it in quotes, e.g. `checklist_version: \"1.10\"`",
        zh: "`checklist_version` 写成了小数，末尾的 0 会丢掉（1.10 变成 1.1）：请加引号，如 `checklist_version: \"1.10\"`",
    }
    answers_expecting() {
        en: "a mapping of item id → answer",
        zh: "条目 id → 答案 的映射",
    }
    edited_after_export() {
        en: "the file was changed after the self-check page exported it (its checksum does not match)",
        zh: "该文件在自查页面导出后被改动过（校验和不符）",
    }
    edited_after_export_hint() {
        en: "if the change is meant, delete the last line (the checksum); otherwise export again from the page",
        zh: "如果是有意修改，删掉最后一行（校验和）；否则请从页面重新导出",
    }
    funds_type_hint() {
        en: "write the amount in 元 as a plain number, e.g. 85000 (not 8.5万)",
        zh: "金额以元为单位，写成纯数字，如 85000（不要写 8.5万）",
    }
    checklist_has_errors(id, file) {
        en: "checklist `{id}` ({file}) has errors, so the answers cannot be checked",
        zh: "清单 `{id}`（{file}）本身有错误，无法核对答案",
    }
    run_validate(file) { en: "run `qingdan validate {file}`", zh: "请运行 `qingdan validate {file}`" }
    no_checklists_in(dir) {
        en: "no checklists found in {dir}; run where that folder is, or pass `--checklists DIR` to `report`",
        zh: "在 {dir} 中没有找到清单：请在该文件夹所在的位置运行，或给 `report` 加上 `--checklists DIR`",
    }
    no_checklist_with_id(id, dir) {
        en: "no checklist with id `{id}` in {dir} or built in",
        zh: "在 {dir} 和内置清单中都没有 id 为 `{id}` 的清单",
    }
    entity_name_empty() { en: "`entity.name` is empty", zh: "`entity.name` 为空" }
    entity_name_hint() {
        en: "write the enterprise's full registered name (单位全称)",
        zh: "填写单位全称（与营业执照一致）",
    }
    uscc_mistyped_hint() {
        en: "a character is probably mistyped: copy the code from the business licence (营业执照)",
        zh: "很可能有一个字符输错了：请照营业执照抄写代码",
    }
    uscc_hint() {
        en: "the code is on the business licence (营业执照): 18 digits and capital letters",
        zh: "代码印在营业执照上：18 位数字和大写字母",
    }
    answered_twice(id) { en: "item `{id}` is answered twice", zh: "条目 `{id}` 答了两次" }
    first_answered_at(line) { en: "first answered at line {line}", zh: "第一次回答在第 {line} 行" }
    answered_twice_hint() { en: "keep one answer per item", zh: "每个条目只保留一个答案" }
    no_inspectors() {
        en: "no `inspectors:` listed; the report leaves 自查人员 blank",
        zh: "没有填写 `inspectors:`：报告中的“自查人员”将留空",
    }
    finding_empty(id) {
        en: "hazard `{id}` has an empty `finding`",
        zh: "隐患 `{id}` 的 `finding` 为空",
    }
    finding_hint() { en: "describe what was found (隐患的现状)", zh: "写明隐患的现状" }
    bad_funds(id, got) {
        en: "`funds` of `{id}` must be an amount in 元, from 0 to 10¹² (got {got})",
        zh: "`{id}` 的 `funds` 应为以元计的金额，在 0 到 10¹² 之间（现为 {got}）",
    }
    bad_funds_hint() { en: "write a number such as 85000 (元)", zh: "写一个数字，如 85000（元）" }
    date_before_check(field, value, id, date) {
        en: "`{field}` {value} of `{id}` is before the self-check date {date}",
        zh: "`{id}` 的 `{field}` {value} 早于自查日期 {date}",
    }
    date_before_check_hint(date) {
        en: "a hazard found on {date} cannot be due or put right earlier; check the year and month",
        zh: "{date} 发现的隐患，整改时限和整改日期不能早于这一天：请核对年份和月份",
    }
    review_before_rectified(value, id) {
        en: "`review_date` {value} of `{id}` is before `rectified_on`",
        zh: "`{id}` 的 `review_date` {value} 早于 `rectified_on`",
    }
    version_mismatch(v, id, current) {
        en: "the results were made with version {v} of `{id}`, the checklist is version {current}",
        zh: "自查结果按 `{id}` 的 {v} 版填写，清单现为 {current} 版",
    }
    version_mismatch_hint() {
        en: "check the answers against the current checklist, then update `checklist_version`",
        zh: "请对照现行清单核对答案，再更新 `checklist_version`",
    }
    item_not_chosen(id, part, title) {
        en: "item `{id}` belongs to part `{part}` ({title}), which `checklist:` does not choose",
        zh: "条目 `{id}` 属于部分 `{part}`（{title}），而 `checklist:` 没有选这一部分",
    }
    item_not_chosen_hint(selection) {
        en: "add the part (`checklist: {selection}`) or remove this answer",
        zh: "加上这一部分（`checklist: {selection}`），或删掉这个答案",
    }
    no_such_item(checklist, id) {
        en: "`{checklist}` has no item `{id}`",
        zh: "`{checklist}` 中没有条目 `{id}`",
    }
    group_answered(id) {
        en: "`{id}` is a group of items and is not answered itself",
        zh: "`{id}` 是一组条目，本身不作答",
    }
    answer_sub_items(list) {
        en: "answer its sub-items instead: {list}",
        zh: "请改为回答它的子条目：{list}",
    }
    lacks_five_in_place(id, fields) {
        en: "major hazard `{id}` lacks 五落实 field: {fields}",
        zh: "重大隐患 `{id}` 缺少五落实内容：{fields}",
    }
    lacks_five_in_place_many(id, fields) {
        en: "major hazard `{id}` lacks 五落实 fields: {fields}",
        zh: "重大隐患 `{id}` 缺少五落实内容：{fields}",
    }
    five_in_place_hint() {
        en: "a major hazard needs 责任、措施、资金、时限、预案 (owner, measure, funds, deadline, plan); the report marks what is missing",
        zh: "重大隐患要落实责任、措施、资金、时限、预案（owner、measure、funds、deadline、plan）：报告会标出缺少的项",
    }
    and_more(n) { en: "and {n} more", zh: "另有 {n} 条" }
    unanswered(missing, total, id, list) {
        en: "{missing} of {total} items of `{id}` not answered: {list}",
        zh: "`{id}` 共 {total} 条，有 {missing} 条未回答：{list}",
    }
    unanswered_hint() {
        en: "answer every item `ok`, `na` or with a hazard mapping (or pass --allow-incomplete)",
        zh: "每一条都要回答 `ok`、`na` 或隐患映射（或加上 `--allow-incomplete`）",
    }
    unanswered_allowed_hint() {
        en: "the report counts only the answered items",
        zh: "报告只统计已回答的条目",
    }
    plan_on_duty(id) {
        en: "`plan` is for major hazards; duty `{id}` does not use it",
        zh: "`plan` 只用于重大隐患：职责条目 `{id}` 用不到它",
    }

    // Events.
    attachment_problem(file, why) { en: "attachment `{file}`: {why}", zh: "附件 `{file}`：{why}" }
    attachment_hint() {
        en: "give a Markdown file relative to the event file, or leave out `file:` to only list the attachment",
        zh: "请给出相对事件文件的 Markdown 文件；如果只列出附件名称，就删掉 `file:`",
    }
    deadline_before_date(deadline, date) {
        en: "self-check deadline {deadline} is before the letter's date {date}",
        zh: "自查截止日期 {deadline} 早于发函日期 {date}",
    }
    deadline_before_date_hint() {
        en: "give recipients time: the deadline must be on or after `date`",
        zh: "要给收函单位留出时间：截止日期不能早于 `date`",
    }
    bad_doc_no(doc_no) {
        en: "发文字号 `{doc_no}` has a placeholder other than one `{{n}}`",
        zh: "发文字号 `{doc_no}` 中的占位符不对：只能有一个 `{{n}}`",
    }
    bad_doc_no_hint() {
        en: "write e.g. 襄安委办函〔2025〕{{n}}号 for a running number, or a fixed number",
        zh: "流水号写成如 襄安委办函〔2025〕{{n}}号，或写一个固定的文号",
    }
    doc_no_brackets(doc_no) {
        en: "发文字号 `{doc_no}` should use 六角括号 〔〕 around the year",
        zh: "发文字号 `{doc_no}` 的年份应使用六角括号〔〕",
    }
    no_requirements() {
        en: "no `requirements`: a warning letter says what recipients must do",
        zh: "没有 `requirements`：警示函要写明收函单位必须做什么",
    }
    no_requirements_hint() { en: "add a list of requirements", zh: "加上一列要求" }
    industry_maps_to(industry, id, err) {
        en: "industry `{industry}` maps to `{id}`: {err}",
        zh: "行业 `{industry}` 对应 `{id}`：{err}",
    }
    sections_unknown_checklist(id) {
        en: "`self_check.sections` names checklist `{id}`, which is not among the checklists",
        zh: "`self_check.sections` 中的清单 `{id}` 不在已有清单之中",
    }
    checklist_no_section(id, section) {
        en: "checklist `{id}` has no section `{section}`",
        zh: "清单 `{id}` 中没有章节 `{section}`",
    }

    // Rosters.
    roster_format_not_read(ext) { en: ".{ext} rosters are not read", zh: "不能读取 .{ext} 格式的名单" }
    roster_format_not_read_hint() {
        en: "save the roster as .xlsx or CSV UTF-8 (Excel/WPS: 另存为)",
        zh: "请把名单另存为 .xlsx 或 CSV UTF-8（Excel/WPS：另存为）",
    }
    roster_format_unknown() { en: "cannot tell the roster's format", zh: "无法判断名单的格式" }
    roster_format_unknown_hint() {
        en: "name it .csv, .xlsx or .yaml",
        zh: "文件名请以 .csv、.xlsx 或 .yaml 结尾",
    }
    too_many_rows(max) { en: "more than {max} rows", zh: "超过 {max} 行" }
    not_utf8_or_gbk() {
        en: "the file is neither UTF-8 nor GB18030/GBK",
        zh: "文件编码既不是 UTF-8，也不是 GB18030/GBK",
    }
    encoding_hint() {
        en: "save the roster as CSV UTF-8 (Excel: 另存为 → CSV UTF-8)",
        zh: "请把名单另存为 CSV UTF-8（Excel：另存为 → CSV UTF-8）",
    }
    unclosed_quote() {
        en: "a quote (\") is opened and never closed",
        zh: "有一个引号（\"）没有闭合",
    }
    unclosed_quote_hint() {
        en: "close the quote, or remove it: Excel writes quotes only around cells that contain a comma",
        zh: "补上另一半引号，或删掉它：Excel 只在含逗号的单元格两边加引号",
    }
    csv_error(e) { en: "CSV error: {e}", zh: "CSV 格式错误：{e}" }
    roster_empty() { en: "roster is empty", zh: "名单为空" }
    roster_empty_hint() {
        en: "the first row names the columns: 名称, 行业, …",
        zh: "第一行是列名：名称、行业……",
    }
    cell_logical(value) {
        en: "holds the logical value {value}, not text",
        zh: "是逻辑值 {value}，不是文字",
    }
    cell_excel_error(e) { en: "holds the Excel error {e}, not text", zh: "是 Excel 错误值 {e}，不是文字" }
    workbook_too_large(what, max) {
        en: "{what}; rosters unpacking to more than {max} MiB are refused",
        zh: "{what}：解压后超过 {max} MiB 的名单不予读取",
    }
    workbook_too_large_hint() {
        en: "is this the right file? save the roster again from Excel/WPS, or as CSV",
        zh: "文件是否选对了？请用 Excel/WPS 重新保存名单，或另存为 CSV",
    }
    cannot_open_workbook(e) { en: "cannot open workbook: {e}", zh: "打不开工作簿：{e}" }
    workbook_declares(mib) {
        en: "the workbook declares {mib} MiB of content",
        zh: "工作簿声明的内容有 {mib} MiB",
    }
    workbook_damaged() {
        en: "cannot read the first sheet: the workbook is damaged (a cell reference is out of range)",
        zh: "读不了第一个工作表：工作簿已损坏（单元格引用越界）",
    }
    workbook_damaged_hint() {
        en: "open it in Excel/WPS and save it again, or save the roster as CSV",
        zh: "请用 Excel/WPS 打开后重新保存，或把名单另存为 CSV",
    }
    workbook_unpacks_more() {
        en: "the workbook unpacks to more than it declares",
        zh: "工作簿解压后的大小超过了它声明的大小",
    }
    workbook_no_sheet() { en: "workbook has no sheet", zh: "工作簿中没有工作表" }
    cannot_read_sheet(e) { en: "cannot read the first sheet: {e}", zh: "读不了第一个工作表：{e}" }
    roster_cell(row, col, cell, what) {
        en: "row {row}, column {col} (cell {cell}): {what}",
        zh: "第 {row} 行第 {col} 列（单元格 {cell}）：{what}",
    }
    value_right_of(max) {
        en: "a value right of column {max}",
        zh: "第 {max} 列右边还有内容",
    }
    value_right_of_hint() {
        en: "delete the stray cell, or copy the roster's columns into a new sheet",
        zh: "删掉多余的单元格，或把名单各列复制到一个新工作表",
    }
    cell_text_hint() {
        en: "type the text into the cell, or fix the formula",
        zh: "在单元格中直接输入文字，或改正公式",
    }
    cell_too_long(max) {
        en: "the cell is longer than {max} characters",
        zh: "单元格内容超过 {max} 个字",
    }
    sheet_empty() { en: "the first sheet is empty", zh: "第一个工作表为空" }
    yaml_error(e) { en: "YAML: {e}", zh: "YAML 格式错误：{e}" }
    yaml_roster_shape() {
        en: "a YAML roster is a list of recipients, or `recipients:` with a list",
        zh: "YAML 名单应是收函单位的列表，或 `recipients:` 下的列表",
    }
    yaml_roster_list() {
        en: "a YAML roster is a list of recipients",
        zh: "YAML 名单应是收函单位的列表",
    }
    entry_not_mapping(n) {
        en: "entry {n} is not a mapping of 名称, 行业, …",
        zh: "第 {n} 项不是“名称、行业……”的映射",
    }
    entry_same_field(n, first, second) {
        en: "entry {n}: `{first}` and `{second}` both give the same field",
        zh: "第 {n} 项：`{first}` 和 `{second}` 是同一个字段",
    }
    keep_one() { en: "keep one of them", zh: "只保留其中一个" }
    entry_not_text(n, key, what) {
        en: "entry {n}, `{key}`: the value is {what}, not text",
        zh: "第 {n} 项的 `{key}`：值是{what}，不是文字",
    }
    value_true_false() { en: "true/false", zh: "真/假值" }
    value_list() { en: "a list", zh: "列表" }
    value_mapping() { en: "a mapping", zh: "映射" }
    value_not_text() { en: "not text", zh: "非文字" }
    quote_value_hint() { en: "quote the value: `key: \"text\"`", zh: "给值加上引号：`key: \"text\"`" }
    column_not_used(h) { en: "column `{h}` is not used", zh: "列 `{h}` 不会被使用" }
    known_columns_hint() {
        en: "known columns: 名称, 行业, 地址, 联系人, 电话, 统一社会信用代码, 乡镇, 专项",
        zh: "可用的列：名称、行业、地址、联系人、电话、统一社会信用代码、乡镇、专项",
    }
    columns_same_field(a, b, cn) {
        en: "columns `{a}` and `{b}` both give {cn}",
        zh: "列 `{a}` 和 `{b}` 都是{cn}",
    }
    columns_same_field_hint() {
        en: "keep one of them: delete or rename the other column",
        zh: "只保留其中一列：删掉另一列或给它改名",
    }
    missing_column(cn) { en: "the roster has no `{cn}` column", zh: "名单中没有 `{cn}` 列" }
    missing_column_hint(cn, key) {
        en: "the first row must name the columns; `{cn}` (or `{key}`) is required",
        zh: "第一行要写列名：必须有 `{cn}`（或 `{key}`）列",
    }
    roster_row(line, col, what) {
        en: "row {line}, column {col}: {what}",
        zh: "第 {line} 行“{col}”列：{what}",
    }
    name_empty() { en: "the name is empty", zh: "名称为空" }
    person_name_empty() { en: "the name is empty", zh: "姓名为空" }
    person_name_empty_hint() {
        en: "every row is one person's document: write their name, or delete the row",
        zh: "每一行是一个人的文书：请填写姓名，或删掉这一行",
    }
    post_empty() { en: "the post is empty", zh: "岗位为空" }
    post_empty_hint() {
        en: "write the person's post as the responsibilities checklist names it (title, id or alias)",
        zh: "按岗位责任清单中的写法填写岗位（名称、id 或别名）",
    }
    unknown_post(post, id) {
        en: "no post `{post}` in checklist `{id}`",
        zh: "清单 `{id}` 中没有岗位 `{post}`",
    }
    name_empty_hint() {
        en: "every recipient needs a name: it is printed as 主送",
        zh: "每个收函单位都要有名称：它印在“主送”处",
    }
    name_also_in_row(name, first) {
        en: "`{name}` is also in row {first}",
        zh: "`{name}` 在第 {first} 行也有",
    }
    name_duplicate_hint() {
        en: "remove the duplicate row, or make the names differ",
        zh: "删掉重复的行，或把名称改得不同",
    }
    industry_empty() { en: "the industry is empty", zh: "行业为空" }
    industry_empty_hint() {
        en: "the industry selects the self-check sheet attached to the letter",
        zh: "行业决定随函附上哪份自查表",
    }
    uscc_check_hint() {
        en: "check the code on the business licence (营业执照)",
        zh: "请对照营业执照核对代码",
    }
}
