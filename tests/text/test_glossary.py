"""Glossary lookups, query expansion, file validation and coverage of the seed tables' Chinese labels."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rag.settings import PROJECT_ROOT
from rag.text.glossary import Glossary, Term, generic_order, normalise

SEED = PROJECT_ROOT / "seeds" / "000_f2b7a4193a625dc4.txt"
CJK = re.compile(r"[\u3400-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return Glossary.load()


def seed_table_labels(path: Path) -> list[str]:
    """Distinct CJK cells of the tab-separated table lines (table-of-contents lines carry Latin text)."""
    labels: dict[str, None] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if "\t" in line and not LATIN.search(line):
            labels.update((cell.strip(), None) for cell in line.split("\t") if CJK.search(cell))
    return list(labels)


@pytest.mark.parametrize(
    ("label", "english"),
    [
        ("制造业", "manufacturing"),
        ("租赁和商务服务业", "leasing and business services"),
        ("英属维尔京群岛", "British Virgin Islands"),
        ("中国香港", "Hong Kong, China"),
        ("宁波舟山港", "Port of Ningbo-Zhoushan"),
        ("废水(物)处理项目", "wastewater (waste) treatment projects"),
        ("当期收益再投资", "reinvested earnings"),
    ],
)
def test_exact_lookup(glossary: Glossary, label: str, english: str) -> None:
    assert glossary.gloss(label) == english


@pytest.mark.parametrize(
    ("label", "english"),
    [
        ("  制造业 ", "manufacturing"),
        ("- 欧洲", "Europe"),
        ("-其他发达经济体", "other developed economies"),
        ("其中：半导体", "semiconductors"),
        ("其中: 半导体", "semiconductors"),
        ("国别（地区）", "country (region)"),
        ("国别(地区)", "country (region)"),
        ("废水（物）处理项目", "wastewater (waste) treatment projects"),
        ("电力/热力/燃气及水的生产和供应业", "production and supply of electricity, heat, gas and water"),
    ],
)
def test_normalised_lookup(glossary: Glossary, label: str, english: str) -> None:
    assert glossary.gloss(label) == english


def test_normalise() -> None:
    assert normalise(" - 其中：半导体 ") == "半导体"
    assert normalise("国家 （地区）") == "国家(地区)"


@pytest.mark.parametrize(
    ("label", "english"),
    [("2006年", "2006"), ("2023 年", "2023"), ("2023 年位次", "2023 rank"), ("2022年流量", "2022 flow")],
)
def test_year_labels(glossary: Glossary, label: str, english: str) -> None:
    assert glossary.gloss(label) == english


def test_year_with_unknown_rest_has_no_gloss(glossary: Glossary) -> None:
    assert glossary.gloss("2023年专精特新") is None


@pytest.mark.parametrize(
    ("label", "english"),
    [
        ("制造业 / 金融业", "manufacturing / finance"),
        ("制造业、金融业", "manufacturing, finance"),
        ("制造业和金融业", "manufacturing and finance"),
        ("区域 / 经济体", "region / economy"),
    ],
)
def test_compound_labels(glossary: Glossary, label: str, english: str) -> None:
    assert glossary.gloss(label) == english


def test_compound_needs_every_part(glossary: Glossary) -> None:
    assert glossary.gloss("制造业 / 专精特新") is None


def test_annotate(glossary: Glossary) -> None:
    assert glossary.annotate("制造业") == "制造业 (manufacturing)"
    assert glossary.annotate("- 欧洲") == "- 欧洲 (Europe)"


def test_label_without_gloss_stays_chinese(glossary: Glossary) -> None:
    assert glossary.gloss("专精特新") is None
    assert glossary.annotate("专精特新") == "专精特新"
    assert glossary.annotate("Manufacturing") == "Manufacturing"
    assert glossary.annotate("1631.2") == "1631.2"


def test_expand_query(glossary: Glossary) -> None:
    expanded = glossary.expand_query("中国制造业2022年对外直接投资的流量")
    assert expanded.startswith("中国制造业2022年对外直接投资的流量 ")
    for english in ("China", "outward direct investment", "manufacturing", "flow"):
        assert english in expanded


def test_expand_query_prefers_longest_match(glossary: Glossary) -> None:
    expanded = glossary.expand_query("中国香港的流量占比")
    assert expanded == "中国香港的流量占比 Hong Kong, China share of flows"


def test_expand_query_deduplicates_and_skips_single_characters(glossary: Glossary) -> None:
    assert glossary.expand_query("制造业和制造业") == "制造业和制造业 manufacturing"
    assert glossary.expand_query("柏林的农村") == "柏林的农村"


def test_expand_query_unchanged_without_match(glossary: Glossary) -> None:
    assert glossary.expand_query("What was the manufacturing flow?") == "What was the manufacturing flow?"
    assert glossary.expand_query("专精特新企业") == "专精特新企业"


def test_packaged_file_is_valid(glossary: Glossary) -> None:
    categories = {term.category for term in glossary.terms}
    assert categories == {"industry", "product", "region", "country", "column", "other"}
    assert len(glossary) > 500


@pytest.mark.parametrize(
    ("body", "line_no"),
    [
        ("zh\ten\tcategory\n制造业\tmanufacturing\tindustry\n金融业\tfinance\n", 3),
        ("# comment\nzh\ten\tcategory\n\n制造业\tmanufacturing\tsector\n", 4),
        ("zh\ten\tcategory\n制造业\tmanufacturing\tindustry\n制造业\tmaking\tindustry\n", 3),
        ("zh\ten\n", 1),
    ],
)
def test_malformed_file_raises_with_line_number(tmp_path: Path, body: str, line_no: int) -> None:
    path = tmp_path / "bad.tsv"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ValueError, match=rf"bad\.tsv:{line_no}:"):
        Glossary.load(path)


def test_custom_file_loads(tmp_path: Path) -> None:
    path = tmp_path / "small.tsv"
    path.write_text("# test\nzh\ten\tcategory\n制造业\tmanufacturing\tindustry\n", encoding="utf-8")
    glossary = Glossary.load(path)
    assert len(glossary) == 1
    assert glossary.annotate("制造业") == "制造业 (manufacturing)"


def test_coverage_counts() -> None:
    glossary = Glossary.load()
    assert glossary.coverage(["制造业", "专精特新", "2023 年"]) == (2, 3, ["专精特新"])


def test_seed_table_label_coverage(glossary: Glossary) -> None:
    labels = seed_table_labels(SEED)
    glossed, total, missing = glossary.coverage(labels)
    print(f"glossary coverage of seed table labels: {glossed}/{total} = {glossed / total:.1%}; missing: {missing}")
    assert total > 150
    assert glossed / total >= 0.95, missing


def test_a_place_named_with_a_generic_noun_is_named_in_either_word_order():
    """`Port of Zembla` and `Zembla Port` name one harbour; a name without a generic noun has no other order."""
    glossary = Glossary((Term("甲港", "Port of Zembla", "region"), Term("乙省", "Freedonia Province", "region")))
    assert glossary.labels_named("Zembla Port") == ("甲港",)
    assert glossary.labels_named("Province of Freedonia") == ("乙省",)
    assert generic_order("Republic of Zembla") is None and generic_order("Zembla") is None
