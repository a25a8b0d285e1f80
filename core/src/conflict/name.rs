//! A name made comparable: transliterated to Latin letters, folded (case, accents,
//! punctuation, spacing), split into words with particles set aside, each word with the keys
//! it is compared by. The original stays with the record for display.

use rphonetic::DoubleMetaphone;
use unicode_script::{Script, UnicodeScript};

/// Words that join names rather than being one: "de la", "al-", "bin", "van der"… A word
/// that is only particles is kept (someone may be called "Del").
/// ("Le", "Do", "La" and "Van" are not here: they are Vietnamese names.) Company forms (LLC,
/// Inc.) are set aside the same way: "Hernández Roofing LLC" is not "Hernández Landscaping LLC".
const PARTICLES: &[&str] = &[
    "de", "del", "della", "der", "den", "las", "los", "les", "da", "das", "dos", "di", "du", "von", "zu", "al", "el",
    "ul", "ed", "bin", "ibn", "ben", "bint", "abu", "abd", "y", "e", "st", "llc", "inc", "corp", "co", "ltd",
    "company",
];

/// The script a name was written in, when it was not Latin (or was Vietnamese): said in a
/// match's reasons ("name matches after transliteration from Cyrillic").
pub fn script_of(name: &str) -> Option<&'static str> {
    let mut vietnamese = false;
    for c in name.chars() {
        let script = match c.script() {
            Script::Cyrillic => "Cyrillic",
            Script::Greek => "Greek",
            Script::Arabic if is_persian_letter(c) => "Persian",
            Script::Arabic => "Arabic",
            Script::Han => "Chinese",
            Script::Ethiopic => "Amharic/Tigrinya (Ethiopic)",
            Script::Hangul => "Korean",
            Script::Hebrew => "Hebrew",
            Script::Devanagari => "Devanagari",
            Script::Armenian => "Armenian",
            Script::Georgian => "Georgian",
            Script::Thai => "Thai",
            Script::Latin => {
                vietnamese |= is_vietnamese_letter(c);
                continue;
            }
            _ => continue,
        };
        // Persian letters may come after Arabic ones: look at the whole name for those.
        if script == "Arabic" && name.chars().any(is_persian_letter) {
            return Some("Persian");
        }
        return Some(script);
    }
    vietnamese.then_some("Vietnamese")
}

/// Letters of the Persian alphabet that Arabic does not use (پ چ ژ گ, and Persian kaf and yeh).
fn is_persian_letter(c: char) -> bool {
    matches!(c, 'پ' | 'چ' | 'ژ' | 'گ' | 'ک' | 'ی')
}

/// Letters only Vietnamese writes with (horn and breve vowels, đ, and the tone marks on
/// them), as precomposed characters.
fn is_vietnamese_letter(c: char) -> bool {
    matches!(c,
        'ơ' | 'Ơ' | 'ư' | 'Ư' | 'đ' | 'Đ' | 'ă' | 'Ă'
        | 'ạ'..='ỹ' | 'Ạ'..='Ỹ')
}

/// One word of a name and its comparison keys.
#[derive(Debug, Clone)]
pub struct Word {
    /// Lower-case ASCII.
    pub text: String,
    /// Double Metaphone, primary and alternate (the phonetic key made for names).
    pub sounds: [String; 2],
    /// The consonants in order, doubled letters once ("muhammad" and "mhmd": "mhmd"): how a
    /// name written without vowels (Arabic, Persian, Ethiopic transliterated) still compares.
    pub skeleton: String,
}

/// A name ready to compare, in each way it may be written: its words with particles set
/// aside (the first form), and also with particles joined to the next word ("delacruz"), and
/// with two neighbouring words run together ("Ali Reza" and "Alireza", "Zhi Qiang" and
/// "Zhiqiang"), from each of two transliteration tables when they differ.
#[derive(Debug, Clone)]
pub struct Name {
    pub forms: Vec<Vec<Word>>,
    /// The name as written, lower case with single spaces: two names equal in this are "the
    /// same name"; equal only after transliteration and folding, "the same apart from…".
    pub as_written: String,
    /// The script it was written in, when not Latin.
    pub script: Option<&'static str>,
}

