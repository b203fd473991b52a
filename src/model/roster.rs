//! The roster input: one recipient a row, from CSV (UTF-8 with or without BOM, or
//! GB18030/GBK as Chinese Excel exports often are), XLSX (first sheet) or YAML.
//!
//! Columns are found by header, Chinese or English: 名称/name, 行业/industry,
//! 地址/address, 联系人/contact, 电话/phone, 统一社会信用代码/uscc, 乡镇/township,
//! 专项/special (special parts such as `粉尘涉爆、有限空间`).
//! Problems are diagnostics that name the row and column, so a clerk can find
//! the cell in Excel.

use std::collections::HashMap;
use std::path::Path;

use serde::Serialize;

use super::diag::Diagnostic;
use super::load::MAX_INPUT_BYTES;
use super::uscc;
use crate::i18n::msg;

/// Largest number of roster rows accepted.
pub const MAX_ROWS: usize = 200_000;

/// Largest roster file read, in bytes.
pub const MAX_ROSTER_BYTES: u64 = MAX_INPUT_BYTES * 4;

/// Largest total unpacked size of an XLSX roster's parts: the zip is checked
/// (declared sizes, then actual ones) before the workbook is opened.
pub const MAX_UNPACKED_BYTES: u64 = 256 << 20;

/// Rightmost spreadsheet column read (a roster has about 8); a value further
/// right is an error, not a reason to allocate a wider table.
pub const MAX_COLUMNS: usize = 256;

/// Longest cell, in characters (Excel's own limit is 32,767).
pub const MAX_CELL_CHARS: usize = 32_767;

/// One recipient.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Recipient {
    /// Row in the file (1-based, the header is row 1), or entry number for YAML.
    pub row: usize,
    /// 名称: the recipient's name, printed as 主送.
    pub name: String,
    /// 行业: mapped to a checklist by the event.
    pub industry: String,
    /// 地址.
    pub address: String,
    /// 联系人.
    pub contact: String,
    /// 电话.
    pub phone: String,
    /// 统一社会信用代码 (may be empty for townships and offices).
    pub uscc: String,
    /// 乡镇.
    pub township: String,
    /// 专项: special parts added to the industry's checklist (`粉尘涉爆、有限空间`).
    pub special: String,
}

/// The columns, their Chinese header and accepted aliases.
pub const COLUMNS: &[(&str, &str, &[&str])] = &[
    (
        "name",
        "名称",
        &["名称", "单位名称", "企业名称", "收件单位", "name"],
    ),
    (
        "industry",
        "行业",
        &["行业", "行业类别", "所属行业", "industry"],
    ),
    ("address", "地址", &["地址", "单位地址", "address"]),
    ("contact", "联系人", &["联系人", "contact"]),
    ("phone", "电话", &["电话", "联系电话", "手机", "phone"]),
    (
        "uscc",
        "统一社会信用代码",
        &["统一社会信用代码", "信用代码", "社会信用代码", "uscc"],
    ),
    (
        "township",
        "乡镇",
        &["乡镇", "所属乡镇", "乡（镇）", "township"],
    ),
    (
        "special",
        "专项",
        &["专项", "专项类", "专项类别", "涉及专项", "special"],
    ),
];

/// The columns' Chinese headers, in the order a roster is written.
pub fn headers() -> Vec<&'static str> {
    COLUMNS.iter().map(|(_, cn, _)| *cn).collect()
}

/// Rows (cells in [`headers`] order) as a CSV roster that [`read`] takes back
/// as it is and Excel and WPS open: UTF-8 with a BOM, CRLF line ends, cells
/// that never run as formulas ([`crate::cells::excel_csv`]).
pub fn to_csv<R: AsRef<[String]>>(
    rows: impl IntoIterator<Item = R>,
) -> Result<Vec<u8>, csv::Error> {
    crate::cells::excel_csv(&headers(), rows)
}

/// A roster after reading: recipients and problems found in rows.
#[derive(Debug, Default)]
pub struct Roster {
    /// Every row that has a name, in file order (rows with errors included).
    pub recipients: Vec<Recipient>,
    /// Errors and warnings, by row.
    pub diags: Vec<Diagnostic>,
    /// Rows with errors.
    pub bad_rows: Vec<usize>,
    /// The column key of each column, in file order (`None`: not used).
    pub columns: Vec<Option<&'static str>>,
}

