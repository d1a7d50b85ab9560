"""Two figures of one measure a single sentence states for two years (`from A in Y1 to B in Y2`, `由A增至B`): a net
change (`净增`, a data word) or a multiple between the years is computed from both, never answered with one level.
Made-up text only."""

from __future__ import annotations

import pytest

from rag.read.operations import asks_operation
from rag.read.question import question_operation
from rag.read.reader import grounded_answer
from rag.settings import PROJECT_ROOT
from rag.types import Chunk
from tests.builders import hits, prose_chunk, stored_index

PROMPTS = PROJECT_ROOT / "prompts"

VELDRIA = prose_chunk(
    "Over the last five years, Veldria's kelp exports climbed from 4.0 billion crowns in 2031 to 7.0 billion crowns "
    "in 2036, averaging 12% a year; the inflow of foreign funds grew from 210.5 billion crowns to 264.3 billion "
    "crowns, with an average annual rise of 4.7%."
)


def ask(question: str, chunks: list[Chunk], glossary):
    return grounded_answer(question, hits(chunks), stored_index([], chunks), glossary, PROMPTS)


def test_a_net_rise_word_asks_a_difference_between_two_years():
    assert asks_operation("2031到2036年间净增了多少", "difference")
    assert question_operation("2031到2036年间维尔德里亚吸引外资净增了多少？", (2031, 2036), "zh") == "difference"


def test_a_net_rise_between_the_years_of_a_from_to_pair_is_their_difference_not_a_level(glossary):
    got = ask("2031到2036年间维尔德里亚吸引外资（foreign funds inflow）净增了多少？", [VELDRIA], glossary)
    assert not got.refused and got.value == pytest.approx(53.8)
    assert "264.3" in got.formula and "210.5" in got.formula


def test_a_multiple_between_two_years_of_one_sentence_is_their_ratio_later_over_earlier(glossary):
    got = ask("How many times Veldria's kelp exports in 2031 were Veldria's kelp exports in 2036?", [VELDRIA], glossary)
    assert not got.refused and got.value == pytest.approx(0.57)
    got = ask("维尔德里亚海带出口（kelp exports）2036年是2031年的多少倍？", [VELDRIA], glossary)
    assert not got.refused and got.value == pytest.approx(1.75)
    assert got.formula.startswith("7 / 4")
    assert [(step.op, step.operands) for step in got.steps] == [("ratio", (7.0, 4.0))]


def test_a_multiple_of_years_the_sentence_does_not_state_is_refused(glossary):
    got = ask("维尔德里亚海带出口（kelp exports）2036年是2029年的多少倍？", [VELDRIA], glossary)
    assert got.refused and got.value is None


def test_the_to_figure_of_a_pair_with_no_years_of_its_own_is_the_level_of_the_sentence_s_last_year(glossary):
    # `grew from A to B` in a sentence running to 2036: A is the earlier level, B the one of 2036
    answer = ask("How large was Veldria's inflow of foreign funds in 2036?", [VELDRIA], glossary)
    assert not answer.refused and answer.source_value == pytest.approx(264.3)


def test_a_chinese_measure_reaches_its_english_wording_through_the_glossary(glossary):
    # 销售收入 is glossed `sales income`: the sentence printing it outranks one of another measure's rate
    text = prose_chunk(
        "Over five years Veldria's kelp trade grew 9% a year on average. In 2036, Veldria's overseas firms had total "
        "sales income of 41.2 billion crowns, compared with last year growth of 12.7%."
    )
    answer = ask("维尔德里亚境外企业2036年销售收入同比增速是多少？", [text], glossary)
    assert not answer.refused and answer.source_value == pytest.approx(12.7)
