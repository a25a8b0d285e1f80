//! The two chart blocks: vertical bars on a labelled value axis, and paired
//! horizontal bars comparing our share with a reference share.

use super::layout::{
    ACCENT, FAINT_RULE, Flow, HEADING_INK, INK, MUTED, REFERENCE, RULE, SMALL, Style, TRACK, Tint, style,
};
use super::text::Face;
use super::{Align, ComparisonRow, mm_to_pt};

/// One vertical bar: label under it, value, and the value as the caller formats it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Bar {
    pub label: String,
    pub value: f64,
    pub shown: String,
}

const TITLE: Style = style(Face::Bold, 11.0, 15.0, HEADING_INK);
const VALUE: Style = style(Face::Regular, 8.0, 10.0, INK);
const ROW_LABEL: Style = style(Face::Bold, 9.0, 11.5, INK);
const BAR_TEXT: Style = style(Face::Regular, 9.0, 12.0, INK);

const TITLE_GAP: f32 = 4.0;
/// Room above the tallest bar for its value.
const VALUE_BAND: f32 = 12.0;
const LABEL_LINES: usize = 2;
const LABEL_BAND: f32 = 4.0 + LABEL_LINES as f32 * 10.0;
const BAR_THICKNESS: f32 = 7.0;
const ROW_PAD: f32 = 4.0;

fn plot_height() -> f32 {
    mm_to_pt(48.0)
}

/// Axis ticks from 0 up to a round number at or above the largest value,
/// at most five of them (steps of 1, 2 or 5 × 10ⁿ); just 0 when no value
/// is positive.
pub(crate) fn axis_ticks(values: impl Iterator<Item = f64>) -> Vec<f64> {
    let max = values.filter(|v| v.is_finite()).fold(0.0_f64, f64::max);
    if max <= 0.0 {
        return vec![0.0];
    }
    let raw = max / 4.0;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0].into_iter().map(|m| m * magnitude).find(|s| *s >= raw).unwrap_or(10.0 * magnitude);
    let count = (max / step).ceil().max(1.0) as u32;
    (0..=count).map(|k| f64::from(k) * step).collect()
}

