//! Messages of `ledger` (the county's hazard ledger) and of the review
//! opinions `notices --template review-opinion` writes.

messages! {
    ledger_needs_output() {
        en: "name an output file with -o (.xlsx, .csv, .html, .pdf, .docx, .md), or pass --json",
        zh: "请用 -o 指定输出文件（.xlsx、.csv、.html、.pdf、.docx、.md），或使用 --json",
    }
    overdue_roster_not_csv(path) {
        en: "--overdue-roster {path}: name a .csv file (the roster `letters --roster` reads)",
        zh: "--overdue-roster {path}：请给出 .csv 文件（即 `letters --roster` 读取的名册）",
    }
    roster_unreadable() {
        en: "the roster cannot be read; nothing was written",
        zh: "名册无法读取；没有写出任何文件",
    }
    roster_rows_invalid(rows) {
        en: "{rows} invalid; nothing was written (fix them, or pass --skip-invalid to leave them out)",
        zh: "{rows}有误；没有写出任何文件（请改正，或用 --skip-invalid 跳过）",
    }
    roster_row_is(n) { en: "{n} roster row is", zh: "名册中有 {n} 行" }
    roster_rows_are(n) { en: "{n} roster rows are", zh: "名册中有 {n} 行" }
    roster_rows_left_out(rows) {
        en: "roster rows left out: {rows}",
        zh: "已跳过名册中的这些行：{rows}",
    }
    no_results_files(dir) {
        en: "no results files (*.yaml) under {dir}; nothing was written",
        zh: "{dir} 下没有自查结果文件（*.yaml）；没有写出任何文件",
    }
    results_invalid_one(of) {
        en: "1 of {of} results files is invalid; nothing was written (fix it, or pass --skip-invalid to leave it out)",
        zh: "{of} 个自查结果文件中有 1 个有误；没有写出任何文件（请改正，或用 --skip-invalid 跳过）",
    }
    results_invalid_many(n, of) {
        en: "{n} of {of} results files are invalid; nothing was written (fix them, or pass --skip-invalid to leave them out)",
        zh: "{of} 个自查结果文件中有 {n} 个有误；没有写出任何文件（请改正，或用 --skip-invalid 跳过）",
    }
    invalid_results_left_out(files) {
        en: "{files} left out:",
        zh: "已跳过{files}：",
    }
    dated_after(file, as_of) {
        en: "{file} is dated after --as-of {as_of}: not counted",
        zh: "{file} 的日期晚于 --as-of {as_of}：不计入",
    }
    superseded(file) {
        en: "{file} is replaced by a later self-check of the same enterprise and checklist",
        zh: "{file} 已被同一单位同一清单更晚的自查取代",
    }
    overdue_roster_written(path, enterprises) {
        en: "wrote {path} ({enterprises} with overdue hazards)",
        zh: "已写出 {path}（{enterprises}有逾期隐患）",
    }
    overdue_outside_roster(name, path) {
        en: "{name} has overdue hazards but is not in the roster: not in {path}",
        zh: "{name} 有逾期隐患，但不在名册中：未写入 {path}",
    }
    ledger_summary(as_of, submitted, enterprises, missing, outside, total, major, rectified, open, overdue, major_overdue, closed, awaiting, supervised, files, seconds) {
        en: "as of {as_of}: {submitted} of {enterprises} enterprises reported ({missing} missing{outside}); {total} hazards ({major} major): {rectified} rectified, {open} open, {overdue} overdue ({major_overdue} major overdue); {closed} closed (销号), {awaiting} awaiting review, {supervised} supervised (挂牌督办) not closed; {files} in {seconds} s",
        zh: "截至 {as_of}：{enterprises} 家单位中 {submitted} 家已上报（{missing} 家未报{outside}）；隐患 {total} 项（重大 {major} 项）：已整改 {rectified} 项，未整改 {open} 项，逾期 {overdue} 项（重大逾期 {major_overdue} 项）；已销号 {closed} 项，待复查 {awaiting} 项，挂牌督办未销号 {supervised} 项；{files}，用时 {seconds} 秒",
    }
    outside_roster(n) { en: ", {n} outside the roster", zh: "，名册外 {n} 家" }
    due_within(days, as_of, hazards) {
        en: "due within {days} days of {as_of}: {hazards}",
        zh: "{as_of} 起 {days} 天内到期：{hazards}",
    }
    same_uscc(a, b, code) {
        en: "roster rows {a} and {b} have the same 统一社会信用代码 {code}: results with it count for row {a}",
        zh: "名册第 {a} 行和第 {b} 行的统一社会信用代码同为 {code}：带此代码的自查结果计入第 {a} 行",
    }
    not_in_roster(path, name, uscc, outside) {
        en: "{path}: {name} ({uscc}) is not in the roster: counted under {outside}",
        zh: "{path}：{name}（{uscc}）不在名册中：计入{outside}",
    }
    same_day(a, b, name, checklist) {
        en: "{a} and {b} are self-checks of {name} against {checklist} on the same day: {b} counts",
        zh: "{a} 和 {b} 是 {name} 同一天按 {checklist} 的自查：以 {b} 为准",
    }

    // Review opinions (notices --template review-opinion).
    none_reviewed_by_one(as_of) {
        en: "no hazard reviewed by {as_of}: 1 has a later review_date (pass --as-of with a later date)",
        zh: "截至 {as_of} 没有已复查的隐患：有 1 项的 review_date 更晚（请用更晚的 --as-of）",
    }
    none_reviewed_by_many(as_of, n) {
        en: "no hazard reviewed by {as_of}: {n} have a later review_date (pass --as-of with a later date)",
        zh: "截至 {as_of} 没有已复查的隐患：有 {n} 项的 review_date 更晚（请用更晚的 --as-of）",
    }
    no_review_dates() {
        en: "no hazard has a review_date: no review opinions written",
        zh: "没有隐患填写 review_date：没有写出复查意见书",
    }

    // Results: supervision.
    supervised_by_empty(id) {
        en: "`supervised.by` of `{id}` is empty",
        zh: "`{id}` 的 `supervised.by` 为空",
    }
    supervised_by_hint() {
        en: "name who supervises the hazard (督办单位), e.g. 县安委办",
        zh: "填写督办单位，如 县安委办",
    }
}

/// `n` enterprises, in words.
pub fn enterprises(n: usize) -> String {
    crate::i18n::count(n, "enterprise", "enterprises", "家单位")
}

/// `n` open hazards, in words.
pub fn open_hazards(n: usize) -> String {
    crate::i18n::count(n, "open hazard", "open hazards", "项未整改隐患")
}

/// `n` invalid results files, in words.
pub fn invalid_results_files(n: usize) -> String {
    crate::i18n::count(
        n,
        "invalid results file",
        "invalid results files",
        "个有误的自查结果文件",
    )
}
