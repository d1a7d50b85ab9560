"""A speaker named as the source of a question's figures (`going by the figures A cited`): the figures are of the
question's other entity, read from A's speech only. Made-up text."""

from __future__ import annotations

import pytest

from rag.read.reader import grounded_answer
from rag.settings import PROJECT_ROOT
from tests.builders import hits, prose_chunk, stored_index

PROMPTS = PROJECT_ROOT / "prompts"

SPEECH = [
    "Mira Tolan, deputy head of the Vardonia Lantern Board, said at the briefing that lantern trade kept growing.",
    "In the past five years, Vardonia's lantern exports expanded from 5.0 billion crowns in 2026 to 6.5 billion "
    "crowns in 2031, with an average annual growth of 5.4%.",
]
OTHER = [
    "Osk Brell, chairman of the Kiln Guild, noted that kilns sold well.",
    "Vardonia's lantern exports expanded from 5.0 billion crowns in 2026 to 6.0 billion crowns in 2031.",
]


def chunks(texts: list[str], doc_name: str):
    return [prose_chunk(text, line=n, doc_name=doc_name) for n, text in enumerate(texts, 1)]


@pytest.mark.parametrize("verb", ["cited", "gave"])
def test_the_figures_a_speaker_cited_answer_for_the_other_entity(verb, glossary):
    speech = chunks(SPEECH, "speech.txt")
    question = (
        f"Going by the figures Mira Tolan {verb}, how much did Vardonia's lantern exports grow in total from 2026 "
        "to 2031, in percent?"
    )
    answer = grounded_answer(question, hits(speech), stored_index([], speech), glossary, PROMPTS)
    assert not answer.refused
    assert answer.value == pytest.approx(30.0)


def test_another_speaker_s_figures_do_not_answer(glossary):
    other = chunks(OTHER, "other.txt")
    speech = chunks(SPEECH[:1], "speech.txt")
    question = (
        "Going by the figures Mira Tolan cited, how much did Vardonia's lantern exports grow in total from 2026 "
        "to 2031, in percent?"
    )
    answer = grounded_answer(question, hits(other + speech), stored_index([], other + speech), glossary, PROMPTS)
    assert answer.refused or answer.value != pytest.approx(20.0)


def test_a_place_sharing_a_word_with_a_speaker_s_name_is_no_speaker(glossary):
    from rag.read.evidence import Evidence
    from rag.read.question import analyse_question
    from rag.read.roles import named_speakers

    speech = chunks(["Tolan Vale, deputy head of the Vardonia Lantern Board, said that trade grew."], "speech.txt")
    parsed = analyse_question("What share of Vardonia's 2031 lantern exports went to Tolan?", glossary)
    assert named_speakers(parsed, Evidence(tuple(hits(speech)), stored_index([], speech), glossary)) == ()


BRIEFING = [
    "Tesk Orrin, deputy head of the Quobian Trade Office, said the office will work on two fronts:",
    "First, Quobia will court foreign builders of river barges.",
    "Second, Quobia will track the shifting customs rules of partner markets by relying on port liaison desks and a "
    "shared rules portal.",
]
PORTS = ["Quobian customs rules for partner markets were eased in 2031, and barge traffic rose by 4%."]


def test_a_point_a_person_made_paragraphs_after_the_line_naming_him_answers_by_his_name(glossary):
    briefing, ports = chunks(BRIEFING, "briefing.txt"), chunks(PORTS, "ports.txt")
    index = stored_index([], [*briefing, *ports])
    question = "By what means will Quobia track the shifting customs rules of partners, according to Tesk Orrin?"
    answer = grounded_answer(question, hits(ports), index, glossary, PROMPTS)  # retrieval missed his second point
    assert not answer.refused, answer.text
    assert "port liaison desks" in answer.text
    asked_else = "By what means will Quobia cut barge fuel costs, according to Tesk Orrin?"
    assert grounded_answer(asked_else, hits(ports), index, glossary, PROMPTS).refused  # he said nothing of it
