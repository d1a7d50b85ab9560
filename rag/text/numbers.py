"""Numbers in report text, read and converted by code so that no figure is ever guessed by a model.

`extract_quantities` finds every figure in English or Chinese text with the unit printed next to it
(`\\$1.49 trillion`, `271.5亿美元`, `下降8.8%`, `0.4 percentage points`, `4915.8万标箱`). Decisions:

* Values are kept as printed, in the stated scale: `271.5亿美元` is value 271.5, scale 1e8. Direction words are not
  folded into the sign (`下降8.8%` and `down 8.8%` are 8.8); only a printed minus (`-`, `−`, `－`) makes a value
  negative.
* Years (`2022`, `2022年`, each end of `2003-2022`) come back with kind "year" so that callers can drop them. A year is
  a bare four-digit integer from 1900 to 2100 without sign, comma, scale or unit, so `2000 TEU` is a quantity.
* Identifiers are skipped, not returned: list markers (`1.` or `（1）` at a line start or after a sentence end), numbers
  after `No.`, `Table`, `Figure`, `Chapter`, `表`, `图`, `第` (with the whole id, `Table 1-9`), numbers glued to letters
  (`G20`, `5G`, `COVID-19`, `23rd`), and numbers written in words (`two thirds`, `百分之十`).
* The machine-translated corpus prints `1631.2 \\$billion` where the source said 1631.2亿美元 (USD 163.12 billion).
  Such a figure is returned as read (scale 1e9) with `note="garbled unit"`, and `same_quantity` never lets it confirm
  anything. A leading zero (`\\$090 million`, a mangled `0.9亿`) is read as 90 with `note="leading zero"`.

Comparison (`same_quantity`, `numbers_match`) uses a relative tolerance of 0.1 % by default: enough for float noise
and for a ratio rounded to the reports' one decimal (64.14 → 64.1 is 0.06 %), but a source figure printed with fewer
digits than the source has is not a match (27.2 for 27.15 is off by 0.18 %).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from rag.text.figures import shown, unit_joins, unit_name
from rag.text.units import normalize_unit

REL_TOL = 1e-3
# Factors between the unit scales that reports switch between (万, 亿, million, billion, trillion): 1e-4 .. 1e4.
SCALE_FACTORS: tuple[float, ...] = (1, 1e1, 1e-1, 1e2, 1e-2, 1e3, 1e-3, 1e4, 1e-4)

KINDS = ("currency", "percent", "percentage_points", "count", "quantity", "number", "year")
_UNITLESS = ("percent", "percentage_points", "year")


@dataclass(frozen=True)
class Quantity:
    """One number found in text. `value` is in the stated scale; `scale` multiplies it to base units.

    `note` is empty for a clean reading; otherwise it says why the reading is doubtful ("garbled unit", "leading zero").
    """

    value: float
    scale: float = 1.0
    kind: str = "number"
    currency: str = ""
    base: str = ""
    text: str = ""
    start: int = 0
    end: int = 0
    note: str = ""

    @property
    def base_value(self) -> float:
        """The value in base units (USD, TEU, ...). Percentages, points and years are returned as printed."""
        if self.kind in _UNITLESS or not self.scale:
            return self.value
        return to_base(self.value, self.scale)

    @property
    def is_bare(self) -> bool:
        """A number with neither unit nor scale word (`1,631.2`, a table cell, a year)."""
        return self.kind in ("number", "year") and self.scale == 1


# --- parsing -----------------------------------------------------------------------------------------------------


_MINUSES = str.maketrans({"−": "-", "–": "-", "—": "-", "－": "-", "＋": "+", "，": ","})
# Currency marks printed in front of a cell figure, longest first, and the ISO code each states. `$` alone is USD,
# as everywhere in this project; `¥` is CNY (the reports are Chinese).
CELL_CURRENCIES: tuple[tuple[str, str], ...] = (
    ("U.S.$", "USD"),
    ("US$", "USD"),
    ("USD", "USD"),
    ("NZ$", "NZD"),
    ("AU$", "AUD"),
    ("A$", "AUD"),
    ("C$", "CAD"),
    ("HK$", "HKD"),
    ("S$", "SGD"),
    ("RMB", "CNY"),
    ("CNY", "CNY"),
    ("EUR", "EUR"),
    ("GBP", "GBP"),
    ("$", "USD"),
    ("¥", "CNY"),
    ("￥", "CNY"),
    ("€", "EUR"),
    ("£", "GBP"),
)
_CELL_CURRENCY = "|".join(re.escape(mark) for mark, _ in CELL_CURRENCIES)
_CELL_SUFFIX_KINDS = {"x": "multiple", "×": "multiple", "pts": "points", "pt": "points", "pp": "points"}
_CELL_SUFFIX_KINDS["bps"] = "basis_points"
_FOOTNOTE = r"(?:\((?:[a-z]|\d{1,2}|[ivx]{1,4})\)|\*{1,3}|[†‡§¹²³⁴⁵⁶⁷⁸⁹])"
# A table cell as analysts' files print it: `1,631.2`, `-8.8`, `$1,452.4`, `$ 1,036.9`, `US$12`, `(1,234)` and
# `$(1,234)` for negatives, `13.0%`, `(15)%`, `1.2x`, `0.1 pts`, `18 bps`, and a footnote mark after the figure
# (`1,234(a)`, `1,234*`, `1.30 (1)`). A figure never starts with a zero digit (`US$000` is a unit, not 0).
_CELL_NUMBER = re.compile(
    r"^(?P<lead>[-+])?\s*(?P<open>\()?\s*"
    rf"(?P<currency>{_CELL_CURRENCY})?\s*"
    r"(?P<sign>[-+])?\s*(?P<open2>\()?\s*"
    r"(?P<num>(?:[1-9]\d{0,2}(?:,\d{3})+|[1-9]\d*|0)(?:\.\d+)?|\.\d+)"
    r"\s*(?P<pct>%)?\s*(?P<close>\))?\s*(?P<pct2>%)?"
    r"\s*(?P<suffix>x|×|pts?|pp|bps)?"
    rf"\s*(?P<foot>{_FOOTNOTE}(?:\s*,?\s*{_FOOTNOTE})*)?\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class CellNumber:
    """A figure as a table cell prints it: the value, and the marks printed around it.

    `currency` is the ISO code of the printed currency `mark` (`$`, `US$`, `¥`, `RMB`, `€`); `kind` is "number",
    "percent" (`13.0%`), "multiple" (`1.2x`), "points" (`0.1 pts`) or "basis_points" (`18 bps`); `footnote` is
    the mark after the figure (`(a)`, `*`), left out of the value.
    """

    value: float
    currency: str = ""
    kind: str = "number"
    footnote: str = ""
    mark: str = ""  # the currency mark as printed (`$`, `US$`, `RMB`)


def read_cell_number(text: str) -> CellNumber | None:
    """The figure of a table cell with its printed marks; None for `-`, `—`, empty text, words or two figures.

    Parentheses around the figure make it negative (`(2,020)`, `$(0.96)`, `(15)%`), as accounts print it; a minus
    inside them (`(−152)`) says the same once more.
    """
    cleaned = text.translate(_FULLWIDTH).translate(_MINUSES).strip()
    match = _CELL_NUMBER.match(cleaned)
    if not match:
        return None
    opened = bool(match["open"]) + bool(match["open2"])
    if opened != bool(match["close"]) or (match["lead"] and match["sign"]):
        return None
    negative = opened or "-" in ((match["lead"] or "") + (match["sign"] or ""))
    value = float(match["num"].replace(",", ""))
    printed = match["currency"] or ""
    currency = next((code for mark, code in CELL_CURRENCIES if mark == printed.upper()), "")
    kind = "percent" if match["pct"] or match["pct2"] else _CELL_SUFFIX_KINDS.get((match["suffix"] or "").lower())
    return CellNumber(-value if negative else value, currency, kind or "number", match["foot"] or "", printed)


def printed_figure(text: str) -> str:
    """A table cell's figure as printed, without the footnote mark after it (`1.73 (2), (3)` → `1.73`,
    `$(20,597)` as is); "" when the cell holds no figure."""
    cleaned = text.translate(_FULLWIDTH).translate(_MINUSES).strip()
    match = _CELL_NUMBER.match(cleaned)
    if not match or read_cell_number(text) is None:
        return ""
    return cleaned[: match.start("foot")].strip() if match["foot"] else cleaned


def parse_number(text: str) -> float | None:
    """The number of a table cell (`1,631.2`, `-8.8`, `−3`, `37%`, `$1,452.4`, `(2,020)`); None for `-`, `—`, empty
    text or words. `read_cell_number` also says which marks were printed around it."""
    reading = read_cell_number(text)
    return reading.value if reading else None


# Same-length replacements, so spans found in the translated text are spans of the original.
_FULLWIDTH = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)}, "．": ".", "％": "%", "＄": "$", "－": "-"})

_SP = r"[ \t\u00a0]?"
_PREFIX = r"(?:(?<![A-Za-z])(?:U\.?S\.?\s?\\?\$|USD|RMB|CNY|EUR)\s?|\\?\$\s?|[¥￥€]\s?|人民币)"
_SCALE_WORDS = (
    r"hundred[ \t]+million|ten[ \t]+thousand|thousand|million|billion|trillion|万亿|千亿|百亿|十亿|亿|千万|百万|万"
)
_UNIT_WORDS = (
    r"percentage[ \t]+points?|个百分点|百分点|%|percent|per[ \t]+cent"
    r"|(?:US[ \t]+|U\.S\.[ \t]+)?dollars?|USD|RMB[ \t]+yuan|RMB|CNY|yuan|euros?|EUR|元人民币|美元|人民币|欧元|元"
    r"|TEU|标准箱|标箱|tons|tonnes|吨|个|家|项|件|人|次|座"
)
_QUANTITY = re.compile(
    rf"(?P<sign1>[-−])?(?P<prefix>{_PREFIX})?(?P<sign2>[-−])?"
    r"(?(prefix)(?<![0-9_.])|(?<![A-Za-z0-9_.]))(?<![A-Za-z][-−])"
    r"(?<![A-Za-z]\d,)(?<![A-Za-z]\d\d,)(?<![A-Za-z]\d\d\d,)"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)|\d+(?:\.\d+)?)"
    rf"(?:{_SP}(?P<garbled>\\?\$(?:billion|million|trillion))"
    rf"|(?:{_SP}(?P<scale>{_SCALE_WORDS}))?(?:{_SP}(?P<unit>{_UNIT_WORDS}))?(?:{_SP}(?P<nian>年))?)"
    r"(?![A-Za-z0-9])",
    re.IGNORECASE,
)
_ID_BEFORE = re.compile(
    r"(?:(?<![A-Za-z])(?:No|Nos|Table|Tab|Figure|Fig|Chart|Box|Chapter|Section|Article|Annex|Appendix|Part)\.?\s*"
    r"|[表图第])(?:\d+\s?[-–.:]\s?)*$",
    re.IGNORECASE,
)
_LIST_BEFORE = re.compile(r"(?:^|\n|[.。;；:：!?！？]\s)[ \t]*[(（]?$")
_LIST_AFTER = re.compile(r"\.(?:\s|$)|[、)）]")

_SCALES = {
    "hundred million": 1e8,
    "ten thousand": 1e4,
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
    "万亿": 1e12,
    "千亿": 1e11,
    "百亿": 1e10,
    "十亿": 1e9,
    "亿": 1e8,
    "千万": 1e7,
    "百万": 1e6,
    "万": 1e4,
}
_USD_WORDS = ("$", "usd", "dollar", "美元")
_CNY_WORDS = ("rmb", "cny", "yuan", "元", "人民币", "¥", "￥")
_EUR_WORDS = ("eur", "€", "欧元")
_TEU_WORDS = ("teu", "标箱", "标准箱")
_TON_WORDS = ("ton", "吨")
_COUNT_WORDS = ("个", "家", "项", "件", "人", "次", "座")


def _currency(text: str) -> str:
    """ISO code of the currency named in lower-cased `text`; 美元 and `US dollar` are checked before 元 and `U`."""
    low = text.lower()
    for code, words in (("USD", _USD_WORDS), ("EUR", _EUR_WORDS), ("CNY", _CNY_WORDS)):
        if any(word in low for word in words):
            return code
    return ""


def _scale(word: str | None) -> float:
    return _SCALES[re.sub(r"\s+", " ", word.lower())] if word else 1.0


def _unit_kind(unit: str, currency: str) -> tuple[str, str]:
    """(kind, base) for the unit word after a number and the currency found around it."""
    low = unit.lower()
    if "point" in low or "百分点" in low:
        return "percentage_points", "pp"
    if low == "%" or "percent" in low or "per cent" in low:
        return "percent", "%"
    if currency:
        return "currency", currency
    if low in _TEU_WORDS:
        return "quantity", "TEU"
    if any(word in low for word in _TON_WORDS):
        return "quantity", "t"
    if low in _COUNT_WORDS:
        return "count", low
    return "number", ""


def _is_identifier(norm: str, start: int, end: int) -> bool:
    """A list marker (`1.` opening a line or sentence) or an id (`No. 3`, `Table 1-9`, `第3`), not a quantity."""
    if _ID_BEFORE.search(norm, max(0, start - 16), start):
        return True
    return bool(_LIST_BEFORE.search(norm, max(0, start - 8), start) and _LIST_AFTER.match(norm, end))


def _is_year(number: str, match: re.Match[str], sign: str | None) -> bool:
    plain = not (sign or match["prefix"] or match["scale"] or match["unit"])
    return plain and not match["garbled"] and re.fullmatch(r"\d{4}", number) is not None and 1900 <= int(number) <= 2100


def _sign_dropped(norm: str, pos: int) -> bool:
    """A minus right after a digit or Latin letter (`2003-2022`, `1 - 9`, `COVID-19`) is a dash, not a sign; after a
    word and a space (`is -USD 1.6 billion`, `fell to -3.2%`) or a Chinese character (`为-13.2%`) it is a sign."""
    before = norm[:pos]
    stripped = before.rstrip(" \t")
    if not stripped:
        return False
    if stripped[-1].isdigit() or stripped[-1] in ".)）":
        return True
    if "\u4e00" <= stripped[-1] <= "\u9fff":  # `同比为-13.2%`: Chinese runs on without a space before a sign
        return False
    return stripped[-1].isalnum() and stripped == before


def _quantity(text: str, norm: str, match: re.Match[str]) -> Quantity | None:
    number = match["num"]
    if _is_identifier(norm, match.start("num"), match.end("num")):
        return None
    start, end = match.start(), match.end()
    sign = match["sign1"] or match["sign2"]
    if match["sign1"] and _sign_dropped(norm, start):
        start, sign = start + 1, match["sign2"]
    if _is_year(number, match, sign):
        return Quantity(float(number), 1.0, "year", text=text[start:end], start=start, end=end)
    if match["nian"]:  # `3年` is a duration: keep the number, leave 年 out of the span
        end = match.start("nian")
    value = float(number.replace(",", "")) * (-1 if sign else 1)
    unit = match["unit"] or ""
    currency = _currency((match["prefix"] or "") + " " + unit + " " + (match["garbled"] or ""))
    kind, base = _unit_kind(unit, currency)
    scale = _scale(match["scale"])
    note = ""
    if match["garbled"]:
        kind, base, scale, note = "currency", currency, _scale(match["garbled"].lstrip("\\$")), "garbled unit"
    elif re.match(r"0\d", number):
        note = "leading zero"
    return Quantity(value, scale, kind, currency, base, text[start:end], start, end, note)


def extract_quantities(text: str) -> list[Quantity]:
    """Every number in `text` with the unit printed next to it, in order; identifiers are skipped (module doc)."""
    return list(_quantities(text))


@lru_cache(maxsize=8192)
def _quantities(text: str) -> tuple[Quantity, ...]:
    """`extract_quantities`, kept for the last 8192 texts: the reader reads the same sentences for every question
    that retrieves them (the quantities are frozen, so callers can share them)."""
    norm = text.translate(_FULLWIDTH)
    found = (_quantity(text, norm, match) for match in _QUANTITY.finditer(norm))
    return tuple(quantity for quantity in found if quantity is not None)


# --- conversion and display ---------------------------------------------------------------------------------------


def _dec(value: float) -> Decimal:
    return Decimal(repr(float(value)))


def to_base(value: float, scale: float) -> float:
    """`value` × `scale`, computed in decimal so that 271.5 × 1e8 is exactly 27150000000."""
    return float(_dec(value) * _dec(scale))


def convert(value: float, from_scale: float, to_scale: float) -> float:
    """`value` given in `from_scale` expressed in `to_scale` (271.5 at 1e8 → 27.15 at 1e9), in decimal arithmetic."""
    if not to_scale:
        raise ValueError("convert: the target scale is zero")
    return float(_dec(value) * _dec(from_scale) / _dec(to_scale))


_EN_SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))
_ZH_SCALES = ((1e12, "万亿"), (1e8, "亿"), (1e4, "万"))
_ZH_CURRENCY = {"USD": "美元", "CNY": "元", "EUR": "欧元"}


def natural_scale(base_value: float, lang: str) -> tuple[float, str]:
    """The amount in the largest scale word it reaches: English trillion/billion/million, Chinese 万亿/亿/万.

    Amounts below a million (English) or 万 (Chinese) come back unscaled with an empty word.
    """
    scales = _ZH_SCALES if lang.startswith("zh") else _EN_SCALES
    for scale, word in scales:
        if abs(base_value) >= scale:
            return convert(base_value, 1, scale), word
    return float(base_value), ""


def plain(value: float, group: bool = False) -> str:
    """`value` without exponent or trailing zeros; 12 significant digits hide float noise and exceed any report."""
    text = format(Decimal(f"{value:.12g}"), ",f" if group else "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_amount(base_value: float, currency: str, lang: str, digits: int | None = None) -> str:
    """`USD 27.15 billion` / `271.5亿美元` for an amount in base units.

    The number is the exact converted value with trailing zeros stripped, so a conversion never loses a digit of
    the source (1631.2亿 → 163.12 billion, 14897.6亿 → 1.48976 trillion) and never adds one. `digits` rounds to at
    most that many decimals (half up), for display where the caller accepts the loss.
    """
    value, word = natural_scale(base_value, lang)
    if digits is not None:
        value = float(_dec(value).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))
    if lang.startswith("zh"):
        suffix = _ZH_CURRENCY.get(currency, f" {currency}" if currency else "")
        return f"{plain(value)}{word}{suffix}"
    return " ".join(part for part in (currency, plain(value, group=True), word) if part)


# --- numbers written in words -------------------------------------------------------------------------------------

_SMALL_WORDS = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")
_SMALL_WORDS += ("thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
_TENS_WORDS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_DIGIT_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TENS_GROUP = "|".join(_TENS_WORDS)
_ONES_GROUP = "|".join(_DIGIT_WORDS)
_WORD_NUMBER = re.compile(
    rf"\b(?:(?P<tens>{_TENS_GROUP})(?:[- ](?P<ones>{_ONES_GROUP}))?|(?P<small>{'|'.join(_SMALL_WORDS)}))"
    r"\b(?=\s+[a-z])(?!\s+(?:percent|per cent|percentage|times)\b)",
    re.IGNORECASE,
)


_ZH_SMALL_DIGITS = "一二三四五六七八九"


def chinese_count(text: str) -> int | None:
    """`五`, `十`, `十二`, `二十`, `两`: a small Chinese numeral."""
    text = text.replace("两", "二") if text else text  # `两个`: two
    if not text or any(ch not in _ZH_SMALL_DIGITS + "十" for ch in text):
        return None
    if "十" not in text:
        return _ZH_SMALL_DIGITS.index(text) + 1 if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    return (_ZH_SMALL_DIGITS.index(tens) + 1 if tens else 1) * 10 + (_ZH_SMALL_DIGITS.index(ones) + 1 if ones else 0)


def word_numbers(text: str) -> list[Quantity]:
    """Counts written in words before a noun (`three aspects`, `Eighty-one companies`), two to ninety-nine; `one`
    is left out (it is an article as often as a number). Kind `count`, note `in words`."""
    found = []
    for match in _WORD_NUMBER.finditer(text):
        if match.group("small"):
            value = _SMALL_WORDS.index(match.group("small").lower()) + 2
        else:
            value = 10 * (_TENS_WORDS.index(match.group("tens").lower()) + 2)
            value += _DIGIT_WORDS.index(match.group("ones").lower()) + 1 if match.group("ones") else 0
        found.append(
            Quantity(
                float(value), kind="count", text=match.group(0), start=match.start(), end=match.end(), note="in words"
            )
        )
    return found


# --- comparison ---------------------------------------------------------------------------------------------------


def _close(a: float, b: float, rel_tol: float) -> bool:
    return math.isclose(a, b, rel_tol=max(rel_tol, 1e-9), abs_tol=1e-12)


def _compatible(a: Quantity, b: Quantity) -> bool:
    """Stated units agree: a unit-less number fits any kind; otherwise kind, currency and physical base must agree."""
    if "number" not in (a.kind, b.kind) and not (a.is_bare or b.is_bare) and a.kind != b.kind:
        return False
    if a.currency and b.currency and a.currency != b.currency:
        return False
    return not (a.kind == b.kind == "quantity" and a.base != b.base)


def same_quantity(a: Quantity, b: Quantity, rel_tol: float = REL_TOL) -> bool:
    """Whether two readings state the same amount, scale-aware: 271.5 at 1e8 equals 27.15 at 1e9.

    Percent never equals percentage points, and two stated currencies must agree. A bare number (no unit, no scale
    word, e.g. a table cell) matches a scaled one when it equals either the stated value or the base value: the
    bare figure's own scale is unknown here, so both readings are allowed. A figure with a garbled unit matches
    nothing: its scale cannot be trusted.
    """
    if "garbled unit" in (a.note, b.note) or not _compatible(a, b):
        return False
    if a.is_bare or b.is_bare:
        bare, other = (a, b) if a.is_bare else (b, a)
        return _close(bare.value, other.value, rel_tol) or _close(bare.value, other.base_value, rel_tol)
    return _close(a.base_value, b.base_value, rel_tol)


def numbers_match(
    answer_value: float, gold_value: float, rel_tol: float = REL_TOL, scales: tuple[float, ...] = SCALE_FACTORS
) -> bool:
    """TAT-QA-style scale-aware match: `answer_value × f` equals `gold_value` for some allowed factor `f`.

    The default factors are the powers of ten between the unit scales reports use (1e-4 .. 1e4), so USD 271.5
    hundred million matches 27.15 (billion) and 27150 (million). Pass `scales=(1,)` for a match in the same unit.
    Note that a ×100 factor also lets a fraction (0.138) match a percentage (13.8).
    """
    return any(_close(float(_dec(answer_value) * _dec(factor)), gold_value, rel_tol) for factor in scales)


# --- formulas -----------------------------------------------------------------------------------------------------

PERCENT_DECIMALS = 1  # the reports print growth rates and shares to one decimal


@dataclass(frozen=True)
class Formula:
    """An arithmetic step shown to the reader: operation, operands as printed, rounded result.

    Rounding: sums, differences and percentage-point changes keep the decimals of the most precise operand (exact in
    decimal arithmetic); ratios keep two more; shares and growth rates are percentages to `PERCENT_DECIMALS`.
    """

    op: str
    operands: tuple[float, ...]
    result: float
    decimals: int = 0

    def render(self, unit_label: str = "", lang: str = "en") -> str:
        """`679 − 406 = 273 USD billion`, `(1213 − 739) / 739 = 64.1 %`; in Chinese `亿美元` and `%` join unspaced."""
        a, *rest = (_operand(value) for value in self.operands)
        if self.op == "sum":
            expression = " + ".join([a, *rest])
        elif self.op in ("difference", "change"):
            expression = " − ".join([a, *rest])
        elif self.op == "growth_rate":
            expression = f"({a} − {rest[0]}) / {rest[0]}"
        elif self.op == "annual_growth_rate":
            expression = f"({a} / {rest[0]})^(1/{rest[1]}) − 1"
        elif self.op == "mean":
            expression = f"({' + '.join([a, *rest])}) / {len(self.operands)}"
        elif self.op == "before_growth":  # a fall is a negative rate: `19 / (1 − 4.1 %)`
            sign = "−" if self.operands[1] < 0 else "+"
            expression = f"{a} / (1 {sign} {plain(abs(self.operands[1]))} %)"
        elif self.op == "part_from_share":
            expression = f"{a} × {rest[0]} %"
        elif self.op == "whole_from_share":
            expression = f"{a} / ({rest[0]}/{rest[1]})"
        else:
            expression = f"{a} / {rest[0]}"
        label = unit_label or ("%" if self.op in ("share", "growth_rate", "annual_growth_rate") else "")
        return f"{expression} = {self.stated(label, lang)}"

    def shown_result(self, label: str = "") -> str:
        """The result as an answer shows it: a sum or difference with the decimals of its operands (exact), any
        other result rounded by its kind (`rag.text.figures.shown`: a ratio `7.09`, a mean `57.43`)."""
        if self.op in _EXACT_OPS:
            return f"{self.result:.{self.decimals}f}"
        percent = label == "%" or "point" in label or "百分点" in label or self.op in _PERCENT_OPS
        kind = "ratio" if self.op == "ratio" else "percent" if percent else "amount"
        return shown(self.result, kind, self.decimals)

    def unit_follows(self, label: str) -> bool:
        """Whether a Chinese answer writes the label's unit right after the result: `281.52亿美元`, not `0.54亿美元`
        (a result under one of the unit is said in a smaller one) nor `104十亿美元` (`unit_joins`)."""
        return unit_joins(label) and abs(self.result) >= 1

    def stated(self, label: str, lang: str) -> str:
        """The result with its unit named once, as the answer's language writes it: `USD 273 billion`,
        `21.2 (USD 100 million)`, `104（单位：十亿美元）`, `7.09倍`, `64.1 %`."""
        number = self.shown_result(label)
        zh = lang.startswith("zh")
        unit = normalize_unit(label) if label else None
        if unit is not None and unit.kind in ("currency", "quantity") and unit.scale:
            if zh:
                named = unit_name(label, lang)
                return f"{number}{named}" if self.unit_follows(label) else f"{number}（单位：{named}）"
            if unit.kind == "currency" and label.startswith(f"{unit.currency} ") and not re.search(r"\d", label):
                sign, digits = ("-", number[1:]) if number.startswith("-") else ("", number)
                return f"{sign}{unit.currency} {digits} {label.split(' ', 1)[1]}"  # `USD 273 billion`, `-USD 4 billion`
            return f"{number} ({label})"
        label = unit_name(label, lang)
        latin = label[:1].isascii() and label[:1].isalpha()  # an unnamed unit keeps its space in a Chinese answer
        joint = " " if label and (latin or not zh) else ""
        return f"{number}{joint}{label}"


_EXACT_OPS = ("sum", "difference", "change", "whole_from_share")  # results as precise as their operands
_PERCENT_OPS = ("share", "growth_rate", "annual_growth_rate")


def _operand(value: float) -> str:
    return f"({plain(value)})" if value < 0 else plain(value)


def _decimals(*values: float) -> int:
    return max(max(0, -_dec(value).normalize().as_tuple().exponent) for value in values)


def _rounded(value: Decimal, decimals: int) -> float:
    return float(value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def difference(a: float, b: float, *more: float) -> Formula:
    """`a − b` (`a − b − c ...` with `more`)."""
    places = _decimals(a, b, *more)
    return Formula("difference", (a, b, *more), _rounded(_dec(a) - _dec(b) - sum(map(_dec, more)), places), places)


def change(new: float, old: float) -> Formula:
    """`new − old` for two percentages: the change in percentage points (render with `percentage points`)."""
    places = _decimals(new, old)
    return Formula("change", (new, old), _rounded(_dec(new) - _dec(old), places), places)


def total(values: list[float] | tuple[float, ...]) -> Formula:
    """The sum of `values`."""
    if not values:
        raise ValueError("total: no values to add")
    places = _decimals(*values)
    return Formula("sum", tuple(values), _rounded(sum((_dec(v) for v in values), Decimal(0)), places), places)


def _divide(op: str, numerator: Decimal, denominator: float, what: str) -> Decimal:
    if denominator == 0:
        raise ValueError(f"{op}: {what} is zero, the result is undefined")
    return numerator / _dec(denominator)


def ratio(a: float, b: float) -> Formula:
    """`a / b`, two decimals more than the most precise operand."""
    places = _decimals(a, b) + 2
    return Formula("ratio", (a, b), _rounded(_divide("ratio", _dec(a), b, "the denominator"), places), places)


def whole_from_share(part: float, numerator: float, denominator: float) -> Formula:
    """The whole that `part` is the share `numerator / denominator` of (`181.9, one seventh of the country's`:
    181.9 / (1/7); a percentage is `n / 100`), with the part's decimals."""
    if not numerator or not denominator:
        raise ValueError("whole_from_share: a zero share leaves no whole to recover")
    places = _decimals(part)
    result = _rounded(_dec(part) * _dec(denominator) / _dec(numerator), places)
    return Formula("whole_from_share", (part, numerator, denominator), result, places)


