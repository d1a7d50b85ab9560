"""The benchmark's pure parts (percentiles, ratios, offsets to lines, the report writer, the baseline's evidence
matching with a fake embedder), and one real-model run of `evals.bench --quick`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from evals import bench
from evals.retrieval import first_relevant_rank, is_evidence
from rag.settings import PROJECT_ROOT
from tests.fakes import HashEmbedder

ROOT = PROJECT_ROOT


@pytest.mark.parametrize(
    ("values", "q", "expected"),
    [
        ([5.0], 50, 5.0),
        ([1.0, 2.0, 3.0, 4.0], 50, 2.5),
        ([4.0, 1.0, 3.0, 2.0], 0, 1.0),
        ([4.0, 1.0, 3.0, 2.0], 100, 4.0),
        (list(range(1, 21)), 95, 19.05),
    ],
)
def test_percentile_interpolates_like_numpy(values, q, expected):
    assert bench.percentile(values, q) == pytest.approx(expected)
    assert bench.percentile(values, q) == pytest.approx(float(np.percentile(values, q)))


def test_percentile_rejects_no_values_and_bad_q():
    with pytest.raises(ValueError, match="no values"):
        bench.percentile([], 50)
    with pytest.raises(ValueError, match="outside"):
        bench.percentile([1.0], 101)


def test_ratio_is_ours_over_baseline_and_none_when_undefined():
    assert bench.ratio(50.0, 200.0) == 0.25
    assert bench.ratio(1.0, 0.0) is None
    assert bench.ratio(None, 2.0) is None
    assert bench.ratio(2.0, None) is None


def test_offsets_map_to_one_based_lines():
    text = "ab\ncd\n\nef"
    starts = bench.line_starts(text)
    assert starts == [0, 3, 6, 7]
    lines = [bench.offset_to_line(starts, i) for i in range(len(text))]
    assert lines == [1, 1, 1, 2, 2, 2, 3, 4, 4]
    with pytest.raises(ValueError):
        bench.offset_to_line(starts, -1)


def test_split_documents_gives_each_chunk_its_line_range():
    text = "\n".join(f"line {n} " + "x" * 30 for n in range(1, 41))  # 40 lines of 37-38 characters

    def split(doc: str):
        return [(start, doc[start : start + 100]) for start in range(0, len(doc), 80)]

    chunks = bench.split_documents({"d.txt": text}, split)
    lines = text.split("\n")
    for chunk in chunks:
        pieces = chunk.text.removesuffix("\n").split("\n")  # a final newline belongs to the line it ends
        assert pieces[0] in lines[chunk.start_line - 1] and pieces[-1] in lines[chunk.end_line - 1]
        if len(pieces) > 1:
            assert lines[chunk.start_line - 1].endswith(pieces[0])
            assert lines[chunk.end_line - 1].startswith(pieces[-1])
        assert chunk.end_line - chunk.start_line == len(pieces) - 1
    assert chunks[0].start_line == 1
    assert chunks[-1].end_line == 40


def test_langchain_splitter_chunks_cover_their_text_and_lines():
    text = "\n".join(f"Sentence {n} says the value was {n}.5 billion." for n in range(1, 200))
    chunks = bench.split_documents({"d.txt": text}, bench.langchain_split)
    assert all(len(c.text) <= bench.CHUNK_SIZE for c in chunks)
    lines = text.split("\n")
    for chunk in chunks:
        assert chunk.text.split("\n")[0] == lines[chunk.start_line - 1]
        assert chunk.text.split("\n")[-1] == lines[chunk.end_line - 1]


def test_baseline_evidence_matching_with_a_fake_embedder():
    """The baseline store (LangChain FAISS over a fake embedder) finds the chunk the evidence names."""
    pytest.importorskip("langchain_community")
    from langchain_community.vectorstores import FAISS
    from langchain_core.documents import Document

    text = "\n".join(
        [f"Filler line {n} about ports and shipping routes in the region." for n in range(1, 60)]
        + ["Manufacturing investment abroad reached USD 27.2 billion in 2022."]
        + [f"More filler {n} on exchange rates and risk." for n in range(1, 60)]
    )
    chunks = bench.split_documents({"report.txt": text}, bench.langchain_split)
    embeddings = bench.langchain_embeddings(HashEmbedder())
    docs = [Document(page_content=c.text, metadata={"i": i}) for i, c in enumerate(chunks)]
    store = FAISS.from_documents(docs, embeddings)
    found = [chunks[d.metadata["i"]] for d in store.similarity_search("manufacturing investment 2022", k=5)]
    evidence = ({"doc": "report.txt", "line": 60, "quote": "USD 27.2 billion"},)
    assert first_relevant_rank(found, evidence) == 1
    wrong_line = ({"doc": "report.txt", "line": 5, "quote": "USD 27.2 billion"},)
    assert not is_evidence(found[0], wrong_line)


def test_baseline_runs_the_standard_recipe_runtime_or_shares_ours():
    from rag.settings import Settings

    ours = Settings(embed_backend="onnx", embed_max_tokens=512)
    standard = bench.baseline_settings(ours, "standard")
    assert (standard.embed_backend, standard.embed_max_tokens, standard.embed_dtype) == ("torch", None, "float32")
    assert standard.embedder == ours.embedder  # the same model, run the standard way
    assert bench.baseline_settings(ours, "shared") is None
    with pytest.raises(ValueError, match="unknown baseline runtime"):
        bench.baseline_settings(ours, "gpu")


def _report() -> dict:
    ours = {"build_cold_s": 100.0, "retrieval_p50_ms": 80.0, "recall5": 0.95, "numeric_accuracy": 0.8}
    base = {"build_cold_s": 50.0, "retrieval_p50_ms": 100.0, "recall5": 0.5}
    return {"label": "test", "command": "python -m evals.bench", "ours": ours, "baseline": base, "conditions": {}}


def test_table_rows_carry_ratios_and_skip_metrics_neither_has():
    rows = {row["metric"]: row for row in bench.table_rows(_report())}
    assert rows["index build, cold"]["ratio"] == 2.0
    assert rows["retrieval p50"]["ratio"] == 0.8
    assert rows["numeric accuracy"]["ratio"] is None
    assert "peak RSS" not in rows


def test_write_report_writes_json_markdown_and_png(tmp_path: Path):
    paths = bench.write_report(_report(), tmp_path, "bench-test")
    assert [p.name for p in paths] == ["bench-test.json", "bench-test.md", "bench-test.png"]
    assert json.loads(paths[0].read_text(encoding="utf-8"))["ours"]["recall5"] == 0.95
    markdown = paths[1].read_text(encoding="utf-8")
    assert "| recall@5 |  | 0.950 | 0.500 | 1.90 |" in markdown
    assert "| numeric accuracy |  | 0.800 | – | – |" in markdown
    assert paths[2].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_bench_refuses_a_missing_dataset_in_one_line(tmp_path: Path, capsys):
    assert bench.main(["--dataset", str(tmp_path / "none.jsonl")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("bench: error: no dataset") and "\n" not in err


@pytest.mark.model
def test_quick_bench_runs_for_real(tmp_path: Path):
    done = subprocess.run(
        [sys.executable, "-m", "evals.bench", "--quick", "--out-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads((tmp_path / "bench-quick.json").read_text(encoding="utf-8"))
    for system in ("ours", "baseline"):
        results = report[system]
        assert results["build_cold_s"] > 0 and results["chunks"] > 0
        assert 0 < results["embed_p50_ms"] <= results["retrieval_p50_ms"] * 5
        assert 0 <= results["recall5"] <= 1
        assert results["peak_rss_mb"] > 100
    assert report["ours"]["build_warm_s"] < report["ours"]["build_cold_s"]
    assert report["baseline_runtime"] == "standard"
    expected = report["ours"]["recall5"] / report["baseline"]["recall5"]
    assert report["ratios"]["recall@5"] == pytest.approx(expected, rel=1e-2)
    assert "ratio" in done.stdout
