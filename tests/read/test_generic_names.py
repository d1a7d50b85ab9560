"""A place named with a generic noun (`Port of Zembla`, `Zembla Port`; rag/data/generic_names.tsv): a question
naming it in the other word order than its gloss names the same row (made-up ports and figures)."""

from __future__ import annotations

import pytest

from rag.text.glossary import Glossary, Term
from rag.types import Unit
from tests.builders import PERCENT, ask_table, make_table

TEU_1E4 = Unit(raw="ten thousand TEU", label="10,000 TEU", kind="quantity", scale=1e4, base="TEU")


@pytest.fixture(scope="module")
def harbours(glossary):
    """The real glossary with two made-up harbours glossed `Port of ...`."""
    made_up = (Term("甲港", "Port of Zembla", "region"), Term("乙港", "Port of Vulgaria", "region"))
    return Glossary(glossary.terms + made_up)


def test_a_port_named_before_its_generic_noun_reads_the_row_glossed_the_other_way(harbours):
    table = make_table(
        {"甲港": ("1", "812.5", "4.10"), "乙港": ("2", "640.0", "-2.30")},
        columns=(("排名", None), ("吞吐量", TEU_1E4), ("年增长", PERCENT)),
        unit=TEU_1E4,
        table_id="7-4",
        title="Table 7-4: Ruritanian harbours by container throughput in 2031",
        label_header="港口",
    )
    answer = ask_table("How much container throughput did Vulgaria Port handle in the harbour table?", table, harbours)
    assert not answer.refused, answer.text
    assert answer.source_value == pytest.approx(640.0)
    assert [c.row_label for c in answer.citations] == ["乙港"]
