"""The year-before value a row's figure and growth column imply, asked with a year-before word: in a question that
names no year at all (the later year is the figure's own), and in one whose given clause names the later year while
the table's title prints a wrong one (made-up tables and prose)."""

from __future__ import annotations

import pytest

from rag.read.question import analyse_question, works_from_growth
from rag.read.reader import grounded_answer
from tests.builders import PERCENT, USD_1E8, make_table, prose_chunk, stored_index
from tests.builders import hits as _hits
from tests.builders import row_chunks as _row_chunks
from tests.read.test_reader import PROMPTS


def _ask(question: str, glossary, title: str = "Zembla's gadget exports by industry"):
    table = make_table(
        {"采矿业": ("15.0", "-25.0"), "青岛港": ("6.0", "20.0")},
        columns=(("营业额", USD_1E8), ("同比", PERCENT)),
        title=title,
    )
    chunks = [*_row_chunks(table), prose_chunk("In 2033, Zembla's gadget exporters had a turnover of 40 billion.")]
    return grounded_answer(question, _hits(chunks), stored_index([table], chunks), glossary, PROMPTS)


def test_a_given_clause_naming_the_later_year_dates_a_year_before_asked_without_one(glossary):
    question = "Working back from its 2033 fall, what turnover did Zembla's mining arm book in the prior year?"
    assert works_from_growth(question.lower())
    parsed = analyse_question(question, glossary)
    assert parsed.years == (2032,) and parsed.asked == "amount"


def test_a_year_before_asked_with_no_year_is_worked_back_from_the_named_row_s_growth(glossary):
    answer = _ask("由同比增速倒推，Zembla采矿业前一年营业额大概有多大？", glossary)
    assert not answer.refused and answer.source_value == pytest.approx(20.0)  # 15.0 / (1 − 25 %)
    assert {c.row_label for c in answer.citations} == {"采矿业"} and len(answer.citations) == 2


def test_no_year_and_no_year_before_word_reads_the_printed_figure(glossary):
    answer = _ask("Zembla采矿业营业额大概有多大？", glossary)
    assert answer.source_value != pytest.approx(20.0)


def test_a_row_the_question_names_only_in_part_is_not_worked_back(glossary):
    answer = _ask("由同比增速倒推，Zembla非采矿业前一年营业额大概有多大？", glossary)
    assert answer.source_value not in (pytest.approx(20.0), pytest.approx(5.0))


def test_an_english_name_of_the_row_reads_the_misdated_table_its_section_dates(glossary):
    title = "Zembla's gadget exports by industry in 2013"  # printed for 2033: a garbled year
    answer = _ask(
        "Working back from its 2033 growth, what turnover had the Qingdao port booked the year before?", glossary, title
    )
    assert not answer.refused and answer.source_value == pytest.approx(5.0)  # 6.0 / (1 + 20 %)
    other = _ask(
        "Working back from its 2034 growth, what turnover had the Qingdao port booked the year before?", glossary, title
    )
    assert other.source_value != pytest.approx(5.0)
