"""The place a question's investor invests in (`A's investment in B`), read after `in` / `into` / `to`: a year
there is the period asked (`A's FDI in 2041 was how many times B's`), and B is then a second investor, not a
destination. Made-up names only."""

from __future__ import annotations

from rag.read.cells import destination
from rag.read.question import analyse_question


def test_a_place_after_in_is_the_destination(glossary):
    question = analyse_question("How much did Corvania's outward FDI in Veldria amount to in 2041?", glossary)
    assert set(question.entities) >= {"Corvania", "Veldria"}
    assert destination(question, glossary) == "Veldria"


def test_a_year_after_in_is_the_period_and_the_other_place_an_investor(glossary):
    question = analyse_question("Corvania's outward FDI in 2041 was how many times Veldria's?", glossary)
    assert set(question.entities) >= {"Corvania", "Veldria"}
    assert destination(question, glossary) == ""
