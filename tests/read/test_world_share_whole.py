"""The world as the whole a share is of (`占全球的份额`) is no entity of a Chinese question, as `world` and `global`
are none of an English one; the world as the subject of a question still is. Made-up names only."""

from __future__ import annotations

from rag.read.question import analyse_question


def test_the_world_as_a_shares_whole_is_no_entity(glossary):
    question = analyse_question("2041年科尔瓦尼亚海带出口占全球的份额是多少？", glossary)
    assert "全球" not in question.entities
    assert "世界" not in analyse_question("2041年科尔瓦尼亚海带出口占世界的比重是多少？", glossary).entities


def test_the_world_as_a_subject_stays_an_entity(glossary):
    assert "全球" in analyse_question("2041年全球海带出口是多少？", glossary).entities
