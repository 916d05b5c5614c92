//! Word lists for quotes, people and organizations: speech verbs, honorifics,
//! role words, organization heads, pronouns and common first names.
//!
//! Lists hold lower-cased words; callers compare with [`lower`].

use std::borrow::Cow;
use std::sync::LazyLock;

/// Lower-cases a word (Unicode aware, so Cyrillic works).
pub(crate) fn lower(word: &str) -> String {
    word.to_lowercase()
}

/// Lower-cases a word (Unicode aware, so Cyrillic works); borrows when it already is.
pub(crate) fn lower_cow(word: &str) -> Cow<'_, str> {
    if word.is_ascii() {
        if word.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(word.to_ascii_lowercase())
        } else {
            Cow::Borrowed(word)
        }
    } else if word.chars().any(char::is_uppercase) {
        Cow::Owned(word.to_lowercase())
    } else {
        Cow::Borrowed(word)
    }
}

/// Calls `f` with `word` lower-cased as [`lower_cow`] does it, in a stack buffer when the
/// word is short (no allocation: these tests run on every capitalized token).
pub(crate) fn with_lower<T>(word: &str, f: impl FnOnce(&str) -> T) -> T {
    const MAX: usize = 40;
    let bytes = word.as_bytes();
    let mut buf = [0u8; MAX];
    if let Some(slot) = buf.get_mut(..bytes.len())
        && bytes.is_ascii()
    {
        slot.copy_from_slice(bytes);
        slot.make_ascii_lowercase();
        if let Ok(lowered) = std::str::from_utf8(slot) {
            return f(lowered);
        }
    }
    if let Some(len) = lower_non_ascii_into(word, &mut buf)
        && let Ok(lowered) = std::str::from_utf8(buf.get(..len).unwrap_or_default())
    {
        return f(lowered);
    }
    f(&lower_cow(word))
}

/// [`lower_cow`] of a word written into `buf`, and its length; `None` when it does not
/// fit or holds `Σ` (whose lower case depends on its place in the word). A word with no
/// upper-case letter is copied as it is, as [`lower_cow`] borrows it; else each character
/// is lower-cased, which is what `str::to_lowercase` does but for `Σ`. Non-ASCII words
/// (`IOM’s`, `don’t`, accented names) are common enough to spare them an allocation.
fn lower_non_ascii_into(word: &str, buf: &mut [u8]) -> Option<usize> {
    if !word.chars().any(char::is_uppercase) {
        let bytes = word.as_bytes();
        buf.get_mut(..bytes.len())?.copy_from_slice(bytes);
        return Some(bytes.len());
    }
    if word.contains('Σ') {
        return None;
    }
    let mut len = 0;
    for lower in word.chars().flat_map(char::to_lowercase) {
        let slot = buf.get_mut(len..len + lower.len_utf8())?;
        lower.encode_utf8(slot);
        len += lower.len_utf8();
    }
    Some(len)
}

/// The lists a word is in, as bits ([`SPEECH`], [`ROLE`], ...).
pub(crate) type Classes = u8;
/// In [`SPEECH_VERBS`].
pub(crate) const SPEECH: Classes = 1;
/// In [`AUXILIARIES`].
pub(crate) const AUXILIARY: Classes = 1 << 1;
/// In [`ROLE_WORDS`].
pub(crate) const ROLE: Classes = 1 << 2;
/// In [`ORG_HEADS`].
pub(crate) const ORG_HEAD: Classes = 1 << 3;
/// In [`FEMALE_NAMES`].
pub(crate) const FEMALE: Classes = 1 << 4;
/// In [`MALE_NAMES`].
pub(crate) const MALE: Classes = 1 << 5;

/// Every listed word (its bytes) with the lists it is in: one hash lookup answers all of
/// them, and a lower-cased ASCII buffer needs no UTF-8 check before the lookup. FxHash:
/// the lists are fixed and the lookups many (every token of a release), where SipHash's
/// flood resistance buys nothing.
static CLASSES: LazyLock<rustc_hash::FxHashMap<&'static [u8], Classes>> = LazyLock::new(|| {
    let mut map = rustc_hash::FxHashMap::default();
    for (words, class) in [
        (SPEECH_VERBS, SPEECH),
        (AUXILIARIES, AUXILIARY),
        (ROLE_WORDS, ROLE),
        (ORG_HEADS, ORG_HEAD),
        (FEMALE_NAMES, FEMALE),
        (MALE_NAMES, MALE),
    ] {
        for word in words {
            *map.entry(word.as_bytes()).or_insert(0) |= class;
        }
    }
    map
});

