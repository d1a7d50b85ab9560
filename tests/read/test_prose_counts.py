"""Counts stated in prose: a total asked of one item is the count a sentence states of the noun asked, a figure of
persons counts no things, and a part stated with its share of a whole in another sentence binds that whole for the
rest beside the part. Made-up country, sectors and figures only."""

from __future__ import annotations

from rag.read.counted import counted_noun, counts_it
from rag.read.question import analyse_question
from rag.read.reader import grounded_answer
from rag.settings import PROJECT_ROOT
from rag.text.glossary import Glossary
from rag.text.numbers import extract_quantities
from rag.types import Chunk
from tests.builders import hits, prose_chunk, stored_index

PROMPTS = PROJECT_ROOT / "prompts"


def ask(question: str, chunks: list[Chunk], glossary: Glossary):
    """The grounded answer when `chunks` are the only passages retrieved and indexed."""
    return grounded_answer(question, hits(chunks), stored_index([], chunks), glossary, PROMPTS)


FAIRS = (
    "In 2023 Ruritania held gadget fairs in Borduria and Syldavia, which drew 9,000 people and reached a total of 412 "
    "signed gadget projects."
)


def test_a_count_asked_in_total_of_one_item_is_the_count_the_sentence_states():
    question = "Combined, how many signed gadget projects did Ruritania's fairs in Borduria and Syldavia reach in 2023?"
    answer = ask(question, [prose_chunk(FAIRS)], _glossary())
    assert not answer.refused and answer.value == 412


def test_a_total_asked_of_a_noun_no_figure_counts_is_refused_not_answered_with_another_count():
    question = "Combined, how many gadget factories did Ruritania's fairs in Borduria and Syldavia open in 2023?"
    answer = ask(question, [prose_chunk(FAIRS)], _glossary())
    assert answer.refused and answer.value is None


def test_a_figure_of_persons_counts_no_training_classes(glossary):
    counted = counted_noun(analyse_question("这所学校办过几期培训班？", glossary), glossary)
    sentence = "The gadget academy of Ruritania trained 5,200 people in 64 sessions."
    people, sessions = [q for q in extract_quantities(sentence) if q.kind != "year"]
    assert counts_it(sentence, people, counted) is False
    assert counts_it(sentence, sessions, counted) is True


TECHNICIANS = (
    "In 2023, 31 gadget firms of Ruritania sent 2,000 technicians abroad, 400 more than a year earlier. "
    "Ruritania sent 1,500 technicians to Borduria, accounting for {share} percent of the technicians sent abroad."
)


REST_QUESTION = "How many of the technicians Ruritania's gadget firms sent abroad were other than those to Borduria?"


def test_the_rest_beside_a_part_is_the_whole_its_stated_share_implies_less_the_part(glossary):
    question = REST_QUESTION
    answer = ask(question, [prose_chunk(TECHNICIANS.format(share="75.0"))], glossary)
    assert not answer.refused and answer.value == 500
    assert "2000 − 1500" in answer.formula.replace(",", "")


def test_a_share_the_two_figures_do_not_imply_binds_no_whole_to_the_part(glossary):
    question = REST_QUESTION
    answer = ask(question, [prose_chunk(TECHNICIANS.format(share="60.0"))], glossary)
    assert answer.value != 500


def _glossary() -> Glossary:
    return Glossary.load()


DISPATCHED = "In 2023 the gadget firms of Ruritania dispatched 1,200 workers, 200 more than in {year}."


def test_a_count_compared_with_an_earlier_year_grows_by_its_stated_change_over_the_level_before(glossary):
    answer = ask("2023年外派的员工比2022年增加百分之多少？", [prose_chunk(DISPATCHED.format(year=2022))], glossary)
    assert not answer.refused and answer.value == 20.0


def test_a_change_stated_against_another_year_gives_no_growth_over_the_year_asked(glossary):
    answer = ask("2023年外派的员工比2022年增加百分之多少？", [prose_chunk(DISPATCHED.format(year=2020))], glossary)
    assert answer.value != 20.0