impl Name {
    pub fn new(original: &str, metaphone: &DoubleMetaphone) -> Name {
        let script = script_of(original);
        let prepared = if script == Some("Persian") { persian_sounds(original) } else { original.to_owned() };
        let mut forms: Vec<Vec<String>> = Vec::new();
        for latin in [deunicode::deunicode(&prepared), split_camel(&any_ascii::any_ascii(&prepared))] {
            // Apostrophes and the like inside a word are not word breaks ("O'Brien"; Arabic
            // ain and Ethiopic glottal stops are transliterated as one).
            let ascii = latin.to_lowercase().replace(['\'', '`', '’', 'ʼ', 'ʻ'], "");
            let raw: Vec<&str> = ascii.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect();
            for form in word_forms(&raw) {
                if !form.is_empty() && !forms.contains(&form) {
                    forms.push(form);
                }
            }
        }
        let forms =
            forms.into_iter().map(|form| form.into_iter().map(|text| Word::new(text, metaphone)).collect()).collect();
        Name { forms, script, as_written: crate::validate::fold_key(original) }
    }

    /// The first form: the words, particles set aside.
    pub fn words(&self) -> &[Word] {
        self.forms.first().map(Vec::as_slice).unwrap_or(&[])
    }
}

/// The forms of one transliteration's words (see [`Name`]).
fn word_forms(raw: &[&str]) -> Vec<Vec<String>> {
    let mut plain: Vec<String> = Vec::new();
    let mut i = 0;
    while i < raw.len() {
        let word = raw[i];
        if PARTICLES.contains(&word) && raw.len() > 1 {
            // "al hassan" is also written "alhassan": the article stays joined to its word.
            if matches!(word, "al" | "el" | "ul" | "ed" | "abd" | "abu") && i + 1 < raw.len() {
                plain.push(format!("{word}{}", raw[i + 1]));
                i += 2;
                continue;
            }
            i += 1;
            continue;
        }
        plain.push(word.to_owned());
        i += 1;
    }
    if plain.is_empty() {
        plain = raw.iter().map(|w| (*w).to_owned()).collect();
    }
    let mut forms = vec![plain.clone()];
    // Particles joined to the word after them: "De la Cruz" as "Delacruz", "van der Berg" as
    // "Vanderberg" (here "la", "le" and "van" count as particles too).
    let joins = |w: &str| PARTICLES.contains(&w) || matches!(w, "la" | "le" | "van");
    if raw.len() > 1 && raw.iter().any(|w| joins(w)) {
        let mut joined = Vec::new();
        let mut pending = String::new();
        for word in raw {
            pending.push_str(word);
            if !joins(word) {
                joined.push(std::mem::take(&mut pending));
            }
        }
        if !pending.is_empty() {
            joined.push(pending);
        }
        forms.push(joined);
    }
    // Two neighbouring words run together (at most six words: names, not sentences).
    if (2..=6).contains(&plain.len()) {
        for at in 0..plain.len() - 1 {
            let mut merged = plain.clone();
            let next = merged.remove(at + 1);
            merged[at].push_str(&next);
            forms.push(merged);
        }
    }
    forms
}

/// "WangWei" (any_ascii runs Chinese syllables together, each capitalised) as "Wang Wei".
fn split_camel(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut prev_lower = false;
    for c in text.chars() {
        if c.is_ascii_uppercase() && prev_lower {
            out.push(' ');
        }
        prev_lower = c.is_ascii_lowercase();
        out.push(c);
    }
    out
}

/// Persian says several Arabic letters alike, and is romanised as it is said: ض ظ ذ as ز (z),
/// ث ص as س (s), ط as ت (t), ح as ه (h). Folded before transliterating a Persian name.
fn persian_sounds(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            'ض' | 'ظ' | 'ذ' => 'ز',
            'ث' | 'ص' => 'س',
            'ط' => 'ت',
            'ح' => 'ه',
            other => other,
        })
        .collect()
}

impl Word {
    pub fn new(text: String, metaphone: &DoubleMetaphone) -> Word {
        let encoded = metaphone.double_metaphone(&text);
        let sounds = [encoded.primary(), encoded.alternate()];
        Word { skeleton: skeleton(&text), sounds, text }
    }

