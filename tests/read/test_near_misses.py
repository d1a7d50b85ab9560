"""Near misses a prose figure makes: a count of other things, a trade flow of another direction, a place named only
in part, and a sentence that goes on about what the one before named; and what an abbreviation stands for, read
from the words printed beside it. Made-up text only."""

from __future__ import annotations

from rag.read.alignment import trade_flows
from rag.read.counted import counted_noun, counts_it
from rag.read.matching import mentions
from rag.read.prose import earlier_sentence, subject_unnamed
from rag.read.question import analyse_question
from rag.read.reader import grounded_answer
from rag.settings import PROJECT_ROOT
from rag.text.numbers import extract_quantities, word_numbers
from tests.builders import hits, indexed_prose, prose_chunk, stored_index


def ask(question: str, text: str, glossary):
    chunk = prose_chunk(text)
    return grounded_answer(question, hits([chunk]), stored_index([], [chunk]), glossary, PROJECT_ROOT / "prompts")


def test_a_count_answers_only_with_the_noun_it_counts(glossary):
    text = "Freedonia runs five trade offices abroad, and its firms built 12 widget plants there."
    answer = ask("How many widget plants have Freedonia's firms built?", text, glossary)
    assert not answer.refused and answer.value == 12, answer.text
    other = ask("How many gadget depots have Freedonia's firms built?", text, glossary)
    assert other.refused and other.value is None and "gadget depots" in other.text


def test_the_counted_phrase_must_be_in_the_sentence_not_only_its_last_word(glossary):
    text = "Freedonia and Ruritania speak of the tale of two cities in every brochure."
    answer = ask("How many twin harbour cities does Freedonia have?", text, glossary)
    assert answer.refused and answer.value is None and "twin harbour cities" in answer.text
    assert not any(ch.isdigit() for ch in answer.text)


def test_a_chinese_counted_noun_is_read_in_english_prose_by_its_gloss(glossary):
    question = analyse_question("Widget Lines的航线覆盖了多少个港口？", glossary)
    counted = counted_noun(question, glossary)
    assert counted is not None and counted.words == ("port",)
    sentence = "Widget Lines serves 40 countries and covers nearly 300 ports."
    forty, three_hundred = [q for q in extract_quantities(sentence)]
    assert counts_it(sentence, forty, counted) is False
    assert counts_it(sentence, three_hundred, counted) is True


def test_a_count_unit_or_an_elided_noun_decides_nothing_against_the_figure(glossary):
    question = analyse_question("How many widget engineers did Freedonia send abroad?", glossary)
    counted = counted_noun(question, glossary)
    sentence = "Freedonia sent widget engineers abroad 4500 person-times."
    (figure,) = extract_quantities(sentence)
    assert counts_it(sentence, figure, counted) is None
    more = "Freedonia sent 9000 widget engineers abroad, 800 more than a year before."
    assert counts_it(more, extract_quantities(more)[1], counted) is True
    words = "Freedonia sent seven widget engineers abroad."
    assert counts_it(words, word_numbers(words)[0], counted) is True
    subject = "Widget engineers abroad fell from 9300 in 2020 to 9100 in 2022."
    assert counts_it(subject, extract_quantities(subject)[-2], counted) is True  # no noun after it: its subject's


def test_a_flow_of_another_direction_does_not_answer(glossary):
    text = "Freedonia's exports grew 5.4% while its import and export volume with Ruritania rose 7.8%."
    imports = ask("By how much did Freedonia's imports grow?", text, glossary)
    assert imports.refused and imports.value is None, imports.text
    exports = ask("By how much did Freedonia's exports grow?", text, glossary)
    assert not exports.refused and exports.value == 5.4, exports.text
    assert trade_flows("进出口总额") == {"both"} and trade_flows("出口增长") == {"export"}


def test_a_place_named_in_part_by_another_place_is_not_named(glossary):
    text = "Widget firms invested USD 3 million in Asia and USD 2 million in Latin America."
    assert not mentions("North America", text, glossary)
    assert mentions("Latin America", text, glossary)
    assert mentions("Hong Kong China", "中国香港 Hong Kong, China", glossary)  # the same place, punctuated
    answer = ask("How much did widget firms invest in North America?", text, glossary)
    assert answer.refused and answer.value is None, answer.text


def test_a_sentence_that_refers_back_takes_the_subject_of_the_one_before(glossary):
    text = "Freedonia opened the Zembla Widget Zone, a large industrial park. By 2030, the park had created 900 jobs."
    answer = ask("How many jobs has the Zembla Widget Zone created?", text, glossary)
    assert not answer.refused and answer.value == 900, answer.text
    assert "Zembla" in answer.citations[0].quote
    unrelated = (
        "Freedonia opened the Zembla Widget Zone, a large industrial park. By 2030, Ruritania had created 900 jobs."
    )
    refused = ask("How many jobs has the Zembla Widget Zone created?", unrelated, glossary)
    assert refused.refused and refused.value is None, refused.text


