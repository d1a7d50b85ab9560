"""Operations over figures stated in prose (no table holds them): compound growth, the value a stated growth rate
implies for the year before, and the operands each answer cites. Made-up sentences only."""

from __future__ import annotations

from rag.read.complement import asks_class_rest, left_out_parts
from rag.read.question import analyse_question, question_years
from rag.read.reader import grounded_answer
from rag.settings import PROJECT_ROOT
from rag.text.glossary import Glossary
from rag.types import Chunk
from tests.builders import hits, prose_chunk, stored_index

PROMPTS = PROJECT_ROOT / "prompts"


def ask(question: str, chunks: list[Chunk], glossary: Glossary):
    """The grounded answer when `chunks` are the only passages retrieved and indexed."""
    return grounded_answer(question, hits(chunks), stored_index([], chunks), glossary, PROMPTS)


def test_a_period_opening_the_question_names_both_its_years():
    assert question_years("Between 2019 and 2021, how fast did gadget sales grow?") == (2019, 2021)
    assert question_years("Since 2019 how fast did gadget sales grow?") == (2019,)


def test_compound_annual_growth_is_computed_from_the_two_amounts_not_the_stated_total_growth(glossary):
    prose = prose_chunk(
        "Gadget sales of the ten largest makers rose from $4 trillion in 2019 to $9 trillion in 2021, up 125%."
    )
    answer = ask(
        "Between 2019 and 2021, gadget sales of the ten largest makers grew at what compound annual rate?",
        [prose],
        glossary,
    )
    assert not answer.refused and answer.value == 50.0 and answer.unit == "%"
    assert "(9 / 4)^(1/2)" in answer.formula and "$9 trillion; $4 trillion" in answer.citations[0].value_text


GADGETS = (
    "In 2022 the value of new gadget orders of Ruritania was US$8.4 billion, up 5% from the previous year, and the "
    "gadget turnover was US$6.3 billion, down 10%."
)


def test_the_value_a_stated_growth_rate_implies_for_the_year_before_is_worked_back_from_the_sentence(glossary):
    prose = prose_chunk(GADGETS)
    answer = ask(
        "Given the 2022 figure and the growth rate, how large was the value of Ruritania's new gadget orders in 2021?",
        [prose],
        glossary,
    )
    assert not answer.refused and answer.value == 8.0 and answer.unit == "USD billion"
    assert answer.formula.startswith("8.4 / (1 + 5 %)")
    assert answer.citations[0].value_text == "US$8.4 billion; 5%"


def test_a_fall_is_worked_back_with_its_sign_and_the_measure_asked_keeps_its_own_rate(glossary):
    prose = prose_chunk(GADGETS)
    question = "Using the 2022 value and its rate of growth, how much was the gadget turnover of Ruritania in 2021?"
    answer = ask(question, [prose], glossary)
    assert not answer.refused and answer.value == 7.0  # 6.3 / (1 - 10 %), not the orders' 5 %
    assert "(1 − 10 %)" in answer.formula


def test_a_rough_figure_for_a_year_not_printed_is_estimated_from_the_next_year_and_its_growth(glossary):
    prose = prose_chunk(GADGETS)
    answer = ask("Roughly how much was the gadget turnover of Ruritania in 2021?", [prose], glossary)
    assert not answer.refused and answer.value == 7.0
    # without a rough-figure word, a year the report prints no figure for is not answered by arithmetic unasked
    assert ask("How much was the gadget turnover of Ruritania in 2021?", [prose], glossary).value != 7.0


def test_a_figure_without_a_rate_of_its_own_is_not_worked_back_with_a_neighbouring_rate(glossary):
    prose = prose_chunk(
        "In 2022 Ruritania's gadget turnover was US$6.3 billion and its new gadget orders grew 5% to 1,200."
    )
    answer = ask(
        "From the 2022 value and its rate of growth, what was Ruritania's gadget turnover in 2021?", [prose], glossary
    )
    assert answer.refused and answer.value is None


def chapter(place: str, text: str, line: int) -> Chunk:
    """A passage under a chapter about `place`."""
    title = f"Report / Chapter {place}'s gadget trade"
    heading = (f"Chapter {place}'s gadget trade",)
    return Chunk("t.txt", "prose", f"{title}\n{text}", line, line, heading, title=title)


ATLANTIS = chapter(
    "Atlantis",
    "By the end of 2022 the gadget stock of Atlantis reached US$50.5 billion, first in the region. "
    "Its gadget flow was US$9.5 billion in 2022. Among them, state firms had a gadget flow of US$12 billion.",
    10,
)
LEMURIA = chapter(
    "Lemuria",
    "By the end of 2022 the gadget stock of Lemuria was US$40.25 billion. In 2022 the gadget flow of Lemuria was "
    "US$7 billion, of which private firms invested US$5 billion, accounting for 71%.",
    20,
)
MU = chapter("Mu", "In 2022 Mu's gadget flow was US$11 billion, up 4%.", 30)


