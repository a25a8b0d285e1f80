//! Row-based blocks: tables (header repeated on each page, wrapped cells,
//! rows split across pages only when taller than a page) and key/value lists.

use super::layout::{BODY, FAINT_RULE, Flow, HEADER_FILL, LABEL, RULE, Style, TABLE_BODY, TABLE_HEAD, Tint};
use super::{Align, Column, mm_to_pt};

/// Vertical padding of table rows.
const CELL_PAD_Y: f32 = 3.0;
/// Horizontal padding of table cells.
const CELL_PAD_X: f32 = 4.0;
/// Vertical padding of key/value rows.
const KV_PAD_Y: f32 = 2.0;

/// One table-like row: cells drawn side by side, split between pages by
/// line when a single row is taller than a page.
struct Row {
    cells: Vec<Cell>,
    leading: f32,
    fill: Option<Tint>,
    /// Colour and thickness of the rule under the row.
    rule: Option<(Tint, f32)>,
}

struct Cell {
    /// Left edge and width of the text, padding already excluded.
    x: f32,
    width: f32,
    align: Align,
    style: Style,
    lines: Vec<String>,
}

impl Row {
    fn line_count(&self) -> usize {
        self.cells.iter().map(|c| c.lines.len()).max().unwrap_or(0).max(1)
    }

    fn height(&self, pad: f32) -> f32 {
        self.line_count() as f32 * self.leading + 2.0 * pad
    }
}

