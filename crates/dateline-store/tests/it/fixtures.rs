//! Hand-built releases of the five seed pages, as the structure stage should produce them.

use dateline_store::SourceInfo;
use dateline_types::{
    Contact, Dateline, Evidence, PartialDate, Person, Quote, Release, Site, SourceRef,
};

fn quote(text: &str, speaker: &str, role: Option<&str>) -> Quote {
    Quote {
        text: text.into(),
        speaker: Some(speaker.into()),
        speaker_role: role.map(Into::into),
        evidence: Evidence::rule("quote:said", text),
    }
}

fn contact(name: &str, org: Option<&str>, emails: &[&str], phones: &[&str]) -> Contact {
    Contact {
        name: Some(name.into()),
        organization: org.map(Into::into),
        emails: emails.iter().map(|s| s.to_string()).collect(),
        phones: phones.iter().map(|s| s.to_string()).collect(),
        evidence: Evidence::rule("contact:block", name),
        ..Contact::default()
    }
}

fn site(name: &str, country: Option<&str>) -> Option<Site> {
    Some(Site {
        name: Some(name.into()),
        country: country.map(Into::into),
        evidence: Evidence::rule("site:footer", name),
    })
}

fn person(name: &str, role: &str) -> Person {
    Person {
        name: name.into(),
        roles: vec![role.into()],
    }
}

