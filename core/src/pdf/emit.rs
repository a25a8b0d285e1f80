//! Turns laid-out pages into PDF bytes: adds the running header and footer
//! (the page count is known only now), embeds the font subsets, and replaces
//! everything printpdf would otherwise randomise with values derived from the content.

use std::collections::{BTreeMap, BTreeSet};

use printpdf::{
    Color, FontId, Line, LinePoint, Op, PaintMode, PdfDocument, PdfFont, PdfFontHandle, PdfPage, PdfParseErrorSeverity,
    PdfSaveOptions, Point, Pt, Rect, Rgb, TextItem, TextMatrix,
};

use super::layout::{Geometry, HEADING_INK, MUTED, Mark, RULE, Tint};
use super::text::{Face, Fonts};
use super::{DocumentSetup, PdfError};

const CHROME_SIZE: f32 = 8.5;

/// The program name and title as printed on every page (already made
/// drawable, see `Coverage::clean`).
pub(crate) struct Running {
    pub program_name: String,
    pub title: String,
}

/// `setup` supplies the PDF metadata, stored as Unicode text, so it keeps
/// characters the fonts cannot draw.
pub(crate) fn write_pdf(
    fonts: &Fonts,
    setup: &DocumentSetup,
    running: &Running,
    geo: &Geometry,
    mut pages: Vec<Vec<Mark>>,
) -> Result<Vec<u8>, PdfError> {
    let total = pages.len();
    for (i, page) in pages.iter_mut().enumerate() {
        page.extend(chrome(fonts, running, geo, i + 1, total));
    }
    let doc = build_document(fonts, setup, geo, &pages);
    let options = PdfSaveOptions { optimize: true, subset_fonts: true, secure: true, image_optimization: None };
    let mut warnings = Vec::new();
    let mut lo = doc.to_lopdf_document(&options, &mut warnings);
    let errors = warnings.iter().filter(|w| w.severity == PdfParseErrorSeverity::Error).count();
    if errors > 0 {
        // printpdf's messages can quote text operands, so only the count leaves here.
        return Err(PdfError::Serialize(format!("printpdf reported {errors} error(s)")));
    }

    // printpdf fills /ID with a process-wide pseudo-random counter, so a
    // second render in the same process would differ.
    let id = content_id(setup, &pages);
    let id_array = lo
        .trailer
        .get_mut(b"ID")
        .and_then(|o| o.as_array_mut())
        .map_err(|e| PdfError::Serialize(format!("document ID: {e}")))?;
    for entry in id_array.iter_mut() {
        if let Ok(bytes) = entry.as_str_mut() {
            bytes.clone_from(&id);
        }
    }
    // Drop Info entries printpdf always writes that would misinform: dates
    // fixed at 1970 (a wall-clock date would break determinism, so there is
    // none), an empty PDF/X version that makes readers think the file claims
    // PDF/X conformance, and empty placeholders. (lopdf is not re-exported by
    // printpdf, so this stays inline where the types are inferred.)
    let info_id = lo
        .trailer
        .get(b"Info")
        .and_then(|o| o.as_reference())
        .map_err(|e| PdfError::Serialize(format!("document info: {e}")))?;
    let info = lo
        .get_object_mut(info_id)
        .and_then(|o| o.as_dict_mut())
        .map_err(|e| PdfError::Serialize(format!("document info: {e}")))?;
    let mut unwanted = vec!["CreationDate", "ModDate", "GTS_PDFXVersion", "Trapped", "Identifier", "Keywords"];
    if setup.subject.is_none() {
        unwanted.push("Subject");
    }
    for key in unwanted {
        info.remove(key.as_bytes());
    }
    lo.compress();
    let mut bytes = Vec::new();
    lo.save_to(&mut bytes).map_err(|e| PdfError::Serialize(e.to_string()))?;
    Ok(bytes)
}

