"""Tests for zhizhi.servicehall.uploads: type by content, refused files, safe names, private storage, orphans."""

from __future__ import annotations

import hashlib
import io
import os
import re
import stat
import struct
import time
import zipfile
import zlib
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st

from zhizhi.accounts.tests.factories import UserFactory
from zhizhi.core.errors import InvalidInput, NotFound, PayloadTooLarge
from zhizhi.servicehall import uploads
from zhizhi.servicehall.models import StoredFile
from zhizhi.servicehall.uploads import (
    DOCX,
    JPEG,
    OFD,
    PDF,
    PNG,
    XLSX,
    content_type_detect,
    file_name_sanitise,
    file_open,
    file_orphans_remove,
    file_store,
)

MINIMAL_PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n"
    b"2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj\n"
    b"3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 72 72]>> endobj\n"
    b"trailer <</Root 1 0 R>>\n%%EOF\n"
)
# A 1x1 greyscale baseline JPEG (SOI, JFIF APP0, DQT, SOF0, DHT, SOS, one MCU, EOI).
MINIMAL_JPEG = bytes.fromhex(
    "ffd8ffe000104a46494600010100000100010000"
    "ffdb004300" + "01" * 64 + "ffc0000b080001000101011100"
    "ffc4001f0000010501010101010100000000000000000102030405060708090a0b"
    "ffc400b5100002010303020403050504040000017d01020300041105122131410613516107227114328191a1082342b1c11552d1f024"
    "33627282090a161718191a25262728292a3435363738393a434445464748494a535455565758595a636465666768696a737475767778"
    "797a838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9"
    "dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9fa"
    "ffda0008010100003f002bffd9"
)
EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    + b"\x00" * 48
    + b"This program cannot be run in DOS mode."
)
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


def png_make() -> bytes:
    """A valid 1x1 red PNG, built chunk by chunk."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def zip_make(members: dict[str, bytes]) -> bytes:
    """A zip archive holding `members`, deflated."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


OFD_BYTES = zip_make({"OFD.xml": b"<ofd:OFD/>", "Doc_0/Document.xml": b"<ofd:Document/>"})
DOCX_BYTES = zip_make({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
XLSX_BYTES = zip_make({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})


DETECTABLE = (None, *uploads.ALLOWED_TYPES)


@pytest.fixture
def media_root(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path / "media"


def upload(name: str, content: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def stored_files(media_root: Path) -> list[Path]:
    return [path for path in media_root.rglob("*") if path.is_file()]


# Accepted types


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("营业执照.pdf", MINIMAL_PDF, PDF),
        ("门头照片.png", png_make(), PNG),
        ("身份证正面.jpg", MINIMAL_JPEG, JPEG),
        ("身份证反面.JPEG", MINIMAL_JPEG, JPEG),
        ("电子证照.ofd", OFD_BYTES, OFD),
        ("承诺书.docx", DOCX_BYTES, DOCX),
        ("从业人员名单.xlsx", XLSX_BYTES, XLSX),
    ],
)
def test_allowed_files_are_stored_with_the_type_their_content_shows(media_root, name, content, expected):
    # given a client that claims every file is a PDF
    user = UserFactory()
    # when
    stored = file_store(upload=upload(name, content, content_type="application/pdf"), uploaded_by=user)
    # then the type comes from the content
    assert stored.content_type == expected
    assert stored.name == name
    assert stored.size == len(content)
    assert StoredFile.objects.get(pk=stored.pk).uploaded_by == user


@pytest.mark.django_db
def test_stored_file_is_private_under_media_root_with_its_sha256(media_root):
    stored = file_store(upload=upload("申请书.pdf", MINIMAL_PDF), uploaded_by=UserFactory())

    assert re.fullmatch(r"servicehall/\d{4}/\d{2}/[0-9a-f]{32}", stored.path)
    on_disk = media_root / stored.path
    assert on_disk.is_file()
    assert stat.S_IMODE(on_disk.stat().st_mode) == 0o600
    assert on_disk.read_bytes() == MINIMAL_PDF
    assert stored.sha256 == hashlib.sha256(MINIMAL_PDF).hexdigest()
    with file_open(stored) as opened:
        assert opened.read() == MINIMAL_PDF


@pytest.mark.django_db
def test_each_upload_gets_its_own_random_path(media_root):
    user = UserFactory()
    first = file_store(upload=upload("a.pdf", MINIMAL_PDF), uploaded_by=user)
    second = file_store(upload=upload("a.pdf", MINIMAL_PDF), uploaded_by=user)
    assert first.path != second.path
    assert "a.pdf" not in first.path


@pytest.mark.django_db
def test_a_name_without_extension_gets_the_one_its_content_shows(media_root):
    stored = file_store(upload=upload("扫描件", png_make()), uploaded_by=UserFactory())
    assert stored.name == "扫描件.png"


# Refused files


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "detected"),
    [
        ("发票.pdf", EXE, None),
        ("照片.png", HTML, None),
        ("脚本.pdf", b"#!/bin/sh\nrm -rf /\n", None),
        ("材料.pdf", zip_make({"readme.txt": b"hello"}), "application/zip"),
        ("表格.docx", zip_make({"word/readme.txt": b"hello"}), "application/zip"),
        ("宏.docx", zip_make({"word/document.xml": b"<w/>", "word/vbaProject.bin": b"\x00"}), "application/zip"),
        ("半截.docx", b"PK\x03\x04" + b"\x00" * 40, "application/zip"),
    ],
)
def test_content_that_is_not_an_allowed_type_is_refused(media_root, name, content, detected):
    with pytest.raises(InvalidInput) as refused:
        file_store(upload=upload(name, content), uploaded_by=UserFactory())

    assert refused.value.status == 422
    assert str(refused.value.message) == f"文件“{name}”的内容不是允许的类型（PDF、JPEG、PNG、OFD、DOCX、XLSX）"
    assert refused.value.extra == {"name": name, "detected": detected}
    assert not StoredFile.objects.exists()
    assert stored_files(media_root) == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "detected", "hint"),
    [
        ("照片.pdf", png_make(), PNG, ".png"),
        ("合同.jpg", MINIMAL_PDF, PDF, ".pdf"),
        ("表格.docx", XLSX_BYTES, XLSX, ".xlsx"),
        ("证照.txt", OFD_BYTES, OFD, ".ofd"),
    ],
)
def test_an_extension_that_disagrees_with_the_content_is_refused(media_root, name, content, detected, hint):
    with pytest.raises(InvalidInput) as refused:
        file_store(upload=upload(name, content), uploaded_by=UserFactory())

    message = str(refused.value.message)
    assert "扩展名与内容不符" in message and uploads.ALLOWED_TYPES[detected] in message and hint in message
    assert refused.value.extra["detected"] == detected
    assert stored_files(media_root) == []


