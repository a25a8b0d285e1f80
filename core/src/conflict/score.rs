//! How alike two names are: each word of one paired with its likeliest word in the other,
//! scored by the well-kept measures (equal after folding, Double Metaphone, Jaro–Winkler) and
//! the consonant skeleton; the pairs combine into one score with reasons in words. This file
//! is the only hand-written part of the matching: the combination, not the measures.

use super::name::{Name, Word};

/// How two words matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum How {
    Same,
    /// "J." for "José".
    Initial,
    /// The same Double Metaphone key: romanisation variants (Aleksei/Alexey, -ov/-off).
    Sound,
    /// The same consonants: a name transliterated without its vowels (Arabic, Persian).
    Skeleton,
    /// A close spelling (Jaro–Winkler ≥ 0.9).
    Spelling,
}

/// What the two names are written in decides which likenesses count.
#[derive(Debug, Clone, Copy)]
pub struct Scripts {
    /// Either name was transliterated from another script: its vowels are unreliable, so the
    /// consonant skeleton counts.
    pub transliterated: bool,
    /// Both are written in Vietnamese with its diacritics: its spelling is fixed, so only the
    /// same word counts (Hùng and Hương are different names).
    pub both_vietnamese: bool,
}

/// The likeness of two words in [0, 1], and how, or `None` when they are different words.
pub fn words(a: &Word, b: &Word, scripts: Scripts) -> Option<(f64, How)> {
    if a.text == b.text {
        return Some((1.0, How::Same));
    }
    let (short, long) = if a.text.len() <= b.text.len() { (a, b) } else { (b, a) };
    if short.text.len() == 1 {
        return long.text.starts_with(&short.text).then_some((0.85, How::Initial));
    }
    if a.without_article() == Some(b.text.as_str()) || b.without_article() == Some(a.text.as_str()) {
        return Some((0.95, How::Same));
    }
    if scripts.both_vietnamese {
        return None;
    }
    // Short words differ by a vowel more often than they are variants (Minh and Manh).
    let short_word = short.text.len() <= 4;
    let vowelless = |w: &Word| !w.text.contains(['a', 'e', 'i', 'o', 'u']);
    if !a.skeleton.is_empty()
        && a.skeleton == b.skeleton
        && (vowelless(a) || vowelless(b) || (scripts.transliterated && !short_word && a.skeleton.len() >= 3))
    {
        return Some((0.9, How::Skeleton));
    }
    // Jaro–Winkler favours a shared beginning: "hernandez" is not "hernandezlopez".
    if long.text.len() >= short.text.len() + 3 && long.text.len() * 10 > short.text.len() * 13 {
        return None;
    }
    let jw = strsim::jaro_winkler(&a.text, &b.text);
    // Short words need a close spelling as well as the same sound.
    let sounds = a.sounds.iter().any(|s| !s.is_empty() && b.sounds.contains(s));
    if sounds && (!short_word || jw >= 0.9) {
        return Some((jw.clamp(0.92, 0.97), How::Sound));
    }
    if jw >= 0.9 {
        return Some((jw.min(0.97), How::Spelling));
    }
    None
}

/// The likeness of two names, with how their words paired.
#[derive(Debug, Clone)]
pub struct NameScore {
    pub score: f64,
    pub hows: Vec<How>,
    /// The paired words are in another order in one name than in the other.
    pub reordered: bool,
    /// Words of the longer name that nothing in the other matched (a middle name, a second
    /// surname).
    pub missing: usize,
}

/// The best likeness of two names over the ways each may be written ([`Name::forms`]): the
/// first form of one against every form of the other, and the other way round.
pub fn names(query: &Name, target: &Name) -> Option<NameScore> {
    let scripts = Scripts {
        transliterated: [query.script, target.script].iter().any(|s| s.is_some_and(|s| s != "Vietnamese")),
        both_vietnamese: query.script == Some("Vietnamese") && target.script == Some("Vietnamese"),
    };
    let mut best: Option<NameScore> = None;
    let mut consider = |q: &[Word], t: &[Word]| {
        if let Some(s) = forms(q, t, scripts)
            && best.as_ref().is_none_or(|b| s.score > b.score)
        {
            best = Some(s);
        }
    };
    let (q0, t0) = (query.words(), target.words());
    for t in &target.forms {
        consider(q0, t);
    }
    for q in query.forms.iter().skip(1) {
        consider(q, t0);
    }
    best
}

/// Words of one form matched with the likeliest words of the other, best pairs first, each
/// word used once.
fn forms(query: &[Word], target: &[Word], scripts: Scripts) -> Option<NameScore> {
    let (n, m) = (query.len(), target.len());
    if n == 0 || m == 0 {
        return None;
    }
    let mut pairs = Vec::with_capacity(n * m);
    for (i, q) in query.iter().enumerate() {
        for (j, t) in target.iter().enumerate() {
            if let Some((sim, how)) = words(q, t, scripts) {
                pairs.push((sim, how, i, j));
            }
        }
    }
    if pairs.is_empty() {
        return None;
    }
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let (mut used_q, mut used_t) = (vec![false; n], vec![false; m]);
    let mut chosen = Vec::new();
    for (sim, how, i, j) in pairs {
        if !used_q[i] && !used_t[j] {
            used_q[i] = true;
            used_t[j] = true;
            chosen.push((sim, how, i, j));
        }
    }
    // Initials alone identify nobody.
    if chosen.iter().all(|c| c.1 == How::Initial) {
        return None;
    }
    let shorter = n.min(m);
    let sum: f64 = chosen.iter().map(|c| c.0).sum();
    let mut score = sum / shorter as f64;
    let missing = n.max(m) - chosen.len();
    // A missing middle name or second surname costs a little; more than two, more.
    score -= 0.03 * (n.max(m) - shorter) as f64;
    if shorter == 1 {
        // One word cannot tell two people apart ("Mohammed", "Wei").
        score *= 0.75;
    }
    let mut by_query = chosen.clone();
    by_query.sort_by_key(|c| c.2);
    let reordered = by_query.windows(2).any(|w| w[0].3 > w[1].3);
    Some(NameScore { score: score.clamp(0.0, 1.0), hows: chosen.iter().map(|c| c.1).collect(), reordered, missing })
}

#[cfg(test)]
mod tests {
    use rphonetic::DoubleMetaphone;

    use super::*;

    fn score(a: &str, b: &str) -> f64 {
        let dm = DoubleMetaphone::new(None);
        names(&Name::new(a, &dm), &Name::new(b, &dm)).map_or(0.0, |s| s.score)
    }

    #[test]
    fn the_issues_examples_score_high() {
        for (a, b) in [
            ("José María Hernández López", "Jose Hernandez"),
            ("José María Hernández López", "Hernández López, José M."),
            ("Алексей Смирнов", "Alexey Smirnoff"),
            ("Nguyễn Thị Lan", "Lan Nguyen"),
            ("Mohammed Al-Hassan", "Muhammad Alhasan"),
            ("王伟", "Wang Wei"),
        ] {
            let s = score(a, b);
            assert!(s >= 0.8, "{a} / {b}: {s}");
        }
    }

    #[test]
    fn different_people_with_a_shared_name_score_low() {
        for (a, b) in
            [("José Martínez", "José Hernández"), ("Nguyen Van Minh", "Nguyen Van Manh"), ("Wang Wei", "Wang Fang")]
        {
            let s = score(a, b);
            assert!(s < 0.8, "{a} / {b}: {s}");
        }
    }
}
