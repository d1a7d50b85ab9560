"""What an abbreviation stands for: the span the reports print beside it in brackets.

`What does X stand for?` (the trigger words are data: group `define` of `rag/data/operations.tsv`) is answered with
the words a retrieved sentence gives X in brackets, either after it (`AEO (Authorised economic operator)`) or
before it (`Authorised economic operator (AEO)`), quoted and cited; a sentence that does not spell the abbreviation
out answers nothing, so the question is refused rather than answered with a sentence that merely uses it.
"""

from __future__ import annotations

import re

from rag.read.compose import AnswerDraft, prose_citation
from rag.read.evidence import Evidence
from rag.read.question import Question
from rag.read.refusals import Refusal, missing
from rag.text.sentences import split_sentences
from rag.types import Answer

# An abbreviation a question names: a quoted word, or a word of capitals (and digits) after the first word.
_QUOTED = re.compile(r"['\"‘’“”「『]([A-Za-z][A-Za-z0-9&.\-]{1,11})['\"‘’“”」』]")
_CAPITALS = re.compile(r"(?<![A-Za-z])([A-Z][A-Z0-9&]{1,9})(?![A-Za-z])")
_OPEN, _CLOSE = "[(（]", "[)）]"
MAX_MEANING_CHARS = 80


def abbreviation(question: Question) -> str:
    """The abbreviation the question asks about: a quoted word first, else a word of capitals; "" for none."""
    quoted = _QUOTED.search(question.text)
    if quoted:
        return quoted.group(1)
    found = _CAPITALS.findall(question.text)
    return found[0] if found else ""


def spelled_out(short: str, sentence: str) -> str:
    """What `sentence` gives `short` in brackets (`short (meaning)` or `meaning (short)`); "" when it does not."""
    word = re.escape(short)
    after = re.search(rf"(?<![A-Za-z]){word}\s*{_OPEN}([^()（）]{{2,{MAX_MEANING_CHARS}}}){_CLOSE}", sentence)
    if after and re.search(r"[A-Za-z\u4e00-\u9fff]{2}", after.group(1)):
        return after.group(1).strip()
    before = re.search(rf"([^()（）,;，；]{{2,{MAX_MEANING_CHARS}}}?)\s*{_OPEN}\s*{word}\s*{_CLOSE}", sentence)
    if not before:
        return ""
    words = before.group(1).split()
    letters = sum(ch.isalpha() for ch in short)
    return " ".join(words[-letters:]) if len(words) > letters and letters else before.group(1).strip()


def derive_definition(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """The meaning of the abbreviation asked, from the best-ranked retrieved sentence that spells it out."""
    short = abbreviation(question)
    if not short:
        return missing("an abbreviation")
    for _, chunk in evidence.prose():
        for sentence in split_sentences(chunk.body):
            meaning = spelled_out(short, sentence)
            if meaning:
                n = draft.cite(prose_citation(chunk, sentence))
                draft.say("definition", short=short, meaning=meaning, n=n)
                draft.spans = (meaning,)
                draft.confidence = 0.8
                return draft.answer()
    return missing(short)
