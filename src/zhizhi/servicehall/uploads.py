"""Materials uploaded with service-hall applications: type checks by content, safe names, private storage.

Files live under MEDIA_ROOT/servicehall/yyyy/mm/<32 random hex>, which the web server never serves; they are read
only through `file_open` after an access check. A file whose StoredFile row was rolled back is left behind on disk;
`file_orphans_remove` (run periodically) deletes such files.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import struct
import unicodedata
import zipfile
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import IO, BinaryIO

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _

from zhizhi.accounts.models import User
from zhizhi.core.errors import InvalidInput, NotFound, PayloadTooLarge
from zhizhi.servicehall.models import StoredFile

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
OFD = "application/ofd"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

ALLOWED_TYPES: dict[str, str] = {PDF: "PDF", JPEG: "JPEG", PNG: "PNG", OFD: "OFD", DOCX: "DOCX", XLSX: "XLSX"}

# The extensions a file of each type may carry; the first one is added to a name that has none.
EXTENSIONS: dict[str, tuple[str, ...]] = {
    PDF: (".pdf",),
    JPEG: (".jpg", ".jpeg", ".jpe"),
    PNG: (".png",),
    OFD: (".ofd",),
    DOCX: (".docx",),
    XLSX: (".xlsx",),
}

MAX_UPLOAD_BYTES: int = int(float(getattr(settings, "SERVICEHALL_MAX_UPLOAD_MB", 10)) * 1024 * 1024)
MAX_NAME_LENGTH = 100
DEFAULT_NAME = "附件"
STORAGE_DIR = "servicehall"

_MAGIC: tuple[tuple[bytes, str], ...] = ((b"%PDF-", PDF), (b"\x89PNG\r\n\x1a\n", PNG), (b"\xff\xd8\xff", JPEG))
_ZIP_MAGIC = b"PK\x03\x04"
# A zip is one of the allowed office formats when its central directory names this member.
_ZIP_MARKERS: tuple[tuple[str, str], ...] = (("OFD.xml", OFD), ("word/document.xml", DOCX), ("xl/workbook.xml", XLSX))
_RESERVED_CHARS = frozenset('<>:"|?*')
_STORED_NAME = re.compile(r"^[0-9a-f]{32}$")
_CHUNK_BYTES = 64 * 1024
_ORPHAN_BATCH = 500


def content_type_detect(*, file: IO[bytes]) -> str | None:
    """Tell an allowed type from a file's content (magic bytes, a zip's member names), else None."""
    start = file.tell()
    try:
        file.seek(0)
        head = file.read(16)
        for magic, content_type in _MAGIC:
            if head.startswith(magic):
                return content_type
        if head.startswith(_ZIP_MAGIC):
            return _zip_type_detect(file=file)
        return None
    finally:
        file.seek(start)


def _zip_type_detect(*, file: IO[bytes]) -> str | None:
    """Tell OFD, DOCX or XLSX from a zip's central directory alone, without extracting anything."""
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, struct.error, OSError, ValueError, EOFError, NotImplementedError):
        return None
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        return None  # macro-enabled documents renamed .docx/.xlsx
    found = [content_type for marker, content_type in _ZIP_MARKERS if marker in names]
    return found[0] if len(found) == 1 else None


def file_name_sanitise(name: str) -> str:
    """Turn a client's file name into a safe display name: no directories, control or reserved characters."""
    name = unicodedata.normalize("NFC", name)
    name = re.split(r"[/\\]", name)[-1]
    name = "".join(char for char in name if _name_char_allowed(char))
    name = name.strip().lstrip(".").strip().rstrip(". ")
    if len(name) > MAX_NAME_LENGTH:
        stem, dot, extension = name.rpartition(".")
        if dot and stem and 0 < len(extension) <= 10:
            name = stem[: MAX_NAME_LENGTH - len(extension) - 1].rstrip(". ") + "." + extension
        else:
            name = name[:MAX_NAME_LENGTH].rstrip(". ")
    return name or DEFAULT_NAME


def _name_char_allowed(char: str) -> bool:
    """False for reserved characters, control and format characters (NUL, RTL override …) and line breaks."""
    category = unicodedata.category(char)
    return char not in _RESERVED_CHARS and not category.startswith("C") and category not in ("Zl", "Zp")


def _size_text(size: int) -> str:
    """A size as people say it: 10 MB, 1.5 MB, 512 KB, 300 字节."""
    mb, kb = 1024 * 1024, 1024
    if size >= mb:
        return f"{size // mb} MB" if size % mb == 0 else f"{size / mb:.1f} MB"
    if size >= kb:
        return f"{size // kb} KB" if size % kb == 0 else f"{size / kb:.1f} KB"
    return _("%(size)d 字节") % {"size": size}


def _type_list() -> str:
    return "、".join(ALLOWED_TYPES.values())


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT).resolve()