def test_a_difference_of_two_entities_takes_each_figure_from_the_sentence_about_that_entity(glossary):
    answer = ask("By how much did Atlantis's gadget stock exceed Lemuria's at end-2022?", [ATLANTIS, LEMURIA], glossary)
    assert not answer.refused and answer.value == 10.25 and answer.unit == "USD billion"
    assert "50.5 − 40.25" in answer.formula
    assert {c.value_text for c in answer.citations} == {"US$50.5 billion", "US$40.25 billion"}


def test_which_of_the_named_entities_has_the_largest_figure_compares_whole_figures_not_parts(glossary):
    question = "Of Atlantis, Lemuria and Mu, which recorded the largest gadget flow in 2022?"
    answer = ask(question, [ATLANTIS, LEMURIA, MU], glossary)
    assert not answer.refused and answer.spans == ("Mu",)
    # Atlantis's part (US$12 billion among them) is not its whole flow; each figure is cited
    assert "US$9.5 billion" in answer.text and "US$12 billion" not in answer.text and len(answer.citations) == 3


def test_an_entity_without_a_figure_of_the_measure_asked_is_named_in_the_refusal_not_replaced(glossary):
    question = "By how much did Atlantis's gadget stock exceed Mu's at end-2022?"
    answer = ask(question, [ATLANTIS, MU], glossary)  # Mu's sentence gives a flow, not a stock
    assert answer.refused and answer.value is None and "Mu" in answer.text


FIRMS = prose_chunk(
    "In 2022 Ruritania's gadget investment: among them, 40 state firms invested US$2.5 billion, 31% of the total; "
    "600 private firms invested US$5.5 billion, 69% of the total."
)


def test_a_multiple_of_two_figures_of_one_sentence_is_told_apart_by_the_question_s_words(glossary):
    question = "As a multiple, how did Ruritania's private firms' 2022 gadget investment compare with its state firms'?"
    answer = ask(question, [FIRMS], glossary)
    assert not answer.refused and answer.value == 2.2 and answer.unit == "times"
    assert answer.formula.startswith("5.5 / 2.5") and answer.citations[0].value_text == "US$5.5 billion; US$2.5 billion"
    reverse = ask(
        "How many times the 2022 gadget investment of Ruritania's private firms was that of its state firms?",
        [FIRMS],
        glossary,
    )
    assert reverse.value == 2.2
    question = "How many times as large as the state firms' 2022 gadget investment in Ruritania was the private firms'?"
    assert ask(question, [FIRMS], glossary).value == 2.2  # the operand after the last `as` is the denominator


def test_a_ratio_the_question_cannot_tell_apart_is_refused(glossary):
    answer = ask(
        "How many times was Ruritania's 2022 gadget investment of holding firms that of listed firms?",
        [FIRMS],
        glossary,
    )
    assert answer.refused and answer.value is None


def test_the_whole_a_part_s_stated_share_implies_reads_fractions_as_printed_or_in_words(glossary):
    question = (
        "Going by Ruritania's stated share, roughly how much gadget revenue did the region as a whole earn in 2022?"
    )
    for share, value in (("1/7", 14.0), ("one seventh", 14.0), ("25%", 8.0)):
        prose = prose_chunk(
            f"In 2022 Ruritania's gadget revenue grew from 1.5 billion yuan to 2 billion yuan, accounting for {share} "
            "of the region's total as a whole."
        )
        answer = ask(question, [prose], glossary)
        assert not answer.refused and answer.value == value, share
        assert answer.formula.startswith("2 / (")
    unstated = prose_chunk("In 2022 Ruritania's gadget revenue was 2 billion yuan, up 4%.")
    assert ask(question, [unstated], glossary).value != 14.0


def test_the_rest_of_a_whole_outside_a_named_part_is_the_whole_less_the_part(glossary):
    whole = chapter(
        "Ruritania", "In 2022 Ruritania's gadget orders were US$9.4 billion and its gadget turnover US$7.5 billion.", 40
    )
    part = chapter(
        "Ruritania",
        "In 2022 Ruritania's firms signed gadget orders of US$8 billion in Silk Coast countries. "
        "The gadget turnover reached US$7 billion, accounting for 93.3% of the province's total.",
        44,
    )
    question = "How much of Ruritania's 2022 gadget turnover was earned outside Silk Coast countries?"
    answer = ask(question, [whole, part], glossary)
    assert not answer.refused and answer.value == 0.5 and "7.5 − 7 = USD 0.5 billion" in answer.formula
    assert {c.value_text for c in answer.citations} == {"US$7.5 billion", "US$7 billion"}
    # without the whole stated, the part is no answer
    assert ask(question, [part], glossary).value not in (0.5, 7.0)


def test_a_share_of_a_part_stated_after_its_whole_is_the_part_over_the_whole(glossary):
    prose = prose_chunk(
        "Acme Works' overseas plants drive its gadget trade. In 2022 the gadget trade was US$4 billion, "
        "of which US$3 billion was exported."
    )
    answer = ask(
        "Of the gadget trade driven by Acme Works' overseas plants in 2022, what fraction were exports?",
        [prose],
        glossary,
    )
    assert not answer.refused and answer.value == 75.0 and answer.formula.startswith("3 / 4")
    assert answer.citations[0].value_text == "US$3 billion; US$4 billion"


