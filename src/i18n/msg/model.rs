//! Diagnostics of checklists: the checks serde cannot make (`model::validate`)
//! and the words of suggestions (`model::load::suggest`).

messages! {
    // Suggestions.
    did_you_mean(name) { en: "did you mean `{name}`?", zh: "是不是 `{name}`？" }
    use_one_of(list) { en: "use one of: {list}", zh: "可用的有：{list}" }
    remove_or_rename(what) { en: "remove or rename this {what}", zh: "删除或改名这个{what}" }

    // Ids.
    id_hint() {
        en: "use lowercase ASCII letters, digits, `-`, `_` or `.`, starting with a letter or digit (e.g. `gm-3-1`)",
        zh: "只用小写英文字母、数字、`-`、`_` 或 `.`，以字母或数字开头（如 `gm-3-1`）",
    }
    bad_id(what, id) {
        en: "{what} id `{id}` has characters ids may not use",
        zh: "{what} id `{id}` 含有 id 不能用的字符",
    }
    reserved_id(id) {
        en: "checklist id `{id}` is reserved: the build writes its own `{id}` file",
        zh: "清单 id `{id}` 是保留名：生成时会写出同名的 `{id}` 文件",
    }
    reserved_id_hint() {
        en: "choose another id, e.g. one that names the industry",
        zh: "换一个 id，例如用行业名",
    }
    duplicate_id(what, id) { en: "duplicate {what} id `{id}`", zh: "{what} id `{id}` 重复" }
    first_declared_at(line) { en: "first declared at line {line}", zh: "首次声明在第 {line} 行" }
    first_used_at(line) { en: "first used at line {line}", zh: "首次使用在第 {line} 行" }
    duplicate_source_hint() {
        en: "give each source its own id, or remove the repeated entry",
        zh: "给每个来源一个自己的 id，或删掉重复的一条",
    }
    duplicate_section_hint() {
        en: "section ids must be unique in a checklist: rename one",
        zh: "同一清单中的章节 id 不能重复：改掉其中一个",
    }
    duplicate_item_hint() {
        en: "item ids must be unique in a checklist, at any depth",
        zh: "同一清单中的条目 id 不能重复（无论在第几层）",
    }

    // Empty fields.
    field_empty(field) { en: "`{field}` is empty", zh: "`{field}` 为空" }
    write_the_field(field) { en: "write the checklist's {field}", zh: "填写清单的 `{field}`" }
    no_sources() { en: "no sources declared", zh: "没有声明来源（sources）" }
    no_sources_hint() {
        en: "every item cites a legal source: declare it under `sources:`",
        zh: "每一条都要引用法规来源：在 `sources:` 下声明",
    }
    source_title_empty() { en: "source `title` is empty", zh: "来源的 `title` 为空" }
    provision_text_empty() { en: "provision `text` is empty", zh: "条款的 `text` 为空" }
    no_sections() { en: "checklist has no sections", zh: "清单没有章节（sections）" }
    no_sections_hint() { en: "add at least one section with items", zh: "至少加一个含条目的章节" }
    section_title_empty() { en: "section `title` is empty", zh: "章节的 `title` 为空" }
    section_no_items(id) { en: "section `{id}` has no items", zh: "章节 `{id}` 没有条目" }
    section_no_items_hint() { en: "add items or remove the section", zh: "加上条目，或删掉这个章节" }
    item_text_empty(id) { en: "item `{id}` has empty `text`", zh: "条目 `{id}` 的 `text` 为空" }
    item_text_empty_hint() {
        en: "copy the criterion verbatim from the source",
        zh: "从来源原文逐字复制判定标准",
    }
    item_no_basis(id) { en: "item `{id}` has no `basis`", zh: "条目 `{id}` 没有 `basis`（依据）" }
    item_no_basis_hint() {
        en: "a top-level item cites its source: `basis: {{ source: ID, clause: 第三条第（一）项 }}` (sub-items without one take their parent's)",
        zh: "顶层条目要写明依据：`basis: {{ source: ID, clause: 第三条第（一）项 }}`（没写依据的子条目沿用上级的）",
    }
    too_deep(max) {
        en: "items nest more than {max} levels deep",
        zh: "条目嵌套超过 {max} 层",
    }
    too_deep_hint() {
        en: "regulations nest two or three levels; flatten the structure",
        zh: "法规一般只有两三层：请减少层级",
    }

    // Dates.
    not_a_date(value) { en: "`{value}` is not a date", zh: "`{value}` 不是日期" }
    date_hint(example) {
        en: "write dates as YYYY-MM-DD, e.g. {example}",
        zh: "日期写成 YYYY-MM-DD，如 {example}",
    }

    // Sources.
    unknown_source(src) {
        en: "basis cites source `{src}`, which is not declared under `sources:`",
        zh: "依据引用的来源 `{src}` 没有在 `sources:` 下声明",
    }
    declare_under_sources() { en: "declare it under `sources:`", zh: "在 `sources:` 下声明它" }
    unused_source(id) {
        en: "source `{id}` is declared but no item cites it",
        zh: "来源 `{id}` 已声明，但没有条目引用它",
    }
    draft_checklist() {
        en: "draft checklist: its documents carry a 草稿 (draft) mark",
        zh: "草稿清单：生成的文件都带“草稿”标记",
    }
    draft_hint() {
        en: "add a `note:` saying what is missing before it can be active",
        zh: "加一条 `note:`，说明转为正式（active）之前还缺什么",
    }
    note_label(note) { en: "note: {note}", zh: "说明：{note}" }
    source_text_unreadable(file, why) {
        en: "cannot read the source text {file}: {why}",
        zh: "读不了来源原文 {file}：{why}",
    }
    source_text_hint() {
        en: "`text:` is a file relative to the checklist file, e.g. sources/gongmao.md; without it the items are not checked word for word",
        zh: "`text:` 是相对清单文件的路径，如 sources/gongmao.md；没有它就无法逐字核对条目",
    }
    not_verbatim(src, shown, at) {
        en: "text is not word for word in source `{src}`: it matches as far as “…{shown}” and differs from character {at}",
        zh: "文字与来源 `{src}` 的原文不一致：到“…{shown}”为止相同，从第 {at} 个字起不同",
    }
    not_verbatim_hint() {
        en: "copy the text exactly from the source file named by `text:` (full-width punctuation, （一） numbering)",
        zh: "从 `text:` 指向的原文逐字复制（全角标点、（一）式编号）",
    }

    // Parts and aliases.
    alias_without_part(id) {
        en: "section `{id}` has aliases but no `part:`; it is in every composition, so nothing chooses it",
        zh: "章节 `{id}` 有别名（aliases）却没有 `part:`：它在每种组合里都有，别名选不到任何东西",
    }
    alias_without_part_hint() {
        en: "add `part: industry` or `part: special`, or remove the aliases",
        zh: "加上 `part: industry` 或 `part: special`，或删掉别名",
    }
    bad_alias(alias) {
        en: "alias `{alias}` is empty or holds a separator (, ， 、 + : ；)",
        zh: "别名 `{alias}` 为空或含有分隔符（`,` `，` `、` `+` `:` `；`）",
    }
    bad_alias_hint() { en: "an alias is one name, e.g. 粉尘涉爆", zh: "别名只能是一个名称，如 粉尘涉爆" }
    alias_names_other(alias, id) {
        en: "alias `{alias}` also names section `{id}`",
        zh: "别名 `{alias}` 同时指向章节 `{id}`",
    }
    section_starts_at(line) {
        en: "that section starts at line {line}",
        zh: "该章节从第 {line} 行开始",
    }
    part_name_hint() {
        en: "a part name must choose one section: rename one",
        zh: "一个部分名只能选中一个章节：改掉其中一个",
    }
}
