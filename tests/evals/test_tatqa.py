"""The TAT-QA harness: Answer → prediction mapping, scoring runs, reports, the subset and its errors (made-up data)."""

import csv
import json

import pytest

from evals import tatqa
from evals.tatqa import Prediction, TatqaQuestion, prediction
from rag.types import Answer


def test_a_refusal_or_no_answer_predicts_nothing():
    assert prediction(Answer("q", "The reports do not say.", refused=True)) == Prediction(())
    assert prediction(None) == Prediction(())


def test_a_table_cell_is_given_in_the_tables_printed_scale():
    cell = Answer(
        "q", "USD 1.5686 billion [1]", value=1.5686, unit="USD billion", source_value=1568.6, source_unit="USD million"
    )
    assert prediction(cell) == Prediction(("1568.6",), "million")
    thousands = Answer("q", "t", value=65.646, unit="USD million", source_value=65646.0, source_unit="USD thousand")
    assert prediction(thousands) == Prediction(("65646",), "thousand")


def test_a_scale_tatqa_has_no_word_for_is_converted_to_the_next_lower_one():
    answer = Answer("q", "t", value=27.15, unit="USD billion", source_value=271.5, source_unit="USD 100 million")
    assert prediction(answer) == Prediction(("27150",), "million")


def test_percentages_and_plain_numbers():
    assert prediction(Answer("q", "17.7% [1]", value=17.7, unit="%", source_value=17.7, source_unit="%")) == Prediction(
        ("17.7",), "percent"
    )
    assert prediction(Answer("q", "3 [1]", value=3.0, unit="count")) == Prediction(("3",), "")
    assert prediction(Answer("q", "t", value=-19.4, unit="")) == Prediction(("-19.4",), "")


def test_a_figure_printed_with_its_scale_is_a_span_without_scale():
    # The prose reader keeps the figure as printed in source_unit; TAT-QA gold gives such spans no scale.
    prose = Answer("q", "USD 500,000 ...", value=500000.0, unit="USD", source_value=0.5, source_unit="$0.5 million")
    assert prediction(prose) == Prediction(("$0.5 million",), "")
    percent = Answer("q", "27%, as the report states ...", value=27.0, unit="%", source_value=27.0, source_unit="27%")
    assert prediction(percent) == Prediction(("27%",), "")


def test_spans_the_reader_marked_win_over_value_and_text():
    plain = Answer("q", "t", value=1568.6, unit="USD million", source_value=1568.6, source_unit="USD million",
                   spans=("1,568.6", "690.5"))  # fmt: skip
    assert prediction(plain) == Prediction(("1,568.6", "690.5"), "million")
    own_scale = Answer("q", "t", value=13.0, unit="%", spans=("13.0%",))
    assert prediction(own_scale) == Prediction(("13.0%",), "")
    words = Answer("q", "It used the modified retrospective method [1].", spans=("the modified retrospective method",))
    assert prediction(words) == Prediction(("the modified retrospective method",), "")


def test_listed_cells_keep_the_scale_of_their_table_without_a_value():
    # a list of cells (no single value) as printed, in the unit the table states for them
    listed = Answer("q", "t", unit="USD thousand", source_unit="USD thousand", spans=("$(2,040)", "1,311"))
    assert prediction(listed) == Prediction(("$(2,040)", "1,311"), "thousand")
    # row labels are names: no scale, whatever the unit of the cells they were chosen by
    names = Answer("q", "t", value=5.0, unit="USD million", source_unit="USD million", spans=("Widgets", "Gadgets"))
    assert prediction(names) == Prediction(("Widgets", "Gadgets"), "")
    # no unit stated: no scale
    assert prediction(Answer("q", "t", spans=("12", "14"))) == Prediction(("12", "14"), "")


def test_a_text_answer_without_spans_predicts_its_text_without_citation_markers():
    answer = Answer("q", "It used the modified retrospective method [1][2].")
    assert prediction(answer) == Prediction(("It used the modified retrospective method.",), "")


def _question(id_, answer_type, answer_from, gold, scale="", document="d1.txt"):
    return TatqaQuestion(id_, f"question {id_}", document, answer_type, answer_from, scale, gold)


QUESTIONS = [
    _question("a", "span", "text", ["the straight-line method"]),
    _question("b", "arithmetic", "table", 17.7, "percent"),
    _question("c", "multi-span", "table-text", ["12", "13"], "million", "d2.txt"),
    _question("d", "count", "table", 2, document="d2.txt"),
]


