//! Page geometry, styles and the flow engine: places blocks top to bottom,
//! starting new pages as needed, as a list of marks (text, fills, lines) per page.

use super::Align;
use super::blocks::Block;
use super::text::{Face, Fonts};
use super::{Paper, mm_to_pt};

/// An RGB colour, components 0..=1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Tint(pub f32, pub f32, pub f32);

impl Tint {
    const fn hex(rgb: u32) -> Self {
        const fn channel(rgb: u32, shift: u32) -> f32 {
            ((rgb >> shift) & 0xFF) as f32 / 255.0
        }
        Tint(channel(rgb, 16), channel(rgb, 8), channel(rgb, 0))
    }
}

pub(crate) const INK: Tint = Tint::hex(0x1F2933);
pub(crate) const HEADING_INK: Tint = Tint::hex(0x102A43);
pub(crate) const MUTED: Tint = Tint::hex(0x616E7C);
pub(crate) const RULE: Tint = Tint::hex(0xBCC5CE);
pub(crate) const FAINT_RULE: Tint = Tint::hex(0xE1E5EA);
pub(crate) const HEADER_FILL: Tint = Tint::hex(0xEDF1F5);
pub(crate) const ACCENT: Tint = Tint::hex(0x2A6F97);
pub(crate) const REFERENCE: Tint = Tint::hex(0x9AA5B1);
pub(crate) const TRACK: Tint = Tint::hex(0xEEF1F4);
const HEADING_AFTER: f32 = 8.5;
const SUBHEADING_BEFORE: f32 = 11.3;
const SUBHEADING_AFTER: f32 = 4.25;

const NOTICE_FILL: Tint = Tint::hex(0xFFF4E0);
const NOTICE_EDGE: Tint = Tint::hex(0xD9822B);
const NOTICE_PAD: f32 = 6.0;
const NOTICE_EDGE_WIDTH: f32 = 3.0;

/// Font, size and line height (all in points) and colour of a run of text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Style {
    pub face: Face,
    pub size: f32,
    pub leading: f32,
    pub color: Tint,
}

pub(crate) const fn style(face: Face, size: f32, leading: f32, color: Tint) -> Style {
    Style { face, size, leading, color }
}

pub(crate) const BODY: Style = style(Face::Regular, 10.0, 13.0, INK);
pub(crate) const LABEL: Style = style(Face::Bold, 10.0, 13.0, INK);
const HEADING: Style = style(Face::Bold, 18.0, 22.0, HEADING_INK);
const SUBHEADING: Style = style(Face::Bold, 13.0, 16.5, HEADING_INK);
const STATEMENT: Style = style(Face::Regular, 14.0, 18.5, HEADING_INK);
pub(crate) const TABLE_HEAD: Style = style(Face::Bold, 9.0, 11.5, HEADING_INK);
pub(crate) const TABLE_BODY: Style = style(Face::Regular, 9.0, 11.5, INK);
pub(crate) const SMALL: Style = style(Face::Regular, 8.0, 10.0, MUTED);

/// Page and content box in points, measured from the top-left corner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Geometry {
    pub width: f32,
    pub height: f32,
    pub left: f32,
    pub right: f32,
    pub content_top: f32,
    pub content_bottom: f32,
    pub header_baseline: f32,
    pub header_rule: f32,
    pub footer_baseline: f32,
}

impl Geometry {
    pub(crate) fn new(paper: Paper) -> Self {
        let (width, height) = paper.size_pt();
        let margin = mm_to_pt(18.0);
        Geometry {
            width,
            height,
            left: margin,
            right: width - margin,
            content_top: mm_to_pt(21.0),
            content_bottom: height - margin,
            header_baseline: mm_to_pt(12.0),
            header_rule: mm_to_pt(14.0),
            footer_baseline: height - mm_to_pt(11.0),
        }
    }

    pub(crate) fn text_width(&self) -> f32 {
        self.right - self.left
    }

    pub(crate) fn content_height(&self) -> f32 {
        self.content_bottom - self.content_top
    }
}

/// Something drawn on a page; y grows downwards from the page top.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Mark {
    Text { x: f32, baseline: f32, face: Face, size: f32, color: Tint, text: String },
    Fill { x: f32, top: f32, width: f32, height: f32, color: Tint },
    Line { x1: f32, y1: f32, x2: f32, y2: f32, width: f32, color: Tint },
}

