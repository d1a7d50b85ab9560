"""A word a prefix negates (`non-X`, `非X`) names the complement group (`rag.read.negated`). Made-up text only."""

from __future__ import annotations

from rag.read.negated import negation_conflict, word_forms
from rag.read.reader import grounded_answer
from rag.settings import PROJECT_ROOT
from tests.builders import hits, prose_chunk, stored_index

PROMPTS = PROJECT_ROOT / "prompts"


def test_negated_and_plain_words_are_told_apart():
    negated, plain = word_forms("The non-state kettle makers and the state lamp makers")
    assert "state" in negated and "state" in plain
    assert word_forms("canon-style kettles")[0] == frozenset()  # `canon-` is no `non-`


def test_a_clause_naming_only_the_complement_conflicts_with_the_question():
    assert negation_conflict("How much did state firms invest?", "non-state firms invested $5 billion") == "state"
    assert negation_conflict("How much did non-state firms invest?", "state firms invested $4 billion") == "state"
    assert negation_conflict("How much did state firms invest?", "state firms invested $4 billion") == ""
    assert negation_conflict("非国有企业投资了多少？", "国有企业投资40亿元") == "国有"


def test_the_plain_group_is_answered_from_its_own_clause_not_the_complement(glossary):
    prose = prose_chunk(
        "In 2023, the non-state kettle makers of Ruritania invested $5.2 billion abroad, up 3%; "
        "the state kettle makers invested $4.1 billion, down 2%."
    )
    answer = grounded_answer(
        "How much did Ruritania's state kettle makers invest abroad in 2023?",
        hits([prose]),
        stored_index([], [prose]),
        glossary,
        PROMPTS,
    )
    assert answer.value == 4.1
