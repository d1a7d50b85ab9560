"""Rank questions' constraints: a move in rank is not one year's rank, and a rank the question states is a condition
on the row (made-up table)."""

from __future__ import annotations

from rag.read.rank_asks import asks_rank_move, stated_rank
from tests.builders import ask_table, make_table

PORTS = make_table(
    {"Alphaport": ["1", "4915.8"], "Betaport": ["3", "3530.1"], "Gammaport": ["4", "2988.0"]},
    columns=(("world rank", None), ("throughput", None)),
    title="Freedonian ports among the top ten ports of the world, 2031",
    label_header="port",
)


def test_the_words_of_a_rank_question_are_read():
    assert asks_rank_move("2031年甲港的排名比上一年上升了几位？")
    assert asks_rank_move("How many places did Betaport climb in 2031?")
    assert not asks_rank_move("What was Betaport's world rank in 2031?")
    assert not asks_rank_move("甲港2031年全球排名第几位？")  # `第几位` asks the place itself
    assert asks_rank_move("甲港排第三，比上一年下降了几位？")
    assert stated_rank("2031年世界排名第三的港口是哪个？") == 3
    assert stated_rank("What throughput did the port ranked 2nd handle?") == 2
    assert stated_rank("Which port ranks second?") == 2
    assert stated_rank("排名第十一的港口") is None  # no word reads `十一`: no rank rather than a wrong one
    assert stated_rank("What was Betaport's rank?") is None


def test_a_place_asked_with_its_ordinal_prefix_reads_the_rank_column(glossary):
    answer = ask_table("在2031年自由国港口排名表里，Gammaport排第几位？", PORTS, glossary)
    assert answer.value == 4 and answer.unit == "rank", answer.text


def test_one_years_rank_does_not_answer_a_move_in_rank(glossary):
    answer = ask_table("How many places did Betaport's world rank move in 2031?", PORTS, glossary)
    assert answer.refused and answer.value is None, answer.text
    looked = ask_table("What was Betaport's world rank in 2031?", PORTS, glossary)
    assert not looked.refused and looked.value == 3, looked.text


def test_a_row_of_another_rank_does_not_answer_for_the_rank_stated(glossary):
    from rag.read.alignment import misalignment
    from rag.read.question import analyse_question
    from rag.types import Answer, Citation, Fact
    from tests.builders import stored_index

    fact = Fact(
        "t.txt", "table", 1.0, "1", "rank", "", 10, periods=(2031,), table_id="3-1",
        table_title="Top ports of the world, 2031", row=("Alphaport",), column=("world rank",),
    )  # fmt: skip
    citation = Citation(1, "t.txt", "", "row", 10, 10, table_id="3-1", column="world rank", value_text="1")
    index = stored_index([], [], [fact])

    def unmet(question: str):
        answer = Answer(question, "…", (citation,), value=1.0, source_value=1.0)
        return misalignment(analyse_question(question, glossary), answer, index, glossary)

    found = unmet("2031年排名第二的那座港口，货物装卸量有多大？")
    assert found is not None and found.constraint == "place" and found.found == "Alphaport"
    assert unmet("2031年排名第一的那座港口，货物装卸量有多大？") is None



def test_an_ordinal_before_ranked_states_the_rank_of_the_row_asked(glossary):
    from rag.read.alignment import misalignment
    from rag.read.question import analyse_question
    from rag.types import Answer, Citation, Fact
    from tests.builders import stored_index

    assert stated_rank("How much did the 3rd-placed city export?") == 3
    assert stated_rank("How much did the top-ranked city export?") is None
    cells = {
        "world rank": Fact(
            "t.txt", "table", 4.0, "4", "rank", "", 12, periods=(2031,), table_id="3-1",
            table_title="Freedonian ports among the top ports of the world, 2031", row=("Gammaport",),
            column=("world rank",),
        ),
        "throughput": Fact(
            "t.txt", "table", 2988.0, "2988.0", "amount", "", 12, periods=(2031,), table_id="3-1",
            table_title="Freedonian ports among the top ports of the world, 2031", row=("Gammaport",),
            column=("throughput",),
        ),
    }  # fmt: skip
    citation = Citation(1, "t.txt", "", "row", 12, 12, table_id="3-1", column="throughput", value_text="2988.0")
    index = stored_index([], [], list(cells.values()))

    def unmet(question: str):
        answer = Answer(question, "…", (citation,), value=2988.0, source_value=2988.0)
        return misalignment(analyse_question(question, glossary), answer, index, glossary)

    # the throughput cited lies on a row ranked 4th: it does not answer for the port ranked 2nd
    found = unmet("How many boxes passed through the second-ranked port of the world in 2031?")
    assert found is not None and found.constraint == "place", found
    assert unmet("How many boxes passed through the fourth-ranked port of the world in 2031?") is None
