"""Download speech models into models/, checking every SHA-256 before keeping anything.

    scripts/fetch_models                 vosk-model-small-en-us-0.15 (40 MB)
    scripts/fetch_models --url U --sha256 H NAME    another archive
    scripts/fetch_models --whisper BASE_URL --file model.bin=SHA256 --file config.json=SHA256 \
        --file tokenizer.json=SHA256 --file vocabulary.txt=SHA256 whisper-base.en
                                         a larger Whisper model for CTranslate2, file by file
                                         (e.g. from https://huggingface.co/Systran/
                                         faster-whisper-base.en/resolve/main), used instead of
                                         the bundled tiny.en

Run it on your own machine: the assistant and its tests never download anything.
"""

import argparse
import hashlib
import sys
import tempfile
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

MODELS = Path(__file__).resolve().parent.parent / "models"
DEFAULT_NAME = "vosk-model-small-en-us-0.15"
DEFAULT_URL = "https://alphacephei.com/vosk/models/vosk-model-small-en-us-0.15.zip"
DEFAULT_SHA256 = "30f26242c4eb449f948e42cb302dd7a686cb29a3423a8367f99ff41780942498"


class FetchError(Exception):
    """A download that cannot be completed or trusted."""


def fetch(name: str, url: str, sha256: str, models: Path = MODELS) -> Path:
    """The model folder ``models/name``, downloaded and unpacked if it is not there yet."""
    target = models / name
    if target.is_dir():
        return target
    models.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=models, prefix=".fetch-") as work:
        archive = Path(work) / "model.zip"
        digest = _download(url, archive)
        if digest != sha256:
            raise FetchError(f"{url} did not match its checksum (got {digest}); nothing was kept")
        _unpack(archive, Path(work) / "unpacked", name).rename(target)
    return target


def fetch_files(name: str, base_url: str, files: dict[str, str], models: Path = MODELS) -> Path:
    """The model folder ``models/name`` made of ``files`` (name -> SHA-256) from ``base_url``;
    nothing is kept unless every file matches."""
    target = models / name
    if target.is_dir():
        return target
    if not files:
        raise FetchError("name each file to fetch with its SHA-256: --file NAME=SHA256")
    models.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=models, prefix=".fetch-") as work:
        folder = Path(work) / name
        folder.mkdir()
        for file_name, sha256 in files.items():
            url = f"{base_url.rstrip('/')}/{file_name}"
            digest = _download(url, folder / Path(file_name).name)
            if digest != sha256:
                raise FetchError(f"{url} did not match its checksum (got {digest}); nothing kept")
        folder.rename(target)
    return target


def _download(url: str, archive: Path) -> str:
    hasher = hashlib.sha256()
    try:
        with urllib.request.urlopen(url, timeout=60) as response, archive.open("wb") as out:
            while block := response.read(1 << 20):
                hasher.update(block)
                out.write(block)
    except (urllib.error.URLError, OSError) as error:
        raise FetchError(f"could not download {url}: {error}") from error
    return hasher.hexdigest()


def _unpack(archive: Path, into: Path, name: str) -> Path:
    try:
        with zipfile.ZipFile(archive) as bundle:
            for member in bundle.namelist():
                if member.startswith("/") or ".." in Path(member).parts:
                    raise FetchError(f"the archive holds an unsafe path: {member}")
            bundle.extractall(into)
    except zipfile.BadZipFile as error:
        raise FetchError("the download is not a zip archive") from error
    inner = into / name
    if inner.is_dir():
        return inner
    entries = list(into.iterdir())
    if len(entries) == 1 and entries[0].is_dir():
        return entries[0]
    return into


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("name", nargs="?", default=DEFAULT_NAME)
    parser.add_argument("--url", default=DEFAULT_URL)
    parser.add_argument("--sha256", default=DEFAULT_SHA256)
    parser.add_argument("--whisper", metavar="BASE_URL", help="fetch a Whisper model's files")
    parser.add_argument("--file", action="append", default=[], metavar="NAME=SHA256")
    args = parser.parse_args()
    try:
        if args.whisper:
            files = dict(item.split("=", 1) for item in args.file)
            folder = fetch_files(args.name, args.whisper, files)
        else:
            folder = fetch(args.name, args.url, args.sha256)
    except (FetchError, ValueError) as error:
        print(f"fetch_models: {error}", file=sys.stderr)
        return 1
    print(f"{folder} is ready; `assistant doctor` names the engine that will use it.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
