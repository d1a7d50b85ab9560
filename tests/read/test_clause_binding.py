"""The one clause walk that binds a figure of a listing sentence to its item (made-up text)."""

from rag.read.clause_binding import ITEM_BREAK, SUBJECT_BREAK, clause_spans, continued_clause, nearest_named

LISTING = "Widget output rose 12%, making up 30% of the total, and gadget output rose 8%, making up 20%."


def test_spans_run_from_the_figures_clause_back_to_the_sentence_start():
    at = LISTING.index("20%")
    spans = clause_spans(LISTING, at, at + 3, ITEM_BREAK)
    assert LISTING[slice(*spans[0])].strip(" .") == "making up 20%"
    assert LISTING[slice(*spans[1])].strip() == "gadget output rose 8%,"
    assert spans[-1][0] == 0 and len(spans) == 5


def test_nearest_named_walks_back_to_the_clause_naming_an_item():
    def names_in(text: str):
        def names(low: int, high: int, own: bool) -> str | None:
            return next((item for item in ("widget", "gadget") if item in text[low:high].lower()), None)

        return names

    assert nearest_named(LISTING, LISTING.index("20%"), ITEM_BREAK, names_in(LISTING)) == "gadget"
    assert nearest_named(LISTING, LISTING.index("30%"), ITEM_BREAK, names_in(LISTING)) == "widget"
    assert nearest_named("Output rose 12%.", 12, ITEM_BREAK, names_in("Output rose 12%.")) is None


def test_nearest_named_stops_at_the_floor_but_always_reads_the_own_clause():
    text = "Widget output was high; then 5%, or 7%."
    floor = text.index(";") + 1

    def names(low: int, high: int, own: bool) -> str | None:
        return "widget" if "Widget" in text[low:high] else None

    assert nearest_named(text, text.index("7%"), ITEM_BREAK, names) == "widget"
    assert nearest_named(text, text.index("7%"), ITEM_BREAK, names, floor=floor) is None


def test_item_breaks_read_a_capital_and_but_subject_clauses_keep_joined_names():
    text = "Gizmos rose 3% And sprockets rose 4%"
    assert (
        text[slice(*clause_spans(text, text.index("4%"), text.index("4%") + 2, ITEM_BREAK)[0])] == " sprockets rose 4%"
    )
    zh = "钢铁和水泥增长5%"
    assert zh[slice(*clause_spans(zh, zh.index("5"), zh.index("5") + 2, SUBJECT_BREAK)[0])] == zh


def test_continued_clause_joins_the_clauses_going_on_about_the_one_before():
    at = LISTING.index("20%")
    joined = continued_clause(LISTING, at, at + 3, SUBJECT_BREAK, lambda c: c.strip().startswith("making up"))
    assert joined.strip(" .") == "gadget output rose 8%, making up 20%"
    alone = continued_clause(LISTING, at, at + 3, SUBJECT_BREAK, lambda c: False)
    assert alone.strip(" .") == "making up 20%"


def test_a_leading_phrase_of_time_scopes_every_statement():
    from rag.read.clause_binding import lead_phrase, statement_scope

    text = "Over the last decade, widget sales grew 3% a year; gadget rentals grew 6% a year."
    assert lead_phrase(text) == "Over the last decade,"
    assert lead_phrase("By the end of 2031, gadget rentals reached 9 units.") == "By the end of 2031,"
    assert lead_phrase("Widget sales rose 3%, and gadget rentals 6%.") == ""  # a clause of its own, no lead
    second = (text.index("gadget"), len(text))
    assert statement_scope(text, second).startswith("Over the last decade,")
    assert statement_scope(text, (0, text.index(";"))) == text[: text.index(";")]  # the lead is its own already


def test_the_statement_naming_the_asked_subject_answers_when_a_lead_phrase_sets_the_period(glossary):
    from rag.read.reader import grounded_answer
    from rag.settings import PROJECT_ROOT
    from tests.builders import hits, prose_chunk, stored_index

    text = (
        "Over the past five years, the scale of Freedonia's widget trade has expanded from 2.1 trillion crowns in "
        "2017 to 2.6 trillion crowns in 2022, with an average annual growth of 4%; gadget rentals expanded from "
        "1.5 trillion crowns to 1.9 trillion crowns, with an average annual growth rate of 4.9%."
    )
    chunk = prose_chunk(text)
    answer = grounded_answer(
        "How fast did Freedonia's gadget rentals grow per year, on average, across the past five years?",
        hits([chunk]),
        stored_index([], [chunk]),
        glossary,
        PROJECT_ROOT / "prompts",
    )
    assert answer.value == 4.9
