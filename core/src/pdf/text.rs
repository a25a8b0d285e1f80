//! The bundled font faces: glyph advances for measuring and wrapping text,
//! and glyph coverage (characters the font cannot draw become '?').

use std::collections::BTreeSet;
use std::sync::OnceLock;

use printpdf::ParsedFont;
use unicode_normalization::UnicodeNormalization;
use unicode_script::{Script, UnicodeScript};

use super::PdfError;

static REGULAR_TTF: &[u8] = include_bytes!("../../assets/fonts/NotoSans-Regular.ttf");
static BOLD_TTF: &[u8] = include_bytes!("../../assets/fonts/NotoSans-Bold.ttf");

/// Stands in for every character the font has no glyph for.
pub(crate) const REPLACEMENT: char = '?';

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Face {
    Regular,
    Bold,
}

pub(crate) struct Fonts {
    regular: ParsedFont,
    bold: ParsedFont,
}

impl Fonts {
    /// Parsing both faces costs a few milliseconds and their bytes never
    /// change, so it happens once per process.
    pub(crate) fn shared() -> Result<&'static Fonts, PdfError> {
        static FONTS: OnceLock<Result<Fonts, &'static str>> = OnceLock::new();
        FONTS.get_or_init(Fonts::parse).as_ref().map_err(|name| PdfError::Font(name))
    }

    fn parse() -> Result<Fonts, &'static str> {
        let parse = |bytes: &[u8], name: &'static str| ParsedFont::from_bytes(bytes, 0, &mut Vec::new()).ok_or(name);
        Ok(Fonts { regular: parse(REGULAR_TTF, "NotoSans-Regular")?, bold: parse(BOLD_TTF, "NotoSans-Bold")? })
    }

    pub(crate) fn face(&self, face: Face) -> &ParsedFont {
        match face {
            Face::Regular => &self.regular,
            Face::Bold => &self.bold,
        }
    }

    fn units_per_em(&self, face: Face) -> f32 {
        f32::from(self.face(face).font_metrics.units_per_em.max(1))
    }

    /// Ascender and descender (both positive) as fractions of the font size.
    pub(crate) fn vertical_metrics(&self, face: Face) -> (f32, f32) {
        let metrics = &self.face(face).font_metrics;
        let upm = self.units_per_em(face);
        (metrics.ascent.abs() / upm, metrics.descent.abs() / upm)
    }

    /// Width in points, from the same `hmtx` advances the PDF's /W array
    /// carries, so a measured line is exactly as wide as the drawn one.
    pub(crate) fn width(&self, face: Face, size: f32, text: &str) -> f32 {
        let font = self.face(face);
        let units: u32 = text
            .chars()
            .map(|c| font.lookup_glyph_index(u32::from(c)).map_or(0, |gid| u32::from(font.get_horizontal_advance(gid))))
            .sum();
        units as f32 * size / self.units_per_em(face)
    }

    fn covers(&self, c: char) -> bool {
        self.regular.has_glyph(u32::from(c)) && self.bold.has_glyph(u32::from(c))
    }

    /// Breaks `text` into lines no wider than `max_width` points. Lines break
    /// at spaces and after hyphens or slashes inside words; '\n' forces a
    /// break (an empty input line stays an empty line); a piece of a word
    /// still wider than a line is broken between characters.
    pub(crate) fn wrap(&self, face: Face, size: f32, text: &str, max_width: f32) -> Vec<String> {
        let space = self.width(face, size, " ");
        let mut lines = Vec::new();
        for hard_line in text.split('\n') {
            let mut line = String::new();
            let mut line_width = 0.0;
            for word in hard_line.split(' ').filter(|w| !w.is_empty()) {
                for (i, piece) in word_pieces(word).into_iter().enumerate() {
                    // Only a word's first piece is preceded by a space.
                    let gap = if i == 0 { space } else { 0.0 };
                    let piece_width = self.width(face, size, piece);
                    if !line.is_empty() && fits(line_width + gap + piece_width, max_width) {
                        if i == 0 {
                            line.push(' ');
                        }
                        line.push_str(piece);
                        line_width += gap + piece_width;
                        continue;
                    }
                    if !line.is_empty() {
                        lines.push(std::mem::take(&mut line));
                    }
                    if fits(piece_width, max_width) {
                        line = piece.to_owned();
                        line_width = piece_width;
                    } else {
                        let mut chunks = self.break_word(face, size, piece, max_width);
                        // The last chunk may still share its line with what follows.
                        let (last, last_width) = chunks.pop().unwrap_or_default();
                        lines.extend(chunks.into_iter().map(|(chunk, _)| chunk));
                        line = last;
                        line_width = last_width;
                    }
                }
            }
            lines.push(line);
        }
        lines
    }

    /// Splits one over-long word into pieces that each fit (a single
    /// character wider than the line still gets a piece of its own).
    fn break_word(&self, face: Face, size: f32, word: &str, max_width: f32) -> Vec<(String, f32)> {
        let mut pieces = Vec::new();
        let mut piece = String::new();
        let mut piece_width = 0.0;
        let mut buf = [0u8; 4];
        for c in word.chars() {
            let w = self.width(face, size, c.encode_utf8(&mut buf));
            if !piece.is_empty() && !fits(piece_width + w, max_width) {
                pieces.push((std::mem::take(&mut piece), piece_width));
                piece_width = 0.0;
            }
            piece.push(c);
            piece_width += w;
        }
        if !piece.is_empty() {
            pieces.push((piece, piece_width));
        }
        pieces
    }

    /// Shortens `text` with a trailing ellipsis until it fits `max_width`.
    pub(crate) fn truncate(&self, face: Face, size: f32, text: &str, max_width: f32) -> String {
        if fits(self.width(face, size, text), max_width) {
            return text.to_owned();
        }
        let budget = max_width - self.width(face, size, "…");
        let mut out = String::new();
        let mut width = 0.0;
        let mut buf = [0u8; 4];
        for c in text.chars() {
            let w = self.width(face, size, c.encode_utf8(&mut buf));
            if !fits(width + w, budget) {
                break;
            }
            out.push(c);
            width += w;
        }
        let mut out = out.trim_end().to_owned();
        out.push('…');
        out
    }
}

