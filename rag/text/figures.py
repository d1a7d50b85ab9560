"""How an answer shows a figure it computed: rounded as an analyst writes it, and named in the answer's units.

Rounding (`shown`): each kind of figure (amount, ratio, percent, count) has the decimals `rag/data/rounding.tsv`
gives it, in the unit the figure is stated in; a figure never shows more decimals than its computation kept, and
never fewer than keep the rounding within `max_shift` of it (0.0449 stays 0.0449, not 0.04; 7.0949 becomes 7.09).
Trailing zeros go (3.140 → 3.14).

Unit words (`unit_name`): a unit label as `rag.text.units` writes it (`USD 100 million`, `USD billion`, `10,000
TEU`) in a Chinese answer's words (亿美元, 十亿美元, 万标箱), from `rag/data/unit_words.tsv`; an English answer
keeps the label.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path

from rag.text.wordlists import read_pairs

DATA = Path(__file__).resolve().parents[1] / "data"
ROUNDING_PATH = DATA / "rounding.tsv"
UNIT_WORDS_PATH = DATA / "unit_words.tsv"
KINDS = ("amount", "ratio", "percent", "count")


@lru_cache(maxsize=4)
def rounding_rules(path: Path = ROUNDING_PATH) -> dict[str, Decimal]:
    """kind -> decimals, and `max_shift`: how far rounding may move a figure, as a share of it."""
    try:
        rules = {key.strip(): Decimal(value.strip()) for key, value in read_pairs(path, "rounding rules")}
    except ArithmeticError as exc:
        raise ValueError(f"rounding rules {path} hold a value that is no number; restore them") from exc
    missing = [name for name in (*KINDS, "max_shift") if name not in rules]
    if missing:
        raise ValueError(f"rounding rules {path} lack {', '.join(missing)}; restore them from the repository")
    return rules


def _decimal(value: float) -> Decimal:
    return Decimal(repr(float(value)))


def _quantized(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _places(value: Decimal) -> int:
    """The decimals a number has, trailing zeros not counted."""
    return max(0, -value.normalize().as_tuple().exponent) if value else 0


def shown_decimals(value: float, kind: str, most: int | None = None) -> int:
    """The decimals an answer shows `value` with: its kind's (`rounding_rules`), more where the rounding would move
    it by more than `max_shift` of itself, never more than it has nor than `most` (what its computation kept)."""
    rules = rounding_rules()
    exact = _decimal(value)
    limit = _places(exact) if most is None else min(_places(exact), most)
    decimals = min(int(rules.get(kind, rules["amount"])), limit)
    while decimals < limit and abs(_quantized(exact, decimals) - exact) > rules["max_shift"] * abs(exact):
        decimals += 1
    return decimals


def shown(value: float, kind: str, most: int | None = None) -> str:
    """`value` as an answer states it (`shown_decimals`), without trailing zeros: `7.09`, `0.0449`, `1551.22`."""
    text = format(_quantized(_decimal(value), shown_decimals(value, kind, most)), "f")
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return "0" if text in ("-0", "") else text


@lru_cache(maxsize=4)
def unit_words(path: Path = UNIT_WORDS_PATH) -> tuple[tuple[re.Pattern[str], str, bool], ...]:
    """(an English unit word as a pattern, its Chinese, whether Chinese writes it right after a number), scale
    words before the things they scale."""
    words = []
    for word, rest in read_pairs(path, "unit words"):
        zh, _, joins = rest.partition("\t")
        if word.strip() and zh.strip():
            pattern = re.compile(rf"(?<![\w,]){re.escape(word.strip())}(?![\w,])", re.IGNORECASE)
            words.append((pattern, zh.strip(), joins.strip().lower() == "yes"))
    return tuple(words)


def _chinese_words(label: str) -> tuple[str, bool] | None:
    """(the label's Chinese, whether every word of it joins a number); None where a word has no Chinese."""
    rest, names, joins = label, [], True
    for pattern, zh, joined in unit_words():
        if pattern.search(rest):
            rest = pattern.sub(" ", rest, count=1)
            names.append(zh)
            joins = joins and joined
    return ("".join(names), joins) if names and not rest.strip() else None


def unit_name(label: str, lang: str) -> str:
    """A unit label in the answer's language: `USD 100 million` -> 亿美元, `USD billion` -> 十亿美元, `times` -> 倍
    in Chinese; the label as it is in English, or where a word of it has no Chinese in the data."""
    if not lang.startswith("zh") or not label.strip():
        return label
    words = _chinese_words(label)
    return words[0] if words else label


def unit_joins(label: str) -> bool:
    """Whether a Chinese answer writes the label's unit right after a number (281.52亿美元, 7.09倍), not beside it
    as a note (十亿美元): a label already in Chinese joins as it is."""
    if not label.strip() or re.search(r"[\u4e00-\u9fff]", label):
        return bool(label.strip())
    words = _chinese_words(label)
    return bool(words and words[1])
