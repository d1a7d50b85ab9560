"""EmbeddingGemma as one ONNX graph run by ONNX Runtime: export once from the verified local model, then encode.

The graph holds the whole sentence-transformers pipeline (Gemma3 encoder, mean pooling, the two Dense layers and
L2 normalisation), so it maps `input_ids` + `attention_mask` straight to the normalised embedding. The export runs
offline from the verified model directory (`make model`), is checked against the torch vectors on a few texts, and is
cached beside the model with a manifest (source model hashes, library versions, file hashes); a valid cache is
never redone. Two precisions are made from the fp32 export: `block8`, 8-bit weights in blocks of 32 with products
computed in int8 on activations quantized per block of 32 (ONNX Runtime's MatMulNBits); and `int8`, ONNX Runtime's
dynamic quantization (per-channel int8 weights, one scale per activation tensor).

torch is imported only for the export; encoding needs onnxruntime, numpy and the tokenizer.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from rag.index.models import model_fingerprint, progress, publish, sha256_file
from rag.lazy import shared_cached_property

MANIFEST = "export.json"
# Bump when the export itself changes (2: RMS norms fused), so that caches made before are redone.
GRAPH_VERSION = 2
GRAPH = "model.onnx"
PRECISIONS = ("fp32", "block8", "int8")
# Cosine between this graph's vectors and the torch float32 vectors below which an export is refused.
MIN_EXPORT_COSINE = {"fp32": 0.999, "block8": 0.999, "int8": 0.9}
CHECK_TEXTS = (
    "title: none | text: 2021年甲省对外投资额为312.5亿元，比上年增长4.6%。",
    "task: search result | query: What did the region export to its neighbours in 2021?",
    "title: none | text: The IMF projects global growth of 3.2 percent in 2024 and 2025, "
    "with advanced economies at 1.7 percent and emerging markets at 4.2 percent.",
)


class ExportError(RuntimeError):
    """The ONNX export could not be made or does not reproduce the torch model; the message says what to do."""


@dataclass(frozen=True)
class ExportSpec:
    """Which export: the precision and the verified model it comes from."""

    precision: str
    source: Path

    def folder(self, cache_dir: Path) -> Path:
        return cache_dir / "models" / f"{self.source.name}-onnx-{self.precision}"


def expected_manifest(spec: ExportSpec) -> dict:
    """What a valid export's manifest must record: the source model's hashes, the precision and the exporter."""
    import onnxruntime

    return {
        "precision": spec.precision,
        "graph_version": GRAPH_VERSION,
        "source": model_fingerprint(spec.source),
        "onnxruntime": onnxruntime.__version__,
    }


def is_valid_export(folder: Path, expected: dict) -> bool:
    """An export is reused when its manifest matches `expected` and every listed file has its recorded SHA-256."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if any(manifest.get(key) != value for key, value in expected.items()):
        return False
    files = manifest.get("files") or {}
    return GRAPH in files and all(
        (folder / name).is_file() and (folder / name).stat().st_size == size for name, size in files.items()
    )


def ensure_onnx_export(spec: ExportSpec, cache_dir: Path, log: Callable[[str], None] = progress) -> Path:
    """Return the folder of a valid export, making it (minutes, offline) when missing or stale."""
    folder = spec.folder(cache_dir)
    expected = expected_manifest(spec)
    if is_valid_export(folder, expected):
        return folder
    if spec.precision not in PRECISIONS:
        raise ExportError(f"unknown ONNX precision {spec.precision!r}; use one of {', '.join(PRECISIONS)}")
    folder.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder.parent, prefix=".export-") as tmp:
        staged = Path(tmp) / "out"
        staged.mkdir()
        if spec.precision == "fp32":
            log(f"Exporting {spec.source.name} to ONNX (fp32; a few minutes on 2 cores) ...")
            export_fp32(spec.source, staged / GRAPH)
        else:
            fp32 = ensure_onnx_export(ExportSpec("fp32", spec.source), cache_dir, log)
            log(f"Quantizing the ONNX export of {spec.source.name} to {spec.precision} ...")
            quantize = quantize_block8 if spec.precision == "block8" else quantize_int8
            quantize(fp32 / GRAPH, staged / GRAPH)
        cosine = check_against_torch(spec.source, staged / GRAPH)
        if cosine < MIN_EXPORT_COSINE[spec.precision]:
            raise ExportError(
                f"the {spec.precision} ONNX export reproduces the torch vectors only to cosine {cosine:.4f} "
                f"(need {MIN_EXPORT_COSINE[spec.precision]}); not using it"
            )
        files = {p.name: p.stat().st_size for p in sorted(staged.iterdir()) if p.is_file()}
        manifest = {**expected, "files": files, "sha256": {name: sha256_file(staged / name) for name in files}}
        manifest["min_cosine_to_torch"] = round(cosine, 5)
        publish(staged, folder, MANIFEST, manifest)
    log(f"ONNX {spec.precision} export cached in {folder} (min cosine to torch {cosine:.4f})")
    return folder


