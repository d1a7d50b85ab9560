"""Durations asked in one unit of time are answered only by a figure printed with that unit. Made-up text only."""

from __future__ import annotations

from rag.read.durations import asked_unit, durations_in
from rag.read.question import analyse_question
from rag.read.reader import grounded_answer
from rag.settings import PROJECT_ROOT
from tests.builders import hits, prose_chunk, stored_index

PROMPTS = PROJECT_ROOT / "prompts"

FAIR = [
    "On May 4 the Zembla kite fair opened in Port Ostrel with 320 exhibitors and US$12 million of signed orders. "
    "During the 9-day kite fair, buyers from Northland toured the kite workshops of the coast.",
]
ORDERS = ["On May 4 the Zembla kite fair opened in Port Ostrel with 320 exhibitors and US$12 million of orders."]


def _ask(question: str, lines: list[str], glossary):
    chunks = [prose_chunk(text, line=n, doc_name="fair.txt") for n, text in enumerate(lines, 1)]
    return grounded_answer(question, hits(chunks), stored_index([], chunks), glossary, PROMPTS)


def test_the_unit_of_time_asked_is_read_from_the_count_word_before_it(glossary):
    assert asked_unit(analyse_question("How many days did the Zembla kite fair run?", glossary)) == "day"
    assert asked_unit(analyse_question("泽姆布拉风筝节为期几天？", glossary)) == "day"
    assert asked_unit(analyse_question("风筝节持续了多少个月？", glossary)) == "month"
    assert asked_unit(analyse_question("风筝节在哪几天举行？", glossary)) == ""  # which days: dates, not a length
    assert asked_unit(analyse_question("How many exhibitors came to the kite fair?", glossary)) == ""


def test_a_length_is_a_figure_printed_with_its_unit_not_a_date():
    assert [d.value for d in durations_in("During the 9-day fair, on June 3, buyers came.", "day")] == [9]
    assert [d.value for d in durations_in("The tour lasted three weeks.", "week")] == [3]
    assert [d.value for d in durations_in("风筝节于6月9日开幕，为期六天。", "day")] == [6]
    assert durations_in("风筝节于6月9日开幕。", "day") == []


def test_a_duration_question_is_answered_by_the_length_in_the_unit_asked(glossary):
    answer = _ask("How many days did the Zembla kite fair in Port Ostrel last?", FAIR, glossary)
    assert not answer.refused and answer.value == 9 and "9 days" in answer.text, answer.text
    assert any("9-day" in c.quote for c in answer.citations)


def test_a_duration_no_passage_prints_is_refused_not_given_a_count_or_an_amount(glossary):
    answer = _ask("How many days did the Zembla kite fair in Port Ostrel last?", ORDERS, glossary)
    assert answer.refused and "320" not in answer.text and "12" not in answer.text, answer.text
