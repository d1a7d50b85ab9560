"""`normalise_text`: Unicode spaces become spaces, invisible formatting goes, full-width letters and digits fold."""

from __future__ import annotations

import pytest

from rag.text.normalise import normalise_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("How\u00a0much", "How much"),  # no-break space
        ("How\u3000much", "How much"),  # ideographic space
        ("How\u2009\u2002much", "How much"),  # thin and en spaces, collapsed
        ("How\nmuch\r\n\tis it", "How much is it"),  # line breaks and tabs
        ("How\u2028much", "How much"),  # line separator
        ("manu\u00adfacturing", "manufacturing"),  # soft hyphen
        ("manu\u200bfacturing", "manufacturing"),  # zero-width space
        ("\ufeffWhat", "What"),  # byte-order mark
        ("\u202eabc\u202c", "abc"),  # bidirectional override
        ("  padded  ", "padded"),
        ("２０２２年", "2022年"),  # full-width digits
        ("ＦＤＩ", "FDI"),  # full-width letters
        ("ﬁnance", "finance"),  # ligature
    ],
)
def test_spaces_and_invisible_marks(raw, expected):
    assert normalise_text(raw) == expected


@pytest.mark.parametrize("kept", ["km²", "①", "？（）：", "中国制造业", "½", "x\x00y", "café"])
def test_what_full_nfkc_would_change_is_kept(kept):
    """Superscripts, circled numbers, fractions and Chinese punctuation carry meaning; controls are the caller's."""
    assert normalise_text(kept) == kept
