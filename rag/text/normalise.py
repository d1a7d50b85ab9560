"""One normalisation for text typed or pasted into the system (questions from the CLI, the chat, batch cells).

Copied text carries invisible Unicode: a no-break space between "How" and "much", an ideographic space after a
Chinese comma, a zero-width space or a soft hyphen from a web page. They are spacing and formatting, not binary
junk: every kind of space (and line break or tab) becomes one ASCII space, and invisible format characters (zero
width space and joiners, soft hyphen, byte-order mark, bidirectional controls) are dropped. Letters and digits
whose compatibility form (NFKC) is plain ASCII are folded to it (full-width ２０２２ → 2022, ligature ﬁ → fi).

Full NFKC is not applied to the whole text: it would also turn superscripts into digits (km² → km2), circled
numbers into bare ones and Chinese full-width punctuation into ASCII, which changes what a question says.
"""

from __future__ import annotations

import unicodedata

_SPACE_CATEGORIES = ("Zs", "Zl", "Zp")
_WHITESPACE_CONTROLS = "\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85"


def _fold(ch: str) -> str:
    """The replacement of one character: a space, nothing, its ASCII compatibility form, or itself."""
    if ch.isascii():
        return " " if ch in _WHITESPACE_CONTROLS else ch
    category = unicodedata.category(ch)
    if category in _SPACE_CATEGORIES or ch in _WHITESPACE_CONTROLS:
        return " "
    if category == "Cf":
        return ""
    if category in ("Lu", "Ll", "Lt", "Lo", "Nd"):
        folded = unicodedata.normalize("NFKC", ch)
        if folded != ch and folded.isascii() and folded.isalnum():
            return folded
    return ch


def normalise_text(text: str) -> str:
    """`text` with every space as one ASCII space (runs collapsed, ends stripped) and invisible formatting dropped.

    Control characters other than whitespace are left in place: callers decide whether they mean binary data.
    """
    folded = "".join(_fold(ch) for ch in text)
    return " ".join(part for part in folded.split(" ") if part)
