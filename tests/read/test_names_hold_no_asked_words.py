"""A word of a question inside a proper name is not the word asked: the `Loom` of a newspaper's name binds no count
of looms, and the `世界` of a publication's title names no place asked. Made-up country,
newspaper and figures only."""

from __future__ import annotations

from rag.read.counted import counted_noun, counts_it, outside_names
from rag.read.question import analyse_question, chinese_entities
from rag.text.numbers import extract_quantities
from tests.builders import prose_chunk
from tests.read.test_prose_counts import ask

GAZETTE = "By 2034 Vostrania counted 27 companies making felt, as listed by the Loom Gazette in its annual survey."


def test_a_noun_inside_a_capitalised_name_after_the_figure_does_not_bind_the_count(glossary):
    question = analyse_question("How many looms did Vostrania count by 2034?", glossary)
    counted = counted_noun(question, glossary)
    figure = next(q for q in extract_quantities(GAZETTE) if q.value == 27)
    assert counted is not None and counts_it(GAZETTE, figure, counted) is False


def test_a_count_whose_noun_only_a_newspaper_name_holds_is_refused(glossary):
    answer = ask("How many looms did Vostrania count by 2034?", [prose_chunk(GAZETTE)], glossary)
    assert answer.refused and answer.value is None


def test_the_noun_printed_after_the_figure_still_binds_it(glossary):
    question = analyse_question("How many companies making felt did Vostrania count by 2034?", glossary)
    counted = counted_noun(question, glossary)
    figure = next(q for q in extract_quantities(GAZETTE) if q.value == 27)
    assert counted is not None and counts_it(GAZETTE, figure, counted) is True


def test_a_title_cased_label_keeps_its_words():
    assert outside_names("Number of Felt Looms") == "Number of Felt Looms"
    assert "Loom" not in outside_names("companies listed by the Loom Gazette")


def test_a_place_word_inside_a_publication_or_a_quoted_title_is_no_entity_asked(glossary):
    assert "世界" not in chinese_entities("据世界经济展望，沃斯特兰的毛毡出口在2034年是多少？", glossary)
    assert "世界" not in chinese_entities("《世界毛毡年鉴》称沃斯特兰有几家毛毡厂？", glossary)
    assert "世界" in chinese_entities("2034年世界毛毡出口是多少？", glossary)
