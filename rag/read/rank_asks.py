"""What a rank question constrains beyond its row: a move in rank asked (`how many places did X slip`, `变化了几位`),
which one year's rank does not state; and a rank the question states as a condition (`the port ranked second`,
`排名第二的港口`), which a row of another rank does not meet. The words are data (`rag/data/rank_asks.tsv`)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from rag.read.operations import measure_words
from rag.text.glossary import has_cjk
from rag.text.wordlists import read_pairs

WORDS_PATH = Path(__file__).resolve().parents[1] / "data" / "rank_asks.tsv"


@lru_cache(maxsize=1)
def rank_words() -> dict[str, dict[str, int]]:
    """group -> word (lower case) -> its number (0 where the group has none); see `rag/data/rank_asks.tsv`."""
    words: dict[str, dict[str, int]] = {}
    for group, rest in read_pairs(WORDS_PATH, "rank words"):
        word, _, number = rest.partition("\t")
        words.setdefault(group.strip(), {})[word.strip().lower()] = int(number) if number.strip().isdigit() else 0
    return words


def without_editions(text: str) -> str:
    """`text` without the ordinal of an event's edition: an English ordinal before a capitalised name that ends in
    an `edition_noun` (`the 9th Harbour Fair` -> `the Harbour Fair`) numbers the event, it asks no rank."""
    nouns = "|".join(re.escape(noun.capitalize()) for noun in rank_words().get("edition_noun", {}))
    if not nouns:
        return text
    edition = rf"\b\d{{1,3}}(?:st|nd|rd|th)\s+(?=(?:[A-Z][\w&'-]*\s+){{0,6}}(?:{nouns})\b)"
    return re.sub(edition, "", text)


def asks_rank_move(text: str) -> bool:
    """The question asks how far a rank moved (group `rank_move`), a word of which right after an ordinal prefix
    (group `ordinal_prefix`: `排第几位` asks the position itself, `上升了几位` the move) does not ask."""
    low = text.lower()
    prefixes = tuple(rank_words().get("ordinal_prefix", {}))
    return any(
        not low[: match.start()].endswith(prefixes)
        for word in rank_words().get("rank_move", {})
        for match in re.finditer(re.escape(word), low)
    )


def stated_rank(text: str) -> int | None:
    """The rank a question states as a condition right after a word of `rank_stated` (`排名第二` -> 2, `ranked 3rd`
    -> 3); None when it states none."""
    low = text.lower()
    numbers = rank_words().get("rank_number", {})
    for opener in rank_words().get("rank_stated", {}):
        for match in re.finditer(re.escape(opener), low):
            rest = low[match.end() :] if has_cjk(opener) else low[match.end() :].lstrip()
            digits = re.match(r"(?:no\.?\s*)?(\d+)(?:st|nd|rd|th)?\b", rest)
            if digits:
                return int(digits.group(1))
            word = next((w for w in sorted(numbers, key=len, reverse=True) if _starts(rest, w)), None)
            if word and not (has_cjk(word) and rest[len(word) : len(word) + 1] in numbers):
                return numbers[word]  # `第十一` is read by no word here: no rank rather than a wrong one
    return rank_before(low)


def rank_before(low: str) -> int | None:
    """The rank an English ordinal states right before a word of `rank_stated_after` (`the second-ranked port` -> 2,
    `the 3rd-placed city` -> 3); None when none does."""
    numbers = rank_words().get("rank_number", {})
    words = "|".join(re.escape(word) for word in numbers if not has_cjk(word))
    for closer in rank_words().get("rank_stated_after", {}):
        for match in re.finditer(re.escape(closer), low):
            before = re.search(rf"\b(?:(\d+)(?:st|nd|rd|th)?|({words}))$", low[: match.start()])
            if before:
                return int(before.group(1)) if before.group(1) else numbers[before.group(2)]
    return None


def _starts(rest: str, word: str) -> bool:
    return rest.startswith(word) and (has_cjk(word) or not rest[len(word) : len(word) + 1].isalpha())


def rank_basis(text: str) -> str:
    """The words naming what a question ranks rows by (`if re-ranked by stock` -> `stock`, `按存量排序` -> `存量`): the
    words after `by` following the last ranking verb (group `rank_basis`), between a Chinese opener and a ranking
    word (`rank_basis_zh`, `rank_basis_close`), or right before a Chinese stated rank (`存量排第二`, `rank_stated`);
    `` when it names none."""
    low, words = text.lower(), rank_words()
    found, last = "", -1
    for verb in words.get("rank_basis", {}):
        for match in re.finditer(rf"\b{re.escape(verb)}\b[^,;?.!]*?\bby\s+((?:[a-z'-]+\s*){{1,3}})", low):
            if match.start() > last:
                last, found = match.start(), match.group(1).strip()
    for opener in words.get("rank_basis_zh", {}):
        for close in words.get("rank_basis_close", {}):
            for match in re.finditer(rf"{re.escape(opener)}([^，。？,?]{{1,10}}?){re.escape(close)}", low):
                if match.start() > last:
                    last, found = match.start(), match.group(1)
    numbers = "|".join(re.escape(word) for word in words.get("rank_number", {}) if has_cjk(word))
    for stated in (word for word in words.get("rank_stated", {}) if has_cjk(word)):
        for match in re.finditer(rf"([^，。？,?的中]{{1,8}}){re.escape(stated)}(?=\d|{numbers})", low):
            # `存量排第二`: the measure right before a stated rank is what it ranks by (`哪个港口排名第三` names none)
            if match.start() > last and names_measure(match.group(1)):
                last, found = match.start(), match.group(1)
    return found


def names_measure(words: str) -> bool:
    """Chinese `words` hold a word of a measure (`rag/data/measures.tsv`: `存量`, `流量`, `吞吐量`)."""
    return any(word.strip() in words for group in measure_words().values() for word in group if has_cjk(word))
