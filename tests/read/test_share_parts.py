"""A printed share answers a share question only when its part and whole are the ones asked (made-up tables): a
share column under a group label (`new equity | share`) in a table of year rows is the group's share of the row's
whole, not the country's share of the world."""

from __future__ import annotations

from dataclasses import replace

import pytest

from rag.types import Column
from tests.builders import PERCENT, USD_1E8, ask_tables, make_table, ranking_and_world

WORLD_SHARE = "In 2041, Syldavia's lantern FDI outflows made up what share of all world outflows?"


def _composition():
    """Syldavia's lantern FDI outflows by year, split into new equity and reinvested earnings with their shares."""
    table = make_table(
        {"2040年": ("500.0", "150.0", "30.0", "350.0", "70.0"), "2041年": ("600.0", "240.0", "40.0", "360.0", "60.0")},
        columns=(("flow", USD_1E8), ("a", USD_1E8), ("b", PERCENT), ("c", USD_1E8), ("d", PERCENT)),
        table_id="3-4",
        title="Composition of Syldavia's lantern FDI outflows, 2040-2041",
        label_header="year",
        title_line=40,
    )
    columns = (
        Column("flow", ("flow",), USD_1E8),
        Column("new equity amount", ("new equity", "amount"), USD_1E8),
        Column("new equity share", ("new equity", "share"), PERCENT),
        Column("reinvested amount", ("reinvested", "amount"), USD_1E8),
        Column("reinvested share", ("reinvested", "share"), PERCENT),
    )
    return replace(table, columns=columns)


def _tables(world_2041: str):
    ranking, world = ranking_and_world({"world": ("3500.0", world_2041), "developed economies": ("2000.0", "1800.0")})
    return [_composition(), ranking, world]


def test_a_component_share_does_not_answer_a_share_of_the_world(glossary):
    answer = ask_tables(WORLD_SHARE, _tables("3000.0"), glossary)
    assert answer.value == pytest.approx(20.0)  # 600 / 3000, not new equity's printed 40% of the flow


def test_no_world_row_leaves_the_component_share_refused(glossary):
    answer = ask_tables(WORLD_SHARE, _tables("-"), glossary)
    assert answer.value is None  # the printed 40% is another part's share of another whole


def test_a_component_share_answers_when_the_component_is_asked(glossary):
    answer = ask_tables(
        "What share of Syldavia's lantern FDI outflows was new equity in 2041?", _tables("3000.0"), glossary
    )
    assert answer.value == pytest.approx(40.0)
