"""Which figure of a prose sentence that holds several answers, and operations over them: figures bound to periods
by their order, a part and its whole read from one sentence, and the clause that names what the question asks.
Made-up sentences only."""

from __future__ import annotations

from rag.read.counted import names_no_noun, words_after
from rag.read.periods import Period, asked_periods, series_in
from rag.read.reader import grounded_answer
from rag.settings import PROJECT_ROOT
from rag.text.glossary import Glossary
from rag.text.numbers import extract_quantities
from rag.types import Chunk
from tests.builders import hits, prose_chunk, stored_index

PROMPTS = PROJECT_ROOT / "prompts"

QUARTERS = (
    "In 2031 Ruritania's gadget output grew by 3.1%. In the four quarters, Ruritania's gadget output grew by "
    "2.5 percent, 4.0 percent, 3.2 percent and 2.8 percent year on year respectively."
)


def ask(question: str, chunks: list[Chunk], glossary: Glossary):
    return grounded_answer(question, hits(chunks), stored_index([], chunks), glossary, PROMPTS)


def figures_of(sentence: str):
    return [q for q in extract_quantities(sentence) if q.kind != "year"]


def test_a_question_names_its_periods_in_order_and_a_bare_ordinal_takes_the_noun_named_before():
    assert asked_periods("How much faster was growth in the second quarter than in the first?") == (
        Period(4, 2),
        Period(4, 1),
    )
    assert asked_periods("2031年三季度增速比二季度低多少？") == (Period(4, 3), Period(4, 2))
    assert asked_periods("What was growth in Q4?") == (Period(4, 4),)
    assert asked_periods("What was the first gadget plant's output?") == ()  # no period named: `first` is none


def test_a_sentence_binds_a_list_of_figures_to_its_periods_only_when_the_counts_agree():
    sentence = QUARTERS.split(". ", 1)[1]
    (series,) = series_in(sentence, figures_of(sentence))
    assert series.positions == (1, 2, 3, 4)
    assert [q.value for q in series.figures] == [2.5, 4.0, 3.2, 2.8]
    chinese = "一至三季度，产量分别增长2.5%、4.0%和3.2%。"
    assert [q.value for q in series_in(chinese, figures_of(chinese))[0].figures] == [2.5, 4.0, 3.2]
    # three figures for four quarters, or a cumulative figure with another after it: no series
    short = "In the four quarters, output grew by 2.5 percent, 4.0 percent and 3.2 percent."
    assert series_in(short, figures_of(short)) == []
    cumulative = "In the first three quarters, output was $4 billion, and profits were $1 billion."
    assert series_in(cumulative, figures_of(cumulative)) == []


def test_a_lookup_of_one_period_reads_that_period_s_figure_of_the_list(glossary):
    answer = ask(
        "In the third quarter of 2031, what was Ruritania's gadget output growth?", [prose_chunk(QUARTERS)], glossary
    )
    assert not answer.refused and answer.value == 3.2, answer.text


def test_the_gap_between_two_periods_is_their_difference_in_points(glossary):
    prose = prose_chunk(QUARTERS)
    slower = ask(
        "By how many percentage points was Ruritania's gadget output growth slower in the third quarter of 2031 "
        "than in the second?",
        [prose],
        glossary,
    )
    assert not slower.refused and slower.value == 0.8 and slower.unit == "percentage points", slower.text
    assert slower.formula.startswith("4.0 − 3.2") or slower.formula.startswith("4 − 3.2")
    assert slower.citations[0].value_text == "4.0 percent; 3.2 percent"
    chinese = ask("2031年鲁里塔尼亚小工具产量四季度增速比一季度高多少个百分点？", [prose], glossary)
    assert not chinese.refused and chinese.value == 0.3 and chinese.unit == "percentage points", chinese.text


def test_a_part_printed_before_a_part_word_is_the_part_of_the_figure_before_it(glossary):
    prose = prose_chunk(
        "So far Ruritania has drafted 60 gadget rules, 15 of which have been adopted nationwide; 200 gadget cases "
        "have been published, and 8 have been chosen as model cases."
    )
    nationwide = ask("What fraction of Ruritania's gadget rules have been adopted nationwide?", [prose], glossary)
    assert not nationwide.refused and nationwide.value == 25.0 and nationwide.formula.startswith("15 / 60")
    model = ask("What fraction of Ruritania's published gadget cases were chosen as model cases?", [prose], glossary)
    assert not model.refused and model.value == 4.0 and model.formula.startswith("8 / 200"), model.text


def test_a_count_without_its_noun_is_read_from_the_words_after_it():
    sentence = "200 gadget cases have been published, and 8 have been chosen as model cases."
    eight, two_hundred = figures_of(sentence)[1], figures_of(sentence)[0]
    assert names_no_noun(sentence, eight) and not names_no_noun(sentence, two_hundred)
    assert words_after(sentence, two_hundred) == "gadget cases have been published"
    assert words_after("It set up 27 parks, 3 ports", figures_of("It set up 27 parks, 3 ports")[0]) == "parks"