/// The lists `word`, lower-cased, is in; no allocation for short ASCII words.
pub(crate) fn classes(word: &str) -> Classes {
    const MAX: usize = 40;
    let bytes = word.as_bytes();
    let mut buf = [0u8; MAX];
    if let Some(slot) = buf.get_mut(..bytes.len())
        && bytes.is_ascii()
    {
        for (to, from) in slot.iter_mut().zip(bytes) {
            *to = from.to_ascii_lowercase();
        }
        return lower_classes(slot);
    }
    if let Some(len) = lower_non_ascii_into(word, &mut buf) {
        return lower_classes(buf.get(..len).unwrap_or_default());
    }
    lower_classes(lower_cow(word).as_bytes())
}

/// [`classes`] of a word already lower-cased.
pub(crate) fn lower_classes(lowered: &[u8]) -> Classes {
    CLASSES.get(lowered).copied().unwrap_or(0)
}

/// Verbs that introduce or close a direct quotation, in English, French,
/// Spanish and Russian (past, present and participle forms as written).
const SPEECH_VERBS: &[&str] = &[
    // English
    "said",
    "says",
    "say",
    "saying",
    "added",
    "adds",
    "adding",
    "continued",
    "continues",
    "noted",
    "notes",
    "noting",
    "stated",
    "stressed",
    "stresses",
    "stressing",
    "emphasized",
    "emphasised",
    "emphasizes",
    "emphasises",
    "told",
    "tells",
    "telling",
    "explained",
    "explains",
    "explaining",
    "reiterated",
    "reiterates",
    "declared",
    "declares",
    "remarked",
    "observed",
    "commented",
    "comments",
    "mentioned",
    "recalled",
    "acknowledged",
    "announced",
    "affirmed",
    "reaffirmed",
    "highlighted",
    "underlined",
    "underscored",
    "concluded",
    "replied",
    "responded",
    "answered",
    "asked",
    "asks",
    "wrote",
    "writes",
    "tweeted",
    "argued",
    "argues",
    "insisted",
    "insists",
    "warned",
    "warns",
    "urged",
    "urges",
    "cautioned",
    "suggested",
    "predicted",
    "promised",
    "vowed",
    "joked",
    "admitted",
    "claimed",
    "claims",
    "conceded",
    "contended",
    "countered",
    "complained",
    "boasted",
    "quipped",
    "recounted",
    "expressed",
    "described",
    "testified",
    "confirmed",
    "shouted",
    "yelled",
    "pointed",
    "stresses",
    "posted",
    "wrote",
    "thundered",
    "lamented",
    "charged",
    "maintained",
    "explained",
    "proclaimed",
    "exclaimed",
    "whispered",
    "cried",
    "beamed",
    "read",
    "reads",
    "snapped",
    "demanded",
    "pleaded",
    "mused",
    "scoffed",
    "sighed",
    "laughed",
    "retorted",
    "barked",
    "emailed",
    "texted",
    "wondered",
    "acknowledges",
    "recalls",
    "recalling",
    "concludes",
    "concluding",
    "chanted",
    "chanting",
    "reported",
    "reports",
    "responds",
    "responding",
    "replies",
    "replying",
    "answering",
    "echoed",
    "echoes",
    "interjected",
    "interjecting",
    "cracked",
    "mocked",
    "mocks",
    "tweets",
    "tweeting",
    "yells",
    "shouts",
    "shouting",
    "yelling",
    "assured",
    "asserted",
    "asserts",
    "asserting",
    "remarking",
    "stating",
    "continuing",
    "opined",
    "elaborated",
    "confided",
    "observes",
    "wonders",
    "jokes",
    "quips",
    "laments",
    "complains",
    "boasts",
    "predicts",
    "admits",
    "concedes",
    "cautions",
    "recounts",
    "testifies",
    "announces",
    "mentions",
    "reminded",
    "reminds",
    "insisting",
    "arguing",
    "warning",
    "urging",
    "declaring",
    // French
    "déclaré",
    "dit",
    "souligné",
    "ajouté",
    "affirmé",
    "expliqué",
    "indiqué",
    "précisé",
    "estimé",
    "insisté",
    "rappelé",
    "déclare",
    "explique",
    "souligne",
    "ajoute",
    "affirme",
    "indique",
    "précise",
    "estime",
    "insiste",
    "rappelle",
    // Spanish
    "dijo",
    "afirmó",
    "señaló",
    "declaró",
    "explicó",
    "añadió",
    "aseguró",
    "indicó",
    "destacó",
    "subrayó",
    "expresó",
    "sostuvo",
    "manifestó",
    "agregó",
    "dice",
    "afirma",
    "señala",
    "explica",
    "asegura",
    "dicho",
    "afirmado",
    "declarado",
    // Russian (masculine, feminine, plural)
    "заявил",
    "заявила",
    "заявили",
    "сказал",
    "сказала",
    "сказали",
    "отметил",
    "отметила",
    "отметили",
    "подчеркнул",
    "подчеркнула",
    "подчеркнули",
    "добавил",
    "добавила",
    "добавили",
    "сообщил",
    "сообщила",
    "сообщили",
    "пояснил",
    "пояснила",
    "говорит",
    "считает",
    "заявляет",
    "отмечает",
    "подчеркивает",
    "подчёркивает",
];

