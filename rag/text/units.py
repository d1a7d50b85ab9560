"""Units as printed under table titles (`Unit: USD 100 million, %`) and their normalised meaning.

The rule throughout is: keep what the document printed (`Unit.raw`) and normalise only what it states. A bare
`$` or `us \\$` says "US dollars" but not the scale, so its `scale` stays `None` even where the text around the
table makes 亿美元 likely; the answer layer must not multiply by a scale the document never gave.
"""

from __future__ import annotations

import re

from rag.types import Unit

_PREFIX = re.compile(r"^\s*[(（]?\s*(?:unit|units|单位)\s*[:：]\s*", re.IGNORECASE)
# Split on list separators, but not on the thousands comma of "10,000 TEU".
_SEPARATORS = re.compile(r"\s*(?:[，、;；]|,(?!\d{3}))\s*")

_PERCENT = {"%", "％", "percent", "per cent", "百分比", "百分点"}
_COUNT = {"a", "pcs", "pc", "个", "项", "件", "家", "count", "number"}

# Longest phrases first: "万亿" before "亿" and "万", "100 million" before "million".
_SCALES: tuple[tuple[str, float], ...] = (
    ("hundred million", 1e8),
    ("100 million", 1e8),
    ("ten thousand", 1e4),
    ("10,000", 1e4),
    ("10000", 1e4),
    ("trillion", 1e12),
    ("billion", 1e9),
    ("million", 1e6),
    ("thousand", 1e3),
    ("万亿", 1e12),
    ("十亿", 1e9),
    ("百万", 1e6),
    ("亿", 1e8),
    ("万", 1e4),
    ("千", 1e3),
)
_SCALE_NAMES = {1e3: "thousand", 1e4: "10,000", 1e6: "million", 1e8: "100 million", 1e9: "billion", 1e12: "trillion"}

_USD = ("usd", "us dollar", "u.s. dollar", "dollar", "$", "美元")
_CNY = ("cny", "rmb", "yuan", "人民币", "元", "¥", "￥")
_EUR = ("eur", "euro", "欧元", "€")
_GBP = ("gbp", "£", "pound sterling")
# Dollars of other countries (`NZ$`, `A$`, `HK$`) are checked before a bare `$`; `US$` and `us \$` before them.
_US_DOLLAR = re.compile(r"(?<![a-z])u\.?s\.?\s?\$")
_OTHER_DOLLAR = re.compile(r"(?<![a-z])(nz|au|a|c|ca|hk|s|sg|nt)\s?\$")
_OTHER_DOLLARS = {"nz": "NZD", "au": "AUD", "a": "AUD", "c": "CAD", "ca": "CAD", "hk": "HKD", "s": "SGD", "sg": "SGD"}
_OTHER_DOLLARS["nt"] = "TWD"
_TEU = ("teu", "标箱", "标准箱")

# Header words that decide which stated unit a column takes (checked in this order; lower-cased match).
RANK_WORDS = ("排名", "排序", "位次", "名次", "序号", "rank", "no.")
PERCENT_WORDS = ("增长率", "增速", "同比", "比重", "占比", "比例", "年增长", "增长", "growth", "share", "percent", "%")
COUNT_WORDS = ("项目数量", "数量", "个数", "项目数", "number of", "count")


def _scale_of(text: str) -> float | None:
    return next((value for word, value in _SCALES if word in text), None)


def _currency_of(text: str) -> str:
    """ISO code of the currency named in lower-cased `text` ("" if none). 美元 is checked before 元, `US$` and
    `NZ$` before `$`."""
    if _US_DOLLAR.search(text):
        return "USD"
    other = _OTHER_DOLLAR.search(text)
    if other:
        return _OTHER_DOLLARS[other.group(1)]
    for code, words in (("USD", _USD), ("EUR", _EUR), ("GBP", _GBP), ("CNY", _CNY)):
        if any(word in text for word in words):
            return code
    return ""


def currency_label(currency: str, scale: float | None) -> str:
    if scale is None:
        return f"{currency} (scale not stated)"
    if scale == 1e8:
        return f"{currency} 100 million"
    return f"{currency} {_SCALE_NAMES.get(scale, f'x{scale:g}')}"


def normalize_unit(text: str) -> Unit:
    """Normalise one printed unit (`亿美元`, `USD billion`, `%`, `PCS`, `ten thousand TEU`, ...).

    Anything not recognised comes back as kind "unknown" with `label` = the raw text.
    """
    raw = text.strip()
    low = raw.lower().replace("\\$", "$").strip(" .。")
    if low in _PERCENT:
        return Unit(raw=raw, label="%", kind="percent")
    if low in _COUNT:
        return Unit(raw=raw, label="count", kind="count")
    scale = _scale_of(low)
    if any(word in low for word in _TEU):
        label = f"{_SCALE_NAMES.get(scale, f'x{scale:g}')} TEU" if scale else "TEU"
        return Unit(raw=raw, label=label, kind="quantity", scale=scale, base="TEU")
    currency = _currency_of(low)
    if currency:
        return Unit(
            raw=raw,
            label=currency_label(currency, scale),
            kind="currency",
            currency=currency,
            scale=scale,
            base=currency,
        )
    return Unit(raw=raw, label=raw, kind="unknown", scale=scale)


