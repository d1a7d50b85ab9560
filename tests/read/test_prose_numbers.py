"""A prose figure bound to the noun or measure it counts: a Chinese counted noun read by its part of speech and
named in English, the noun after a figure rather than an earlier figure's, a figure the question states itself, the
size that a class of items passes, and the bound a report puts on a figure kept in the answer. Made-up text only."""

from __future__ import annotations

import pytest

from rag.read.alignment import defined_forms
from rag.read.clause_subjects import subject_clause
from rag.read.counted import counted_noun, counts_it
from rag.read.figure_bounds import figure_bound
from rag.read.question import analyse_question, asks_gap
from rag.read.reader import grounded_answer, prepare_reader
from rag.read.thresholds import class_threshold
from rag.settings import PROJECT_ROOT
from rag.text.abbreviations import defined_pairs
from rag.text.numbers import extract_quantities
from tests.builders import hits, prose_chunk, stored_index


def ask(question: str, text: str, glossary):
    chunk = prose_chunk(text)
    return grounded_answer(question, hits([chunk]), stored_index([], [chunk]), glossary, PROJECT_ROOT / "prompts")


def test_a_chinese_counted_noun_is_the_last_noun_of_its_phrase(glossary):
    counted = counted_noun(analyse_question("Freedonia的园区推广了多少项管理创新案例？", glossary), glossary)
    assert counted is not None and counted.chinese == ("案例",) and counted.words == ("case",)
    several = counted_noun(analyse_question("Freedonia有多少家企业入驻园区？", glossary), glossary)
    assert several is not None and several.words == ("enterprise",) and "company" in several.heads


def test_a_chinese_count_word_joined_to_its_measure_word_still_finds_the_noun(glossary):
    # jieba reads `几项` and `几个` as one word; the noun after it is still what is counted
    for text in ("Freedonia的方案列出了几项任务？", "Freedonia共有几个园区？"):
        counted = counted_noun(analyse_question(text, glossary), glossary)
        assert counted is not None and counted.chinese == (text[-3:-1],), text


def test_a_chinese_counted_noun_may_stand_before_the_verb_that_asks(glossary):
    question = analyse_question("截至2022年底，Freedonia的境内投资者（不含境外企业）有多少家？", glossary)
    counted = counted_noun(question, glossary)
    assert counted is not None and counted.words == ("investor",)
    sentence = "By the end of 2022, 120 domestic investors in Freedonia had set up 340 overseas enterprises."
    investors, enterprises = extract_quantities(sentence)[1:]
    assert counts_it(sentence, investors, counted) is True
    assert counts_it(sentence, enterprises, counted) is False  # `investors` before it is the earlier figure's noun
    answer = ask("截至2022年底，Freedonia的境内投资者有多少家？", sentence, glossary)
    assert not answer.refused and answer.value == 120, answer.text
    made = ask("截至2022年底，Freedonia境内投资者累计设立多少家境外企业？", sentence, glossary)
    assert not made.refused and made.value == 340, made.text  # `境外` sorts the noun counted, `企业`


def test_a_count_of_other_things_in_the_sentence_is_no_rival_of_the_asked_one(glossary):
    text = "Freedonia set up 9 widget cooperation zones, and copied and promoted 31 reform experiences."
    answer = ask("Freedonia复制推广了多少条改革经验？", text, glossary)
    assert not answer.refused and answer.value == 31, answer.text


def test_a_company_counted_is_found_under_another_english_name(glossary):
    counted = counted_noun(analyse_question("Freedonia有多少家企业入驻园区？", glossary), glossary)
    sentence = "The park in Freedonia hosts 45 companies and 3 labs."
    firms, labs = extract_quantities(sentence)
    assert counts_it(sentence, firms, counted) is True
    assert counts_it(sentence, labs, counted) is False


def test_adjectives_joined_by_and_before_the_counted_noun_do_not_end_it(glossary):
    question = analyse_question("How many Ruritanian and foreign widget banks have joined the Gizmo Pact?", glossary)
    counted = counted_noun(question, glossary)
    assert counted is not None and counted.words[-1] == "banks"


