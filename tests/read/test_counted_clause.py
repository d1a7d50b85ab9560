"""A count of rows meeting a threshold asked in a clause after the rows are named (`Of the eight largest, how many
held more than ...`): the noun counted is the rows', and a threshold in another scale than the table's is compared
in base units (made-up table)."""

from __future__ import annotations

import pytest

from rag.read.counted import counted_noun
from rag.read.question import analyse_question, counts_rows_over
from tests.builders import USD_1E8, ask_table, make_table

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