def _torch_model(source: Path):
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(source), device="cpu")


def export_fp32(source: Path, target: Path) -> None:
    """Export the whole sentence-transformers pipeline (encoder, pooling, Dense, Dense, normalize) as one graph,
    then fuse its RMS norms (`fuse_norms`)."""
    import torch

    model = _torch_model(source)

    class Pipeline(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask):
            return self.model({"input_ids": input_ids, "attention_mask": attention_mask})["sentence_embedding"]

    raw = target.with_name("unfused.onnx")
    sample = model.tokenizer(list(CHECK_TEXTS[:2]), padding=True, return_tensors="pt")
    batch, length = torch.export.Dim("batch"), torch.export.Dim("sequence", max=2048)
    shapes = {"input_ids": {0: batch, 1: length}, "attention_mask": {0: batch, 1: length}}
    with torch.no_grad():
        torch.onnx.export(
            Pipeline().eval(),
            (sample["input_ids"], sample["attention_mask"]),
            str(raw),
            input_names=["input_ids", "attention_mask"],
            output_names=["sentence_embedding"],
            dynamo=True,
            dynamic_shapes=shapes,
            external_data=True,
        )
    fuse_norms(raw, target)
    raw.unlink()
    raw.with_name(raw.name + ".data").unlink()


@contextmanager
def _root_logger_kept() -> Iterator[None]:
    """ONNX Runtime's optimizer and quantizer modules call logging.basicConfig(level=INFO) when imported, which
    would make every library's INFO lines print; the root logger is put back as it was."""
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    try:
        yield
    finally:
        root.setLevel(level)
        root.handlers[:] = handlers


def fuse_norms(source: Path, target: Path) -> None:
    """ONNX Runtime's offline transformer optimizer over the exported graph: it fuses the 145 RMS norms the exporter
    writes as Pow/ReduceMean/Add/Sqrt/Reciprocal/Mul into one SimplifiedLayerNormalization each (its attention
    fusions do not match Gemma3 and leave the graph as it was). The vectors are unchanged (cosine 1.0000 to the
    unfused graph); encoding took 0.965x the time on 171 index chunks (README, Benchmarks)."""
    with _root_logger_kept():
        from onnxruntime.transformers.fusion_options import FusionOptions
        from onnxruntime.transformers.optimizer import optimize_model

        options = FusionOptions("bert")
        options.enable_shape_inference = False  # symbolic shape inference does not cover the exported Gemma3 graph
        logging.getLogger("onnxruntime.transformers").setLevel(logging.ERROR)
        fused = optimize_model(str(source), model_type="bert", optimization_options=options, opt_level=0, use_gpu=False)
        fused.save_model_to_file(str(target), use_external_data_format=True)


def quantize_block8(source: Path, target: Path) -> None:
    """8-bit weights per block of 32 input rows (symmetric), for every MatMul with constant weights (ONNX Runtime's
    MatMulNBits); accuracy level 4 computes the products in int8 on activations quantized per block of 32 too.

    Small blocks are what keeps the vectors: Gemma's activations have outliers that one scale per tensor (`int8`)
    cannot cover. On 171 index chunks block8 kept cosine 0.9998 to float32 (int8: 0.978) and took 0.79x the time.
    """
    import onnx

    with _root_logger_kept():
        from onnxruntime.quantization.matmul_nbits_quantizer import DefaultWeightOnlyQuantConfig, MatMulNBitsQuantizer

        logging.getLogger("onnxruntime.quantization.matmul_nbits_quantizer").setLevel(logging.WARNING)  # per node
        options = {"bits": 8, "block_size": 32, "is_symmetric": True, "accuracy_level": 4}
        quantizer = MatMulNBitsQuantizer(
            onnx.load(str(source)), algo_config=DefaultWeightOnlyQuantConfig(**options), **options
        )
        quantizer.process()
        quantizer.model.save_model_to_file(str(target), use_external_data_format=True)


