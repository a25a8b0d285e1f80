//! Every CSV file the program writes goes through [`CsvOut`], so that opening one in a
//! spreadsheet cannot run anything a client, volunteer or import put into a cell.
//!
//! Spreadsheets (Excel, LibreOffice Calc, Google Sheets) treat a cell that starts with `=`,
//! `+`, `-` or `@` as a formula, and some also after a leading tab or carriage return; a
//! formula can fetch a web address with the sheet's data in it or, in older Excel, start a
//! program. OWASP's CSV-injection guidance: prefix such a cell with a single quote, which
//! makes the spreadsheet show it as text. We do that, and also strip the invisible
//! bidirectional-control and zero-width characters that could hide a trigger or reorder
//! what a reader sees (the PDFs drop them the same way).
//!
//! The cost: such a cell reads back with a leading `'`. Nothing numeric that we write starts
//! with one of these characters (hours, counts and rates are never negative), and the JSON
//! export is the exact copy of the records (docs/export-format.md).
//!
//! Lines end with CRLF, as RFC 4180 says and as Excel writes them. A CSV *file* starts with
//! a UTF-8 byte-order mark ([`file_bytes`]): without it Excel on Windows reads the file in the
//! computer's legacy code page and shows "Nguyá»…n" for "Nguyễn". CSV printed to standard
//! output has no mark (it would be a stray character in a pipe). Our importers, and the
//! `csv` crate they use, skip the mark.

use std::borrow::Cow;

use crate::error::{Error, Result};

/// Characters that make a spreadsheet read the cell as a formula when the cell starts with
/// one (OWASP: `=`, `+`, `-`, `@`, tab, carriage return).
const FORMULA_TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A CSV document being written: rows in, bytes out, every cell neutralised.
pub struct CsvOut {
    inner: csv::Writer<Vec<u8>>,
}

impl Default for CsvOut {
    fn default() -> Self {
        Self::new()
    }
}

impl CsvOut {
    pub fn new() -> Self {
        CsvOut { inner: csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new()) }
    }

    /// Writes one row; each cell goes through [`neutralise`].
    pub fn row<I, S>(&mut self, cells: I) -> Result<()>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut record = csv::StringRecord::new();
        for cell in cells {
            record.push_field(&neutralise(cell.as_ref()));
        }
        self.inner.write_record(&record).map_err(csv_err)
    }

    pub fn into_bytes(self) -> Result<Vec<u8>> {
        self.inner.into_inner().map_err(|e| Error::Internal(format!("writing CSV: {e}")))
    }

    /// The document as a file's bytes: the UTF-8 byte-order mark, then the rows.
    pub fn into_file_bytes(self) -> Result<Vec<u8>> {
        Ok(file_bytes(&self.into_bytes()?))
    }

    pub fn into_string(self) -> Result<String> {
        String::from_utf8(self.into_bytes()?).map_err(|e| Error::Internal(format!("writing CSV: {e}")))
    }
}

/// The UTF-8 byte-order mark a CSV file starts with (see the module's comment).
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// CSV text as the bytes of a file: the byte-order mark, then the text.
pub fn file_bytes(csv: &[u8]) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(BOM.len() + csv.len());
    bytes.extend_from_slice(BOM);
    bytes.extend_from_slice(csv);
    bytes
}

fn csv_err(e: csv::Error) -> Error {
    Error::Internal(format!("writing CSV: {e}"))
}

/// The cell as it is safe to put in a CSV file: invisible control characters removed, and
/// a `'` in front when what is left would start a formula (also after leading spaces,
/// which some spreadsheets skip).
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    let visible: Cow<'_, str> = if cell.chars().any(is_invisible_control) {
        cell.chars().filter(|c| !is_invisible_control(*c)).collect::<String>().into()
    } else {
        cell.into()
    };
    if visible.trim_start_matches(' ').starts_with(FORMULA_TRIGGERS) {
        Cow::Owned(format!("'{visible}"))
    } else {
        visible
    }
}

/// Bidirectional controls and zero-width characters: they change how text is shown or hide
/// what it starts with, and carry nothing a reader needs in a spreadsheet.
fn is_invisible_control(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}' | '\u{FEFF}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_formula_trigger_is_prefixed_with_a_quote() {
        for cell in ["=1+1", "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "  =HYPERLINK(\"http://x\")"] {
            let out = neutralise(cell);
            assert!(out.starts_with('\''), "{cell:?} became {out:?}");
            assert_eq!(&out[1..], cell, "nothing but the quote is added to {cell:?}");
        }
    }

    #[test]
    fn ordinary_text_and_numbers_pass_unchanged() {
        for cell in ["Maria Lopez", "12.50", "2026-03-01", "a=b", "e-mail", "", "Nguyễn Thị Lan", "O'Brien"] {
            assert!(matches!(neutralise(cell), Cow::Borrowed(_)), "{cell:?} was changed");
        }
    }

    #[test]
    fn a_hidden_bidi_control_cannot_hide_a_formula() {
        assert_eq!(neutralise("\u{202E}=cmd|' /C calc'!A0"), "'=cmd|' /C calc'!A0");
        assert_eq!(neutralise("\u{200B}@evil"), "'@evil");
        assert_eq!(neutralise("Ana\u{2066}lia\u{2069}"), "Analia");
    }

    #[test]
    fn a_written_file_quotes_the_dangerous_cells_and_keeps_the_rest() {
        let mut out = CsvOut::new();
        out.row(["name", "activity"]).expect("header");
        out.row(["=2+5", "Client \"interview\", -prep"]).expect("row");
        let text = out.into_string().expect("csv");
        assert_eq!(text, "name,activity\r\n'=2+5,\"Client \"\"interview\"\", -prep\"\r\n");
    }

    #[test]
    fn a_file_starts_with_the_byte_order_mark_and_standard_output_does_not() {
        let mut out = CsvOut::new();
        out.row(["name"]).expect("header");
        out.row(["Nguyễn"]).expect("row");
        let file = out.into_file_bytes().expect("csv");
        assert_eq!(file, "\u{feff}name\r\nNguyễn\r\n".as_bytes());
        let mut out = CsvOut::new();
        out.row(["name"]).expect("header");
        assert_eq!(out.into_string().expect("csv"), "name\r\n");
    }
}
