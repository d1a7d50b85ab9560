"""Counts a passage enumerates, several wholes each with a part (made-up text about a gadget zone, no eval wording):
a share pairs the part and the whole the question names, not the nearest two counts; a count asked of a part is
the part's figure, not its whole's."""

from __future__ import annotations

import pytest

from rag.read.counted import counted_phrase
from rag.read.reader import grounded_answer
from tests.builders import hits as _hits
from tests.builders import prose_chunk
from tests.builders import stored_index as _index
from tests.read.test_reader import PROMPTS

TEXT = (
    "By the end of 2031 the gadget zone had formed 500 service reforms, and 120 customs reforms had been copied "
    "across the region, 30 of which were copied nationwide; 80 regulatory pilot cases have been released, and 4 "
    "have been selected as best practice cases."
)


def ask(question: str, glossary):
    chunks = [prose_chunk(TEXT, line=3)]
    return grounded_answer(question, _hits(chunks), _index([], chunks), glossary, PROMPTS)


def test_a_share_pairs_the_part_and_the_whole_the_question_names(glossary):
    answer = ask("在该园区已发布的监管试点案例里，在全国范围入选最佳实践的比例是多少？", glossary)
    assert not answer.refused and answer.value == pytest.approx(5.0)  # 4 / 80, not 30 / 120


def test_a_count_asked_of_a_part_is_the_parts_figure(glossary):
    answer = ask(
        "Of the regulatory pilot cases the gadget zone released, how many were selected as best practice?", glossary
    )
    assert not answer.refused and answer.value == pytest.approx(4)
    whole = ask("How many regulatory pilot cases has the gadget zone released?", glossary)
    assert whole.value == pytest.approx(80)  # the whole asked: its part is not named


def test_a_count_with_no_noun_after_it_takes_its_segments_noun():
    sentence = "80 regulatory pilot cases have been released, and 4 have been selected"
    assert counted_phrase(sentence, _first(sentence, "80")) == "regulatory pilot cases"


def _first(sentence: str, figure: str):
    from rag.text.numbers import extract_quantities

    return next(q for q in extract_quantities(sentence) if q.text == figure)
