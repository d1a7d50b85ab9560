"""Dense embeddings: EmbeddingGemma-300M (default) or any sentence-transformers model.

torch and sentence-transformers are imported only here, when a model is first used. The model loads lazily
and once per `SentenceTransformerEmbedder` instance; callers share the instance they create.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import Protocol

import numpy as np

from rag.index.models import ensure_embeddinggemma, model_fingerprint
from rag.lazy import BoundedCache, shared_cached_property
from rag.settings import DEFAULT_EMBEDDER, Settings

TITLED_DOCUMENT_PROMPT = "title: none | text: "
# Query vectors kept (3 KB each at 768 dimensions): the chat and the API ask the same query again (a follow-up is
# rewritten to the question it follows; a batch is rerun), and a query costs about 50 ms of CPU to embed.
QUERY_CACHE = 4096


class Embedder(Protocol):
    """What the index and the retriever need from an embedding model."""

    @property
    def name(self) -> str: ...

    @property
    def dimension(self) -> int: ...

    def fingerprint(self) -> dict[str, str]: ...

    def embed_documents(
        self, texts: Sequence[str], titles: Sequence[str] | None = None, show_progress: bool = False
    ) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


class SentenceTransformerEmbedder:
    """A sentence-transformers model used with its retrieval prompts (`encode_query` / `encode_document`).

    Vectors are L2-normalised float32, so inner product is cosine similarity.
    """

    def __init__(self, settings: Settings):
        self._settings = settings
        # The last QUERY_CACHE query vectors, by the exact text the model reads (another spacing is another input).
        # A vector depends on the model alone, never on the index, so an addition to the index keeps them valid.
        self._query_cache = BoundedCache(QUERY_CACHE)

    @property
    def name(self) -> str:
        """The model plus whatever changes its vectors (Matryoshka truncation, input limit, quantization), so that
        vectors made differently never share an index or the embedding cache."""
        settings = self._settings
        name = f"{settings.embedder}@{settings.embed_dim}" if settings.embed_dim else settings.embedder
        if settings.embed_max_tokens:
            name += f"+max{settings.embed_max_tokens}"
        if settings.embed_dtype != "float32":
            name += f"+{settings.embed_dtype}"
        if self.backend != "torch":
            name += f"+{self.backend}"
        if self.quantize:
            name += f"+{self.quantize}"
        return name

    @property
    def quantize(self) -> str:
        """The quantization that applies: "block8" is a precision of the ONNX export, so a set-up that runs in torch
        runs float32 instead; "int8" applies to both backends."""
        quantize = self._settings.embed_quantize
        return "" if quantize == "block8" and self.backend != "onnx" else quantize

    @property
    def backend(self) -> str:
        """The backend that runs: "onnx" serves the default EmbeddingGemma at full dimension in float32; any other
        set-up (another model, Matryoshka truncation, bfloat16) runs in torch."""
        settings = self._settings
        plain = settings.embedder == DEFAULT_EMBEDDER and not settings.embed_dim and settings.embed_dtype == "float32"
        return settings.embed_backend if plain or settings.embed_backend != "onnx" else "torch"

    @shared_cached_property
    def model_path(self) -> str:
        if self._settings.embedder == DEFAULT_EMBEDDER:
            return str(ensure_embeddinggemma(self._settings.model_dir))
        return self._settings.embedder

    @shared_cached_property
    def model(self):
        settings = self._settings
        if settings.embed_backend not in ("torch", "onnx"):
            raise ValueError(f"unknown embedding backend {settings.embed_backend!r}; use torch or onnx")
        if settings.embed_quantize not in ("", "block8", "int8"):
            raise ValueError(f"unknown embedding quantization {settings.embed_quantize!r}; use block8, int8 or none")
        if self.backend == "onnx":
            return self._onnx_model()
        if settings.embedder == DEFAULT_EMBEDDER:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the model is local; never reach for a hub
        import torch
        from sentence_transformers import SentenceTransformer

        if settings.torch_threads:
            torch.set_num_threads(settings.torch_threads)
        model = SentenceTransformer(
            self.model_path,
            device="cpu",
            truncate_dim=settings.embed_dim,
            model_kwargs={"torch_dtype": getattr(torch, settings.embed_dtype)},
        )
        if settings.embed_max_tokens:
            model.max_seq_length = settings.embed_max_tokens
        if self.quantize == "int8":
            model = torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
        return model

    def onnx_export(self) -> Path:
        """The folder of the ONNX graph this set-up runs, in its precision (exported once; rag/index/onnx.py)."""
        from rag.index.onnx import ExportSpec, ensure_onnx_export

        return ensure_onnx_export(ExportSpec(self.quantize or "fp32", Path(self.model_path)), self._settings.cache_dir)

    def _onnx_model(self):
        """The ONNX Runtime encoder of the verified EmbeddingGemma."""
        from rag.index.onnx import OnnxSentenceEncoder

        settings = self._settings
        export = self.onnx_export()
        return OnnxSentenceEncoder(Path(self.model_path), export, settings.torch_threads, settings.embed_max_tokens)

    @property
    def dimension(self) -> int:
        return int(self.model.get_embedding_dimension())

    def fingerprint(self) -> dict[str, str]:
        path = Path(self.model_path)
        return model_fingerprint(path) if path.is_dir() else {"name": self.name}

    def embed_documents(
        self, texts: Sequence[str], titles: Sequence[str] | None = None, show_progress: bool = False
    ) -> np.ndarray:
        """Embed passages. With `titles`, a model whose document prompt has a title slot gets it filled.

        The index does not pass titles: on the dev set, EmbeddingGemma with the heading in its title slot found
        the evidence in the top 5 less often (dense recall@5 0.897) than with the heading kept in the text
        (0.914), so `build_index` embeds the full chunk text under the model's default "title: none".
        """
        template = (getattr(self.model, "prompts", None) or {}).get("document", "")
        options = {
            "batch_size": self._settings.embed_batch_size,
            "normalize_embeddings": True,
            "convert_to_numpy": True,
            "show_progress_bar": show_progress,
        }
        if titles is not None and template.startswith(TITLED_DOCUMENT_PROMPT):
            inputs = [f"title: {title or 'none'} | text: {text}" for title, text in zip(titles, texts, strict=True)]
            vectors = self.model.encode(inputs, prompt="", **options)
        else:
            encode = getattr(self.model, "encode_document", self.model.encode)
            vectors = encode(list(texts), **options)
        return np.asarray(vectors, dtype=np.float32)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Embed many queries in one call (batch runs); each also fills the query cache used by `embed_query`."""
        missing = [text for text in dict.fromkeys(texts) if text not in self._query_cache]
        fresh: dict[str, np.ndarray] = {}
        if missing:
            encode = getattr(self.model, "encode_query", self.model.encode)
            vectors = encode(
                missing, batch_size=self._settings.embed_batch_size, normalize_embeddings=True, convert_to_numpy=True
            )
            fresh = dict(zip(missing, np.asarray(vectors, dtype=np.float32), strict=True))

        def vector(text: str) -> np.ndarray:
            return fresh[text] if text in fresh else self._encode_query(text)  # (held, then dropped meanwhile)

        return np.stack([self._query_cache.get(text, partial(vector, text)) for text in texts])

    def clear_query_cache(self) -> None:
        """Forget cached query vectors (the benchmark times the query embedding itself)."""
        self._query_cache.clear()

    def embed_query(self, text: str) -> np.ndarray:
        """Embed one query; repeated queries (batch reruns, follow-ups, a question asked again) come from the query
        cache."""
        return self._query_cache.get(text, lambda: self._encode_query(text))

    def _encode_query(self, text: str) -> np.ndarray:
        encode = getattr(self.model, "encode_query", self.model.encode)
        return np.asarray(encode([text], normalize_embeddings=True, convert_to_numpy=True)[0], dtype=np.float32)


