"""Tests for the English/Chinese sentence splitter."""

from __future__ import annotations

import random
import re

import pytest

from rag.settings import PROJECT_ROOT
from rag.text.sentences import split_sentences, statement_of, statements

REPORT = PROJECT_ROOT / "seeds" / "000_f2b7a4193a625dc4.txt"


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_english_sentences() -> None:
    assert split_sentences("Trade grew. Investment fell!  Why? Nobody knows.") == [
        "Trade grew.",
        "Investment fell!",
        "Why?",
        "Nobody knows.",
    ]


def test_empty_and_whitespace() -> None:
    assert split_sentences("") == []
    assert split_sentences(" \n\t ") == []
    assert split_sentences("No end punctuation") == ["No end punctuation"]


@pytest.mark.parametrize(
    "text",
    [
        "Flows reached \\$1.49 trillion, down 13.8% from 2.75481 before.",
        "The U.S. and the U.K. Treasury agreed on it.",
        "Notice No. 139 was issued by Mr. Wang and Dr. Li on Jan. 5 this year.",
        "Sectors, e.g. mining, i.e. the primary sector, grew.",
        "Wind, solar, etc. are growing fast.",
        "China vs. Japan was the closest race.",
        "The paper by J. Smith was cited.",
        "It was US \\$ 174.2 billion. ",
        "Ningbo Co., Ltd. invested in Peru.",
    ],
)
def test_no_split_inside_numbers_and_abbreviations(text: str) -> None:
    assert split_sentences(text) == [text.strip()]


def test_etc_ends_a_sentence_before_a_capital() -> None:
    assert split_sentences("They built ports, roads, etc. Import and export rose.") == [
        "They built ports, roads, etc.",
        "Import and export rose.",
    ]


def test_closing_quotes_and_brackets_stay_with_the_sentence() -> None:
    assert split_sentences('He said "it works." Then he left. (See above.) Next.') == [
        'He said "it works."',
        "Then he left.",
        "(See above.)",
        "Next.",
    ]


def test_chinese() -> None:
    text = "他说：“我们会努力。”然后走了！真的吗？是的……好；再见"
    assert split_sentences(text) == ["他说：“我们会努力。”", "然后走了！", "真的吗？", "是的……", "好；", "再见"]


def test_mixed() -> None:
    text = "2022年对外投资1631.2亿美元。China ranked second. 其中，亚洲占76.2%！Asia leads."
    assert split_sentences(text) == [
        "2022年对外投资1631.2亿美元。",
        "China ranked second.",
        "其中，亚洲占76.2%！",
        "Asia leads.",
    ]


def test_semicolon_splits_only_between_long_pieces() -> None:
    text = "Europe invested 224.28 billion dollars, down 60.9% from a year; North American investment rose 1.2%."
    assert split_sentences(text) == [
        "Europe invested 224.28 billion dollars, down 60.9% from a year;",
        "North American investment rose 1.2%.",
    ]
    short = "Key ports include Shanghai; Ningbo; Shenzhen and Qingdao."
    assert split_sentences(short) == [short]


def test_statements_cut_a_sentence_at_semicolons_between_long_pieces_whatever_case_follows() -> None:
    text = (
        "Gadget sales grew from 2 to 3 billion, up 4% a year; the use of widget capital rose from 5 to 6 billion, "
        "up 5.5% a year; toy exports reached 7 billion."
    )
    spans = statements(text)
    assert [text[a:b].strip() for a, b in spans] == [
        "Gadget sales grew from 2 to 3 billion, up 4% a year;",
        "the use of widget capital rose from 5 to 6 billion, up 5.5% a year;",
        "toy exports reached 7 billion.",
    ]
    assert split_sentences(text) == [text]  # the sentence itself stays whole (a lower-case word follows each `;`)
    assert statement_of(text, text.index("5.5%")) == spans[1]
    short = "Key ports include Shanghai; Ningbo; Shenzhen and Qingdao."
    assert statements(short) == [(0, len(short))]


def test_real_paragraph() -> None:
    paragraph = next(line for line in REPORT.read_text(encoding="utf-8").splitlines() if "\\$1.49 trillion" in line)
    sentences = split_sentences(paragraph)
    assert sentences[0].startswith("According to the UN conference on trade and development")
    assert "\\$1.49 trillion, down 13.8%" in sentences[0]
    assert sentences[0].endswith(".")
    assert all(not re.match(r"\d", sentence) for sentence in sentences)
    assert squash("".join(sentences)) == squash(paragraph)


FRAGMENTS = [
    "Trade grew 5.2%.",
    "The U.S. economy slowed.",
    "No. 3 rose;",
    "Investment reached \\$1.49 trillion.",
    "中国经济回升向好。",
    "真的吗？",
    "好；",
    "etc.",
    "Mr. Li said",
    "“是的。”",
    "(see Table 1-9.)",
    "e.g.",
    "Why?!",
    "down 13.8%",
    "……",
    "x",
    "Section 1",
    "A.",
    "tabs\tand\nnewlines",
    "  ",
    "Export; Import",
    "2.75481",
]


@pytest.mark.parametrize("seed", range(200))
def test_sentences_cover_the_input_exactly(seed: int) -> None:
    rng = random.Random(seed)
    text = "".join(rng.choice(FRAGMENTS) + rng.choice(["", " ", "  ", "\n", "\t"]) for _ in range(rng.randint(0, 30)))
    sentences = split_sentences(text)
    assert all(sentence and sentence == sentence.strip() for sentence in sentences)
    assert squash("".join(sentences)) == squash(text)


def test_whole_report_is_covered() -> None:
    text = REPORT.read_text(encoding="utf-8")
    assert squash("".join(split_sentences(text))) == squash(text)
