"""The reader attaches a typed step to each derived number it states (made-up tables), and the verifier traces every
number of the answer through them: a count's set size, per-row differences of a ranked listing, a mean's divisor."""

from __future__ import annotations

import pytest

from rag.answer.verify import verify_answer
from tests.builders import USD_1E8, make_table
from tests.builders import ask_table as ask


@pytest.fixture(scope="module")
def gadget_orders():
    """Gadget orders by line in two years (USD 100 million), one line flat."""
    rows = {"Widgets": ("410", "297"), "Gizmos": ("88", "95"), "Sprockets": ("31", "12"), "Doohickeys": ("7", "7")}
    return make_table(rows, columns=(("2031", USD_1E8), ("2032", USD_1E8)), table_id="7-5", title="Gadget orders")


def traced(answer, table) -> list[str]:
    return [p.text for p in verify_answer(answer, lambda table_id, doc: table if table_id == table.table_id else None)]


def test_a_count_of_rows_meeting_a_condition_carries_its_set_as_steps(gadget_orders, glossary):
    answer = ask(
        "How many of the gadget lines had orders worth more than USD 5 billion in 2032?", gadget_orders, glossary
    )
    assert not answer.refused and answer.value == 2.0
    counts = [step for step in answer.steps if step.op == "count"]
    assert [step.result for step in counts] == [2.0, 4.0] and counts[1].table_id == "7-5"
    assert traced(answer, gadget_orders) == []


def test_the_differences_of_a_ranked_listing_are_traced(gadget_orders, glossary):
    answer = ask("Which gadget line saw the largest drop in orders from 2031 to 2032?", gadget_orders, glossary)
    assert not answer.refused and "Widgets" in answer.text
    assert any(step.op == "difference" and step.result == -113 for step in answer.steps)
    assert traced(answer, gadget_orders) == []
