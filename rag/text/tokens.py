"""Tokens for BM25: Chinese segmented with jieba (rjieba, the Rust port), English words lightly stemmed.

Chinese runs use jieba's search mode, which emits both whole words and their parts (交通运输 → 交通, 运输,
交通运输), so a query term matches a longer label. Numbers stay whole (`1631.2`, `-8.8`, `13.8%` → `13.8`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from rag.text.glossary import has_cjk

_TOKEN = re.compile(r"[\u3400-\u9fff]+|\d+(?:[.,]\d+)*|[A-Za-z]+(?:'[a-z]+)?")
_CJK = re.compile(r"[\u3400-\u9fff]")

ENGLISH_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "been",
        "but",
        "by",
        "did",
        "do",
        "does",
        "for",
        "from",
        "had",
        "has",
        "have",
        "how",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "than",
        "that",
        "the",
        "their",
        "there",
        "these",
        "this",
        "those",
        "to",
        "was",
        "were",
        "what",
        "when",
        "where",
        "which",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "much",
        "many",
        "per",
        "was",
        "about",
        "over",
        "under",
        "between",
        "during",
        "s",
    ]
)
CHINESE_STOPWORDS = frozenset(
    [
        "的",
        "了",
        "和",
        "与",
        "及",
        "是",
        "在",
        "为",
        "对",
        "多少",
        "什么",
        "哪些",
        "哪个",
        "如何",
        "怎样",
        "吗",
        "呢",
        "年",
        "个",
        "其",
        "中",
        "以",
        "将",
        "等",
        "有",
        "也",
    ]
)


def _stem(word: str) -> str:
    """A deliberately small English stemmer: plural and common verb endings, enough for BM25 recall."""
    for suffix, keep in (("ies", "y"), ("sses", "ss"), ("ing", ""), ("ed", ""), ("s", "")):
        if suffix == "s" and word.endswith("ss"):
            continue  # "business", "access": not plurals
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: len(word) - len(suffix)] + keep
    return word


def _segment_chinese(run: str) -> list[str]:
    import rjieba

    return [t for t in rjieba.cut_for_search(run) if t.strip() and t not in CHINESE_STOPWORDS]


def tokenize(text: str) -> list[str]:
    """Lower-cased BM25 tokens of mixed Chinese/English text."""
    tokens: list[str] = []
    for match in _TOKEN.finditer(text):
        piece = match.group(0)
        if _CJK.match(piece):
            tokens.extend(_segment_chinese(piece))
        elif piece[0].isdigit():
            tokens.append(piece.replace(",", ""))
        else:
            word = piece.lower()
            if word not in ENGLISH_STOPWORDS:
                tokens.append(_stem(word))
    return tokens


@lru_cache(maxsize=8192)
def token_set(text: str) -> frozenset[str]:
    """The distinct `tokenize` tokens of `text`, kept for the last 8192 texts: the reader compares the question's
    terms with the same titles, sentences and clauses for every candidate figure and every question."""
    return frozenset(tokenize(text))


@lru_cache(maxsize=16384)
def word_pattern(word: str, whole: bool = True) -> re.Pattern[str]:
    """`word` (lower case) at the start of a word of lower-cased text, and at its end too when `whole` (a prefix
    match finds `growth` for `grow`; a whole match does not find `ukraine` for `uk`). Compiled once per word: the
    reader asks for thousands of place and row names a question, more than `re`'s own cache of 512 holds."""
    return re.compile(rf"(?<![a-z]){re.escape(word)}" + ("(?![a-z])" if whole else ""))


@lru_cache(maxsize=4096)
def bounded_word(word: str) -> re.Pattern[str]:
    """`word` between regex word edges (`\\b`: a digit or `_` is a word character too, unlike `word_pattern`'s
    letters); compiled once per word."""
    return re.compile(rf"\b{re.escape(word)}\b")


def find_word(word: str, low: str, whole: bool = True) -> re.Match[str] | None:
    """The first place lower-cased `low` holds lower-case `word` as a word (`word_pattern`), or None.

    A plain substring test first: the reader asks this of hundreds of place names per text, and most are absent."""
    if word not in low:
        return None
    return word_pattern(word, whole).search(low)


def holds_term(word: str, low: str, whole: bool = True) -> bool:
    """Lower-cased `low` holds lower-case `word`: a Chinese word anywhere (Chinese has no word edges), any other as a
    word (`find_word`; with `whole` False, at a word's start)."""
    return word in low if has_cjk(word) else find_word(word, low, whole) is not None


def holds_any(words: Iterable[str], low: str, whole: bool = True) -> bool:
    """Lower-cased `low` holds one of `words` (`holds_term`)."""
    return any(holds_term(word, low, whole) for word in words)