def part_from_share(whole: float, percent: float) -> Formula:
    """The part that is `percent` % of `whole` (`253.07 × 56 %`), with two decimals more than the whole."""
    places = _decimals(whole) + 2
    return Formula("part_from_share", (whole, percent), _rounded(_dec(whole) * _dec(percent) / 100, places), places)


def share(part: float, whole: float, decimals: int = PERCENT_DECIMALS) -> Formula:
    """`part / whole` as a percentage."""
    result = _divide("share", _dec(part) * 100, whole, "the whole")
    return Formula("share", (part, whole), _rounded(result, decimals), decimals)


def growth_rate(new: float, old: float, decimals: int = PERCENT_DECIMALS) -> Formula:
    """`(new − old) / old` as a percentage. A negative base makes the rate meaningless, so it raises too."""
    if old < 0:
        raise ValueError("growth_rate: the old value is negative, a growth rate from it is not meaningful")
    result = _divide("growth_rate", (_dec(new) - _dec(old)) * 100, old, "the old value")
    return Formula("growth_rate", (new, old), _rounded(result, decimals), decimals)


def annual_growth_rate(new: float, old: float, years: int, decimals: int = PERCENT_DECIMALS) -> Formula:
    """The average annual (compound) growth rate `(new / old)^(1/years) − 1` as a percentage."""
    if old <= 0 or new < 0 or years <= 0:
        raise ValueError("annual_growth_rate: needs positive amounts and a positive number of years")
    result = (Decimal(str((new / old) ** (1 / years))) - 1) * 100
    return Formula("annual_growth_rate", (new, old, years), _rounded(result, decimals), decimals)


