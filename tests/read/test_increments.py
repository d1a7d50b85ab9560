"""The growth rate a level and its stated change imply (`rag.read.increments`). Made-up sentences only."""

from __future__ import annotations

from rag.answer.verify import verify_answer
from rag.read.reader import grounded_answer
from rag.settings import PROJECT_ROOT
from tests.builders import hits, prose_chunk, stored_index

PROMPTS = PROJECT_ROOT / "prompts"


def ask(question, prose, glossary):
    return grounded_answer(question, hits([prose]), stored_index([], [prose]), glossary, PROMPTS)


def test_a_level_and_the_change_printed_after_it_give_the_growth_rate(glossary):
    prose = prose_chunk(
        "In 2023, 12 kettle makers in Ruritania hired 1,500 workers, 500 more than in the same period of 2022; "
        "at the end of the year 4,000 workers were employed."
    )
    answer = ask(
        "In percent, how fast did the count of workers hired by Ruritania's kettle makers grow in 2023?",
        prose,
        glossary,
    )
    assert not answer.refused and answer.value == 50.0 and answer.unit == "%"
    assert "1,500" in answer.citations[0].value_text and "500" in answer.citations[0].value_text


def test_a_fall_is_taken_away_and_a_stated_rate_still_answers_itself(glossary):
    fewer = prose_chunk("In 2023, Ruritania's lamp makers hired 900 workers, 100 fewer than in 2022.")
    answer = ask(
        "In percent, how fast did the count of workers hired by Ruritania's lamp makers grow in 2023?", fewer, glossary
    )
    assert not answer.refused and answer.value == -10.0
    stated = prose_chunk("In 2023, Ruritania's lamp makers hired 900 workers, up 7% from 2022.")
    answer = ask(
        "In percent, how fast did the count of workers hired by Ruritania's lamp makers grow in 2023?",
        stated,
        glossary,
    )
    assert answer.value == 7.0


def test_a_count_of_other_things_gives_no_rate_for_the_question(glossary):
    prose = prose_chunk(
        "In 2023, Ruritania's kettle makers invested US$1.5 billion abroad. They hired 1,500 workers, 500 more than "
        "in 2022."
    )
    answer = ask("In percent, how fast did Ruritania's kettle makers' investment abroad grow in 2023?", prose, glossary)
    assert answer.value != 50.0


def test_the_base_worked_out_from_the_change_is_traced_by_steps(glossary):
    """The base (level − change) is printed in no passage: the answer carries a step for it and one for the rate,
    so the verifier traces every number the answer states."""
    for sentence, base in (
        ("In 2023, Ruritania's loom makers hired 1,240 workers, 310 more than in 2022.", 930.0),
        ("In 2023, Ruritania's loom makers hired 1,240 workers, 160 fewer than in 2022.", 1400.0),
    ):
        prose = prose_chunk(sentence)
        answer = ask(
            "In percent, how fast did the count of workers hired by Ruritania's loom makers grow in 2023?",
            prose,
            glossary,
        )
        assert not answer.refused
        assert [step.op for step in answer.steps][-1] == "growth_rate"
        assert answer.steps[0].result == base and answer.steps[-1].operands == (1240.0, base)
        assert verify_answer(answer) == []


def test_a_chinese_question_counts_the_noun_before_its_number_word(glossary):
    """`人员数量` (the number of staff) counts the staff: the English level and its stated change answer."""
    prose = prose_chunk(
        "In 2031, 9 kettle makers in Ruritania hired 1,200 workers, 400 more than in the same period of 2030; "
        "at the end of the year 3,000 workers were employed."
    )
    answer = ask("2031年Ruritania水壶企业雇用的人员数量比2030年增长百分之几？", prose, glossary)
    assert not answer.refused and answer.value == 50.0 and answer.unit == "%"  # 400 / (1,200 − 400)
    assert verify_answer(answer) == []


def test_an_amount_and_its_stated_change_give_the_growth_against_the_year_named(glossary):
    prose = prose_chunk("In 2031, Ruritania's kettle exports reached US$2.4 billion, US$0.4 billion more than in 2030.")
    answer = ask("By what percentage did Ruritania's kettle exports grow in 2031 compared with 2030?", prose, glossary)
    assert not answer.refused and answer.value == 20.0 and answer.unit == "%"  # 0.4 / (2.4 − 0.4)
    assert [step.op for step in answer.steps] == ["difference", "growth_rate"]
    assert verify_answer(answer) == []


def test_an_amount_changed_against_another_year_gives_no_growth(glossary):
    prose = prose_chunk("In 2031, Ruritania's kettle exports reached US$2.4 billion, US$0.4 billion more than in 2029.")
    answer = ask("By what percentage did Ruritania's kettle exports grow in 2031 compared with 2030?", prose, glossary)
    assert answer.value != 20.0
