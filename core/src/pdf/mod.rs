//! Lays out report documents (headings, paragraphs, tables, simple charts) on
//! Letter or A4 pages and writes them as PDF with the bundled Noto Sans fonts,
//! embedded as subsets. Output is byte-for-byte deterministic for a given input.

mod blocks;
mod charts;
mod emit;
mod layout;
mod table;
mod text;

#[cfg(test)]
mod tests;

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

pub use crate::fsutil::write_atomically;

use blocks::Block;
use charts::Bar;
use layout::{Flow, Geometry};
use text::{Coverage, Fonts};

/// Paper size of every page of a document.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Paper {
    /// US Letter, 215.9 × 279.4 mm (612 × 792 pt).
    #[default]
    Letter,
    /// ISO A4, 210 × 297 mm.
    A4,
}

impl Paper {
    /// Page width and height in PDF points (1/72 inch).
    pub fn size_pt(self) -> (f32, f32) {
        match self {
            Paper::Letter => (612.0, 792.0),
            Paper::A4 => (mm_to_pt(210.0), mm_to_pt(297.0)),
        }
    }
}

impl fmt::Display for Paper {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Paper::Letter => "letter",
            Paper::A4 => "a4",
        })
    }
}

/// Error for a paper name other than "letter" or "a4".
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown paper size {0:?} (expected \"letter\" or \"a4\")")]
pub struct UnknownPaper(pub String);

impl FromStr for Paper {
    type Err = UnknownPaper;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "letter" => Ok(Paper::Letter),
            "a4" => Ok(Paper::A4),
            _ => Err(UnknownPaper(s.to_owned())),
        }
    }
}

/// What every page shows around the content, plus the PDF metadata.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DocumentSetup {
    pub paper: Paper,
    /// Shown at the top left of every page (e.g. the clinic's program name).
    pub program_name: String,
    /// Shown at the top right of every page and stored as the PDF title.
    pub title: String,
    /// Stored as the PDF subject; not printed.
    pub subject: Option<String>,
}

/// Horizontal alignment of a table column (header and cells).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    #[default]
    Left,
    /// For numbers, so digits line up.
    Right,
}

/// One table column.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub title: String,
    /// Relative weight: the text width is shared in proportion to these.
    /// Zero, negative or non-finite weights count as 1.
    pub width: f32,
    pub align: Align,
}

impl Column {
    pub fn new(title: impl Into<String>, width: f32, align: Align) -> Self {
        Self { title: title.into(), width, align }
    }
}

/// One row of [`Document::comparison_bars`]. Fractions are 0..=1 (clamped when
/// drawn); the labels are printed as given, so they carry the exact figures.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ComparisonRow {
    pub label: String,
    /// `None` draws an empty track (no data for us).
    pub ours: Option<f64>,
    /// e.g. "Our clients: 55%"; "No data" is printed when empty and `ours` is `None`.
    pub ours_label: String,
    /// `None` draws no reference bar; a non-empty `reference_label` is still printed.
    pub reference: Option<f64>,
    /// e.g. "National 2022: 40%".
    pub reference_label: String,
}

/// A finished PDF.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedPdf {
    pub bytes: Vec<u8>,
    pub pages: usize,
    /// Unicode script names (e.g. "Arabic", "Han") of characters the bundled
    /// font cannot draw; those characters were printed as '?'. Sorted, no
    /// duplicates. Symbols outside any script (emoji etc.) are reported as "Symbols".
    pub unrenderable_scripts: Vec<String>,
}

/// Why a document could not be rendered. Messages never contain document text,
/// which may be client data.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("the bundled font {0} could not be parsed")]
    Font(&'static str),
    #[error("PDF serialization failed: {0}")]
    Serialize(String),
}

/// A report under construction: content is added top to bottom and flowed
/// across pages by [`Document::render`]. Adding content never fails; layout
/// and font work happen in `render`.
#[derive(Debug, Clone)]
pub struct Document {
    setup: DocumentSetup,
    blocks: Vec<Block>,
}

impl Document {
    pub fn new(setup: DocumentSetup) -> Self {
        Self { setup, blocks: Vec::new() }
    }

    /// Large bold title, kept on the same page as what follows it.
    pub fn heading(&mut self, text: &str) {
        self.blocks.push(Block::Heading(text.to_owned()));
    }

    /// Bold section heading, never left alone at the bottom of a page.
    pub fn subheading(&mut self, text: &str) {
        self.blocks.push(Block::Subheading(text.to_owned()));
    }

