//! Messages of the commands and the stages they drive: `build`, `letters`,
//! `report`, `render`, `init`/`new`, `diff`, the catalogue, fonts, templates,
//! and the files they write.

use std::fmt::Display;

messages! {
    // Files written, removed, refused.
    wrote(path) { en: "wrote {path}", zh: "已写出 {path}" }
    removed(path) { en: "removed {path}", zh: "已删除 {path}" }
    writing(path) { en: "writing {path}", zh: "写入 {path} 时出错" }
    creating(path) { en: "creating {path}", zh: "创建 {path} 时出错" }
    removing(path) { en: "removing {path}", zh: "删除 {path} 时出错" }
    cannot_write(path) { en: "cannot write {path}", zh: "无法写入 {path}" }
    nothing_written() { en: "nothing was written", zh: "没有写出任何文件" }
    invalid_nothing_written(path) {
        en: "{path} is invalid; nothing was written",
        zh: "{path} 有误，没有写出任何文件",
    }
    compose_failed(path, err, hint) {
        en: "{path}: {err}\n  = help: {hint}",
        zh: "{path}：{err}\n  = 提示：{hint}",
    }
    exists_nothing_written(path) {
        en: "{path} already exists; nothing was written\n  = hint: pass --force to replace it, or name another file",
        zh: "{path} 已存在，没有写出任何文件\n  = 提示：要替换它请加 `--force`，或换一个文件名",
    }
    unknown_format(f, list) { en: "unknown format `{f}`: use {list}", zh: "未知格式 `{f}`：可用 {list}" }
    jobs_too_many(n, max) { en: "--jobs {n}: at most {max}", zh: "`--jobs {n}`：最多 {max}" }
    setting_jobs() { en: "setting the number of jobs", zh: "设置并行任务数时出错" }
    cannot_tell_format(path, list) {
        en: "cannot tell the format of {path}: name it {list}",
        zh: "无法判断 {path} 的格式：文件名请以 {list} 结尾",
    }
    cannot_tell_doc_format(path) {
        en: "cannot tell the format of {path}: name it .md, .html, .pdf or .docx (or `-` for Markdown on standard output)",
        zh: "无法判断 {path} 的格式：文件名请以 .md、.html、.pdf 或 .docx 结尾（或用 `-` 把 Markdown 输出到标准输出）",
    }
    note_line(text) { en: "note: {text}", zh: "注意：{text}" }
    overrides_builtin(file, id) {
        en: "{file} overrides the built-in checklist `{id}`",
        zh: "{file} 覆盖了内置清单 `{id}`",
    }

    // build.
    input_errors(n) {
        en: "{n} error in the input; nothing was written",
        zh: "输入中有 {n} 个错误，没有写出任何文件",
    }
    input_errors_many(n) {
        en: "{n} errors in the input; nothing was written",
        zh: "输入中有 {n} 个错误，没有写出任何文件",
    }
    making_format(ext, template) {
        en: "making the {ext} of template `{template}`",
        zh: "用模板 `{template}` 生成 {ext} 时出错",
    }
    page_wrong_kind(id, kind) {
        en: "the self-check page is for hazard and inspection checklists; `{id}` is a {kind} checklist",
        zh: "自查页面只用于隐患（hazards）和检查（inspection）清单：`{id}` 是 {kind} 清单",
    }
    page_is_html(ext) {
        en: "the self-check page is an HTML page, not {ext}: name the output .html",
        zh: "自查页面是 HTML 网页，不能生成 {ext}：输出文件名请以 .html 结尾",
    }
    edited_by_hand() {
        en: "edited by hand after qingdan wrote it",
        zh: "qingdan 写出后被手工改动过",
    }
    rendering_checklist(id, file, template) {
        en: "rendering checklist `{id}` ({file}) with template `{template}`",
        zh: "用模板 `{template}` 生成清单 `{id}`（{file}）时出错",
    }
    kept_because(path, why) { en: "{path} is kept: {why}", zh: "保留了 {path}：{why}" }
    kept_edited(path) {
        en: "{path} was edited after qingdan wrote it; its checklist is gone but the file is kept",
        zh: "{path} 在 qingdan 写出后被改动过：它的清单已删除，但文件予以保留",
    }
    is_gone(path) { en: "{path} is gone", zh: "{path} 已删除" }
    index_changed() {
        en: "the list of checklists or of their documents changed",
        zh: "清单或其文件的列表有变化",
    }
    changed(path) { en: "{path} changed", zh: "{path} 有改动" }
    template_changed(name) { en: "template {name} changed", zh: "模板 {name} 有改动" }
    settings_changed() {
        en: "qingdan version or settings changed",
        zh: "qingdan 版本或设置有变化",
    }
    output_differs() { en: "output differs", zh: "输出内容不同" }
    state_missing() { en: "missing", zh: "缺少" }
    state_stale() { en: "stale", zh: "过期" }
    state_edited() { en: "edited", zh: "被改动" }
    state_orphaned() { en: "orphaned", zh: "多余" }
    not_up_to_date(failed, total) {
        en: "{failed} of {total} outputs are not up to date; run `qingdan build`",
        zh: "{total} 个输出文件中有 {failed} 个不是最新的：请运行 `qingdan build`",
    }
    all_up_to_date(n) {
        en: "all {n} outputs are up to date",
        zh: "全部 {n} 个输出文件都是最新的",
    }
    build_summary(written, unchanged, removed, seconds) {
        en: "{written} written, {unchanged} up to date, {removed} removed in {seconds} s",
        zh: "写出 {written} 个，{unchanged} 个已是最新，删除 {removed} 个，用时 {seconds} 秒",
    }

    // The catalogue: checklists named by id or file.
    no_checklists_folder() {
        en: "no checklists folder here: nothing to build or check",
        zh: "这里没有 checklists 文件夹：没有可生成或检查的内容",
    }
    no_checklists_folder_hint(named) {
        en: "run `qingdan init` to make a working folder with examples, or pass `--checklists DIR`; the built-in checklists need no folder (`qingdan list`, `qingdan render --checklist ID …`){named}",
        zh: "运行 `qingdan init` 建一个带示例的工作文件夹，或加上 `--checklists DIR`；内置清单不需要文件夹（`qingdan list`、`qingdan render --checklist ID …`）{named}",
    }
    folder_named_by_flag() {
        en: " — this folder was named by `--checklists` or `checklists:` in qingdan.yaml",
        zh: "——这个文件夹是由 `--checklists` 或 qingdan.yaml 中的 `checklists:` 指定的",
    }
    no_checklist_file_or_id(id, dir) {
        en: "no checklist file or id `{id}` (looked in {dir} and the built-in checklists)",
        zh: "没有名为 `{id}` 的清单文件或 id（已在 {dir} 和内置清单中查找）",
    }
    list_shows_ids(suggestion) {
        en: "{suggestion} (`qingdan list` shows every id)",
        zh: "{suggestion}（`qingdan list` 可列出全部 id）",
    }

    // list.
    list_invalid(path) {
        en: "{path}: invalid (run `qingdan validate {path}`)",
        zh: "{path}：有误（请运行 `qingdan validate {path}`）",
    }
    compose_note() {
        en: "(compose with ID:PART,PART, e.g. gongmao-major-hazards:机械,粉尘涉爆: the 共用 sections plus the parts named)",
        zh: "（组合写法 ID:部分,部分，如 gongmao-major-hazards:机械,粉尘涉爆：即共用章节加上所列的部分）",
    }
    its_own_command() { en: "its own command", zh: "专用命令" }

    // letters.
    rows_left_out(n, rows) {
        en: "{n} roster row left out: {rows}",
        zh: "名单中有 {n} 行未发函：第 {rows} 行",
    }
    rows_left_out_many(n, rows) {
        en: "{n} roster rows left out: {rows}",
        zh: "名单中有 {n} 行未发函：第 {rows} 行",
    }
    removed_earlier_document(path) {
        en: "removed {path} (an earlier run's document)",
        zh: "已删除 {path}（上次生成的文书）",
    }
    removed_earlier_letter(path) {
        en: "removed {path} (an earlier run's letter)",
        zh: "已删除 {path}（上次生成的函）",
    }
    removed_earlier_page(path) {
        en: "removed {path} (an earlier run's self-check page)",
        zh: "已删除 {path}（上次生成的自查填报页）",
    }
    self_check_pages(n) { en: ", {n} self-check pages", zh: "，自查页面 {n} 个" }
    letters_summary(letters, files, pages, dir, seconds) {
        en: "{letters} letters ({files} files{pages}) and index.csv written to {dir} in {seconds} s",
        zh: "已将 {letters} 份函（{files} 个文件{pages}）和 index.csv 写入 {dir}，用时 {seconds} 秒",
    }
    combined_written(path, pages) {
        en: "combined: {path} ({pages} pages)",
        zh: "合订本：{path}（共 {pages} 页）",
    }

    combined_is_folder(path) {
        en: "--combined {path} is a folder: name a .pdf file",
        zh: "`--combined {path}` 是文件夹：请给出一个 .pdf 文件名",
    }
    the_roster() { en: "the roster", zh: "名单" }
    the_event_file() { en: "the event file", zh: "事件文件" }
    a_checklist() { en: "a checklist", zh: "一份清单" }
    combined_is_input(path, what) {
        en: "--combined {path} is {what}: it would be overwritten; name another file",
        zh: "`--combined {path}` 是{what}，会被覆盖：请换一个文件名",
    }
    combined_is_output(path) {
        en: "--combined {path} is one of the files this run writes: name another file",
        zh: "`--combined {path}` 是本次要写出的文件之一：请换一个文件名",
    }
    map_industries_hint() {
        en: "map industries to checklists under `self_check.checklists` in the event file",
        zh: "在事件文件的 `self_check.checklists` 下写明各行业对应的清单",
    }
    industry_no_checklist(industry) {
        en: "industry `{industry}` has no checklist in the event's `self_check.checklists`, and no checklist has a part of that name",
        zh: "行业 `{industry}` 在事件文件的 `self_check.checklists` 中没有对应清单，也没有哪份清单有这个名称的部分",
    }
    industry_several(industry, owners) {
        en: "industry `{industry}` is a part of several checklists ({owners})",
        zh: "行业 `{industry}` 是多份清单的部分（{owners}）",
    }
    industry_several_hint(industry, first) {
        en: "map it under `self_check.checklists` in the event, e.g. `{industry}: {first}:{industry}`",
        zh: "请在事件文件的 `self_check.checklists` 下写明，如 `{industry}: {first}:{industry}`",
    }
    special_without_sheet(special, industry) {
        en: "专项 `{special}` is given, but industry `{industry}` gets no self-check sheet",
        zh: "填了专项 `{special}`，但行业 `{industry}` 没有自查表",
    }
    special_without_sheet_hint() {
        en: "map the industry to a checklist in the event, or clear the 专项 cell",
        zh: "在事件文件中为该行业指定清单，或清空“专项”单元格",
    }
    config_industry_maps(industry, id, err) {
        en: "industries: `{industry}` maps to `{id}`: {err}",
        zh: "industries：`{industry}` 对应 `{id}`：{err}",
    }
    row_glyph_missing(row, col, code, ch) {
        en: "row {row}, column {col}: U+{code} '{ch}' is not in any font",
        zh: "第 {row} 行“{col}”列：U+{code}“{ch}”不在任何字体中",
    }
    sheet_not_composed(sel) { en: "sheet `{sel}` was not composed", zh: "自查表 `{sel}` 没有组合出来" }
    letter_to_row(name, row) {
        en: "letter to {name} (roster row {row})",
        zh: "给 {name} 的函（名单第 {row} 行）出错",
    }
    letter_to(name) { en: "letter to {name}", zh: "给 {name} 的函出错" }
    document_for(name) { en: "document for {name}", zh: "给 {name} 的文书出错" }
    merge_summary(docs, files, dir, seconds) {
        en: "{docs} documents ({files} files) and index.csv written to {dir} in {seconds} s",
        zh: "已将 {docs} 份文书（{files} 个文件）和 index.csv 写入 {dir}，用时 {seconds} 秒",
    }
    pledge_needs_posts(kind) {
        en: "template `responsibility-pledge` needs a checklist of posts (`kind: responsibilities`), not `kind: {kind}`",
        zh: "模板 `responsibility-pledge` 需要岗位责任清单（`kind: responsibilities`），而不是 `kind: {kind}`",
    }
    pledge_needs_posts_hint() {
        en: "name a responsibilities checklist with --checklist, e.g. example-machinery-responsibilities",
        zh: "用 `--checklist` 指定一份岗位责任清单，如 example-machinery-responsibilities",
    }
    combined_needs_pdf() {
        en: "--combined writes a PDF, so it needs PDF documents: add pdf to --format (DOCX documents stay one file each)",
        zh: "`--combined` 写的是 PDF 合订本，需要 PDF 文件：请在 `--format` 中加上 pdf（DOCX 文件各自单独一个）",
    }
    writer_stopped() { en: "the writer stopped", zh: "写文件的线程已停止" }
    writer_panicked() { en: "the writer thread panicked", zh: "写文件的线程崩溃了" }
    reading(path) { en: "reading {path}", zh: "读取 {path} 时出错" }
    adding_to(file, path) { en: "adding {file} to {path}", zh: "把 {file} 加入 {path} 时出错" }
    removing_old_letters(dir) {
        en: "removing old letters in {dir}",
        zh: "删除 {dir} 中的旧函件时出错",
    }
    writing_index(err) { en: "writing index.csv: {err}", zh: "写 index.csv 时出错：{err}" }

    // report, notices.
    as_of_not_a_date(value) {
        en: "--as-of `{value}` is not a date: write YYYY-MM-DD, e.g. 2025-04-30",
        zh: "`--as-of` 的值 `{value}` 不是日期：请写成 YYYY-MM-DD，如 2025-04-30",
    }
    report_format_unknown(path, list) {
        en: "cannot tell the format of {path}: name it .md, .html, .pdf, .docx, .csv or .xlsx (or pass --format {list})",
        zh: "无法判断 {path} 的格式：文件名请以 .md、.html、.pdf、.docx、.csv 或 .xlsx 结尾（或加上 `--format {list}`）",
    }
    as_of_bad(value) { en: "--as-of `{value}` is not a date", zh: "`--as-of` 的值 `{value}` 不是日期" }
    as_of_before(as_of, date) {
        en: "--as-of {as_of} is before the self-check date {date}",
        zh: "`--as-of {as_of}` 早于自查日期 {date}",
    }
    as_of_before_hint() {
        en: "the report date is the day of the self-check or later",
        zh: "报告日期应是自查当天或之后",
    }
    rectified_after_report(on, id, as_of) {
        en: "`rectified_on` {on} of `{id}` is after the report date {as_of}: counted as not yet rectified",
        zh: "`{id}` 的 `rectified_on` {on} 晚于报告日期 {as_of}：按尚未整改统计",
    }
    rectified_after_report_hint() {
        en: "pass --as-of with a later date to count it",
        zh: "要计入它，请用 `--as-of` 给一个更晚的日期",
    }
    report_not_converted() { en: "the report cannot be converted", zh: "报告无法转换格式" }
    two_notices(stem) { en: "two notices named {stem}", zh: "有两份整改通知都叫 {stem}" }
    report_format_plan(path) {
        en: "cannot tell the format of {path}: name it .md, .html, .csv or .xlsx (or pass --format)",
        zh: "无法判断 {path} 的格式：文件名请以 .md、.html、.csv 或 .xlsx 结尾（或加上 `--format`）",
    }
    notice_not_converted(stem) {
        en: "notice {stem} cannot be converted",
        zh: "整改通知 {stem} 无法转换格式",
    }
    notice_not_from_this_run(path) {
        en: "{path} was not written by this run (an earlier run's notice?); delete it if it is stale",
        zh: "{path} 不是本次写出的（是以前的整改通知？）：如已过时请删除",
    }
    notice_no_owner(id) {
        en: "open hazard `{id}` has no `owner`, so no notice was written for it",
        zh: "未整改的隐患 `{id}` 没有 `owner`（责任人），没有为它写整改通知",
    }
    no_notices() {
        en: "no open hazards with an owner: no notices written",
        zh: "没有写明责任人的未整改隐患：没有写出整改通知",
    }

    // diff.
    git_range(range) {
        en: "--git takes REV1..REV2, got `{range}`",
        zh: "`--git` 的值应为 REV1..REV2，现为 `{range}`",
    }
    git_one_folder() {
        en: "with --git, give at most one folder",
        zh: "用 `--git` 时最多只能给一个文件夹",
    }
    diff_what() {
        en: "give OLD and NEW (files or folders), or --git REV1..REV2",
        zh: "请给出旧的和新的（文件或文件夹），或用 `--git REV1..REV2`",
    }
    diff_invalid() {
        en: "invalid checklists; nothing compared",
        zh: "清单有误，没有进行比较",
    }

    // init, new.
    init_refused_hint() {
        en: "  = hint: `qingdan init` only makes new files: name a new folder (`qingdan init demo`), or move it away",
        zh: "  = 提示：`qingdan init` 只新建文件：请换一个新文件夹（`qingdan init demo`），或先把它移走",
    }
    init_refused_hint_many() {
        en: "  = hint: `qingdan init` only makes new files: name a new folder (`qingdan init demo`), or move them away",
        zh: "  = 提示：`qingdan init` 只新建文件：请换一个新文件夹（`qingdan init demo`），或先把它们移走",
    }
    init_next(n, cd) {
        en: "\n{n} files written. Next:\n{cd}  qingdan build                  # the example checklists' forms → out/\n  qingdan letters --event letters/event.yaml --roster letters/roster.csv --out out/letters\n  qingdan report --results results/gongmao-2025.yaml --as-of 2025-04-30 -o out/自查报告.pdf",
        zh: "\n已写出 {n} 个文件。接下来：\n{cd}  qingdan build                  # 示例清单的表格 → out/\n  qingdan letters --event letters/event.yaml --roster letters/roster.csv --out out/letters\n  qingdan report --results results/gongmao-2025.yaml --as-of 2025-04-30 -o out/自查报告.pdf",
    }
    refused_existing(list) {
        en: "{list} already exists; nothing was written",
        zh: "{list} 已存在，没有写出任何文件",
    }
    refused_existing_many(list) {
        en: "{list} already exist; nothing was written",
        zh: "{list} 已存在，没有写出任何文件",
    }
    writing_the_roster() { en: "writing the roster", zh: "写名单模板时出错" }
    not_built_in(id) { en: "`{id}` is not built in", zh: "`{id}` 不是内置清单" }
    built_in_invalid(id) { en: "built-in `{id}` is invalid", zh: "内置清单 `{id}` 有误" }
    source_not_built_in(s) {
        en: "source text `{s}` is not built in",
        zh: "来源原文 `{s}` 不在内置文件中",
    }

    // Files and folders read or written.
    not_regular(path, what) { en: "{path} {what}, not a regular file", zh: "{path} {what}，不是普通文件" }
    path_is_folder() { en: "is a folder", zh: "是文件夹" }
    is_a_device() { en: "is a device, pipe or socket", zh: "是设备、管道或套接字" }
    read_too_large(path, size, max) {
        en: "{path} is {size} MiB; at most {max} MiB are read",
        zh: "{path} 有 {size} MiB：最多只读取 {max} MiB",
    }
    symlink_in_output(path) {
        en: "{path} is a symlink: qingdan does not write or delete through links in the output folder; remove the link",
        zh: "{path} 是符号链接：qingdan 不会经由输出文件夹中的链接写入或删除文件，请删除该链接",
    }
    font_folder_error(dir, err) { en: "font folder {dir}: {err}", zh: "字体文件夹 {dir}：{err}" }
    font_not_regular(path) {
        en: "{path} is not a regular file (a device, pipe or socket)",
        zh: "{path} 不是普通文件（是设备、管道或套接字）",
    }
    font_too_large(path, size, max) {
        en: "{path} is {size} MiB; font files over {max} MiB are refused",
        zh: "{path} 有 {size} MiB：超过 {max} MiB 的字体文件不予读取",
    }
    loading_fonts(err) { en: "loading fonts: {err}", zh: "加载字体时出错：{err}" }
    glyph_missing(code, ch) {
        en: "U+{code} '{ch}' is not in any font",
        zh: "U+{code}“{ch}”不在任何字体中",
    }
    glyph_missing_hint() {
        en: "add a font that has it with --font-dir, or replace the character",
        zh: "用 `--font-dir` 加入含有这个字的字体，或换掉这个字",
    }
    not_a_manifest(path, err) {
        en: "{path}: not a qingdan manifest ({err}); it will be rewritten",
        zh: "{path} 不是 qingdan 的清单记录文件（{err}），将重新写出",
    }
    not_a_revision(rev) { en: "`{rev}` is not a revision", zh: "`{rev}` 不是一个版本" }
    cannot_run_git(err) { en: "cannot run git: {err}", zh: "无法运行 git：{err}" }
    git_failed(args, err) { en: "git {args} failed: {err}", zh: "git {args} 运行失败：{err}" }
    named_not_utf8(name) { en: "{name} is not UTF-8", zh: "{name} 不是 UTF-8 编码" }

    // schema.
    no_schema(name) {
        en: "no schema named `{name}`: use checklist, results, event or config",
        zh: "没有名为 `{name}` 的 schema：可用 checklist、results、event 或 config",
    }

    // fonts.
    all_chars_in_fonts(files) {
        en: "every character of {files} is in the fonts",
        zh: "{files}中的每个字都在字体里",
    }
    chars_not_printable(n) {
        en: "{n} character cannot be printed",
        zh: "有 {n} 个字无法打印",
    }
    chars_not_printable_many(n) {
        en: "{n} characters cannot be printed",
        zh: "有 {n} 个字无法打印",
    }

    // templates.
    builtin_word() { en: "built-in", zh: "内置" }
    templates_exist(list) {
        en: "{list} already exists; nothing was written\n  = hint: pass --force to replace it with the built-in version (your changes are lost), or export into another folder",
        zh: "{list} 已存在，没有写出任何文件\n  = 提示：加上 `--force` 会用内置版本替换它（您的改动会丢失），或导出到另一个文件夹",
    }
    templates_exist_many(list) {
        en: "{list} already exist; nothing was written\n  = hint: pass --force to replace them with the built-in version (your changes are lost), or export into another folder",
        zh: "{list} 已存在，没有写出任何文件\n  = 提示：加上 `--force` 会用内置版本替换它们（您的改动会丢失），或导出到另一个文件夹",
    }
    writing_templates_into(dir) {
        en: "writing templates into {dir}",
        zh: "把模板写入 {dir} 时出错",
    }
}

// Texts that are only punctuation around their parts.

fn colon() -> &'static str {
    crate::i18n::pick(": ", "：")
}

/// `` `TEXT`: ERROR ``: a value the user gave, and what is wrong with it.
pub fn quoted_error(text: impl Display, err: impl Display) -> String {
    format!("`{text}`{}{err}", colon())
}

/// `PATH: ERROR`.
pub fn path_error(path: impl Display, err: impl Display) -> String {
    format!("{path}{}{err}", colon())
}

/// `PLACE: MESSAGE` (a place in a template).
pub fn place_message(place: impl Display, message: impl Display) -> String {
    format!("{place}{}{message}", colon())
}

/// A line of `build --check`: `STATE: PATH`.
pub fn check_line(state: impl Display, path: impl Display) -> String {
    format!("{state}{}{path}", colon())
}

/// A line of `build --check` with its reason: `STATE: PATH (WHY)`.
pub fn check_line_why(state: impl Display, path: impl Display, why: impl Display) -> String {
    let (open, close) = match crate::i18n::lang() {
        crate::i18n::Lang::En => (" (", ")"),
        crate::i18n::Lang::Zh => ("（", "）"),
    };
    format!("{state}{}{path}{open}{why}{close}", colon())
}