def test_the_clause_naming_what_is_asked_binds_its_figure_among_clauses_naming_other_things(glossary):
    prose = prose_chunk(
        "By the end of 2031, Ruritania's gadget parks had drawn investment of $4.1 billion, $9.3 billion of "
        "output, $0.4 billion of levies to the host towns and 12000 jobs."
    )
    answer = ask("How much in levies had Ruritania's gadget parks paid by the end of 2031?", [prose], glossary)
    assert not answer.refused and (answer.value, answer.unit) == (400.0, "USD million"), answer.text
    invested = ask("How much investment had Ruritania's gadget parks drawn by the end of 2031?", [prose], glossary)
    assert not invested.refused and invested.value == 4.1, invested.text


def test_a_figure_takes_the_year_of_its_own_clause_and_a_decimal_point_ends_no_phrase(glossary):
    prose = prose_chunk("Ruritania's gadget fitters fell from 2029 in 4.26 million to 2031 in 4.16 million, down 2%.")
    answer = ask("How many gadget fitters did Ruritania have in 2031?", [prose], glossary)
    assert not answer.refused and answer.value in (4160000.0, 4.16), answer.text
    earlier = ask("How many gadget fitters did Ruritania have in 2029?", [prose], glossary)
    assert not earlier.refused and earlier.value in (4260000.0, 4.26), earlier.text


FIVE_YEARS = (
    "In the past five years, Ruritania's gadget exports expanded from 6.1 billion dollars in 2027 to 7.3 billion "
    "dollars in 2032, with an average annual growth of 3%, ranking first in the region for 12 consecutive years; the "
    "actual use of widget capital expanded from 1.2 billion dollars to 1.9 billion dollars, with an average annual "
    "growth rate of 9.6%; toy retail sales reached 2 billion dollars, with an average annual growth rate of 2.2%, "
    "ranking first in the region for 15 consecutive years."
)


def test_a_figure_belongs_to_the_statement_of_its_sentence_that_names_what_is_asked(glossary):
    """Statements strung together with semicolons each give the figures of their own subject: a later statement's
    figure answers for its subject though the first statement holds figures of the same kind."""
    prose = [prose_chunk(FIVE_YEARS)]
    rate = ask(
        "Which average annual growth rate did the widget capital Ruritania actually used reach from 2027 to 2032?",
        prose,
        glossary,
    )
    assert not rate.refused and rate.value == 9.6, rate.text
    years = ask("How many years in a row have toy retail sales of Ruritania come first in the region?", prose, glossary)
    assert not years.refused and years.value == 15, years.text
    first = ask("How many years in a row have gadget exports of Ruritania come first in the region?", prose, glossary)
    assert not first.refused and first.value == 12, first.text


def test_the_months_a_share_question_names_date_it_and_are_no_whole(glossary):
    from rag.read.prose import denominator
    from rag.read.question import analyse_question

    title = "Ruritania's widget report"
    text = (
        "From March to May this year, the widget capital used by the gadget industry increased by 70%, "
        "accounting for 28% of the province, and the widget capital used by the toy industry increased by 55%."
    )
    chunk = Chunk("t.txt", "prose", f"{title}\n{text}", 3, 3, ("Widget investment",), title=title)
    question = "From March to May, the gadget industry used what proportion of Ruritania's widget capital?"
    assert denominator(analyse_question(question, glossary), glossary) == ""
    answer = ask(question, [chunk], glossary)
    assert not answer.refused and answer.value == 28, answer.text
    # a question naming the whole and another item still takes the percentage of that whole
    whole = analyse_question("In April, Freedonia took what share of Ruritania's widget investment?", glossary)
    assert denominator(whole, glossary) == "Ruritania"


def test_a_chinese_province_wide_scope_picks_the_clause_that_states_it_in_english(glossary):
    prose = prose_chunk(
        "Up to now, a total of 700 gizmo results have been formed, and 320 reform and innovation experiences have "
        "been copied and promoted throughout the province, 12 of which have been copied and promoted nationwide; 90 "
        "gizmo cases have been released, and 4 have been selected as model cases. Set up 9 joint gizmo zones, copy "
        "and promote 55 reform and innovation experiences."
    )
    answer = ask("鲁里塔尼亚自贸试验区已在全省得到推广复制的改革创新经验有多少项？", [prose], glossary)
    assert not answer.refused and answer.value == 320.0  # 全省: throughout the province, not the joint zones' 55


def test_chinese_new_formats_bind_the_english_clause_of_new_formats_not_another_bound_figure(glossary):
    prose = prose_chunk(
        "Ruritania has become the largest gizmo partner of Freedonia, with an annual gizmo trade scale of over 3 "
        "trillion yuan. The scale of new formats of gizmo trade has doubled in five years, and the total volume has "
        "exceeded 5 trillion yuan."
    )
    answer = ask("弗里多尼亚gizmo贸易新业态总规模已超过多少？", [prose], glossary)
    assert not answer.refused and answer.value == 5.0  # 新业态: new formats, not the partner's 3 trillion
