"""The English catalogue is complete and compiles without gettext tools."""

from babel.messages.pofile import read_po

from zhizhi.core.translations import LOCALE_DIR, translations_compile


def test_english_catalogue_has_no_missing_or_fuzzy_entries():
    with (LOCALE_DIR / "en" / "LC_MESSAGES" / "django.po").open("rb") as po:
        catalog = read_po(po)
    missing = [m.id for m in catalog if m.id and (not m.string or m.fuzzy)]
    assert missing == []
    assert len(catalog) > 250


def test_catalogues_compile(tmp_path):
    target = tmp_path / "en" / "LC_MESSAGES"
    target.mkdir(parents=True)
    (target / "django.po").write_bytes((LOCALE_DIR / "en" / "LC_MESSAGES" / "django.po").read_bytes())
    [written] = translations_compile(tmp_path)
    assert written.stat().st_size > 10_000
