"""One cell of the data in the editor's words: a number only as plain ASCII digits, a date only as
one in the calendar, text without invisible blemishes; what is wrong with a cell, shown visibly, with
its fix ("write 3.5", "did you mean S11?")."""

from __future__ import annotations

import calendar
import difflib
import functools
import re
import unicodedata
from datetime import date
from decimal import Decimal

MAX_DIGITS = 15  # what a float (and so a chapter) holds exactly

_PLAIN = {"number": re.compile(r"-?[0-9]+(\.[0-9]+)?"), "integer": re.compile(r"-?[0-9]+")}
_NOT_NUMBERS = {"nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity", "na", "n/a", "null", "none", "-", "—", "?"}
_SCALES = {"thousand": 3, "k": 3, "千": 3, "万": 4, "million": 6, "mn": 6, "m": 6, "亿": 8, "billion": 9, "bn": 9}
_SCALED = re.compile(rf"(-?[0-9]+(?:\.[0-9]+)?)\s*({'|'.join(sorted(_SCALES, key=len, reverse=True))})\s*(?:yuan|rmb|元)?", re.I)
_MINUSES = "\u2212\u2013\u2010\u2011\ufe63"  # minus sign, en dash, hyphen, non-breaking hyphen, small hyphen-minus
_DATE_START = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?(?![0-9])")


def parse_cell(field, cell: str, scaled: bool, read=None) -> tuple[str | None, object]:
    """What is wrong with a cell, in the editor's terms (None if nothing), and its value. `read` is
    the field's cell reader (`field.create_cell_reader()`), made once for a column's many cells."""
    plain = cell.isprintable() and cell.strip(" ") == cell  # no invisible character, no space at an end
    if cell and not plain and not without_blemishes(cell):
        return f"the cell holds only {shown_cell(cell)}: leave it empty or write the value", None
    if field.type in _PLAIN:
        message = _number_problem(cell, field.type, scaled, field.required)
        if message:
            return f"type error: {message}", None
    value, notes = (read or field.read_cell)(cell)
    if notes:
        return _constraint_message(field, cell, notes), None
    if field.type == "number":
        return None, None if value is None else float(value)
    if field.type == "integer":
        return None, value
    if field.constraints.get("pattern") and cell:
        problem = _calendar(cell)
        if problem:
            return f"constraint error: {problem}" + ("" if len(cell) <= 10 else f": the {field.name} starts with it"), None
    if plain:
        return None, cell
    edges = [b for b in _blemishes(cell) if not b.startswith("has ")]
    if edges:
        return f"{shown_cell(cell)} {' and '.join(edges)}: delete {'it' if len(edges) == 1 else 'them'}", None
    hidden = list(dict.fromkeys(c for c in cell if _hidden(c)))
    if hidden:
        names = " and ".join(_a(_char_name(c)) for c in hidden)
        return f"{shown_cell(cell)} has {names} inside: delete {'it' if len(hidden) == 1 else 'them'} (invisible to readers, such characters can reorder or hide text)", None
    return None, cell


_JOINERS = {"\u200c", "\u200d"}  # zero-width (non-)joiners: part of emoji and of Persian and Indic writing


def _hidden(char: str) -> bool:
    """A character no reader sees and no cell needs: controls other than line feed and tab, format
    characters (zero-width spaces, right-to-left overrides, byte-order marks) but the joiners, line and
    paragraph separators, private-use and unassigned code points."""
    kind = unicodedata.category(char)
    if kind == "Cc":
        return char not in "\n\t"
    if kind == "Cf":
        return char not in _JOINERS
    return kind in ("Zl", "Zp", "Co", "Cs", "Cn")


def _number_problem(cell: str, kind: str, scaled: bool, required: bool) -> str | None:
    """What keeps `cell` from being a plain ASCII number, and how to write it (None if it is one)."""
    if not cell:
        return None
    if _PLAIN[kind].fullmatch(cell):
        digits = len(cell.lstrip("-").replace(".", "").lstrip("0"))
        if digits > MAX_DIGITS:
            return f"{shown_cell(cell)} has more digits than a chapter can show exactly ({MAX_DIGITS} at most): check it"
        return None
    shown, word = shown_cell(cell), without_blemishes(cell).casefold()
    if word in _NOT_NUMBERS:
        empty = "" if required else ", or leave the cell empty if it gives none"
        return f"{shown} is not a number: write the source's figure in ASCII digits{empty}"
    if word.startswith("#"):
        return f"{shown} is a spreadsheet error, not a number: type the source's figure"
    text, reasons, foreign_digits = _plain_number(cell)
    if _PLAIN[kind].fullmatch(text) or (kind == "integer" and _PLAIN["number"].fullmatch(text)):
        if kind == "integer" and not _PLAIN["integer"].fullmatch(text):
            whole = Decimal(text)
            if whole != whole.to_integral_value():
                return f"{shown} is not a whole number"
            reasons.append("is not a whole number")
            text = str(int(whole))
        return f"{shown} {' and '.join(reasons)}; write {'ASCII digits ' if foreign_digits else ''}{text}"
    if re.fullmatch(r"-?[0-9]+(\.[0-9]+)?[eE][-+]?[0-9]+", text):
        return f"{shown} is in scientific notation (a spreadsheet may have rounded it); write the number in full as the source prints it"
    match = _SCALED.fullmatch(text)
    if match and scaled:
        number = Decimal(match[1]) * 10 ** _SCALES[match[2].casefold()]
        return f"{shown} is a number with a word; write it in full: {number.normalize():f}"
    if re.fullmatch(r"[-~≈约]?\s*[\d.,]+\s*\S.*", text):
        return f"{shown} is a number with text; put only the number here and the unit in its own column"
    return f"{shown} is not a {'whole ' if kind == 'integer' else ''}number"