impl Roster {
    /// The 1-based column number of a key such as `industry` (1 if absent), for
    /// diagnostics that point at a cell.
    pub fn column(&self, key: &str) -> usize {
        self.columns
            .iter()
            .position(|k| *k == Some(key))
            .map_or(1, |c| c + 1)
    }
}

fn field_mut<'a>(r: &'a mut Recipient, key: &str) -> Option<&'a mut String> {
    Some(match key {
        "name" => &mut r.name,
        "industry" => &mut r.industry,
        "address" => &mut r.address,
        "contact" => &mut r.contact,
        "phone" => &mut r.phone,
        "uscc" => &mut r.uscc,
        "township" => &mut r.township,
        "special" => &mut r.special,
        _ => return None,
    })
}

fn column_key(header: &str) -> Option<&'static str> {
    let h = header.trim().trim_start_matches('\u{feff}');
    COLUMNS
        .iter()
        .find(|(_, _, aliases)| aliases.iter().any(|a| a.eq_ignore_ascii_case(h)))
        .map(|(k, _, _)| *k)
}

/// Reads a roster file by its extension (.csv, .xlsx, .yaml/.yml).
pub fn read(path: &Path) -> Result<Roster, Diagnostic> {
    from_table(path, read_table(path)?)
}

/// Reads any table of rows by its extension, as [`read`] does, without giving
/// its columns a meaning: the header row and the data rows with their numbers
/// (`qingdan merge`, whose template sees every column).
pub fn read_table(path: &Path) -> Result<Table, Diagnostic> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let table = match ext.as_str() {
        "csv" | "txt" => read_csv(path)?,
        "xlsx" | "xlsm" => read_sheet(path)?,
        "xls" | "ods" => {
            return Err(
                Diagnostic::error("roster-format", path, msg::roster_format_not_read(&ext))
                    .hint(msg::roster_format_not_read_hint()),
            )
        }
        "yaml" | "yml" => read_yaml(path)?,
        _ => {
            return Err(
                Diagnostic::error("roster-format", path, msg::roster_format_unknown())
                    .hint(msg::roster_format_unknown_hint()),
            )
        }
    };
    Ok(table)
}

/// A header row and data rows of strings, with each data row's number.
#[derive(Debug, Default)]
pub struct Table {
    /// The header row's cells.
    pub header: Vec<String>,
    /// Each data row: its line (or row, or YAML entry) number and its cells.
    pub rows: Vec<(usize, Vec<String>)>,
}

impl Table {
    /// A table from `(line, cells)` rows, CSV or spreadsheet alike: the first
    /// non-empty row is the header, empty rows are skipped, at most [`MAX_ROWS`]
    /// rows; `empty` is the error when there is no header.
    fn build(
        path: &Path,
        records: impl Iterator<Item = Result<(usize, Vec<String>), Diagnostic>>,
        empty: Diagnostic,
    ) -> Result<Table, Diagnostic> {
        let mut header = None;
        let mut rows = Vec::new();
        for rec in records {
            let (line, cells) = rec?;
            if cells.iter().all(String::is_empty) {
                continue;
            }
            if header.is_none() {
                header = Some(cells);
                continue;
            }
            if rows.len() >= MAX_ROWS {
                return Err(Diagnostic::error(
                    "too-large",
                    path,
                    msg::too_many_rows(MAX_ROWS),
                ));
            }
            rows.push((line, cells));
        }
        let header = header.ok_or(empty)?;
        Ok(Table { header, rows })
    }
}

/// Decodes CSV bytes: UTF-8 (BOM stripped) or, failing that, GB18030.
pub fn decode(bytes: &[u8]) -> Result<String, String> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => {
            let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
            if had_errors {
                return Err(msg::not_utf8_or_gbk());
            }
            text.into_owned()
        }
    };
    Ok(super::load::lone_cr_to_lf(text))
}

/// Reads a CSV roster from bytes that did not come from a file on disk; `path`
/// is only used in diagnostics. No size limit is applied here (see [`read`]).
pub fn read_csv_bytes(path: &Path, bytes: &[u8]) -> Result<Roster, Diagnostic> {
    from_table(path, csv_table(path, bytes)?)
}

