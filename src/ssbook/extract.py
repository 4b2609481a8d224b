"""Numbers with units read from plain text: sentences, quantities (ranges, scales, qualifiers) and dates."""

from __future__ import annotations

import re
from dataclasses import dataclass

DECIMAL_COMMA = {"de", "it", "fr", "es", "pt", "nl", "ru", "pl", "sr", "hr", "cs", "sk", "sl", "sv", "da", "nb", "fi", "tr"}
WORD_NUMBERS = {  # number words, by language; read only right before a unit ('five minutes', 'five-minute')
    "en": {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
           "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60},
    "de": {"zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10,
           "zwölf": 12, "fünfzehn": 15, "zwanzig": 20, "dreißig": 30},
    "it": {"due": 2, "tre": 3, "quattro": 4, "cinque": 5, "sei": 6, "sette": 7, "otto": 8, "nove": 9, "dieci": 10,
           "quindici": 15, "venti": 20, "trenta": 30},
}
SCALES = {"thousand": 1e3, "million": 1e6, "mn": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12, "万": 1e4, "亿": 1e8}
MONTHS = {name: number for number, names in enumerate((
    ("jan", "january", "januar", "gennaio"), ("feb", "february", "februar", "febbraio"), ("mar", "march", "märz", "marzo"),
    ("apr", "april", "aprile"), ("may", "mai", "maggio"), ("jun", "june", "juni", "giugno"), ("jul", "july", "juli", "luglio"),
    ("aug", "august", "agosto"), ("sep", "sept", "september", "settembre"), ("oct", "october", "oktober", "ottobre"),
    ("nov", "november", "novembre"), ("dec", "december", "dezember", "dicembre")), start=1) for name in names}

# Each unit as it is written, the unit it is recorded in, and the factor to that unit. Tried in this
# order at the end of a number, so a longer spelling comes before a shorter one that starts it.
_YUAN = r"(?:yuan|RMB|CNY|元)"
_PER = r"\s?(?:/|per\s|a\s)\s?"
UNITS = [
    (r"(?:" + _YUAN + r"|USD|dollars?|euros?|EUR)?" + _PER + r"k?Wh(?![A-Za-z])", "money/energy", 1),  # '$100/kWh', '0.45 yuan/Wh': read, in no table
    (_YUAN + _PER + r"(?:metric\s(?:tons?|tonnes?)|mt|tonnes?|tons?|t|吨)(?![A-Za-z])", "yuan/t", 1),
    (_YUAN + _PER + r"(?:kg|kilograms?|公斤|千克)(?![A-Za-z])", "yuan/kg", 1),
    (r"k\s?Wh\s?(?:/|per|pro|al|par)\s?(?:kg|kilograms?)(?![A-Za-z])", "Wh/kg", 1000),
    (r"(?:Wh\s?(?:/|per|pro|al|par)\s?(?:kg|kilograms?)|watt[-\s]hours?\s(?:of\senergy\s)?per\skilo(?:gram)?s?|瓦时/千克)(?![A-Za-z])", "Wh/kg", 1),
    (r"(?:T\s?Wh|terawatt[-\s]hours?)(?![A-Za-z])", "GWh", 1000),
    (r"(?:G\s?Wh|gigawatt[-\s]hours?)(?![A-Za-z])", "GWh", 1),
    (r"(?:M\s?Wh|megawatt[-\s]hours?)(?![A-Za-z])", "MWh", 1),
    (r"(?:k\s?Wh|kilowatt[-\s]hours?)(?![A-Za-z])", "kWh", 1),
    (r"(?:MW|GW|megawatts?|gigawatts?)(?![A-Za-z])", "MW", 1),  # power of a storage site: read, so it is not taken for another unit
    (r"mS\s?/\s?cm", "mS/cm", 1),
    (r"(?:Ah|amp[-\s]hours?)(?![A-Za-z])", "Ah", 1),
    (r"(?:kW|kilowatts?)(?![A-Za-z])", "kW", 1),
    (r"(?:°\s?C|℃|degrees?\sCelsius|Grad(?:\sCelsius)?|gradi(?:\scentigradi)?)(?![A-Za-z])", "°C", 1),
    (r"(?:°\s?F|℉|degrees?\sFahrenheit)(?![A-Za-z])", "°F", 1),
    (r"(?:%|percent|per\scent|Prozent|per\scento|pct)(?![A-Za-z])", "%", 1),
    (r"(?:ktpa|kt/a|kt/yr|kt\sper\syear|thousand\s(?:tonnes|tons)\s(?:per|a)\s(?:year|annum))(?![A-Za-z])", "t/yr", 1000),
    (r"(?:tpa|t/a|t/yr|t/year|(?:metric\s)?(?:tonnes|tons)\s(?:per|a)\s(?:year|annum)|吨/年)(?![A-Za-z])", "t/yr", 1),
    (r"(?:kt|thousand\s(?:metric\s)?(?:tonnes|tons))(?![A-Za-z])", "t", 1000),
    (r"(?:Mt|million\s(?:metric\s)?(?:tonnes|tons))(?![A-Za-z])", "t", 1e6),
    (r"(?:mt|metric\s(?:tons?|tonnes?)|tonnes?|tons?|t|吨)(?![A-Za-z])", "t", 1),
    (r"(?:kg|kilograms?|Kilogramm|chili|公斤|千克)(?![A-Za-z])", "kg", 1),
    (r"(?:km\s?/\s?h|kph|mph|miles\sper\shour|kilomet(?:er|re)s\sper\shour)(?![A-Za-z])", "speed", 1),  # read, so it is not taken for a distance
    (r"(?:km|kilomet(?:er|re)s?|Kilometer[n]?|chilometri|公里)(?![A-Za-z])", "km", 1),
    (r"(?:miles?|mi)(?![A-Za-z])", "mi", 1),
    (r"(?:minutes?|mins?|Minuten?|minuti|分钟)(?![A-Za-z])", "min", 1),
    (r"(?:days?|Tage[n]?|giorni|天)(?![A-Za-z])", "days", 1),
    (r"(?:(?:charge|charging|battery)\s)?(?:cycles?|Ladezyklen|Zyklen|cicli)(?![A-Za-z])", "cycles", 1),
    (r"(?:Nm|newton[-\s]met(?:er|re)s?)(?![A-Za-z])", "Nm", 1),
    (r"(?:hp|bhp|horsepower|cv)(?![A-Za-z])", "hp", 1),
    (r"PS(?![A-Za-z])", "PS", 1),
    (r"(?:dollars|USD|US\$)(?![A-Za-z])", "USD", 1),
    (r"(?:euros?|EUR|€)(?![A-Za-z])", "EUR", 1),
    (_YUAN + r"(?![A-Za-z/])", "yuan", 1),
]
CURRENCY_SIGNS = {"$": "USD", "US$": "USD", "€": "EUR", "¥": "yuan", "RMB": "yuan", "CNY": "yuan", "USD": "USD", "EUR": "EUR"}

QUALIFIERS = [  # words before a figure (or right after it) and the qualifier they give
    (r"(?:about|around|approximately|approx\.|roughly|nearly|almost|some|circa|close\sto|an\sestimated|ca\.|etwa|rund|circa|约|大约|近)\s*$", "about"),
    (r"(?:over|more\sthan|exceed(?:s|ed|ing)?|surpass(?:es|ed|ing)?|above|beyond|at\sleast|in\sexcess\sof|upwards\sof|top(?:s|ped)?|"
     r"mehr\sals|über|oltre|più\sdi|超过|超)\s*(?:the\s[\w\s-]{0,30}?of\s)?$", "over"),
    (r"(?:under|below|less\sthan|fewer\sthan|lower\sthan|short\sof|weniger\sals|unter|meno\sdi|不到|低于)\s*$", "under"),
    (r"(?:up\sto|as\smuch\sas|as\smany\sas|approaching|potentially\sapproaching|a\smaximum\sof|bis\szu|fino\sa|最高|高达)\s*$", "up to"),
]
AFTER_QUALIFIERS = [(r"^\s?[-‐]?\s?level", "level"), (r"^\s?(?:以上|or\smore|plus|\+)", "over"), (r"^\s?(?:以下|or\sless)", "under")]


@dataclass
class Quantity:
    """A figure of a sentence: `value` (and `high` for a range) in `unit`, where it stands, and how
    the sentence qualifies it ("about", "over", "up to", "level")."""

    value: float
    unit: str
    start: int
    end: int
    high: float | None = None
    qualifier: str = ""
    text: str = ""
    connector: str = ""  # between the two ends of a range: '–', 'to' …


def sentences(text: str) -> list[str]:
    """The text's sentences, each an exact passage of it (a heading or list line is one too). A
    header of the archive's form (URL:, DATE:, TITLE: lines, then `---`) is left out."""
    lines = text.splitlines()
    head = next((i for i, line in enumerate(lines[:12]) if line.strip() == "---"), None)
    if head is not None and any(line.startswith(("URL:", "TITLE:", "DATE:")) for line in lines[:head]):
        lines = lines[head + 1:]
    found = []
    for line in lines:
        for part in re.split(r"(?<=[.!?])\s+(?=[\"“'(\[A-Z0-9À-ÖØ-Þ])|(?<=[。！？；])|\s\[\.\.\.\]\s?|\[\.\.\.(?:truncated)?\]", line):
            part = (part or "").strip()
            if re.search(r"\w", part):
                found.append(part)
    return found


def _number_pattern(language: str) -> str:
    if language in DECIMAL_COMMA:
        return r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
    return r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"


def number(text: str, language: str = "en") -> float:
    """A number as printed: '148,500' and '2.52' (or '100.000' and '33,3' where a comma is the decimal
    mark), a sign (also '−'), or a number word ('five')."""
    text = text.strip().replace("−", "-")
    words = WORD_NUMBERS.get(language, {})
    if text.lower() in words:
        return float(words[text.lower()])
    if language in DECIMAL_COMMA and not re.fullmatch(r"-?[1-9]\d{0,2}(?:,\d{3})+", text):  # '1,000' is a thousand anywhere
        text = text.replace(".", "").replace(",", ".")
    return float(text.replace(",", ""))


def _figure(language: str) -> str:
    words = "|".join(sorted(WORD_NUMBERS.get(language, {}), key=len, reverse=True)) or "(?!)"
    return rf"(?:(?<![\w.,])[-−](?=\d))?(?<![A-Za-z0-9.,])(?:{_number_pattern(language)}|(?i:\b(?:{words})\b))"


_CONNECTOR = r"\s?(?:–|—|-|~|to|bis|a|al|至|到)\s?"
_SCALE = r"(?:\s?(?:thousand|million|mn|billion|bn|trillion)\b|\s?[万亿])?"


def quantities(sentence: str, language: str = "en") -> list[Quantity]:
    """Every figure with a unit in the sentence, left to right: '5.2kt' (5200 t), '1.12 billion yuan',
    '120,000–135,000 yuan/mt' (a range), '-30 to 100 degrees Celsius', '$29,900', 'five-minute'.
    Figures without a unit (years, counts, ids) are not quantities."""
    figure = _figure(language)
    units = "|".join(f"(?P<u{i}>{pattern})" for i, (pattern, _, _) in enumerate(UNITS))
    pattern = re.compile(
        rf"(?P<sign>US\$|\$|€|¥|(?:RMB|CNY|USD|EUR)\s?)?(?P<low>{figure})(?P<lowscale>{_SCALE})"
        rf"(?:(?P<lowunit>\s?(?:{'|'.join(p for p, _, _ in UNITS)}))?(?P<connector>{_CONNECTOR})(?P=sign)?(?P<high>{figure}))?"
        rf"(?P<scale>{_SCALE})[\s-]?(?P<unit>{units})?"
    )
    found = []
    for match in pattern.finditer(sentence):
        sign = (match["sign"] or "").strip()
        unit_index = next((i for i in range(len(UNITS)) if match[f"u{i}"] is not None), None)
        if unit_index is None and (sign not in CURRENCY_SIGNS or sentence[match.end():match.end() + 1] == "/"):
            continue  # no unit, or a rate ('$12/kg') in no table
        unit, factor = (UNITS[unit_index][1:] if unit_index is not None else (CURRENCY_SIGNS[sign], 1))
        if match["low"].isalpha() and (match["high"] or sentence[match.end("low"):match.end("low") + 1] not in (" ", "-")):
            continue  # a number word only right before its unit
        scale = SCALES.get((match["scale"] or match["lowscale"] if not match["high"] else match["scale"]).strip().lower(), 1)
        low = number(match["low"], language) * factor * SCALES.get(match["lowscale"].strip().lower(), scale)
        high = number(match["high"], language) * scale * factor if match["high"] else None
        connector = (match["connector"] or "").strip()
        if high is not None and high <= low:  # '245 kg to 230 kg' is a change, not a range: two figures
            found.append(_quantity(sentence, low, unit, match.start(), match.end("lowunit") if match["lowunit"] else match.end("low")))
            found.append(_quantity(sentence, high, unit, match.start("high"), match.end()))
            continue
        found.append(_quantity(sentence, low, unit, match.start(), match.end(), high, connector))
    return found


def _quantity(sentence: str, value: float, unit: str, start: int, end: int, high: float | None = None, connector: str = "") -> Quantity:
    """A figure with the qualifier the words around it give."""
    before, after = sentence[max(0, start - 60):start], sentence[end:end + 12]
    qualifier = next((q for p, q in QUALIFIERS if re.search(p, before, re.IGNORECASE)), "")
    qualifier = next((q for p, q in AFTER_QUALIFIERS if re.search(p, after, re.IGNORECASE)), qualifier)
    return Quantity(_round(value), unit, start, end, None if high is None else _round(high), qualifier, sentence[start:end], connector)


def _round(value: float) -> float:
    return float(f"{value:.12g}")


def clause(sentence: str, q: Quantity) -> str:
    """The clause of the sentence that holds the figure: between the nearest ', ' ';' ':' 'and' 'while'
    'but' before it and after it."""
    boundary = r"[,;:]\s|\s(?:and|while|but|whereas|und|e|mentre)\s"
    starts = [m.end() for m in re.finditer(boundary, sentence[:q.start])]
    after = re.search(boundary, sentence[q.end:])
    return sentence[starts[-1] if starts else 0:q.end + after.start() if after else len(sentence)]


def dates(sentence: str) -> list[tuple[int, str]]:
    """Each date the sentence prints, where it stands and as precise as it is printed: 'August 22, 2025'
    (2025-08-22), '22 August 2025', 'October 2025' (2025-10), 'in 2024' (2024)."""
    month = r"(?P<month>[A-Za-zäÄ]{3,9})\.?"
    found, taken = [], []
    for pattern in (rf"{month}\s(?P<day>\d{{1,2}}),\s(?P<year>20\d\d)", rf"(?P<day>\d{{1,2}})\.?\s{month}\s(?P<year>20\d\d)",
                    rf"{month},?\s(?P<year>20\d\d)", r"(?P<year>20\d\d)年(?P<month>\d{1,2})月(?:(?P<day>\d{1,2})日)?",
                    r"(?<![\w.,/-])(?P<year>20\d\d)(?![\w/%-]|\.\d|,\d)"):
        for match in re.finditer(pattern, sentence):
            if any(a <= match.start() < b for a, b in taken):
                continue
            groups = match.groupdict()
            if groups.get("month"):
                m = groups["month"]
                m = int(m) if m.isdigit() else MONTHS.get(m.lower())
                if not m:
                    continue
                text = f"{groups['year']}-{m:02d}" + (f"-{int(groups['day']):02d}" if groups.get("day") else "")
            else:
                text = groups["year"]
            taken.append((match.start(), match.end()))
            found.append((match.start(), text))
    return sorted(found)