def _plain_number(cell: str) -> tuple[str, list[str], bool]:
    """`cell` rewritten as a plain ASCII number where it is one written another way, the ways, and
    whether its digits were not ASCII."""
    reasons = [b for b in _blemishes(cell) if not b.startswith("has ")]
    text = _trim(cell)
    hidden = dict.fromkeys(c for c in text if unicodedata.category(c) == "Cf")
    reasons += [f"has {_a(_char_name(c))}" for c in hidden]
    text = "".join(c for c in text if c not in hidden)
    digits = {unicodedata.name(c, "").split(" DIGIT ")[0] for c in text if not c.isascii() and unicodedata.decimal(c, None) is not None}
    foreign = bool(digits) or any(not c.isascii() and not c.isspace() and unicodedata.normalize("NFKC", c).isascii() for c in text)
    if foreign:
        scripts = sorted(s.title() for s in digits if s != "FULLWIDTH")
        if "FULLWIDTH" in digits or not digits:
            reasons.append("has full-width digits (typed with a Chinese or Japanese input method)")
        if scripts:
            reasons.append(f"has {' and '.join(scripts)} digits")
        text = "".join(str(unicodedata.decimal(c)) if unicodedata.decimal(c, None) is not None else c for c in text)
        text = "".join(c if c.isspace() else unicodedata.normalize("NFKC", c) for c in text).replace("\u066b", ".").replace("\u066c", ",")
    if text[:1] in _MINUSES:
        reasons.append(f"has a minus sign ({text[0]}) that is not the keyboard's hyphen-minus")
        text = "-" + text[1:]
    if text.startswith("+"):
        reasons.append("has a plus sign")
        text = text[1:]
    if re.fullmatch(r"-?[0-9]+(_[0-9]+)+(\.[0-9]+)?", text):
        reasons.append("has underscores between digits")
        text = text.replace("_", "")
    if re.fullmatch(r"-?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?", text):
        reasons.append("has a thousands separator")
        text = text.replace(",", "")
    elif re.fullmatch(r"-?[0-9]{1,3}(\.[0-9]{3})+,[0-9]+", text):
        reasons.append("has '.' between thousands and a decimal comma")
        text = text.replace(".", "").replace(",", ".")
    else:
        groups = re.fullmatch(r"-?[0-9]{1,3}(?P<sep>[ \u00a0\u202f\u2009'’])[0-9]{3}((?P=sep)[0-9]{3})*([.,][0-9]+)?", text)
        if groups:
            reasons.append(f"has {_a(_char_name(groups['sep']))} as a thousands separator")
            text = text.replace(groups["sep"], "")
        if re.fullmatch(r"-?[0-9]+,[0-9]+", text):
            reasons.append("has a decimal comma")
            text = text.replace(",", ".")
    if re.fullmatch(r"-?\.[0-9]+", text):
        reasons.append("starts with its decimal point")
        text = text.replace(".", "0.")
    elif re.fullmatch(r"-?[0-9]+\.", text):
        reasons.append("ends with its decimal point")
        text = text[:-1]
    return text, reasons, foreign


def _constraint_message(field, cell: str, notes: dict) -> str:
    constraints = field.constraints
    shown = shown_cell(cell)
    if "type" in notes:
        return f"type error: {shown} is not a {field.type}"
    if "required" in notes:
        return "constraint error: a value is required"
    if "pattern" in notes:
        clean = without_blemishes(cell)
        guesses = [g for g in (clean, clean.lower(), clean.upper()) if g != cell and re.fullmatch(constraints["pattern"], g)]
        hint = hint_for(cell, guesses[0] if guesses else None)
        return f"constraint error: {shown} is not {field.to_descriptor().get('patternDescription')}{hint}"
    if "enum" in notes:
        allowed = [str(v) for v in constraints["enum"]]
        hint = hint_for(cell, did_you_mean(cell, allowed))
        return f"constraint error: {shown} is not an allowed value{hint} ({', '.join(allowed)})"
    if "minimum" in notes:
        return f"constraint error: {cell} is below the minimum {constraints['minimum']}"
    if "maximum" in notes:
        return f"constraint error: {cell} is above the maximum {constraints['maximum']}"
    return "constraint error: " + "; ".join(notes.values())