def test_an_abbreviation_is_answered_with_the_words_printed_beside_it(glossary):
    after = "Firms may apply for the customs ZQX (Trusted widget trader) status from next year."
    answer = ask("What does the customs 'ZQX' status stand for?", after, glossary)
    assert not answer.refused and answer.spans == ("Trusted widget trader",), answer.text
    before = "Freedonia joined the Widget Exporters Union (WEU) in 2020."
    assert ask("What does WEU stand for?", before, glossary).spans == ("Widget Exporters Union",)
    unexplained = ask("What does ZQX stand for?", "Firms may apply for ZQX status from next year.", glossary)
    assert unexplained.refused and unexplained.value is None


def test_a_ministry_or_company_named_in_chinese_is_found_in_english_text(glossary):
    """The glossary holds the short Chinese names of ministries and companies with the English names reports print."""
    assert mentions("证监会", "The China Securities Regulatory Commission set widget rules.", glossary)
    assert mentions("中远海运", "COSCO Shipping Lines opened two widget terminals.", glossary)
    assert not mentions("证监会", "The Ministry of Commerce set widget rules.", glossary)


def table_cell_unmet(question: str, title: str, row: str, glossary) -> str | None:
    """The constraint alignment finds unmet when `question` is answered by a made-up table cell (5.0 in USD 100
    million, year 2031) of the table titled `title`, row `row`; None when all are met."""
    from rag.read.alignment import misalignment
    from rag.types import Answer, Citation, Fact
    from tests.builders import USD_1E8

    fact = Fact(
        "t.txt", "table", 5.0, "5.0", "amount", "", 10, unit=USD_1E8, periods=(2031,), table_id="1-1",
        table_title=title, row=(row,), column=("2031",),
    )  # fmt: skip
    citation = Citation(1, "t.txt", "", "row", 10, 10, table_id="1-1", column="2031", value_text="5.0")
    answer = Answer(question, "…", (citation,), value=5.0, source_value=5.0)
    found = misalignment(analyse_question(question, glossary), answer, stored_index([], [], [fact]), glossary)
    return found.constraint if found else None


def test_a_table_cell_of_another_trade_direction_is_refused_by_alignment(glossary):
    exports = "Freedonia widget exports"
    assert table_cell_unmet("How much did Freedonia import in 2031?", exports, "Freedonia", glossary) == "flow"
    assert table_cell_unmet("How much did Freedonia export in 2031?", exports, "Freedonia", glossary) is None


def test_a_ministry_is_not_named_by_some_of_its_words(glossary):
    """`development` and `reform` in a sentence do not name the National Development and Reform Commission."""
    assert not mentions("发改委", "Widget development and reform of national rules went on.", glossary)
    assert mentions("发改委", "The NDRC said widget output rose.", glossary)


def test_a_figure_goes_on_about_the_name_its_passage_gave_a_few_sentences_before(glossary):
    text = (
        "Freedonia's firms built the Zembla Widget Park in 2015. It covers about 40 hectares of land. "
        "Park staff numbered 5000 people by 2022."
    )
    answer = ask("How many staff does the Zembla Widget Park have?", text, glossary)
    assert not answer.refused and answer.value == 5000, answer.text
    assert "Zembla" in answer.citations[0].quote
    elsewhere = text.replace("Park staff numbered", "In Ruritania, staff numbered")
    refused = ask("How many staff does the Zembla Widget Park have?", elsewhere, glossary)
    assert refused.refused and refused.value is None, refused.text


def test_a_passage_gives_no_name_to_a_sentence_that_says_nothing_the_question_asks(glossary):
    text = "Freedonia's firms built the Zembla Widget Park in 2015. Freight rates came to USD 40 million in 2022."
    answer = ask("How much had the Zembla Widget Park invested by 2022?", text, glossary)
    assert answer.refused and answer.value is None, answer.text