/// Auxiliaries that may stand before a speech verb (`a déclaré`, `has said`, `ha dicho`).
const AUXILIARIES: &[&str] = &["a", "has", "had", "ha", "have", "also", "then", "later"];

/// Whether `word` is a speech verb.
pub(crate) fn is_speech_verb(word: &str) -> bool {
    classes(word) & SPEECH != 0
}

/// Whether `word` is an auxiliary or adverb allowed between a quote and its verb.
pub(crate) fn is_auxiliary(word: &str) -> bool {
    classes(word) & AUXILIARY != 0
}

/// Grammatical gender as the text shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Gender {
    /// He, Mr., a masculine first name.
    Male,
    /// She, Ms., a feminine first name.
    Female,
}

/// A pronoun subject: third person with an optional gender, or first person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pronoun {
    /// He, she, they, il, elle, él, ella, он, она.
    Third(Option<Gender>),
    /// I, we, je, nous, yo, nosotros, я, мы.
    First,
}

/// The pronoun `word` is, if any.
pub(crate) fn pronoun(word: &str) -> Option<Pronoun> {
    with_lower(word, pronoun_lower)
}

/// [`pronoun`] of a lower-cased word.
fn pronoun_lower(w: &str) -> Option<Pronoun> {
    let p = match w {
        "he" | "il" | "él" | "он" => Pronoun::Third(Some(Gender::Male)),
        "she" | "elle" | "ella" | "она" => Pronoun::Third(Some(Gender::Female)),
        "they" | "ils" | "elles" | "ellos" | "ellas" | "они" => Pronoun::Third(None),
        "i" | "we" | "je" | "nous" | "yo" | "nosotros" | "я" | "мы" => Pronoun::First,
        _ => {
            // French inversions: `dit-il`, `a-t-elle`, `explique-t-il`.
            if w.ends_with("-il") || w.ends_with("-ils") {
                Pronoun::Third(Some(Gender::Male))
            } else if w.ends_with("-elle") || w.ends_with("-elles") {
                Pronoun::Third(Some(Gender::Female))
            } else {
                return None;
            }
        }
    };
    Some(p)
}

/// Honorifics: stripped from names, not roles. Each carries a gender when it has one.
pub(crate) fn honorific(word: &str) -> Option<Option<Gender>> {
    // Every honorific starts with one of these pairs of letters (0xD0 leads the Cyrillic
    // `г`; `se` of `señor`): most words are ruled out without lower-casing them.
    let bytes = word.as_bytes();
    let first = bytes.first()?.to_ascii_lowercase();
    let second = bytes.get(1).map(u8::to_ascii_lowercase);
    let possible = match first {
        b'm' | 0xD0 => true,
        b's' => matches!(second, Some(b'r' | b'e' | b'i')),
        b'h' => matches!(second, Some(b'e' | b'o')),
        b'd' => matches!(second, Some(b'r' | b'a')),
        b'p' | b'f' => second == Some(b'r'),
        _ => false,
    };
    if !possible {
        return None;
    }
    with_lower(word, honorific_lower)
}