    /// The word without a leading article ("alhassan" also compares as "hassan"; Arabic
    /// script's "ال" comes out as a bare "l": "lmsry" as "msry").
    pub fn without_article(&self) -> Option<&str> {
        let vowelless = !self.text.contains(['a', 'e', 'i', 'o', 'u']);
        ["al", "el", "ul", "ed"]
            .iter()
            .find_map(|a| self.text.strip_prefix(a))
            .or_else(|| if vowelless { self.text.strip_prefix('l') } else { None })
            .filter(|rest| rest.len() >= 3)
    }
}

/// The consonants, with letters romanisations swap folded (gh/q/k, ph/f, zh/j, th/t) and the
/// semi-vowels (y, w, v) dropped, each consonant once where it repeats.
fn skeleton(text: &str) -> String {
    let folded = text.replace("gh", "k").replace("ph", "f").replace("zh", "j").replace("th", "t").replace("ck", "k");
    let mut out = String::with_capacity(folded.len());
    for c in folded.chars().filter(|c| !matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'w' | 'v')) {
        let c = if c == 'q' { 'k' } else { c };
        if !out.ends_with(c) {
            out.push(c);
        }
    }
    // A final h is often silent and left off (Fatimah, Fatima; Arabic ة).
    if out.len() > 2 && out.ends_with('h') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(name: &str) -> Vec<String> {
        Name::new(name, &DoubleMetaphone::new(None)).words().iter().map(|w| w.text.clone()).collect()
    }

    #[test]
    fn case_accents_punctuation_and_spacing_fold_away() {
        assert_eq!(words("  José   MARÍA Hernández-López "), ["jose", "maria", "hernandez", "lopez"]);
        assert_eq!(words("Hernández López, José M."), ["hernandez", "lopez", "jose", "m"]);
        assert_eq!(words("O'Brien"), ["obrien"]);
    }

    #[test]
    fn particles_are_set_aside_and_arabic_articles_join_their_word() {
        assert_eq!(words("María de la Cruz"), ["maria", "la", "cruz"]);
        let forms = Name::new("María de la Cruz", &DoubleMetaphone::new(None)).forms;
        assert!(forms.iter().any(|f| f.iter().any(|w| w.text == "delacruz")), "joined form");
        // "Van" stays a word (it is a Vietnamese name too); the joined form runs it together.
        assert_eq!(words("Ludwig van der Berg"), ["ludwig", "van", "berg"]);
        let forms = Name::new("Ludwig van der Berg", &DoubleMetaphone::new(None)).forms;
        assert!(forms.iter().any(|f| f.iter().any(|w| w.text == "vanderberg")), "joined form");
        assert_eq!(words("Mohammed Al-Hassan"), ["mohammed", "alhassan"]);
        assert_eq!(words("Omar bin Laden"), ["omar", "laden"]);
        assert_eq!(words("Del"), ["del"], "a name that is only a particle stays");
    }

    #[test]
    fn each_script_is_transliterated_and_named() {
        let cases = [
            ("Алексей Смирнов", "Cyrillic", "aleksei smirnov"),
            ("Γιώργος Παπαδόπουλος", "Greek", "giorgos papadopoulos"),
            ("محمد الحسن", "Arabic", "mhmd lhsn"),
            ("علی رضایی", "Persian", "ly rzyy"),
            ("王伟", "Chinese", "wang wei"),
            ("Nguyễn Thị Lan", "Vietnamese", "nguyen thi lan"),
            ("ሰላም", "Amharic/Tigrinya (Ethiopic)", "salaame"),
            ("Лан", "Cyrillic", "lan"),
        ];
        for (name, script, latin) in cases {
            assert_eq!(script_of(name), Some(script), "{name}");
            assert_eq!(words(name).join(" "), latin, "{name}");
        }
        assert_eq!(script_of("Jose Hernandez"), None);
    }

    #[test]
    fn skeletons_let_vowelless_transliterations_compare() {
        assert_eq!(skeleton("muhammad"), "mhmd");
        assert_eq!(skeleton("mhmd"), "mhmd");
        assert_eq!(skeleton("aamaanueele"), skeleton("amanuel"));
    }
}
