"""A document's title line runs into its first passage: its numbers are no figures of the text."""

from __future__ import annotations


def test_a_number_in_the_documents_title_is_no_figure_of_the_text():
    from rag.read.prose import in_title
    from rag.types import Chunk

    title = "Gadget annual report 082"
    chunk = Chunk("t.txt", "prose", f"{title}\n{title} Widget sales rose by 12 units.", 1, 1, (), title=title)
    assert in_title(chunk, f"{title} Widget sales rose by 12 units.") == len(title)
    assert in_title(chunk, "Widget sales rose by 12 units.") == 0