/// [`honorific`] of a lower-cased word.
pub(crate) fn honorific_lower(w: &str) -> Option<Option<Gender>> {
    let g = match w.trim_end_matches('.') {
        "mr" | "m" | "sr" | "señor" | "monsieur" | "sir" | "herr" | "г-н" | "господин" => {
            Some(Gender::Male)
        }
        "ms" | "mrs" | "miss" | "mme" | "mlle" | "sra" | "srta" | "señora" | "madame" | "dame"
        | "frau" | "г-жа" | "госпожа" => Some(Gender::Female),
        "dr" | "prof" | "mx" | "hon" => None,
        _ => return None,
    };
    // `M` and `Sr` are honorifics only with their period (`M. Dupont`, `Sr. García`).
    if w == "m" || w == "sr" {
        return None;
    }
    Some(g)
}

/// Words that make up a role (`IOM Regional Director`, `Prime Minister`, `spokeswoman`).
const ROLE_WORDS: &[&str] = &[
    "director",
    "director-general",
    "general",
    "regional",
    "executive",
    "deputy",
    "assistant",
    "chief",
    "head",
    "minister",
    "prime",
    "secretary",
    "secretary-general",
    "under-secretary-general",
    "undersecretary",
    "president",
    "vice",
    "vice-president",
    "chairman",
    "chairwoman",
    "chairperson",
    "chair",
    "ceo",
    "coo",
    "cfo",
    "cto",
    "officer",
    "manager",
    "coordinator",
    "co-ordinator",
    "representative",
    "commissioner",
    "high",
    "special",
    "envoy",
    "ambassador",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "senator",
    "sen.",
    "rep.",
    "governor",
    "gov.",
    "mayor",
    "founder",
    "co-founder",
    "advisor",
    "adviser",
    "senior",
    "country",
    "focal",
    "communication",
    "communications",
    "consul",
    "consul-general",
    "judge",
    "justice",
    "attorney",
    "professor",
    "candidate",
    "speaker",
    "majority",
    "minority",
    "whip",
    "press",
    "dg",
    "rapporteur",
    "delegate",
    "commander",
    "captain",
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "chancellor",
    "emir",
    "sheikh",
    "dean",
    "rector",
    "economist",
    "analyst",
    "researcher",
    "sheriff",
    "pastor",
    "reverend",
    "rev.",
    "bishop",
    "archbishop",
    "cardinal",
    "acting",
    "interim",
    "superintendent",
    "inspector",
    "treasurer",
    "comptroller",
    "premier",
    "counsel",
    "councillor",
    "councilman",
    "councilwoman",
    "congressman",
    "congresswoman",
    "assemblyman",
    "lawmaker",
    "leader",
    "presidential",
    "democratic",
    "republican",
    "gop",
    "former",
    "lt.",
    "gen.",
    "col.",
    "capt.",
    "sgt.",
    "adm.",
    "strategist",
    "reporter",
    "correspondent",
    "journalist",
    "anchor",
    "editor",
    "columnist",
    "author",
    "host",
    "producer",
    "aide",
    "official",
    "directrice",
    "directeur",
    "ministre",
    "président",
    "présidente",
    "porte-parole",
    "directora",
    "ministro",
    "ministra",
    "presidente",
    "portavoz",
    "secretario",
    "secretaria",
    "директор",
    "министр",
    "президент",
    "глава",
    "председатель",
    "генеральный",
    "региональный",
    "представитель",
    "посол",
    "заместитель",
];

/// Whether `word` is a role word.
pub(crate) fn is_role_word(word: &str) -> bool {
    classes(word) & ROLE != 0
}

