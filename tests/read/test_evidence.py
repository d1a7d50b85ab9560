"""What the reader derives from the index once (a passage's context years, the places a text names) is kept per
index and per glossary, and never served for another."""

from __future__ import annotations

from rag.read.evidence import Evidence
from rag.read.matching import places_in
from rag.text.glossary import Glossary, Term
from rag.types import Chunk
from tests.builders import stored_index

GLOSSARY = Glossary((Term("北美", "North America", "region"), Term("东盟", "ASEAN", "region")))


def window(text: str, start: int, end: int) -> Chunk:
    return Chunk("r.txt", "prose", f"Report\n{text}", start, end, ("Chapter 1",), title="Report")


def test_years_before_reads_the_overlapping_window_and_belongs_to_its_index():
    later = window("Exports rose 5%. Imports fell 2%.", 3, 4)
    earlier = window("In 2021 trade grew. Exports rose 5%.", 2, 3)
    index = stored_index([], [earlier, later])
    assert Evidence((), index, GLOSSARY).years_before(later) == {2021}
    assert Evidence((), index, GLOSSARY).years_before(later) == {2021}  # the second time from the index's memo
    # an index without the earlier window (another build, or a scope) finds no year, whatever the first one kept
    alone = stored_index([], [later])
    assert Evidence((), alone, GLOSSARY).years_before(later) == set()
    held = Evidence((), index, GLOSSARY).years_before(later)
    held.add(1999)  # a caller's copy: changing it changes nothing kept
    assert Evidence((), index, GLOSSARY).years_before(later) == {2021}


def test_places_in_is_read_once_per_text_and_callers_get_their_own_list():
    found = places_in("Investment in North America and 东盟 rose", GLOSSARY)
    assert found == ["北美", "东盟"]
    found.append("other")
    assert places_in("Investment in North America and 东盟 rose", GLOSSARY) == ["北美", "东盟"]
    other = Glossary((Term("北美", "North America", "region"),))
    assert places_in("Investment in North America and 东盟 rose", other) == ["北美"]  # per glossary


def test_names_and_mentions_are_kept_per_glossary_and_callers_get_their_own_list():
    from rag.read.matching import known_place, mentions, names_of

    names = names_of("北美", GLOSSARY)
    assert names == ["北美", "North America"]
    names.append("other")
    assert names_of("北美", GLOSSARY) == ["北美", "North America"]
    assert mentions("北美", "exports to North America", GLOSSARY)
    assert mentions("北美", "exports to North America", GLOSSARY)  # the second time from the memo
    assert not mentions("北美", "exports to North America", Glossary(()))  # another glossary: asked anew
    assert known_place("东盟", GLOSSARY) and not known_place("东盟", Glossary(()))


def test_a_sections_years_belong_to_its_index():
    from tests.builders import make_table

    table = make_table({"制造业": ["1", "2", "3"]}, doc_name="r.txt")
    section = ("Chapter 1",)
    index = stored_index([table], [window("Investment grew in 2022.", 2, 2)])
    assert Evidence((), index, GLOSSARY).section_mentions_year(table, section, 2022)
    assert not Evidence((), index, GLOSSARY).section_mentions_year(table, section, 2021)
    later = stored_index([table], [*index.chunks, window("In 2021 it fell.", 5, 5)])
    assert Evidence((), later, GLOSSARY).section_mentions_year(table, section, 2021)


def test_places_are_sought_by_their_names_first_characters_in_any_case():
    glossary = Glossary(
        (
            Term("泽姆", "Zembla", "country"),
            Term("北泽姆", "North Zembla", "region"),
            Term("卡洛", "Karlovia (Karlo)", "country"),
        )
    )
    # upper-case text, a Chinese label, and a longer place whose tail is another's name: found as before
    assert places_in("EXPORTS OF ZEMBLA ROSE", glossary) == ["泽姆"]
    assert places_in("出口到卡洛的货物", glossary) == ["卡洛"]
    assert places_in("exports of north zembla rose", glossary) == ["北泽姆"]
    assert places_in("Karlo and Zembla traded", glossary) == ["泽姆", "卡洛"]  # glossary order
    assert places_in("no place here", glossary) == []


def test_measures_and_listed_forms_read_once_give_each_caller_its_own():
    from rag.read.bound_measures import named_measures
    from rag.text.abbreviations import other_forms

    first = named_measures("the stock of widgets at the end of the year")
    first["added"] = frozenset({"x"})
    assert "added" not in named_measures("the stock of widgets at the end of the year")
    assert other_forms("FDI") == other_forms("FDI", "")  # the data file's forms, with no text of its own
    assert "QZW" in other_forms("Quick Zembla Widgets", "the Quick Zembla Widgets (QZW) scheme")
