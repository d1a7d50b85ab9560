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
_CNY = ("cny", "rmb", "yuan", "人民币", "元")
_EUR = ("eur", "euro", "欧元")
_TEU = ("teu", "标箱", "标准箱")

# Header words that decide which stated unit a column takes (checked in this order; lower-cased match).
RANK_WORDS = ("排名", "排序", "位次", "名次", "序号", "rank", "no.")
PERCENT_WORDS = ("增长率", "增速", "同比", "比重", "占比", "比例", "年增长", "增长", "growth", "share", "percent", "%")
COUNT_WORDS = ("项目数量", "数量", "个数", "项目数", "number of", "count")


def _scale_of(text: str) -> float | None:
    return next((value for word, value in _SCALES if word in text), None)


def _currency_of(text: str) -> str:
    """ISO code of the currency named in lower-cased `text` ("" if none). 美元 is checked before 元."""
    if any(word in text for word in _USD):
        return "USD"
    if any(word in text for word in _EUR):
        return "EUR"
    if any(word in text for word in _CNY):
        return "CNY"
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