/// Role words that also stand before a name as a title and are kept as a role
/// (`Ambassador William Lacy Swing` has the role `Ambassador`).
pub(crate) fn is_title_role(word: &str) -> bool {
    with_lower(word, |w| {
        matches!(
            w,
            "ambassador"
                | "senator"
                | "sen."
                | "rep."
                | "governor"
                | "gov."
                | "mayor"
                | "president"
                | "judge"
                | "justice"
                | "professor"
                | "pope"
                | "king"
                | "queen"
                | "prince"
                | "princess"
                | "sheikh"
                | "bishop"
                | "cardinal"
                | "reverend"
                | "rev."
                | "gen."
                | "lt."
                | "col."
                | "capt."
                | "sgt."
                | "adm."
                | "chancellor"
                | "emir"
        )
    })
}

/// Head words that make a capitalized phrase an organization.
const ORG_HEADS: &[&str] = &[
    "government",
    "ministry",
    "office",
    "council",
    "agency",
    "organization",
    "organisation",
    "fund",
    "nations",
    "assembly",
    "commission",
    "committee",
    "department",
    "bank",
    "institute",
    "university",
    "centre",
    "center",
    "association",
    "union",
    "court",
    "parliament",
    "senate",
    "congress",
    "police",
    "service",
    "services",
    "authority",
    "bureau",
    "foundation",
    "federation",
    "secretariat",
    "corporation",
    "company",
    "inc",
    "inc.",
    "ltd",
    "ltd.",
    "llc",
    "group",
    "party",
    "programme",
    "alliance",
    "coalition",
    "network",
    "society",
    "board",
    "cross",
    "crescent",
    "directorate",
    "administration",
    "embassy",
    "consulate",
    "unit",
    "forces",
    "army",
    "navy",
    "trust",
    "academy",
    "college",
    "hospital",
    "tribunal",
    "cabinet",
    "presidency",
    "municipality",
    "campaign",
    "agence",
    "ministère",
    "gouvernement",
    "organisation",
    "gobierno",
    "ministerio",
    "organización",
    "правительство",
    "министерство",
    "организация",
];

/// Whether `word` heads an organization name.
pub(crate) fn is_org_head(word: &str) -> bool {
    classes(word) & ORG_HEAD != 0
}

/// Lower-case words that may join the parts of a name or organization
/// (`Ministry of Employment and Labour Relations`, `Charles de Gaulle`).
pub(crate) fn is_connector(word: &str) -> bool {
    matches!(
        word,
        "of" | "for"
            | "and"
            | "the"
            | "on"
            | "de"
            | "del"
            | "des"
            | "du"
            | "la"
            | "le"
            | "van"
            | "von"
            | "der"
            | "den"
            | "bin"
            | "al"
            | "el"
            | "da"
            | "dos"
            | "y"
            | "et"
            | "di"
    )
}

/// Particles that may stand inside a person's name (`Charles de Gaulle`).
pub(crate) fn is_name_particle(word: &str) -> bool {
    matches!(
        word,
        "de" | "del"
            | "van"
            | "von"
            | "der"
            | "den"
            | "bin"
            | "al"
            | "el"
            | "da"
            | "dos"
            | "di"
            | "la"
            | "le"
            | "du"
    )
}

/// Determiners that open a nominal subject (`the hosting party`, `a spokesman`).
pub(crate) fn is_determiner(word: &str) -> bool {
    with_lower(word, |w| {
        matches!(
            w,
            "the"
                | "a"
                | "an"
                | "another"
                | "one"
                | "some"
                | "several"
                | "many"
                | "his"
                | "her"
                | "its"
                | "their"
                | "our"
                | "this"
                | "that"
                | "le"
                | "la"
                | "les"
                | "un"
                | "une"
                | "el"
                | "los"
                | "las"
                | "una"
        )
    })
}

