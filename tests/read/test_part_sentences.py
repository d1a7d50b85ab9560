"""A sentence stating a part of the figure before it answers a question about that part only (made-up text)."""

from rag.read.part_sentences import marker_end, part_subject, unasked_part
from rag.read.question import analyse_question
from rag.text.numbers import extract_quantities

WHOLE = "In 2031, a total of 400 firms in Freedonia invested abroad."
PART = "Among them, 30 guild-owned cooperatives invested a flow of 2.5 billion crowns, accounting for 12% of the flow."


def _figure(text: str, printed: str):
    return next(q for q in extract_quantities(text) if q.text.startswith(printed))


def test_a_part_word_opens_a_part_sentence():
    assert PART[: marker_end(PART)] == "Among them"
    assert marker_end("Amongst the reasons, cost rose 5%.") is None
    assert marker_end(WHOLE) is None


def test_the_parts_subject_is_what_it_adds_to_the_sentence_before_measures_left_out():
    subject = part_subject(PART, _figure(PART, "2.5"), WHOLE)
    assert {"guild", "cooper"} & subject or {"guild", "cooperatives"} & subject
    assert "flow" not in subject and "invest" not in subject and "invested" not in subject
    assert part_subject(WHOLE, _figure(WHOLE, "400"), "") == frozenset()  # no part sentence


def test_a_question_about_the_whole_is_not_answered_by_the_part(glossary):
    figure = _figure(PART, "2.5")
    whole_question = analyse_question("What was Freedonia's outward investment flow in 2031?", glossary)
    part_question = analyse_question("How much did Freedonia's guild-owned cooperatives invest in 2031?", glossary)
    assert unasked_part(PART, figure, WHOLE, whole_question)
    assert not unasked_part(PART, figure, WHOLE, part_question)


def test_the_whole_figure_answers_over_a_part_sentence_naming_the_asked_measure(glossary):
    from rag.read.reader import grounded_answer
    from rag.settings import PROJECT_ROOT
    from tests.builders import hits, prose_chunk, stored_index

    text = (
        "In 2031, a total of 400 firms in Freedonia made outward investments. Among them, there were 30 guild "
        "cooperatives with an outward investment flow of 2.5 billion crowns, accounting for 12% of the flow in "
        "that year. In Freedonia in 2031 that year, the outward investment stock was 90 billion crowns and the "
        "flow was 21 billion crowns."
    )
    chunk = prose_chunk(text)
    answer = grounded_answer(
        "What was Freedonia's outward investment flow in 2031?",
        hits([chunk]),
        stored_index([], [chunk]),
        glossary,
        PROJECT_ROOT / "prompts",
    )
    assert answer.value == 21