/// Line numbers of the records the csv crate reads, counted forward from the
/// last one asked for (records come in order), so a 200,000-row roster costs
/// one pass over the text, not one per row.
struct LineCounter<'a> {
    text: &'a [u8],
    at: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> LineCounter<'a> {
        LineCounter {
            text: text.as_bytes(),
            at: 0,
            line: 1,
        }
    }

    /// 1-based line of the record the csv crate places at `byte`. After a
    /// CRLF it places the next record at the LF; a record never starts with a
    /// line end (blank lines are skipped), so those are stepped over.
    fn line_of(&mut self, byte: u64) -> usize {
        let b = self.text;
        let mut byte = usize::try_from(byte).unwrap_or(usize::MAX).min(b.len());
        while b.get(byte).is_some_and(|c| *c == b'\n' || *c == b'\r') {
            byte += 1;
        }
        if byte < self.at {
            (self.at, self.line) = (0, 1);
        }
        self.line += b[self.at..byte].iter().filter(|c| **c == b'\n').count();
        self.at = byte;
        self.line
    }
}

fn read_csv(path: &Path) -> Result<Table, Diagnostic> {
    let bytes = super::load::read_bytes(path, MAX_ROSTER_BYTES)?;
    csv_table(path, &bytes)
}

fn csv_table(path: &Path, bytes: &[u8]) -> Result<Table, Diagnostic> {
    let text = decode(bytes)
        .map_err(|m| Diagnostic::error("encoding", path, m).hint(msg::encoding_hint()))?;
    // The csv crate reads an unclosed quote as one field running to the end of
    // the file; say so instead of reporting the rows it swallowed.
    if text.matches('"').count() % 2 == 1 {
        let last = text.rfind('"').unwrap_or(0);
        let mut d = Diagnostic::error("csv", path, msg::unclosed_quote())
            .at(&text, last..last + 1)
            .hint(msg::unclosed_quote_hint());
        d.code = "csv";
        return Err(d);
    }
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut lines = LineCounter::new(&text);
    let records = rdr.records().map(|rec| {
        let rec = rec.map_err(|e| {
            let line = e.position().map_or(0, |p| lines.line_of(p.byte()));
            let mut d = Diagnostic::error("csv", path, msg::csv_error(e));
            d.line = line;
            d.column = 1;
            d
        })?;
        // From the byte offset: the csv crate's own line count is off by one
        // per CRLF record before it.
        let line = rec.position().map_or(0, |p| lines.line_of(p.byte()));
        Ok((line, rec.iter().map(|c| c.trim().to_string()).collect()))
    });
    Table::build(
        path,
        records,
        Diagnostic::error("empty", path, msg::roster_empty()).hint(msg::roster_empty_hint()),
    )
}

/// Excel's name of a cell: column letters and 1-based row (`XFD1048576`).
fn cell_name(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut c = col + 1;
    while c > 0 {
        let r = (c - 1) % 26;
        letters.push(char::from(b'A' + r as u8));
        c = (c - 1) / 26;
    }
    letters.iter().rev().collect::<String>() + &(u64::from(row) + 1).to_string()
}

/// A cell's text; error and boolean cells are refused (`#N/A` or `TRUE` is
/// never a recipient's name or industry).
fn cell_string(c: &calamine::DataRef<'_>) -> Result<String, String> {
    use calamine::DataRef;
    Ok(match c {
        DataRef::Empty => String::new(),
        DataRef::String(s) => s.trim().to_string(),
        DataRef::SharedString(s) => s.trim().to_string(),
        DataRef::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        DataRef::Float(f) => f.to_string(),
        DataRef::Int(i) => i.to_string(),
        DataRef::Bool(b) => return Err(msg::cell_logical(if *b { "TRUE" } else { "FALSE" })),
        DataRef::Error(e) => return Err(msg::cell_excel_error(e)),
        DataRef::DateTime(d) => d.to_string(),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
    })
}