/// The printpdf model: metadata, the used faces under their ids, and pages.
fn build_document(fonts: &Fonts, setup: &DocumentSetup, geo: &Geometry, pages: &[Vec<Mark>]) -> PdfDocument {
    let ids = font_ids(pages);
    let mut doc = PdfDocument::new(&setup.title);
    let info = &mut doc.metadata.info;
    info.subject = setup.subject.clone().unwrap_or_default();
    info.author = setup.program_name.clone();
    info.creator = "Pro Bono Desk".to_owned();
    info.producer = "printpdf".to_owned();
    for (face, id) in &ids {
        doc.resources.fonts.map.insert(id.clone(), PdfFont::new(fonts.face(*face).clone()));
    }
    let media = Rect::from_wh(Pt(geo.width), Pt(geo.height));
    let pdf_pages = pages
        .iter()
        .map(|marks| PdfPage {
            media_box: media.clone(),
            trim_box: media.clone(),
            crop_box: media.clone(),
            ops: page_ops(marks, geo.height, &ids),
        })
        .collect();
    doc.with_pages(pdf_pages);
    doc
}

/// The running header (program name, title, rule) and footer (confidentiality
/// and page number) of one page.
fn chrome(fonts: &Fonts, running: &Running, geo: &Geometry, page: usize, total: usize) -> Vec<Mark> {
    let size = CHROME_SIZE;
    let available = geo.text_width() - 18.0;
    let name_width = fonts.width(Face::Bold, size, &running.program_name);
    let title_width = fonts.width(Face::Regular, size, &running.title);
    // When both do not fit, the longer one gives way, but keeps at least 40%.
    let name_budget =
        if name_width + title_width <= available { name_width } else { (available - title_width).max(available * 0.4) };
    let name = fonts.truncate(Face::Bold, size, &running.program_name, name_budget);
    let title_budget = available - fonts.width(Face::Bold, size, &name);
    let title = fonts.truncate(Face::Regular, size, &running.title, title_budget);
    let page_label = format!("Page {page} of {total}");

    let text = |x: f32, baseline: f32, face: Face, color: Tint, text: String| Mark::Text {
        x,
        baseline,
        face,
        size,
        color,
        text,
    };
    let right_aligned = |face: Face, s: &str| geo.right - fonts.width(face, size, s);
    vec![
        text(geo.left, geo.header_baseline, Face::Bold, HEADING_INK, name),
        text(right_aligned(Face::Regular, &title), geo.header_baseline, Face::Regular, MUTED, title),
        Mark::Line { x1: geo.left, y1: geo.header_rule, x2: geo.right, y2: geo.header_rule, width: 0.6, color: RULE },
        text(geo.left, geo.footer_baseline, Face::Bold, MUTED, "Confidential".to_owned()),
        text(right_aligned(Face::Regular, &page_label), geo.footer_baseline, Face::Regular, MUTED, page_label),
    ]
}

/// A font resource id per face actually used. printpdf takes the subset tag
/// (the "ABCDEF+" prefix) from the id's first six characters, so the id is
/// six letters derived from the glyphs used: stable for the same text,
/// different for different subsets, as the PDF spec intends.
fn font_ids(pages: &[Vec<Mark>]) -> BTreeMap<Face, FontId> {
    let mut used: BTreeMap<Face, BTreeSet<char>> = BTreeMap::new();
    for mark in pages.iter().flatten() {
        if let Mark::Text { face, text, .. } = mark {
            used.entry(*face).or_default().extend(text.chars());
        }
    }
    let mut ids = BTreeMap::new();
    for (face, chars) in used {
        let mut hash = Fnv::new(0);
        hash.write(&[face as u8]);
        for c in chars {
            hash.write(&u32::from(c).to_le_bytes());
        }
        let mut n = hash.finish();
        let tag: String = (0..6)
            .map(|_| {
                let letter = char::from(b'A' + (n % 26) as u8);
                n /= 26;
                letter
            })
            .collect();
        ids.insert(face, FontId(tag));
    }
    ids
}

