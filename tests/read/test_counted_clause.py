"""A count of rows meeting a threshold asked in a clause after the rows are named (`Of the eight largest, how many
held more than ...`): the noun counted is the rows', and a threshold in another scale than the table's is compared
in base units (made-up table)."""

from __future__ import annotations

import pytest

from rag.read.alignment import counted_verdicts
from rag.read.counted import counted_noun
from rag.read.question import analyse_question, counts_rows_over
from rag.types import Answer, Citation, Step
from tests.builders import PERCENT, USD_1E8, ask_table, make_table

DESTINATIONS = make_table(
    {"越南": ("310.0", "5.0"), "墨西哥": ("95.0", "2.0"), "阿根廷": ("120.5", "3.0"), "德国": ("40.0", "1.0")},
    columns=(("存量", USD_1E8), ("流量", USD_1E8)),
    title="Zembla's gizmo holdings abroad by destination, end-2031",
    label_header="国家",
)


@pytest.mark.parametrize(
    "text",
    [
        "Of Zembla's four biggest gizmo destinations, how many held over USD 10 billion?",
        "Of the listed markets, how many had above 3 units?",
    ],
)
def test_a_count_asked_after_a_comma_counts_rows_over_a_threshold(text):
    assert counts_rows_over(text.lower(), text)


def test_a_verb_right_after_how_many_names_no_counted_noun(glossary):
    question = analyse_question("Of the four destinations, how many held over USD 10 billion?", glossary)
    assert question.operation == "count_if" and counted_noun(question, glossary) is None


def test_the_rows_over_a_threshold_in_billions_are_counted_in_a_table_of_hundred_millions(glossary):
    answer = ask_table(
        "Of Zembla's gizmo destinations, how many held over USD 10 billion of gizmo holdings (stock) at end-2031?",
        DESTINATIONS,
        glossary,
    )
    assert not answer.refused and answer.value == pytest.approx(2.0)  # 310.0 and 120.5 (hundred millions) > 100


SECTORS = make_table(
    {
        "Total": ("980.0", "-4.0", "100.0"),
        "Gizmo assembly": ("400.0", "12.5", "40.8"),
        "Widget mining": ("250.0", "-30.2", "25.5"),
        "Sprocket trade": ("200.0", "3.1", "20.4"),
        "Doohickey leasing": ("130.0", "-8.0", "13.3"),
    },
    columns=(("流量", USD_1E8), ("同比", PERCENT), ("比重", PERCENT)),
    title="Zembla's outward gizmo flows by sector, 2031",
)


def test_rows_whose_printed_growth_rose_are_counted_when_the_verb_clause_names_the_direction(glossary):
    text = "In Zembla's 2031 gizmo flows by sector, how many sectors saw their flows rise on the year before?"
    assert analyse_question(text, glossary).operation == "count_if"
    answer = ask_table(text, SECTORS, glossary)
    assert not answer.refused and answer.value == pytest.approx(2.0)  # assembly 12.5, trade 3.1; the total left out
    assert "Gizmo assembly" in answer.text and "Sprocket trade" in answer.text


def test_a_direction_outside_the_counted_items_clause_counts_no_rows(glossary):
    # the fall is of another figure, read after a comma: the count asked is a stated one
    text = "How many gizmo fitters had Zembla trained in 2030, judging by the 2031 total and its fall?"
    assert analyse_question(text, glossary).operation != "count_if"
    # a move in a ranking counts no rows
    text = "How many places did gizmo assembly slip in Zembla's sector ranking from 2030 to 2031?"
    assert analyse_question(text, glossary).operation != "count_if"


def test_a_growth_count_over_a_table_printing_no_growth_refuses(glossary):
    levels = make_table(
        {"Gizmo assembly": ("400.0",), "Widget mining": ("250.0",), "Sprocket trade": ("200.0",)},
        columns=(("流量", USD_1E8),),
        title="Zembla's outward gizmo flows by sector, 2031",
    )
    answer = ask_table("How many sectors saw their gizmo flows rise in 2031?", levels, glossary)
    assert answer.refused  # one year, no growth column: the table cannot tell which rose


RANKING = make_table(
    {"Ruritania": ("820.0",), "Zembla": ("135.5",), "Freedonia": ("99.0",), "Latveria": ("101.0",)},
    columns=(("流出流量", USD_1E8),),
    title="Top 4 gizmo investors of 2031",
    label_header="国家",
)


def test_counted_items_with_a_scope_before_their_verb_are_counted_over_a_threshold(glossary):
    text = "How many economies in the 2031 top-4 gizmo investor list sent out more than USD 10 billion?"
    assert analyse_question(text, glossary).operation == "count_if"
    answer = ask_table(text, RANKING, glossary)
    assert not answer.refused and answer.value == pytest.approx(3.0)  # 820.0, 135.5, 101.0 hundred millions


def test_a_threshold_inside_the_counted_items_phrase_describes_them_and_counts_no_rows(glossary):
    # `plants with output above N` names a class whose size a report may state: looked up, not counted from rows
    text = "How many gizmo plants with output above USD 5 billion were there in Zembla in 2031?"
    assert analyse_question(text, glossary).operation != "count_if"


def test_a_count_of_table_rows_is_not_checked_as_a_figure_printed_in_a_sentence(glossary):
    # the unit word `count` of a counted set is found inside `country` of a cited sentence: no printed count there
    question = analyse_question(
        "How many economies in the 2031 top-4 gizmo investor list had over USD 1 billion?", glossary
    )
    scale_note = Citation(2, "t.txt", "line 3", "By country, Ruritania's gizmo outflows reached USD 82 billion.", 3, 3)
    answer = Answer(
        question.text,
        "3 of the 4 rows meet the condition.",
        citations=(scale_note,),
        value=3.0,
        unit="count",
        source_value=3.0,
        source_unit="count",
        steps=(Step("count", 3.0, rows=("Ruritania", "Zembla", "Latveria"), table_id="1-1", doc_name="t.txt"),),
    )
    assert counted_verdicts(question, answer, glossary) == []


@pytest.mark.parametrize(
    ("text", "table"),
    [
        ("How many sectors saw their gizmo flows rise in 2029?", SECTORS),
        ("How many economies in the 2029 top-4 gizmo investor list sent out more than USD 10 billion?", RANKING),
    ],
)
def test_a_count_asked_of_another_year_than_the_tables_refuses(glossary, text, table):
    assert ask_table(text, table, glossary).refused  # the 2031 tables cannot say which rows met it in 2029