/// Checks an XLSX file's zip before calamine opens it: at most
/// [`MAX_UNPACKED_BYTES`] unpacked, by the sizes the entries declare and then
/// by the bytes they actually inflate to (a zip bomb may lie).
fn check_zip(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    let too_large = |what: String| {
        Diagnostic::error(
            "too-large",
            path,
            msg::workbook_too_large(what, MAX_UNPACKED_BYTES >> 20),
        )
        .hint(msg::workbook_too_large_hint())
    };
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| Diagnostic::error("xlsx", path, msg::cannot_open_workbook(e)))?;
    let declared: u64 = (0..zip.len())
        .filter_map(|i| zip.by_index_raw(i).ok().map(|f| f.size()))
        .fold(0u64, u64::saturating_add);
    if declared > MAX_UNPACKED_BYTES {
        return Err(too_large(msg::workbook_declares(declared >> 20)));
    }
    let mut total = 0u64;
    for i in 0..zip.len() {
        let Ok(entry) = zip.by_index(i) else { continue };
        let sheet = entry.name().starts_with("xl/worksheets/");
        let limit = MAX_UNPACKED_BYTES - total;
        let mut refs = CellRefs::default();
        let n = std::io::copy(
            &mut std::io::Read::take(entry, limit + 1),
            &mut RefCheck {
                on: sheet,
                refs: &mut refs,
            },
        )
        .unwrap_or(0);
        if refs.bad {
            return Err(Diagnostic::error("xlsx", path, msg::workbook_damaged())
                .hint(msg::workbook_damaged_hint()));
        }
        total += n;
        if total > MAX_UNPACKED_BYTES {
            return Err(too_large(msg::workbook_unpacks_more()));
        }
    }
    Ok(())
}

/// Reads an XLSX roster from bytes that did not come from a file on disk;
/// `path` is only used in diagnostics. No size limit is applied to `bytes`
/// (see [`read`]); the unpacked size is checked as for a file.
pub fn read_xlsx_bytes(path: &Path, bytes: &[u8]) -> Result<Roster, Diagnostic> {
    from_table(path, sheet_table(path, bytes)?)
}

/// Reads a YAML roster from text that did not come from a file on disk (BOM
/// already stripped); `path` is only used in diagnostics.
pub fn read_yaml_text(path: &Path, text: &str) -> Result<Roster, Diagnostic> {
    from_table(path, yaml_table(path, text)?)
}

/// Watches a worksheet's XML for cell references (` r="XFD1048576"`) longer
/// than Excel allows (3 letters, 7 digits): calamine's arithmetic on them
/// overflows (found by fuzzing).
#[derive(Default)]
struct CellRefs {
    /// Bytes of ` r="` matched so far.
    matched: usize,
    /// Inside a reference: letters and digits seen.
    letters: usize,
    digits: usize,
    inside: bool,
    /// A reference out of range was seen.
    bad: bool,
}

impl CellRefs {
    fn feed(&mut self, bytes: &[u8]) {
        const OPEN: &[u8] = b" r=\"";
        for &b in bytes {
            if self.inside {
                match b {
                    b'A'..=b'Z' | b'a'..=b'z' if self.digits == 0 => self.letters += 1,
                    b'0'..=b'9' => self.digits += 1,
                    b'$' => {}
                    _ => {
                        self.inside = false;
                        continue;
                    }
                }
                if self.letters > 3 || self.digits > 7 {
                    self.bad = true;
                }
                continue;
            }
            if b == OPEN[self.matched] {
                self.matched += 1;
                if self.matched == OPEN.len() {
                    self.matched = 0;
                    (self.inside, self.letters, self.digits) = (true, 0, 0);
                }
            } else {
                self.matched = usize::from(b == OPEN[0]);
            }
        }
    }
}

/// A sink that feeds a worksheet's bytes to a [`CellRefs`] check.
struct RefCheck<'a> {
    on: bool,
    refs: &'a mut CellRefs,
}

