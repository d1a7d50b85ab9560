"""The ONNX export cache and the ONNX encoder's batching, with fakes (no torch, no export).

The real export and its vectors against torch are checked in tests/test_real_model.py (`-m model`).
"""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest

import rag.index.onnx as onnx_embedding
from rag.index.embedding import SentenceTransformerEmbedder
from rag.index.onnx import GRAPH, MANIFEST, ExportError, ExportSpec, OnnxSentenceEncoder, is_valid_export
from rag.settings import Settings


@pytest.fixture
def source(tmp_path):
    folder = tmp_path / "models" / "embeddinggemma-300m"
    folder.mkdir(parents=True)
    (folder / ".verified.json").write_text(json.dumps({"model.safetensors": "abc"}), encoding="utf-8")
    (folder / "config_sentence_transformers.json").write_text(
        json.dumps({"prompts": {"query": "q: ", "document": "d: "}}), encoding="utf-8"
    )
    return folder


@pytest.fixture
def fake_export(monkeypatch):
    """Replace the torch export, the quantizer and the torch comparison; count the exports."""
    calls = {"fp32": 0, "int8": 0, "block8": 0, "cosine": 0.99995}

    def export_fp32(_source, target):
        calls["fp32"] += 1
        target.write_bytes(b"graph")
        (target.parent / "model.onnx.data").write_bytes(b"weights" * 10)

    def quantize_int8(_source, target):
        calls["int8"] += 1
        target.write_bytes(b"small graph")

    monkeypatch.setattr(onnx_embedding, "export_fp32", export_fp32)
    def quantize_block8(_source, target):
        calls["block8"] += 1
        target.write_bytes(b"blocked graph")

    monkeypatch.setattr(onnx_embedding, "quantize_int8", quantize_int8)
    monkeypatch.setattr(onnx_embedding, "quantize_block8", quantize_block8)
    monkeypatch.setattr(onnx_embedding, "check_against_torch", lambda _source, _graph: calls["cosine"])
    monkeypatch.setattr(onnx_embedding, "expected_manifest", lambda spec: {"precision": spec.precision, "v": 1})
    return calls


def test_export_is_made_once_and_reused(tmp_path, source, fake_export):
    spec = ExportSpec("fp32", source)
    folder = onnx_embedding.ensure_onnx_export(spec, tmp_path, log=lambda _m: None)
    assert folder == tmp_path / "models" / "embeddinggemma-300m-onnx-fp32"
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["files"] == {GRAPH: 5, "model.onnx.data": 70}
    assert manifest["min_cosine_to_torch"] == pytest.approx(0.99995)
    assert onnx_embedding.ensure_onnx_export(spec, tmp_path, log=lambda _m: None) == folder
    assert fake_export["fp32"] == 1


def test_export_progress_goes_to_stderr_not_stdout(tmp_path, source, fake_export, capsys):
    onnx_embedding.ensure_onnx_export(ExportSpec("fp32", source), tmp_path)
    out, err = capsys.readouterr()
    assert out == "" and "ONNX" in err


@pytest.mark.parametrize("precision", ["int8", "block8"])
def test_quantized_precisions_are_made_from_the_fp32_export(tmp_path, source, fake_export, precision):
    folder = onnx_embedding.ensure_onnx_export(ExportSpec(precision, source), tmp_path, log=lambda _m: None)
    assert folder.name == f"embeddinggemma-300m-onnx-{precision}"
    assert (fake_export["fp32"], fake_export[precision]) == (1, 1)
    onnx_embedding.ensure_onnx_export(ExportSpec(precision, source), tmp_path, log=lambda _m: None)
    assert (fake_export["fp32"], fake_export[precision]) == (1, 1)
    assert fake_export["int8" if precision == "block8" else "block8"] == 0


def test_block8_below_the_float32_bar_is_refused(tmp_path, source, fake_export):
    """block8 is held to the fp32 export's bar (cosine 0.999 to torch), int8 only to 0.9."""
    onnx_embedding.ensure_onnx_export(ExportSpec("fp32", source), tmp_path, log=lambda _m: None)
    fake_export["cosine"] = 0.995
    onnx_embedding.ensure_onnx_export(ExportSpec("int8", source), tmp_path, log=lambda _m: None)
    with pytest.raises(ExportError, match="block8 ONNX export reproduces the torch vectors only to cosine 0.9950"):
        onnx_embedding.ensure_onnx_export(ExportSpec("block8", source), tmp_path, log=lambda _m: None)


def test_a_truncated_or_foreign_export_is_redone(tmp_path, source, fake_export):
    spec = ExportSpec("fp32", source)
    folder = onnx_embedding.ensure_onnx_export(spec, tmp_path, log=lambda _m: None)
    (folder / "model.onnx.data").write_bytes(b"cut")
    assert not is_valid_export(folder, {"precision": "fp32", "v": 1})
    onnx_embedding.ensure_onnx_export(spec, tmp_path, log=lambda _m: None)
    assert fake_export["fp32"] == 2
    assert not is_valid_export(folder, {"precision": "fp32", "v": 2})


def test_an_export_that_moves_the_vectors_is_refused_and_not_cached(tmp_path, source, fake_export):
    fake_export["cosine"] = 0.98
    spec = ExportSpec("fp32", source)
    with pytest.raises(ExportError, match="cosine 0.9800"):
        onnx_embedding.ensure_onnx_export(spec, tmp_path, log=lambda _m: None)
    assert not spec.folder(tmp_path).exists()


def test_unknown_precision_is_a_clear_error(tmp_path, source, fake_export):
    with pytest.raises(ExportError, match="unknown ONNX precision 'fp8'"):
        onnx_embedding.ensure_onnx_export(ExportSpec("fp8", source), tmp_path, log=lambda _m: None)


