//! Cells of the CSV files qingdan writes (`index.csv`, the report's hazard list):
//! text a spreadsheet must show as text, never run as a formula.
//!
//! Excel, WPS and LibreOffice treat a cell starting with `=`, `+`, `-`, `@`, a
//! tab or a carriage return as a formula (CSV injection: `=HYPERLINK(…)`,
//! `=cmd|…`). As OWASP recommends, such a cell gets a leading `'`, which the
//! spreadsheet hides; a cell that is a plain number (`-5`, `+3.5`) stays a number.

use std::borrow::Cow;

/// A CSV file for Excel and WPS: UTF-8 with a byte-order mark (so they read it
/// as UTF-8), CRLF line ends, `header`, then `rows`, every cell through
/// [`csv_cell`].
pub fn excel_csv<R: AsRef<[String]>>(
    header: &[&str],
    rows: impl IntoIterator<Item = R>,
) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer("\u{feff}".as_bytes().to_vec());
    w.write_record(header)?;
    for row in rows {
        w.write_record(row.as_ref().iter().map(|c| csv_cell(c).into_owned()))?;
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

/// `s` made safe for a CSV cell: unchanged unless a spreadsheet would read it
/// as a formula, then with a leading `'`.
pub fn csv_cell(s: &str) -> Cow<'_, str> {
    let risky = s.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let number = s.trim().parse::<f64>().is_ok_and(f64::is_finite);
    if risky && !number {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_become_text_and_numbers_stay_numbers() {
        for bad in [
            "=1+1",
            "+86 0357",
            "-x",
            "@SUM(A1)",
            "\t=1",
            "\r=1",
            "=HYPERLINK(\"x\")",
        ] {
            assert_eq!(csv_cell(bad), format!("'{bad}"), "{bad:?}");
        }
        for good in ["-5", "+3.5", "1e3", "甲公司", "", "a=b", " =1"] {
            assert_eq!(csv_cell(good), good, "{good:?}");
        }
        // `inf` and `NaN` parse as floats but are no numbers a cell should hold.
        assert_eq!(csv_cell("-inf"), "'-inf");
    }
}
