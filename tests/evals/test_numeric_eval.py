"""The answer evaluation (`evals.numeric`), driven by fake answer functions over a small dev set."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from evals.numeric import (
    Gold,
    load_dev_set,
    number_matches,
    phrase_in,
    run_numeric_eval,
    text_numbers,
    unit_scale,
)
from rag.types import Answer, Citation

DOC = "000_report.txt"
# Source passages as the index renders them (a table row with its headers, or a prose sentence), by line.
SOURCE = {
    449: "制造业 (manufacturing) — 流量: 271.5; 同比: 1.0; 比重: 16.6",
    227: "欧洲 (Europe) — 2019 年: 6182.3; 2020 年: -384.6; 2021 年: 5732.2",
    214: "In 2022, global FDI outflows were US $1.49 trillion, down 13.8% from a year earlier.",
    282: "服务业 (services) — 金额 2021: 406; 金额 2022: 679; 增长率: 67",
    605: "1 — 瑞士 (Switzerland)",
    1449: "青岛港 (Qingdao) — 全球排名: 5; 吞吐量: 2875; 年增长: 12.00",
}
RECORDS = [
    ("q001", "What was the 2022 outward FDI flow of China's manufacturing industry?", "en", "table", True, [449],
     {"value": 271.5, "unit": "USD 100 million", "scale_note": "= USD 27.15 billion"}),
    ("q002", "What was Europe's outward FDI in 2020?", "en", "table", True, [227],
     {"value": -384.6, "unit": "USD 100 million"}),
    ("q003", "2022年全球对外直接投资变动了多少？", "zh", "prose_number", True, [214], {"value": -13.8, "unit": "%"}),
    ("q004", "What did worldwide FDI outflows amount to in 2022?", "en", "prose_number", False, [214],
     {"value": 1.49, "unit": "USD trillion"}),
    ("q005", "How much did services greenfield investment grow between 2021 and 2022?", "en", "derived", True,
     [282, 282], {"value": 273, "unit": "USD billion"}),
    ("q006", "Which economy topped the 2023 Global Innovation Index?", "en", "table", True, [605],
     {"phrase": "Switzerland"}),
    ("q007", "青岛港按集装箱吞吐量在全球排第几？", "zh", "table", False, [1449], {"value": 5, "unit": "rank"}),
    ("q008", "In 2022, what was the OFDI flow from China to Antarctica?", "en", "unanswerable", False, [],
     {"unanswerable": True}),
    ("q009", "深圳2021年吸引外资的流量有多少？", "zh", "unanswerable", False, [], {"unanswerable": True}),
]  # fmt: skip
FORMULAS = {"q005": "679 − 406 = 273 USD billion"}
N = len(RECORDS)
N_VALUE = 6
N_UNANSWERABLE = 2


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    path = tmp_path / "dev.jsonl"
    lines = []
    for qid, question, lang, kind, cross, evidence_lines, answer in RECORDS:
        evidence = [{"doc": DOC, "line": line, "quote": SOURCE[line][:20]} for line in evidence_lines]
        record = {
            "id": qid,
            "question": question,
            "lang": lang,
            "kind": kind,
            "cross_lingual": cross,
            "evidence": evidence,
            "answer": answer,
            "note": "",
        }
        lines.append(json.dumps(record, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def questions(dataset: Path):
    return {q.question: q for q in load_dev_set(dataset)}


def _citations(item) -> tuple[Citation, ...]:
    lines = list(dict.fromkeys(e["line"] for e in item.evidence))
    return tuple(Citation(n, DOC, f"line {line}", SOURCE[line], line, line) for n, line in enumerate(lines, 1))


def oracle(questions, describe: Callable | None = None) -> Callable[[str], Answer]:
    """Answers every question with its gold answer, citing the evidence passages.

    `describe(item)` may return (text, value, unit) to state the answer differently.
    """

    def answer(question: str) -> Answer:
        item = questions[question]
        gold = item.gold
        if gold.unanswerable:
            return Answer(question, "The reports do not give this figure.", refused=True)
        citations = _citations(item)
        if gold.value is None:
            return Answer(question, f"Answer: {gold.phrase} [1]", citations)
        text, value, unit = describe(item) if describe else _plain_answer(item)
        return Answer(question, text, citations, value=value, unit=unit, formula=FORMULAS.get(item.id, ""))

    return answer


def _plain_answer(item) -> tuple[str, float, str]:
    """The gold value as a report states it: a negative percentage as a fall (`down 13.8%`), the rest as printed."""
    gold = item.gold
    if gold.value < 0 and gold.unit == "%":
        return f"Answer: down {-gold.value:g}% [1]", gold.value, gold.unit
    return f"Answer: {gold.value:g} [1]", gold.value, gold.unit


def _run(dataset: Path, tmp_path: Path, answer_fn, **kwargs) -> dict:
    lines: list[str] = []
    report = run_numeric_eval(answer_fn, dataset, tmp_path / "out", printer=lines.append, **kwargs)
    assert lines and lines[0].startswith("group")
    return report


# --- whole runs -------------------------------------------------------------------------------------------------


def test_gold_answers_with_citations_score_everything_right(dataset, questions, tmp_path):
    report = _run(dataset, tmp_path, oracle(questions))
    overall = report["overall"]
    assert overall["n"] == N
    for key in ("accuracy", "numeric_accuracy", "value_accuracy", "text_accuracy", "phrase_accuracy"):
        assert overall[key] == 1.0, key
    assert overall["citation_precision"] == 1.0
    assert overall["all_cited"] == 1.0
    assert overall["refusal_precision"] == overall["refusal_recall"] == overall["refusal_accuracy"] == 1.0
    assert overall["errors"] == 0
    assert report["failures"] == []
    assert report["uncited"] == []


def test_writes_json_markdown_and_a_png(dataset, questions, tmp_path):
    report = _run(dataset, tmp_path, oracle(questions), label="llm")
    out = tmp_path / "out"
    saved = json.loads((out / "numeric.json").read_text(encoding="utf-8"))
    assert saved["overall"] == report["overall"]
    assert saved["label"] == "llm"
    assert len(saved["results"]) == N
    markdown = (out / "numeric.md").read_text(encoding="utf-8")
    assert markdown.startswith("# Answer evaluation (llm)")
    assert "| kind=derived |" in markdown and "| lang=zh |" in markdown
    assert (out / "numeric.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_groups_by_kind_language_and_cross_lingual(dataset, questions, tmp_path):
    groups = _run(dataset, tmp_path, oracle(questions))["groups"]
    assert list(groups)[0] == "overall"
    assert groups["kind=table"]["n"] == 4
    assert groups["kind=unanswerable"]["n"] == N_UNANSWERABLE
    assert groups["lang=zh"]["n"] == 3
    assert groups["cross_lingual"]["n"] == 5
    assert groups["monolingual"]["n"] == 4
    assert groups["kind=prose_number"]["phrase_accuracy"] is None  # nothing to measure there


def test_gold_restated_in_another_scale_is_still_right(dataset, questions, tmp_path):
    def other_scale(item):
        gold = item.gold
        scale = unit_scale(gold.unit)
        if scale == 1e8:  # USD 100 million -> USD billion: value / 10
            value = gold.value / 10
            return f"Answer: USD {value:g} billion [1]", value, "USD billion"
        if scale == 1e9:  # USD billion -> 亿美元: value × 10
            value = gold.value * 10
            return f"答案：{value:g}亿美元 [1]", value, "亿美元"
        if scale == 1e12:
            value = gold.value * 1000
            return f"Answer: USD {value:g} billion [1]", value, "USD billion"
        return f"Answer: {gold.value:g} [1]", gold.value, gold.unit

    overall = _run(dataset, tmp_path, oracle(questions, other_scale))["overall"]
    assert overall["value_accuracy"] == overall["text_accuracy"] == overall["accuracy"] == 1.0


def test_a_unit_ten_times_off_is_wrong(dataset, questions, tmp_path):
    def wrong_unit(item):  # the number of the next scale with the original unit: 27.15 "USD 100 million"
        gold = item.gold
        if unit_scale(gold.unit) == 1e8:
            return f"Answer: {gold.value / 10:g}亿美元 [1]", gold.value / 10, gold.unit
        return f"Answer: {gold.value:g} [1]", gold.value, gold.unit

    report = _run(dataset, tmp_path, oracle(questions, wrong_unit))
    wrong = {f["id"] for f in report["failures"]}
    assert wrong == {"q001", "q002"}
    assert report["overall"]["value_accuracy"] == pytest.approx((N_VALUE - 2) / N_VALUE)


def test_refusing_everything(dataset, tmp_path):
    overall = _run(dataset, tmp_path, lambda q: Answer(q, "I cannot answer this from the reports.", refused=True))[
        "overall"
    ]
    assert overall["refusal_recall"] == 1.0
    assert overall["refusal_precision"] == pytest.approx(N_UNANSWERABLE / N)
    assert overall["refusal_accuracy"] == pytest.approx(N_UNANSWERABLE / N)
    assert overall["value_accuracy"] == overall["text_accuracy"] == overall["numeric_accuracy"] == 0.0
    assert overall["phrase_accuracy"] == 0.0
    assert overall["accuracy"] == pytest.approx(N_UNANSWERABLE / N)
    assert overall["citation_precision"] is None  # no answer states a number


def test_answering_the_unanswerable_costs_refusal_recall(dataset, questions, tmp_path):
    answer = oracle(questions)

    def never_refuse(question):
        result = answer(question)
        return Answer(question, "About USD 5 billion.") if result.refused else result

    overall = _run(dataset, tmp_path, never_refuse)["overall"]
    assert overall["refusal_recall"] == 0.0
    assert overall["refusal_precision"] is None
    assert overall["accuracy"] == pytest.approx((N - N_UNANSWERABLE) / N)
    assert overall["all_cited"] < 1.0  # "USD 5 billion" cites nothing


def test_a_number_absent_from_the_citations_lowers_citation_precision(dataset, questions, tmp_path):
    def with_extra(item):
        gold = item.gold
        if item.id != "q001":
            return _plain_answer(item)
        return f"Answer: {gold.value:g}, up 99.9% [1]", gold.value, gold.unit

    report = _run(dataset, tmp_path, oracle(questions, with_extra))
    overall = report["overall"]
    assert overall["citation_precision"] < 1.0
    assert overall["all_cited"] == pytest.approx(
        (overall["answers_with_numbers"] - 1) / overall["answers_with_numbers"]
    )
    assert overall["numbers_stated"] - overall["numbers_cited"] == 1
    assert [entry["id"] for entry in report["uncited"]] == ["q001"]
    assert report["uncited"][0]["numbers"] == ["99.9%"]
    assert overall["accuracy"] == 1.0  # the answer is still right; its citation is not


def test_a_derived_result_is_cited_through_its_formula(dataset, questions, tmp_path):
    report = _run(dataset, tmp_path, oracle(questions))
    result = next(r for r in report["results"] if r["id"] == "q005")
    assert result["stated"] == result["cited"] == 1


def test_an_exception_is_an_error_and_the_run_goes_on(dataset, questions, tmp_path):
    answer = oracle(questions)
    asked = []

    def flaky(question):
        asked.append(question)
        if questions[question].id == "q002":
            raise RuntimeError("model server went away")
        return answer(question)

    report = _run(dataset, tmp_path, flaky)
    assert len(asked) == N
    assert report["overall"]["errors"] == 1
    assert report["overall"]["accuracy"] == pytest.approx((N - 1) / N)
    [failure] = report["failures"]
    assert failure["id"] == "q002"
    assert failure["reason"] == "error: RuntimeError: model server went away"
    assert report["groups"]["kind=table"]["errors"] == 1


def test_failures_list_expected_got_and_cited_locators(dataset, questions, tmp_path):
    def wrong_value(item):
        return "Answer: 281.5 [1]", 281.5, item.gold.unit

    def answer(question):
        item = questions[question]
        return oracle(questions, wrong_value)(question) if item.id == "q001" else oracle(questions)(question)

    report = _run(dataset, tmp_path, answer)
    [failure] = report["failures"]
    assert failure["reason"] == "wrong number"
    assert failure["expected"] == "271.5 USD 100 million (= USD 27.15 billion)"
    assert failure["got"] == "Answer: 281.5 [1]"
    assert failure["citations"] == [f"[1] {DOC}, line 449"]
    markdown = (tmp_path / "out" / "numeric.md").read_text(encoding="utf-8")
    assert "### q001 (table, en): wrong number" in markdown and f"- Cited: [1] {DOC}, line 449" in markdown


def test_a_non_answer_return_value_is_an_error(dataset, tmp_path):
    report = _run(dataset, tmp_path, lambda q: "just text")
    assert report["overall"]["errors"] == N
    assert report["failures"][0]["reason"].startswith("error: TypeError")


# --- matching rules ---------------------------------------------------------------------------------------------


def test_sign_must_match_unless_the_fall_is_in_words():
    gold = Gold(-384.6, "USD 100 million")
    assert number_matches(-384.6, None, gold, falls_in_words=False)
    assert not number_matches(384.6, None, gold, falls_in_words=False)
    assert number_matches(384.6, None, gold, falls_in_words=True)
    assert number_matches(-157.0, None, Gold(157.0, "USD 100 million"), falls_in_words=True)


def test_fall_in_words_and_a_minus_after_a_word(dataset, questions, tmp_path):
    def worded(item):
        if item.id == "q003":  # gold -13.8 %, stated as a fall
            return "全球对外直接投资下降13.8% [1]", 13.8, "%"
        if item.id == "q002":  # gold -384.6: a printed minus after a word is a sign
            return "Europe's outward FDI was -384.6 (USD 100 million) [1]", -384.6, "USD 100 million"
        return _plain_answer(item)

    report = _run(dataset, tmp_path, oracle(questions, worded))
    results = {r["id"]: r for r in report["results"]}
    assert results["q003"]["numeric_ok"] and results["q002"]["numeric_ok"]


def test_unsigned_answer_to_a_negative_gold_is_wrong(dataset, questions, tmp_path):
    def unsigned(item):
        return f"Answer: {abs(item.gold.value):g} [1]", abs(item.gold.value), item.gold.unit

    report = _run(dataset, tmp_path, oracle(questions, unsigned))
    wrong = {f["id"] for f in report["failures"]}
    assert wrong == {"q002", "q003"}  # no fall word in question or answer: 384.6 and 13.8 have the wrong sign


def test_percent_rules():
    gold = Gold(13.8, "%")
    assert number_matches(0.138, None, gold, False)  # a fraction
    assert not number_matches(1.38, None, gold, False)  # a factor of 10 is not a percentage
    assert text_numbers("up USD 13.8 billion", gold) == []  # an amount cannot state a percentage
    assert text_numbers("up 13.8%", gold) == [(13.8, None)]


def test_scales_and_ordinals_in_text():
    gold = Gold(2469.0, "USD 100 million")
    assert any(number_matches(v, s, gold, False) for v, s in text_numbers("USD 246.9 billion [2]", gold))
    assert not any(number_matches(v, s, gold, False) for v, s in text_numbers("USD 24.69 billion", gold))
    rank = Gold(15, "rank")
    assert (15.0, None) in text_numbers("Brazil ranked 15th [1]", rank)
    assert (15.0, None) in text_numbers("巴西排名第15位", rank)
    assert text_numbers("In 2022 [1]", Gold(2022, "edition year")) == [(2022.0, None)]


def test_phrase_matches_case_space_and_glossary_translation():
    assert phrase_in("It was  SWITZERLAND.", "Switzerland")
    assert phrase_in("排名第一的是瑞士。", "Switzerland")
    assert not phrase_in("Sweden", "Switzerland")


def test_a_phrase_listing_items_needs_every_item() -> None:
    assert phrase_in("They lead: the Harbour Office, the Tea Board and 瑞典.", "Tea Board; harbour office; Sweden")
    assert not phrase_in("They lead: the Harbour Office and the Tea Board.", "Tea Board; harbour office; Sweden")