@pytest.mark.django_db
def test_an_oversized_upload_is_refused_with_413(media_root, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_UPLOAD_BYTES", 1024)
    content = MINIMAL_PDF + b"%" * (1025 - len(MINIMAL_PDF))

    with pytest.raises(PayloadTooLarge) as refused:
        file_store(upload=upload("大文件.pdf", content), uploaded_by=UserFactory())

    assert refused.value.status == 413
    assert str(refused.value.message) == "文件“大文件.pdf”超过 1 KB 的上限"
    assert refused.value.extra == {"name": "大文件.pdf", "size": 1025, "limit": 1024}
    assert stored_files(media_root) == []


@pytest.mark.django_db
def test_the_limit_holds_while_copying_even_if_the_declared_size_is_wrong(media_root, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_UPLOAD_BYTES", 1024)
    lying = upload("大文件.pdf", MINIMAL_PDF + b"%" * 4096)
    lying.size = 100

    with pytest.raises(PayloadTooLarge):
        file_store(upload=lying, uploaded_by=UserFactory())

    assert stored_files(media_root) == []
    assert not StoredFile.objects.exists()


def test_the_limit_message_uses_megabytes_by_default():
    assert uploads._size_text(10 * 1024 * 1024) == "10 MB"
    assert uploads._size_text(1536 * 1024) == "1.5 MB"


@pytest.mark.django_db
def test_an_empty_file_is_refused(media_root):
    with pytest.raises(InvalidInput) as refused:
        file_store(upload=upload("空白.pdf", b""), uploaded_by=UserFactory())
    assert str(refused.value.message) == "文件“空白.pdf”是空的"
    assert stored_files(media_root) == []


# Detection


def test_zip_types_are_told_from_member_names_without_reading_any_member(monkeypatch):
    # given a DOCX with a member that would inflate to 64 MB
    bomb = zip_make({"word/document.xml": b"<w/>", "word/media/big.bin": b"\x00" * (64 * 1024 * 1024)})
    assert len(bomb) < 200 * 1024

    def refuse_to_extract(*args: object, **kwargs: object) -> None:
        raise AssertionError("a zip member was read")

    monkeypatch.setattr(zipfile.ZipFile, "open", refuse_to_extract)
    # when / then
    assert content_type_detect(file=io.BytesIO(bomb)) == DOCX


def test_detection_leaves_the_file_position_where_it_was():
    file = io.BytesIO(MINIMAL_PDF)
    file.seek(7)
    assert content_type_detect(file=file) == PDF
    assert file.tell() == 7


def test_a_zip_matching_two_formats_is_not_guessed():
    both = zip_make({"OFD.xml": b"<ofd/>", "word/document.xml": b"<w/>"})
    assert content_type_detect(file=io.BytesIO(both)) is None


@given(st.binary(max_size=300))
def test_detection_of_arbitrary_bytes_never_fails(tail):
    for head in (b"PK\x03\x04", b"%PDF-", b""):
        assert content_type_detect(file=io.BytesIO(head + tail + b"PK\x05\x06" + tail)) in DETECTABLE


@given(st.integers(min_value=0, max_value=len(DOCX_BYTES) - 1), st.binary(min_size=1, max_size=8))
def test_detection_of_damaged_zips_never_fails(position, junk):
    damaged = DOCX_BYTES[:position] + junk + DOCX_BYTES[position + len(junk) :]
    assert content_type_detect(file=io.BytesIO(damaged)) in DETECTABLE


# Names


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\x\\y.pdf", "y.pdf"),
        ("/var/www/html/index.pdf", "index.pdf"),
        ("..\\..\\boot.ini", "boot.ini"),
        ("报告\x00.exe.pdf", "报告.exe.pdf"),
        ("a\x01b\x1fc\x7f\r\n.pdf", "abc.pdf"),
        ("发票\u202efdp.exe", "发票fdp.exe"),
        ('申<请>:"书|?*.pdf', "申请书.pdf"),
        ("...hidden.pdf", "hidden.pdf"),
        (".bashrc", "bashrc"),
        ("结尾有点. . .", "结尾有点"),
        ("  营业执照 复印件.pdf  ", "营业执照 复印件.pdf"),
        ("", "附件"),
        ("../..", "附件"),
        ("\x00\x01", "附件"),
        ("<>?*", "附件"),
    ],
)
def test_file_names_are_sanitised(raw, expected):
    assert file_name_sanitise(raw) == expected


