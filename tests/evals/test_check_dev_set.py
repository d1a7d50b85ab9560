"""The eval-set checker: the dev set keeps its minimums; `--holdout` keeps every per-record check without them;
`--id-prefix` and `--other` check a further held-out set (g-ids, no question from the earlier sets)."""

import json
from pathlib import Path

from evals.check_dev_set import BIG_DOC, main
from rag.settings import PROJECT_ROOT

ROOT = PROJECT_ROOT


def _record(rid: str, question: str, quote: str = "1631.2") -> dict:
    return {
        "id": rid,
        "question": question,
        "lang": "en",
        "kind": "table",
        "cross_lingual": True,
        "evidence": [{"doc": BIG_DOC, "line": 434, "quote": quote}],
        "answer": {"value": 1631.2, "unit": "USD 100 million"},
    }


def _write(tmp_path: Path, *records: dict) -> str:
    path = tmp_path / "set.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return str(path)


def test_holdout_accepts_a_small_valid_set(tmp_path, capsys):
    path = _write(tmp_path, _record("h001", "Total Chinese OFDI in the last year of the composition table?"))
    assert main(["--holdout", path]) == 0
    assert "OK" in capsys.readouterr().out


def test_holdout_keeps_the_per_record_checks(tmp_path, capsys):
    path = _write(tmp_path, _record("h001", "Total Chinese OFDI in the last year of the composition table?", "1631.3"))
    assert main(["--holdout", path]) == 1
    assert "not found in" in capsys.readouterr().out


def test_holdout_ids_are_h_ids(tmp_path, capsys):
    path = _write(tmp_path, _record("q001", "Total Chinese OFDI in the last year of the composition table?"))
    assert main(["--holdout", path]) == 1
    assert "bad id 'q001'" in capsys.readouterr().out


def test_holdout_rejects_a_dev_question(tmp_path, capsys):
    dev_question = json.loads((ROOT / "evals" / "dev_set.jsonl").read_text(encoding="utf-8").splitlines()[0])
    path = _write(tmp_path, _record("h001", "  " + dev_question["question"].upper()))
    assert main(["--holdout", path]) == 1
    assert "also in the dev set" in capsys.readouterr().out


def test_dev_mode_keeps_the_minimums(tmp_path, capsys):
    path = _write(tmp_path, _record("q001", "Total Chinese OFDI in the last year of the composition table?"))
    assert main([path]) == 1
    assert "only 1 questions" in capsys.readouterr().out


def test_id_prefix_accepts_g_ids_and_rejects_others(tmp_path, capsys):
    question = "Total Chinese OFDI in the last year of the composition table?"
    assert main(["--holdout", "--id-prefix", "g", _write(tmp_path, _record("g001", question))]) == 0
    assert main(["--holdout", "--id-prefix", "g", _write(tmp_path, _record("h001", question))]) == 1
    assert "bad id 'h001'" in capsys.readouterr().out


def test_without_id_prefix_the_held_out_set_keeps_h_ids(tmp_path, capsys):
    path = _write(tmp_path, _record("g001", "Total Chinese OFDI in the last year of the composition table?"))
    assert main(["--holdout", path]) == 1
    assert "bad id 'g001'" in capsys.readouterr().out


def test_id_prefix_must_be_one_letter_with_holdout(tmp_path, capsys):
    path = _write(tmp_path, _record("g001", "Total Chinese OFDI in the last year of the composition table?"))
    assert main(["--holdout", "--id-prefix", "g1", path]) == 2
    assert main(["--id-prefix", "g", path]) == 2
    out = capsys.readouterr().out
    assert out.count("ERROR: --id-prefix") == 2 and "Traceback" not in out


def test_other_rejects_a_question_from_an_earlier_held_out_set(tmp_path, capsys):
    earlier = tmp_path / "earlier.jsonl"
    earlier.write_text(json.dumps({"id": "h001", "question": "Total OFDI, latest year?"}) + "\n", encoding="utf-8")
    path = _write(tmp_path, _record("g001", "total  OFDI, LATEST year?"))
    assert main(["--holdout", "--id-prefix", "g", path]) == 0
    assert main(["--holdout", "--id-prefix", "g", path, "--other", str(earlier)]) == 1
    assert f"question also in set {earlier}" in capsys.readouterr().out


def test_other_goes_with_holdout(tmp_path, capsys):
    path = _write(tmp_path, _record("q001", "Total Chinese OFDI in the last year of the composition table?"))
    assert main([path, "--other", path]) == 2
    assert "ERROR: --other goes with --holdout" in capsys.readouterr().out


def test_other_must_exist(tmp_path, capsys):
    path = _write(tmp_path, _record("g001", "Total Chinese OFDI in the last year of the composition table?"))
    assert main(["--holdout", "--id-prefix", "g", path, "--other", str(tmp_path / "missing.jsonl")]) == 1
    assert "not found" in capsys.readouterr().out


def test_the_committed_sets_pass(capsys):
    assert main([]) == 0
    assert main(["--holdout"]) == 0
    second = str(ROOT / "evals" / "holdout2_set.jsonl")
    other = str(ROOT / "evals" / "holdout_set.jsonl")
    assert main(["--holdout", "--id-prefix", "g", second, "--other", other]) == 0
    third = str(ROOT / "evals" / "holdout3_set.jsonl")
    assert main(["--holdout", "--id-prefix", "k", third, "--other", other, "--other", second]) == 0
    fourth = str(ROOT / "evals" / "holdout4_set.jsonl")
    assert main(["--holdout", "--id-prefix", "m", fourth, "--other", other, "--other", second, "--other", third]) == 0


def test_a_third_set_checks_k_ids_against_every_earlier_set(tmp_path, capsys):
    first = tmp_path / "first.jsonl"
    first.write_text(json.dumps({"id": "h001", "question": "Total OFDI, latest year?"}) + "\n", encoding="utf-8")
    second = tmp_path / "second.jsonl"
    second.write_text(json.dumps({"id": "g001", "question": "Europe's OFDI in 2020?"}) + "\n", encoding="utf-8")
    others = ["--other", str(first), "--other", str(second)]
    fresh = _write(tmp_path, _record("k001", "Total Chinese OFDI in the last year of the composition table?"))
    assert main(["--holdout", "--id-prefix", "k", fresh, *others]) == 0
    repeated = _write(tmp_path, _record("k001", "europe's  OFDI in 2020?"))
    assert main(["--holdout", "--id-prefix", "k", repeated, *others]) == 1
    assert f"question also in set {second}" in capsys.readouterr().out
    wrong_letter = _write(tmp_path, _record("g001", "Total Chinese OFDI in the last year of the composition table?"))
    assert main(["--holdout", "--id-prefix", "k", wrong_letter, *others]) == 1
    assert "bad id 'g001'" in capsys.readouterr().out