def _calendar(cell: str) -> str | None:
    """Why a cell that starts with YYYY, YYYY-MM or YYYY-MM-DD does not start with a calendar date (None if it does)."""
    match = _DATE_START.match(cell)
    if not match:
        return None
    year, month, day = (int(part) if part else None for part in match.groups())
    if year == 0:
        return f"{match[1]} is not a year in the calendar (the years start at 0001)"
    if month and not 1 <= month <= 12:
        return f"{match[0]} is not a month in the calendar"
    if day:
        days = calendar.monthrange(year, month)[1]
        if not 1 <= day <= days:
            return f"{match[0]} is not a date in the calendar ({calendar.month_name[month]} {year} has {days} days)"
    return None


def day_of(text: str) -> str | None:
    """`text` if it is a calendar date written YYYY-MM-DD."""
    try:
        return text if date.fromisoformat(text).isoformat() == text else None
    except ValueError:
        return None


@functools.lru_cache(maxsize=None)
def period_of(text: str) -> tuple[str, str] | None:
    """First and last day of a partial date (YYYY, YYYY-MM or YYYY-MM-DD) as ISO strings, which compare
    as dates; None if `text` is not one."""
    if re.fullmatch(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?", text) is None or _calendar(text):
        return None
    if len(text) == 4:
        return f"{text}-01-01", f"{text}-12-31"
    if len(text) == 7:
        year, month = map(int, text.split("-"))
        return f"{text}-01", f"{text}-{calendar.monthrange(year, month)[1]:02d}"
    return text, text


# Words for what the editor cannot see.

_CHAR_NAMES = {
    " ": "space", "\u00a0": "no-break space", "\u202f": "narrow no-break space", "\u2009": "thin space",
    "\u3000": "ideographic space", "\u200b": "zero-width space", "\u200c": "zero-width non-joiner",
    "\u200d": "zero-width joiner", "\u2060": "word joiner", "\ufeff": "byte-order mark", "\t": "tab",
    "\n": "line feed", "\r": "carriage return", "'": "apostrophe", "’": "apostrophe",
}


def _char_name(char: str) -> str:
    named = unicodedata.name(char, "")
    return _CHAR_NAMES.get(char) or (named.lower() if named else f"control character U+{ord(char):04X}")


def _a(name: str) -> str:
    return ("an " if name[0] in "aeiou" else "a ") + name


def _invisible(char: str) -> bool:
    return char.isspace() or not char.isprintable()


def without_blemishes(text: str) -> str:
    """`text` without invisible characters and spaces at its ends."""
    if text.isprintable():  # its only invisible character can be the space
        return text.strip(" ")
    return "".join(c for c in text if c == " " or not _invisible(c)).strip(" ")


def _trim(text: str) -> str:
    """`text` without the invisible characters and spaces at its ends."""
    start, end = 0, len(text)
    while start < end and _invisible(text[start]):
        start += 1
    while end > start and _invisible(text[end - 1]):
        end -= 1
    return text[start:end]


def visible_text(text: str) -> str:
    """`text` with spaces at its ends shown as ␠ and every other invisible character named: '1<no-break space>120'."""
    core = text.strip(" ")
    lead = len(text) - len(text.lstrip(" "))
    trail = len(text) - len(text.rstrip(" ")) if core else 0
    body = "".join(f"<{_char_name(c)}>" if c != " " and _invisible(c) else c for c in core)
    return "␠" * lead + body + "␠" * trail


def shown_cell(text: str) -> str:
    return f"'{visible_text(text)}'"


def _blemishes(text: str) -> list[str]:
    """The invisible characters of `text` in words: 'ends with a space', 'has a zero-width space'."""
    found = []
    if text and _invisible(text[0]):
        found.append(f"starts with {_a(_char_name(text[0]))}")
    if len(text) > 1 and _invisible(text[-1]):
        found.append(f"ends with {_a(_char_name(text[-1]))}")
    inside = dict.fromkeys(c for c in text.strip() if c != " " and _invisible(c) and c not in (text[0], text[-1]))
    found += [f"has {_a(_char_name(c))}" for c in inside]
    return found


def blemish_note(text: str) -> str:
    """'; it ends with a space' (or nothing), to follow a quoted value."""
    found = _blemishes(text)
    return "; it " + " and ".join(found) if found else ""


def hint_for(cell: str, guess: str | None) -> str:
    """'; it ends with a space: did you mean S11?', '; did you mean S11?', or nothing without a guess."""
    if not guess:
        return ""
    note = blemish_note(cell)
    return f"{note}: did you mean {guess}?" if note else f"; did you mean {guess}?"


def did_you_mean(cell: str, allowed: list[str], close: bool = True) -> str | None:
    """The allowed value `cell` was meant to be: the same without invisible characters or in another case
    (or, for a short list of values, a close spelling)."""
    clean = without_blemishes(cell)
    for same in (lambda v: v == clean, lambda v: v.casefold() == clean.casefold()):
        matches = [v for v in allowed if same(v)]
        if len(matches) == 1 and matches[0] != cell:
            return matches[0]
    if close:
        matches = difflib.get_close_matches(clean, allowed, n=1, cutoff=0.85)
        return matches[0] if matches else None
    return None


def number_text(value: float) -> str:
    return f"{value:.15g}"