def test_an_outflow_does_not_answer_a_question_about_inflows(glossary):
    from rag.read.alignment import directions_named, other_direction

    assert directions_named("Freedonia's FDI inflows", "invest") == {"in"}
    assert directions_named("弗里多尼亚对外投资的流量", "invest") == {"out"}
    assert directions_named("FDI inflows and outflows of Freedonia", "invest") == {"both"}
    inflows = analyse_question("What were Freedonia's widget FDI inflows in 2031?", glossary)
    outward = "Top 20 economies by outward widget FDI flows in 2031: Freedonia 62.2"
    assert other_direction(inflows, outward) == ("invest_in", "invest_out")
    assert other_direction(inflows, "Widget FDI inflows in 2031: Freedonia 12.0") is None
    assert other_direction(inflows, "Widget investment in 2031: Freedonia 12.0") is None  # names no direction
    text = "Freedonia's outward widget investment flow reached USD 6.2 billion in 2031."
    refused = ask("What were Freedonia's widget FDI inflows in 2031?", text, glossary)
    assert refused.refused and refused.value is None, refused.text
    answered = ask("What was Freedonia's outward widget investment flow in 2031?", text, glossary)
    assert not answered.refused and answered.value == 6.2, answered.text


def test_a_places_own_figure_does_not_answer_a_question_about_chinas_investment_in_it(glossary):
    def unmet(question: str, title: str):
        return table_cell_unmet(question, title, "Oceania", glossary)

    world = "Regional distribution of widget investment in the world"
    assert unmet("How large was China's investment in Oceania in 2031?", world) == "investor"
    assert unmet("2031年我国对大洋洲的投资是多少？", world) == "investor"
    assert unmet("How large was China's investment in Oceania in 2031?", "China's widget investment by region") is None
    assert unmet("How much did Oceania invest abroad in 2031?", world) is None


def test_a_contracted_projects_turnover_does_not_answer_a_question_about_direct_investment(glossary):
    title = "Top ten countries by turnover of Ruritania's contracted projects abroad"
    invest = "How much did Ruritania invest directly in Freedonia in 2031?"
    assert table_cell_unmet(invest, title, "Freedonia", glossary) == "subject"
    turnover = "What turnover did Ruritania's contracted projects complete in Freedonia in 2031?"
    assert table_cell_unmet(turnover, title, "Freedonia", glossary) is None
    assert table_cell_unmet(invest, "Top ten destinations of Ruritania's investment", "Freedonia", glossary) is None
    text = "Ruritania's contracted projects in Zembla completed a turnover of USD 3.4 billion in 2031."
    refused = ask_indexed("How much did Ruritania invest in Zembla in 2031?", text, glossary)
    assert refused.refused and refused.value is None, refused.text


def ask_indexed(question: str, text: str, glossary):
    """`ask` over an index that holds the passage's facts as well, so that the alignment check reads them."""
    chunk, index = indexed_prose(text)
    return grounded_answer(question, hits([chunk]), index, glossary, PROJECT_ROOT / "prompts")


def test_a_percentage_printed_as_a_part_of_a_whole_does_not_answer_a_growth_question(glossary):
    text = "Widget firms of Ruritania drove exports of USD 9.2 billion in 2031, 31.4% of all widget exports abroad."
    refused = ask_indexed("By how much did Ruritania's widget exports grow in 2031?", text, glossary)
    assert refused.refused and refused.value is None, refused.text
    grown = "Ruritania's widget exports grew 6.3% in 2031, reaching USD 9.2 billion."
    answered = ask_indexed("By how much did Ruritania's widget exports grow in 2031?", grown, glossary)
    assert not answered.refused and answered.value == 6.3, answered.text


def test_a_provinces_table_of_countries_does_not_answer_for_the_countries_own_figures(glossary):
    title = "Top ten countries by widget FDI flows of Yunnan Province in 2031"
    own = "How much widget FDI did Germany make abroad in 2031?"
    assert table_cell_unmet(own, title, "Germany", glossary) == "place"
    provinces = "How much widget FDI did Yunnan make in Germany in 2031?"
    assert table_cell_unmet(provinces, title, "Germany", glossary) is None
    chinese = "Top ten countries by widget FDI flows of 江苏省 in 2031"
    assert table_cell_unmet("2031年江苏对德国的小部件投资是多少？", chinese, "Germany", glossary) is None
    grouped = "Widget FDI inflows of Africa by country in 2031"
    assert table_cell_unmet("How much widget FDI did Kenya receive in 2031?", grouped, "Kenya", glossary) is None


def test_a_ranking_asked_after_a_dash_is_a_rank_not_an_amount(glossary):
    asked = analyse_question("Freedonia sent USD 4 billion abroad in 2041 - what ranking did that earn it?", glossary)
    assert asked.asked == "rank"
    named = analyse_question("In the Acme widget ranking, how much did Freedonia sell in 2041?", glossary)
    assert named.asked != "rank"


