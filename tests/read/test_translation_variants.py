"""A Chinese term named in an English report by its machine translation (`rag/data/translation_variants.tsv`,
`rag.text.variants`): the phrase names the term as a whole, never a word of it alone. Made-up passages about a
made-up province."""

from __future__ import annotations

from rag.read.matching import mentions
from rag.read.reader import grounded_answer
from rag.settings import PROJECT_ROOT
from rag.text.variants import names_by_variant, printed_variants
from tests.builders import hits, prose_chunk, stored_index

GARBLED = (
    'In 2031, Zembla province to "area" all the way to build national direct investment flow of \\$618 million, '
    "up 4.2%."
)


def ask(question: str, text: str, glossary):
    chunk = prose_chunk(text)
    return grounded_answer(question, hits([chunk]), stored_index([], [chunk]), glossary, PROJECT_ROOT / "prompts")


def test_a_translated_phrase_names_its_term_and_a_term_built_on_it():
    assert printed_variants("一带一路") and printed_variants("共建“一带一路”国家")
    assert names_by_variant(["一带一路"], GARBLED)
    assert names_by_variant(["一带一路"], 'All the way "in 2031 Zembla to" build the country flow rose')
    assert not printed_variants("制造业")


def test_the_common_words_of_a_translated_phrase_name_nothing_alone():
    assert not names_by_variant(["一带一路"], "Prices in Zembla rose all the way to a record in 2031.")
    assert not names_by_variant(["一带一路"], "The area of the Zembla park doubled.")


def test_a_question_in_either_language_matches_the_translated_text(glossary):
    assert mentions("一带一路", GARBLED, glossary) and mentions("Belt and Road", GARBLED, glossary)
    assert not mentions("一带一路", "Zembla's flow to the area around its capital was USD 618 million.", glossary)


def test_a_chinese_question_is_answered_from_the_translated_sentence(glossary):
    answer = ask("Zembla省2031年投向“一带一路”国家的直接投资，流量有多大？", GARBLED, glossary)
    assert not answer.refused and "6.18亿美元" in answer.text, answer.text
