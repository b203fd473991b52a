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

    // Reading files (model::load).
    not_utf8(byte) {
        en: "file is not valid UTF-8 (byte {byte}); is it GBK/GB18030?",
        zh: "文件不是有效的 UTF-8 编码（第 {byte} 字节）；是不是 GBK/GB18030？",
    }
    not_utf8_hint() {
        en: "save the file as UTF-8 (in WPS/Excel/Notepad: 另存为 → 编码 UTF-8)",
        zh: "把文件另存为 UTF-8（WPS/Excel/记事本：另存为 → 编码 UTF-8）",
    }
    is_a_folder() { en: "is a folder, not a file", zh: "是文件夹，不是文件" }
    not_a_regular_file() {
        en: "is not a regular file (a device, pipe or socket)",
        zh: "不是普通文件（是设备、管道或套接字）",
    }
    pass_a_saved_file() { en: "pass a file saved on disk", zh: "请给出保存在磁盘上的文件" }
    file_too_large(size, max) {
        en: "file is {size} MiB; inputs larger than {max} MiB are refused",
        zh: "文件有 {size} MiB；超过 {max} MiB 的输入不予读取",
    }
    file_too_large_hint() {
        en: "is this the right file? split very large inputs",
        zh: "文件是否选对了？过大的输入请拆分",
    }
    cannot_read_file(why) { en: "cannot read file: {why}", zh: "读不了文件：{why}" }
    check_path_hint() {
        en: "check the path and the file's permissions",
        zh: "请检查路径和文件权限",
    }
    file_empty() { en: "file is empty", zh: "文件是空的" }
    see_readme_format() { en: "see README.md for the format", zh: "格式见 README.md" }
    control_char_hint() {
        en: "remove it: control characters (often pasted from other programs) print as nothing or break documents",
        zh: "请删除：控制字符（常是从别的程序粘贴来的）打印不出来，还会破坏文档",
    }
    yaml_syntax(what) { en: "YAML syntax error: {what}", zh: "YAML 语法错误：{what}" }
    syntax_hint() {
        en: "check indentation (spaces, not tabs), that every `key: value` has a space after the colon, and that brackets and quotes are closed",
        zh: "请检查缩进（用空格，不用 Tab）、每个 `key: value` 的冒号后有空格、括号和引号都已闭合",
    }
    null_text(path) {
        en: "`{path}` is `~` (nothing), not text",
        zh: "`{path}` 是 `~`（空值），不是文字",
    }
    null_text_hint() {
        en: "write the text, in quotes if it really is `~`",
        zh: "请写上文字；如果就是 `~`，请加引号",
    }
    yaml_too_deep(max) {
        en: "YAML nested deeper than {max} levels",
        zh: "YAML 嵌套超过 {max} 层",
    }
    yaml_too_deep_hint() {
        en: "inputs need only a few levels: look for unclosed `[`/`{{` or runaway indentation",
        zh: "输入只需要几层：请查找未闭合的 `[`/`{{` 或失控的缩进",
    }
    add_field_hint(field, section) {
        en: "add `{field}:` to this entry (see README.md, \"{section}\")",
        zh: "在这一项里加上 `{field}:`（见 README.md 的“{section}”）",
    }
    mapping_hint(what) {
        en: "this should be a mapping of {what} fields (`key: value` lines), see README.md",
        zh: "这里应是 {what} 的字段映射（若干 `key: value` 行），见 README.md",
    }
    whole_number_hint() { en: "write a whole number, e.g. 2", zh: "请写整数，如 2" }
    shape_hint() {
        en: "check the value's shape: a list needs `- ` entries, a mapping needs `key: value` lines",
        zh: "请检查值的结构：列表要用 `- ` 开头的各项，映射要用 `key: value` 行",
    }

    // serde's messages, in Chinese (model::load::serde_message).
    serde_unknown_field(field, expected) {
        en: "unknown field `{field}`, expected {expected}",
        zh: "未知字段 `{field}`，可用的字段：{expected}",
    }
    serde_no_fields(field) {
        en: "unknown field `{field}`, there are no fields",
        zh: "未知字段 `{field}`：这里不能有字段",
    }
    serde_unknown_variant(value, expected) {
        en: "unknown variant `{value}`, expected {expected}",
        zh: "`{value}` 不是可用的值，可用的值：{expected}",
    }
    serde_missing_field(field) { en: "missing field `{field}`", zh: "缺少字段 `{field}`" }
    serde_duplicate_field(field) { en: "duplicate field `{field}`", zh: "字段 `{field}` 重复" }
    serde_invalid_type(got, expected) {
        en: "invalid type: {got}, expected {expected}",
        zh: "类型不对：写的是 {got}，应为 {expected}",
    }
    serde_invalid_value(got, expected) {
        en: "invalid value: {got}, expected {expected}",
        zh: "值不对：写的是 {got}，应为 {expected}",
    }

    // The schema walk (model::schema_check).
    the_file() { en: "the file", zh: "整个文件" }
    must_be_not(path, want, got) {
        en: "`{path}` must be {want}, not {got}",
        zh: "`{path}` 应为{want}，不能是{got}",
    }
    or_word() { en: " or ", zh: "或" }
    is_not_one_of(path, value, list) {
        en: "`{path}` is `{value}`; write one of {list}",
        zh: "`{path}` 写的是 `{value}`；应为以下之一：{list}",
    }
    unknown_field_expected(field, list) {
        en: "unknown field `{field}`, expected one of {list}",
        zh: "未知字段 `{field}`，可用的字段：{list}",
    }
    missing_field(field) { en: "missing field `{field}`", zh: "缺少字段 `{field}`" }
    missing_field_in(field, path) {
        en: "missing field `{field}` in `{path}`",
        zh: "`{path}` 中缺少字段 `{field}`",
    }
    kind_nothing() { en: "nothing (`~`)", zh: "空值（`~`）" }
    kind_boolean() { en: "true/false", zh: "true/false（是/否）" }
    kind_integer() { en: "a whole number", zh: "整数" }
    kind_number() { en: "a number", zh: "数字" }
    kind_text() { en: "text", zh: "文字" }
    kind_list() { en: "a list", zh: "列表" }
    kind_mapping() { en: "a mapping (`key: value` lines)", zh: "映射（若干 `key: value` 行）" }
    kind_value() { en: "a value", zh: "某个值" }

    // Checklist fields (model::checklist).
    card_field_elsewhere(field, kind) {
        en: "`{field}` belongs to an emergency card, but this checklist is `kind: {kind}`",
        zh: "`{field}` 是应急处置卡的字段，而本清单是 `kind: {kind}`",
    }
    card_field_elsewhere_hint() {
        en: "remove it, or make the checklist `kind: emergency-cards`",
        zh: "删掉它，或把清单改为 `kind: emergency-cards`",
    }
    card_no_contacts(id) {
        en: "emergency card `{id}` has no `contacts`",
        zh: "应急处置卡 `{id}` 没有应急联系电话（contacts）",
    }
    card_no_contacts_hint() {
        en: "a card says whom to call: `contacts: [{{ name: 值班室, phone: \"0357-0000000\" }}]`",
        zh: "处置卡要写明打给谁：`contacts: [{{ name: 值班室, phone: \"0357-0000000\" }}]`",
    }
    contact_field_empty(field, id) {
        en: "a contact's `{field}` is empty on card `{id}`",
        zh: "处置卡 `{id}` 有一个联系人的 `{field}` 为空",
    }
    risk_empty(id) { en: "an empty risk on card `{id}`", zh: "处置卡 `{id}` 有一项风险为空" }
    phone_not_text() {
        en: "invalid type for `phone`: expected the number as text, such as \"0357-1234567\" or 119",
        zh: "`phone` 的类型不对：应为电话号码文字，如 \"0357-1234567\" 或 119",
    }
    version_not_text() {
        en: "invalid type for `version`: expected a string such as \"2023\"",
        zh: "`version` 的类型不对：应为文字，如 \"2023\"",
    }
    version_decimal() {
        en: "`version` is written as a decimal number, which drops trailing zeros (1.10 becomes 1.1): write it in quotes, e.g. `version: \"1.10\"`",
        zh: "`version` 写成了小数，末尾的 0 会丢（1.10 变成 1.1）：请加引号，如 `version: \"1.10\"`",
    }

    // Folders of checklists (model).
    checklist_id_also_used(id, other) {
        en: "checklist id `{id}` is also used by {other}",
        zh: "清单 id `{id}` 也被 {other} 使用",
    }
    checklist_id_also_used_hint() {
        en: "each checklist names its own output folder: give one of them another id",
        zh: "每份清单对应自己的输出文件夹：给其中一份换个 id",
    }
    no_such_path() { en: "no such file or folder", zh: "没有这个文件或文件夹" }
    no_such_path_hint() {
        en: "pass a checklist file or a folder of them (default: checklists/)",
        zh: "请给出清单文件或清单文件夹（默认：checklists/）",
    }
    symlink_loop() {
        en: "this symlink points to a folder that contains it",
        zh: "这个符号链接指向包含它自己的文件夹",
    }
    symlink_loop_hint() { en: "remove the link, or point it elsewhere", zh: "删除该链接，或让它指向别处" }
    cannot_read_folder(why) { en: "cannot read folder: {why}", zh: "读不了文件夹：{why}" }
    no_builtin_source() { en: "no such built-in source text", zh: "没有这份内置的来源原文" }

    // Compositions (model::compose).
    no_such_checklist(id) { en: "there is no checklist `{id}`", zh: "没有清单 `{id}`" }
    no_parts(id) {
        en: "checklist `{id}` has no parts to choose from; name it without `:…`",
        zh: "清单 `{id}` 没有可选的部分；请去掉 `:…` 直接写清单名",
    }
    no_such_part(id, part) {
        en: "checklist `{id}` has no part `{part}`",
        zh: "清单 `{id}` 没有部分 `{part}`",
    }
    only_parts_compose() {
        en: "only checklists whose sections have `part:` can be composed",
        zh: "只有章节带 `part:` 的清单才能组合",
    }

    // The 统一社会信用代码 (model::uscc).
    uscc_length(code, len) {
        en: "统一社会信用代码 must have 18 characters, `{code}` has {len}",
        zh: "统一社会信用代码应为 18 位，`{code}` 是 {len} 位",
    }
    uscc_bad_char(code, position, ch, note) {
        en: "统一社会信用代码 `{code}`: character {position} `{ch}` is not allowed{note}",
        zh: "统一社会信用代码 `{code}`：第 {position} 位 `{ch}` 不允许{note}",
    }
    uscc_lowercase() { en: " (letters are written in capitals)", zh: "（字母须大写）" }
    uscc_never_letters() {
        en: " (the code never uses I, O, Z, S or V)",
        zh: "（代码不使用 I、O、Z、S、V）",
    }
    uscc_check_digit(code, expected, got) {
        en: "统一社会信用代码 `{code}`: check character should be `{expected}`, got `{got}`",
        zh: "统一社会信用代码 `{code}`：校验码应为 `{expected}`，实为 `{got}`",
    }
}