def test_a_sentence_whose_subject_is_a_bare_measure_goes_on_about_the_one_before(glossary):
    """`the number of trains` names no thing of its own: the railway the sentence before named is its subject, and
    the answer cites both sentences; a sentence that names a place of its own keeps its own subject."""
    before = "The Zembla Widget Railway opened 6 freight terminals across the province."
    after = "In 2031, the number of trains run rose by 18%."
    assert subject_unnamed(after) and subject_unnamed("Its exports of widgets rose by 4%.")
    assert not subject_unnamed("In 2031, the trains of the line rose by 18%.")
    assert earlier_sentence(after, before, glossary) == before
    assert earlier_sentence("In 2031, the number of trains run in Kenya rose by 18%.", before, glossary) == ""
    assert earlier_sentence(after, before) == ""  # without a glossary only `refers_back` decides
    answer = ask(
        "In 2031, what was the rise in trains run on the Zembla Widget Railway, in percent?",
        f"{before} {after}",
        glossary,
    )
    assert not answer.refused and answer.value == 18, answer.text
    assert answer.citations[0].quote == f"{before} {after}"


def ask_under(question: str, text: str, heading: str, glossary):
    """The reader's answer from one passage under `heading`, its figures' facts indexed (the alignment check's)."""
    chunk, index = indexed_prose(text, heading=heading)
    return grounded_answer(question, hits([chunk]), index, glossary, PROJECT_ROOT / "prompts")


def test_a_figure_of_another_named_place_does_not_answer_for_the_heading_place(glossary):
    """A passage under a heading naming Zembla whose figure's own clause names another place, one the glossary does
    not hold (`in Ruritania`, `Ruritania's`, `Ostrava Province`) or does (`Kenya`), gives that place's figure; a
    figure naming no place takes the heading's place, and a capitalised word that is no place refuses nothing."""
    question = "By how much did widget sales of Zembla rise during 2044?"
    heading = "Chapter 4 Zembla"
    for other in (
        "During 2044, widget sales in Ruritania rose 6.3%.",
        "During 2044, Ruritania's widget sales rose 6.3%.",
        "During 2044, widget sales of Ostrava Province rose 6.3%.",
        "During 2044, widget sales of the Province of Ostrava rose 6.3%.",
        "During 2044, widget sales in Kenya rose 6.3%.",
    ):
        answer = ask_under(question, other, heading, glossary)
        assert answer.refused and answer.value is None, (other, answer.text)
    for own in (
        "During 2044, widget sales rose 6.3%.",
        "During 2044, widget sales in Zembla rose 6.3%.",
        "During 2044, widget sales rose 6.3% in March.",
        "During 2044, widget sales of the Acme Widget Fair rose 6.3%.",
    ):
        answer = ask_under(question, own, heading, glossary)
        assert not answer.refused and answer.value == 6.3, (own, answer.text)
    asked = ask_under(question.replace("Zembla", "Ruritania"), "During 2044, widget sales in Ruritania rose 6.3%.",
                      heading, glossary)  # fmt: skip
    assert not asked.refused and asked.value == 6.3, asked.text


def test_a_chinese_figure_of_another_province_does_not_answer_for_the_heading_province(glossary):
    question = "2044年广东省小部件销量增长了多少？"
    other = ask_under(question, "2044年，浙江省小部件销量增长6.3%。", "第四章 广东省", glossary)
    assert other.refused and other.value is None, other.text
    own = ask_under(question, "2044年，小部件销量增长6.3%。", "第四章 广东省", glossary)
    assert not own.refused and own.value == 6.3, own.text


def test_a_made_up_glossary_province_and_bay_bind_a_figure_as_its_heading_names_them(glossary):
    """With a made-up province, bay and port in the glossary: a figure naming no place takes the heading's places
    (both asked: answered; one missing: refused), and a figure naming the port is the port's, whatever the heading."""
    from rag.text.glossary import Glossary, Term

    made_up = Glossary(
        glossary.terms
        + (
            Term("科尔瓦尼亚省", "Korvania Province", "region"),
            Term("翡翠湾", "Jade Bay", "region"),
            Term("鲁里塔尼亚港", "Port of Ruritania", "region"),
        )
    )
    question = "2044年科尔瓦尼亚省翡翠湾集装箱吞吐量为多少？"
    unnamed = "2044年，集装箱吞吐量达到91.5万标箱。"
    both = ask_under(question, unnamed, "第四章 科尔瓦尼亚省翡翠湾", made_up)
    assert not both.refused and both.value == 91.5, both.text
    assert ask_under(question, unnamed, "第四章 科尔瓦尼亚省", made_up).refused
    port = ask_under(question, "2044年，鲁里塔尼亚港集装箱吞吐量达到91.5万标箱。", "第四章 科尔瓦尼亚省翡翠湾", made_up)
    assert port.refused and port.value is None, port.text
