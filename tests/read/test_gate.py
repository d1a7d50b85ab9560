"""The question gate: unserved scripts, questions naming nothing, and words the reports never use are refused."""

from __future__ import annotations

import pytest

from rag.read.gate import content_words, foreign_scripts, gate_question, latin_language, script_of

KNOWN = {"china", "manufacturing", "invest", "fdi", "growth", "中国", "制造业", "流量", "m&a", "us"}


def known(word: str) -> bool:
    return word in KNOWN


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("2022", "no_subject"),
        ("\x01\x02 2021-2022", "no_subject"),
        ("What was the total value in 2022?", "no_subject"),
        ("How much, please?", "no_subject"),
        ("请问2022年的数据是多少？", "no_subject"),
        ("WHAT WAS THE TOTAL IN 2022", "no_subject"),  # shouting makes no stop word a name
        ("ÿþ 2022", "no_subject"),  # Latin-1 junk letters are no words
        ("zzqx vvbn 2022", "unknown_words"),
        ("いくらですか", "language"),
        ("Сколько China 2022", "language"),
        ("얼마입니까 2022", "language"),
        ("كم 2022", "language"),
        ("Combien la Chine a-t-elle investi dans le textile en 2022 ?", "language"),
        ("¿Cuánto invirtió China en la minería en 2022?", "language"),
        ("Wie viel hat China 2022 in den Bergbau investiert?", "language"),
    ],
)
def test_refusals_say_what_is_missing(question, kind):
    refusal = gate_question(question, "zh" if "年" in question else "en", known)
    assert refusal is not None and refusal.kind == kind
    assert refusal.missing and kind in refusal.note and "\n" not in refusal.text


@pytest.mark.parametrize(
    "question",
    [
        "What did China invest in manufacturing abroad in 2022?",
        "2022年中国制造业的对外投资流量是多少？",
        "What was the US figure in 2022?",  # an all-capitals name is no stop word
        "What was the growth?",  # a measure alone is something to look up
        "M&A in 2021?",
        "What is the α of manufacturing?",  # one Greek letter is a symbol, not a language
        "Côte d'Ivoire manufacturing",  # accented Latin is served
    ],
)
def test_real_questions_pass(question):
    assert gate_question(question, "en", known) is None


@pytest.mark.parametrize(
    ("question", "language"),
    [
        ("What was the share of Banco de la Nación in 2022?", ""),  # a foreign name inside English grammar
        ("De la Rue's revenue in 2022?", ""),  # two French grammar words against one English one
        ("Hoeveel heeft China in 2022 in de mijnbouw geïnvesteerd?", "Dutch"),  # `in` is Dutch as much as English
        ("Qual foi o investimento da China no Brasil em 2022?", "Portuguese"),
    ],
)
def test_latin_script_languages_by_their_grammar_words(question, language):
    assert latin_language(question) == language


def test_a_latin_script_language_is_named_in_the_refusal():
    refusal = gate_question("Quel est le montant investi par la Chine en 2022 ?", "en", known)
    assert refusal is not None and "written in French" in refusal.text


def test_without_a_vocabulary_unknown_words_pass():
    assert gate_question("zzqx vvbn 2022") is None


def test_content_words_drop_years_numbers_and_stop_words():
    assert content_words("How much did China's FDI grow in 2022, by 3.5%?") == ["china", "fdi", "grow"]
    assert content_words("2022年中国的流量是多少") == ["中国", "流量"]


def test_scripts_by_unicode_name():
    assert [script_of(ch) for ch in "aあア한ب中1"] == ["LATIN", "HIRAGANA", "KATAKANA", "HANGUL", "ARABIC", "CJK", ""]
    assert script_of("ｱ") == "KATAKANA"  # half-width katakana
    assert foreign_scripts("α and 中国") == {}
