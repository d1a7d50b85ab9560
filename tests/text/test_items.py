"""The numbered items of a work plan's section: number, title, body, lead and co-units (made-up plans)."""

from __future__ import annotations

from rag.text.items import parse_items, split_units

PLAN = (
    "1. Grow the tea trade. We will open tea markets abroad. (Lead unit: Ministry of Tea; Participating units: "
    "Port Office, Harbour Board) 2. Train young engineers. Colleges will reach 5. New ones open yearly. "
    "(Lead unit: Ministry of Schools; Participants: City Office)"
)


def test_items_run_from_their_number_to_the_next_one_and_keep_their_units():
    first, second = parse_items(PLAN)
    assert (first.number, first.title) == (1, "Grow the tea trade")
    assert first.lead == ("Ministry of Tea",) and first.co == ("Port Office", "Harbour Board")
    assert (second.number, second.title) == (2, "Train young engineers")
    assert second.lead == ("Ministry of Schools",) and second.co == ("City Office",)
    assert PLAN[first.lead_at :].startswith("Lead unit") and PLAN[second.lead_at :].startswith("Lead unit")


def test_a_figure_that_ends_a_sentence_is_no_item():
    items = parse_items(PLAN)
    assert [item.number for item in items] == [1, 2]  # `reach 5.` is a figure, not item 5
    assert "reach 5" in items[1].body


def test_a_section_may_go_on_from_the_number_the_one_before_ended_on():
    items = parse_items("4. Widen the river port. (Lead unit: Port Office) 5. Light the harbour.")
    assert [(item.number, item.lead) for item in items] == [(4, ("Port Office",)), (5, ())]


def test_chinese_items_name_their_units_by_a_label_or_in_a_bracket():
    labelled = parse_items("1．扩大茶叶贸易。开拓海外市场。牵头单位：茶叶部；配合单位：港务局、海关\n2．培养工程师。")
    assert labelled[0].lead == ("茶叶部",) and labelled[0].co == ("港务局", "海关")
    bracketed = parse_items("（1）扩大茶叶贸易。开拓海外市场。（茶叶部、商务部牵头，港务局配合）（2）培养工程师。")
    assert bracketed[0].lead == ("茶叶部", "商务部") and bracketed[0].co == ("港务局",)
    assert bracketed[1].number == 2 and bracketed[1].lead == ()


def test_a_file_name_or_a_year_is_no_item_number():
    assert parse_items("See 1.jpg for the port. In 2025. the port opens.") == []


def test_unit_lists_drop_closing_words_but_keep_and_inside_a_name():
    assert split_units("Bureau of Planning and Land, Port Office etc.)") == (
        "Bureau of Planning and Land",
        "Port Office",
    )