def parse_unit_line(text: str) -> list[Unit]:
    """Split a printed unit line (`Unit: USD 100 million, %, PCS`) into its units, in printed order."""
    body = _PREFIX.sub("", text.strip())
    if text.strip().startswith(("(", "（")):
        body = body.rstrip(")） ")
    parts = (part.strip() for part in _SEPARATORS.split(body))
    return [normalize_unit(part) for part in parts if part]


def percent_unit_from_note(note: str) -> Unit | None:
    """A percent unit from a note such as `(real GDP, annual percentage change)`, keeping the note as `raw`.

    Used only when a table has no Unit line: the note is the document's own statement that values are percentages.
    """
    low = note.lower()
    if "percent" in low or "%" in low or "百分比" in low or "增长率" in low:
        return Unit(raw=note.strip(), label="%", kind="percent")
    return None


def _has_word(header: str, words: tuple[str, ...]) -> bool:
    low = header.lower()
    return any(word in low for word in words)


def assign_column_units(headers: list[str], units: list[Unit]) -> list[Unit | None]:
    """Give each value column the stated unit its header implies.

    Rank columns (排名, 位次, rank) get None: a position has no unit. Growth/share columns (增长率, 同比, 比重, ...)
    take the stated percent unit, quantity columns (数量, 项目数量, ...) the stated count unit; both are checked
    before the main unit so that `数量 增长率` is a percentage. Every other column takes the first stated unit that
    is neither percent nor count; when the table states a single unit (e.g. only `%`), that unit applies to all
    non-rank columns. None when nothing fits: a unit is never guessed.
    """
    percent = next((unit for unit in units if unit.kind == "percent"), None)
    count = next((unit for unit in units if unit.kind == "count"), None)
    main = next((unit for unit in units if unit.kind not in ("percent", "count")), None)
    if main is None and len(units) == 1:
        main = units[0]
    result: list[Unit | None] = []
    for header in headers:
        if _has_word(header, RANK_WORDS):
            result.append(None)
        elif _has_word(header, PERCENT_WORDS):
            result.append(percent)
        elif _has_word(header, COUNT_WORDS):
            result.append(count)
        else:
            result.append(main)
    return result


def main_unit(units: list[Unit]) -> Unit | None:
    """The table's headline unit: the first non-percent unit, or the only unit when all are percent."""
    return next((unit for unit in units if unit.kind != "percent"), units[0] if units else None)


# --- scales stated by notes, unit rows and header cells (company filings) -------------------------------------

# The phrase a filing states its tables' scale with: `(in millions)`, `($ in thousands, except per share data)`,
# `in millions of USD`, `(columnar dollars in millions ...)`, `Expressed in thousands of U.S. dollars`.
_IN_SCALE = re.compile(r"\bin\s+(thousands|millions|billions)\b")
# Marks that are a unit and nothing else, in a header cell or unit row: `$'000`, `US$000`, `RMB'000`, `(000s)`,
# `$M`, `€m`, `US$MM`, and a bare scale word (`(millions)`, `NZ$ MILLION`).
_THOUSANDS_MARK = re.compile(r"(?<![\d,.])['’]?000(?:['’]?s)?(?![\d,.])")
_MILLIONS_MARK = re.compile(r"(?:[$€£¥]|\b(?:usd|rmb|eur|gbp))\s*mm?\b")
_SCALE_WORD = re.compile(r"\b(thousands?|millions?|billions?)\b")
_WORD_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9}
_NOTE_MARGIN = 30


def _note_around(text: str, start: int, end: int) -> str:
    """The parenthesised note holding text[start:end], or the words within _NOTE_MARGIN characters of it."""
    opened = text.rfind("(", 0, start)
    if opened >= 0 and ")" not in text[opened:start]:
        closed = text.find(")", end)
        return text[opened : closed + 1 if closed >= 0 else len(text)].strip()
    return text[max(0, start - _NOTE_MARGIN) : end + _NOTE_MARGIN].strip()


def stated_scale(text: str, whole: bool = False) -> Unit | None:
    """The unit a note states for a table's amounts: its scale and, when the note names one, its currency.

    In running text only the filing phrase `in thousands|millions|billions` counts (`$5 million` states an amount,
    not a scale). With `whole` (the text is a unit row or a header cell and nothing else) a bare scale word
    (`(millions)`, `NZ$ MILLION`) or mark (`$'000`, `US$000`, `$M`) counts too. `raw` is the note as printed.
    """
    low = text.lower().replace("\\$", "$")
    match = _IN_SCALE.search(low)
    if match:
        scale = _WORD_SCALES[match.group(1).rstrip("s")]
        note = _note_around(text, match.start(), match.end())
    elif not whole:
        return None
    elif _THOUSANDS_MARK.search(low):
        scale, note = 1e3, text.strip()
    elif _MILLIONS_MARK.search(low):
        scale, note = 1e6, text.strip()
    elif _SCALE_WORD.search(low):
        scale, note = _WORD_SCALES[_SCALE_WORD.search(low).group(1).rstrip("s")], text.strip()
    else:
        return None
    currency = _currency_of(note.lower().replace("\\$", "$"))
    if currency:
        return Unit(note, currency_label(currency, scale), "currency", currency, scale, currency)
    return Unit(note, _SCALE_NAMES[scale], "unknown", scale=scale)
