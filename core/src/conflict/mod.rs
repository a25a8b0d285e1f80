//! Conflict checks: is this person already a client, a party or one of our volunteers,
//! under any spelling or script? The same matching finds duplicate clients.
//!
//! Names are transliterated and folded ([`name`]), compared word by word ([`score`]), and
//! each match carries a score in [0, 1] and its reasons in words. An A-number match is a
//! match whatever the names say; a date of birth that agrees raises the score, one that
//! disagrees lowers it. docs/conflict-checks.md explains the method, the threshold and the
//! known limits.

pub mod name;
pub mod score;

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use rphonetic::DoubleMetaphone;
use serde::Serialize;

use crate::error::Result;
use name::Name;
use score::How;

/// Matches below this score are not shown unless the program's settings say otherwise.
pub const DEFAULT_THRESHOLD: f64 = 0.8;

/// Who a person is to the program.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Client,
    Party,
    Volunteer,
}

/// A person the check searches.
#[derive(Debug, Clone)]
pub struct Person {
    pub kind: Kind,
    pub id: String,
    pub name: String,
    /// Other names on record (aliases, maiden names).
    pub other_names: Vec<String>,
    /// Nine digits, when known.
    pub a_number: Option<String>,
    /// YYYY-MM-DD, when known.
    pub date_of_birth: Option<String>,
    /// Case references of the person's matters.
    pub matters: Vec<String>,
    /// A party's role on its matter, as people read it ("Adverse party").
    pub role: Option<String>,
}

/// What is searched for: a name, and an A-number and date of birth when known.
#[derive(Debug, Clone, Default)]
pub struct Query {
    pub name: String,
    pub a_number: Option<String>,
    pub date_of_birth: Option<String>,
}

/// One person found, with how sure and why.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize)]
pub struct Match {
    pub kind: Kind,
    pub id: String,
    pub name: String,
    pub score: f64,
    pub reasons: Vec<String>,
    pub matters: Vec<String>,
    /// A party's role on its matter ("Adverse party"); null for clients and volunteers.
    pub role: Option<String>,
}

/// Two clients who are likely one person.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize)]
pub struct Duplicate {
    /// The one recorded first (the one to keep, unless the person knows better).
    pub first: Side,
    pub second: Side,
    pub score: f64,
    pub reasons: Vec<String>,
}

/// One client of a likely duplicate pair.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize)]
pub struct Side {
    pub id: String,
    pub name: String,
    pub matters: Vec<String>,
}

impl Side {
    fn of(person: &Person) -> Side {
        Side { id: person.id.clone(), name: person.name.clone(), matters: person.matters.clone() }
    }
}

struct Entry {
    person: Person,
    names: Vec<Name>,
}

/// The people of a vault, ready to search: each name transliterated and keyed once.
pub struct Index {
    entries: Vec<Entry>,
    /// Word keys (hashes of the word, its sounds, its skeleton, its close spellings, see
    /// [`keys`]) → entries, in entry order.
    keys: HashMap<u64, Vec<u32>>,
    a_numbers: HashMap<String, Vec<u32>>,
    metaphone: DoubleMetaphone,
}

