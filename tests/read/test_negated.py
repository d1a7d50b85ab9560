"""A clause naming `non-X` gives the figure of the others than X (made-up text)."""

from rag.read.negated import complement_named, negated_words, question_negated
from rag.read.question import analyse_question


def test_the_words_after_a_negating_prefix():
    assert negated_words("the non-guild workshops and non workshop sales") == {"guild", "workshop"}
    assert negated_words("guild workshops nonetheless grew") == frozenset()


def test_a_clause_of_the_complement_is_no_answer_for_the_asked_word(glossary):
    question = analyse_question("How much did Freedonia's guild workshops invest in 2031?", glossary)
    assert complement_named(question, "non-guild workshops invested 7 billion crowns", glossary) == "guild"
    assert complement_named(question, "guild workshops invested 3 billion crowns", glossary) is None
    # X named un-negated beside `non-X`: the clause is not only the complement's
    assert complement_named(question, "guild and non-guild workshops invested 10 billion", glossary) is None


def test_a_question_that_negates_the_word_itself_is_answered_by_the_complement(glossary):
    question = analyse_question("How much non-guild workshop investment did Freedonia make in 2031?", glossary)
    assert "guild" in question_negated(question, glossary)
    assert complement_named(question, "non-guild workshops invested 7 billion crowns", glossary) is None


def test_a_chinese_question_negates_by_the_glossary_english_of_its_terms(glossary):
    question = analyse_question("Freedonia在2031年的非金融类境外投资有多大？", glossary)
    assert "financi" in question_negated(question, glossary) or "financial" in question_negated(question, glossary)
    assert complement_named(question, "its non-financial direct investment was 5 billion", glossary) is None


def test_the_reader_answers_with_the_asked_groups_figure_not_its_complements(glossary):
    from rag.read.reader import grounded_answer
    from rag.settings import PROJECT_ROOT
    from tests.builders import hits, prose_chunk, stored_index

    text = (
        "In 2031, Freedonia's guild workshops were fewer than the others: the outward investment flow of the "
        "non-guild workshops of the main investors was 7.1 billion crowns, up 2%. Investment by the guild "
        "workshops was 3.4 billion crowns."
    )
    chunk = prose_chunk(text)
    answer = grounded_answer(
        "How much outward investment did Freedonia's guild workshops make in 2031?",
        hits([chunk]),
        stored_index([], [chunk]),
        glossary,
        PROJECT_ROOT / "prompts",
    )
    assert answer.value == 3.4
