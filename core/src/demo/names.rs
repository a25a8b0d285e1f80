//! Fictional people for the demo clinic. Names are common ones for each country, combined
//! at random: any likeness to a real person is a coincidence of common names.

/// A country of origin: ISO code, languages spoken, given names, family names.
pub(super) type Origin = (&'static str, &'static [&'static str], &'static [&'static str], &'static [&'static str]);

/// (ISO code, languages spoken, given names, family names). Languages are chosen so that
/// the program's clients speak exactly the 19 languages of the demo's impact report.
pub(super) const COUNTRIES: &[Origin] = &[
    (
        "SV",
        &["Spanish"],
        &["María José", "José Luis", "Ana Gabriela", "Carlos Ernesto", "Karla", "Wilfredo"],
        &["Hernández", "Martínez", "Rivas", "Peña", "Alvarado", "Guzmán"],
    ),
    (
        "GT",
        &["K'iche'", "Mam", "Q'anjob'al", "Spanish"],
        &["Juana", "Pedro", "Rosa Elena", "Domingo", "Catarina", "Baltazar"],
        &["Xol Caal", "Tzoc", "Ixcoy", "Pérez Ramírez", "Bám", "Cux"],
    ),
    (
        "HN",
        &["Spanish"],
        &["Dilcia", "Elvin", "Yesenia", "Marvin", "Suyapa", "Óscar"],
        &["Banegas", "Zelaya", "Mejía", "Cálix", "Ordóñez"],
    ),
    (
        "MX",
        &["Spanish"],
        &["Guadalupe", "Jesús", "Itzel", "Rogelio", "Xóchitl"],
        &["Ramírez", "Chávez", "Ibarra", "Núñez", "Treviño"],
    ),
    (
        "VE",
        &["Spanish"],
        &["Yulimar", "Andrés", "Génesis", "Luis Alejandro", "Mariángel"],
        &["Rondón", "Quintero", "Briceño", "Peñaloza", "Useche"],
    ),
    (
        "HT",
        &["Haitian Creole", "French"],
        &["Jean-Baptiste", "Marie-Ange", "Wilner", "Guerda", "Fritznel"],
        &["Pierre", "Joseph", "Saint-Fleur", "Desrosiers", "Toussaint"],
    ),
    ("CU", &["Spanish"], &["Yoandry", "Yanelis", "Reinier", "Dayamí"], &["Cabrera", "Ferrer", "Valdés", "Echevarría"]),
    ("NI", &["Spanish"], &["Jazmina", "Byron", "Fátima", "Yáder"], &["Obando", "Sandino", "Téllez", "Rugama"]),
    ("CO", &["Spanish"], &["Yeison", "Luz Dary", "Jhon Fredy", "Ángela"], &["Muñoz", "Ospina", "Cárdenas", "Zuluaga"]),
    ("EC", &["Spanish"], &["Segundo", "Mayra", "Klever", "Jessenia"], &["Quishpe", "Guamán", "Chiluisa", "Yánez"]),
    ("PE", &["Spanish"], &["Rosa", "Edwin", "Maribel", "Percy"], &["Quispe", "Mamani", "Huamán", "Condori"]),
    (
        "BR",
        &["Portuguese"],
        &["João", "Conceição", "Thiago", "Luana"],
        &["Gonçalves", "Araújo", "Conceição", "Magalhães"],
    ),
    (
        "AF",
        &["Dari"],
        &["Mohammad Nabi", "Farzana", "Abdul Wahid", "Zarghona", "Hamid"],
        &["Ahmadzai", "Karimi", "Sultani", "Noori", "Haidari"],
    ),
    ("CM", &["French"], &["Ngozi", "Achille", "Brigitte", "Hervé"], &["Mbarga", "Nkemdirim", "Tchoumi", "Eyenga"]),
    ("SN", &["Wolof", "French"], &["Amadou", "Fatou", "Cheikh", "Aïssatou"], &["Diallo", "Ndiaye", "Sow", "Diop"]),
    ("ER", &["Tigrinya"], &["Tesfay", "Saba", "Yonas", "Helen"], &["Gebremedhin", "Tekle", "Habte", "Weldemichael"]),
    ("ET", &["Amharic"], &["Meron", "Dawit", "Selamawit", "Biniam"], &["Tesfaye", "Alemu", "Bekele", "Girma"]),
    (
        "CD",
        &["Lingala", "French"],
        &["Patience", "Jean-Pierre", "Grâce", "Dieudonné"],
        &["Mbuyi", "Kabila", "Nsimba", "Mukendi"],
    ),
    ("MR", &["Pulaar", "French"], &["Oumar", "Mariem", "Abdoulaye", "Coumba"], &["Sy", "Bâ", "Kane", "Sall"]),
    (
        "GN",
        &["Pulaar", "French"],
        &["Mamadou", "Kadiatou", "Alpha Oumar", "Hawa"],
        &["Barry", "Bah", "Camara", "Diallo"],
    ),
    ("RU", &["Russian"], &["Алексей", "Мария", "Дмитрий", "Екатерина"], &["Смирнов", "Иванова", "Кузнецов", "Попова"]),
    (
        "UA",
        &["Ukrainian", "Russian"],
        &["Оксана", "Тарас", "Олена", "Богдан"],
        &["Коваленко", "Шевченко", "Бондаренко", "Мельник"],
    ),
    ("VN", &["Vietnamese"], &["Thị Lan", "Văn Minh", "Thị Hằng", "Đức Anh"], &["Nguyễn", "Trần", "Phạm", "Lê"]),
    ("CN", &["Mandarin"], &["Fang", "Wei", "Xiuying", "Jian"], &["Wang", "Li", "Zhang", "Chen"]),
    ("IN", &["Punjabi"], &["Gurpreet", "Harjit", "Manpreet", "Jaswinder"], &["Singh", "Kaur", "Sandhu", "Gill"]),
    ("NP", &["Nepali"], &["Pasang", "Sabina", "Dawa", "Kamala"], &["Sherpa", "Gurung", "Tamang", "Rai"]),
    (
        "DO",
        &["Spanish"],
        &["Yokasta", "Franklin", "Altagracia", "Wander"],
        &["De los Santos", "Batista", "Almonte", "Peralta"],
    ),
    ("BO", &["Spanish"], &["Eulogia", "Fidel", "Ximena", "Wálter"], &["Choque", "Apaza", "Flores", "Villca"]),
    ("KG", &["Russian"], &["Айгуль", "Нурлан", "Жылдыз", "Бакыт"], &["Асанова", "Токтогулов", "Исакова", "Жумабеков"]),
    (
        "AO",
        &["Portuguese"],
        &["Domingas", "Adilson", "Esperança", "Nelson"],
        &["Kiala", "Mateus", "Sebastião", "Lukoki"],
    ),
];

/// Given names whose family name comes first in this list's languages (Vietnamese).
pub(super) fn full_name(country: &str, given: &str, family: &str) -> String {
    match country {
        "VN" => format!("{family} {given}"),
        _ => format!("{given} {family}"),
    }
}

pub(super) const VOLUNTEER_GIVEN: &[&str] = &[
    "Priya", "Tomás", "Oksana", "Daniel", "Rachel", "Marcus", "Hannah", "Diego", "Aisha", "Jonathan", "Mei", "Samuel",
    "Elena", "Kwame", "Laura", "Rahul", "Sofia", "Benjamin", "Nadia", "Gabriel", "Claire", "Omar", "Julia", "Ethan",
    "Fatima", "Noah", "Ingrid", "Luis", "Rebecca", "Kenji", "Amara", "Patrick", "Leah", "Mateo", "Grace", "Yusuf",
];

pub(super) const VOLUNTEER_FAMILY: &[&str] = &[
    "Sharma",
    "Ruiz",
    "Kovalenko",
    "Goldberg",
    "Okafor",
    "Whitfield",
    "Lindqvist",
    "Moreno",
    "Haddad",
    "Park",
    "Brennan",
    "Castillo",
    "Novak",
    "Mensah",
    "Delacroix",
    "Iyer",
    "Fitzgerald",
    "Tanaka",
    "Abrams",
    "Vasquez",
    "O'Connell",
    "Bergström",
    "Adeyemi",
    "Nakamura",
    "Ferreira",
    "Holloway",
    "Rosenthal",
    "Qureshi",
];

/// (organization, e-mail domain, roles it sends).
pub(super) const FIRMS: &[(&str, &str)] = &[
    ("Hale Street LLP", "halestreet.example"),
    ("Morrow & Quist LLP", "morrowquist.example"),
    ("Baptiste Ferreira LLP", "bfllp.example"),
    ("Calloway Hart LLP", "callowayhart.example"),
    ("Ostrander Lane LLP", "ostranderlane.example"),
    ("Whitcombe & Reyes LLP", "whitcombereyes.example"),
    ("Pemberton Alvarez LLP", "pembertonalvarez.example"),
    ("Northgate Legal Group", "northgatelegal.example"),
    ("Sato Brennan LLP", "satobrennan.example"),
    ("Kingsley Okafor LLP", "kingsleyokafor.example"),
];

pub(super) const SCHOOLS: &[(&str, &str)] = &[
    ("Riverside Law School Clinic", "riverside-law.example"),
    ("Eastbrook University School of Law", "eastbrook.example"),
    ("Lakeshore Law Immigrant Rights Clinic", "lakeshore-law.example"),
];

pub(super) const INTERPRETERS: (&str, &str) = ("Bridge Interpreters Collective", "bridgeinterpreters.example");

pub(super) const FACILITIES: &[(&str, &str)] = &[
    ("Stewart Detention Center", "Stewart Immigration Court, Lumpkin, GA"),
    ("Otay Mesa Detention Center", "Otay Mesa Immigration Court, San Diego, CA"),
    ("Krome North Service Processing Center", "Krome Immigration Court, Miami, FL"),
    ("South Texas ICE Processing Center", "Pearsall Immigration Court, TX"),
    ("Adelanto ICE Processing Center", "Adelanto Immigration Court, CA"),
    ("Northwest ICE Processing Center", "Tacoma Immigration Court, WA"),
    ("Elizabeth Detention Center", "Elizabeth Immigration Court, NJ"),
    ("Port Isabel Detention Center", "Port Isabel Immigration Court, TX"),
    ("LaSalle ICE Processing Center", "Jena Immigration Court, LA"),
    ("Otero County Processing Center", "Otero Immigration Court, NM"),
    ("Eloy Detention Center", "Eloy Immigration Court, AZ"),
    ("Broward Transitional Center", "Miami Immigration Court, FL"),
    ("Moshannon Valley Processing Center", "Philadelphia Immigration Court, PA"),
    ("Buffalo Federal Detention Facility", "Batavia Immigration Court, NY"),
];

/// The 32 states the program's non-detained clients live in, most common first.
pub(super) const STATES: &[&str] = &[
    "CA", "NY", "TX", "FL", "NJ", "IL", "MA", "GA", "MD", "VA", "WA", "NC", "PA", "CO", "AZ", "OR", "MN", "MI", "OH",
    "TN", "CT", "UT", "NV", "IN", "MO", "WI", "LA", "KY", "RI", "NM", "DC", "DE",
];

pub(super) const ACTIVITIES: &[&str] = &[
    "Client intake interview",
    "Drafted I-589 declaration",
    "Reviewed country conditions evidence",
    "Bond hearing preparation",
    "Bond hearing",
    "Master calendar hearing",
    "Legal research: particular social group",
    "Prepared exhibit binder",
    "Client meeting with interpreter",
    "Interpretation (client meeting)",
    "Translation of identity documents",
    "Call with ICE deportation officer",
    "Drafted parole request",
    "Merits brief",
    "Witness preparation",
    "Individual hearing",
    "Filed FOIA request",
    "Reviewed Notice to Appear",
    "Supervision meeting",
    "Drafted motion to change venue",
];