/// Splits a word after each hyphen or slash that sits between two letters
/// or digits ("well-|known", "and/|or"), the places a line may also break.
fn word_pieces(word: &str) -> Vec<&str> {
    let chars: Vec<(usize, char)> = word.char_indices().collect();
    let mut pieces = Vec::new();
    let mut start = 0;
    for k in 1..chars.len().saturating_sub(1) {
        let (at, c) = chars[k];
        if matches!(c, '-' | '/') && chars[k - 1].1.is_alphanumeric() && chars[k + 1].1.is_alphanumeric() {
            let end = at + c.len_utf8();
            pieces.push(&word[start..end]);
            start = end;
        }
    }
    pieces.push(&word[start..]);
    pieces
}

/// Float sums of advances drift by far less than this; without the slack a
/// line measured as exactly the width could be rejected.
fn fits(width: f32, max_width: f32) -> bool {
    width <= max_width + 0.001
}

/// Makes text drawable with the bundled faces and remembers which scripts
/// had to be replaced, so the document can say so.
pub(crate) struct Coverage<'f> {
    fonts: &'f Fonts,
    missing: BTreeSet<String>,
}

impl<'f> Coverage<'f> {
    pub(crate) fn new(fonts: &'f Fonts) -> Self {
        Self { fonts, missing: BTreeSet::new() }
    }

    /// Returns `text` in NFC with every character the fonts lack replaced by
    /// '?', invisible formatting characters removed, tabs as spaces and line
    /// breaks normalised to '\n'. NFC matters: decomposed input (a base
    /// letter plus combining accents, as some systems paste it) would
    /// otherwise draw the accents as separate, unpositioned glyphs, while
    /// the fonts have the precomposed letters (Vietnamese "ễ" among them).
    pub(crate) fn clean(&mut self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        // Script of the last replaced letter, for blaming shared punctuation.
        let mut last_missing: Option<Script> = None;
        for c in text.nfc() {
            match c {
                '\n' => out.push('\n'),
                '\t' => out.push(' '),
                '\r' => {}
                _ if c.is_control() || is_invisible_format(c) => {}
                _ if self.fonts.covers(c) => {
                    if !matches!(c.script(), Script::Common | Script::Inherited) {
                        last_missing = None;
                    }
                    out.push(c);
                }
                _ if c.is_whitespace() => out.push(' '),
                _ => {
                    let script = c.script();
                    // A combining mark on a base that is already a '?' adds nothing.
                    if script == Script::Inherited && last_missing.is_some() && out.ends_with(REPLACEMENT) {
                        continue;
                    }
                    let blamed = if matches!(script, Script::Common | Script::Inherited | Script::Unknown) {
                        shared_script(c, last_missing)
                    } else {
                        Some(script)
                    };
                    self.missing.insert(blamed.map_or("Symbols", Script::full_name).to_owned());
                    if blamed.is_some() {
                        last_missing = blamed;
                    }
                    out.push(REPLACEMENT);
                }
            }
        }
        out
    }

    pub(crate) fn into_missing_scripts(self) -> Vec<String> {
        self.missing.into_iter().collect()
    }
}

/// The script to report for a character that belongs to no single script:
/// punctuation used by a few scripts (like Chinese/Japanese "、") counts as
/// the one of the surrounding text; emoji and other symbols have none.
fn shared_script(c: char, last_missing: Option<Script>) -> Option<Script> {
    let ext = c.script_extension();
    if ext.is_common() || ext.is_inherited() || ext.is_empty() {
        return None;
    }
    match last_missing {
        Some(s) if ext.contains_script(s) => Some(s),
        _ => ext.iter().next(),
    }
}

/// Zero-width and bidi control characters: never drawn, so never a '?'.
fn is_invisible_format(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}' | '\u{FEFF}'
    )
}
