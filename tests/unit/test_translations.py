"""The Chinese catalogue is complete: every marked string has a real translation."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
ZH = ROOT / "petitiondesk" / "translations" / "zh_CN" / "LC_MESSAGES"


def _catalogue(path: Path):
    with path.open("rb") as f:
        return read_po(f)


@pytest.fixture(scope="module")
def zh():
    return _catalogue(ZH / "messages.po")


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """Extract the marked strings afresh, exactly as scripts/i18n does."""
    pot = tmp_path_factory.mktemp("i18n") / "messages.pot"
    pybabel = Path(sys.executable).with_name("pybabel")
    subprocess.run([str(pybabel), "-q", "extract", "-F", "babel.cfg", "-k", "_l",
                    "-k", "lazy_gettext", "--no-location", "-o", str(pot), "."],
                   cwd=ROOT, check=True)
    return _catalogue(pot)


def test_every_chinese_message_is_translated_and_not_fuzzy(zh):
    missing = [m.id for m in zh if m.id and (not m.string or m.fuzzy)]
    assert missing == [], f"untranslated or fuzzy in zh_CN: {missing}"


def test_every_marked_string_is_in_the_chinese_catalogue(zh, extracted):
    known = {m.id for m in zh if m.id}
    absent = sorted(str(m.id) for m in extracted if m.id and m.id not in known)
    assert absent == [], f"run scripts/i18n and translate: {absent}"


def test_translations_keep_their_placeholders(zh):
    problems = [(m.id, [str(e) for e in errors]) for m, errors in zh.check()]
    assert problems == []


def test_the_compiled_catalogue_is_not_older_than_its_source():
    po, mo = ZH / "messages.po", ZH / "messages.mo"
    with mo.open("rb") as f:
        from babel.messages.mofile import read_mo

        compiled = {m.id: m.string for m in read_mo(f) if m.id}
    source = {m.id: m.string for m in _catalogue(po) if m.id and m.string and not m.fuzzy}
    assert compiled == source, "run scripts/i18n compile"
