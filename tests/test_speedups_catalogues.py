"""Catalogues compiled from the strict check's reading (``proceedings/speedups/catalogues.py``)
are the ``.mo`` files Sphinx compiles, byte for byte, and Sphinx compiles none again."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sphinx.util.i18n import CatalogInfo
from testing import FRENCH_PO_HEADER, build, warnings_of

pytestmark = pytest.mark.extension

HEADER = FRENCH_PO_HEADER
#: A header without its plural forms: read with the build's language, as Sphinx does,
#: the catalogue takes French's; read without, English's. It is left to Sphinx.
BARE_HEADER = '''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"POT-Creation-Date: 2018-11-07 09:00+0100\\n"

'''


def french_root(root: Path) -> Path:
    messages = root / 'locale' / 'fr' / 'LC_MESSAGES'
    (messages / 'parts').mkdir(parents=True)
    (messages / 'index.po').write_text(
        HEADER + '#: ../../index.md:1\nmsgid "Test Day"\nmsgstr "Journée de test"\n\n'
        '#: ../../index.md:3\n#, fuzzy\nmsgid "Programme"\nmsgstr "Programme du jour"\n',
        'utf-8')
    (messages / 'parts' / 'first.po').write_text(
        HEADER + '#: ../../parts/first.md:1\nmsgid "The first part"\n'
        'msgstr "La première partie"\n', 'utf-8')
    (messages / 'parts' / 'second.po').write_text(
        BARE_HEADER + '#: ../../parts/second.md:1\nmsgid "The second part"\n'
        'msgstr "La seconde partie"\n', 'utf-8')
    return root


def compiled(make_app, root: Path, monkeypatch, on: bool, fuzzy: bool) -> tuple[dict, list]:
    """The .mo files after a French build, and those that Sphinx compiled itself."""
    for mo in root.rglob('*.mo'):
        mo.unlink()
    # A cold build: the check reads every catalogue (it keeps its findings in doctrees).
    shutil.rmtree(root / '_build', ignore_errors=True)
    by_sphinx: list[str] = []
    original = CatalogInfo.write_mo

    def write_mo(self, locale, use_fuzzy=False):
        by_sphinx.append(self.domain)
        return original(self, locale, use_fuzzy)

    monkeypatch.setattr(CatalogInfo, 'write_mo', write_mo)
    app = build(make_app, root, confoverrides={
        'language': 'fr', 'locale_dirs': ['locale'],
        'gettext_allow_fuzzy_translations': fuzzy,
        'proceedings_compile_checked_catalogues': on})
    assert app.statuscode == 0, warnings_of(app)
    app.cleanup()
    files = {mo.relative_to(root).as_posix(): mo.read_bytes() for mo in root.rglob('*.mo')}
    return files, sorted(by_sphinx)


def test_the_checked_catalogues_compile_to_the_same_files(make_app, session_root, monkeypatch):
    root = french_root(session_root)
    # Fuzzy translations allowed: the .mo holds them only if the option reaches babel.
    stock, stock_compiled = compiled(make_app, root, monkeypatch, False, True)
    mo, sphinx_compiled = compiled(make_app, root, monkeypatch, True, True)

    assert stock_compiled == ['index', 'parts/first', 'parts/second']
    # Sphinx compiled only the catalogue whose header leaves its plural forms to the locale.
    assert sphinx_compiled == ['parts/second']
    assert mo.keys() == stock.keys() and len(mo) == 3
    for name, data in mo.items():
        assert data == stock[name], name
    assert b'Programme du jour' in mo['locale/fr/LC_MESSAGES/index.mo']

    # A cold build with the .mo files of the last one compiles none of them again.
    index = root / 'locale' / 'fr' / 'LC_MESSAGES' / 'index.mo'
    before = index.stat().st_mtime_ns
    shutil.rmtree(root / '_build')
    app = build(make_app, root, confoverrides={'language': 'fr', 'locale_dirs': ['locale']})
    app.cleanup()
    assert index.stat().st_mtime_ns == before
