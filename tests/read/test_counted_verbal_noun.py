"""A verbal noun inside a Chinese counted phrase (`count_verbal_noun` data) keeps the phrase whole (made-up text)."""

from rag.read.counted import counted_noun
from rag.read.question import analyse_question


def test_the_counted_noun_is_the_last_noun_after_a_verbal_noun(glossary):
    counted = counted_noun(analyse_question("Freedonia的园区一共取得多少项流程创新成果？", glossary), glossary)
    assert counted is not None and counted.chinese == ("成果",) and "achievement" in counted.words


def test_a_verb_of_a_clause_still_ends_the_counted_phrase(glossary):
    counted = counted_noun(analyse_question("Freedonia有多少家企业入驻园区？", glossary), glossary)
    assert counted is not None and counted.chinese == ("企业",)


def test_a_word_that_sorts_nothing_is_skipped_before_the_counted_noun(glossary):
    counted = counted_noun(analyse_question("Freedonia一共输送过多少名各类人员？", glossary), glossary)
    assert counted is not None and counted.chinese == ("人员",) and "worker" in counted.words


def test_a_person_measure_word_asked_last_counts_the_noun_before_the_verb(glossary):
    counted = counted_noun(analyse_question("Freedonia驻外的各类维修人员有多少人？", glossary), glossary)
    assert counted is not None and counted.chinese[0].endswith("人员") and "worker" in counted.words
    assert counted_noun(analyse_question("Freedonia一共派出多少人？", glossary), glossary) is None
