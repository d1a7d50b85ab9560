"""Named groups of a table's rows (made-up tables): a count of a class's members among a ranking, a sum of a closed
group's members a table prints when the question scopes it to the table, and sub-items left out of a sum of their
parents."""

from __future__ import annotations

from dataclasses import replace

import pytest

from rag.read.subsets import asked_class, counts_class
from rag.types import Unit
from tests.builders import USD_1E8, make_table
from tests.builders import ask_table as ask

COUNT = Unit(raw="count", label="count", kind="count")


@pytest.fixture(scope="module")
def sprocket_ranking():
    """A ranking of sprocket makers: rank only."""
    rows = {"瑞士": ("1",), "挪威": ("2",), "日本": ("3",), "芬兰": ("4",), "巴西": ("5",), "冰岛": ("6",)}
    return make_table(
        rows, columns=(("2031年位次", None),), table_id="9-5", title="Top 6 sprocket makers, 2031", label_header="国家"
    )


@pytest.fixture(scope="module")
def cog_buyers():
    """Cog exports of a made-up province by buyer, top six: two ASEAN members among them."""
    rows = {
        "美国": ("30.0", "120.0"),
        "越南": ("12.0", "50.5"),
        "德国": ("9.0", "40.0"),
        "马来西亚": ("6.0", "20.0"),
        "英国": ("4.0", "15.0"),
        "法国": ("3.0", "10.0"),
    }
    return make_table(
        rows,
        columns=(("流量", USD_1E8), ("存量", USD_1E8)),
        table_id="9-6",
        title="Top six buyers of Zembla province's cogs in 2031",
        label_header="国家 (地区)",
    )


def test_a_count_word_right_before_a_class_counts_its_members():
    assert asked_class("How many Nordic countries does the list include?") == "nordic"
    assert counts_class("how many nordic countries appear on the list?", "nordic")
    assert counts_class("北欧国家有几个进入前十？", "nordic")
    assert not counts_class("how many projects did nordic firms announce?", "nordic")


def test_the_members_of_a_class_in_a_ranking_are_counted(sprocket_ranking, glossary):
    answer = ask("How many Nordic countries appear in the 2031 top 6 of sprocket makers?", sprocket_ranking, glossary)
    assert not answer.refused
    assert (answer.value, answer.unit) == (3.0, "count")
    assert {c.row_label for c in answer.citations} == {"挪威", "芬兰", "冰岛"}


def test_a_closed_group_summed_over_the_members_a_top_n_table_prints(cog_buyers, glossary):
    answer = ask(
        "What is the total 2031 cog stock of the ASEAN members listed in Zembla's top six table?",
        cog_buyers,
        glossary,
    )
    assert not answer.refused
    assert answer.source_value == pytest.approx(70.5)
    assert {c.row_label for c in answer.citations} == {"越南", "马来西亚"}


def test_a_sub_item_is_not_added_again_to_the_sum_of_its_parent():
    from rag.text.glossary import Glossary

    glossary = Glossary.load()
    base = make_table(
        {"a": ("30", "33"), "b": ("8", "9"), "c": ("20", "25"), "d": ("10", "12")},
        columns=(("2030", COUNT), ("2031", COUNT)),
        unit=COUNT,
        table_id="9-7",
        title="Widget projects by industry, 2030-2031",
        label_header="行业",
    )
    sections = ("电子和电气设备", "电子和电气设备 / 半导体", "汽车", "机械设备")
    rows = tuple(replace(row, label="项目数量", section=s) for row, s in zip(base.rows, sections, strict=True))
    table = replace(base, rows=rows)
    answer = ask(
        "How many widget projects did automotive, machinery and electronics and electrical equipment have together "
        "in 2031?",
        table,
        glossary,
    )
    assert not answer.refused
    assert answer.value == pytest.approx(70)  # 33 + 25 + 12: the semiconductor sub-item is inside the 33
    named = ask("How many widget projects did semiconductors and automotive have together in 2031?", table, glossary)
    assert named.value == pytest.approx(34)


def test_a_value_per_item_divides_the_amount_of_the_items_the_chinese_question_names(glossary):
    from rag.read.reader import grounded_answer
    from tests.builders import hits, prose_chunk, stored_index
    from tests.read.test_reader import PROMPTS

    chunks = [
        prose_chunk(
            "In 2031, a total of 640 investors in Zembla invested abroad. Among them, there were 40 state-controlled "
            "economic enterprises with an investment flow of US $1.2 billion, accounting for 19.4 percent of the "
            "flow that year; There were 600 non-public holding economic enterprises with investment flow of USD "
            "5 billion, accounting for 80.6% of the total."
        )
    ]
    answer = grounded_answer(
        "2031年Zembla非公有经济控股的企业每家平均投资多少？",
        hits(chunks),
        stored_index([], chunks),
        glossary,
        PROMPTS,
    )
    assert not answer.refused
    assert answer.source_value == pytest.approx(5e9 / 600, rel=1e-3)  # USD 5 billion / 600