def test_a_share_by_count_takes_its_whole_from_the_sentence_before_a_part_word(glossary):
    prose = prose_chunk(
        "In 2022 Ruritania's firms signed 40 gadget projects worth US$2 billion. Among them, solar gadget projects 30."
    )
    answer = ask("What proportion of Ruritania's 2022 gadget projects were solar gadget projects?", [prose], glossary)
    assert not answer.refused and answer.value == 75.0 and answer.formula.startswith("30 / 40")


def test_a_part_the_question_does_not_name_gives_no_share(glossary):
    prose = prose_chunk("In 2022 Ruritania's firms signed 40 gadget projects. Among them, solar projects 30.")
    answer = ask("What proportion of Ruritania's 2022 gadget projects were wind farms?", [prose], glossary)
    assert answer.value != 75.0


def test_which_of_named_items_is_largest_is_a_comparison_but_a_place_in_a_top_list_is_not(glossary):
    from rag.read.question import analyse_question

    compared = analyse_question(
        "Of Atlantis, Lemuria and Mu, which recorded the largest gadget flow in 2022?", glossary
    )
    assert compared.operation == "compare"
    ranked = analyse_question("Which place did Ruritania take in the 2023 Gadget Index top 20?", glossary)
    assert ranked.operation != "compare"


def test_figures_stated_as_changes_are_no_levels_for_a_ratio(glossary):
    prose = prose_chunk(
        "The adoption led to an increase to prepaid gadget assets of $6.9 million and an increase to accrued gadget "
        "liabilities of $1.4 million."
    )
    answer = ask("What ratio do total gadget assets bear to total gadget liabilities?", [prose], glossary)
    assert answer.value != 4.929


def test_a_whole_less_several_parts_left_out_subtracts_each_part(glossary):
    prose = prose_chunk(
        "In 2022 Ruritania's gadget investment in Europe reached US$9.6 billion. Of this amount, US$5.1 billion "
        "went to Germany. And US$2.4 billion went to the five Nordic countries."
    )
    question = "Leaving out Germany and the five Nordic countries, how much did Ruritania invest in the rest of Europe?"
    answer = ask(question, [prose], glossary)
    assert not answer.refused and answer.value == 2.1 and "9.6 − 5.1 − 2.4 = USD 2.1 billion" in answer.formula
    # one part named after a deduction word, in Chinese: the whole less that part
    zh = ask("2022年Ruritania对欧洲的投资中，扣除流向德国的部分，还剩多少？", [prose], glossary)
    assert not zh.refused and zh.value == 4.5 and "9.6 − 5.1 = 4.5" in zh.formula
    # a part not stated: no difference, never the whole or the other part
    unstated = prose_chunk("In 2022 Ruritania's gadget investment in Europe reached US$9.6 billion.")
    assert ask(question, [unstated], glossary).value not in (9.6, 2.1, 4.5)


def test_one_excluded_part_without_a_remainder_word_is_no_subtraction(glossary):
    def parts(text: str) -> list[str]:
        return left_out_parts(analyse_question(text, glossary))

    assert parts("Excluding Germany, how much did Ruritania invest in Europe?") == []
    assert parts("Excluding Germany, how much did Ruritania invest in the rest of Europe?") == ["Germany"]
    assert parts("Excluding Germany and France, how much did Ruritania invest in Europe?") == ["Germany", "France"]


def test_the_rest_of_a_class_is_never_answered_with_the_class_whole(glossary):
    prose = prose_chunk("In 2023, 88 Ruritanian firms put US$7.3 billion of gadget investment into the EU region.")
    for question in (
        "How much Ruritanian gadget investment in 2023 went to the other EU members?",
        "2023年Ruritania的小器件投资有多少投向了其余欧盟国家？",
    ):
        assert asks_class_rest(analyse_question(question, glossary), glossary)
        assert ask(question, [prose], glossary).value != 7.3
    # the whole itself, and a group whose own name holds the rest word, are asked as they are
    whole = "How much gadget investment did Ruritania put into the EU region in 2023?"
    assert not asks_class_rest(analyse_question(whole, glossary), glossary)
    assert ask(whole, [prose], glossary).value == 7.3
    assert not asks_class_rest(analyse_question("2023年其他发达经济体的小器件投资是多少？", glossary), glossary)


def test_in_total_over_two_sides_one_sentence_counts_adds_their_figures_but_one_side_reads_its_own(glossary):
    prose = prose_chunk(
        "Ruritania adopted 7 new rules for steadying gizmo trade, 4 rules for boosting widget exports, and a plan."
    )
    question = "How many rules in total did Ruritania adopt for steadying gizmo trade and boosting widget exports?"
    answer = ask(question, [prose], glossary)
    assert not answer.refused and answer.value == 11.0 and answer.formula.startswith("7 + 4")
    single = ask("How many rules in total did Ruritania adopt for boosting widget exports?", [prose], glossary)
    assert single.value == 4.0 and not single.formula  # one side: the figure stated, nothing added