def test_a_figure_the_question_states_in_words_is_not_its_answer(glossary):
    text = (
        "In 2022, five new gadget lines were opened to overseas traders in Freedonia, bringing the number of "
        "international gadget lines to 23."
    )
    answer = ask(
        "After five gadget lines were opened in 2022, how many gadget lines in Freedonia were open?", text, glossary
    )
    assert not answer.refused and answer.value == 23, answer.text


def test_the_size_a_class_of_items_passes_is_no_amount(glossary):
    sentence = (
        "Over five years, more than 120 widget plants with an output of more than US$50 million and a total "
        "output of more than US$9 billion were built in Freedonia."
    )
    sizes = {q.text: class_threshold(sentence, q) for q in extract_quantities(sentence) if q.kind != "year"}
    assert sizes == {"120": False, "US$50 million": True, "US$9 billion": False}
    chinese = "Freedonia共有30个投资额1亿美元以上的项目落地，实际外资超过80亿美元。"
    assert [class_threshold(chinese, q) for q in extract_quantities(chinese) if q.kind != "year"] == [
        False,
        True,
        False,
    ]
    answer = ask("How much output did Freedonia's widget plants reach over five years?", sentence, glossary)
    assert not answer.refused and (answer.value, answer.unit) == (9, "USD billion"), answer.text
    assert "more than" in answer.text.split("[")[0]  # the bound is kept with the figure


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("observers grew to nearly 30", "nearly"),
        ("a share that will exceed 40%", "over"),
        ("占比超过40%", "over"),
        ("30多个", "over"),
        ("约5亿美元", "about"),
        ("reached 250 plants", ""),
        ("over the past 5 years", ""),
    ],
)
def test_a_figure_keeps_the_bound_printed_with_it(text, kind):
    figure = extract_quantities(text)[-1] if kind or "250" in text else extract_quantities(text)[0]
    assert figure_bound(text, figure) == kind


def test_a_bi_opening_a_word_names_no_second_item():
    assert not asks_gap("Freedonia的服务外包中，软件外包所占的比重会超过多少？")
    assert asks_gap("Freedonia的出口比Ruritania高出多少？")


def test_a_short_form_may_skip_initials_of_its_long_form():
    assert defined_pairs("In 2019 it launched the widget trade principles (WP) with partners.") == [
        ("WP", "widget trade principles")
    ]
    assert defined_pairs("the Gizmo Exchange Network (GEN) grew") == [("GEN", "Gizmo Exchange Network")]


def test_a_document_names_an_entity_by_the_short_form_it_defines():
    first = prose_chunk("In 2019 Freedonia launched the widget trade principles (WP) with its partners.", line=3)
    later = prose_chunk("By 2023, WP had been signed by 46 banks and firms.", line=9)
    index = stored_index([], [first, later])
    assert defined_forms("Widget Trade Principles", later.doc_name, index) == ("WP",)
    assert defined_forms("Gadget Accord", later.doc_name, index) == ()


def test_a_figure_continuing_a_clause_belongs_to_that_clause_s_item(glossary):
    text = (
        "From January to April, Freedonia's foreign investment in the mining industry grew by 70%, accounting for "
        "28% of the province, and foreign investment in the high-tech industry grew by 55%, accounting for more "
        "than 40%."
    )
    sentence_figures = extract_quantities(text)
    assert "high-tech" in subject_clause(text, sentence_figures[-1])
    assert "mining" in subject_clause(text, sentence_figures[1]) and "high-tech" not in subject_clause(
        text, sentence_figures[1]
    )
    answer = ask("1至4月，Freedonia高技术产业外资在全省所占比重超过多少？", text, glossary)
    assert not answer.refused and answer.value == 40, answer.text


def test_a_prepared_index_holds_each_documents_short_forms_before_any_question():
    first = prose_chunk("In 2021 Ruritania set up the gadget export board (GEB) in its capital.", line=4)
    later = prose_chunk("By 2024, GEB had licensed 310 firms.", line=12)
    index = stored_index([], [first, later])
    prepare_reader(index)
    assert first.doc_name in index.memo("defined_pairs")
    assert defined_forms("Gadget Export Board", later.doc_name, index) == ("GEB",)
    assert defined_forms("GEB", later.doc_name, index) == ("gadget export board",)
