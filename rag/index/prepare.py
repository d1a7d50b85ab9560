"""`python -m rag.index.prepare`: the set-up step that makes the embedding model ready (`make model`).

Fetches and verifies EmbeddingGemma into the cache (a no-op when already there); with the ONNX backend (the default),
also exports it to ONNX once in the configured precision (`RAG_EMBED_QUANTIZE`).
"""

from __future__ import annotations

import sys

from rag.index.embedding import SentenceTransformerEmbedder
from rag.index.models import ModelError, ensure_embeddinggemma
from rag.index.onnx import ExportError
from rag.settings import Settings


def main() -> int:
    settings = Settings.from_env()
    try:
        path = ensure_embeddinggemma(settings.model_dir, log=print)  # the set-up step's own output: stdout
    except ModelError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"EmbeddingGemma-300M verified: {path}")
    embedder = SentenceTransformerEmbedder(settings)
    if embedder.backend == "onnx":
        try:
            export = embedder.onnx_export()
        except ExportError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        print(f"ONNX export ready: {export}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
