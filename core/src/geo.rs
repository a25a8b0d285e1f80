//! Countries (ISO 3166-1, via the `celes` crate) and US states (USPS codes).
//!
//! People type "Russia", "RU", "russian federation" or "El Salvador"; we store the alpha-2
//! code and show a short English name.

use celes::Country;
use unicode_normalization::UnicodeNormalization;

use crate::error::{Error, Result};

/// Parses a country as an ISO 3166-1 alpha-2 or alpha-3 code, or an English name or common
/// alias, in any case. Returns the alpha-2 code.
pub fn country(field: &str, input: &str) -> Result<&'static str> {
    let value = input.trim();
    let invalid = || {
        Error::invalid(field, "must be a country: an ISO 3166 code such as SV, or an English name such as El Salvador")
    };
    if value.is_empty() {
        return Err(invalid());
    }
    // "Côte d'Ivoire" and "Cote dIvoire" fold alike: decompose, drop accents and punctuation.
    let folded: String = value.nfd().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_lowercase();
    let folded = match folded.as_str() {
        // Names people use that celes does not list as aliases.
        "vietnam" | "vietnamsocialistrepublic" => "vn".to_string(),
        "bolivia" => "bo".to_string(),
        "syria" => "sy".to_string(),
        "laos" => "la".to_string(),
        "tanzania" => "tz".to_string(),
        "drc" | "drcongo" | "congokinshasa" => "cd".to_string(),
        "congobrazzaville" | "republicofthecongo" => "cg".to_string(),
        "usa" | "us" | "unitedstates" | "america" => "us".to_string(),
        "uk" => "gb".to_string(),
        "burma" => "mm".to_string(),
        "ivorycoast" | "cotedivoire" => "ci".to_string(),
        "turkey" | "turkiye" => "tr".to_string(),
        "capeverde" => "cv".to_string(),
        "swaziland" => "sz".to_string(),
        "easttimor" => "tl".to_string(),
        _ => folded,
    };
    let found = match folded.len() {
        2 => Country::from_alpha2(&folded).ok(),
        3 => Country::from_alpha3(&folded).ok().or_else(|| by_name(&folded)),
        _ => by_name(&folded),
    };
    found.map(|c| c.alpha2).ok_or_else(invalid)
}

fn by_name(folded: &str) -> Option<Country> {
    let without_the = folded.strip_prefix("the").unwrap_or(folded);
    Country::from_name(folded)
        .or_else(|_| Country::from_alias(folded))
        .or_else(|_| Country::from_name(format!("the{without_the}")))
        .or_else(|_| Country::from_alias(without_the))
        .ok()
}

/// A short English name for a stored alpha-2 code (the code itself if unknown).
pub fn country_name(alpha2: &str) -> String {
    let short = match alpha2 {
        "BO" => "Bolivia",
        "CD" => "Democratic Republic of the Congo",
        "CG" => "Republic of the Congo",
        "CI" => "Côte d'Ivoire",
        "FM" => "Micronesia",
        "GB" => "United Kingdom",
        "IR" => "Iran",
        "KP" => "North Korea",
        "KR" => "South Korea",
        "LA" => "Laos",
        "MD" => "Moldova",
        "MK" => "North Macedonia",
        "PS" => "Palestine",
        "RU" => "Russia",
        "SY" => "Syria",
        "TW" => "Taiwan",
        "TZ" => "Tanzania",
        "US" => "United States",
        "VE" => "Venezuela",
        "VN" => "Vietnam",
        "TR" => "Türkiye",
        "VA" => "Holy See",
        _ => "",
    };
    if !short.is_empty() {
        return short.to_string();
    }
    match Country::from_alpha2(alpha2) {
        Ok(c) => c.long_name.strip_prefix("The ").unwrap_or(c.long_name).to_string(),
        Err(_) => alpha2.to_string(),
    }
}

/// Every ISO 3166-1 alpha-2 code, ordered by the name [`country_name`] gives it.
pub fn country_codes() -> Vec<&'static str> {
    let mut codes: Vec<(&'static str, String)> =
        Country::get_countries().iter().map(|c| (c.alpha2, country_name(c.alpha2))).collect();
    codes.sort_by(|a, b| a.1.cmp(&b.1));
    codes.dedup_by(|a, b| a.0 == b.0);
    codes.into_iter().map(|(code, _)| code).collect()
}

