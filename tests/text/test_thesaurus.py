"""Query expansion from analysts' wording to the reports' wording."""

from __future__ import annotations

import pytest

from rag.text.thesaurus import Thesaurus


def test_colloquial_phrasing_gains_the_reports_term():
    thesaurus = Thesaurus.load()
    expanded = thesaurus.expand("How much did Chinese companies invest abroad in the car industry in 2022?")
    assert expanded.startswith("How much did Chinese companies invest abroad in the car industry in 2022?")
    assert "outward direct investment (OFDI)" in expanded


def test_matching_is_word_bounded_and_case_insensitive():
    thesaurus = Thesaurus((("project finance", "international project financing"),))
    assert thesaurus.expansions("Project Finance deals") == ["international project financing"]
    assert thesaurus.expansions("project financed") == []


def test_nothing_to_expand_leaves_the_query_unchanged():
    assert Thesaurus.load().expand("What measures support foreign trade?") == "What measures support foreign trade?"


def test_an_expansion_already_in_the_query_is_not_repeated():
    thesaurus = Thesaurus((("invest abroad", "OFDI"),))
    assert thesaurus.expand("invest abroad OFDI") == "invest abroad OFDI"


def test_malformed_file_names_the_line(tmp_path):
    path = tmp_path / "t.tsv"
    path.write_text("phrase\texpansion\nonly-one-field\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"t\.tsv:2"):
        Thesaurus.load(path)


def test_a_reading_hedge_is_dropped_and_the_rest_of_the_question_kept():
    from rag.text.thesaurus import without_hedges

    assert without_hedges("Taking the quoted share At Face Value, how big was Zembla's output?").split() == [
        "Taking",
        "the",
        "quoted",
        "share",
        ",",
        "how",
        "big",
        "was",
        "Zembla's",
        "output?",
    ]
    assert without_hedges("What was the face value of the bond?") == "What was the face value of the bond?"
