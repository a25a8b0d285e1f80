//! Reading a spreadsheet export: UTF-8 CSV, with or without a byte-order mark, a header row
//! whose names match in any case and order, and line numbers for every message.

use std::collections::HashMap;

use super::RowError;

/// A column the import understands.
pub(crate) struct Column {
    pub name: &'static str,
    pub required: bool,
}

/// One data row and the line it started on (1 = the header).
pub(crate) struct Row {
    pub line: u64,
    fields: Vec<String>,
}

pub(crate) struct Table {
    index: HashMap<&'static str, usize>,
    pub rows: Vec<Row>,
}

impl Table {
    /// The trimmed value of `column` in `row` ("" when the column is absent).
    pub fn get<'a>(&self, row: &'a Row, column: &str) -> &'a str {
        self.index.get(column).and_then(|&i| row.fields.get(i)).map_or("", |v| v.trim())
    }

    /// `Some(value)` when the cell is not empty.
    pub fn opt(&self, row: &Row, column: &str) -> Option<String> {
        Some(self.get(row, column)).filter(|v| !v.is_empty()).map(str::to_owned)
    }
}

/// Parses `bytes` against `columns`. Unknown columns become warnings; a missing required
/// column, a malformed row or invalid UTF-8 become errors with their line.
pub(crate) fn read(bytes: &[u8], columns: &[Column]) -> Result<(Table, Vec<String>), Vec<RowError>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(bytes);
    let mut records = reader.byte_records();
    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => return Err(vec![csv_error(&e, 1)]),
        None => return Err(vec![RowError::new(1, "", "the file is empty: a header row is required")]),
    };
    let mut index = HashMap::new();
    let mut warnings = Vec::new();
    let mut errors = Vec::new();
    for (i, raw) in header.iter().enumerate() {
        let Ok(name) = std::str::from_utf8(raw) else {
            errors.push(RowError::new(1, "", "the header row is not UTF-8 text: save the file as CSV UTF-8"));
            continue;
        };
        let key = name.trim().to_lowercase().replace([' ', '-'], "_");
        match columns.iter().find(|c| c.name == key) {
            Some(col) => {
                if index.insert(col.name, i).is_some() {
                    errors.push(RowError::new(1, col.name, "this column appears twice in the header"));
                }
            }
            None if key.is_empty() => {}
            None => {
                warnings.push(format!("line 1: column \"{}\" is not used by this import and was ignored", name.trim()))
            }
        }
    }
    for col in columns.iter().filter(|c| c.required) {
        if !index.contains_key(col.name) {
            errors.push(RowError::new(1, col.name, "this required column is missing from the header row"));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let width = header.len();
    let mut rows = Vec::new();
    let mut lines = LineCounter { bytes, offset: 0, newlines: 0 };
    for record in records {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                errors.push(csv_error(&e, 0));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| lines.line_at(p.byte()));
        if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue;
        }
        if record.len() > width {
            errors.push(RowError::new(
                line,
                "",
                format!("has {} cells but the header has {width}: check for an unquoted comma", record.len()),
            ));
            continue;
        }
        let mut fields = Vec::with_capacity(record.len());
        let mut utf8_ok = true;
        for field in record.iter() {
            match std::str::from_utf8(field) {
                Ok(text) => fields.push(text.to_owned()),
                Err(_) => utf8_ok = false,
            }
        }
        if !utf8_ok {
            errors.push(RowError::new(line, "", "is not UTF-8 text: save the file as CSV UTF-8"));
            continue;
        }
        rows.push(Row { line, fields });
    }
    if errors.is_empty() { Ok((Table { index, rows }, warnings)) } else { Err(errors) }
}

/// Line numbers from byte offsets. The csv crate's own line count skips blank lines and
/// miscounts CRLF files (what Excel writes), so count newlines ourselves.
struct LineCounter<'a> {
    bytes: &'a [u8],
    offset: usize,
    newlines: u64,
}

impl LineCounter<'_> {
    /// The line of the record the parser reported at `byte`: the parser may point at the
    /// previous record's line ending, so skip line endings first. Offsets only grow.
    fn line_at(&mut self, byte: u64) -> u64 {
        let mut at = (byte as usize).min(self.bytes.len());
        while at < self.bytes.len() && matches!(self.bytes[at], b'\r' | b'\n') {
            at += 1;
        }
        if at >= self.offset {
            self.newlines += self.bytes[self.offset..at].iter().filter(|&&b| b == b'\n').count() as u64;
            self.offset = at;
        }
        self.newlines + 1
    }
}

fn csv_error(err: &csv::Error, fallback_line: u64) -> RowError {
    let line = err.position().map_or(fallback_line, |p| p.line());
    RowError::new(line, "", "cannot be read as CSV (check the quotes)")
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLS: &[Column] =
        &[Column { name: "case_ref", required: true }, Column { name: "client_name", required: true }];

    #[test]
    fn headers_match_in_any_case_and_order_with_or_without_a_bom() {
        let (t, warnings) =
            read(b"\xEF\xBB\xBFClient Name,CASE_REF,Favourite Colour\nAna,JC-1,blue\n", COLS).expect("reads");
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.get(&t.rows[0], "case_ref"), "JC-1");
        assert_eq!(t.get(&t.rows[0], "client_name"), "Ana");
        assert_eq!(t.rows[0].line, 2);
        assert_eq!(warnings.len(), 1, "an unknown column is a warning");
        assert!(warnings[0].contains("Favourite Colour"));
    }

    #[test]
    fn a_missing_required_column_is_an_error_on_line_1() {
        let errors = read(b"case_ref\nJC-1\n", COLS).err().expect("missing column");
        assert_eq!(errors[0].line, 1);
        assert_eq!(errors[0].column, "client_name");
    }

    #[test]
    fn blank_lines_are_skipped_and_line_numbers_count_quoted_newlines() {
        let (t, _) = read(b"case_ref,client_name\nJC-1,\"Diallo,\nAmadou\"\n\nJC-2,Ana\n", COLS).expect("reads");
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[1].line, 5);
    }

    #[test]
    fn crlf_files_from_excel_get_the_right_line_numbers() {
        let (t, _) =
            read(b"case_ref,client_name\r\nJC-1,Ana\r\n\r\nJC-2,\"Bo\r\nB\"\r\nJC-3,Cy\r\n", COLS).expect("reads");
        let lines: Vec<u64> = t.rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![2, 4, 6]);
    }

    #[test]
    fn invalid_utf8_and_extra_cells_are_reported_by_line() {
        let errors = read(b"case_ref,client_name\nJC-1,Jos\xe9\nJC-2,a,b\n", COLS).err().expect("bad rows");
        assert_eq!(errors.len(), 2);
        assert_eq!((errors[0].line, errors[1].line), (2, 3));
        assert!(errors[0].message.contains("UTF-8"));
    }

    #[test]
    fn an_empty_file_is_an_error() {
        assert!(read(b"", COLS).is_err());
    }
}