/// Words that are capitalized but are not names (sentence openers, months, days).
/// The word must be lower-cased already.
pub(crate) fn is_not_name_lower(w: &str) -> bool {
    matches!(
        w,
        "the"
            | "a"
            | "an"
            | "this"
            | "that"
            | "these"
            | "those"
            | "in"
            | "on"
            | "at"
            | "for"
            | "with"
            | "by"
            | "from"
            | "to"
            | "as"
            | "but"
            | "and"
            | "or"
            | "if"
            | "when"
            | "while"
            | "after"
            | "before"
            | "since"
            | "although"
            | "however"
            | "it"
            | "we"
            | "i"
            | "he"
            | "she"
            | "they"
            | "our"
            | "his"
            | "her"
            | "their"
            | "its"
            | "last"
            | "next"
            | "january"
            | "february"
            | "march"
            | "april"
            | "may"
            | "june"
            | "july"
            | "august"
            | "september"
            | "october"
            | "november"
            | "december"
            | "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
            | "mr"
            | "mr."
            | "ms"
            | "ms."
            | "mrs"
            | "mrs."
            | "dr"
            | "dr."
            | "according"
            | "speaking"
            | "referring"
            | "there"
            | "here"
            | "what"
            | "who"
            | "why"
            | "how"
            | "not"
            | "no"
            | "yes"
            | "so"
            | "also"
            | "both"
            | "all"
            | "many"
            | "some"
            | "each"
            | "every"
            | "representatives"
            | "tel"
            | "email"
            | "e-mail"
            | "phone"
            | "fax"
            | "inquiries"
            | "states"
            | "member"
            | "members"
            | "global"
            | "compact"
            | "human"
            | "rights"
            | "republicans"
            | "democrats"
            | "americans"
            | "said"
            | "says"
            | "video"
            | "script"
            | "day"
            | "week"
            | "report"
            | "agenda"
            | "goals"
            | "development"
            | "declaration"
            | "forum"
            | "conference"
            | "summit"
            | "migration"
            | "plan"
            | "strategy"
            | "framework"
            | "act"
            | "treaty"
            | "convention"
            | "protocol"
            | "initiative"
            | "project"
            | "programme"
            | "program"
            | "news"
            | "press"
            | "release"
            | "statement"
            | "house"
            | "europe"
            | "asia"
            | "africa"
            | "america"
            | "york"
            | "kingdom"
            | "east"
            | "west"
            | "north"
            | "south"
            | "central"
            | "eastern"
            | "western"
            | "northern"
            | "southern"
            | "middle"
            | "valley"
            | "island"
            | "city"
            | "county"
            | "street"
            | "you"
            | "one"
            | "another"
            | "then"
            | "instead"
            | "likewise"
            | "meanwhile"
            | "still"
            | "now"
            | "later"
            | "earlier"
            | "yet"
            | "indeed"
            | "moreover"
            | "furthermore"
            | "afterward"
            | "afterwards"
            | "today"
            | "yesterday"
            | "tonight"
            | "tomorrow"
            | "perhaps"
            | "maybe"
            | "even"
            | "only"
            | "just"
            | "once"
            | "again"
            | "finally"
            | "asked"
            | "unlike"
            | "during"
            | "despite"
            | "until"
            | "because"
            | "though"
            | "whether"
            | "where"
            | "which"
            | "whom"
            | "whose"
            | "well"
            | "oh"
            | "please"
            | "thanks"
    )
}

/// Abbreviations whose final period is part of the word.
pub(crate) fn is_abbreviation(word: &str) -> bool {
    matches!(
        word,
        "Mr" | "Ms"
            | "Mrs"
            | "Dr"
            | "Prof"
            | "Sen"
            | "Rep"
            | "Gov"
            | "Gen"
            | "Lt"
            | "Col"
            | "Capt"
            | "Sgt"
            | "Adm"
            | "St"
            | "Jr"
            | "Sr"
            | "Sra"
            | "Srta"
            | "Mme"
            | "Mlle"
            | "Hon"
            | "Rev"
            | "No"
            | "Inc"
            | "Ltd"
            | "Co"
            | "Corp"
            | "Mt"
            | "Ft"
            | "vs"
            | "etc"
            | "M"
            | "U.S"
            | "U.N"
            | "U.K"
            | "D.C"
            | "Jan"
            | "Feb"
            | "Mar"
            | "Apr"
            | "Aug"
            | "Sept"
            | "Sep"
            | "Oct"
            | "Nov"
            | "Dec"
            | "Mx"
            | "R-Texas"
            | "D-Vt"
            | "Ky"
            | "Fla"
            | "Calif"
            | "Mass"
            | "г-н"
            | "г-жа"
            | "Va"
            | "Md"
            | "Mo"
            | "Ga"
            | "Tenn"
            | "Ariz"
            | "Mich"
            | "Wis"
            | "Minn"
            | "Ill"
            | "Ind"
            | "Okla"
            | "Pa"
            | "Conn"
            | "Colo"
            | "Nev"
            | "Ore"
            | "Ala"
            | "Ark"
            | "Neb"
            | "Kan"
            | "Del"
            | "N.Y"
            | "N.J"
            | "N.H"
            | "N.C"
            | "S.C"
            | "Wyo"
            | "Mont"
            | "Amb"
    )
}

