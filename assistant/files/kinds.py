"""What kind of file a name is, and where organising puts each kind."""

SUFFIXES: dict[str, tuple[str, ...]] = {
    "pdf": (".pdf",),
    "photos": (".jpg", ".jpeg", ".png", ".gif", ".heic", ".webp", ".bmp", ".tif", ".tiff", ".svg"),
    "music": (".mp3", ".flac", ".ogg", ".oga", ".m4a", ".wav", ".aac", ".opus"),
    "videos": (".mp4", ".mkv", ".mov", ".avi", ".webm", ".m4v"),
    "documents": (".doc", ".docx", ".odt", ".rtf", ".txt", ".md", ".epub"),
    "spreadsheets": (".xls", ".xlsx", ".ods", ".csv"),
    "presentations": (".ppt", ".pptx", ".odp", ".key"),
    "archives": (".zip", ".tar", ".gz", ".tgz", ".bz2", ".xz", ".7z", ".rar", ".zst"),
    "installers": (".deb", ".rpm", ".appimage", ".flatpakref", ".exe", ".msi", ".dmg", ".pkg"),
}
KIND_OF_SUFFIX = {suffix: kind for kind, suffixes in SUFFIXES.items() for suffix in suffixes}

FOLDER_FOR_KIND: dict[str, str] = {
    "pdf": "PDFs",
    "photos": "Pictures",
    "music": "Music",
    "videos": "Videos",
    "documents": "Documents",
    "spreadsheets": "Spreadsheets",
    "presentations": "Presentations",
    "archives": "Archives",
    "installers": "Installers",
}
"""The subfolder each kind goes to; the user can rename them in ``organise_folders``."""

SPOKEN_KIND = {
    "pdf": ("PDF", "PDFs"),
    "photos": ("picture", "pictures"),
    "music": ("song", "songs"),
    "videos": ("video", "videos"),
    "documents": ("document", "documents"),
    "spreadsheets": ("spreadsheet", "spreadsheets"),
    "presentations": ("presentation", "presentations"),
    "archives": ("archive", "archives"),
    "installers": ("installer", "installers"),
    "other": ("other file", "other files"),
}

PARTIAL_DOWNLOAD_SUFFIXES = (".part", ".crdownload", ".download", ".partial", ".tmp")
"""Files still being written by a browser: never moved."""


def kind_of(name: str) -> str:
    """The kind of a file, from its name: "pdf", "photos", ..., or "other"."""
    lower = name.lower()
    if lower.endswith((".tar.gz", ".tar.xz", ".tar.bz2")):
        return "archives"
    dot = lower.rfind(".")
    return KIND_OF_SUFFIX.get(lower[dot:], "other") if dot > 0 else "other"


def spoken_count(kind: str, count: int) -> str:
    """ "1 PDF", "12 pictures"."""
    one, many = SPOKEN_KIND.get(kind, ("file", "files"))
    return f"{count} {one if count == 1 else many}"


def is_partial_download(name: str) -> bool:
    """True for a file a browser is still downloading."""
    return name.lower().endswith(PARTIAL_DOWNLOAD_SUFFIXES)
