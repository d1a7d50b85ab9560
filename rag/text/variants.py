"""Renderings of Chinese terms by machine translation (`rag/data/translation_variants.tsv`): an English report
translated word for word from Chinese prints `"area" all the way` where a translator writes `Belt and Road` (一带一路).
Such a phrase names the term wherever it stands whole, so a question naming the term in Chinese or by its English
gloss is matched to the translated text; partial matches (a word or two of the phrase) never count."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from rag.text.tokens import find_word
from rag.text.wordlists import grouped_words

VARIANTS_PATH = Path(__file__).resolve().parents[1] / "data" / "translation_variants.tsv"


@lru_cache(maxsize=1)
def _variants() -> dict[str, tuple[str, ...]]:
    return grouped_words(VARIANTS_PATH, "translation variants")


def printed_variants(label: str) -> tuple[str, ...]:
    """The machine-translated phrases (lower case) that stand for the Chinese `label` or for a term it is built on
    (`共建“一带一路”国家` on 一带一路: the translation renders the core term, the rest word by word); () for most."""
    key = label.strip()
    return tuple(variant for term, variants in _variants().items() if term in key for variant in variants)


def names_by_variant(labels: tuple[str, ...] | list[str], text: str) -> bool:
    """Whether `text` holds, as a whole phrase, a machine-translated rendering of one of the Chinese `labels`."""
    low = text.lower().replace("“", '"').replace("”", '"')
    variants = [variant for label in labels for variant in printed_variants(label)]
    return any(find_word(variant, low, whole=variant[-1].isalpha()) for variant in variants)  # `all the way "x`