impl std::io::Write for RefCheck<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.on {
            self.refs.feed(buf);
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn read_sheet(path: &Path) -> Result<Table, Diagnostic> {
    let bytes = super::load::read_bytes(path, MAX_ROSTER_BYTES)?;
    sheet_table(path, &bytes)
}

fn sheet_table(path: &Path, bytes: &[u8]) -> Result<Table, Diagnostic> {
    use calamine::{Reader, Xlsx};
    check_zip(path, bytes)?;
    let mut wb = Xlsx::new(std::io::Cursor::new(bytes))
        .map_err(|e| Diagnostic::error("xlsx", path, msg::cannot_open_workbook(e)))?;
    let name = wb
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| Diagnostic::error("xlsx", path, msg::workbook_no_sheet()))?;
    // calamine can panic on a hostile sheet (an overflowing cell reference, found
    // by fuzzing): read it with the panic caught and reported as a damaged file.
    FOREIGN.with(|f| f.set(true));
    let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        sheet_rows(path, &mut wb, &name)
    }));
    FOREIGN.with(|f| f.set(false));
    read.unwrap_or_else(|_| {
        Err(Diagnostic::error("xlsx", path, msg::workbook_damaged())
            .hint(msg::workbook_damaged_hint()))
    })
}

thread_local! {
    /// Set while a third-party reader runs whose panics become diagnostics.
    static FOREIGN: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// True while this thread runs a third-party reader whose panic qingdan turns
/// into an error (the panic hook then stays quiet).
pub fn reading_foreign() -> bool {
    FOREIGN.with(std::cell::Cell::get)
}

/// The first sheet's rows that hold something, read cell by cell.
fn sheet_rows(
    path: &Path,
    wb: &mut calamine::Xlsx<std::io::Cursor<&[u8]>>,
    name: &str,
) -> Result<Table, Diagnostic> {
    let bad_sheet =
        |e: calamine::XlsxError| Diagnostic::error("xlsx", path, msg::cannot_read_sheet(e));
    let mut cells = wb.worksheet_cells_reader(name).map_err(bad_sheet)?;
    // Cells come row by row; only cells that hold something are kept, so a
    // far-away declared dimension or empty formatted cell costs nothing.
    let mut rows: Vec<(usize, Vec<String>)> = Vec::new();
    let mut records = 0usize;
    while let Some(cell) = cells.next_cell().map_err(bad_sheet)? {
        let (r, c) = cell.get_position();
        let value = cell.get_value();
        if matches!(value, calamine::DataRef::Empty) {
            continue;
        }
        let at = |what: String| {
            let mut d = Diagnostic::error(
                "roster-cell",
                path,
                msg::roster_cell(r + 1, c + 1, cell_name(r, c), what),
            );
            d.line = r as usize + 1;
            d.column = c as usize + 1;
            d
        };
        if c as usize >= MAX_COLUMNS {
            return Err(at(msg::value_right_of(MAX_COLUMNS)).hint(msg::value_right_of_hint()));
        }
        let text = cell_string(value).map_err(|m| at(m).hint(msg::cell_text_hint()))?;
        if text.chars().count() > MAX_CELL_CHARS {
            return Err(at(msg::cell_too_long(MAX_CELL_CHARS)));
        }
        if text.is_empty() {
            continue;
        }
        let line = r as usize + 1;
        if rows.last().is_none_or(|(l, _)| *l != line) {
            records += 1;
            // The header row plus MAX_ROWS data rows; Table::build says more.
            if records > MAX_ROWS + 1 {
                return Err(Diagnostic::error(
                    "too-large",
                    path,
                    msg::too_many_rows(MAX_ROWS),
                ));
            }
            rows.push((line, Vec::new()));
        }
        if let Some((_, row)) = rows.last_mut() {
            let c = c as usize;
            if row.len() <= c {
                row.resize(c + 1, String::new());
            }
            row[c] = text;
        }
    }
    Table::build(
        path,
        rows.into_iter().map(Ok),
        Diagnostic::error("empty", path, msg::sheet_empty()),
    )
}

fn read_yaml(path: &Path) -> Result<Table, Diagnostic> {
    let text = super::load::read_text(path).map_err(|(d, _)| d)?;
    yaml_table(path, &text)
}

fn yaml_table(path: &Path, text: &str) -> Result<Table, Diagnostic> {
    if let Some(d) = super::load::check_nesting(path, text) {
        return Err(d);
    }
    let value: serde_norway::Value = serde_norway::from_str(text).map_err(|e| {
        let mut d = Diagnostic::error("syntax", path, msg::yaml_error(&e));
        if let Some(l) = e.location() {
            d.line = l.line();
            d.column = l.column();
        }
        d
    })?;
    let list = match &value {
        serde_norway::Value::Sequence(s) => s,
        serde_norway::Value::Mapping(m) => match m.get("recipients") {
            Some(serde_norway::Value::Sequence(s)) => s,
            _ => {
                return Err(Diagnostic::error(
                    "roster-format",
                    path,
                    msg::yaml_roster_shape(),
                ))
            }
        },
        _ => {
            return Err(Diagnostic::error(
                "roster-format",
                path,
                msg::yaml_roster_list(),
            ))
        }
    };
    if list.len() > MAX_ROWS {
        return Err(Diagnostic::error(
            "too-large",
            path,
            msg::too_many_rows(MAX_ROWS),
        ));
    }
    let mut header: Vec<String> = Vec::new();
    let mut rows = Vec::new();
    for (i, entry) in list.iter().enumerate() {
        let serde_norway::Value::Mapping(m) = entry else {
            return Err(Diagnostic::error(
                "roster-format",
                path,
                msg::entry_not_mapping(i + 1),
            ));
        };
        let mut cells = vec![String::new(); header.len()];
        let mut given: HashMap<&'static str, String> = HashMap::new();
        for (k, v) in m {
            let raw = k.as_str().unwrap_or("").to_string();
            // Entries may name fields in either language; one entry naming a
            // field twice (`名称` and `name`) is an error, not last-wins.
            let key = match column_key(&raw) {
                Some(field) => {
                    if let Some(first) = given.insert(field, raw.clone()) {
                        return Err(Diagnostic::error(
                            "duplicate-column",
                            path,
                            msg::entry_same_field(i + 1, &first, &raw),
                        )
                        .hint(msg::keep_one()));
                    }
                    COLUMNS
                        .iter()
                        .find(|c| c.0 == field)
                        .map_or(raw, |c| c.1.to_string())
                }
                None => raw,
            };
            let val = match v {
                serde_norway::Value::String(s) => s.trim().to_string(),
                serde_norway::Value::Number(n) => n.to_string(),
                serde_norway::Value::Null => String::new(),
                other => {
                    let what = match other {
                        serde_norway::Value::Bool(_) => msg::value_true_false(),
                        serde_norway::Value::Sequence(_) => msg::value_list(),
                        serde_norway::Value::Mapping(_) => msg::value_mapping(),
                        _ => msg::value_not_text(),
                    };
                    return Err(Diagnostic::error(
                        "roster-format",
                        path,
                        msg::entry_not_text(i + 1, &key, what),
                    )
                    .hint(msg::quote_value_hint()));
                }
            };
            let col = match header.iter().position(|h| *h == key) {
                Some(c) => c,
                None => {
                    header.push(key);
                    cells.push(String::new());
                    header.len() - 1
                }
            };
            cells[col] = val;
        }
        rows.push((i + 1, cells));
    }
    Ok(Table { header, rows })
}

/// Two columns for one field (`名称` and `name`, `电话` and `联系电话`) would let
/// the later one, perhaps empty, blank the other: the error at the second one's
/// header cell, if any. `keys` are the fields `header`'s cells name, `columns`
/// each field with its Chinese name.
pub fn duplicate_column(
    path: &Path,
    header: &[String],
    keys: &[Option<&str>],
    columns: &[(&str, &str, &[&str])],
) -> Option<Diagnostic> {
    for (i, k) in keys.iter().enumerate() {
        let Some(k) = k else { continue };
        if let Some(j) = keys[..i].iter().position(|x| x == &Some(*k)) {
            let cn = columns.iter().find(|c| c.0 == *k).map_or("", |c| c.1);
            let mut d = Diagnostic::error(
                "duplicate-column",
                path,
                msg::columns_same_field(&header[j], &header[i], cn),
            )
            .hint(msg::columns_same_field_hint());
            d.line = 1;
            d.column = i + 1;
            return Some(d);
        }
    }
    None
}

fn from_table(path: &Path, t: Table) -> Result<Roster, Diagnostic> {
    let mut keys: Vec<Option<&'static str>> = Vec::new();
    let mut roster = Roster::default();
    for h in &t.header {
        let k = column_key(h);
        if k.is_none() && !h.is_empty() {
            let mut d = Diagnostic::warning("unknown-column", path, msg::column_not_used(h));
            d.hint = Some(msg::known_columns_hint());
            roster.diags.push(d);
        }
        keys.push(k);
    }
    if let Some(d) = duplicate_column(path, &t.header, &keys, COLUMNS) {
        return Err(d);
    }
    let col_of = |key: &str| keys.iter().position(|k| *k == Some(key));
    for (key, cn, _) in COLUMNS.iter().take(2) {
        if col_of(key).is_none() {
            return Err(
                Diagnostic::error("missing-column", path, msg::missing_column(cn))
                    .hint(msg::missing_column_hint(cn, key)),
            );
        }
    }
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (line, cells) in t.rows {
        let mut r = Recipient {
            row: line,
            ..Recipient::default()
        };
        for (i, cell) in cells.into_iter().enumerate() {
            if let Some(Some(k)) = keys.get(i) {
                if let Some(f) = field_mut(&mut r, k) {
                    *f = cell;
                }
            }
        }
        let mut bad = false;
        let mut problem = |col: &str, what: String, hint: String| {
            let mut d = Diagnostic::error("roster-row", path, msg::roster_row(line, col, what));
            d.line = line;
            d.column = col_of(match col {
                "名称" => "name",
                "行业" => "industry",
                _ => "uscc",
            })
            .map_or(1, |c| c + 1);
            d.hint = Some(hint);
            bad = true;
            d
        };
        let mut diags = Vec::new();
        if r.name.trim().is_empty() {
            diags.push(problem("名称", msg::name_empty(), msg::name_empty_hint()));
        } else if let Some(first) = seen.get(&r.name) {
            diags.push(problem(
                "名称",
                msg::name_also_in_row(&r.name, first),
                msg::name_duplicate_hint(),
            ));
        } else {
            seen.insert(r.name.clone(), line);
        }
        if r.industry.trim().is_empty() {
            diags.push(problem(
                "行业",
                msg::industry_empty(),
                msg::industry_empty_hint(),
            ));
        }
        if !r.uscc.is_empty() {
            if let Err(e) = uscc::check(&r.uscc) {
                diags.push(problem(
                    "统一社会信用代码",
                    e.to_string(),
                    msg::uscc_check_hint(),
                ));
            }
        }
        roster.diags.extend(diags);
        if bad {
            roster.bad_rows.push(line);
        }
        roster.recipients.push(r);
    }
    roster.columns = keys;
    Ok(roster)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_utf8_bom_and_gb18030() {
        assert_eq!(
            decode("\u{feff}名称".as_bytes()).ok().as_deref(),
            Some("名称")
        );
        let (gbk, _, _) = encoding_rs::GB18030.encode("名称,行业\n安全公司,工贸\n");
        assert_eq!(
            decode(&gbk).ok().as_deref(),
            Some("名称,行业\n安全公司,工贸\n")
        );
    }

    #[test]
    fn cell_references_longer_than_excel_allows_are_seen() {
        let check = |xml: &str, chunk: usize| {
            let mut r = CellRefs::default();
            for part in xml.as_bytes().chunks(chunk) {
                r.feed(part);
            }
            r.bad
        };
        for chunk in [1, 3, 1000] {
            assert!(!check(
                r#"<row r="1048576"><c r="XFD1048576" t="s"><v>0</v></c><c r="$A$1"/></row>"#,
                chunk
            ));
            assert!(check(r#"<c r="BBBB2"><v>1</v></c>"#, chunk), "4 letters");
            assert!(check(r#"<c r="A12345678"><v>1</v></c>"#, chunk), "8 digits");
            assert!(check(r#"<row r="12345678">"#, chunk), "a row number too");
            assert!(
                !check(r#"<c rr="BBBBBBB2"/><c xr="AAAAA1"/>"#, chunk),
                "other attributes"
            );
        }
    }

    #[test]
    fn header_aliases() {
        assert_eq!(column_key("单位名称"), Some("name"));
        assert_eq!(column_key("Industry"), Some("industry"));
        assert_eq!(column_key("\u{feff}名称"), Some("name"));
        assert_eq!(column_key("备注"), None);
    }
}