const FEMALE_NAMES: &[&str] = &[
    "mary",
    "patricia",
    "jennifer",
    "linda",
    "elizabeth",
    "barbara",
    "susan",
    "jessica",
    "sarah",
    "karen",
    "nancy",
    "lisa",
    "betty",
    "margaret",
    "sandra",
    "ashley",
    "kimberly",
    "emily",
    "donna",
    "michelle",
    "carol",
    "amanda",
    "melissa",
    "deborah",
    "stephanie",
    "rebecca",
    "laura",
    "sharon",
    "cynthia",
    "kathleen",
    "amy",
    "angela",
    "anna",
    "ann",
    "anne",
    "hillary",
    "carly",
    "nikki",
    "elizabeth",
    "kamala",
    "nancy",
    "dianne",
    "olivia",
    "lanna",
    "jemini",
    "thoraya",
    "argentina",
    "maria",
    "marie",
    "sophie",
    "julia",
    "helen",
    "catherine",
    "katherine",
    "kate",
    "claire",
    "sara",
    "fatima",
    "aisha",
    "amina",
    "irina",
    "olga",
    "natalia",
    "elena",
    "anna",
    "tatiana",
    "svetlana",
    "ирина",
    "ольга",
    "наталья",
    "елена",
    "анна",
    "татьяна",
    "светлана",
    "michele",
    "michelle",
    "haley",
    "hope",
    "kellyanne",
    "sarah",
    "condoleezza",
    "madeleine",
    "samantha",
    "loretta",
    "janet",
    "huma",
    "chelsea",
    "ivanka",
    "melania",
    "jill",
    "debbie",
    "elise",
    "kirsten",
    "amy",
    "tammy",
    "claire",
    "gloria",
    "rosa",
    "carmen",
    "isabel",
    "ana",
    "lucia",
    "ursula",
    "angela",
    "theresa",
    "christine",
    "federica",
    "filippo",
];

const MALE_NAMES: &[&str] = &[
    "james",
    "john",
    "robert",
    "michael",
    "william",
    "david",
    "richard",
    "joseph",
    "thomas",
    "charles",
    "christopher",
    "daniel",
    "matthew",
    "anthony",
    "mark",
    "donald",
    "steven",
    "paul",
    "andrew",
    "joshua",
    "kenneth",
    "kevin",
    "brian",
    "george",
    "edward",
    "ronald",
    "timothy",
    "jason",
    "jeffrey",
    "ryan",
    "jacob",
    "gary",
    "nicholas",
    "eric",
    "jonathan",
    "stephen",
    "larry",
    "justin",
    "scott",
    "brandon",
    "benjamin",
    "samuel",
    "frank",
    "gregory",
    "raymond",
    "alexander",
    "patrick",
    "jack",
    "dennis",
    "jerry",
    "tyler",
    "aaron",
    "jose",
    "adam",
    "henry",
    "nathan",
    "douglas",
    "zachary",
    "peter",
    "kyle",
    "walter",
    "ethan",
    "jeremy",
    "harold",
    "keith",
    "christian",
    "roger",
    "noah",
    "gerald",
    "carl",
    "sean",
    "austin",
    "arthur",
    "lawrence",
    "jesse",
    "dylan",
    "bryan",
    "joe",
    "billy",
    "bruce",
    "albert",
    "willie",
    "gabriel",
    "logan",
    "alan",
    "juan",
    "wayne",
    "roy",
    "ralph",
    "randy",
    "eugene",
    "vincent",
    "russell",
    "elijah",
    "louis",
    "bobby",
    "philip",
    "johnny",
    "barack",
    "bernie",
    "ted",
    "marco",
    "jeb",
    "ben",
    "chris",
    "rand",
    "mike",
    "martin",
    "bill",
    "hugh",
    "mitch",
    "harry",
    "newt",
    "rick",
    "abdulla",
    "viktor",
    "aktam",
    "sanjarbek",
    "brunson",
    "omar",
    "dovlet",
    "antonio",
    "vladimir",
    "dmitry",
    "sergei",
    "sergey",
    "ivan",
    "alexei",
    "владимир",
    "дмитрий",
    "сергей",
    "иван",
    "алексей",
    "pierre",
    "jacques",
    "emmanuel",
    "françois",
    "carlos",
    "luis",
    "miguel",
    "pedro",
    "ahmed",
    "mohammed",
    "muhammad",
    "ali",
    "hassan",
    "reince",
    "sean",
    "jim",
    "tom",
    "tim",
    "dan",
    "jon",
    "steve",
    "rudy",
    "chuck",
    "reid",
    "elijah",
    "lamar",
    "trey",
    "jason",
    "darrell",
    "kevin",
    "orrin",
    "jeff",
    "rob",
];

