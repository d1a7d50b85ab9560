"""A condition on a figure's sign with no figure stated (`in which year was X negative?`): the years of X's row below
(above) zero, over a made-up table read by the real parser; a question naming a figure keeps its threshold."""

from __future__ import annotations

import pytest

from rag.ingest.tables import parse_tables
from rag.read.question import analyse_question, states_sign
from rag.types import Document
from tests.builders import ask_table as ask


@pytest.mark.parametrize(
    ("text", "side"),
    [
        ("In which year was the gizmo result negative?", "below"),
        ("Which year had a positive gadget flow?", "above"),
        ("哪一年小工具净流量为负？", "below"),
        ("In which year was the gizmo result below -5?", ""),  # a figure stated: its threshold, not the sign
        ("In which year was the gizmo result largest?", ""),
    ],
)
def test_sign_words_set_a_condition_only_without_a_figure(text, side):
    assert states_sign(text) == side


def test_a_sign_question_asks_for_the_years_meeting_it(glossary):
    assert analyse_question("In which year was the gizmo result negative?", glossary).operation == "years_if"


@pytest.fixture(scope="module")
def gizmo_results():
    lines = [
        "Table 4-1: Gizmo results",
        "",
        "Item\t2031\t2030\t2029",
        "Gizmo result\t$(1,250)\t$310\t(12)",
        "Gadget flow\t45\t(7)\t18",
        "",
    ]
    document = Document(
        name="made_up.txt", title="made up", lines=tuple(lines), headings=tuple(() for _ in lines), sha256="0" * 64
    )
    [table] = parse_tables(document)
    return table


def test_the_years_below_zero_answer_a_negative_condition(gizmo_results, glossary):
    answer = ask("In which years was the gizmo result negative?", gizmo_results, glossary)
    assert not answer.refused and set(answer.spans) == {"2031", "2029"}
    one = ask("In which year was the gadget flow negative?", gizmo_results, glossary)
    assert one.spans == ("2030",)


def test_the_years_above_zero_answer_a_positive_condition(gizmo_results, glossary):
    answer = ask("In which year was the gizmo result positive?", gizmo_results, glossary)
    assert answer.spans == ("2030",)