/// 32 hex digits identifying the document by its setup and every mark drawn.
fn content_id(setup: &DocumentSetup, pages: &[Vec<Mark>]) -> Vec<u8> {
    let mut halves = [Fnv::new(1), Fnv::new(2)];
    for h in &mut halves {
        h.write(setup.title.as_bytes());
        h.write(setup.program_name.as_bytes());
        h.write(setup.subject.as_deref().unwrap_or("").as_bytes());
        for (i, page) in pages.iter().enumerate() {
            h.write(&i.to_le_bytes());
            for mark in page {
                h.write(format!("{mark:?}").as_bytes());
            }
        }
    }
    format!("{:016x}{:016x}", halves[0].finish(), halves[1].finish()).into_bytes()
}

/// FNV-1a: tiny and stable across Rust versions, unlike `DefaultHasher`.
struct Fnv(u64);

impl Fnv {
    fn new(seed: u64) -> Self {
        Fnv(0xcbf2_9ce4_8422_2325 ^ seed.wrapping_mul(0x9e37_79b9_7f4a_7c15))
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

fn color(tint: Tint) -> Color {
    Color::Rgb(Rgb { r: tint.0, g: tint.1, b: tint.2, icc_profile: None })
}

/// PDF operators for one page. Consecutive text shares one text object and
/// font/colour changes are emitted only when they change, which keeps a
/// 300-row table's content stream small.
fn page_ops(marks: &[Mark], page_height: f32, ids: &BTreeMap<Face, FontId>) -> Vec<Op> {
    let mut ops = Vec::with_capacity(marks.len() * 3);
    let mut in_text = false;
    let mut font: Option<(Face, f32)> = None;
    let mut fill: Option<Tint> = None;
    let mut stroke: Option<(Tint, f32)> = None;
    let flip = |y: f32| Pt(page_height - y);
    for mark in marks {
        match mark {
            Mark::Text { x, baseline, face, size, color: tint, text } => {
                let Some(id) = ids.get(face) else { continue };
                if !in_text {
                    ops.push(Op::StartTextSection);
                    in_text = true;
                }
                if font != Some((*face, *size)) {
                    ops.push(Op::SetFont { font: PdfFontHandle::External(id.clone()), size: Pt(*size) });
                    font = Some((*face, *size));
                }
                if fill != Some(*tint) {
                    ops.push(Op::SetFillColor { col: color(*tint) });
                    fill = Some(*tint);
                }
                ops.push(Op::SetTextMatrix { matrix: TextMatrix::Translate(Pt(*x), flip(*baseline)) });
                ops.push(Op::ShowText { items: vec![TextItem::Text(text.clone())] });
            }
            Mark::Fill { x, top, width, height, color: tint } => {
                if in_text {
                    ops.push(Op::EndTextSection);
                    in_text = false;
                }
                if fill != Some(*tint) {
                    ops.push(Op::SetFillColor { col: color(*tint) });
                    fill = Some(*tint);
                }
                ops.push(Op::DrawRectangle {
                    rectangle: Rect {
                        x: Pt(*x),
                        y: flip(top + height),
                        width: Pt(*width),
                        height: Pt(*height),
                        mode: Some(PaintMode::Fill),
                        winding_order: None,
                    },
                });
            }
            Mark::Line { x1, y1, x2, y2, width, color: tint } => {
                if in_text {
                    ops.push(Op::EndTextSection);
                    in_text = false;
                }
                if stroke != Some((*tint, *width)) {
                    ops.push(Op::SetOutlineColor { col: color(*tint) });
                    ops.push(Op::SetOutlineThickness { pt: Pt(*width) });
                    stroke = Some((*tint, *width));
                }
                let point = |x: f32, y: f32| LinePoint { p: Point { x: Pt(x), y: flip(y) }, bezier: false };
                ops.push(Op::DrawLine {
                    line: Line { points: vec![point(*x1, *y1), point(*x2, *y2)], is_closed: false },
                });
            }
        }
    }
    if in_text {
        ops.push(Op::EndTextSection);
    }
    ops
}