/// The gender a first name usually has, if it is in the short lists.
pub(crate) fn first_name_gender(word: &str) -> Option<Gender> {
    let classes = classes(word);
    if classes & FEMALE != 0 {
        Some(Gender::Female)
    } else if classes & MALE != 0 {
        Some(Gender::Male)
    } else {
        None
    }
}

/// Whether `word` is a common first name.
pub(crate) fn is_first_name(word: &str) -> bool {
    first_name_gender(word).is_some()
}

/// Phrases meaning "according to", in the supported languages, as word sequences.
pub(crate) const ACCORDING_TO: &[&[&str]] = &[
    &["according", "to"],
    &["selon"],
    &["según"],
    &["по", "словам"],
    &["d’après"],
    &["d'après"],
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_cased_in_a_buffer_as_lower_cow_does() {
        for word in [
            "IOM’s",
            "don’t",
            "Québec",
            "QUÉBEC",
            "Ташкент",
            "ТАШКЕНТ",
            "ǅemal",
            "İstanbul",
            "ΣΟΦΙΑΣ",
            "Straße",
            "plain",
            "MIXED’Case",
        ] {
            with_lower(word, |w| assert_eq!(w, lower_cow(word), "{word}"));
            assert_eq!(
                classes(word),
                lower_classes(lower_cow(word).as_bytes()),
                "{word}"
            );
        }
    }

    #[test]
    fn every_honorific_passes_the_quick_test() {
        for h in [
            "mr",
            "m",
            "sr",
            "señor",
            "monsieur",
            "sir",
            "herr",
            "г-н",
            "господин",
            "ms",
            "mrs",
            "miss",
            "mme",
            "mlle",
            "sra",
            "srta",
            "señora",
            "madame",
            "dame",
            "frau",
            "г-жа",
            "госпожа",
            "dr",
            "prof",
            "mx",
            "hon",
        ] {
            let capitalized: String = h
                .chars()
                .take(1)
                .flat_map(char::to_uppercase)
                .chain(h.chars().skip(1))
                .collect();
            for form in [h.to_string(), h.to_uppercase(), capitalized] {
                let dotted = format!("{form}.");
                for w in [form.as_str(), dotted.as_str()] {
                    assert_eq!(honorific(w), honorific_lower(&lower(w)), "{w}");
                }
            }
            assert!(
                honorific_lower(h).is_some() || matches!(h, "m" | "sr"),
                "{h}"
            );
        }
    }

    #[test]
    fn lists_are_case_insensitive() {
        assert!(is_speech_verb("Says"));
        assert!(is_speech_verb("заявила"));
        assert!(is_role_word("Director"));
        assert!(is_org_head("Ministry"));
        assert_eq!(pronoun("She"), Some(Pronoun::Third(Some(Gender::Female))));
        assert_eq!(pronoun("a-t-il"), Some(Pronoun::Third(Some(Gender::Male))));
        assert_eq!(honorific("Ms."), Some(Some(Gender::Female)));
        assert_eq!(honorific("Dr."), Some(None));
        assert_eq!(honorific("Director"), None);
    }
}
