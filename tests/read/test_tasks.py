"""Questions about a work plan's numbered tasks answered from its typed items (made-up plans)."""

from __future__ import annotations

from rag.read.reader import grounded_answer
from rag.read.refusals import spaced_names
from rag.read.tasks import section_texts
from rag.settings import PROJECT_ROOT
from rag.types import Chunk
from tests.builders import hits as _hits
from tests.builders import stored_index as _index

PROMPTS = PROJECT_ROOT / "prompts"
TITLE = "Ruritania harbour work plan / Main tasks"
# Overlapping passages of one section, the way the chunker windows it: each carries the last sentence of the one
# before. The lead-unit list of task 2 stands in a paragraph of its own after task 2's body.
PASSAGES = (
    (3, 3, "1. Grow the tea trade with overseas buyers. We will open tea markets abroad."),
    (3, 5, "We will open tea markets abroad. (Lead unit: Ministry of Tea; Participants: Port Office) 2."),
    (5, 5, "2. Modernise the living environment of harbour towns. Streets get bilingual signs."),
    (
        5,
        7,
        "Streets get bilingual signs. Clinics open longer. (Lead unit: Harbour Affairs Office; Participants: "
        "Ministry of Tea, Bureau of Health) 3.",
    ),
    (
        7,
        7,
        "3. Promote safe and fast flows of shipping data. Ports share manifests. (Lead unit: Ministry of Tea; "
        "Participants: Data Office)",
    ),
)


def _plan() -> list[Chunk]:
    return [
        Chunk("plan.txt", "prose", f"{TITLE}\n{body}", start, end, ("Main tasks",), title=TITLE)
        for start, end, body in PASSAGES
    ]


def _ask(question: str, chunks: list[Chunk], glossary, order: list[int] | None = None):
    retrieved = [chunks[i] for i in order] if order is not None else chunks
    return grounded_answer(question, _hits(retrieved), _index([], chunks), glossary, PROMPTS)


def test_a_section_is_rebuilt_from_its_overlapping_passages_each_sentence_once():
    ((_, _, text, places),) = section_texts(tuple(_plan()))
    assert text.count("We will open tea markets abroad.") == 1 and text.count("Streets get bilingual signs.") == 1
    assert text.count("2.") == 1 and len(places) == len(PASSAGES)


def test_who_leads_a_task_reads_the_lead_unit_of_the_task_its_title_names(glossary):
    chunks = _plan()
    # the passage retrieved first is task 3's, whose lead unit is not the answer
    answer = _ask(
        "Which office leads the task of modernising the living environment of harbour towns?",
        chunks,
        glossary,
        order=[4, 3, 2],
    )
    assert not answer.refused and "Harbour Affairs Office" in answer.text and "Ministry of Tea," not in answer.text
    assert any("Lead unit: Harbour Affairs Office" in c.quote for c in answer.citations)
    assert any(c.quote.startswith("2. Modernise") for c in answer.citations)


def test_a_chinese_question_names_an_english_task_through_the_policy_words(glossary):
    answer = _ask("港口城镇生活环境这项任务由哪家单位牵头？", _plan(), glossary, order=[4, 0, 3])
    assert not answer.refused and "Harbour Affairs Office" in answer.text, answer.text
    assert "是 Harbour Affairs Office" in answer.text  # an English name set off from the Chinese it touches


def test_an_english_unit_name_in_a_chinese_sentence_is_set_off_by_spaces():
    assert spaced_names("Port Office牵头1项任务：", ["Port Office"]) == "Port Office 牵头1项任务："
    assert (
        spaced_names("参与单位：Port Office；港务局。", ["Port Office", "港务局"]) == "参与单位：Port Office；港务局。"
    )
    assert spaced_names("由Port Office牵头", ["Port Office"]) == "由 Port Office 牵头"


def test_a_count_of_the_tasks_a_unit_leads_leaves_out_those_it_only_takes_part_in(glossary):
    answer = _ask("How many tasks does the Ministry of Tea lead?", _plan(), glossary)
    assert not answer.refused and answer.value == 2 and answer.unit == "count", answer.text
    assert (
        "1. Grow the tea trade" in answer.text
        and "3. Promote safe" in answer.text
        and "2. Modernise" not in answer.text
    )


def test_which_tasks_a_unit_leads_lists_them_with_their_numbers(glossary):
    answer = _ask("Which tasks is the Harbour Affairs Office the lead unit of?", _plan(), glossary)
    assert not answer.refused and answer.value == 1 and "2. Modernise" in answer.text, answer.text


def test_a_task_the_plan_does_not_hold_is_refused_not_given_a_neighbour_s_lead_unit(glossary):
    answer = _ask("Who leads the task of building a railway to the moon?", _plan(), glossary)
    assert answer.refused and "Ministry" not in answer.text, answer.text
    answer = _ask("How many tasks does the Bureau of Railways lead?", _plan(), glossary)
    assert answer.refused and answer.value is None, answer.text


def test_how_many_tasks_counts_the_items_under_the_heading_that_names_them(glossary):
    safeguards = Chunk(
        "plan.txt",
        "prose",
        "Ruritania harbour work plan / Safeguards\n1. Hold monthly reviews. 2. Publish a yearly report.",
        9,
        9,
        ("Safeguards",),
        title="Ruritania harbour work plan / Safeguards",
    )
    chunks = [*_plan(), safeguards]
    answer = _ask("How many tasks does the Ruritania harbour work plan set out?", chunks, glossary, order=[2, 5])
    assert not answer.refused and answer.value == 3 and "3. Promote safe" in answer.text, answer.text
    answer = _ask("How many safeguards does the harbour plan list?", chunks, glossary, order=[5, 2])
    assert not answer.refused and answer.value == 2, answer.text
    answer = _ask("港口工作方案列出了几项任务？", chunks, glossary, order=[2, 5])
    assert not answer.refused and answer.value == 3, answer.text


def test_participating_units_are_read_from_the_task_the_question_names(glossary):
    chunks = _plan()
    answer = _ask(
        "Which units participate, beside the lead unit, in modernising harbour towns' living environment?",
        chunks,
        glossary,
        order=[4, 3],
    )
    assert not answer.refused and "Ministry of Tea; Bureau of Health" in answer.text, answer.text
    answer = _ask(
        "How many participating units does the task on harbour towns' living environment list?",
        chunks,
        glossary,
        order=[4, 3],
    )
    assert not answer.refused and answer.value == 2 and not answer.notes, (answer.text, answer.notes)


def test_the_question_s_role_and_exclusion_words_name_no_topic_of_the_task(glossary):
    """`participating`, `besides` and `more` frame the question; only its topic words are matched to the titles."""
    answer = _ask(
        "Besides its lead unit, how many participating units join the work on flows of shipping data more safely?",
        _plan(),
        glossary,
        order=[4, 3],
    )
    assert not answer.refused and answer.value == 1 and "Data Office" in answer.text, answer.text


def test_in_how_many_tasks_a_unit_takes_part_counts_its_co_unit_places_only(glossary):
    answer = _ask("In how many tasks is the Ministry of Tea a participating unit?", _plan(), glossary)
    assert not answer.refused and answer.value == 1 and "2. Modernise" in answer.text, answer.text
