"""TAT-QA's metric (Zhu et al., ACL 2021) as its official evaluation script computes it, written from that script's
behaviour (the TAT-QA repository's `tatqa_eval.py`, `tatqa_metric.py`, `tatqa_utils.py`) so that our figures compare
with the published ones (TagOp 50.1 EM / 58.0 F1).

An answer is a list of items (spans, or one number) and a scale: "", "thousand", "million", "billion" or "percent".

* **One string per answer.** The items are sorted as printed and each is rewritten: an item that reads as a number
  (`1,568.6`, `$ 7.6`, `(134)`, `13.0%`, `$0.5 million`) becomes its value, rounded to 2 decimals and multiplied by
  its scale (`percent` = 0.01), printed with 4 decimals; an item printed with `%` becomes its fraction instead
  (`13.27%` → `0.1327`); any other item gets the scale word appended. The items are joined with spaces.
  So the scale is part of the answer, not a separate gate: 1,500 thousand equals 1.5 million, 0.1327 (no scale)
  equals 13.27 percent, and a number in the wrong scale differs.
* **A second reading** of a single unscaled number without `%`: its value with 4 decimals, unrounded, is also tried
  (0.1327 against 13.27 percent); the better of the two readings counts.
* **Normalisation** of that string: split on spaces; a token that reads as a number becomes its value (to 4
  decimals); other tokens are lower-cased and stripped of punctuation; the articles a/an/the are dropped.
* **Exact match**: the normalised strings are equal (item order counts only through the sort of the printed items).
* **F1**: bag-of-words F1 of the two normalised strings' token sets, rounded to 2 decimals; for arithmetic and count
  answers, F1 is the exact match. An empty prediction scores 0.

Quirks kept because the official script has them: `(134)` reads as −134 but `(2,020)` as 2020 (its negative
pattern allows no comma); a number is rounded to 2 decimals before its scale is applied.
"""

from __future__ import annotations

import math
import re
import string
from collections.abc import Sequence
from dataclasses import dataclass

SCALES = ("", "thousand", "million", "billion", "percent")
NUMERIC_TYPES = ("arithmetic", "count")

_FACTORS = (
    ("hundred", 100),
    ("thousand", 1_000),
    ("million", 1_000_000),
    ("billion", 1_000_000_000),
    ("percent", 0.01),
)
_NOT_IN_NUMBER = set("'\"\\$€£¥%(),[]")
_FIRST_NUMBER = re.compile(r"([+-]?\d+(\.\d+)?)|([+-]?\.\d+)")
_SCALED = re.compile(r"[\d.]+\s?[a-zA-Z]+")
_NEGATIVE = re.compile(r"\([\d.\s%]+\)")
_PERCENT = re.compile(r"[\d.\s]+%")
_ARTICLES = re.compile(r"\b(a|an|the)\b")
_PUNCTUATION = set(string.punctuation)

Item = str | float | int


@dataclass(frozen=True)
class Score:
    """One question's exact match and F1, each 0..1."""

    em: float
    f1: float


def scale_factor(word: str) -> float:
    """The factor a scale word stands for (`million` → 1,000,000, `percent` → 0.01); 1 for no or another word.

    Whole factors stay integers, so a whole number stays one (`2019`, not `2019.0`), as in the official script.
    """
    word = word.lower()
    return next((factor for name, factor in _FACTORS if name in word), 1)


def _clean(text: str) -> str:
    return "".join(ch for ch in text if ch not in _NOT_IN_NUMBER)


def is_number(text: str) -> bool:
    """Whether `text` reads as a number: its first word (currency, %, commas, parentheses dropped) is a number and a
    second word, if any, is a scale word (`$0.5 million` yes, `2019 revenue` no)."""
    words = " ".join(_clean(word) for word in text.split()).split()
    if not words:
        return False
    try:
        value = float(words[0])
    except ValueError:
        return False
    if math.isnan(value):
        return False
    return len(words) < 2 or scale_factor(words[1]) != 1