def _upload_type_check(*, upload: UploadedFile[bytes], name: str) -> tuple[str, str]:
    """Return the detected content type and the name to keep, or refuse a file whose content or name is wrong."""
    detected = content_type_detect(file=upload)
    if detected is None:
        upload.seek(0)
        is_zip = upload.read(len(_ZIP_MAGIC)) == _ZIP_MAGIC
        raise InvalidInput(
            _("文件“%(name)s”的内容不是允许的类型（%(types)s）") % {"name": name, "types": _type_list()},
            extra={"name": name, "detected": "application/zip" if is_zip else None},
        )
    stem, dot, extension = name.rpartition(".")
    if not (dot and stem):
        return detected, file_name_sanitise(f"{name}{EXTENSIONS[detected][0]}")
    if f".{extension.lower()}" not in EXTENSIONS[detected]:
        raise InvalidInput(
            _("文件“%(name)s”的扩展名与内容不符：内容是 %(label)s 文件，请改用扩展名 %(extension)s")
            % {"name": name, "label": ALLOWED_TYPES[detected], "extension": EXTENSIONS[detected][0]},
            extra={"name": name, "detected": detected, "extension": f".{extension.lower()}"},
        )
    return detected, name


def _too_large(*, name: str, size: int) -> PayloadTooLarge:
    return PayloadTooLarge(
        _("文件“%(name)s”超过 %(limit)s 的上限") % {"name": name, "limit": _size_text(MAX_UPLOAD_BYTES)},
        extra={"name": name, "size": size, "limit": MAX_UPLOAD_BYTES},
    )


def _storage_path_new() -> Path:
    """A fresh path relative to MEDIA_ROOT: servicehall/yyyy/mm/<32 random hex>; no part comes from the user."""
    today = timezone.localdate()
    return Path(STORAGE_DIR) / f"{today:%Y}" / f"{today:%m}" / secrets.token_hex(16)


def _directories_make(*, relative: Path) -> None:
    """Create MEDIA_ROOT and each storage directory below it, readable by the server's user only."""
    root = _media_root()
    root.mkdir(parents=True, exist_ok=True)
    current = root
    for part in relative.parts:
        current = current / part
        current.mkdir(mode=0o700, exist_ok=True)


def _chunks_write(*, chunks: Iterator[bytes], target: Path, name: str) -> tuple[int, str]:
    """Write chunks to a new private file, returning its size and SHA-256; stop at the size limit."""
    digest = hashlib.sha256()
    size = 0
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    descriptor = os.open(target, flags, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as out:
            for chunk in chunks:
                size += len(chunk)
                if size > MAX_UPLOAD_BYTES:
                    raise _too_large(name=name, size=size)
                digest.update(chunk)
                out.write(chunk)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return size, digest.hexdigest()


def file_check(*, upload: UploadedFile[bytes]) -> tuple[str, str]:
    """Refuse an upload that is empty, too large, of a type not allowed or misnamed; else its type and safe name."""
    name = file_name_sanitise(upload.name or "")
    declared_size = upload.size or 0
    if declared_size > MAX_UPLOAD_BYTES:
        raise _too_large(name=name, size=declared_size)
    if declared_size == 0:
        raise InvalidInput(_("文件“%(name)s”是空的") % {"name": name}, extra={"name": name, "size": 0})
    return _upload_type_check(upload=upload, name=name)


def file_store(*, upload: UploadedFile[bytes], uploaded_by: User) -> StoredFile:
    """Check an uploaded material by its content and keep it in private storage, returning its StoredFile row."""
    content_type, name = file_check(upload=upload)
    relative = _storage_path_new()
    _directories_make(relative=relative.parent)
    target = _media_root() / relative
    size, sha256 = _chunks_write(chunks=upload.chunks(_CHUNK_BYTES), target=target, name=name)
    try:
        return StoredFile.objects.create(
            path=relative.as_posix(),
            name=name,
            content_type=content_type,
            size=size,
            sha256=sha256,
            uploaded_by=uploaded_by,
        )
    except BaseException:
        target.unlink(missing_ok=True)
        raise


def file_open(stored: StoredFile) -> BinaryIO:
    """Open a stored file for streaming; NotFound when it is missing on disk."""
    storage = (_media_root() / STORAGE_DIR).resolve()
    path = (_media_root() / stored.path).resolve()
    if not path.is_relative_to(storage):
        raise NotFound(_("文件“%(name)s”不存在") % {"name": stored.name}, extra={"file": stored.pk})
    try:
        return path.open("rb")
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError) as error:
        raise NotFound(_("文件“%(name)s”不存在") % {"name": stored.name}, extra={"file": stored.pk}) from error


def file_orphans_remove(*, older_than: timedelta) -> int:
    """Delete stored files older than `older_than` that no StoredFile row references; return how many."""
    storage = _media_root() / STORAGE_DIR
    if not storage.is_dir():
        return 0
    cutoff = (timezone.now() - older_than).timestamp()
    removed = 0
    for directory, _directories, files in os.walk(storage, followlinks=False):
        candidates: dict[str, Path] = {}
        for file_name in files:
            path = Path(directory) / file_name
            if not _STORED_NAME.match(file_name) or path.is_symlink() or not path.is_file():
                continue
            if path.stat().st_mtime < cutoff:
                candidates[path.relative_to(_media_root()).as_posix()] = path
        relatives = list(candidates)
        for start in range(0, len(relatives), _ORPHAN_BATCH):
            batch = relatives[start : start + _ORPHAN_BATCH]
            referenced = set(StoredFile.objects.filter(path__in=batch).values_list("path", flat=True))
            for relative in batch:
                if relative not in referenced:
                    candidates[relative].unlink(missing_ok=True)
                    removed += 1
    return removed