/// The five seeds with their sources.
pub fn seeds() -> Vec<(Release, SourceInfo)> {
    let s000 = Release {
        source: "seeds/000_68cf7125fdf34c4a.txt".into(),
        url: Some("https://www.iom.int/news/migrants-rights-are-human-rights".into()),
        title: Some("“Migrants’ Rights are Human Rights” IOM Regional Director Tells Asian Human Rights Forum".into()),
        published: PartialDate::ymd(2018, 11, 23),
        site: site("IOM", None),
        lang: Some("en".into()),
        dateline: Some(Dateline { place: "Samarkand".into(), country: Some("UZ".into()), evidence: Evidence::rule("dateline:place-dash", "Samarkand –") }),
        body: "Dignity, protection and the promotion of the human rights of all migrants, at all stages of their journeys, were stressed by IOM Regional Director Argentina Szabados at the inaugural Asian Human Rights conference which closes today (23/11) in Samarkand, Uzbekistan.\n\n\
“We must also reaffirm our commitment to eliminate all forms of discrimination, including racism, xenophobia and intolerance against migrants and their families,” she said.\n\n\
The event, convened by the Government of Uzbekistan, reaffirmed the commitment to the Universal Declaration of Human Rights, which is 70 years old this year.\n\n\
Szabados congratulated the Government of Uzbekistan for submitting a request for the country to become IOM’s 173rd Member State.".into(),
        quotes: vec![quote("We must also reaffirm our commitment to eliminate all forms of discrimination, including racism, xenophobia and intolerance against migrants and their families,", "Argentina Szabados", Some("IOM Regional Director"))],
        contacts: vec![contact("Joe Lowry", Some("IOM Regional Office for South-Eastern Europe, Eastern Europe and Central Asia"), &["jlowry@iom.int"], &["+436603776404"])],
        people: vec![person("Argentina Szabados", "IOM Regional Director")],
        organizations: vec!["IOM".into(), "United Nations".into()],
        countries: vec!["UZ".into(), "MA".into()],
        ..Release::default()
    };
    let s001 = Release {
        source: "seeds/001_752b1d25270a04a8.txt".into(),
        url: Some("https://turkmenistan.iom.int/news/migrantsday-call-solidarity".into()),
        title: Some("IOM Director General Vitorino Commemorates #MigrantsDay with a Call for Solidarity".into()),
        subtitle: Some("DG Video Script for International Migrants Day".into()),
        published: PartialDate::ymd(2020, 12, 18),
        site: site("IOM Turkmenistan", Some("TM")),
        lang: Some("en".into()),
        body: "Last year, on International Migrants Day, we highlighted the importance of social cohesion and recognized the generosity of societies supporting migrants in their communities, unaware of what 2020 would bring.\n\n\
This year we have all witnessed -- first-hand -- the critical role migrants have played in our societies, on the front lines of our fight against COVID-19.\n\n\
As vaccines become available, migrants regardless of their status must be ensured equitable access to national programming, not as a special class of people, but as friends, neighbours and co-workers.\n\n\
We, together, can make it happen.".into(),
        quotes: vec![quote("Human rights are not earned by virtue of being a hero or a victim, but are an entitlement of everyone.", "António Vitorino", Some("IOM Director General"))],
        contacts: vec![contact("Dovlet Chariyev", None, &["dchariyev@iom.int"], &["+99312488407"])],
        people: vec![person("António Vitorino", "IOM Director General")],
        organizations: vec!["IOM".into()],
        countries: vec!["TM".into()],
        ..Release::default()
    };
    let s002 = Release {
        source: "seeds/002_2863ec9e0314b876.txt".into(),
        url: Some("https://kazakhstan.iom.int/news/uzbekistan-may-become-member-iom".into()),
        title: Some("Uzbekistan may become a member to IOM".into()),
        published: PartialDate::ymd(2018, 4, 2),
        site: site("IOM Kazakhstan", Some("KZ")),
        lang: Some("en".into()),
        dateline: Some(Dateline { place: "Tashkent".into(), country: Some("UZ".into()), evidence: Evidence::rule("dateline:place-dash", "Tashkent, Uzbekistan -") }),
        body: "The Uzbek Government expressed the country's willingness 'to consider possible accession to IOM'. The intention of Uzbekistan to join IOM was reaffirmed within the visit of Ambassador William Lacy Swing, IOM DG, to Tashkent, where he held a number of high level talks with country's officials on Monday, 2 April 2018.\n\n\
Mr. Abdulla Aripov, Prime Minister, emphasized that Uzbekistan was 'interested in further enhancing the effective and constructive cooperation with IOM'.\n\n\
William Lacy Swing welcomed the positive developments taking place in Uzbekistan, including the sphere of migration management and delivering support to vulnerable migrants.".into(),
        about: Some("Established in 1951, IOM is the leading inter-governmental organization in the field of migration.".into()),
        quotes: vec![quote("interested in further enhancing the effective and constructive cooperation with IOM", "Abdulla Aripov", Some("Prime Minister"))],
        contacts: vec![contact("Mr. Sanjarbek Toshbaev", Some("IOM Central Asia"), &["stoshbaev@iom.int", "iomastana@iom.int"], &[])],
        people: vec![person("William Lacy Swing", "IOM DG"), person("Abdulla Aripov", "Prime Minister"), person("Viktor Mahmudov", "Secretary of the Security Council"), person("Aktam Khaitov", "Minister of Employment and Labour Relations")],
        organizations: vec!["IOM".into()],
        countries: vec!["UZ".into()],
        ..Release::default()
    };
    let s003 = Release {
        source: "seeds/003_2c29a8a724c1dce4.txt".into(),
        url: Some("https://www.iom.int/news/global-compact-migration-our-rendezvous-history".into()),
        title: Some("Global Compact for Migration \"Our Rendezvous with History,\" says UN Migration Director General at Vienna Discussions".into()),
        published: PartialDate::ymd(2017, 9, 5),
        site: site("IOM", None),
        lang: Some("en".into()),
        body: "“This is our rendezvous with history,” said IOM, UN Migration Agency’s Director General William Lacy Swing during an address to UN Member States today (05/09).\n\n\
“There is no lack of political will or legal protection for migrants,” said Director General Swing. “The gap is in implementation.”\n\n\
“Xenophobia and hate speech put migrants at risk and deprive them of their rights and their dignity,” he noted.\n\n\
IOM is extending technical and policy expertise to the global compact process as requested by Member States until its culmination in September 2018.".into(),
        quotes: vec![
            quote("This is our rendezvous with history,", "William Lacy Swing", Some("Director General")),
            quote("There is no lack of political will or legal protection for migrants,", "William Lacy Swing", Some("Director General")),
            quote("Xenophobia and hate speech put migrants at risk and deprive them of their rights and their dignity,", "William Lacy Swing", Some("Director General")),
        ],
        contacts: vec![
            contact("Joe Lowry", None, &["jlowry@iom.int"], &["+43660 3776404"]),
            contact("Olivia Headon", None, &["oheadon@iom.int"], &["+41227179435"]),
            contact("Lanna Walsh", None, &["lwalsh@iom.int"], &["+19299201127"]),
        ],
        people: vec![person("William Lacy Swing", "Director General")],
        organizations: vec!["IOM".into(), "UN Migration Agency".into()],
        countries: vec!["AT".into()],
        ..Release::default()
    };
    let s004 = Release {
        source: "seeds/004_f9a6250c70dd7768.txt".into(),
        url: Some("https://www.iom.int/news/agreement-help-strengthen-efforts-protect-migrant-rights".into()),
        title: Some("Agreement To Help Strengthen Efforts to Protect Migrant Rights".into()),
        site: site("IOM", None),
        lang: Some("en".into()),
        body: "Ten years after reaching a cooperation agreement, IOM and UNFPA, the United Nations Population Fund, have endorsed an updated agreement to address current global challenges on migration issues.\n\n\
Signed in Geneva this week by UNFPA Executive Director Thoraya Ahmed Obaid and IOM Director-General Brunson McKinley, the agreement particularly focuses on promoting the human rights of migrants and on combating sexual violence.\n\n\
“Together, we can ensure that migration is recognized as an important factor in development,” said Ms. Obaid.".into(),
        quotes: vec![
            quote("Together, we can ensure that migration is recognized as an important factor in development,", "Thoraya Ahmed Obaid", Some("UNFPA Executive Director")),
            quote("By working closer together, particularly in much needed areas of research and data collection, this agreement can allow for the development of policies that protect migrants more", "Brunson McKinley", Some("IOM Director-General")),
        ],
        contacts: vec![
            contact("Jemini Pandya", Some("IOM Geneva"), &["jpandya@iom.int"], &["+41227179486"]),
            contact("Omar Gharzeddine", Some("UNFPA, New York"), &["gharzeddine@unfpa.org"], &["+12122975028"]),
        ],
        people: vec![person("Thoraya Ahmed Obaid", "UNFPA Executive Director"), person("Brunson McKinley", "IOM Director-General")],
        organizations: vec!["IOM".into(), "UNFPA".into()],
        countries: vec!["CH".into()],
        ..Release::default()
    };
    [s000, s001, s002, s003, s004]
        .into_iter()
        .map(|r| {
            let raw = format!("{}\n{}", r.source, r.body);
            let src = SourceInfo::new(SourceRef::file(r.source.clone()), raw.as_bytes());
            (r, src)
        })
        .collect()
}