impl Flow<'_> {
    /// A bar chart is never split, so this is both its height and its lead.
    pub(crate) fn bar_chart_height(&self, title: &str) -> f32 {
        self.title_height(title) + VALUE_BAND + plot_height() + LABEL_BAND
    }

    fn title_height(&self, title: &str) -> f32 {
        self.wrap(TITLE, title.trim(), self.geo.text_width()).len() as f32 * TITLE.leading + TITLE_GAP
    }

    /// Draws the title at the cursor and moves it below.
    fn chart_title(&mut self, title: &str) {
        for line in self.wrap(TITLE, title.trim(), self.geo.text_width()) {
            let (x, y) = (self.geo.left, self.y);
            self.text(x, y, TITLE, &line);
            self.y += TITLE.leading;
        }
        self.y += TITLE_GAP;
    }

    pub(crate) fn bar_chart(&mut self, title: &str, bars: &[Bar], ticks: &[(f64, String)]) {
        self.ensure(self.bar_chart_height(title));
        self.chart_title(title);

        let plot_top = self.y + VALUE_BAND;
        let base = plot_top + plot_height();
        let top_value = ticks.last().map_or(1.0, |(v, _)| *v).max(f64::MIN_POSITIVE);
        let gutter =
            ticks.iter().map(|(_, label)| self.fonts.width(SMALL.face, SMALL.size, label)).fold(0.0_f32, f32::max)
                + 6.0;
        let (plot_left, plot_right) = (self.geo.left + gutter, self.geo.right);
        let y_of = |v: f64| base - (v / top_value).clamp(0.0, 1.0) as f32 * plot_height();

        for (value, label) in ticks {
            let y = y_of(*value);
            let (color, width) = if *value == 0.0 { (RULE, 0.8) } else { (FAINT_RULE, 0.5) };
            self.line((plot_left, y), (plot_right, y), width, color);
            let label_top = y - SMALL.leading / 2.0;
            self.text_aligned(self.geo.left, gutter - 6.0, Align::Right, label_top, SMALL, label);
        }

        if bars.is_empty() {
            let center = (plot_left + plot_right) / 2.0;
            self.text_centered(center, plot_top + plot_height() / 2.0, BAR_TEXT, "No data");
        }
        let slot = (plot_right - plot_left) / bars.len().max(1) as f32;
        let bar_width = (slot * 0.62).min(mm_to_pt(16.0));
        for (i, bar) in bars.iter().enumerate() {
            let center = plot_left + slot * (i as f32 + 0.5);
            let top = if bar.value.is_finite() && bar.value > 0.0 { y_of(bar.value) } else { base };
            if base - top > 0.0 {
                self.fill(center - bar_width / 2.0, top, bar_width, base - top, ACCENT);
            }
            let value_style = self.shrink_to(VALUE, &bar.shown, slot - 2.0);
            let shown = self.fonts.truncate(value_style.face, value_style.size, &bar.shown, slot - 1.0);
            self.text_centered(center, top - 2.0 - value_style.leading, value_style, &shown);

            let mut label_lines = self.wrap(SMALL, bar.label.trim(), slot - 2.0);
            if label_lines.len() > LABEL_LINES {
                let rest = label_lines.split_off(LABEL_LINES - 1).join(" ");
                label_lines.push(self.fonts.truncate(SMALL.face, SMALL.size, &rest, slot - 2.0));
            }
            for (j, line) in label_lines.iter().enumerate() {
                self.text_centered(center, base + 4.0 + j as f32 * SMALL.leading, SMALL, line);
            }
        }
        self.y = base + LABEL_BAND;
        self.gap(mm_to_pt(5.0));
    }

    /// `style` at a smaller size (down to 5.5 pt) if `text` would not fit `width`.
    fn shrink_to(&self, style: Style, text: &str, width: f32) -> Style {
        let natural = self.fonts.width(style.face, style.size, text);
        if natural <= width || natural <= 0.0 {
            return style;
        }
        let size = (style.size * width / natural).max(5.5);
        Style { size, leading: style.leading * size / style.size, ..style }
    }

    /// What [`Flow::comparison_bars`] needs room for before it starts: the
    /// title and the first row.
    pub(crate) fn comparison_lead(&self, title: &str, rows: &[ComparisonRow]) -> f32 {
        let columns = self.comparison_columns(rows);
        let first = rows.first().map_or(0.0, |row| self.comparison_row(row, &columns).height);
        self.title_height(title) + first
    }

    pub(crate) fn comparison_bars(&mut self, title: &str, rows: &[ComparisonRow]) {
        let columns = self.comparison_columns(rows);
        self.ensure(self.comparison_lead(title, rows));
        self.chart_title(title);
        for row in rows {
            let laid = self.comparison_row(row, &columns);
            self.ensure(laid.height);
            let top = self.y;
            for (i, line) in laid.label_lines.iter().enumerate() {
                let x = self.geo.left;
                self.text(x, top + ROW_PAD + i as f32 * ROW_LABEL.leading, ROW_LABEL, line);
            }
            for (i, (share, color, text)) in laid.bars.into_iter().enumerate() {
                let line_top = top + ROW_PAD + i as f32 * BAR_TEXT.leading;
                let bar_top = line_top + (BAR_TEXT.leading - BAR_THICKNESS) / 2.0;
                self.fill(columns.track_left, bar_top, columns.track_width, BAR_THICKNESS, TRACK);
                let style = match share {
                    Some(share) => {
                        let length = share.clamp(0.0, 1.0) as f32 * columns.track_width;
                        if length > 0.0 {
                            self.fill(columns.track_left, bar_top, length, BAR_THICKNESS, color);
                        }
                        BAR_TEXT
                    }
                    None => Style { color: MUTED, ..BAR_TEXT },
                };
                let text = self.fonts.truncate(style.face, style.size, text, columns.text_width);
                self.text(columns.text_left, line_top, style, &text);
            }
            let bottom = top + laid.height;
            self.line((self.geo.left, bottom), (self.geo.right, bottom), 0.5, FAINT_RULE);
            self.y = bottom;
        }
        self.gap(mm_to_pt(5.0));
    }

    /// Label column, bar track and text column, shared by all rows so the
    /// bars line up.
    fn comparison_columns(&self, rows: &[ComparisonRow]) -> ComparisonColumns {
        let width = self.geo.text_width();
        let widest_text = rows
            .iter()
            .flat_map(|r| [r.ours_label.as_str(), r.reference_label.as_str(), NO_DATA])
            .map(|t| self.fonts.width(BAR_TEXT.face, BAR_TEXT.size, t.trim()))
            .fold(0.0_f32, f32::max);
        let label_width = width * 0.3;
        let text_width = (widest_text + 2.0).min(width * 0.32);
        let track_left = self.geo.left + label_width + 8.0;
        let text_left = self.geo.right - text_width;
        ComparisonColumns { label_width, track_left, track_width: text_left - 8.0 - track_left, text_left, text_width }
    }

    /// Our bar first, then the reference bar when there is a reference
    /// share or at least a label for it.
    fn comparison_row<'r>(&self, row: &'r ComparisonRow, columns: &ComparisonColumns) -> LaidRow<'r> {
        let label_lines = self.wrap(ROW_LABEL, row.label.trim(), columns.label_width);
        let ours = row.ours.filter(|s| s.is_finite());
        let ours_text = match row.ours_label.trim() {
            "" if ours.is_none() => NO_DATA,
            text => text,
        };
        let mut bars = vec![(ours, ACCENT, ours_text)];
        if row.reference.is_some() || !row.reference_label.trim().is_empty() {
            bars.push((row.reference.filter(|s| s.is_finite()), REFERENCE, row.reference_label.trim()));
        }
        let height =
            (label_lines.len() as f32 * ROW_LABEL.leading).max(bars.len() as f32 * BAR_TEXT.leading) + 2.0 * ROW_PAD;
        LaidRow { label_lines, bars, height }
    }
}

const NO_DATA: &str = "No data";

struct ComparisonColumns {
    label_width: f32,
    track_left: f32,
    track_width: f32,
    text_left: f32,
    text_width: f32,
}

/// One comparison row ready to draw: (share if known, colour, text) per bar.
struct LaidRow<'r> {
    label_lines: Vec<String>,
    bars: Vec<(Option<f64>, Tint, &'r str)>,
    height: f32,
}
