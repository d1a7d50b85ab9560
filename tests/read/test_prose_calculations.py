"""Operations over figures a passage states, where the question says how to work them out: a compound rate
computed from two stated levels (not the rounded rate the text states), a share of one stated count in another of
the same sentence, and the year before implied by a table row the question quotes in the table's own words even
where the table's title is misdated. Made-up text only."""

from __future__ import annotations

from dataclasses import replace

import pytest

from rag.read.computed import asks_to_compute, stated_against
from rag.read.portions import portion_phrases
from rag.read.reader import grounded_answer
from rag.settings import PROJECT_ROOT
from rag.types import Chunk
from tests.builders import PERCENT, USD_1E8, hits, make_table, prose_chunk, row_chunks, stored_index

PROMPTS = PROJECT_ROOT / "prompts"


def ask(question: str, chunks: list[Chunk], glossary, tables=()):
    return grounded_answer(question, hits(chunks), stored_index(list(tables), chunks), glossary, PROMPTS)


GIZMO_LEVELS = prose_chunk(
    "Over five years Ruritania's gizmo trade grew from 5.0 trillion crowns in 2030 to 6.1 trillion crowns in 2035, "
    "an average annual growth of 4%."
)


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("根据2030年和2035年的规模计算，增长率是多少？", True),
        ("Calculate the growth from the two levels.", True),
        ("计算机服务业的增长率是多少？", False),  # a computer, not a computation
        ("What was the stated growth rate?", False),
    ],
)
def test_words_asking_to_compute_are_data(text, asked):
    assert asks_to_compute(text) is asked


def test_a_rate_asked_to_be_computed_from_two_stated_levels_is_computed_not_read(glossary):
    computed = ask(
        "Based on the 2030 and 2035 levels, compute Ruritania's compound annual growth rate of gizmo trade.",
        [GIZMO_LEVELS],
        glossary,
    )
    assert not computed.refused and computed.value == pytest.approx(4.05, abs=0.01)
    assert computed.formula.startswith("(6.1 / 5)^(1/5)")
    stated = ask(
        "From 2030 to 2035, what compound annual growth rate did Ruritania's gizmo trade have?",
        [GIZMO_LEVELS],
        glossary,
    )
    assert not stated.refused and stated.value == 4.0  # not asked to compute: the rate the text states


WIDGET_COUNTS = prose_chunk(
    "So far the Ruritania gizmo zone has produced a total of 500 widget reform results, and 125 gadget pilot "
    "experiences have been copied across the region, 20 of which have been copied nationwide; 90 widget cases have "
    "been published."
)


def test_whole_first_share_questions_with_have_been_are_split_into_part_and_whole():
    assert portion_phrases("What proportion of the zone's reform results have been copied across the region?") == (
        "been copied across the region",
        "the zone's reform results",
    )


def test_a_share_of_one_stated_count_in_another_of_its_sentence_takes_the_part_the_question_names(glossary):
    answer = ask(
        "What proportion of the Ruritania gizmo zone's widget reform results have been copied across the region?",
        [WIDGET_COUNTS],
        glossary,
    )
    assert not answer.refused and answer.value == 25.0 and answer.unit == "%"
    assert answer.formula.startswith("125 / 500")


def test_a_share_whose_part_the_sentence_does_not_state_is_not_computed(glossary):
    answer = ask(
        "What proportion of the Ruritania gizmo zone's widget reform results have been sold abroad?",
        [WIDGET_COUNTS],
        glossary,
    )
    assert answer.value is None


@pytest.fixture(scope="module")
def misdated_turnover():
    """Turnover by project type with each row's growth, under a title whose year is misprinted (2013 for 2031)."""
    rows = {"小工具项目": ("20.0", "25.0", "60.0"), "大部件项目": ("13.3", "-5.0", "40.0")}
    columns = (("营业额", USD_1E8), ("同比", PERCENT), ("比重", PERCENT))
    table = make_table(rows, columns=columns, title="Turnover of projects by type in 2031", label_header="行业")
    return replace(table, title="Table 1-1: Turnover of projects by type in 2013", toc_title="")