def mean(values: list[float] | tuple[float, ...]) -> Formula:
    """The arithmetic mean of `values`, two decimals more than the most precise operand."""
    if not values:
        raise ValueError("mean: no values to average")
    places = _decimals(*values) + 2
    result = sum((_dec(v) for v in values), Decimal(0)) / len(values)
    return Formula("mean", tuple(values), _rounded(result, places), places)


def before_multiple(value: float, times: float) -> Formula:
    """The earlier value that `value` is `times` times (`60 times the 2002 level`): `value / times`, with two decimals
    more than `value`."""
    places = _decimals(value) + 2
    return Formula(
        "before_multiple",
        (value, times),
        _rounded(_divide("before_multiple", _dec(value), times, "the multiple"), places),
        places,
    )


def before_growth(value: float, rate: float) -> Formula:
    """The value a period earlier that `value` implies when it grew by `rate` percent: `value / (1 + rate %)`."""
    places = _decimals(value) + 2
    base = 1 + _dec(rate) / 100
    if base == 0:
        raise ValueError("before_growth: a fall of 100 % leaves no earlier value to recover")
    return Formula("before_growth", (value, rate), _rounded(_dec(value) / base, places), places)


# "the table's unit of USD 100 million", "单位：亿美元", or right after a figure: "271.5 (USD 100 million)".
_UNIT_CONTEXT = re.compile(r"(?:(unit|units|单位)[^0-9\n]{0,12}|\d\s*[(（]\s*|\d\s+(?:in\s+)?)$", re.IGNORECASE)
_UNIT_SIZES = (1e3, 1e4, 1e6, 1e8, 1e9, 1e12)


