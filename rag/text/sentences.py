"""A sentence splitter for English, Chinese and mixed text.

Rules, in order of strength:

* Chinese ends `。！？；` and `……` always end a sentence, together with any closing quotes or brackets after them.
* English `.`, `!`, `?` (and runs like `?!` or `...`) end a sentence when followed by whitespace or the end of the
  text, again taking closing quotes/brackets with them. A `.` does not end a sentence after a known abbreviation
  (`U.S.`, `No.`, `Mr.`, `e.g.`, `Co.`, `Ltd.`, months ...), after a single capital initial, or when the next word
  starts with a lowercase letter. `etc.` ends a sentence only before a capital letter (the corpus often ends a
  list with `etc.`). Numbers like `1.49` and the literal `\\$` never split, because a `.` must be followed by
  whitespace.
* An English `;` followed by whitespace and a capital letter is a *weak* end: this corpus machine-translates the
  Chinese `；` that way (`... fell 60.9% from a year; North American ...`). It only splits when the pieces on both
  sides have at least `MIN_WEAK_WORDS` words, so short lists such as `Shanghai; Beijing; Shenzhen` stay whole.

The sentences returned are stripped slices of the input, so joining them (ignoring whitespace) gives back the
input's non-whitespace content exactly.
"""

from __future__ import annotations

import re

MIN_WEAK_WORDS = 4

_CLOSERS = "\"'”’」』）)]】》"
_CJK_END = re.compile(rf"(?:……|[。！？；]+)[{re.escape(_CLOSERS)}]*")
_EN_END = re.compile(rf"[.!?]+[{re.escape(_CLOSERS)}]*(?=\s|$)")
_WEAK_END = re.compile(r";(?=\s+[A-Z])")
_WORD_BEFORE = re.compile(r"(?<![A-Za-z.])([A-Za-z][A-Za-z.]*?)\.+$")
_LOOKBACK = 40
_NEXT_CHAR = re.compile(r"\s*(\S)")

_ABBREVIATIONS = frozenset(
    re.findall(
        r"\S+",
        "u.s u.k u.n e.u u.s.a p.r.c no nos mr mrs ms dr prof st jr sr gov gen dept co corp inc ltd llc plc fig figs "
        "e.g i.e vs approx art vol pp cf al est jan feb mar apr jun jul aug sep sept oct nov dec",
    )
)


def _is_english_end(text: str, match: re.Match[str]) -> bool:
    """Whether an English `.`/`!`/`?` run at `match` really ends a sentence (see the module docstring)."""
    punct = match.group()
    if "!" in punct or "?" in punct or len(punct.rstrip(_CLOSERS)) > 1:
        return True
    following = _NEXT_CHAR.match(text, match.end())
    if following is None:
        return True
    next_char = following.group(1)
    if next_char.islower():
        return False
    word_match = _WORD_BEFORE.search(text, max(0, match.start() - _LOOKBACK), match.start() + 1)
    if word_match is None:
        return True
    word = word_match.group(1).lower()
    if word == "etc":
        return next_char.isupper()
    if word in _ABBREVIATIONS:
        return False
    # a single capital initial such as the "J." in "J. Smith"
    return not (len(word) == 1 and word_match.group(1).isupper())


def _word_count(text: str) -> int:
    return len(text.split())


def _boundaries(text: str) -> list[int]:
    """End offsets (exclusive) of sentences, not including the end of the text."""
    strong = {m.end() for m in _CJK_END.finditer(text)}
    strong |= {m.end() for m in _EN_END.finditer(text) if _is_english_end(text, m)}
    weak = {m.end() for m in _WEAK_END.finditer(text)} - strong
    candidates = sorted(strong | weak | {0, len(text)})
    kept = []
    for i, cut in enumerate(candidates[1:-1], start=1):
        if cut in weak:
            before = text[candidates[i - 1] : cut]
            after = text[cut : candidates[i + 1]]
            if _word_count(before) < MIN_WEAK_WORDS or _word_count(after) < MIN_WEAK_WORDS:
                continue
        kept.append(cut)
    return kept


def split_sentences(text: str) -> list[str]:
    """Split `text` into stripped, non-empty sentences (English, Chinese or mixed)."""
    cuts = [0, *_boundaries(text), len(text)]
    pieces = (text[start:end].strip() for start, end in zip(cuts, cuts[1:], strict=False))
    return [piece for piece in pieces if piece]


_SEMICOLON = re.compile(r"[;；]")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _long_piece(text: str) -> bool:
    """A piece long enough to be a statement of its own: MIN_WEAK_WORDS words, or twice as many Chinese characters."""
    return _word_count(text) >= MIN_WEAK_WORDS or len(_CJK.findall(text)) >= 2 * MIN_WEAK_WORDS


def statements(sentence: str) -> list[tuple[int, int]]:
    """The (start, end) spans of the statements a sentence strings together with semicolons: `X grew from A to B,
    with an average growth of 4%; Y expanded from C to D, with 5.6%`. Each states the figures of its own subject,
    so a figure belongs to its statement before the sentence. Unlike `split_sentences`, a semicolon before a lower
    case word cuts too, but only between pieces of MIN_WEAK_WORDS words or more (`Shanghai; Beijing` stays one). The
    spans cover the sentence."""
    marks = [match.end() for match in _SEMICOLON.finditer(sentence)]
    cuts = [0]
    for n, mark in enumerate(marks):
        after = sentence[mark : marks[n + 1] if n + 1 < len(marks) else len(sentence)]
        if _long_piece(sentence[cuts[-1] : mark]) and _long_piece(after):
            cuts.append(mark)
    return list(zip(cuts, [*cuts[1:], len(sentence)], strict=True))


def statement_of(sentence: str, start: int) -> tuple[int, int]:
    """The span of the statement (`statements`) that holds offset `start` of `sentence`."""
    return next((span for span in statements(sentence) if span[0] <= start < span[1]), (0, len(sentence)))


# Where a clause ends: a comma, semicolon, colon or enumeration mark, or `and`.
COMMA_BREAK = re.compile(r"[,;，；、:：]")
CLAUSE_BREAK = re.compile(COMMA_BREAK.pattern + r"|\band\b")
# The breaks of a quoted clause: punctuation, never the comma of a grouped number (`1,246`) nor a word (`and $770
# million` alone names nothing).
QUOTE_BREAK = re.compile(r"[;；]|[,，:：](?!\d)")


def clause_around(
    sentence: str, start: int, end: int, breaks: re.Pattern[str] = CLAUSE_BREAK, widen: bool = True
) -> str:
    """The clause of `sentence` that holds the span [start, end): text between the nearest `breaks` (by default
    commas, semicolons, colons and `and`; `widen`: a clause shorter than 40 characters up to the figure takes the one
    before it too)."""
    before = [m.end() for m in breaks.finditer(sentence, 0, start)]
    after = breaks.search(sentence, end)
    left = before[-1] if before else 0
    if widen and end - left < 40:
        left = before[-2] if len(before) > 1 else 0
    return sentence[left : after.start() if after else len(sentence)]