pub(crate) struct Flow<'f> {
    pub fonts: &'f Fonts,
    pub geo: Geometry,
    done: Vec<Vec<Mark>>,
    page: Vec<Mark>,
    /// Top of the free space on the current page.
    pub y: f32,
    /// Nothing placed on the current page yet.
    fresh: bool,
}

impl<'f> Flow<'f> {
    pub(crate) fn new(fonts: &'f Fonts, geo: Geometry) -> Self {
        Flow { fonts, geo, done: Vec::new(), page: Vec::new(), y: geo.content_top, fresh: true }
    }

    pub(crate) fn finish(mut self) -> Vec<Vec<Mark>> {
        self.done.push(self.page);
        self.done
    }

    pub(crate) fn space_left(&self) -> f32 {
        self.geo.content_bottom - self.y
    }

    pub(crate) fn new_page(&mut self) {
        self.done.push(std::mem::take(&mut self.page));
        self.y = self.geo.content_top;
        self.fresh = true;
    }

    /// Starts a new page unless `height` fits below the cursor (or the page
    /// is still empty, where waiting would not help).
    pub(crate) fn ensure(&mut self, height: f32) {
        if !self.fresh && height > self.space_left() + 0.01 {
            self.new_page();
        }
    }

    /// Vertical space between blocks; swallowed at the top of a page.
    pub(crate) fn gap(&mut self, height: f32) {
        if self.fresh {
            return;
        }
        self.y += height;
        if self.y >= self.geo.content_bottom {
            self.new_page();
        }
    }

    /// Moves the cursor down past something just drawn (even if it was blank).
    pub(crate) fn advance(&mut self, height: f32) {
        self.y += height;
        self.fresh = false;
    }

    fn mark(&mut self, mark: Mark) {
        self.page.push(mark);
        self.fresh = false;
    }

    /// Draws one line of text whose line box starts at `top`.
    pub(crate) fn text(&mut self, x: f32, top: f32, style: Style, text: &str) {
        if text.is_empty() {
            self.fresh = false;
            return;
        }
        let (ascent, descent) = self.fonts.vertical_metrics(style.face);
        // Centre the glyph box (ascender to descender) in the line box.
        let baseline = top + (style.leading - (ascent + descent) * style.size) / 2.0 + ascent * style.size;
        self.mark(Mark::Text {
            x,
            baseline,
            face: style.face,
            size: style.size,
            color: style.color,
            text: text.to_owned(),
        });
    }

    pub(crate) fn text_aligned(&mut self, x: f32, width: f32, align: Align, top: f32, style: Style, text: &str) {
        let x = match align {
            Align::Left => x,
            Align::Right => x + width - self.fonts.width(style.face, style.size, text),
        };
        self.text(x, top, style, text);
    }

    pub(crate) fn text_centered(&mut self, center: f32, top: f32, style: Style, text: &str) {
        let width = self.fonts.width(style.face, style.size, text);
        self.text(center - width / 2.0, top, style, text);
    }

    pub(crate) fn fill(&mut self, x: f32, top: f32, width: f32, height: f32, color: Tint) {
        self.mark(Mark::Fill { x, top, width, height, color });
    }

    pub(crate) fn line(&mut self, (x1, y1): (f32, f32), (x2, y2): (f32, f32), width: f32, color: Tint) {
        self.mark(Mark::Line { x1, y1, x2, y2, width, color });
    }

    pub(crate) fn wrap(&self, style: Style, text: &str, width: f32) -> Vec<String> {
        self.fonts.wrap(style.face, style.size, text, width)
    }

    /// Lays out one block; the blocks after it are consulted so headings
    /// stay with what follows.
    pub(crate) fn place(&mut self, block: &Block, rest: &[Block]) {
        match block {
            Block::Heading(text) => {
                self.titled(text, HEADING, HEADING_AFTER, rest);
            }
            Block::Subheading(text) => {
                self.gap(SUBHEADING_BEFORE);
                self.titled(text, SUBHEADING, SUBHEADING_AFTER, rest);
            }
            Block::Paragraph(text) => self.prose(text, BODY, mm_to_pt(3.0)),
            Block::Statement(text) => self.prose(text, STATEMENT, mm_to_pt(4.0)),
            Block::Notice(text) => self.notice(text),
            Block::KeyValues(rows) => self.key_values(rows),
            Block::Table { columns, rows } => self.table(columns, rows),
            Block::BarChart { title, bars, ticks } => self.bar_chart(title, bars, ticks),
            Block::Comparison { title, rows } => self.comparison_bars(title, rows),
            Block::Spacer(mm) => {
                if mm.is_finite() && *mm > 0.0 {
                    self.gap(mm_to_pt(*mm));
                }
            }
            Block::PageBreak => {
                if !self.fresh {
                    self.new_page();
                }
            }
        }
    }