# Texts embedded between two writes of the embedding cache: an interrupted cold build (minutes on 2 cores) keeps all
# but the last part of its work.
CACHE_PART = 256


def embed_with_cache(
    embedder: Embedder,
    texts: Sequence[str],
    titles: Sequence[str] | None,
    cache_root: Path,
    dtype: str = "",
    show_progress: bool = False,
    stats: dict | None = None,
) -> np.ndarray:
    """Embed document texts, reusing vectors of texts embedded before by the same model.

    `stats`, when given, receives how many distinct texts were embedded now (`embedded`) and how many came from
    the cache (`cached`).

    Rebuilding the index after a chunker change then re-embeds only the chunks whose text changed; on 2 CPU
    cores a full embedding of the seeds takes minutes. Stored in a folder per model fingerprint, outside the
    repository, as parts of `CACHE_PART` texts (`keys-*.json` + `vectors-*.npy`, no pickle), each written as soon
    as it is embedded.
    """
    import hashlib
    import json

    identity = json.dumps([embedder.name, embedder.fingerprint(), dtype], sort_keys=True)
    folder = cache_root / hashlib.sha256(identity.encode()).hexdigest()[:16]
    known = _read_cache(folder)
    pairs = list(zip(titles or [""] * len(texts), texts, strict=True))
    keys = [hashlib.sha256(f"{title}\x1f{text}".encode()).hexdigest() for title, text in pairs]
    missing = sorted({k: pair for k, pair in zip(keys, pairs, strict=True) if k not in known}.items())
    if stats is not None:
        stats.update(embedded=len(missing), cached=len(set(keys)) - len(missing))
    for start in range(0, len(missing), CACHE_PART):
        part = missing[start : start + CACHE_PART]
        fresh = embedder.embed_documents(
            [text for _, (_, text) in part],
            titles=None if titles is None else [title for _, (title, _) in part],
            show_progress=show_progress,
        )
        part_keys = [key for key, _ in part]
        known.update(zip(part_keys, fresh, strict=True))
        _write_cache_part(folder, part_keys, np.asarray(fresh, dtype=np.float32))
    return np.stack([known[key] for key in keys]).astype(np.float32)


def _read_cache(folder: Path) -> dict[str, np.ndarray]:
    """Every complete part of the cache (`keys.json` + `vectors.npy` is the one-part layout of older builds)."""
    import json

    known: dict[str, np.ndarray] = {}
    for keys_path in sorted(folder.glob("keys*.json")):
        vectors_path = folder / f"vectors{keys_path.stem.removeprefix('keys')}.npy"
        try:
            stored = np.load(vectors_path, allow_pickle=False)
            known.update(zip(json.loads(keys_path.read_text(encoding="utf-8")), stored, strict=True))
        except (OSError, ValueError):
            continue  # a damaged part is embedded again
    return known


def _write_cache_part(folder: Path, keys: list[str], vectors: np.ndarray) -> None:
    """One part, vectors first: its keys file, renamed into place last, marks the part complete."""
    import hashlib
    import json

    folder.mkdir(parents=True, exist_ok=True)
    name = hashlib.sha256("".join(keys).encode()).hexdigest()[:16]
    tmp_vectors, tmp_keys = folder / f"tmp-vectors-{name}.npy", folder / f"tmp-keys-{name}.json"
    np.save(tmp_vectors, vectors, allow_pickle=False)
    tmp_keys.write_text(json.dumps(keys), encoding="utf-8")
    tmp_vectors.replace(folder / f"vectors-{name}.npy")
    tmp_keys.replace(folder / f"keys-{name}.json")