def test_a_long_chinese_name_is_cut_to_100_characters_keeping_its_extension():
    name = file_name_sanitise("营" * 300 + ".pdf")
    assert len(name) == 100
    assert name == "营" * 96 + ".pdf"


def test_a_long_name_without_a_usable_extension_is_cut_to_100_characters():
    assert file_name_sanitise("营" * 300) == "营" * 100
    assert len(file_name_sanitise("a." + "b" * 300)) == 100


@pytest.mark.django_db
def test_the_stored_name_is_sanitised(media_root):
    stored = file_store(upload=upload("../../营业执照\x00.pdf", MINIMAL_PDF), uploaded_by=UserFactory())
    assert stored.name == "营业执照.pdf"


# Opening


@pytest.mark.django_db
def test_opening_a_file_missing_on_disk_is_not_found(media_root):
    stored = file_store(upload=upload("申请书.pdf", MINIMAL_PDF), uploaded_by=UserFactory())
    (media_root / stored.path).unlink()
    with pytest.raises(NotFound):
        file_open(stored)


@pytest.mark.django_db
def test_a_path_outside_the_storage_directory_is_never_opened(media_root):
    secret = media_root / "secret_key"
    media_root.mkdir(parents=True)
    secret.write_text("s3cret")
    stored = StoredFile(path="servicehall/../secret_key", name="x.pdf", size=6, sha256="", uploaded_by=UserFactory())
    with pytest.raises(NotFound):
        file_open(stored)


# Orphans


def age(path: Path, *, days: int) -> None:
    then = time.time() - days * 86400
    os.utime(path, (then, then))


@pytest.mark.django_db
def test_orphan_removal_deletes_only_old_unreferenced_files(media_root):
    # given a kept file, an old orphan (its row rolled back), a fresh orphan and a stranger's file
    user = UserFactory()
    kept = file_store(upload=upload("保留.pdf", MINIMAL_PDF), uploaded_by=user)
    with pytest.raises(RuntimeError), transaction.atomic():
        rolled_back = file_store(upload=upload("回滚.pdf", MINIMAL_PDF), uploaded_by=user)
        raise RuntimeError("the caller's transaction fails")
    assert not StoredFile.objects.filter(path=rolled_back.path).exists()
    fresh_orphan = file_store(upload=upload("新.pdf", MINIMAL_PDF), uploaded_by=user)
    StoredFile.objects.filter(pk=fresh_orphan.pk).delete()
    stranger = media_root / "servicehall" / "README"
    stranger.write_text("not ours")
    for path in (media_root / kept.path, media_root / rolled_back.path, stranger):
        age(path, days=3)

    # when
    removed = file_orphans_remove(older_than=timedelta(days=1))

    # then
    assert removed == 1
    assert not (media_root / rolled_back.path).exists()
    assert (media_root / kept.path).exists()
    assert (media_root / fresh_orphan.path).exists()
    assert stranger.exists()
    assert file_orphans_remove(older_than=timedelta(days=1)) == 0


@pytest.mark.django_db
def test_orphan_removal_with_no_storage_yet_removes_nothing(media_root):
    assert file_orphans_remove(older_than=timedelta(hours=1)) == 0
