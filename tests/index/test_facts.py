"""Typed facts at index time: one per numeric table cell, one per figure in prose, each with its kind, period and
statement. Made-up documents and tables only."""

from __future__ import annotations

import pytest

from rag.index.facts import document_facts, sentence_facts, worded_kind
from rag.text.glossary import Glossary
from rag.types import Document
from tests.builders import make_table


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return Glossary.load()


def document(*lines: str) -> Document:
    return Document("t.txt", "Report", tuple(lines), tuple(("Chapter 1",) for _ in lines), "0" * 64)


def test_one_fact_per_numeric_cell_with_its_row_column_period_and_kind(glossary):
    table = make_table({"制造业": ["100.5", "120.0", "19.4"], "合计": ["-", "300", "2.0"]})
    facts = document_facts(document(*[""] * 20), [table], glossary)
    assert len(facts) == 5  # the `-` placeholder is no fact
    cell = next(f for f in facts if f.row == ("制造业",) and f.column == ("2022",))
    assert (cell.value, cell.kind, cell.periods, cell.unit.scale) == (120.0, "amount", (2022,), 1e8)
    assert cell.statement.startswith("Manufacturing (制造业), 2022: 120.0 USD 100 million — Table 1-1")
    growth = next(f for f in facts if f.row == ("制造业",) and f.column == ("增长率",))
    assert (growth.kind, growth.periods) == ("growth", ())
    assert len({fact.id for fact in facts}) == len(facts)


def test_prose_figures_carry_their_clause_subject_period_and_kind():
    doc = document("In 2022, widget exports rose 12.5% to USD 3.4 billion, and the share of gadgets was 40%.")
    facts = list(sentence_facts(doc, 1, doc.lines[0]))
    by_text = {fact.text: fact for fact in facts}
    assert by_text["12.5%"].kind == "growth" and by_text["12.5%"].periods == (2022,)
    assert by_text["40%"].kind == "percent" and "gadgets" in by_text["40%"].clause
    assert by_text["USD 3.4 billion"].kind == "amount"
    assert all(fact.source == "prose" and fact.line == 1 for fact in facts)
    assert "2022" not in by_text  # a year is no figure


def test_kind_words_are_data():
    assert worded_kind("同比") == "growth"
    assert worded_kind("全球排名") == "rank"
    assert worded_kind("比重") == ""
