"""Directions of trade judged per side of a two-sided question (`rag.read.alignment.asked_directions`)."""

from __future__ import annotations

from rag.read.alignment import asked_directions, other_direction
from rag.read.question import analyse_question


def test_a_side_naming_trade_as_a_whole_accepts_two_way_figures(glossary):
    question = analyse_question("By how many points did Veloria's trade with Ostmark outpace its imports?", glossary)
    assert asked_directions(question, "flow") == frozenset({"import"})  # no `than`: one side, as before
    text = "How many points faster did Veloria's trade with Ostmark rise than its imports?"
    question = analyse_question(text, glossary)
    assert asked_directions(question, "flow") == frozenset({"both", "import"})
    assert other_direction(question, "Veloria's import and export with Ostmark rose 9.1%") is None
    assert other_direction(question, "Veloria's exports rose 3.3%") is not None  # exports answer neither side


def test_a_side_naming_no_flow_inherits_the_other_sides_direction(glossary):
    question = analyse_question("How much faster did Veloria's imports from Ostmark grow than from Kettria?", glossary)
    assert asked_directions(question, "flow") == frozenset({"import"})
    assert other_direction(question, "Veloria's import and export with Kettria grew 4.2%") is not None
