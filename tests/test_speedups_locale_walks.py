"""The locale folder walked once per build (``proceedings/speedups/locale_walks.py``): each
list of the catalogues that Sphinx makes in a build is the one it makes without, the
``.mo`` files and the pages are the same, and a catalogue added between two builds of
one process is found by the second."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sphinx.util.i18n import CatalogRepository
from testing import FRENCH_PO_HEADER, build, built_pages, warnings_of

from proceedings.speedups import locale_walks
from proceedings.speedups.locale_walks import OnceCatalogRepository

pytestmark = pytest.mark.extension

HEADER = FRENCH_PO_HEADER


def catalogue(messages: Path, domain: str, source: str, english: str, french: str) -> None:
    path = messages / f'{domain}.po'
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'{HEADER}#: ../../{source}:1\nmsgid "{english}"\nmsgstr "{french}"\n',
                    'utf-8')


def french_root(root: Path) -> Path:
    messages = root / 'locale' / 'fr' / 'LC_MESSAGES'
    catalogue(messages, 'index', 'index.md', 'Test Day', 'Journée de test')
    catalogue(messages, 'parts/first', 'parts/first.md', 'The first part', 'La première partie')
    # What Sphinx leaves out: a dot-folder.
    catalogue(messages, '.old/parts/second', 'parts/second.md', 'The second part', 'Vieux')
    return root


def listed(repository: CatalogRepository) -> tuple[list, list]:
    return (list(repository.pofiles),
            [(c.base_dir, c.domain, c.charset) for c in repository.catalogs])


def test_a_walk_lists_what_sphinx_lists(session_root):
    root = french_root(session_root)
    # A folder whose name ends like a catalogue's: Sphinx lists it (the check refuses it).
    (root / 'locale' / 'fr' / 'LC_MESSAGES' / 'notes.po').mkdir()
    arguments = (root, ['locale', 'missing', 'locale'], 'fr', 'utf-8-sig')
    stock = listed(CatalogRepository(*arguments))
    assert {domain for _base, domain, _charset in stock[1]} == {'index', 'parts/first', 'notes'}
    try:
        locale_walks._walks = {}
        assert listed(OnceCatalogRepository(*arguments)) == stock
        assert len(locale_walks._walks) == 1  # one folder, walked once
        assert listed(OnceCatalogRepository(*arguments)) == stock  # from that walk
        assert listed(OnceCatalogRepository(root, ['locale'], 'de', 'utf-8')) == ([], [])
    finally:
        locale_walks._walks = None
    assert listed(OnceCatalogRepository(*arguments)) == stock  # between builds: Sphinx's


def french_build(make_app, root: Path, monkeypatch, on: bool) -> tuple[dict, int]:
    """What each list of the catalogues gave in a cold French build, how many walks of the
    locale folder it made, the .mo files and the pages."""
    for mo in root.rglob('*.mo'):
        mo.unlink()
    shutil.rmtree(root / '_build', ignore_errors=True)
    lists: list = []
    walks: list = []
    catalogs = OnceCatalogRepository.catalogs
    rglob = Path.rglob

    def recorded(self):
        found = list(catalogs.fget(self))
        lists.append([(c.base_dir, c.domain, c.charset) for c in found])
        yield from found

    def counted(self, pattern):
        if self.name == 'LC_MESSAGES':
            walks.append(self)
        return rglob(self, pattern)

    monkeypatch.setattr(OnceCatalogRepository, 'catalogs', property(recorded))
    monkeypatch.setattr(Path, 'rglob', counted)
    app = build(make_app, root, confoverrides={
        'language': 'fr', 'locale_dirs': ['locale'],
        'proceedings_walk_locale_folders_once': on})
    assert app.statuscode == 0, warnings_of(app)
    dependencies = {name: sorted(str(path) for path in paths)
                    for name, paths in app.env.dependencies.items()}
    app.cleanup()
    monkeypatch.undo()
    files = {mo.relative_to(root).as_posix(): mo.read_bytes() for mo in root.rglob('*.mo')}
    return {'lists': lists, 'dependencies': dependencies, 'mo': files,
            'pages': built_pages(root / '_build' / 'html')}, len(walks)


def test_a_build_lists_the_same_catalogues_with_one_walk(make_app, session_root, monkeypatch):
    root = french_root(session_root)
    stock, stock_walks = french_build(make_app, root, monkeypatch, False)
    once, walks = french_build(make_app, root, monkeypatch, True)
    # Each list Sphinx and the speed-ups made: find_files (twice), what will be compiled,
    # compile_update_catalogs.
    assert len(stock['lists']) == 4
    assert once == stock
    assert set(stock['mo']) == {'locale/fr/LC_MESSAGES/index.mo',
                                'locale/fr/LC_MESSAGES/parts/first.mo'}
    assert 'Journée de test' in stock['pages']['index.html'].decode()
    # Sphinx's walk for its own catalogue (before any extension), the strict check's, and
    # one for every list of the build.
    assert (stock_walks, walks) == (6, 3)


def test_a_catalogue_added_between_two_builds_is_found(make_app, session_root):
    root = french_root(session_root)
    overrides = {'language': 'fr', 'locale_dirs': ['locale']}
    app = build(make_app, root, confoverrides=overrides)
    assert app.statuscode == 0, warnings_of(app)
    app.cleanup()
    page = root / '_build' / 'html' / 'sessions' / 'first-plenary.html'
    assert 'La plénière de la première partie' not in page.read_text('utf-8')

    catalogue(root / 'locale' / 'fr' / 'LC_MESSAGES', 'sessions/first-plenary',
              'sessions/first-plenary.md', 'The plenary of the first part',
              'La plénière de la première partie')
    app = build(make_app, root, confoverrides=overrides)  # the same process, incremental
    assert app.statuscode == 0, warnings_of(app)
    app.cleanup()
    assert (root / 'locale' / 'fr' / 'LC_MESSAGES' / 'sessions' / 'first-plenary.mo').exists()
    assert 'La plénière de la première partie' in page.read_text('utf-8')