impl Index {
    pub fn new(people: Vec<Person>) -> Index {
        let metaphone = DoubleMetaphone::new(None);
        let mut index = Index {
            entries: Vec::with_capacity(people.len()),
            keys: HashMap::new(),
            a_numbers: HashMap::new(),
            metaphone,
        };
        for person in people {
            let at = index.entries.len() as u32;
            let names: Vec<Name> = std::iter::once(&person.name)
                .chain(person.other_names.iter())
                .map(|n| Name::new(n, &index.metaphone))
                .collect();
            for name in &names {
                for word in name.forms.iter().flatten() {
                    for key in keys(word) {
                        let list = index.keys.entry(key).or_default();
                        if list.last() != Some(&at) {
                            list.push(at);
                        }
                    }
                }
            }
            if let Some(a) = &person.a_number {
                index.a_numbers.entry(a.clone()).or_default().push(at);
            }
            index.entries.push(Entry { person, names });
        }
        index
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entries worth scoring for a name (see the comment inside), sorted, once each;
    /// only entries after `after` when it is given (duplicates compare each pair once).
    fn candidates(
        &self,
        wanted: &Name,
        a_number: Option<&str>,
        threshold: f64,
        after: Option<u32>,
        tally: &mut Tally,
        out: &mut Vec<u32>,
    ) {
        // Each distinct word of the query (in any of its forms) votes once for every entry it
        // can match. Every word of the shorter name must match for a score of 0.8 (an unmatched
        // word counts 0), so above 0.5 an entry needs the votes of two words when the query has
        // two words that can vote (initials cannot): most entries sharing only a common given
        // name are never scored. Votes are counted in arrays indexed by entry (no sorting of
        // the long lists common words and endings bring).
        out.clear();
        tally.fit(self.entries.len());
        let mut voters: Vec<&str> =
            wanted.forms.iter().flatten().map(|w| w.text.as_str()).filter(|t| t.len() > 1).collect();
        voters.sort_unstable();
        voters.dedup();
        let primary_voters = wanted.words().iter().filter(|w| w.text.len() > 1).count();
        let needed: u8 = if threshold > 0.5 && primary_voters >= 2 { 2 } else { 1 };
        let query = tally.next_token();
        for text in &voters {
            let voter = tally.next_token();
            let Some(word) = wanted.forms.iter().flatten().find(|w| w.text == *text) else { continue };
            for key in keys(word) {
                let Some(list) = self.keys.get(&key) else { continue };
                // Each list is in entry order: skip the entries at or before `after` at once.
                let from = after.map_or(0, |a| list.partition_point(|&x| x <= a));
                for &x in &list[from..] {
                    let at = x as usize;
                    if tally.voter[at] == voter {
                        continue;
                    }
                    tally.voter[at] = voter;
                    if tally.query[at] != query {
                        tally.query[at] = query;
                        tally.votes[at] = 0;
                    }
                    tally.votes[at] = tally.votes[at].saturating_add(1);
                    if tally.votes[at] == needed {
                        out.push(x);
                    }
                }
            }
        }
        if let Some(a) = a_number
            && let Some(list) = self.a_numbers.get(a)
        {
            out.extend(list.iter().filter(|&&x| after.is_none_or(|after| x > after)));
        }
        out.sort_unstable();
        out.dedup();
    }

    /// Likely duplicate clients: each pair once, the one recorded first as `first`, highest
    /// score first. The clients are shared out among the computer's cores.
    pub fn duplicates(&self, threshold: f64) -> Vec<Duplicate> {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(8);
        let mut out: Vec<Duplicate> = std::thread::scope(|scope| {
            let workers: Vec<_> =
                (0..threads).map(|t| scope.spawn(move || self.duplicates_of(threshold, t, threads))).collect();
            workers.into_iter().flat_map(|w| w.join().expect("a duplicates worker panicked")).collect()
        });
        out.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| a.first.name.cmp(&b.first.name))
                .then_with(|| a.first.id.cmp(&b.first.id))
                .then_with(|| a.second.id.cmp(&b.second.id))
        });
        out
    }

    /// The pairs whose first client is every `step`-th from `first` (entries later in the
    /// list are fewer to compare with, so taking every n-th shares the work evenly).
    fn duplicates_of(&self, threshold: f64, first: usize, step: usize) -> Vec<Duplicate> {
        let mut out = Vec::new();
        let mut tally = Tally::default();
        let mut candidates = Vec::new();
        for (i, entry) in self.entries.iter().enumerate().skip(first).step_by(step) {
            if entry.person.kind != Kind::Client {
                continue;
            }
            let Some(wanted) = entry.names.first() else { continue };
            let a_number = entry.person.a_number.as_deref();
            self.candidates(wanted, a_number, threshold, Some(i as u32), &mut tally, &mut candidates);
            for &j in &candidates {
                let other = &self.entries[j as usize];
                if other.person.kind != Kind::Client {
                    continue;
                }
                if let Some(m) = judge(wanted, a_number, entry.person.date_of_birth.as_deref(), other)
                    && m.score >= threshold
                {
                    out.push(Duplicate {
                        first: Side::of(&entry.person),
                        second: Side::of(&other.person),
                        score: m.score,
                        reasons: m.reasons,
                    });
                }
            }
        }
        out
    }

    /// The people matching `query` at or above `threshold`, highest score first.
    pub fn search(&self, query: &Query, threshold: f64) -> Result<Vec<Match>> {
        let name = crate::validate::name("name", &query.name)?;
        let a_number = query.a_number.as_deref().map(|a| crate::validate::a_number("a_number", a)).transpose()?;
        let dob = query
            .date_of_birth
            .as_deref()
            .map(|d| crate::validate::date("dob", d).map(|d| d.to_string()))
            .transpose()?;
        let wanted = Name::new(&name, &self.metaphone);
        let mut candidates = Vec::new();
        self.candidates(&wanted, a_number.as_deref(), threshold, None, &mut Tally::default(), &mut candidates);
        let mut found: Vec<Match> = candidates
            .into_iter()
            .filter_map(|at| {
                let entry = &self.entries[at as usize];
                judge(&wanted, a_number.as_deref(), dob.as_deref(), entry)
            })
            .filter(|m| m.score >= threshold)
            .collect();
        found.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.name.cmp(&b.name)));
        Ok(found)
    }
}

