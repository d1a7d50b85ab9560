"""Classes of rows (continents, economy groups, single countries) and their members, read from data: the words
naming each class in `rag/data/classes.tsv`, their members in `rag/data/members.tsv` (Chinese labels; English labels
through the glossary), and the glossary's own categories (`country`, `region`). Shared by the subset aggregates
(`rag.read.subsets`) and the alignment check (`rag.read.alignment`), which sits below them.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from rag.read.question import glossary_labels
from rag.text.glossary import Glossary
from rag.text.wordlists import read_pairs

DATA = Path(__file__).resolve().parents[1] / "data"


def class_pairs(path: Path) -> list[tuple[str, str]]:
    """The (class, word or member) rows of a class data file, empty values left out."""
    return [(key.strip(), value.strip()) for key, value in read_pairs(path, "class data") if value.strip()]


@lru_cache(maxsize=2)
def class_words(path: Path = DATA / "classes.tsv") -> tuple[tuple[str, str], ...]:
    """(class, word naming it), longest word first (`north american` before `american`)."""
    return tuple(sorted(((c, w.lower()) for c, w in class_pairs(path)), key=lambda item: -len(item[1])))


@lru_cache(maxsize=2)
def class_members(path: Path = DATA / "members.tsv") -> dict[str, frozenset[str]]:
    """class -> its members' Chinese labels."""
    members: dict[str, set[str]] = {}
    for name, member in class_pairs(path):
        members.setdefault(name, set()).add(member)
    return {name: frozenset(found) for name, found in members.items()}


COUNTRY = "country"  # the class of single countries: the glossary's `country` labels, not a members.tsv list


def member_classes(label: str, glossary: Glossary) -> set[str] | None:
    """The classes a row label is a member of; None when the label is no known member of any class."""
    labels = {label} | set(glossary_labels(label, glossary))
    found = {name for name, members in class_members().items() if labels & members}
    if labels & labelled(glossary, COUNTRY):
        found.add(COUNTRY)
    return found or None


def labelled(glossary: Glossary, category: str) -> frozenset[str]:
    """The Chinese labels the glossary files under `category` (`region`, `country`)."""
    key = (id(glossary), category)
    return _LABELLED.get(key) or _LABELLED.setdefault(
        key, frozenset(term.zh for term in glossary.terms if term.category == category)
    )


_LABELLED: dict[tuple[int, str], frozenset[str]] = {}
