"""Groups of economies an English question names by a glossary alias, and a group's name inside a longer one
(made-up questions over the project glossary)."""

from __future__ import annotations

from rag.read.question import english_industries


def test_a_group_is_named_by_its_glossary_alias(glossary):
    found = english_industries(
        "How far apart were the 2031 gadget forecasts of the advanced economies and Zembla?", glossary
    )
    assert found == ("发达经济体",)


def test_a_group_name_inside_a_longer_one_is_not_a_second_group(glossary):
    text = "Gadget output of advanced economies against that of emerging market and developing economies in 2031"
    assert english_industries(text, glossary) == ("发达经济体", "新兴市场和发展中经济体")
    assert english_industries("Gadget output of developing economies in 2031", glossary) == ("发展中经济体",)