/// USPS codes and names: the 50 states, DC, and the territories whose residents appear in
/// immigration court.
pub const US_STATES: &[(&str, &str)] = &[
    ("AL", "Alabama"),
    ("AK", "Alaska"),
    ("AZ", "Arizona"),
    ("AR", "Arkansas"),
    ("CA", "California"),
    ("CO", "Colorado"),
    ("CT", "Connecticut"),
    ("DE", "Delaware"),
    ("DC", "District of Columbia"),
    ("FL", "Florida"),
    ("GA", "Georgia"),
    ("HI", "Hawaii"),
    ("ID", "Idaho"),
    ("IL", "Illinois"),
    ("IN", "Indiana"),
    ("IA", "Iowa"),
    ("KS", "Kansas"),
    ("KY", "Kentucky"),
    ("LA", "Louisiana"),
    ("ME", "Maine"),
    ("MD", "Maryland"),
    ("MA", "Massachusetts"),
    ("MI", "Michigan"),
    ("MN", "Minnesota"),
    ("MS", "Mississippi"),
    ("MO", "Missouri"),
    ("MT", "Montana"),
    ("NE", "Nebraska"),
    ("NV", "Nevada"),
    ("NH", "New Hampshire"),
    ("NJ", "New Jersey"),
    ("NM", "New Mexico"),
    ("NY", "New York"),
    ("NC", "North Carolina"),
    ("ND", "North Dakota"),
    ("OH", "Ohio"),
    ("OK", "Oklahoma"),
    ("OR", "Oregon"),
    ("PA", "Pennsylvania"),
    ("RI", "Rhode Island"),
    ("SC", "South Carolina"),
    ("SD", "South Dakota"),
    ("TN", "Tennessee"),
    ("TX", "Texas"),
    ("UT", "Utah"),
    ("VT", "Vermont"),
    ("VA", "Virginia"),
    ("WA", "Washington"),
    ("WV", "West Virginia"),
    ("WI", "Wisconsin"),
    ("WY", "Wyoming"),
    ("PR", "Puerto Rico"),
    ("GU", "Guam"),
    ("VI", "U.S. Virgin Islands"),
    ("AS", "American Samoa"),
    ("MP", "Northern Mariana Islands"),
];

/// Parses a US state as a USPS code or its name, in any case. Returns the code.
pub fn us_state(field: &str, input: &str) -> Result<&'static str> {
    let folded = crate::validate::fold_key(input).replace('.', "");
    let found = US_STATES
        .iter()
        .find(|(code, name)| code.eq_ignore_ascii_case(&folded) || name.replace('.', "").to_lowercase() == folded);
    match found {
        Some((code, _)) => Ok(code),
        None if folded == "washington dc" || folded == "washington, dc" => Ok("DC"),
        None => Err(Error::invalid(field, "must be a US state: a USPS code such as NY or a name such as New York")),
    }
}

pub fn state_name(code: &str) -> &str {
    US_STATES.iter().find(|(c, _)| *c == code).map_or(code, |(_, name)| name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries_parse_from_codes_names_and_aliases_to_alpha2() {
        let cases = [
            ("SV", "SV"),
            ("sv", "SV"),
            ("El Salvador", "SV"),
            ("el salvador", "SV"),
            ("SLV", "SV"),
            ("VN", "VN"),
            ("Vietnam", "VN"),
            ("Viet Nam", "VN"),
            ("Russia", "RU"),
            ("Russian Federation", "RU"),
            ("Guatemala", "GT"),
            ("Honduras", "HN"),
            ("Mexico", "MX"),
            ("Haiti", "HT"),
            ("Venezuela", "VE"),
            ("Afghanistan", "AF"),
            ("Cameroon", "CM"),
            ("Senegal", "SN"),
            ("Iran", "IR"),
            ("Syria", "SY"),
            ("Democratic Republic of the Congo", "CD"),
            ("Ivory Coast", "CI"),
            ("Côte d'Ivoire", "CI"),
            ("Bolivia", "BO"),
            ("China", "CN"),
            ("Ukraine", "UA"),
            ("Eritrea", "ER"),
            ("Turkey", "TR"),
        ];
        for (input, code) in cases {
            assert_eq!(country("country", input).expect(input), code, "input {input:?}");
        }
    }

    #[test]
    fn unknown_countries_are_refused_naming_the_field() {
        for bad in ["", "XX", "Atlantis", "12", "ZZZ"] {
            assert_eq!(country("country_of_origin", bad).expect_err(bad).field(), Some("country_of_origin"));
        }
    }

    #[test]
    fn country_names_read_naturally() {
        assert_eq!(country_name("RU"), "Russia");
        assert_eq!(country_name("SV"), "El Salvador");
        assert_eq!(country_name("VN"), "Vietnam");
        assert_eq!(country_name("GT"), "Guatemala");
    }

    #[test]
    fn states_parse_from_codes_and_names() {
        let cases = [
            ("NY", "NY"),
            ("ny", "NY"),
            ("New York", "NY"),
            (" new  york ", "NY"),
            ("CA", "CA"),
            ("District of Columbia", "DC"),
            ("Puerto Rico", "PR"),
            ("texas", "TX"),
        ];
        for (input, code) in cases {
            assert_eq!(us_state("state_of_residence", input).expect(input), code);
        }
        for bad in ["", "XX", "New Yrok", "Ontario"] {
            assert_eq!(us_state("state_of_residence", bad).expect_err(bad).field(), Some("state_of_residence"));
        }
        assert_eq!(US_STATES.len(), 56);
    }
}
