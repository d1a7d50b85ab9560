"""Years whose figure meets a condition the question states: counted, or listed (made-up tables)."""

from __future__ import annotations

from rag.read.reader import grounded_answer
from tests.builders import PERCENT, USD_1E8, make_table
from tests.builders import hits as _hits
from tests.builders import row_chunks as _row_chunks
from tests.builders import stored_index as _index
from tests.read.test_reader import PROMPTS


def _ask(question: str, table, glossary):
    chunks = _row_chunks(table)
    return grounded_answer(question, _hits(chunks), _index([table], chunks), glossary, PROMPTS)


def _table():
    return make_table(
        {"Gadget revenue": ("420.0", "515.5", "498.0"), "Cog revenue": ("120.0", "115.5", "98.0")},
        columns=(("2019", USD_1E8), ("2020", USD_1E8), ("2021", USD_1E8)),
        title="Gadget results",
    )


def test_the_years_whose_figure_is_above_or_below_a_threshold_are_listed(glossary):
    above = _ask("In which years was gadget revenue above 450?", _table(), glossary)
    assert not above.refused
    assert sorted(above.spans) == ["2020", "2021"]
    below = _ask("In which year was gadget revenue less than 500?", _table(), glossary)
    assert sorted(below.spans) == ["2019", "2021"]
    assert len(below.citations) == 3  # every year's figure is cited, met or not


def test_a_percent_threshold_reads_the_rate_row(glossary):
    rates = make_table(
        {"Gadget margin": ("18.5", "21.0", "19.0"), "Cog margin": ("8.5", "9.0", "9.5")},
        columns=(("2019", PERCENT), ("2020", PERCENT), ("2021", PERCENT)),
        title="Gadget margins",
    )
    answer = _ask("In which years was the gadget margin more than 20%?", rates, glossary)
    assert answer.spans == ("2020",)


def test_counting_the_years_still_counts(glossary):
    answer = _ask("In how many years did gadget revenue exceed 450?", _table(), glossary)
    assert (answer.value, answer.unit) == (2.0, "count")


def test_a_year_a_sentence_states_answers_when_no_table_row_meets_the_condition(glossary):
    from tests.builders import prose_chunk

    chunks = [prose_chunk("By 2027, the city's gadget exports will reach more than USD 4 billion.")]
    answer = grounded_answer(
        "By what year should the city's gadget exports exceed USD 4 billion?", _hits(chunks), _index([], chunks),
        glossary, PROMPTS,
    )  # fmt: skip
    assert not answer.refused
    assert "2027" in answer.text


def test_a_word_holding_a_threshold_word_sets_no_condition_on_the_count(glossary):
    # `overseas` holds `over`, no threshold: the count the sentence states answers
    from tests.builders import prose_chunk

    chunks = [prose_chunk("Over 60 overseas Zembla guilds were set up in more than 40 nations and territories.")]
    answer = grounded_answer(
        "In how many nations and territories have overseas Zembla guilds been set up?", _hits(chunks),
        _index([], chunks), glossary, PROMPTS,
    )  # fmt: skip
    assert not answer.refused
    assert answer.value == 40.0
