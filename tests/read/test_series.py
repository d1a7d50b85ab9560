"""The first or last year of a row's series meeting a threshold (made-up tables)."""

from __future__ import annotations

from rag.read.reader import grounded_answer
from rag.read.series import series_position, since_year
from tests.builders import USD_1E8, make_table
from tests.builders import hits as _hits
from tests.builders import row_chunks as _row_chunks
from tests.builders import stored_index as _index
from tests.read.test_reader import PROMPTS


def _ask(question: str, table, glossary):
    chunks = _row_chunks(table)
    return grounded_answer(question, _hits(chunks), _index([table], chunks), glossary, PROMPTS)


def _table():
    years = ("2016", "2017", "2018", "2019", "2020")
    return make_table(
        {
            "Gadget revenue": ("320.0", "480.0", "515.5", "498.0", "530.0"),
            "Cog revenue": ("90", "95", "99", "80", "85"),
        },
        columns=tuple((year, USD_1E8) for year in years),
        title="Gadget results",
    )


def test_series_words_pick_one_end_and_a_since_year():
    assert series_position("In which year did X first exceed 5?") == "first"
    assert series_position("2010年以来X首次超过5是在哪一年？") == "first"
    assert series_position("When was the last time X was above 5?") == "last"
    assert series_position("In which years was X above 5?") == ""
    assert since_year("2006年以来，X首次突破5") == 2006
    assert since_year("Since 2012, in which year did X first exceed 5?") == 2012
    assert since_year("In which year did X first exceed 5?") is None


def test_the_first_year_a_row_crosses_a_threshold_is_the_earliest_meeting_it(glossary):
    answer = _ask("In which year did gadget revenue first exceed 500?", _table(), glossary)
    assert not answer.refused
    assert (answer.value, answer.unit) == (2018.0, "year")
    assert len(answer.citations) == 5  # every year read is cited, the ones below the threshold too


def test_a_scaled_threshold_is_compared_in_the_table_s_unit(glossary):
    answer = _ask("In which year did gadget revenue first exceed USD 50 billion?", _table(), glossary)
    assert (answer.value, answer.unit) == (2018.0, "year")  # 500 × USD 100 million


def test_the_last_year_and_a_since_year(glossary):
    last = _ask("In which year was cog revenue above 92 for the last time?", _table(), glossary)
    assert (last.value, last.unit) == (2018.0, "year")
    since = _ask("Since 2019, in which year did gadget revenue first exceed 500?", _table(), glossary)
    assert (since.value, since.unit) == (2020.0, "year")


def test_no_year_meeting_the_threshold_gives_no_first_year(glossary):
    answer = _ask("In which year did cog revenue first exceed 900?", _table(), glossary)
    assert answer.value is None


def _ranking():
    return make_table(
        {"瑞典": ("3", "2"), "日本": ("9", "13"), "印度": ("40", "31")},
        columns=(("2030年排名", None), ("2031年排名", None)),
        table_id="9-1",
        title="Gizmo index ranking of economies, 2030-2031",
        label_header="国家",
    )


def test_a_rise_in_rank_is_a_smaller_number_and_a_fall_a_larger_one(glossary):
    from tests.builders import ask_table

    rise = ask_table("How many places did India's gizmo index rank rise from 2030 to 2031?", _ranking(), glossary)
    assert (rise.value, rise.unit) == (9.0, "rank")  # 40th to 31st
    rise_zh = ask_table("印度的小部件指数排名从2030年到2031年上升了多少位？", _ranking(), glossary)
    assert rise_zh.value == 9.0
    fall = ask_table(
        "By how many places did Japan's gizmo index rank fall between 2030 and 2031?", _ranking(), glossary
    )
    assert fall.value == 4.0  # 9th to 13th
