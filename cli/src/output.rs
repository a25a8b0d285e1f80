//! Printing results: aligned tables for people, JSON for scripts.

use comfy_table::{Cell, CellAlignment, ContentArrangement, Table, presets};
use probono_core::{Error, Result};
use serde::Serialize;

pub fn json<T: Serialize + ?Sized>(value: &T) -> Result<()> {
    let text = serde_json::to_string_pretty(value).map_err(|e| Error::Internal(format!("writing JSON: {e}")))?;
    println!("{text}");
    Ok(())
}

/// A borderless table; columns whose header ends in `:` are right-aligned numbers.
pub fn table(headers: &[&str], rows: Vec<Vec<String>>) {
    if rows.is_empty() {
        println!("(none)");
        return;
    }
    let mut table = Table::new();
    table.load_style(presets::NOTHING).set_content_arrangement(ContentArrangement::Disabled);
    table.set_header(headers.iter().map(|h| Cell::new(h.trim_end_matches(':'))));
    for row in rows {
        table.add_row(row);
    }
    for (i, h) in headers.iter().enumerate() {
        if h.ends_with(':')
            && let Some(col) = table.column_mut(i)
        {
            col.set_cell_alignment(CellAlignment::Right);
        }
    }
    println!("{table}");
}

/// `label: value` lines, skipping empty values.
pub fn fields(rows: &[(&str, Option<String>)]) {
    let width = rows.iter().map(|(l, _)| l.chars().count()).max().unwrap_or(0);
    for (label, value) in rows {
        if let Some(v) = value.as_deref().filter(|v| !v.is_empty()) {
            println!("{label:>width$}  {v}");
        }
    }
}

pub fn hours(minutes: i64) -> String {
    format!("{:.1}", minutes as f64 / 60.0)
}

pub fn opt(value: &Option<String>) -> String {
    value.clone().unwrap_or_default()
}

/// A task whose progress is drawn as a bar on stderr (`{msg}` is the stage); call
/// `finish_and_clear` on the bar when the work is done.
pub fn progress_task(template: &str) -> (probono_core::task::TaskContext, indicatif::ProgressBar) {
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template(template)
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    let drawn = bar.clone();
    let task = probono_core::task::TaskContext::new(move |p: &probono_core::task::Progress<'_>| {
        drawn.set_message(p.stage.to_owned());
        drawn.set_length(p.total);
        drawn.set_position(p.done);
    });
    (task, bar)
}