def to_number(text: str) -> float | None:
    """The value of the first number in `text`, times its scale word, −1 for `(134)`, 0.01 for `%`; 4 decimals."""
    found = _FIRST_NUMBER.search(_clean(text))
    if not found or not found.group(1):
        return None
    number = float(found.group(1)) if "." in found.group(1) else int(found.group(1))
    scaled = _SCALED.search(text)
    factor = scale_factor(scaled.group(0)) if scaled else 1
    sign = -1 if _NEGATIVE.search(text.strip()) else 1
    percent = 0.01 if _PERCENT.search(text.strip()) else 1
    return round(number * factor * sign * percent, 4)


def normalise(text: str) -> str:
    """One answer string normalised: numbers as their values, other tokens lower-cased without punctuation or
    articles."""
    parts = []
    for token in text.split(" "):
        token = token.lower()
        if not is_number(token):
            token = "".join(ch for ch in token if ch not in _PUNCTUATION)
        if is_number(token):
            token = str(to_number(token))
        token = " ".join(_ARTICLES.sub(" ", token).split())
        if token.strip():
            parts.append(token)
    return " ".join(parts).strip()


def answer_string(items: Sequence[Item], scale: str) -> str:
    """The answer's items, sorted as printed, each a scaled number or text with its scale word, as one string."""
    written = []
    for item in sorted(str(item) for item in items):
        value = to_number(item) if is_number(item) else None
        if value is None:
            written.append(f"{item} {scale}" if scale else item)
        elif "%" in item:
            written.append(f"{value:.4f}")
        else:
            written.append(f"{round(value, 2) * scale_factor(scale):.4f}")
    return " ".join(written)


def bag_f1(predicted: set[str], gold: set[str]) -> float:
    """Bag-of-words F1 of two token sets (an empty bag has precision or recall 1)."""
    common = len(gold & predicted)
    precision = common / len(predicted) if predicted else 1.0
    recall = common / len(gold) if gold else 1.0
    return 2 * precision * recall / (precision + recall) if precision or recall else 0.0


def string_metrics(predicted: str, gold: str) -> tuple[float, float]:
    """Exact match and F1 of two answer strings."""
    predicted, gold = normalise(predicted), normalise(gold)
    em = 1.0 if predicted == gold else 0.0
    return em, round(bag_f1(set(predicted.split()), set(gold.split())), 2)


def gold_items(gold: Item | Sequence[Item], answer_type: str) -> list[str]:
    """The gold answer as the official script reads it: spans as given, an arithmetic number as `str`, a count as
    an integer."""
    if answer_type in ("span", "multi-span"):
        return [str(item) for item in as_items(gold)]
    value = as_items(gold)[0] if as_items(gold) else None
    if value is None:
        return []
    if answer_type == "count":
        return [str(int(float(value)))]
    return [str(value)]


def as_items(answer: Item | Sequence[Item] | None) -> list[Item]:
    """An answer as a list of items (a single span or number becomes a list of one; None becomes [])."""
    if answer is None:
        return []
    if isinstance(answer, str | int | float):
        return [answer]
    return list(answer)


def score(
    prediction: Item | Sequence[Item] | None,
    pred_scale: str,
    gold: Item | Sequence[Item],
    gold_scale: str,
    answer_type: str,
) -> Score:
    """Exact match and F1 of one prediction against its gold answer, as the official script scores them."""
    predicted = [str(item) for item in as_items(prediction)]
    expected = gold_items(gold, answer_type)
    if not predicted or not any(item.strip() for item in predicted) or not expected:
        return Score(0.0, 0.0)
    readings = [answer_string(predicted, pred_scale)]
    single = predicted[0]
    if len(predicted) == 1 and not pred_scale and "%" not in single and is_number(single):
        value = to_number(single)
        if value is not None:
            readings.append(f"{value:.4f}")
    em, f1 = max(string_metrics(reading, answer_string(expected, gold_scale)) for reading in readings)
    return Score(em, em if answer_type in NUMERIC_TYPES else f1)
