"""Operations whose operands stand apart (`rag.read.apart_operands`): one side a table cell, the other a prose
figure of another scale, each found and cited on its own, on a made-up report of Ruritania's gadget investment."""

from __future__ import annotations

from dataclasses import replace

from rag.answer.verify import verify_answer
from rag.read.reader import grounded_answer
from rag.settings import PROJECT_ROOT
from rag.types import Chunk
from tests.builders import USD_1E8, hits, make_table, prose_chunk, row_chunks, stored_index

PROMPTS = PROJECT_ROOT / "prompts"

TABLE = make_table(
    {"非洲": ["61.7"], "大洋洲": ["20.5"], "合计": ["402.6"]},
    columns=(("2022", USD_1E8),),
    title="Ruritania's gadget investment by destination, 2022",
    label_header="地区",
)


def ask(question: str, prose: str, glossary, table=TABLE):
    chunks = [prose_chunk(prose, line=40), *row_chunks(table)]
    index = stored_index([table], chunks)
    answer = grounded_answer(question, hits(chunks), index, glossary, PROMPTS)
    tables = lambda table_id, doc: table if table_id == table.table_id else None  # noqa: E731
    return answer, [p.text for p in verify_answer(answer, tables)]


KENYA_2022 = "In 2022, Ruritania's gadget investment in Kenya reached US$3.12 billion, led by assembly plants."


def test_a_ratio_of_a_prose_figure_to_a_cell_restates_the_prose_figure_in_the_table_scale(glossary):
    answer, problems = ask(
        "In 2022, Ruritania's gadget investment in Kenya was how many times its gadget investment in Oceania?",
        KENYA_2022,
        glossary,
    )
    assert not answer.refused and answer.unit == "times"
    assert answer.value == 1.522  # 31.2 / 20.5, two decimals more than the operands
    assert "31.2 / 20.5" in answer.formula and "US$3.12 billion" in answer.text
    assert [s.op for s in answer.steps] == ["rescale", "ratio"]
    assert problems == []


def test_a_share_of_a_table_total_from_a_prose_part_is_traced(glossary):
    question = "What share of Ruritania's 2022 gadget investment in Africa went to Kenya?"
    answer, problems = ask(question, KENYA_2022, glossary)
    assert not answer.refused and answer.unit == "%"
    assert answer.value == 50.57  # 31.2 / 61.7 × 100
    assert problems == []
    # the part and the whole named as an analyst writes them, not `Kenya / Africa, 2022 gave a share`
    assert answer.text.startswith("Kenya's share of Africa's total in 2022 was 50.57 %"), answer.text


def test_a_chinese_question_is_answered_in_chinese_units(glossary):
    answer, problems = ask("2022年鲁里塔尼亚对非洲的小工具投资中，流向肯尼亚的占多大比例？", KENYA_2022, glossary)
    assert not answer.refused and answer.value == 50.57 and answer.lang == "zh"
    assert "31.2亿美元" in answer.text and "billion" not in answer.text
    assert answer.text.startswith("2022年肯尼亚占非洲的比重为50.57%"), answer.text
    assert problems == []


def test_a_share_of_an_industry_is_not_computed_from_figures_of_all_industries(glossary):
    answer, _ = ask("What share of Ruritania's 2022 mining investment in Africa went to Kenya?", KENYA_2022, glossary)
    assert answer.refused and answer.value is None  # neither side names mining: a near figure, not an operand


def test_a_share_of_an_industry_is_computed_when_both_sides_name_it(glossary):
    prose = KENYA_2022.replace("gadget investment", "mining investment")
    table = replace(TABLE, title="Table 1-1: Ruritania's mining investment by destination, 2022")
    answer, _ = ask("What share of Ruritania's 2022 mining investment in Africa went to Kenya?", prose, glossary, table)
    assert answer.value == 50.57  # 31.2 / 61.7 × 100


def test_a_prose_side_of_another_year_is_refused_not_computed(glossary):
    answer, _ = ask(
        "In 2022, Ruritania's gadget investment in Kenya was how many times its gadget investment in Oceania?",
        KENYA_2022.replace("2022", "2021"),
        glossary,
    )
    assert answer.refused and answer.value is None


