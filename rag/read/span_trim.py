"""The shortest part of a quoted sentence that answers a question asking for words (TAT-QA-style span answers).

`rag.read.spans.answer_span` starts an answer after the sentence's restatement of the question; two more cuts make
it the clause an analyst would quote:

* `reason_part`: a reason question (`why`, `what drove`) is answered with what follows the first word that states a
  cause (`cause_lead` in `rag/data/operations.tsv`: `..., driven by higher volumes` → `higher volumes`), unless the
  answer opens with it (`Because of X, ...` keeps its opening);
* `answering_piece`: a "sentence" the splitter left joined across a colon where a table or a list stood (`... as
  follows (in thousands): (1) Included in X`) is cut there, and the piece naming most question terms answers;
* `without_echo`: a trailing clause that only restates the question (`Because of X, the tax rate was not affected`
  asked `why was the tax rate not affected`) is left out.
"""

from __future__ import annotations

import re

from rag.read.matching import term_in
from rag.read.operations import operation_words
from rag.text.tokens import tokenize

ECHO_SHARE = 0.75  # share of a trailing clause's words that must be question terms for it to be a restatement
MIN_KEPT_WORDS = 2  # words the answer keeps at least; a cut that leaves fewer is not made


# a colon before what opens a new sentence or a note (`: The decrease ...`, `: (1) Included in ...`)
_JOINED = re.compile(r"[:：]\s+(?:\(\d+\)\s*)?(?=[A-Z“\"])")


def _words(text: str) -> int:
    return len(text.split())


def reason_part(span: str) -> str:
    """What follows the first cause word of `span` (`cause_lead`), the longest word at the earliest place; the span
    itself when it opens a sentence with one (`Because of X, ...`), holds none, or too little follows."""
    low = span.lower()
    found = [
        (m.start(), -len(word), m.end())
        for word in operation_words().get("cause_lead", ())
        for m in re.finditer(rf"\b{re.escape(word)}\b", low)
    ]
    if not found:
        return span
    start, _, end = min(found)
    rest = span[end:].strip(" ,;:")
    if start == 0 and span[:1].isupper() or _words(rest) < MIN_KEPT_WORDS:
        return span
    return rest


def without_echo(span: str, terms: frozenset[str]) -> str:
    """`span` without its trailing comma clauses made mostly (`ECHO_SHARE`) of question `terms`."""
    parts = span.split(", ")
    while len(parts) > 1:
        tokens = tokenize(parts[-1])
        asked = sum(term_in(token, terms) for token in tokens)
        if not tokens or asked < ECHO_SHARE * len(tokens) or _words(", ".join(parts[:-1])) < MIN_KEPT_WORDS:
            break
        parts.pop()
    return ", ".join(parts).strip(" ,;:")


def answering_piece(sentence: str, terms: frozenset[str]) -> str:
    """The piece of `sentence` (cut at `_JOINED` colons) that names the most distinct question `terms`, the later of
    equals (the words after a table's lead are what it leads to), a piece that only leads to a table (`leads`) left
    out; `sentence` when it has one piece."""
    pieces = [piece.strip() for piece in _JOINED.split(sentence) if piece.strip()]
    if len(pieces) < 2:
        return sentence
    pieces = [piece for piece in pieces if not leads(piece)] or pieces

    def named(piece: str) -> int:
        return len({token for token in tokenize(piece) if term_in(token, terms)})

    return max(reversed(pieces), key=named)


def leads(piece: str) -> bool:
    """The piece ends with words that lead to a table or list (`table_lead`: `... consisted of the following`)."""
    low = piece.lower().rstrip(" :：")
    return any(low.endswith(word) for word in operation_words().get("table_lead", ()))