def is_unit_name(quantity: Quantity, text: str) -> bool:
    """`USD 100 million` in "the table's unit of USD 100 million" or "271.5 (USD 100 million)" names a unit."""
    size = quantity.value * quantity.scale
    if not any(abs(size - unit) < 1e-6 * unit for unit in _UNIT_SIZES):
        return False
    return bool(_UNIT_CONTEXT.search(text[max(0, quantity.start - 30) : quantity.start]))


YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")  # a year of 19xx or 20xx, not part of a longer number


# A fiscal year printed short (`FY19`, `F18`, `FY 2019` is a YEAR), a footnote mark allowed after it (`FY181`).
FISCAL_YEAR = re.compile(r"\bFY?\s?'?(\d\d)(?=\d?\b)")


def years_in(text: str) -> set[int]:
    """The years (19xx, 20xx) printed in `text`, fiscal years printed short (`FY19`) among them (a new set: callers
    may change it)."""
    return set(_years_printed(text))


@lru_cache(maxsize=16384)
def _years_printed(text: str) -> frozenset[int]:
    """`years_in`, read once per text: the reader asks it of the same headers, labels and sentences many times."""
    return frozenset({int(year) for year in YEAR.findall(text)} | {2000 + int(y) for y in FISCAL_YEAR.findall(text)})


# A year as a header prints it: a short fiscal year (`FY19`, `F18`) or a full one, a fiscal year over two calendar
# years included (`2018/2019`).
PRINTED_YEAR = re.compile(r"\bFY?\s?'?\d\d(?=\d?\b)|(?<!\d)(?:19|20)\d\d(?:/(?:19|20)?\d\d)?(?!\d)")


def year_label(text: str, year: int) -> str:
    """How `text` prints `year` (`FY19` in `FY19 53 weeks`, `2018/2019`); the year itself when it prints none."""
    return next((m.group(0) for m in PRINTED_YEAR.finditer(text) if year in years_in(m.group(0))), str(year))


def scale_power(value: float | None, base: float, powers: range) -> int | None:
    """The first power p in `powers` at which `value` × 10^p is `base` (to a millionth): the scale at which a table's
    unscaled cell states a prose figure (271.5 and USD 27.15 billion: p = 8)."""
    if not value:
        return None
    return next((p for p in powers if abs(value * 10**p - base) <= 1e-6 * abs(base)), None)