impl Flow<'_> {
    pub(crate) fn key_values(&mut self, pairs: &[(String, String)]) {
        if pairs.is_empty() {
            return;
        }
        let rows = self.key_value_rows(pairs, pairs.len());
        self.rows(None, &rows, KV_PAD_Y);
        self.gap(mm_to_pt(3.0));
    }

    /// What [`Flow::key_values`] needs room for before it starts.
    pub(crate) fn key_values_lead(&self, pairs: &[(String, String)]) -> f32 {
        first_rows_height(&self.key_value_rows(pairs, 2), KV_PAD_Y)
    }

    /// The first `count` rows; the label column fits the widest of all labels.
    fn key_value_rows(&self, pairs: &[(String, String)], count: usize) -> Vec<Row> {
        let total = self.geo.text_width();
        let gutter = 12.0;
        let widest = pairs
            .iter()
            .flat_map(|(k, _)| k.split('\n'))
            .map(|k| self.fonts.width(LABEL.face, LABEL.size, k.trim()))
            .fold(0.0_f32, f32::max);
        let label_width = (widest + 1.0).clamp(total * 0.15, total * 0.38);
        let value_x = self.geo.left + label_width + gutter;
        let value_width = self.geo.right - value_x;
        pairs
            .iter()
            .take(count)
            .map(|(k, v)| Row {
                cells: vec![
                    self.cell(self.geo.left, label_width, Align::Left, LABEL, k),
                    self.cell(value_x, value_width, Align::Left, BODY, v),
                ],
                leading: BODY.leading,
                fill: None,
                rule: None,
            })
            .collect()
    }

    fn cell(&self, x: f32, width: f32, align: Align, style: Style, text: &str) -> Cell {
        Cell { x, width, align, style, lines: self.wrap(style, text.trim(), width) }
    }

    pub(crate) fn table(&mut self, columns: &[Column], rows: &[Vec<String>]) {
        if columns.is_empty() {
            return;
        }
        let (header, body) = self.table_rows(columns, rows);
        self.rows(Some(&header), &body, CELL_PAD_Y);
        self.gap(mm_to_pt(4.0));
    }

    /// What [`Flow::table`] needs room for before it starts.
    pub(crate) fn table_lead(&self, columns: &[Column], rows: &[Vec<String>]) -> f32 {
        if columns.is_empty() {
            return 0.0;
        }
        let (header, body) = self.table_rows(columns, rows.get(..2).unwrap_or(rows));
        header.height(CELL_PAD_Y) + first_rows_height(&body, CELL_PAD_Y)
    }

    fn table_rows(&self, columns: &[Column], rows: &[Vec<String>]) -> (Row, Vec<Row>) {
        let weights: Vec<f32> =
            columns.iter().map(|c| if c.width.is_finite() && c.width > 0.0 { c.width } else { 1.0 }).collect();
        let scale = self.geo.text_width() / weights.iter().sum::<f32>();
        let mut edges = Vec::with_capacity(columns.len());
        let mut x = self.geo.left;
        for w in &weights {
            edges.push((x, w * scale));
            x += w * scale;
        }
        let make_row = |texts: &mut dyn Iterator<Item = &str>, style: Style| -> Vec<Cell> {
            edges
                .iter()
                .zip(columns)
                .map(|(&(x, w), col)| {
                    let text = texts.next().unwrap_or("");
                    self.cell(x + CELL_PAD_X, w - 2.0 * CELL_PAD_X, col.align, style, text)
                })
                .collect()
        };
        let header = Row {
            cells: make_row(&mut columns.iter().map(|c| c.title.as_str()), TABLE_HEAD),
            leading: TABLE_HEAD.leading,
            fill: Some(HEADER_FILL),
            rule: Some((RULE, 0.8)),
        };
        let body = rows
            .iter()
            .map(|r| Row {
                cells: make_row(&mut r.iter().map(String::as_str), TABLE_BODY),
                leading: TABLE_BODY.leading,
                fill: None,
                rule: Some((FAINT_RULE, 0.5)),
            })
            .collect();
        (header, body)
    }

    /// Places rows one after another, repeating `header` at the top of every
    /// page the rows continue on.
    fn rows(&mut self, header: Option<&Row>, rows: &[Row], pad: f32) {
        let header_height = header.map_or(0.0, |h| h.height(pad));
        self.ensure(header_height + first_rows_height(rows, pad));
        if let Some(h) = header {
            self.draw_row(h, 0, h.line_count(), pad);
        }
        for row in rows {
            let count = row.line_count();
            let mut start = 0;
            while start < count {
                let height = (count - start) as f32 * row.leading + 2.0 * pad;
                if height <= self.space_left() + 0.01 {
                    self.draw_row(row, start, count, pad);
                    break;
                }
                // A row taller than a whole page fills this one and goes on
                // on the next; any other row moves to the next page whole.
                if height > self.geo.content_height() - header_height {
                    let fits_here = ((self.space_left() - 2.0 * pad) / row.leading).floor().max(0.0) as usize;
                    // A page holding only the header must make progress.
                    let least = usize::from(self.page_is_header_only(header_height));
                    let take = fits_here.max(least).min(count - start);
                    if take > 0 {
                        self.draw_row(row, start, start + take, pad);
                        start += take;
                    }
                }
                if start < count {
                    self.new_page();
                    if let Some(h) = header {
                        self.draw_row(h, 0, h.line_count(), pad);
                    }
                }
            }
        }
    }

    fn page_is_header_only(&self, header_height: f32) -> bool {
        self.y <= self.geo.content_top + header_height + 0.01
    }

    fn draw_row(&mut self, row: &Row, from: usize, to: usize, pad: f32) {
        let height = (to - from).max(1) as f32 * row.leading + 2.0 * pad;
        let (left, right, top) = (self.geo.left, self.geo.right, self.y);
        if let Some(color) = row.fill {
            self.fill(left, top, right - left, height, color);
        }
        for cell in &row.cells {
            let end = to.min(cell.lines.len());
            for (i, line) in cell.lines.iter().enumerate().take(end).skip(from) {
                let line_top = top + pad + (i - from) as f32 * row.leading;
                self.text_aligned(cell.x, cell.width, cell.align, line_top, cell.style, line);
            }
        }
        if let Some((color, thickness)) = row.rule {
            self.line((left, top + height), (right, top + height), thickness, color);
        }
        self.advance(height);
    }
}

/// Never a header (or a heading) alone at the foot of a page: the first two
/// rows, at most two lines of each, must fit under it.
fn first_rows_height(rows: &[Row], pad: f32) -> f32 {
    rows.iter().take(2).map(|r| r.line_count().min(2) as f32 * r.leading + 2.0 * pad).sum()
}
