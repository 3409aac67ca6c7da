"""scripts/fetch_models: a checksummed download, tested with a local archive (no network)."""

import hashlib
import zipfile
from pathlib import Path

import pytest

from tests.conftest import script

fetch_models = script("fetch_models")


def _archive(tmp_path: Path, member: str = "vosk-model-test/conf/model.conf") -> tuple[str, str]:
    path = tmp_path / "model.zip"
    with zipfile.ZipFile(path, "w") as bundle:
        bundle.writestr(member, "--sample-frequency=16000\n")
    return path.as_uri(), hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_matching_archive_is_unpacked_into_models(tmp_path: Path) -> None:
    url, digest = _archive(tmp_path)
    folder = fetch_models.fetch("vosk-model-test", url, digest, tmp_path / "models")
    assert (folder / "conf" / "model.conf").read_text().startswith("--sample-frequency")
    assert [p.name for p in (tmp_path / "models").iterdir()] == ["vosk-model-test"]


def test_a_wrong_checksum_keeps_nothing(tmp_path: Path) -> None:
    url, _ = _archive(tmp_path)
    with pytest.raises(fetch_models.FetchError, match="checksum"):
        fetch_models.fetch("vosk-model-test", url, "0" * 64, tmp_path / "models")
    assert list((tmp_path / "models").iterdir()) == []


def test_an_archive_that_escapes_its_folder_is_refused(tmp_path: Path) -> None:
    url, digest = _archive(tmp_path, "../evil.txt")
    with pytest.raises(fetch_models.FetchError, match="unsafe"):
        fetch_models.fetch("vosk-model-test", url, digest, tmp_path / "models")
    assert not (tmp_path / "evil.txt").exists()


def test_an_unreachable_address_is_a_plain_error(tmp_path: Path) -> None:
    missing = (tmp_path / "nothing.zip").as_uri()
    with pytest.raises(fetch_models.FetchError, match="could not download"):
        fetch_models.fetch("vosk-model-test", missing, "0" * 64, tmp_path / "models")


def _served(tmp_path: Path, files: dict[str, bytes]) -> tuple[str, dict[str, str]]:
    served = tmp_path / "served"
    served.mkdir()
    for name, content in files.items():
        (served / name).write_bytes(content)
    return served.as_uri(), {n: hashlib.sha256(c).hexdigest() for n, c in files.items()}


def test_a_whisper_model_is_fetched_file_by_file(tmp_path: Path) -> None:
    url, digests = _served(tmp_path, {"model.bin": b"weights", "config.json": b"{}"})
    folder = fetch_models.fetch_files("whisper-test", url, digests, tmp_path / "models")
    assert (folder / "model.bin").read_bytes() == b"weights"


def test_one_wrong_file_keeps_nothing_of_a_whisper_model(tmp_path: Path) -> None:
    url, digests = _served(tmp_path, {"model.bin": b"weights", "config.json": b"{}"})
    digests["config.json"] = "0" * 64
    with pytest.raises(fetch_models.FetchError, match="checksum"):
        fetch_models.fetch_files("whisper-test", url, digests, tmp_path / "models")
    assert list((tmp_path / "models").iterdir()) == []