    /// Body text wrapped to the text width; '\n' starts a new line and long
    /// text continues on the next page.
    pub fn paragraph(&mut self, text: &str) {
        self.blocks.push(Block::Paragraph(text.to_owned()));
    }

    /// A paragraph in a larger font, for headline sentences.
    pub fn statement(&mut self, text: &str) {
        self.blocks.push(Block::Statement(text.to_owned()));
    }

    /// Two columns: bold label, wrapped value.
    pub fn key_values(&mut self, rows: &[(&str, &str)]) {
        let rows = rows.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        self.blocks.push(Block::KeyValues(rows));
    }

    /// A table whose header row repeats on every page it spans. Cells wrap;
    /// a row with fewer cells than columns is padded with blanks, extra cells
    /// are ignored.
    pub fn table(&mut self, columns: &[Column], rows: &[Vec<String>]) {
        self.blocks.push(Block::Table { columns: columns.to_vec(), rows: rows.to_vec() });
    }

    /// Vertical bars with the label under and `value_label(value)` above each
    /// bar, on a value axis from 0 whose ticks are also formatted with
    /// `value_label`. Negative or non-finite values draw as empty bars.
    pub fn bar_chart(&mut self, title: &str, bars: &[(String, f64)], value_label: &dyn Fn(f64) -> String) {
        let ticks = charts::axis_ticks(bars.iter().map(|(_, v)| *v)).into_iter().map(|t| (t, value_label(t))).collect();
        let bars = bars
            .iter()
            .map(|(label, value)| Bar { label: label.clone(), value: *value, shown: value_label(*value) })
            .collect();
        self.blocks.push(Block::BarChart { title: title.to_owned(), bars, ticks });
    }

    /// Horizontal bars comparing our share with a reference share per row.
    pub fn comparison_bars(&mut self, title: &str, rows: &[ComparisonRow]) {
        self.blocks.push(Block::Comparison { title: title.to_owned(), rows: rows.to_vec() });
    }

    /// Vertical space; dropped at the top of a page.
    pub fn spacer(&mut self, mm: f32) {
        self.blocks.push(Block::Spacer(mm));
    }

    /// Continue on a new page (no effect on an empty page).
    pub fn page_break(&mut self) {
        self.blocks.push(Block::PageBreak);
    }

    /// Lays out all content, numbers the pages and serializes the PDF.
    /// Characters the bundled fonts cannot draw (anywhere, including the
    /// program name and title) print as '?', are listed in
    /// [`RenderedPdf::unrenderable_scripts`] and announced in a notice under
    /// the first heading.
    ///
    /// # Errors
    /// [`PdfError::Font`] if a bundled font cannot be parsed (a build
    /// problem, not a data problem); [`PdfError::Serialize`] if printpdf
    /// reports an error while writing.
    pub fn render(self) -> Result<RenderedPdf, PdfError> {
        let fonts = Fonts::shared()?;
        let mut coverage = Coverage::new(fonts);
        let running = emit::Running {
            program_name: coverage.clean(&self.setup.program_name),
            title: coverage.clean(&self.setup.title),
        };
        let mut blocks: Vec<Block> = self.blocks.into_iter().map(|b| b.cleaned(&mut coverage)).collect();
        let unrenderable_scripts = coverage.into_missing_scripts();
        if !unrenderable_scripts.is_empty() {
            let notice = format!(
                "Some characters could not be shown with this PDF's font (scripts: {}) \
                 and appear as '?'.",
                unrenderable_scripts.join(", ")
            );
            // Right under the title, where a reader looks first.
            let at = usize::from(matches!(blocks.first(), Some(Block::Heading(_))));
            blocks.insert(at, Block::Notice(notice));
        }

        let geometry = Geometry::new(self.setup.paper);
        let pages = lay_out(fonts, geometry, &blocks);
        let page_count = pages.len();
        let bytes = emit::write_pdf(fonts, &self.setup, &running, &geometry, pages)?;
        Ok(RenderedPdf { bytes, pages: page_count, unrenderable_scripts })
    }
}

/// The marks of each page, without the running header and footer.
fn lay_out(fonts: &Fonts, geometry: Geometry, blocks: &[Block]) -> Vec<Vec<layout::Mark>> {
    let mut flow = Flow::new(fonts, geometry);
    for (i, block) in blocks.iter().enumerate() {
        flow.place(block, &blocks[i + 1..]);
    }
    flow.finish()
}

pub(crate) fn mm_to_pt(mm: f32) -> f32 {
    mm * 72.0 / 25.4
}
