//! The document as the caller built it: a list of blocks, laid out only
//! at render time, once all text has been checked against the font.

use super::charts::Bar;
use super::text::Coverage;
use super::{Column, ComparisonRow};

/// Content as the caller added it; laid out only at render time.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Block {
    Heading(String),
    Subheading(String),
    Paragraph(String),
    Statement(String),
    /// The "some characters could not be shown" box.
    Notice(String),
    KeyValues(Vec<(String, String)>),
    Table {
        columns: Vec<Column>,
        rows: Vec<Vec<String>>,
    },
    /// `ticks` are the value axis: (value, value as the caller formats it).
    BarChart {
        title: String,
        bars: Vec<Bar>,
        ticks: Vec<(f64, String)>,
    },
    Comparison {
        title: String,
        rows: Vec<ComparisonRow>,
    },
    Spacer(f32),
    PageBreak,
}

impl Block {
    /// The same block with all of its text made drawable (see [`Coverage::clean`]).
    pub(crate) fn cleaned(self, cov: &mut Coverage<'_>) -> Block {
        match self {
            Block::Heading(t) => Block::Heading(cov.clean(&t)),
            Block::Subheading(t) => Block::Subheading(cov.clean(&t)),
            Block::Paragraph(t) => Block::Paragraph(cov.clean(&t)),
            Block::Statement(t) => Block::Statement(cov.clean(&t)),
            Block::Notice(t) => Block::Notice(cov.clean(&t)),
            Block::KeyValues(rows) => {
                Block::KeyValues(rows.into_iter().map(|(k, v)| (cov.clean(&k), cov.clean(&v))).collect())
            }
            Block::Table { columns, rows } => Block::Table {
                columns: columns.into_iter().map(|c| Column { title: cov.clean(&c.title), ..c }).collect(),
                rows: rows.into_iter().map(|row| row.iter().map(|cell| cov.clean(cell)).collect()).collect(),
            },
            Block::BarChart { title, bars, ticks } => Block::BarChart {
                title: cov.clean(&title),
                bars: bars
                    .into_iter()
                    .map(|b| Bar { label: cov.clean(&b.label), shown: cov.clean(&b.shown), ..b })
                    .collect(),
                ticks: ticks.into_iter().map(|(v, shown)| (v, cov.clean(&shown))).collect(),
            },
            Block::Comparison { title, rows } => Block::Comparison {
                title: cov.clean(&title),
                rows: rows
                    .into_iter()
                    .map(|r| ComparisonRow {
                        label: cov.clean(&r.label),
                        ours_label: cov.clean(&r.ours_label),
                        reference_label: cov.clean(&r.reference_label),
                        ..r
                    })
                    .collect(),
            },
            Block::Spacer(mm) => Block::Spacer(mm),
            Block::PageBreak => Block::PageBreak,
        }
    }
}
