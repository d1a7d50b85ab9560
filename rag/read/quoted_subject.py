"""The subject of a figure quoted from one sentence, as an analyst opens the answer (`Zembla's gadget exports in
2031 were USD 3 billion [1]: "..."`): the noun phrase an English question asks one figure of (`What were Zembla's
gadget exports in 2031?`), with the question's own verb. It is said only where the cited sentence holds every
word of the phrase, so the answer never names more than the evidence shows; otherwise the answer keeps the
report's frame (`The report gives ...`). The opening words, verbs and phrase starts are data (`figure_opener`,
`copula`, `subject_start` in `rag/data/question_words.tsv`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rag.read.question import QUESTION_WORDS
from rag.text.glossary import has_cjk
from rag.text.tokens import token_set, tokenize

MAX_SUBJECT_WORDS = 10  # a longer run is a clause, not the name of one figure
_POSSESSIVE_END = re.compile(r"(?:'s|’s|'|’)(?=\s|$)")


@dataclass(frozen=True)
class QuotedSubject:
    phrase: str  # `Zembla's gadget exports in 2031`, as the question words it, first letter capitalised
    verb: str  # the question's own copula (`were`)


@lru_cache(maxsize=1)
def _asking() -> re.Pattern[str]:
    """`what|how much` + copula + the phrase, the whole question (no second question after a comma)."""
    openers = "|".join(re.escape(w) for w in sorted(QUESTION_WORDS["figure_opener"], key=len, reverse=True))
    verbs = "|".join(re.escape(w) for w in QUESTION_WORDS["copula"])
    return re.compile(rf"^\s*(?:{openers})\s+({verbs})\s+([^?,;:]+?)\s*\?\s*$", re.IGNORECASE)


def quoted_subject(question: str, sentence: str) -> QuotedSubject | None:
    """The phrase the question asks the figure of and its verb, where the sentence holds every word of it; None
    for a Chinese question, another form of question, a phrase that opens with neither a capital nor a
    `subject_start` word (`how much was spent on ...`: a verb), one longer than MAX_SUBJECT_WORDS, or one with a
    word the sentence lacks."""
    if has_cjk(question):
        return None
    match = _asking().match(question)
    if match is None:
        return None
    verb, phrase = match.group(1).lower(), match.group(2).strip()
    words = phrase.split()
    if len(words) > MAX_SUBJECT_WORDS or any(w.lower() in QUESTION_WORDS["figure_opener"] for w in words):
        return None
    if not (words[0][:1].isupper() or words[0].lower() in QUESTION_WORDS["subject_start"]):
        return None
    needed = set(tokenize(_POSSESSIVE_END.sub("", phrase)))
    if not needed or not needed <= token_set(_POSSESSIVE_END.sub("", sentence)):
        return None
    return QuotedSubject(phrase[:1].upper() + phrase[1:], verb)
