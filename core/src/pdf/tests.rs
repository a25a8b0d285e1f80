//! These tests read the PDFs back with poppler-utils (pdftotext, pdffonts,
//! pdfinfo), as a reader's viewer would, rather than trusting our own model.

use std::path::Path;
use std::process::Command;

use super::layout::{Geometry, Mark};
use super::text::{Face, Fonts};
use super::*;

const NAMES: [&str; 3] = ["Nguyễn Thị Lan", "Алексей Смирнов", "María José Hernández"];

fn setup(paper: Paper) -> DocumentSetup {
    DocumentSetup {
        paper,
        program_name: "Riverside Legal Clinic".to_owned(),
        title: "Annual Impact Report 2024".to_owned(),
        subject: Some("Impact report".to_owned()),
    }
}

fn long_text() -> String {
    let sentence = "Volunteers met clients at the library every Tuesday evening, reviewed \
                    eviction notices and benefit letters, and followed up by phone within a week. ";
    let mut text = String::new();
    while text.chars().count() < 6000 {
        text.push_str(sentence);
    }
    text
}

fn sample(paper: Paper) -> Document {
    let mut doc = Document::new(setup(paper));
    doc.heading("Annual Impact Report 2024");
    doc.statement("Our volunteers gave 1,284 hours of free legal help to 312 households this year.");
    doc.paragraph("This report summarises the clinic's work.\nFigures cover January to December.");
    doc.subheading("Who we served");
    doc.key_values(&[
        ("Clients", "312"),
        ("Volunteer hours", "1,284.5"),
        ("Longest-serving volunteer", NAMES[0]),
        ("Coordinators", &format!("{}, {}", NAMES[1], NAMES[2])),
    ]);
    doc.paragraph(&long_text());
    doc.paragraph("Thank you to every volunteer — çà ñ ř ş ğ ắ ặ ề ổ ự.");
    let columns = [
        Column::new("Client", 3.0, Align::Left),
        Column::new("Matter", 4.0, Align::Left),
        Column::new("Hours", 1.0, Align::Right),
    ];
    let rows: Vec<Vec<String>> = (0..300)
        .map(|i| {
            vec![
                NAMES[i % 3].to_owned(),
                format!("Housing matter {i}: repairs, deposit and notice review"),
                format!("{:.1}", 0.5 + (i % 17) as f64 * 1.25),
            ]
        })
        .collect();
    doc.subheading("Matters");
    doc.table(&columns, &rows);
    let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let bars: Vec<(String, f64)> =
        months.iter().enumerate().map(|(i, m)| ((*m).to_owned(), 40.0 + (i * 37 % 90) as f64)).collect();
    doc.bar_chart("Volunteer hours per month", &bars, &|v| format!("{v:.0} h"));
    doc.comparison_bars(
        "Clients compared with the national picture",
        &[
            ComparisonRow {
                label: "Women".to_owned(),
                ours: Some(0.62),
                ours_label: "Our clients: 62%".to_owned(),
                reference: Some(0.51),
                reference_label: "National 2022: 51%".to_owned(),
            },
            ComparisonRow {
                label: "Household income below 125% of poverty line".to_owned(),
                ours: Some(0.4),
                ours_label: "Our clients: 40%".to_owned(),
                reference: None,
                reference_label: "No national figure".to_owned(),
            },
        ],
    );
    doc
}

fn temp_pdf(bytes: &[u8]) -> tempfile::NamedTempFile {
    let mut file = tempfile::Builder::new().suffix(".pdf").tempfile().expect("temp file");
    std::io::Write::write_all(&mut file, bytes).expect("write temp pdf");
    file
}

