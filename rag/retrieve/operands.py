"""Operand lookup for derived questions: the table rows a computation needs that retrieval did not return.

A difference, ratio, sum or growth rate needs every operand (two entities, or one entity in two years), but
retrieval ranks passages for the question as a whole, so the row of one operand is often missing from the hits.
The index holds every table row as a chunk; the rows whose label the question names are looked up there directly
and appended after the hits, ranked below every retrieved passage. The reader's usual cell checks (entity, year,
measure, topic of the table) then decide whether any of them may be an operand, so a looked-up row never answers
a question its table does not fit.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rag.types import Chunk, Hit


def operand_hits(hits: Sequence[Hit], chunks: Sequence[Chunk], names_row: Callable[[Chunk], bool]) -> tuple[Hit, ...]:
    """The hits, then every table-row chunk of `chunks` that `names_row` accepts and no hit holds (score 0)."""
    held = {hit.chunk.id for hit in hits}
    extra = tuple(
        Hit(chunk, 0.0)
        for chunk in chunks
        if chunk.kind == "table_row" and chunk.id not in held and chunk.row_label and names_row(chunk)
    )
    return tuple(hits) + extra


def operand_passages(
    hits: Sequence[Hit], chunks: Sequence[Chunk], score: Callable[[Chunk], float], limit: int = 3
) -> tuple[Hit, ...]:
    """The hits, then the `limit` prose chunks of `chunks` that no hit holds and `score` rates highest above 0
    (score 0): the passage stating one entity's figure when the question names several and retrieval, ranking for
    the whole question, returned the others' passages only."""
    held = {hit.chunk.id for hit in hits}
    rated = [
        (score(chunk), n, chunk) for n, chunk in enumerate(chunks) if chunk.kind == "prose" and chunk.id not in held
    ]
    best = sorted((r for r in rated if r[0] > 0), key=lambda r: (-r[0], r[1]))[:limit]
    return tuple(hits) + tuple(Hit(chunk, 0.0) for _, _, chunk in best)


__all__ = ["operand_hits", "operand_passages"]