def test_the_chain_answers_from_an_ingested_report_and_verifies_every_number(tmp_path, isolated_env):
    """End to end: a made-up report ingested from text (a prose paragraph and a table), the hash-embedded index,
    retrieval, the reader and the verifier: no number left unverified."""
    from rag.answer.chain import AnswerEngine
    from rag.index.build import open_index
    from rag.retrieve.hybrid import HybridRetriever
    from rag.settings import Settings
    from rag.text.glossary import Glossary
    from tests.fakes import HashEmbedder

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "gadgets.txt").write_text(
        "Ruritania Gadget Investment Review 2022\n\nChapter 1 Destinations\n\n"
        f"{KENYA_2022} Most projects were new factories.\n\n"
        "Table 1-1: Ruritania's gadget investment by destination, 2021-2022\nUnit: USD 100 million\n"
        "地区\t2021\t2022\n非洲\t55.0\t61.7\n大洋洲\t18.1\t20.5\n合计\t388.0\t402.6\n"
        "Source: Ruritania gadget office.\n",
        encoding="utf-8",
    )
    settings = Settings(seeds_dir=seeds, index_dir=tmp_path / "index", cache_dir=tmp_path / "cache")
    embedder, glossary = HashEmbedder(), Glossary.load()
    index = open_index(settings, embedder, glossary, log=lambda _m: None)
    engine = AnswerEngine(HybridRetriever(index, embedder, settings, glossary), PROMPTS, None)
    asked = "In {}, Ruritania's gadget investment in Kenya was how many times the gadget investment in Oceania?"
    answer = engine.ask(asked.format(2022))
    assert not answer.refused and answer.value == 1.522
    assert not any("unverified" in note for note in answer.notes)
    refused = engine.ask(asked.format(2021))  # the table has 2021, the prose side does not: no near figure
    assert refused.refused and refused.value is None


AFRICA_2022 = (
    "In 2022, Ruritania's gadget investment in Africa came to US$6.17 billion. Of this amount, US$3.12 billion went "
    "to Kenya, accounting for 50.6% of the investment in Africa."
)


def test_a_share_of_the_total_row_is_computed_when_the_printed_share_is_of_another_whole(glossary):
    """The sentence prints Kenya's share of Africa; asked its share of the whole, the table's total row (its title
    naming Ruritania) is the whole and the share is computed, not the printed one of another whole given."""
    question = "What share of Ruritania's total 2022 gadget investment went to Kenya?"
    answer, problems = ask(question, AFRICA_2022, glossary)
    assert not answer.refused and answer.unit == "%"
    assert answer.value == 7.75  # 31.2 / 402.6 × 100
    assert "402.6" in answer.formula and problems == []


def test_the_total_row_of_another_entitys_table_is_no_whole(glossary):
    """A total row stands for the whole only when its table's title names the whole the question asks of."""
    answer, _ = ask("What share of Freedonia's total 2022 gadget investment went to Kenya?", AFRICA_2022, glossary)
    assert answer.value != 7.75


def test_a_heading_naming_a_continent_beside_the_asked_country_is_no_other_place(glossary):
    """`Africa, a growing market for Chile's investment` is about Chile's figures going to Africa; `Peru's investment
    cooperation` is about Peru's own figures (`rag.read.prose.other_place_heading`)."""
    from rag.read.prose import other_place_heading
    from rag.read.question import analyse_question
    from rag.types import Chunk

    asked = "How many times was Chile's 2022 copper investment in Kenya its investment in Japan?"
    question = analyse_question(asked, glossary)

    def under(*heading: str) -> Chunk:
        return Chunk("t.txt", "prose", "Report\nText.", 3, 3, heading, title="Report")

    assert not other_place_heading(under("Chapter 2", "4. Africa, a market for Chile's investment"), question, glossary)
    assert other_place_heading(under("Chapter 2", "4. Africa's own outward investment"), question, glossary)
    assert other_place_heading(under("Chapter 5 Peru's investment", "2. Africa and Chile"), question, glossary)


# --- a whole's flow to a place: the whole stated in a passage whose heading alone names the investor ---------------


def headed_chunk(text: str, line: int, heading: str) -> Chunk:
    """A one-line prose passage under `Report / <heading> / I. Overview`."""
    path = (heading, "I. Overview")
    return Chunk("r.txt", "prose", f"Report / {' / '.join(path)}\n{text}", line, line, path, title="Report")


RURITANIA = "Chapter 2 Ruritania's gadget investment abroad"
TOTAL_FLOW = "The outward gadget investment flow in 2022 was US$4.0 billion, up 3%."
TO_AFRICA = "In 2022, Ruritania's investors went to 30 countries, of which US$2.5 billion flowed to Africa."


def ask_headed(question: str, passages: list[tuple[str, str]], glossary):
    chunks = [headed_chunk(text, 10 + 5 * n, heading) for n, (text, heading) in enumerate(passages)]
    answer = grounded_answer(question, hits(chunks), stored_index([], chunks), glossary, PROMPTS)
    return answer, [p.text for p in verify_answer(answer, lambda *_: None)]


def test_a_share_of_a_flow_going_to_a_place_takes_the_whole_its_heading_names(glossary):
    question = "What share of Ruritania's 2022 outward gadget investment flow went to Africa?"
    answer, problems = ask_headed(question, [(TOTAL_FLOW, RURITANIA), (TO_AFRICA, RURITANIA)], glossary)
    assert not answer.refused and answer.value == 62.5  # 2.5 / 4.0 × 100
    assert problems == []


