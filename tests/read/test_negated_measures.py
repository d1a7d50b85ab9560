"""A measure the question sets aside (`stock, not the flow`, `存量而非流量`) is not asked: the column of the other
measure answers (made-up table)."""

from __future__ import annotations

import pytest

from rag.read.question import question_measures, without_negated
from tests.builders import USD_1E8, ask_table, make_table

HOLDINGS = make_table(
    {"越南": ("310.0", "5.0"), "德国": ("40.0", "1.0")},
    columns=(("存量", USD_1E8), ("流量", USD_1E8)),
    title="Zembla's gizmo investment abroad by destination, 2031",
    label_header="国家",
)


@pytest.mark.parametrize(
    ("text", "measures"),
    [
        ("Zembla's gizmo position in Germany (stock, not that year's flow)?", ("stock",)),
        ("Zembla's gizmo flow rather than its stock, in 2031?", ("flow",)),
        ("2031年Zembla对德国的小工具投资存量而非流量是多少？", ("stock",)),
        ("Not counting Germany, what was the gizmo stock?", ("stock",)),
    ],
)
def test_a_measure_after_a_negation_word_is_not_asked(text, measures):
    assert question_measures(text) == measures


def test_the_words_after_a_negation_are_dropped_to_the_end_of_their_clause():
    assert without_negated("a (stock, not the flow) b") == "a (stock,  ) b"


@pytest.mark.parametrize(("asked", "value"), [("stock, not that year's flow", 310.0), ("flow, not the stock", 5.0)])
def test_the_column_of_the_measure_kept_answers(asked, value, glossary):
    answer = ask_table(f"How much had Zembla put into Vietnam's gizmo sector in 2031 ({asked})?", HOLDINGS, glossary)
    assert not answer.refused and answer.source_value == pytest.approx(value)
