"""Sub-items of a named row: a `其中` row (`其中：芯片` under `电子设备`) sits one section deeper than the
row it is part of and carries the same label (`项目数量`). A question naming the parent names its part's section too,
but adding both would count the part twice; the part is an operand only when the question names it itself."""

from __future__ import annotations

from collections.abc import Sequence

from rag.read.cells import NAMED_ROW, CellPick
from rag.read.matching import best_name_match
from rag.read.question import Question
from rag.text.glossary import Glossary


def _path(pick: CellPick) -> tuple[str, ...]:
    return tuple(part.strip() for part in pick.row.section.split(" / ") if part.strip())


def nested_part(pick: CellPick, picks: Sequence[CellPick]) -> bool:
    """Another pick of the same table and column has the same label and a section the pick's section extends: the
    pick is a part of that row."""
    path = _path(pick)
    return any(
        other is not pick
        and other.table is pick.table
        and other.index == pick.index
        and other.row.label == pick.row.label
        and len(_path(other)) < len(path)
        and path[: len(_path(other))] == _path(other)
        for other in picks
    )


def without_unnamed_parts(picks: list[CellPick], question: Question, glossary: Glossary) -> list[CellPick]:
    """The picks less the sub-items of other picks that the question does not name by their own section word."""
    return [
        p for p in picks if not nested_part(p, picks) or best_name_match(_path(p)[-1], question, glossary) >= NAMED_ROW
    ]
