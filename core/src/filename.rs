//! File names the program makes up itself (statements for each volunteer, rotating backups,
//! the export folder's files) must be valid on every system a vault moves to, Windows's
//! rules being the strictest: no `< > : " / \ | ? *` or control characters, no trailing dot
//! or space, none of the reserved device names (`CON`, `PRN`, `AUX`, `NUL`, `COM1`–`COM9`,
//! `LPT1`–`LPT9`, also with an extension: `con.pdf` is the console too), and at most 255
//! UTF-16 units. Names typed or chosen by the person are theirs; the system says if it
//! refuses one.

/// Why `name` is not a valid file name on Windows, or `None` when it is.
pub fn windows_problem(name: &str) -> Option<String> {
    if name.is_empty() {
        return Some("the name is empty".into());
    }
    if name == "." || name == ".." {
        return Some("the name is a folder reference".into());
    }
    if let Some(c) = name.chars().find(|c| matches!(c, '<' | '>' | ':' | '"' | '/' | '\\' | '|' | '?' | '*')) {
        return Some(format!("the character {c:?} is not allowed"));
    }
    if name.chars().any(|c| (c as u32) < 32) {
        return Some("a control character is not allowed".into());
    }
    if name.ends_with('.') || name.ends_with(' ') {
        return Some("a name cannot end with a dot or a space".into());
    }
    let units = name.encode_utf16().count();
    if units > 255 {
        return Some(format!("{units} characters; at most 255"));
    }
    // The device names hold with any extension and with trailing spaces before it.
    let stem = name.split('.').next().unwrap_or(name).trim_end_matches(' ');
    if is_reserved(stem) {
        return Some(format!("{stem} is a reserved device name"));
    }
    None
}

fn is_reserved(stem: &str) -> bool {
    let upper = stem.to_ascii_uppercase();
    if matches!(upper.as_str(), "CON" | "PRN" | "AUX" | "NUL" | "CONIN$" | "CONOUT$") {
        return true;
    }
    // COM0–COM9 and LPT0–LPT9, and the superscript digits Windows also treats as ports.
    let mut chars = stem.chars();
    let head: String = chars.by_ref().take(3).collect::<String>().to_ascii_uppercase();
    let rest: Vec<char> = chars.collect();
    (head == "COM" || head == "LPT") && rest.len() == 1 && (rest[0].is_ascii_digit() || "¹²³".contains(rest[0]))
}

/// A part of a file name from free text (a person's name, a case reference): Latin letters
/// and digits in lower case joined by single hyphens ("Nguyễn Thị Lan" → "nguyen-thi-lan"),
/// at most `max` characters, `fallback` when nothing is left, and never a reserved device
/// name alone ("con" → "con-"), so the result is valid on Windows with or without an
/// extension.
pub fn portable_part(text: &str, fallback: &str, max: usize) -> String {
    let mut slug = String::new();
    for c in deunicode::deunicode(text).chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let mut slug: String = slug.chars().take(max.max(1)).collect();
    while slug.ends_with('-') {
        slug.pop();
    }
    if slug.is_empty() {
        slug = fallback.to_owned();
    }
    if is_reserved(&slug) {
        slug.push('-');
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_rules_refuse_what_windows_refuses() {
        for bad in [
            "",
            "a:b.pdf",
            "what?.csv",
            "x*.json",
            "a\"b",
            "a|b",
            "<a>",
            "dir\\file",
            "dir/file",
            "tab\there",
            "trailing.",
            "trailing ",
            "CON",
            "con.pdf",
            "Nul.txt",
            "aux.tar.gz",
            "COM1.csv",
            "lpt9",
            "COM¹.txt",
            "CONOUT$",
            "prn .pdf",
        ] {
            assert!(windows_problem(bad).is_some(), "{bad:?} should be refused");
        }
        let long = "a".repeat(256);
        assert!(windows_problem(&long).expect("too long").contains("256"));
        for good in [
            "statement-ana-2026.pdf",
            "pro-bono-desk-01a2-20261203-101500.pbbackup",
            "CONSOLE.pdf",
            "com10.txt",
            "lpt.txt",
            "Nguyễn Thị Lan.pdf",
            ".hidden",
            &"a".repeat(255),
        ] {
            assert_eq!(windows_problem(good), None, "{good:?} is valid");
        }
    }

    #[test]
    fn portable_parts_are_valid_windows_names_whatever_the_text() {
        let long = "Ö".repeat(400);
        let cases = [
            ("Nguyễn Thị Lan", "nguyen-thi-lan"),
            ("María José Hernández", "maria-jose-hernandez"),
            ("CON", "con-"),
            ("aux", "aux-"),
            ("Com1", "com1-"),
            ("a:b?c*", "a-b-c"),
            ("  ..  ", "volunteer"),
            ("Иван Петров", "ivan-petrov"),
            ("", "volunteer"),
        ];
        for (text, want) in cases {
            assert_eq!(portable_part(text, "volunteer", 60), want, "{text:?}");
        }
        let cut = portable_part(&long, "volunteer", 60);
        assert_eq!(cut.len(), 60);
        for text in [long.as_str(), "CON", "a:b", "..", "lpt1", "王小明", "\u{202e}evil"] {
            let part = portable_part(text, "volunteer", 60);
            assert_eq!(windows_problem(&part), None, "{text:?} -> {part:?}");
            assert_eq!(windows_problem(&format!("{part}.pdf")), None, "{text:?} -> {part:?}.pdf");
        }
    }
}