    /// Height of the smallest piece of what follows that a heading must
    /// share its page with (through any further headings): exactly what that
    /// block will ask [`Flow::ensure`] for first.
    fn lead_height(&self, rest: &[Block]) -> f32 {
        let after = rest.get(1..).unwrap_or(&[]);
        match rest.first() {
            None | Some(Block::Spacer(_) | Block::PageBreak) => 0.0,
            Some(Block::Heading(text)) => match self.titled_height(text, HEADING) {
                0.0 => self.lead_height(after),
                h => h + HEADING_AFTER + self.lead_height(after),
            },
            Some(Block::Subheading(text)) => match self.titled_height(text, SUBHEADING) {
                0.0 => self.lead_height(after),
                h => SUBHEADING_BEFORE + h + SUBHEADING_AFTER + self.lead_height(after),
            },
            Some(Block::Paragraph(_)) => 2.0 * BODY.leading,
            Some(Block::Statement(_)) => 2.0 * STATEMENT.leading,
            Some(Block::Notice(text)) => self.notice_height(text),
            Some(Block::KeyValues(rows)) => self.key_values_lead(rows),
            Some(Block::Table { columns, rows }) => self.table_lead(columns, rows),
            Some(Block::BarChart { title, .. }) => self.bar_chart_height(title),
            Some(Block::Comparison { title, rows }) => self.comparison_lead(title, rows),
        }
    }

    fn titled_height(&self, text: &str, style: Style) -> f32 {
        let text = text.trim();
        if text.is_empty() {
            return 0.0;
        }
        self.wrap(style, text, self.geo.text_width()).len() as f32 * style.leading
    }

    fn titled(&mut self, text: &str, style: Style, after: f32, rest: &[Block]) {
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        let lines = self.wrap(style, text, self.geo.text_width());
        let height = lines.len() as f32 * style.leading;
        self.ensure(height + after + self.lead_height(rest));
        self.lines(&lines, style);
        self.gap(after);
    }

    fn prose(&mut self, text: &str, style: Style, after: f32) {
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        let lines = self.wrap(style, text, self.geo.text_width());
        // A lone first line at the foot of a page reads as a stray.
        if lines.len() > 1 {
            self.ensure(2.0 * style.leading);
        }
        self.lines(&lines, style);
        self.gap(after);
    }

    /// Full-width lines, continuing on the next page where the page ends.
    fn lines(&mut self, lines: &[String], style: Style) {
        let mut on_this_page = 0;
        for (i, line) in lines.iter().enumerate() {
            // Rather than leave the last line alone at the top of the next
            // page (a widow), take one more line with it.
            let widow_ahead = lines.len() - i == 2 && 2.0 * style.leading > self.space_left() + 0.01;
            if widow_ahead && on_this_page >= 2 {
                self.new_page();
            }
            if !self.fresh && style.leading > self.space_left() + 0.01 {
                self.new_page();
            }
            if self.fresh {
                on_this_page = 0;
            }
            on_this_page += 1;
            let (x, y) = (self.geo.left, self.y);
            self.text(x, y, style, line);
            self.y += style.leading;
        }
    }

    fn notice_lines(&self, text: &str) -> Vec<String> {
        self.wrap(BODY, text, self.geo.text_width() - 2.0 * NOTICE_PAD - NOTICE_EDGE_WIDTH)
    }

    fn notice_height(&self, text: &str) -> f32 {
        self.notice_lines(text).len() as f32 * BODY.leading + 2.0 * NOTICE_PAD
    }

    fn notice(&mut self, text: &str) {
        let lines = self.notice_lines(text);
        let height = self.notice_height(text);
        self.ensure(height);
        let (left, top) = (self.geo.left, self.y);
        self.fill(left, top, self.geo.text_width(), height, NOTICE_FILL);
        self.fill(left, top, NOTICE_EDGE_WIDTH, height, NOTICE_EDGE);
        for (i, line) in lines.iter().enumerate() {
            let line_top = top + NOTICE_PAD + i as f32 * BODY.leading;
            self.text(left + NOTICE_EDGE_WIDTH + NOTICE_PAD, line_top, BODY, line);
        }
        self.y += height;
        self.gap(mm_to_pt(4.0));
    }
}
