"""Entity binding (made-up tables and text, no eval wording): a name matches a row or a passage only as a whole
name, never as the tail of a longer place name (`America` of `North America`); and a figure of a sentence that
lists the parts of a country (`the eastern region ...; the central region ...`) belongs to the part its own item
names, so a question about one part is answered with that part's figure or refused."""

from __future__ import annotations

from rag.read.matching import mentions, places_in
from rag.read.parts import asked_part, asked_parts, bound_part, parts_in
from rag.read.reader import grounded_answer
from rag.settings import PROJECT_ROOT
from rag.types import Unit
from tests.builders import ask_table, hits, make_table, prose_chunk, stored_index

BARE = Unit(raw="us $", label="USD (scale not stated)", kind="currency", currency="USD", base="USD")


def test_a_short_name_is_not_named_by_the_tail_of_a_longer_place_name(glossary):
    assert not mentions("America", "North America", glossary)
    assert not mentions("Sudan", "exports to South Sudan", glossary)
    assert not mentions("China", "Hong Kong, China", glossary)
    assert not mentions("Africa", "Central African Republic", glossary)
    assert mentions("America", "the United States", glossary)  # the glossary's alias of the country
    assert mentions("Sudan", "exports to Sudan and to South Sudan", glossary)  # named once on its own
    assert mentions("Hong Kong", "Hong Kong, China", glossary)  # the name with words after it is the same place
    # nor the other way round: a longer name is not named by a shorter place's name
    assert not mentions("North America", "America", glossary)
    assert not mentions("Central Asia", "Asia", glossary)


def test_a_text_names_the_longer_place_not_the_one_its_name_ends_with(glossary):
    assert places_in("North America", glossary) == ["北美"] or "美国" not in places_in("North America", glossary)
    assert "中国" not in places_in("Hong Kong, China", glossary)
    assert "美国" in places_in("America and Canada", glossary)


def test_a_ranking_table_binds_a_short_country_name_to_its_own_row_not_a_continent(glossary):
    rows = {"美国": ("1", "400.0"), "北美": ("2", "450.0"), "加拿大": ("3", "80.0"), "南美": ("4", "60.0")}
    table = make_table(
        rows,
        columns=(("排名", None), ("流出流量", BARE)),
        unit=BARE,
        title="Top economies by widget outflows, 2031",
        label_header="国家",
    )
    answer = ask_table("America's widget outflows in 2031 came to how many times Canada's?", table, glossary)
    assert not answer.refused and round(answer.value, 2) == 5.0, answer.text


LISTING = (
    "In 2031, widget makers in China's provinces invested USD 50 billion abroad, 60% of the total. "
    "The eastern region reached USD 40 billion, accounting for 80%; central parts USD 6 billion, or 12 percent; "
    "western region USD 3.5 billion, accounting for 7%; and USD 0.5 billion, or 1 percent, for the three "
    "northeastern provinces."
)


def test_a_question_names_one_part_of_a_country(glossary):
    assert asked_part("How much did firms in central Ruritania invest?", glossary) is None  # no part noun
    assert asked_part("How much did firms in central China invest?", glossary)[0] == "central"
    assert asked_part("西部地区的投资是多少？", glossary)[0] == "west"
    assert asked_part("What did the central bank and Central Asia do?", glossary) is None
    assert parts_in("东北亚地区", glossary) == []  # a longer place name of the glossary


def test_a_part_word_joined_to_a_part_named_in_full_shares_its_noun(glossary):
    # `eastern and middle provinces`: two parts, the first named by its word and the noun it shares
    assert asked_parts("What did Velorian firms in the eastern and middle provinces lend?", glossary) == [
        ("east", "eastern provinces"),
        ("central", "middle provinces"),
    ]
    assert [p for p, _ in asked_parts("东部与中部地区的贷款合计多少？", glossary)] == ["east", "central"]
    assert asked_part("How much did the eastern and middle provinces lend?", glossary) is None  # two parts, not one


