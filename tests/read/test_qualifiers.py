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