def quantize_int8(source: Path, target: Path) -> None:
    """ONNX Runtime dynamic quantization: per-channel int8 weights for every MatMul, activations quantized per call.

    The exporter's recorded intermediate shapes are dropped first: ONNX shape inference, which the quantizer runs,
    rejects one of them (768 against 3072 around the Dense layers) although the graph runs and matches torch.
    """
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    graph = onnx.load(str(source))
    del graph.graph.value_info[:]
    plain = target.parent / "plain.onnx"
    onnx.save(graph, str(plain), save_as_external_data=True, location="plain.onnx.data")
    del graph
    quantize_dynamic(
        str(plain),
        str(target),
        weight_type=QuantType.QInt8,
        per_channel=True,
        use_external_data_format=True,
        # ONNX shape inference gives no types past the fused norms (an ONNX Runtime contrib op): they are float.
        extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
    )
    plain.unlink()
    (target.parent / "plain.onnx.data").unlink()


def check_against_torch(source: Path, graph: Path) -> float:
    """The lowest cosine between the graph's vectors and the torch float32 vectors over `CHECK_TEXTS`."""
    model = _torch_model(source)
    reference = model.encode(list(CHECK_TEXTS), normalize_embeddings=True, convert_to_numpy=True)
    encoder = OnnxSentenceEncoder(source, graph.parent, threads=None, max_tokens=None)
    vectors = encoder.encode(list(CHECK_TEXTS), prompt="")
    return float((reference * vectors).sum(axis=1).min())


class OnnxSentenceEncoder:
    """The part of the sentence-transformers API the embedder uses, served by ONNX Runtime."""

    def __init__(self, source: Path, export: Path, threads: int | None, max_tokens: int | None):
        self._source, self._export, self._threads = source, export, threads
        self.max_seq_length = max_tokens or 2048
        config = json.loads((source / "config_sentence_transformers.json").read_text(encoding="utf-8"))
        self.prompts: dict[str, str] = config.get("prompts", {})

    @shared_cached_property
    def tokenizer(self):
        from transformers import AutoTokenizer

        return AutoTokenizer.from_pretrained(str(self._source))

    @shared_cached_property
    def session(self):
        import onnxruntime

        options = onnxruntime.SessionOptions()
        if self._threads:
            options.intra_op_num_threads = self._threads
        options.inter_op_num_threads = 1
        # Idle intra-op threads sleep instead of spinning: spinning threads burn the cores that other requests'
        # reading (the HTTP API's thread pool) and other processes need. Under load (load average 11 on 2 cores),
        # 10 API clients got 6.5 answers/s against 3.4 with spinning (92 against 115 ms of server CPU per answer),
        # and one query embedded in 196 against 237 ms at the median.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        return onnxruntime.InferenceSession(str(self._export / GRAPH), options, providers=["CPUExecutionProvider"])

    def get_embedding_dimension(self) -> int:
        return int(self.session.get_outputs()[0].shape[-1] or len(self.encode(["dimension"], prompt="")[0]))

    def encode(self, texts: Sequence[str], prompt: str = "", batch_size: int = 16, **_options) -> np.ndarray:
        """Normalised vectors of `prompt + text`, in batches of texts of similar token counts.

        Texts are tokenized once and sorted by their token count, not by characters as sentence-transformers does:
        Chinese and English text differ several-fold in characters per token, and on the seeds' prose the character
        order padded batches of 16 to 1.30x the real tokens against 1.06x by token count (README, Benchmarks).
        Padding is on the right, as the tokenizer pads, so positions, and so the vectors, match the unpadded text.
        """
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        ids = self.tokenizer(
            [prompt + text for text in texts], padding=False, truncation=True, max_length=self.max_seq_length
        )["input_ids"]
        order = np.argsort([-len(row) for row in ids], kind="stable")
        starts = range(0, len(ids), batch_size)
        chunks = [self._run([ids[i] for i in order[start : start + batch_size]]) for start in starts]
        out = np.empty((len(ids), chunks[0].shape[1]), dtype=np.float32)
        out[order] = np.concatenate(chunks)
        return out

    def _run(self, batch: Sequence[Sequence[int]]) -> np.ndarray:
        """One forward pass over a batch of token-id lists, right-padded with the tokenizer's pad id."""
        width = max(len(row) for row in batch)
        input_ids = np.full((len(batch), width), self.tokenizer.pad_token_id or 0, dtype=np.int64)
        attention_mask = np.zeros((len(batch), width), dtype=np.int64)
        for i, row in enumerate(batch):
            input_ids[i, : len(row)], attention_mask[i, : len(row)] = row, 1
        return self.session.run(None, {"input_ids": input_ids, "attention_mask": attention_mask})[0]

    def encode_query(self, texts: Sequence[str], batch_size: int = 16, **options) -> np.ndarray:
        return self.encode(texts, prompt=self.prompts.get("query", ""), batch_size=batch_size)

    def encode_document(self, texts: Sequence[str], batch_size: int = 16, **options) -> np.ndarray:
        return self.encode(texts, prompt=self.prompts.get("document", ""), batch_size=batch_size)
