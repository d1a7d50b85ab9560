"""Content qualifiers: the question's terms that few indexed passages hold."""

from __future__ import annotations

from rag.read.qualifiers import qualifier_cover, rare_terms


def test_rare_terms_are_those_few_passages_hold():
    texts = [f"outward investment of local enterprises, part {i}" for i in range(200)] + ["the two southern isles"]
    rare = rare_terms({"investment", "southern", "isles", "absent"}, texts)
    assert rare == {"southern", "isles"}  # `investment` is everywhere, `absent` nowhere: neither tells passages apart
    assert rare_terms({"southern"}, texts[:3] + texts[-1:]) == frozenset()  # 1 of 4 passages is no small share


def test_qualifier_cover_is_the_share_held():
    def held(term, words):
        return term in words

    assert qualifier_cover(frozenset({"southern", "isles"}), frozenset({"southern", "two"}), held) == 0.5
    assert qualifier_cover(frozenset(), frozenset({"two"}), held) == 1.0


def test_rare_among_counts_with_the_index_once_per_word():
    from rag.read.qualifiers import rare_among
    from tests.builders import prose_chunk, stored_index

    texts = [f"outward investment of local enterprises, part {i}" for i in range(200)] + ["the two southern isles"]
    index = stored_index([], [prose_chunk(text, line=i + 1) for i, text in enumerate(texts)])
    terms = {"investment", "southern", "isles", "absent"}
    assert rare_among(terms, index.holding, len(index.lowered_texts)) == rare_terms(terms, index.lowered_texts)
    assert index.holding("southern") == 1 and index.holding("investment") == 200


def test_word_counts_belong_to_their_index():
    """An addition makes a new index: its counts are its own, never the previous index's cached ones."""
    from tests.builders import prose_chunk, stored_index

    before = stored_index([], [prose_chunk("the southern isles", line=1), prose_chunk("inland", line=2)])
    assert before.holding("southern") == 1
    after = stored_index([], [*before.chunks, prose_chunk("southern coast", line=3)])
    assert after.holding("southern") == 2 and before.holding("southern") == 1
    assert before.scoped(["t.txt"]).memo("holding") is not before.memo("holding")
