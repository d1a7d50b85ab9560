"""A Chinese question read against English prose by a lexicon of the reports' vocabulary.

The reader's question terms for a Chinese question are its Chinese words plus the English glosses of the glossary's
labels; an English sentence shares none of the other words, so every English sentence of a text answer looks alike.
`rag/data/span_lexicon.tsv` gives the English forms of the reports' common words (支持: support, back; 渠道:
channel), and `cross_overlap` counts a Chinese term as held by an English sentence that holds one of its forms."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from rag.read.matching import term_in
from rag.read.question import Question
from rag.text.glossary import has_cjk
from rag.text.tokens import token_set, tokenize
from rag.text.wordlists import read_pairs

LEXICON_PATH = Path(__file__).resolve().parents[1] / "data" / "span_lexicon.tsv"


@lru_cache(maxsize=1)
def lexicon() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Chinese word -> its English forms, each as its word stems (`tokenize`)."""
    forms: dict[str, tuple[tuple[str, ...], ...]] = {}
    for zh, en in read_pairs(LEXICON_PATH, "span lexicon"):
        stems = tuple(tuple(tokenize(form)) for form in en.split("|") if tokenize(form))
        forms[zh.strip()] = forms.get(zh.strip(), ()) + stems
    return forms


def holds_term(term: str, words: frozenset[str]) -> bool:
    """The English sentence whose word stems are `words` holds the question term: the term itself, or, for a
    Chinese term, every word stem of one of its lexicon forms (stems compared exactly: a shared prefix would take
    `particular` for `participate`)."""
    if not has_cjk(term):
        return term_in(term, words)
    return any(all(stem in words for stem in form) for form in lexicon().get(term, ()))


def cross_overlap(question: Question, sentence: str) -> float:
    """Share of the question's terms an English sentence holds, Chinese terms read through the lexicon; 0 for an
    English question or a sentence in Chinese."""
    if question.lang != "zh" or not question.terms or has_cjk(sentence):
        return 0.0
    words = frozenset(token_set(sentence))
    return sum(holds_term(term, words) for term in question.terms) / len(question.terms)