/// Runs a poppler tool on the PDF; these tests need poppler-utils installed.
fn poppler(tool: &str, pdf: &Path, extra: &[&str]) -> String {
    let output = Command::new(tool)
        .args(extra)
        .arg(pdf)
        .output()
        .unwrap_or_else(|e| panic!("running {tool} (install poppler-utils): {e}"));
    assert!(output.status.success(), "{tool} failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).expect("utf-8 output")
}

fn pdftotext(bytes: &[u8]) -> String {
    let file = temp_pdf(bytes);
    poppler("pdftotext", file.path(), &["-enc", "UTF-8"]);
    let text_path = file.path().with_extension("txt");
    let text = std::fs::read_to_string(&text_path).expect("pdftotext output");
    let _ = std::fs::remove_file(text_path);
    text
}

#[test]
fn sample_renders_over_several_pages_with_numbers_and_names() {
    let started = std::time::Instant::now();
    let pdf = sample(Paper::Letter).render().expect("render");
    eprintln!("render took {:?}, {} pages", started.elapsed(), pdf.pages);
    assert!(pdf.pages > 1);
    assert!(pdf.unrenderable_scripts.is_empty());
    let text = pdftotext(&pdf.bytes);
    let n = pdf.pages;
    assert!(text.contains(&format!("Page 1 of {n}")));
    assert!(text.contains(&format!("Page {n} of {n}")));
    assert!(!text.contains(&format!("Page {} of", n + 1)));
    assert_eq!(text.matches("Confidential").count(), n);
    assert_eq!(text.matches("Riverside Legal Clinic").count(), n);
    for name in NAMES {
        assert!(text.contains(name), "{name} missing from extracted text");
    }
    assert!(text.contains("ắ ặ ề ổ ự"));
    assert!(!text.contains('\u{FFFD}'));
    // The table header is repeated on every page the table continues on.
    assert!(text.matches("Matter").count() > 3);
}

#[test]
fn fonts_are_embedded_as_subsets() {
    let pdf = sample(Paper::Letter).render().expect("render");
    let file = temp_pdf(&pdf.bytes);
    let listing = poppler("pdffonts", file.path(), &[]);
    let fonts: Vec<&str> = listing.lines().skip(2).collect();
    assert_eq!(fonts.len(), 2, "{listing}");
    for line in fonts {
        let cols: Vec<&str> = line.split_whitespace().collect();
        // name type(2 words) encoding emb sub uni object-id
        let name = cols[0];
        assert!(name.len() > 7 && name.as_bytes()[6] == b'+', "no subset tag: {line}");
        assert!(name[..6].bytes().all(|b| b.is_ascii_uppercase()), "{line}");
        assert!(name.contains("NotoSans"), "{line}");
        assert_eq!(&cols[cols.len() - 5..cols.len() - 2], &["yes", "yes", "yes"], "emb/sub/uni: {line}");
    }
    // Two full faces are ~1 MB; the subsets must be far smaller.
    assert!(pdf.bytes.len() < 300_000, "{} bytes", pdf.bytes.len());
}

#[test]
fn unsupported_script_becomes_question_marks_and_a_notice() {
    let mut doc = Document::new(setup(Paper::A4));
    doc.heading("Case summary");
    doc.key_values(&[("Client", "محمد Ali"), ("Adviser", NAMES[0])]);
    let pdf = doc.render().expect("render");
    assert_eq!(pdf.unrenderable_scripts, vec!["Arabic".to_owned()]);
    let text = pdftotext(&pdf.bytes);
    assert!(text.contains("Some characters could not be shown with this PDF's font (scripts: Arabic)"));
    assert!(text.contains("????"), "{text}");
    assert!(text.contains("???? Ali"), "{text}");
    assert!(!text.contains('\u{FFFD}'));
    assert!(!text.contains('م'));
    assert!(text.contains(NAMES[0]));
}

#[test]
fn metadata_keeps_text_the_font_cannot_draw() {
    let mut s = setup(Paper::Letter);
    s.title = "Case of محمد".to_owned();
    let pdf = Document::new(s).render().expect("render");
    assert_eq!(pdf.unrenderable_scripts, vec!["Arabic".to_owned()]);
    let file = temp_pdf(&pdf.bytes);
    let info = poppler("pdfinfo", file.path(), &["-enc", "UTF-8"]);
    assert!(info.contains("Title:           Case of محمد"), "{info}");
    assert!(!info.contains("CreationDate"), "no fake 1970 date: {info}");
    assert!(!info.contains("PDF subtype"), "no PDF/X claim: {info}");
    assert!(pdftotext(&pdf.bytes).contains("Case of ????"));
}

#[test]
fn scripts_are_sorted_and_deduplicated() {
    let mut doc = Document::new(setup(Paper::Letter));
    doc.paragraph("東京 محمد 北京 علي 😀");
    let pdf = doc.render().expect("render");
    assert_eq!(pdf.unrenderable_scripts, vec!["Arabic", "Han", "Symbols"]);
}

#[test]
fn decomposed_accents_are_composed() {
    let mut doc = Document::new(setup(Paper::Letter));
    // "Nguyễn Thị" typed as base letters plus combining marks (NFD).
    doc.paragraph("Nguye\u{302}\u{303}n Thi\u{323}");
    let pdf = doc.render().expect("render");
    assert!(pdf.unrenderable_scripts.is_empty());
    assert!(pdftotext(&pdf.bytes).contains("Nguyễn Thị"));
}

#[test]
fn covered_text_needs_no_notice() {
    let mut doc = Document::new(setup(Paper::Letter));
    doc.paragraph("Ελληνικά, Русский, Français, Tiếng Việt");
    let pdf = doc.render().expect("render");
    assert!(pdf.unrenderable_scripts.is_empty());
    assert!(!pdftotext(&pdf.bytes).contains("could not be shown"));
}

#[test]
fn wrapped_lines_never_exceed_the_width() {
    let fonts = Fonts::shared().expect("fonts");
    let width = 200.0;
    for face in [Face::Regular, Face::Bold] {
        for size in [8.0, 10.0, 13.0] {
            let lines = fonts.wrap(face, size, &long_text(), width);
            assert!(lines.len() > 20);
            for line in &lines {
                let w = fonts.width(face, size, line);
                assert!(w <= width + 0.001, "{w} > {width}: {line:?}");
            }
            // Nothing lost or reordered: only spaces became line breaks.
            assert_eq!(lines.join(" "), long_text().trim_end());
        }
    }
}

#[test]
fn a_word_longer_than_the_line_is_broken() {
    let fonts = Fonts::shared().expect("fonts");
    let word = "x".repeat(200);
    let width = 100.0;
    let lines = fonts.wrap(Face::Regular, 10.0, &format!("see {word} end"), width);
    assert!(lines.len() >= 4, "{lines:?}");
    assert_eq!(lines[0], "see");
    for line in &lines {
        assert!(fonts.width(Face::Regular, 10.0, line) <= width + 0.001);
    }
    assert_eq!(lines.concat().matches('x').count(), 200);
    // The tail of the long word shares its line with the next word.
    assert!(lines.last().is_some_and(|l| l.ends_with("x end")), "{lines:?}");
}

#[test]
fn lines_may_break_after_hyphens_and_slashes() {
    let fonts = Fonts::shared().expect("fonts");
    let text = "Landlord-tenant and/or benefits";
    let narrow = fonts.width(Face::Regular, 10.0, "Landlord-tenant and/") + 0.01;
    let lines = fonts.wrap(Face::Regular, 10.0, text, narrow);
    assert_eq!(lines, vec!["Landlord-tenant and/", "or benefits"]);
    let lines = fonts.wrap(Face::Regular, 10.0, text, fonts.width(Face::Regular, 10.0, "Landlord-t"));
    assert_eq!(lines[0], "Landlord-");
    // A leading minus is not a break opportunity.
    assert_eq!(fonts.wrap(Face::Regular, 10.0, "-5", 1.0).concat(), "-5");
}

#[test]
fn chart_axis_ticks_are_round_numbers() {
    let ticks = |values: &[f64]| charts::axis_ticks(values.iter().copied());
    assert_eq!(ticks(&[60.0, 140.0, 98.0]), vec![0.0, 50.0, 100.0, 150.0]);
    assert_eq!(ticks(&[7.0]), vec![0.0, 2.0, 4.0, 6.0, 8.0]);
    assert_eq!(ticks(&[1000.0]), vec![0.0, 500.0, 1000.0]);
    let small = ticks(&[0.3, 0.12]);
    assert_eq!(small.len(), 4);
    assert!((small[3] - 0.3).abs() < 1e-9);
    assert_eq!(ticks(&[]), vec![0.0]);
    assert_eq!(ticks(&[-5.0, f64::NAN, 0.0]), vec![0.0]);
}

#[test]
fn wrapping_honours_newlines() {
    let fonts = Fonts::shared().expect("fonts");
    let lines = fonts.wrap(Face::Regular, 10.0, "one\n\nthree", 300.0);
    assert_eq!(lines, vec!["one", "", "three"]);
}

#[test]
fn same_input_gives_identical_bytes() {
    let first = sample(Paper::Letter).render().expect("render");
    let second = sample(Paper::Letter).render().expect("render");
    assert!(first.bytes == second.bytes, "two renders differ");
    let other = sample(Paper::A4).render().expect("render");
    assert!(first.bytes != other.bytes);
}

#[test]
fn page_sizes_match_the_paper() {
    for (paper, expected) in [(Paper::Letter, "612 x 792 pts (letter)"), (Paper::A4, "595.276 x 841.89 pts (A4)")] {
        let mut doc = Document::new(setup(paper));
        doc.paragraph("Hello");
        let pdf = doc.render().expect("render");
        let file = temp_pdf(&pdf.bytes);
        let info = poppler("pdfinfo", file.path(), &[]);
        let size = info.lines().find(|l| l.starts_with("Page size:")).expect("page size line");
        assert!(size.ends_with(expected), "{paper}: {size}");
        assert!(info.contains("Title:           Annual Impact Report 2024"), "{info}");
    }
}

#[test]
fn paper_parses_and_serializes_lowercase() {
    assert_eq!("Letter".parse::<Paper>(), Ok(Paper::Letter));
    assert_eq!(" a4 ".parse::<Paper>(), Ok(Paper::A4));
    assert_eq!("A4".parse::<Paper>(), Ok(Paper::A4));
    assert!("legal".parse::<Paper>().is_err());
    assert_eq!(Paper::default(), Paper::Letter);
    assert_eq!(serde_json::to_string(&Paper::A4).ok().as_deref(), Some("\"a4\""));
    assert_eq!(serde_json::from_str::<Paper>("\"letter\"").ok(), Some(Paper::Letter));
}

#[test]
fn empty_document_is_one_page() {
    let pdf = Document::new(setup(Paper::Letter)).render().expect("render");
    assert_eq!(pdf.pages, 1);
    assert!(pdftotext(&pdf.bytes).contains("Page 1 of 1"));
}

#[test]
fn a_subheading_stays_with_the_start_of_any_block() {
    use blocks::Block;
    let fonts = Fonts::shared().expect("fonts");
    let geo = Geometry::new(Paper::Letter);
    let two_lines = "Housing matter with a description long enough to wrap onto a second line in its column";
    let followers = [
        (
            Block::Table {
                columns: vec![Column::new("Client", 1.0, Align::Left), Column::new("Matter", 1.0, Align::Left)],
                rows: (0..5).map(|i| vec![format!("Client {i}"), two_lines.to_owned()]).collect(),
            },
            "Client 1",
        ),
        (
            Block::KeyValues(vec![("Volunteers".to_owned(), long_text()), ("Hours".to_owned(), "12".to_owned())]),
            "Volunteers",
        ),
        (
            Block::BarChart {
                title: "Hours".to_owned(),
                bars: vec![charts::Bar { label: "Jan".to_owned(), value: 3.0, shown: "3 h".to_owned() }],
                ticks: vec![(0.0, "0".to_owned()), (5.0, "5".to_owned())],
            },
            "Jan",
        ),
        (
            Block::Comparison {
                title: "Compared".to_owned(),
                rows: vec![ComparisonRow {
                    label: "A label long enough to need three or four lines in the narrow label column of the chart"
                        .to_owned(),
                    ours: Some(0.5),
                    ours_label: "Ours: 50%".to_owned(),
                    ..ComparisonRow::default()
                }],
            },
            "Ours: 50%",
        ),
    ];
    for (follower, needle) in followers {
        for mm in 150..240 {
            let blocks = [
                Block::Paragraph("Start".to_owned()),
                Block::Spacer(mm as f32),
                Block::Subheading("Section".to_owned()),
                follower.clone(),
            ];
            let pages = lay_out(fonts, geo, &blocks);
            let page_of = |needle: &str| {
                pages
                    .iter()
                    .position(|page| page.iter().any(|m| matches!(m, Mark::Text { text, .. } if text == needle)))
            };
            assert!(page_of(needle).is_some(), "{needle}");
            assert_eq!(page_of("Section"), page_of(needle), "{needle} with a {mm} mm spacer");
        }
    }
}

#[test]
fn nothing_is_drawn_outside_the_content_box() {
    let fonts = Fonts::shared().expect("fonts");
    for paper in [Paper::Letter, Paper::A4] {
        let geo = Geometry::new(paper);
        let pages = lay_out(fonts, geo, &sample(paper).blocks);
        let inside_x = |x: f32| x >= geo.left - 0.01 && x <= geo.right + 0.01;
        let inside_y = |y: f32| y >= geo.content_top - 0.01 && y <= geo.content_bottom + 0.01;
        for mark in pages.iter().flatten() {
            match mark {
                Mark::Text { x, baseline, face, size, text, .. } => {
                    let width = fonts.width(*face, *size, text);
                    assert!(inside_x(*x) && inside_x(x + width), "{mark:?}");
                    assert!(inside_y(*baseline) && inside_y(baseline - size * 0.75), "{mark:?}");
                }
                Mark::Fill { x, top, width, height, .. } => {
                    assert!(inside_x(*x) && inside_x(x + width), "{mark:?}");
                    assert!(inside_y(*top) && inside_y(top + height), "{mark:?}");
                }
                Mark::Line { x1, y1, x2, y2, .. } => {
                    assert!(inside_x(*x1) && inside_x(*x2), "{mark:?}");
                    assert!(inside_y(*y1) && inside_y(*y2), "{mark:?}");
                }
            }
        }
    }
}

#[test]
fn a_heading_chain_stays_with_its_paragraph() {
    use blocks::Block;
    let fonts = Fonts::shared().expect("fonts");
    let geo = Geometry::new(Paper::Letter);
    // Slide the headings over the foot of the first page, 1 mm at a time.
    for mm in 190..240 {
        let blocks = [
            Block::Paragraph("Start".to_owned()),
            Block::Spacer(mm as f32),
            Block::Heading("Part two".to_owned()),
            Block::Subheading("First section".to_owned()),
            Block::Paragraph("Opening words of the section.\nAnd a second line.".to_owned()),
        ];
        let pages = lay_out(fonts, geo, &blocks);
        let page_of = |needle: &str| {
            pages
                .iter()
                .position(|page| page.iter().any(|m| matches!(m, Mark::Text { text, .. } if text.starts_with(needle))))
        };
        assert!(page_of("Part two").is_some());
        assert_eq!(page_of("Part two"), page_of("First section"), "{mm} mm");
        assert_eq!(page_of("First section"), page_of("Opening words"), "{mm} mm");
        assert_eq!(page_of("Opening words"), page_of("And a second"), "{mm} mm");
    }
}

#[test]
fn a_paragraph_leaves_no_single_line_alone_on_a_page() {
    use blocks::Block;
    let fonts = Fonts::shared().expect("fonts");
    let geo = Geometry::new(Paper::Letter);
    let paragraph = (1..=6).map(|i| format!("Line {i}")).collect::<Vec<_>>().join("\n");
    // Slide the paragraph over the foot of the first page, 1 mm at a time.
    for mm in 200..240 {
        let blocks =
            [Block::Paragraph("Start".to_owned()), Block::Spacer(mm as f32), Block::Paragraph(paragraph.clone())];
        let pages = lay_out(fonts, geo, &blocks);
        for page in &pages {
            let lines =
                page.iter().filter(|m| matches!(m, Mark::Text { text, .. } if text.starts_with("Line"))).count();
            assert!(lines != 1, "a lone line with a {mm} mm spacer");
        }
    }
}

#[test]
fn a_cell_taller_than_a_page_is_split_across_pages() {
    let mut doc = Document::new(setup(Paper::A4));
    let columns = [Column::new("Note", 1.0, Align::Left)];
    doc.table(&columns, &[vec![long_text().repeat(3)], vec!["after".to_owned()]]);
    let pdf = doc.render().expect("render");
    assert!(pdf.pages >= 3);
    let text = pdftotext(&pdf.bytes);
    assert!(text.contains("after"));
    assert_eq!(text.matches("Note").count(), pdf.pages);
}