def test_settings_read_the_backend_from_the_environment(monkeypatch, isolated_env):
    monkeypatch.setenv("RAG_EMBED_BACKEND", "onnx")
    assert Settings.from_env().embed_backend == "onnx"
    assert Settings.from_env(embed_backend="torch").embed_backend == "torch"


@pytest.mark.parametrize(("raw", "expected"), [("none", ""), ("fp32", ""), ("int8", "int8"), ("block8", "block8")])
def test_quantization_from_the_environment_can_be_turned_off(monkeypatch, isolated_env, raw, expected):
    monkeypatch.setenv("RAG_EMBED_QUANTIZE", raw)
    assert Settings.from_env().embed_quantize == expected


def test_unknown_quantization_is_refused_before_loading(tmp_path, isolated_env):
    embedder = SentenceTransformerEmbedder(Settings(cache_dir=tmp_path, embed_quantize="int4"))
    with pytest.raises(ValueError, match="unknown embedding quantization 'int4'; use block8, int8 or none"):
        _ = embedder.model


def test_unknown_backend_is_refused_before_loading(tmp_path, isolated_env):
    embedder = SentenceTransformerEmbedder(Settings(cache_dir=tmp_path, embed_backend="tensorrt"))
    with pytest.raises(ValueError, match="unknown embedding backend 'tensorrt'"):
        _ = embedder.model


@pytest.mark.parametrize(
    ("change", "backend", "name"),
    [
        ({}, "onnx", "embeddinggemma-300m+max512+onnx+block8"),
        ({"embed_quantize": ""}, "onnx", "embeddinggemma-300m+max512+onnx"),
        ({"embed_quantize": "int8"}, "onnx", "embeddinggemma-300m+max512+onnx+int8"),
        ({"embed_backend": "torch"}, "torch", "embeddinggemma-300m+max512"),
        ({"embed_backend": "torch", "embed_quantize": "int8"}, "torch", "embeddinggemma-300m+max512+int8"),
        ({"embed_dim": 256}, "torch", "embeddinggemma-300m@256+max512"),
        ({"embed_dtype": "bfloat16"}, "torch", "embeddinggemma-300m+max512+bfloat16"),
        ({"embedder": "other-model"}, "torch", "other-model+max512"),
    ],
)
def test_onnx_serves_the_default_model_and_other_set_ups_run_in_torch(isolated_env, change, backend, name):
    embedder = SentenceTransformerEmbedder(replace(Settings(), **change))
    assert (embedder.backend, embedder.name) == (backend, name)


class _FakeTokenizer:
    """One token per word (its first character's code), so token counts and character counts differ."""

    pad_token_id = 0

    def __call__(self, batch, padding, truncation, max_length):
        assert padding is False and truncation is True
        return {"input_ids": [[ord(word[0]) for word in text.split()][:max_length] for text in batch]}


class _FakeSession:
    """Embeds a text as the normalised (token count, first id) pair; records each batch and its padding."""

    def __init__(self):
        self.batches = []

    def run(self, _outputs, feed):
        ids, mask = feed["input_ids"], feed["attention_mask"]
        assert ids.dtype == np.int64 and mask.dtype == np.int64
        assert (ids[mask == 0] == 0).all() and (np.diff(mask, axis=1) <= 0).all()  # padded on the right, with pad ids
        self.batches.append([int(n) for n in mask.sum(1)])
        vectors = np.stack([mask.sum(1), ids[:, 0]], axis=1).astype(np.float32)
        return [vectors / np.linalg.norm(vectors, axis=1, keepdims=True)]


def test_encoder_batches_by_token_count_and_keeps_the_input_order(source):
    encoder = OnnxSentenceEncoder(source, source, threads=None, max_tokens=6)
    encoder.__dict__["tokenizer"], encoder.__dict__["session"] = _FakeTokenizer(), _FakeSession()
    texts = ["a a a a", "bbbbbbbbbbbbbbbbbbbbbbbb", "c c c c c c c c", "dddddd dddddd"]
    vectors = encoder.encode(texts, prompt="p: ", batch_size=2)
    counts = [5, 2, 6, 3]  # "p:" plus the words, at most 6
    expected = np.array([[n, ord("p")] for n in counts], dtype=np.float32)
    np.testing.assert_allclose(vectors, expected / np.linalg.norm(expected, axis=1, keepdims=True), rtol=1e-6)
    # The longest text in characters has the fewest tokens: batches follow token counts, not characters.
    assert encoder.session.batches == [[6, 5], [3, 2]]
    assert encoder.encode_query([], batch_size=2).shape[0] == 0


def test_benchmark_variants_map_to_settings(isolated_env):
    from evals.bench_embed_backends import variant_settings

    base = Settings()
    int8 = variant_settings("onnx-int8:1", base)
    assert (int8.embed_backend, int8.embed_quantize, int8.torch_threads) == ("onnx", "int8", 1)
    bf16 = variant_settings("torch-bfloat16", base)
    assert (bf16.embed_backend, bf16.embed_dtype, bf16.embed_quantize) == ("torch", "bfloat16", "")
    block8 = variant_settings("onnx-block8", base)
    assert (block8.embed_backend, block8.embed_quantize) == ("onnx", "block8")
    assert variant_settings("onnx", base).embed_quantize == ""  # plain onnx is the float32 graph
    for bad in ("torch:1", "jax", "onnx-fp8", "torch-block8"):
        with pytest.raises(SystemExit, match="unknown variant"):
            variant_settings(bad, base)
