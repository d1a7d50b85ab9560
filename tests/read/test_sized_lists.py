"""Lists of a stated size (`哪三类`, `which two`): the sentence listing that many items after a list marker answers,
with the items alone. Made-up text only."""

from __future__ import annotations

from rag.answer.verify import verify_answer
from rag.read.question import analyse_question
from rag.read.reader import grounded_answer
from rag.read.sized_lists import asked_size, sized_items
from rag.settings import PROJECT_ROOT
from tests.builders import hits, prose_chunk, stored_index

PROMPTS = PROJECT_ROOT / "prompts"

FAIR = [
    "Zembla held a fair for its gadget makers in the spring.",
    "The sale abroad of the gadget trio such as humming lamps, copper kettles, and sun kites is lifting Zembla's "
    "trade.",
    "Zembla will align its rules with pacts such as the Alpha and Beta Accord and the Gamma Pact, support trade "
    "houses in studying gadget rules.",
    "The listed makers respectively are Quill Works (12), Venn Tools Co., Ltd. (40), Moss Lamps (77).",
]


def test_a_count_with_a_measure_word_asks_a_sized_list():
    assert asked_size("泽姆布拉的小器具三件套是哪三类产品？") == 3
    assert asked_size("泽姆布拉对接哪两个协定？") == 2
    assert asked_size("Which two pacts will Zembla align with?") == 2
    assert asked_size("Which gadget maker led the fair?") is None
    assert asked_size("泽姆布拉的出口是多少？") is None


def test_items_end_at_the_closing_and_and_the_verb_after_it():
    assert sized_items(FAIR[1], 3) == ("humming lamps", "copper kettles", "sun kites")
    assert sized_items(FAIR[1], 2) == ()  # three items listed: no list of two
    assert sized_items(FAIR[2], 2) == ("the Alpha and Beta Accord", "the Gamma Pact")
    assert sized_items(FAIR[3], 3) == ("Quill Works (12)", "Venn Tools Co., Ltd. (40)", "Moss Lamps (77)")


def test_a_chinese_sized_list_question_is_answered_with_the_quoted_items(glossary):
    chunks = [prose_chunk(text, line=n, doc_name="fair.txt") for n, text in enumerate(FAIR, 1)]
    question = "泽姆布拉的小器具三件套（gadget trio）是哪三类产品？"
    assert analyse_question(question, glossary).operation == "text"
    answer = grounded_answer(question, hits([chunks[1], chunks[0]]), stored_index([], chunks), glossary, PROMPTS)
    assert not answer.refused, answer.text
    assert "“humming lamps”、“copper kettles”、“sun kites”" in answer.text, answer.text
    assert answer.spans == ("humming lamps", "copper kettles", "sun kites")
    assert verify_answer(answer) == [], answer.text  # the frame states no count of its own, only cited words


BOURSES = (
    "Velland's home bourses have set up or bought into three foreign bourses, including the Orvia Metals Exchange "
    "in Kessel, Norland, the Tarvo Stock Exchange, and the Lumen Grain Exchange in Dorra. Velland counts 57 member "
    "firms."
)


def test_a_size_stated_beside_a_which_few_question_checks_the_list():
    assert asked_size("韦兰的交易所在海外入股了三家交易所，是哪几家？") == 3  # 三家 ... 哪几家
    assert asked_size("韦兰的出口“新三样”是哪几类产品？") == 3
    assert asked_size("韦兰参股了哪几家境外交易所？") is None  # no size stated: any list answers
    assert sized_items(BOURSES, 3) == (
        "the Orvia Metals Exchange in Kessel, Norland",  # `in Kessel, Norland`: one item's place, not an item
        "the Tarvo Stock Exchange",
        "the Lumen Grain Exchange in Dorra",
    )


def test_a_which_few_question_is_answered_with_names_never_a_count(glossary):
    chunk = prose_chunk(BOURSES, line=1, doc_name="bourses.txt")
    question = "韦兰的交易所在海外入股了三家交易所，是哪几家？"
    assert analyse_question(question, glossary).operation == "text"
    answer = grounded_answer(question, hits([chunk]), stored_index([], [chunk]), glossary, PROMPTS)
    assert not answer.refused, answer.text
    assert "57" not in answer.text and "“the Tarvo Stock Exchange”" in answer.text, answer.text