def test_a_whole_under_another_place_s_heading_is_no_whole_of_the_investor(glossary):
    question = "What share of Ruritania's 2022 outward gadget investment flow went to Africa?"
    other = "Chapter 3 Zembla's gadget investment abroad"
    answer, _ = ask_headed(question, [(TOTAL_FLOW, other), (TO_AFRICA, RURITANIA)], glossary)
    assert answer.refused and answer.value is None


def test_a_whole_smaller_than_the_part_is_no_whole(glossary):
    question = "What share of Ruritania's 2022 outward gadget investment flow went to Africa?"
    smaller = TOTAL_FLOW.replace("US$4.0 billion", "US$2.0 billion")
    answer, _ = ask_headed(question, [(smaller, RURITANIA), (TO_AFRICA, RURITANIA)], glossary)
    assert answer.refused and answer.value is None


def test_a_place_s_figure_of_another_investor_is_no_part_of_the_investor_s_flow(glossary):
    """The table gives Oceania's row of Ruritania's table, the prose a whole of Zembla's: asked Zembla's share going
    to Oceania, Ruritania's Oceania row is a near figure, and a part larger than its whole is none either."""
    zembla = "In 2022, Zembla's gadget investment came to US$1.5 billion, led by assembly plants."
    answer, _ = ask("What share of Zembla's total 2022 gadget investment went to Oceania?", zembla, glossary)
    assert answer.refused and answer.value is None


LISTED_2031 = (
    "In 2031, the leading destinations of Ruritania's widget investment were Chile, Peru and Kenya, with widget "
    "investment of 4.40 billion US dollars, 1.10 billion US dollars and 800 million US dollars respectively. "
    "Ruritania's widget investment in Latin America reached 6.25 billion US dollars in 2031."
)


def test_a_part_of_a_respectively_list_is_the_figure_its_list_item_pairs(glossary):
    """The part is an item of `A, B and C, with X, Y and Z respectively`: Peru's figure is the second, not the one
    its clause prints first; the whole is the region's own prose figure."""
    chunks = [prose_chunk(LISTED_2031, line=12)]
    index = stored_index([], chunks)
    question = "What share of Ruritania's 2031 widget investment in Latin America went to Peru?"
    answer = grounded_answer(question, hits(chunks), index, glossary, PROMPTS)
    assert not answer.refused and answer.value == 17.6, answer.text  # 1.10 / 6.25 × 100
    assert "1.1 / 6.25" in answer.formula or "1.10 / 6.25" in answer.formula, answer.formula


# --- the part cell's measure and owner: a world table's row is the row's own outflow, a table's flow no stock ------

WORLD_TABLE = make_table(
    {"世界": ["9120.4"], "非洲": ["48.6"], "大洋洲": ["-12.3"]},
    columns=(("2022", USD_1E8),),
    title="Table 1-1: Regional distribution of the world's gadget investment, 2022",
    label_header="区域",
)
ZEMBLA_TOTAL = "In 2022, Zembla's gadget investment abroad came to US$31.15 billion, led by assembly plants."
ZEMBLA_STOCK = "Zembla's gadget investment stock at the close of 2022 came to US$311.5 billion, led by assembly plants."


def test_a_world_table_s_row_is_the_place_s_own_figure_not_the_investor_s_there(glossary):
    """Asked Zembla's share going to Africa, the world table's Africa row is Africa's own outward investment: the
    cell names no Zembla, so it is no part of Zembla's whole (`owned_cell`)."""
    question = "What share of Zembla's 2022 gadget investment abroad was located in Africa?"
    answer, _ = ask(question, ZEMBLA_TOTAL, glossary, WORLD_TABLE)
    assert answer.refused and answer.value is None


def destinations_table(column: str, title: str):
    rows = {"非洲": ["61.7"], "大洋洲": ["20.5"]}
    return make_table(rows, columns=((column, USD_1E8),), title=title, label_header="地区")


STOCK_IN_AFRICA = "What share of Zembla's gadget investment stock at the close of 2022 was placed in Africa?"


def test_a_stock_whole_is_not_divided_into_a_cell_of_a_table_naming_no_stock(glossary):
    """Asked a share of a stock, a cell of a table naming no measure is a year's flow (`measure_fits`)."""
    table = destinations_table("2022", "Gadget investment by destination, 2022")
    answer, _ = ask(STOCK_IN_AFRICA, ZEMBLA_STOCK, glossary, table)
    assert answer.refused and answer.value is None


def test_a_stock_share_is_computed_from_a_stock_column(glossary):
    table = destinations_table("2022年末存量", "Gadget investment stock by destination, 2022")
    answer, problems = ask(STOCK_IN_AFRICA, ZEMBLA_STOCK, glossary, table)
    assert not answer.refused and answer.value == 1.98  # 61.7 / 3115 × 100
    assert problems == []
