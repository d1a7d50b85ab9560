"""Words a prefix negates (`non-public`, `非金融`, `rag/data/negations.tsv`): a figure of the complement group.

`The non-public sector invested $7 billion; the public sector $6 billion`: a question about the public sector is
not answered by the clause that names it only as `non-public`, nor a question about non-public investors by a clause
naming the public sector alone. A word the question names both ways (`how much more did non-public investors
invest than public ones`) is left to the two-sided binding (`rag.read.clause_operands`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from rag.text.wordlists import read_pairs

NEGATIONS_PATH = Path(__file__).resolve().parents[1] / "data" / "negations.tsv"

_WORD = re.compile(r"[a-z]+|[\u4e00-\u9fff]{2}")
_CJK_PAIR = re.compile(r"[\u4e00-\u9fff]{2}")


@lru_cache(maxsize=2)
def prefixes(path: Path = NEGATIONS_PATH) -> tuple[str, ...]:
    return tuple(word for key, word in read_pairs(path, "negation prefixes") if key == "prefix" and word)


def word_forms(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """(the words `text` names with a negating prefix, the words it names without one), lower-cased; a Chinese
    word is the two characters after `非` (for the plain words: every two characters outside a negated word)."""
    low = text.lower()
    negated, spans = set(), []
    for prefix in prefixes():
        for found in re.finditer(re.escape(prefix), low):
            if prefix[0].isalpha() and found.start() and low[found.start() - 1].isalpha():
                continue  # `canon-` is no `non-`
            word = _WORD.match(low, found.end())
            if word:
                negated.add(word.group())
                spans.append((found.start(), word.end()))

    def free(at: int) -> bool:
        return not any(start <= at < end for start, end in spans)

    plain = {m.group() for m in re.finditer(r"[a-z]+", low) if free(m.start())}
    plain |= {low[i : i + 2] for i in range(len(low) - 1) if _CJK_PAIR.match(low, i) and free(i)}
    return frozenset(negated), frozenset(plain)


def negation_conflict(question: str, clause: str) -> str:
    """The word the clause negates where the question does not (or names plainly where the question negates it);
    "" when none: the clause's figure is then not of the group the question asks about."""
    asked_neg, asked_plain = word_forms(question)
    neg, plain = word_forms(clause)
    for word in sorted(asked_plain - asked_neg):
        if word in neg and word not in plain:
            return word
    for word in sorted(asked_neg - asked_plain):
        if word in plain and word not in neg:
            return word
    return ""
