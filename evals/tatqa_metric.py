"""TAT-QA's metric (Zhu et al., ACL 2021), written from its published definition.

An answer is one or more items (spans, or a number); gold and prediction each carry a scale: "", "thousand",
"million", "billion" or "percent".

* **Normalisation** of an item: a number (`1,568.6`, `$ 7.6`, `13.0%`, `(2,020)` read as −2020) becomes its value
  rounded to 2 decimals; text is lower-cased, split on spaces and hyphens (not a minus sign), stripped of punctuation
  and of the articles a/an/the, and every token that reads as a number is normalised the same way (`$0.5 million` →
  `0.50 million`). Reading `(2,020)` as negative is this project's choice, after the reports' own convention.
* **Exact match**: the normalised items, as a multiset, equal the gold's (order does not matter, `["a", "b"]` =
  `["b", "a"]`, but `["a"]` ≠ `["a", "a"]`).
* **F1** (numeracy-focused, after DROP): each item is a bag of tokens; gold and predicted items are aligned one to one
  to maximise the summed bag-of-words F1, where a pair scores 0 when the gold item holds numbers and the predicted
  item shares none of them; the answer's F1 is the mean over max(#gold, #predicted) slots (an unmatched item scores
  0), rounded to 2 decimals. Arithmetic and count answers are numbers, so their F1 is their exact match.
* **Scale**: a predicted scale other than the gold's scores 0 on both; an empty prediction scores 0.
"""

from __future__ import annotations

import re
import string
from collections.abc import Sequence
from dataclasses import dataclass

SCALES = ("", "thousand", "million", "billion", "percent")
NUMERIC_TYPES = ("arithmetic", "count")

_ARTICLES = {"a", "an", "the"}
_PUNCTUATION = set(string.punctuation)
# Spaces and hyphens split tokens (`straight-line`, `2018-2019`), but a minus sign stays with its number (`-19.4`).
_TOKEN_SPLIT = re.compile(r"\s+|(?<=\w)-+|-+(?=[^\W\d])")
# A printed number: optional sign and currency, digits with thousands commas, optional % ; or the same in parentheses.
_NUMBER = re.compile(r"^([+-]?)(?:us)?\$?\s*((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)%?$")
_PARENTHESISED = re.compile(r"^\((.+)\)$")
_MINUSES = str.maketrans({"−": "-", "–": "-"})

Item = str | float | int


@dataclass(frozen=True)
class Score:
    """One question's exact match and F1, each 0..1."""

    em: float
    f1: float


def to_number(text: str) -> float | None:
    """The value of a token printed as a number (`1,234.5`, `$7.6`, `13.0%`, `-3`, `(2,020)` = −2020), else None."""
    text = text.strip().lower().translate(_MINUSES)
    negative = False
    inner = _PARENTHESISED.match(text)
    if inner:
        text, negative = inner.group(1).strip(), True
    match = _NUMBER.match(text)
    if not match:
        return None
    value = float(match.group(2).replace(",", ""))
    if match.group(1) == "-":
        value = -value
    return -value if negative else value


def number_token(value: float) -> str:
    """A number's normalised form: rounded to 2 decimals, no sign on zero (`17.7` and `17.70` → `17.70`)."""
    rounded = round(value, 2) + 0.0
    return f"{rounded:.2f}"


def normalise_item(item: Item) -> str:
    """One answer item, normalised: a number → its rounded form; text → lower-cased content tokens."""
    if isinstance(item, int | float) and not isinstance(item, bool):
        return number_token(float(item))
    text = str(item)
    whole = to_number(text)
    if whole is not None:
        return number_token(whole)
    tokens = []
    for raw in _TOKEN_SPLIT.split(text.lower()):
        value = to_number(raw.rstrip(".,;:"))
        if value is not None:
            tokens.append(number_token(value))
            continue
        token = "".join(ch for ch in raw if ch not in _PUNCTUATION)
        if token and token not in _ARTICLES:
            tokens.append(token)
    return " ".join(tokens)


def _is_number_token(token: str) -> bool:
    return to_number(token) is not None


def bag_f1(predicted: set[str], gold: set[str]) -> float:
    """Bag-of-words F1 of two token sets (1.0 for two empty bags, 0.0 when one is empty)."""
    common = len(predicted & gold)
    if not predicted and not gold:
        return 1.0
    if not common:
        return 0.0
    precision, recall = common / len(predicted), common / len(gold)
    return 2 * precision * recall / (precision + recall)


def pair_f1(predicted: set[str], gold: set[str]) -> float:
    """F1 of two items' bags, 0 when the gold bag holds numbers and the predicted bag shares none of them."""
    gold_numbers = {token for token in gold if _is_number_token(token)}
    if gold_numbers and not gold_numbers & predicted:
        return 0.0
    return bag_f1(predicted, gold)


def aligned_f1(predicted: Sequence[str], gold: Sequence[str]) -> float:
    """Mean F1 over max(#gold, #predicted) slots of the best one-to-one alignment of the normalised items."""
    from scipy.optimize import linear_sum_assignment

    if not predicted or not gold:
        return 0.0
    bags_p = [set(item.split()) for item in predicted]
    bags_g = [set(item.split()) for item in gold]
    scores = [[pair_f1(p, g) for p in bags_p] for g in bags_g]
    rows, columns = linear_sum_assignment(scores, maximize=True)
    matched = sum(scores[row][column] for row, column in zip(rows, columns, strict=True))
    return matched / max(len(gold), len(predicted))


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
    """Exact match and F1 of one prediction against its gold answer (both 0 on a scale mismatch or no prediction)."""
    predicted = [text for text in (normalise_item(item) for item in as_items(prediction)) if text]
    expected = [text for text in (normalise_item(item) for item in as_items(gold)) if text]
    if not predicted or not expected or pred_scale != gold_scale:
        return Score(0.0, 0.0)
    em = 1.0 if sorted(predicted) == sorted(expected) else 0.0
    f1 = em if answer_type in NUMERIC_TYPES else round(aligned_f1(predicted, expected), 2)
    return Score(em, f1)