def test_a_row_quoted_in_the_table_s_own_words_implies_the_year_before_despite_a_misdated_title(
    misdated_turnover, glossary
):
    chunks = [*row_chunks(misdated_turnover), prose_chunk("In 2031 the turnover of the projects rose sharply.")]
    quoted = "按2031年的营业额和同比增速推算，2030年小工具项目营业额约为多少？"
    answer = ask(quoted, chunks, glossary, [misdated_turnover])
    assert not answer.refused and answer.source_value == pytest.approx(16.0)
    assert answer.formula.startswith("20 / (1 + 25 %)") and len(answer.citations) == 2
    unquoted = "按2031年的数据推算，2030年小工具项目的收入约为多少？"  # neither column named as the table prints it
    assert "/ (1 +" not in ask(unquoted, chunks, glossary, [misdated_turnover]).text


RURITANIA_GROWTH = prose_chunk(
    "From January to April, Ruritania's gizmo investment grew by 70%; its widget investment grew by 55%."
)


def test_a_gap_of_two_rates_of_one_sentence_is_in_percentage_points(glossary):
    answer = ask(
        "Ruritania's gizmo investment grew faster than its widget one by how many percentage points?",
        [RURITANIA_GROWTH],
        glossary,
    )
    assert not answer.refused and answer.value == 15.0 and answer.unit == "percentage points"
    assert answer.formula.startswith("70 − 55")


RANKINGS = prose_chunk(
    "Ruritania's gizmo trade has ranked first in the region for 37 consecutive years; its widget sales have ranked "
    "first for 40 consecutive years."
)


def test_a_difference_takes_the_side_named_after_than_second_even_if_the_subject_stands_first(glossary):
    answer = ask(
        "How many more consecutive years did Ruritania rank first in widget sales than in gizmo trade?",
        [RANKINGS],
        glossary,
    )
    assert not answer.refused and answer.value == 3.0 and answer.formula.startswith("40 − 37")


def test_a_side_with_two_figures_the_question_cannot_tell_apart_is_refused(glossary):
    prose = prose_chunk(
        "Ruritania's gizmo trade reached 9 trillion crowns; widget sales reached 4 trillion crowns, rising from "
        "3.5 trillion crowns to 4.6 trillion crowns."
    )
    answer = ask("By how much did Ruritania's gizmo trade exceed its widget sales?", [prose], glossary)
    assert answer.refused and answer.value is None


def test_a_figure_stated_against_another_is_no_operand_of_a_difference(glossary):
    assert stated_against(" more than the previous year") and stated_against("，高于上年")
    assert not stated_against(" workers of various types overseas, up 34 percent")
    prose = prose_chunk(
        "Ruritania's gizmo makers hired 347,000 workers abroad, or 88,000 more than its widget makers hired."
    )
    answer = ask("How many more workers did Ruritania's gizmo makers hire than its widget makers?", [prose], glossary)
    assert answer.value != -259000.0 and "347000 −" not in (answer.formula or "")


SIDES_PROSE = prose_chunk(
    "From January to April this year, Hainan's actual foreign investment in the manufacturing industry "
    "increased by 70%, accounting for 28% of the total, and the actual foreign investment in the high-tech "
    "industry increased by 55%, accounting for more than 40%."
)


def test_each_side_of_a_sentence_names_only_its_own_entity(glossary):
    """Each rate names one of the question's two entities, never both: the pair names them all, so neither figure
    is refused for lacking the other side's name (a share in the same clause stays no operand)."""
    answer = ask("海南今年1至4月制造业吸收外资的增长率比高技术产业的高出几个百分点？", [SIDES_PROSE], glossary)
    assert not answer.refused and answer.value == 15.0 and answer.formula.startswith("70 − 55")
    missing = ask("海南今年1至4月制造业吸收外资的增长率比农业高出几个百分点？", [SIDES_PROSE], glossary)
    assert missing.refused and missing.value is None


GADGET_FLOWS = prose_chunk(
    "In 2033, Ruritania's neighbours invested US$40 billion in gadget plants abroad, up 3% on the previous year. "
    "Among them, gadget investment in Africa was US$12 billion, up 5% on the previous year."
)


def test_a_part_of_a_whole_is_shared_out_for_the_subject_its_segment_names(glossary):
    answer = ask("What share of the neighbours' gadget investment in 2033 went to Africa?", [GADGET_FLOWS], glossary)
    assert not answer.refused and answer.value == 30.0 and answer.formula.startswith("12 / 40")


def test_a_part_whose_segment_names_another_subject_is_not_the_asked_entitys_share(glossary):
    answer = ask(
        "What share of the neighbours' gadget investment in 2033 did Ruritania hold?", [GADGET_FLOWS], glossary
    )
    assert answer.refused