def _ask(item):
    if item.id == "a":
        return Answer(item.question, "By the straight-line method [1].", spans=("straight-line method",))
    if item.id == "b":
        return Answer(item.question, "17.7% [1]", value=17.696, unit="%")
    if item.id == "c":
        return Answer(item.question, "t", value=12.0, unit="USD million", spans=("12",))
    raise RuntimeError("reader failed")


def test_evaluate_scores_each_question_and_records_errors():
    records = tatqa.evaluate(_ask, QUESTIONS, log=lambda _: None)
    by_id = {record.id: record for record in records}
    assert (by_id["a"].em, by_id["b"].em) == (1.0, 1.0)
    assert (by_id["c"].em, by_id["c"].f1, by_id["c"].pred_scale) == (0.0, 0.67, "million")
    assert by_id["d"].error == "RuntimeError: reader failed" and by_id["d"].f1 == 0.0
    figures = tatqa.figures(records)
    assert figures["overall"] == {"n": 4, "em": 50.0, "f1": 66.75, "em_any_scale": 50.0, "refused": 0, "errors": 1}
    assert figures["by_type"]["multi-span"]["f1"] == 67.0
    assert figures["by_source"]["table"]["n"] == 2
    assert figures["by_type"]["count"]["em"] == 0.0


def test_reports_are_written_as_json_markdown_and_png(tmp_path):
    records = tatqa.evaluate(_ask, QUESTIONS, log=lambda _: None)
    report = tatqa.build_report(records, documents=2, mode="grounded", seconds=1.0)
    tatqa.write_reports(report, tmp_path)
    saved = json.loads((tmp_path / "tatqa.json").read_text())
    assert saved["figures"]["overall"]["em"] == 50.0
    assert {"prediction", "gold", "gold_scale", "pred_scale", "em", "f1"} <= set(saved["records"][0])
    markdown = (tmp_path / "tatqa.md").read_text()
    assert "| multi-span | 1 | 0.0 | 67.0 | 0.0 | 0 |" in markdown
    assert "gold: 12 | 13 (million); predicted: 12 (million)" in markdown
    assert (tmp_path / "tatqa.png").read_bytes()[:4] == b"\x89PNG"


def _write_data(folder, rows, documents):
    (folder / "docs").mkdir(parents=True)
    for name in documents:
        (folder / "docs" / name).write_text(f"Excerpt {name}\n\nSome text.\n")
    with (folder / "questions.csv").open("w", newline="") as handle:
        writer = csv.DictWriter(handle, ["id", "question", "document", "answer_type", "answer_from", "scale", "gold"])
        writer.writeheader()
        writer.writerows(rows)


def test_the_subset_is_the_first_documents_by_name_and_is_mirrored_exactly(tmp_path):
    rows = [
        {"id": str(i), "question": "q", "document": name, "answer_type": "span", "answer_from": "text", "scale": "",
         "gold": json.dumps(["x"])}
        for i, name in enumerate(["c.txt", "a.txt", "b.txt", "a.txt"])
    ]  # fmt: skip
    _write_data(tmp_path / "data", rows, ["a.txt", "b.txt", "c.txt"])
    questions = tatqa.load_questions(tmp_path / "data")
    assert tatqa.first_documents(questions, 2) == ("a.txt", "b.txt")
    assert tatqa.first_documents(questions, None) == ("a.txt", "b.txt", "c.txt")
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    (mirror / "old.txt").write_text("left from another subset")
    tatqa.mirror_documents(tmp_path / "data" / "docs", ("a.txt", "b.txt"), mirror)
    assert sorted(path.name for path in mirror.iterdir()) == ["a.txt", "b.txt"]


def test_bad_data_is_one_line_and_exit_code_2(tmp_path, capsys):
    assert tatqa.main(["--data", str(tmp_path / "missing")]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "questions.csv not found" in error
    rows = [{"id": "1", "question": "q", "document": "a.txt", "answer_type": "span", "answer_from": "text",
             "scale": "dozens", "gold": "[]"}]  # fmt: skip
    _write_data(tmp_path / "data", rows, ["a.txt"])
    with pytest.raises(ValueError, match="unknown scale 'dozens'"):
        tatqa.load_questions(tmp_path / "data")
    assert tatqa.main(["--documents", "0"]) == 2


def test_a_score_below_a_floor_is_exit_code_1(monkeypatch, capsys):
    report = {"figures": {"overall": {"em": 6.1, "f1": 7.5}}}
    monkeypatch.setattr(tatqa, "run", lambda args, log: report)
    assert tatqa.main(["--documents", "30", "--min-em", "5.0", "--min-f1", "6.5"]) == 0
    assert tatqa.main(["--documents", "30", "--min-em", "6.5", "--min-f1", "6.5"]) == 1
    assert "EM 6.1 is below the floor 6.5" in capsys.readouterr().err
