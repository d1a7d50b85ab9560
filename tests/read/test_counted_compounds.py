"""What a Chinese count question counts when jieba splits its noun (`观察成员`: a verb and a noun) or ends it with a
word for a kind of the noun before it (`期权品种`): the longer noun of the data file wins over its last word, and
the noun before the kind word is counted (made-up text)."""

from __future__ import annotations

from rag.read.counted import counted_noun, counts_it
from rag.read.question import analyse_question
from rag.text.numbers import extract_quantities, word_numbers


def test_a_longer_noun_of_the_data_file_wins_over_its_last_word(glossary):
    counted = counted_noun(analyse_question("星桥计划目前的观察成员有多少个？", glossary), glossary)
    assert counted is not None and counted.words == ("observer",)
    sentence = "The Star Bridge plan now has 4 full members and 12 observers."
    four, twelve = extract_quantities(sentence)
    assert counts_it(sentence, twelve, counted) is True
    assert counts_it(sentence, four, counted) is False


def test_a_kind_word_counts_the_noun_before_it(glossary):
    counted = counted_noun(analyse_question("Ruritania交易所今年上市了几个期权品种？", glossary), glossary)
    assert counted is not None and counted.words == ("option",) and "variety" in counted.heads
    sentence = "This year the Ruritania exchange listed nine new wheat options; it also hired 30 brokers."
    nine = word_numbers(sentence)[0]
    assert counts_it(sentence, nine, counted) is True
    thirty = extract_quantities(sentence)[-1]
    assert counts_it(sentence, thirty, counted) is False


def test_a_count_printed_with_the_counted_noun_answers_a_chinese_question(glossary):
    from rag.read.reader import grounded_answer
    from rag.settings import PROJECT_ROOT
    from tests.builders import hits, prose_chunk, stored_index

    chunk = prose_chunk("By the end of 2031 the quiet club had taken in nearly 40 observers.")
    question = "截至2031年底，该联盟吸纳的观察成员有多少个？"
    answer = grounded_answer(question, hits([chunk]), stored_index([], [chunk]), glossary, PROJECT_ROOT / "prompts")
    assert not answer.refused and answer.value == 40, answer.text


def test_a_count_printed_with_the_counted_noun_ranks_above_one_that_names_none(glossary):
    from rag.read.evidence import Evidence
    from rag.read.prose import prose_candidates
    from tests.builders import hits, prose_chunk, stored_index

    chunk = prose_chunk("In 2031 the club welcomed guests 25 person-times. In 2031 it also took in 40 observers.")
    evidence = Evidence(tuple(hits([chunk])), stored_index([], [chunk]), glossary)
    picks = prose_candidates(analyse_question("2031年该联盟吸纳的观察成员有多少个？", glossary), evidence)
    assert picks[0].quantity.value == 40 and picks[0].score > picks[1].score
