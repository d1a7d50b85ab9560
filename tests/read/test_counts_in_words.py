"""A count asked of the items a ranking lists, written in words (`Twenty-seven companies ...`), bound by the other
English names of the counted noun (`firms`: companies); a rank stated as the frame of a count (`ranked first for 19
years`); and `the country` naming China for a province's sentence. Made-up places, sectors and figures only."""

from __future__ import annotations

from rag.read.counted import other_names
from rag.read.question import analyse_question, asked_kind, main_clause
from rag.read.reader import grounded_answer
from rag.settings import PROJECT_ROOT
from rag.text.glossary import Glossary
from rag.types import Chunk
from tests.builders import hits, stored_index

PROMPTS = PROJECT_ROOT / "prompts"


def ask(question: str, text: str, glossary: Glossary, title: str = "Report / Chapter 1"):
    chunk = Chunk("t.txt", "prose", f"{title}\n{text}", 3, 3, ("Chapter 1",), title=title)
    return grounded_answer(question, hits([chunk]), stored_index([], [chunk]), glossary, PROMPTS)


def test_how_many_before_a_rank_word_counts_the_items_the_ranking_lists():
    question = "How many Ruritanian mills made the Loom Gazette's ranking of the top 90 textile makers in 2031?"
    assert asked_kind(question, "lookup", (2031,)) == "count"
    assert asked_kind("有多少家纺织厂进入排名前九十？", "lookup", ()) == "count"


def test_a_count_noun_naming_a_ranking_basis_or_a_move_in_places_still_asks_a_rank():
    assert asked_kind("By number of looms, where did Ruritania rank in 2031?", "lookup", (2031,)) == "rank"
    assert asked_kind("How many places did Ruritania slip in the loom ranking?", "lookup", ()) == "rank"


def test_an_english_counted_noun_is_bound_by_its_other_names():
    assert "company" in other_names("firms")
    assert "firm" not in other_names("firms")


RANKED = (
    "In 2031, the textile exports of Ruritania grew 4.2% over the previous year. Twenty-seven companies were "
    "selected for the Loom Gazette's list of the top 90 textile makers, ranking first among all countries."
)


def test_a_count_in_words_answers_how_many_firms_made_a_ranking(glossary):
    question = "How many firms from Ruritania made the Loom Gazette's ranking of the top 90 textile makers in 2031?"
    answer = ask(question, RANKED, glossary, title="Ruritania Textile Report 2031")
    assert not answer.refused and answer.value == 27


def test_a_count_in_words_of_other_things_is_no_answer(glossary):
    question = "How many spinning mills from Ruritania made the Loom Gazette's ranking of the top 90 makers in 2031?"
    answer = ask(question, RANKED, glossary, title="Ruritania Textile Report 2031")
    assert answer.refused and answer.value is None


FRAMED = (
    "Velmora's gadget trade expanded to 3.1 trillion yuan in 2030, ranking first in the country for 19 consecutive "
    "years; its gadget retail sales ranked first in the country for 12 consecutive years."
)


def test_the_country_names_china_as_the_frame_of_a_provinces_rank(glossary):
    question = "Velmora's gadget trade has ranked first in China for how many consecutive years?"
    answer = ask(question, FRAMED, glossary)
    assert not answer.refused and answer.value == 19


def test_a_provinces_figure_never_answers_for_china_itself(glossary):
    answer = ask("What was China's gadget trade in 2030?", FRAMED, glossary)
    assert answer.refused and answer.value is None


def test_a_question_after_a_statement_closed_by_a_semicolon_is_the_question_proper(glossary):
    question = "Two of Ruritania's new loom plants opened in 2031; which firms built them?"
    assert main_clause(question.lower()) == "which firms built them?"
    assert analyse_question(question, glossary).operation == "text"
