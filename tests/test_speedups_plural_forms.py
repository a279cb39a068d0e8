"""Plural expressions compiled once per build (``proceedings/speedups/plural_forms.py``)
give every catalogue the forms it had, change no page, and leave ``gettext`` as it was."""

from __future__ import annotations

import gettext
import shutil
from pathlib import Path

import pytest

from proceedings.speedups.plural_forms import CompiledOnce

from testing import FRENCH_PO_HEADER, build, built_pages, warnings_of

pytestmark = pytest.mark.extension

#: Two expressions, so that catalogues share one and not the other.
FRENCH = 'nplurals=2; plural=(n > 1);'
OTHER = 'nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2);'
STOCK_PARSE = gettext.GNUTranslations._parse


def header(plural_forms: str) -> str:
    return FRENCH_PO_HEADER.replace(FRENCH, plural_forms)


def french_root(root: Path) -> Path:
    messages = root / 'locale' / 'fr' / 'LC_MESSAGES'
    (messages / 'parts').mkdir(parents=True)
    (messages / 'index.po').write_text(
        header(FRENCH) + '#: ../../index.md:1\nmsgid "Test Day"\nmsgstr "Journée de test"\n',
        'utf-8')
    (messages / 'parts' / 'first.po').write_text(
        header(FRENCH) + '#: ../../parts/first.md:1\nmsgid "The first part"\n'
        'msgstr "La première partie"\n', 'utf-8')
    (messages / 'parts' / 'second.po').write_text(
        header(OTHER) + '#: ../../parts/second.md:1\nmsgid "The second part"\n'
        'msgstr "La seconde partie"\n', 'utf-8')
    return root


def french_build(make_app, root: Path, monkeypatch, once: bool) -> tuple[dict, list]:
    """The pages of a cold French build, and each catalogue's plural function as loaded."""
    for mo in root.rglob('*.mo'):
        mo.unlink()
    shutil.rmtree(root / '_build', ignore_errors=True)
    loaded: list[tuple[str, object]] = []

    def parse(self, fp):
        STOCK_PARSE(self, fp)
        if getattr(fp, 'name', '').startswith(str(root)):
            loaded.append((self._info.get('plural-forms', ''), self.plural))

    monkeypatch.setattr(gettext.GNUTranslations, '_parse', parse)
    # gettext keeps each .mo it read, by path, for the process: read them again.
    monkeypatch.setattr(gettext, '_translations', {})
    app = build(make_app, root, confoverrides={
        'language': 'fr', 'locale_dirs': ['locale'],
        'proceedings_compile_plural_forms_once': once})
    assert app.statuscode == 0, warnings_of(app)
    pages = built_pages(Path(app.outdir))
    app.cleanup()
    return pages, loaded


def test_each_catalogue_has_its_forms_and_the_pages_are_the_same(make_app, session_root,
                                                                 monkeypatch):
    # gettext's own, even if an application made and never built left the cache on.
    stock_c2py = CompiledOnce.stock or gettext.c2py
    root = french_root(session_root)
    stock_pages, stock_loaded = french_build(make_app, root, monkeypatch, False)
    pages, loaded = french_build(make_app, root, monkeypatch, True)
    assert gettext.c2py is stock_c2py  # given back at the end of the build

    assert 'Journée de test'.encode() in pages['index.html']
    assert pages == stock_pages
    # The same catalogues, loaded in the same order, with the same expressions.
    assert [forms for forms, _ in loaded] == [forms for forms, _ in stock_loaded]
    assert {forms for forms, _ in loaded} == {FRENCH, OTHER}
    for (forms, plural), (_, stock) in zip(loaded, stock_loaded):
        assert [plural(n) for n in range(1001)] == [stock(n) for n in range(1001)], forms
    # Once per expression: the catalogues that share one share its function.
    by_expression: dict[str, set[int]] = {}
    for forms, plural in loaded:
        by_expression.setdefault(forms, set()).add(id(plural))
    assert all(len(functions) == 1 for functions in by_expression.values()), by_expression
    stock_french = {id(plural) for forms, plural in stock_loaded if forms == FRENCH}
    assert len(stock_french) == sum(1 for forms, _ in stock_loaded if forms == FRENCH) > 1


def test_an_expression_that_is_not_one_fails_at_each_load(make_app, session_root):

    app = build(make_app, session_root, confoverrides={'language': 'en'})
    CompiledOnce.start(app, app.config)
    try:
        for _ in range(2):
            with pytest.raises(ValueError):
                gettext.c2py('n +')
        assert gettext.c2py('(n > 1)') is gettext.c2py('(n > 1)')
    finally:
        CompiledOnce.stop(app, None)
        app.cleanup()
    assert gettext.c2py('(n > 1)') is not gettext.c2py('(n > 1)')


def test_an_application_never_built_leaves_no_cache_to_a_build_without_it(make_app,
                                                                          session_root):
    stock = gettext.c2py
    make_app('html', srcdir=session_root, confoverrides={'language': 'en'})  # never built
    assert gettext.c2py is not stock
    app = build(make_app, session_root, confoverrides={
        'language': 'en', 'proceedings_compile_plural_forms_once': False})
    app.cleanup()
    assert gettext.c2py is stock