/// Vote counts per entry for [`Index::candidates`], reused from one query to the next: a
/// slot counts for the current query (or voter) only when it carries its token, so nothing
/// is cleared between queries.
#[derive(Default)]
struct Tally {
    query: Vec<u32>,
    voter: Vec<u32>,
    votes: Vec<u8>,
    token: u32,
}

impl Tally {
    fn fit(&mut self, len: usize) {
        if self.query.len() != len {
            *self = Tally { query: vec![0; len], voter: vec![0; len], votes: vec![0; len], token: 0 };
        }
    }

    fn next_token(&mut self) -> u32 {
        if self.token == u32::MAX {
            self.query.fill(0);
            self.voter.fill(0);
            self.token = 0;
        }
        self.token += 1;
        self.token
    }
}

/// The keys an entry is found by: a word shares at least one with every word it can match
/// (the word, its Double Metaphone keys, its consonant skeleton, its first letter and ending,
/// and for longer words the word less any one letter); single letters are not keys (an
/// initial alone finds nobody). A key is a hash of its text: two texts that happen to share
/// a hash only bring one more person to score, never one fewer.
fn keys(word: &name::Word) -> Vec<u64> {
    let mut out = Vec::with_capacity(8 + word.text.len());
    if word.text.len() <= 1 {
        return out;
    }
    let mut text = String::with_capacity(word.text.len() + 2);
    let mut key = |tag: char, parts: &[&str]| {
        text.clear();
        text.push(tag);
        parts.iter().for_each(|p| text.push_str(p));
        let mut hasher = std::hash::DefaultHasher::new();
        text.hash(&mut hasher);
        out.push(hasher.finish());
    };
    key('w', &[&word.text]);
    if let Some(rest) = word.without_article() {
        key('w', &[rest]);
    }
    for s in word.sounds.iter().filter(|s| !s.is_empty()) {
        key('s', &[s]);
    }
    if !word.skeleton.is_empty() {
        key('k', &[&word.skeleton]);
    }
    // Close spellings by Jaro–Winkler, which weighs the beginning, mostly share their first
    // letter and their ending (Yonas and Yohannes, Diallo and Djallo). The first letter keeps
    // the key narrow (endings alone, -ez, -ova, -ana, are shared by a tenth of a clinic's
    // names); a silent h is written or left out (Hernández and Ernández, Humberto and
    // Umberto), so such a word is also keyed by its second letter. The text is ASCII.
    if word.text.len() >= 5 {
        let ending = &word.text[word.text.len() - 3..];
        key('e', &[&word.text[..1], ending]);
        if word.text.starts_with('h') {
            key('e', &[&word.text[1..2], ending]);
        }
    }
    // Close spellings that sound different (Marvin and Marbin, Lopes and Lopez) are one
    // letter apart: such words share a "deletion" key, the word itself or the word less one
    // of its letters (Marvin and Marbin share "marin"). Words under five letters have too
    // many neighbours to be worth it (their sounds find them); a four-letter word is still
    // found from a five-letter one (Jose, Josue).
    if word.text.len() >= 4 {
        key('d', &[&word.text]);
    }
    if word.text.len() >= 5 {
        for at in 0..word.text.len() {
            key('d', &[&word.text[..at], &word.text[at + 1..]]);
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

fn judge(wanted: &Name, a_number: Option<&str>, dob: Option<&str>, entry: &Entry) -> Option<Match> {
    let person = &entry.person;
    let best = entry
        .names
        .iter()
        .enumerate()
        .filter_map(|(i, n)| score::names(wanted, n).map(|s| (i, n, s)))
        .max_by(|a, b| a.2.score.total_cmp(&b.2.score));
    let same_a = a_number.is_some() && a_number == person.a_number.as_deref();
    let mut reasons = Vec::new();
    let mut score = match &best {
        Some((i, target, s)) => {
            reasons.extend(name_reasons(wanted, target, s, *i > 0));
            s.score
        }
        None => 0.0,
    };
    if same_a {
        reasons.insert(0, "same A-number".to_owned());
        score = 1.0;
    } else if best.is_none() {
        return None;
    }
    if let (Some(ours), Some(theirs)) = (dob, person.date_of_birth.as_deref()) {
        if ours == theirs {
            reasons.push("same date of birth".to_owned());
            score = (score + 0.05).min(1.0);
        } else {
            reasons.push("different date of birth".to_owned());
            if !same_a {
                score -= 0.25;
            }
        }
    }
    Some(Match {
        kind: person.kind,
        id: person.id.clone(),
        name: person.name.clone(),
        score: (score.clamp(0.0, 1.0) * 100.0).round() / 100.0,
        reasons,
        matters: person.matters.clone(),
        role: person.role.clone(),
    })
}

fn name_reasons(wanted: &Name, target: &Name, s: &score::NameScore, other_name: bool) -> Vec<String> {
    let mut out = Vec::new();
    let all_same = s.hows.iter().all(|h| *h == How::Same);
    let script = wanted.script.or(target.script).filter(|sc| *sc != "Vietnamese" || wanted.script != target.script);
    let scripts_differ = wanted.script != target.script;
    if wanted.as_written == target.as_written {
        out.push("same name".to_owned());
    } else if let Some(script) = script.filter(|_| scripts_differ) {
        out.push(format!("name matches after transliteration from {script}"));
    } else if all_same {
        out.push("same name, apart from case, accents and punctuation".to_owned());
    }
    if other_name {
        out.push("matches another name on record".to_owned());
    }
    if s.reordered {
        out.push("the names are in another order".to_owned());
    }
    if s.hows.contains(&How::Initial) {
        out.push("an initial matches a full name".to_owned());
    }
    if s.hows.contains(&How::Sound) {
        out.push("a name is a known spelling variant (sounds the same)".to_owned());
    }
    if s.hows.contains(&How::Skeleton) {
        out.push("a name matches written without its vowels".to_owned());
    }
    if s.hows.contains(&How::Spelling) {
        out.push("a name is spelled slightly differently".to_owned());
    }
    if s.missing > 0 {
        out.push("one has a name the other lacks (a middle name or a second surname)".to_owned());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client(id: &str, name: &str) -> Person {
        Person {
            kind: Kind::Client,
            id: id.into(),
            name: name.into(),
            other_names: vec![],
            a_number: None,
            date_of_birth: None,
            matters: vec![],
            role: None,
        }
    }

    fn fixture(name: &str) -> Vec<Vec<String>> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/conflicts").join(name);
        std::fs::read_to_string(path)
            .expect("fixture")
            .lines()
            .skip(1)
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(|l| l.split('\t').map(str::to_owned).collect())
            .collect()
    }

    /// The keys and votes only narrow whom the check scores: for every query of the
    /// hand-written set (variants and absent people, core/tests/fixtures/conflicts), the
    /// index shows every person that scoring the whole roster would show, except a match that
    /// rests on an initial or on a word of three letters or fewer (those have no spelling
    /// keys: "Li" and "Lin" are a close spelling by score, and an initial finds nobody).
    #[test]
    fn the_index_shows_what_scoring_everyone_would_show() {
        let people: Vec<Person> = fixture("roster.tsv").iter().map(|r| client(&r[0], &r[2])).collect();
        let index = Index::new(people);
        let queries: Vec<String> =
            fixture("variants.tsv").into_iter().chain(fixture("absent.tsv")).map(|r| r[0].clone()).collect();
        assert!(queries.len() > 500, "the fixture holds {} queries", queries.len());
        let short = |name: &Name| name.words().iter().any(|w| w.text.len() <= 3);
        let (mut shown, mut unscored) = (0, 0);
        for name in &queries {
            let wanted = Name::new(name, &index.metaphone);
            let query = Query { name: name.clone(), ..Query::default() };
            let found: Vec<String> =
                index.search(&query, DEFAULT_THRESHOLD).expect("a valid query").into_iter().map(|m| m.id).collect();
            for entry in &index.entries {
                let Some(m) = judge(&wanted, None, None, entry).filter(|m| m.score >= DEFAULT_THRESHOLD) else {
                    continue;
                };
                if found.contains(&entry.person.id) {
                    shown += 1;
                    continue;
                }
                let excused = m.reasons.iter().any(|r| r.contains("an initial"))
                    || short(&wanted)
                    || entry.names.iter().any(short);
                assert!(
                    excused,
                    "{name}: scoring shows {} ({:.2}, {:?}) but the index did not",
                    entry.person.name, m.score, m.reasons
                );
                unscored += 1;
            }
        }
        assert!(shown > 400, "only {shown} matches shown over all queries");
        assert!(unscored < shown / 20, "{unscored} matches left unscored against {shown} shown");
    }

    /// The keys only narrow what is scored: a close spelling the score shows must be found.
    #[test]
    fn close_spellings_are_found_through_the_keys() {
        let on_record = [
            "José Hernández",
            "Mamadou Diallo",
            "Oksana Hrytsenko",
            "Umberto Ortiz",
            "Ali Hosseini",
            "Fatima Ouedraogo",
        ];
        let typed = [
            "Ernandez, Jose",
            "Mamadou Djallo",
            "Oksana Hritsenko",
            "Ortiz Humberto",
            "Osseini Ali",
            "Wedraogo, Fatima",
        ];
        let index = Index::new(on_record.iter().enumerate().map(|(i, n)| client(&i.to_string(), n)).collect());
        for (i, name) in typed.iter().enumerate() {
            let query = Query { name: name.to_string(), ..Query::default() };
            let found = index.search(&query, DEFAULT_THRESHOLD).expect("a valid query");
            assert!(found.iter().any(|m| m.id == i.to_string()), "{name} did not find {}: {found:?}", on_record[i]);
        }
    }
}
