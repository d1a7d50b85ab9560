"""A Chinese share question that names its whole before the part (`X中，Y的比例`: X) is answered only by a share
whose sentence names that whole (made-up report): a percentage of what its own sentence is about (another thing's
share of the province) is no share of X."""

from __future__ import annotations

from rag.read.alignment import whole_before_part
from rag.read.reader import grounded_answer
from rag.settings import PROJECT_ROOT
from tests.builders import hits, prose_chunk, stored_index

QUESTION = "浙江2031年的对外直接投资总额中，制造业占多少比例？"


def test_the_whole_named_before_the_part_is_read_with_its_year_left_out():
    assert whole_before_part(QUESTION) == "浙江的对外直接投资总额"
    assert whole_before_part("2031年浙江对外直接投资的规模是多少？") == ""


def ask(sentence: str, glossary):
    chunk = prose_chunk(sentence, line=12)
    return grounded_answer(QUESTION, hits([chunk]), stored_index([], [chunk]), glossary, PROJECT_ROOT / "prompts")


def test_a_share_whose_sentence_names_the_whole_answers(glossary):
    answer = ask("In 2031, manufacturing accounted for 12.5% of Zhejiang's outward direct investment.", glossary)
    assert not answer.refused and answer.value == 12.5, answer.text


def test_a_share_of_what_its_own_sentence_is_about_names_no_word_of_the_whole(glossary):
    from rag.read.alignment import whole_unnamed
    from rag.read.question import analyse_question

    question = analyse_question(QUESTION, glossary)
    assert whole_unnamed(question, "Zhejiang's mining output grew 8%, accounting for 12.5% of the province.", glossary)
    named = "Manufacturing accounted for 12.5% of Zhejiang's outward direct investment."
    assert not whole_unnamed(question, named, glossary)
    other = analyse_question("2031年浙江采矿业在全省投资里占多大比重？", glossary)
    assert not whole_unnamed(other, "Zhejiang's mining output grew 8%, accounting for 12.5% of the province.", glossary)
