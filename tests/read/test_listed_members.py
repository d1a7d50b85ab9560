"""The members of a closed group that a table lists (`the ASEAN countries in the table`, `表中列出的东盟国家`):
their sum over the rows the table prints, while the group asked whole is not answered from part of its members
(made-up table)."""

from __future__ import annotations

import pytest

from rag.read.question import analyse_question
from rag.read.subsets import qualifiers_of
from tests.builders import USD_1E8, ask_table, make_table

TOP_FIVE = make_table(
    {"越南": ("8.0",), "德国": ("20.0",), "泰国": ("3.5",), "美国": ("40.0",), "柬埔寨": ("1.5",)},
    columns=(("流量", USD_1E8),),
    title="Zembla's top five gizmo investment destinations in 2031",
    label_header="国家",
)


def test_listed_words_mark_only_the_members_the_table_prints(glossary):
    assert qualifiers_of(analyse_question("表中列出的东盟国家2031年小工具投资一共多少？", glossary)).listed
    assert not qualifiers_of(analyse_question("东盟国家2031年的小工具投资合计多少？", glossary)).listed


def test_the_listed_members_of_a_group_are_summed(glossary):
    answer = ask_table("2031年Zembla对表中列出的东盟国家小工具投资一共多少？", TOP_FIVE, glossary)
    assert not answer.refused and answer.source_value == pytest.approx(13.0)  # 8.0 + 3.5 + 1.5
    assert len(answer.citations) == 3


def test_the_group_asked_whole_is_not_the_sum_of_the_members_printed(glossary):
    answer = ask_table("2031年Zembla对东盟国家的小工具投资合计是多少？", TOP_FIVE, glossary)
    assert answer.source_value != pytest.approx(13.0)
