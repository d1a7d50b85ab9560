"""The reader's closed set of operations and the words that ask for them (`rag/data/operations.tsv`).

An operation is the arithmetic (or choice) a question asks for: sum, ratio, rate, percent change, change, average,
compare. Which one a question asks is decided in `rag.read.question.question_operation`; this module only knows the
trigger words, kept as data so that a new wording is a line in the file, not a rule in code.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from rag.text.numbers import Quantity
from rag.text.tokens import find_word
from rag.text.wordlists import grouped_words, read_pairs

OPERATIONS_PATH = Path(__file__).resolve().parents[1] / "data" / "operations.tsv"
PER_ITEMS_ZH_PATH = Path(__file__).resolve().parents[1] / "data" / "per_items_zh.tsv"
MEASURES_PATH = Path(__file__).resolve().parents[1] / "data" / "measures.tsv"
CHANGE_PATH = Path(__file__).resolve().parents[1] / "data" / "change_words.tsv"
FRACTIONS_PATH = Path(__file__).resolve().parents[1] / "data" / "fractions.tsv"
COUNTED_NOUNS_PATH = Path(__file__).resolve().parents[1] / "data" / "counted_nouns.tsv"


@lru_cache(maxsize=1)
def counted_nouns(path: Path = COUNTED_NOUNS_PATH) -> dict[str, tuple[str, ...]]:
    """Chinese counted noun -> its English names (`rag/data/counted_nouns.tsv`; read by `rag.read.counted`, and by
    the question's analysis to tell a count asked by its noun alone: `劳务人员有多少`)."""
    return {
        zh.strip(): tuple(n.strip() for n in en.split("|") if n.strip()) for zh, en in read_pairs(path, "counted nouns")
    }


@lru_cache(maxsize=4)
def operation_words(path: Path = OPERATIONS_PATH) -> dict[str, tuple[str, ...]]:
    """operation -> its trigger words, in file order."""
    return grouped_words(path, "operation words", strip=False)


@lru_cache(maxsize=4)
def item_names(path: Path = PER_ITEMS_ZH_PATH) -> dict[str, tuple[str, ...]]:
    """Chinese item noun (`企业`) -> the English nouns of the same item (`enterprise`, `firm`, `company`)."""
    return grouped_words(path, "Chinese item nouns")


@lru_cache(maxsize=4)
def measure_words(path: Path = MEASURES_PATH) -> dict[str, tuple[str, ...]]:
    """measure (stock, flow, count, share, ...) -> the words that name it, in file order."""
    return grouped_words(path, "measure words", strip=False)


@lru_cache(maxsize=4)
def change_words(path: Path = CHANGE_PATH) -> dict[str, tuple[str, ...]]:
    """`fall` / `rise` -> the words that name that direction of change, in file order."""
    return grouped_words(path, "change words")


def change_directions(text: str) -> frozenset[str]:
    """The directions of change (`fall`, `rise`) that `text` names (`change_words`: an English word at the start of a
    word, so `rise` is not found in `enterprise`)."""
    low = text.lower()
    return frozenset(
        direction for direction, words in change_words().items() if any(find_word(w, low, whole=False) for w in words)
    )


def change_direction(text: str) -> str:
    """`fall` or `rise` when `text` names one direction of change (`did the number shrink`, `增长`); `` when it names
    none, or both (`increase / (decrease)` asks for the signed change, later minus earlier)."""
    named = change_directions(text)
    return next(iter(named)) if len(named) == 1 else ""


def stated_sign(low: str) -> str:
    """`negative` or `positive` when lower-cased `low` states a condition on a figure's sign (`sign_negative` /
    `sign_positive` words, an English one as a whole word: `negative`, `为负`); `` when it states none or both."""
    words = operation_words()
    for phrase in words.get("sign_phrase", ()):
        low = low.replace(phrase, " ")  # `the negative list`: a name, no condition on a figure
    named = [
        sign
        for sign in ("negative", "positive")
        if any(find_word(w, low) if w.isascii() else w in low for w in words.get(f"sign_{sign}", ()))
    ]
    return named[0] if len(named) == 1 else ""


def asks_operation(low: str, operation: str) -> bool:
    """Whether lower-cased question text `low` holds a trigger word of `operation`."""
    return any(word in low for word in operation_words().get(operation, ()))


# `than / over / on the previous year`, `比上年`: a change against the year before, not the year before's value
_AGAINST = ("than", "over", "on", "from", "versus", "vs", "比", "较", "与", "同")


def asks_year_before(low: str) -> bool:
    """The question asks for the value of the year before the one it names (`X in the year before 2022`), not for a
    change against it (`up on the previous year`, `比上年增长`)."""
    for word in operation_words().get("year_before", ()):
        at = low.find(word)
        if at >= 0 and not low[max(0, at - 8) : at].strip().endswith(_AGAINST):
            return True
    return False


@lru_cache(maxsize=2)
def fraction_words(path: Path = FRACTIONS_PATH) -> dict[str, tuple[int, int]]:
    """`one seventh` -> (1, 7)."""
    words = {}
    for word, fraction in read_pairs(path, "fraction words"):
        numerator, _, denominator = fraction.strip().partition("/")
        words[word.strip().lower()] = (int(numerator), int(denominator))
    return words


BOUND_REACH = 4  # characters between a bound word and the fraction it bounds (`more than half`, `一半以上`)


def fraction_thresholds(text: str) -> list[Quantity]:
    """Fractions a question bounds (`more than half`, `一半以上`, `less than a third`), as percentages: thresholds
    stated in words, with a bound word (`above` / `below` data) right before or after the fraction word."""
    low = text.lower()
    words = operation_words()
    bounds = (*words.get("above", ()), *words.get("below", ()))
    found = []
    for word, (numerator, denominator) in fraction_words().items():
        match = find_word(word, low) if word.isascii() else None
        at = match.start() if match else low.find(word)
        if at < 0:
            continue
        end = at + len(word)
        before, after = low[max(0, at - len(max(bounds, key=len)) - BOUND_REACH) : at], low[end : end + 8]
        if any(before.rstrip().endswith(b.strip()) for b in bounds) or any(
            after.lstrip().startswith(b) for b in bounds
        ):
            value = round(100.0 * numerator / denominator, 2)
            found.append(Quantity(value, kind="percent", text=text[at:end], start=at, end=end))
    return sorted(found, key=lambda q: q.start)


def opens_with_part(sentence: str) -> str:
    """The part word (`part_marker` data: `Among them`, `其中`) the sentence opens with, as printed; "" when none."""
    head = sentence.lstrip()[:16]
    return next((head[: len(w)] for w in operation_words().get("part_marker", ()) if head.lower().startswith(w)), "")