def test_each_figure_of_a_listing_is_bound_to_the_part_of_its_own_item(glossary):
    sentence = LISTING.split(". ", 1)[1]

    def part_of(figure: str) -> str | None:
        return bound_part(sentence, sentence.index(figure), glossary)

    assert part_of("40 billion") == "east" and part_of("80%") == "east"
    assert part_of("6 billion") == "central" and part_of("12 percent") == "central"
    assert part_of("3.5 billion") == "west" and part_of("7%") == "west"
    assert part_of("0.5 billion") == "northeast" and part_of("1 percent") == "northeast"
    first = LISTING.split(". ", 1)[0]
    assert bound_part(first, first.index("50 billion"), glossary) is None  # the whole's figure


def ask(question: str, text: str, glossary):
    chunks = [prose_chunk(text)]
    return grounded_answer(question, hits(chunks), stored_index([], chunks), glossary, PROJECT_ROOT / "prompts")


def test_a_question_about_one_part_is_answered_with_that_part_s_figure(glossary):
    answer = ask("How much did widget makers in central China invest abroad in 2031?", LISTING, glossary)
    assert not answer.refused and answer.value == 6, answer.text
    share = ask("2031年西部地区的对外投资占比是多少？", LISTING, glossary)
    assert not share.refused and share.value == 7, share.text


def test_a_part_the_text_does_not_list_is_refused_not_answered_with_the_whole(glossary):
    text = "In 2031, widget makers in China's provinces invested USD 50 billion abroad, 60% of the total."
    answer = ask("How much did widget makers in western China invest abroad in 2031?", text, glossary)
    assert answer.refused and answer.value is None, answer.text


def test_two_parts_of_a_listing_are_divided_each_by_its_own_figure(glossary):
    answer = ask("2031年东部地区对外投资相当于中部地区多少倍？", LISTING, glossary)
    assert not answer.refused and round(answer.value, 2) == 6.67, answer.text
    gap = ask(
        "By how much did the western region's investment abroad exceed the central region's in 2031?", LISTING, glossary
    )
    assert not gap.refused and gap.value == 2.5, gap.text  # the gap of the two parts, never the whole as an operand


INDUSTRIES = (
    "In 2031, Ruritania's foreign investment in manufacturing rose 30%, accounting for 25% of the province, and "
    "foreign investment in the high-tech industry rose 15%, accounting for 45%."
)


def test_each_figure_of_an_industry_listing_is_bound_to_its_own_industry(glossary):
    from rag.read.listing import bound_industries

    assert bound_industries(INDUSTRIES, INDUSTRIES.index("25%"), glossary) == {"制造业"}
    assert "高技术产业" in bound_industries(INDUSTRIES, INDUSTRIES.index("45%"), glossary)
    chinese = (
        "2031年，Ruritania制造业的实际利用外资同比增长30%，占全省25%，高技术产业的实际利用外资同比增长15%，占比45%。"
    )
    answer = ask("2031年Ruritania高技术产业的实际利用外资在全省所占比重为多少？", chinese, glossary)
    assert not answer.refused and answer.value == 45, answer.text  # not the 25% of the industry named before it
    answer = ask("2031年Ruritania制造业的实际利用外资在全省所占比重为多少？", chinese, glossary)
    assert not answer.refused and answer.value == 25, answer.text


def test_a_name_inside_a_longer_name_of_the_same_place_still_names_it(glossary):
    # words before it that make no other place: a port's, or a region's full name
    assert mentions("Ningbo-Zhoushan", "the Port of Ningbo-Zhoushan handled more boxes", glossary)
    assert mentions("Greater Bay Area", "the Guangdong-Hong Kong-Macao Greater Bay Area", glossary)
    assert not mentions("America", "Latin America", glossary)  # a modifier before it (place_modifiers.tsv)


def test_a_part_named_after_its_figures_closes_its_item(glossary):
    sentence = "And USD 0.5 billion, or 1 percent, for the three northeastern provinces."
    assert bound_part(sentence, sentence.index("0.5"), glossary) == "northeast"
    whole = "Firms invested USD 50 billion in all, the eastern region USD 40 billion."
    assert bound_part(whole, whole.index("50"), glossary) is None  # the part has a figure of its own after it
