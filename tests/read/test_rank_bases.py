"""The column a ranking question ranks by (made-up tables and wording): the measure its basis names (`按存量计算`,
`存量排第二`, `ranked by stock`) picks that column; a table with no column of that measure answers no ranking."""

from __future__ import annotations

import pytest

from rag.read.question import analyse_question
from rag.read.rank_asks import rank_basis
from tests.builders import USD_1E8, make_table
from tests.builders import ask_table as ask


@pytest.fixture(scope="module")
def gizmo_destinations():
    """A province's top gizmo investment destinations, printed in order of flow, with each one's stock."""
    rows = {"智利": ("30.0", "50.0"), "挪威": ("20.0", "90.0"), "越南": ("10.0", "70.0"), "加纳": ("5.0", "10.0")}
    columns = (("流量", USD_1E8), ("存量", USD_1E8))
    return make_table(
        rows, columns=columns, table_id="7-4", title="Top gizmo destinations of Westmarch in 2031", label_header="国家"
    )


def test_a_chinese_basis_closed_by_a_computing_word_or_standing_before_a_stated_rank():
    assert rank_basis("按期末存量计算，西境省gizmo投资目的地里哪个位居第二？") == "期末存量"
    assert rank_basis("西境省gizmo投资国家里，哪个国家的存量排第2位？") == "存量"
    assert rank_basis("西境省哪个目的地最大？") == ""
    assert rank_basis("按期末存量计算，西境省哪个目的地排名第三？") == "期末存量"  # `哪个目的地` names no measure


def test_the_basis_named_picks_the_column_sorted(gizmo_destinations, glossary):
    answer = ask("按存量计算，西境省2031年gizmo投资国家里哪个国家的存量排第二？", gizmo_destinations, glossary)
    assert answer.text.startswith("2031年存量第二高的是越南") and not answer.refused
    answer = ask("西境省2031年gizmo投资国家里，哪个国家的流量排第二？", gizmo_destinations, glossary)
    assert answer.text.startswith("2031年流量第二高的是挪威") and not answer.refused


def test_a_basis_no_column_measures_is_refused(gizmo_destinations, glossary):
    answer = ask("按营业额计算，西境省2031年gizmo投资国家里哪个国家位居第二？", gizmo_destinations, glossary)
    assert answer.refused


def test_an_ordinal_after_a_ranking_verb_needs_no_closing_word(glossary):
    assert analyse_question("西境省哪个港口的吞吐量排第三？", glossary).ordinal == 3
    assert analyse_question("西境省的吞吐量位居第12还是第13？", glossary).ordinal == 12
    assert analyse_question("西境省第二产业的产值是多少？", glossary).ordinal is None
