"""furo's navigation computed once per build: the HTML of stock furo, on every page.

Each test builds a generated book (``bench.generate``) with the precomputed navigation and
compares the navigation of every page with what stock furo writes for it, built from the
same sources with ``proceedings_precompute_navigation = False``.
"""

from __future__ import annotations

import difflib
import re
from io import StringIO
from pathlib import Path

import pytest
from furo.navigation import get_navigation_tree
from sphinx.errors import ConfigError
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors

from testing import ALWAYS_PARALLEL, LANGUAGES

pytestmark = pytest.mark.builds

STOCK_FURO = {'proceedings_precompute_navigation': False}
#: Index, two days, six parts of six sessions, and what a navigation must also handle.
SHAPE = {'sessions': 36, 'per_part': 6, 'days': 2, 'variety': True}
SIDEBAR_TREE = re.compile(r'<div class="sidebar-tree">(.*?)</div>', re.S)


class Built:
    def __init__(self, app: SphinxTestApp, parsed: int) -> None:
        self.outdir = Path(app.outdir)
        self.status = strip_colors(app.status.getvalue())
        self.warnings = strip_colors(app.warning.getvalue())
        #: how many different trees furo parsed with BeautifulSoup
        self.parsed = parsed


def build(srcdir: Path, builddir: Path, **options) -> Built:
    app = SphinxTestApp('html', srcdir=srcdir, builddir=builddir,
                        status=StringIO(), warning=StringIO(), **options)
    try:
        get_navigation_tree.cache_clear()
        app.build()
        return Built(app, get_navigation_tree.cache_info().misses)
    finally:
        app.cleanup()  # unregister this application's nodes before the next one


def navigations(outdir: Path) -> dict[str, str | None]:
    """The navigation of every HTML page, as it stands in the page."""
    found = {}
    for page in sorted(outdir.rglob('*.html')):
        if '_static' not in page.parts:
            match = SIDEBAR_TREE.search(page.read_text('utf-8'))
            found[page.relative_to(outdir).as_posix()] = match.group(1) if match else None
    return found


def assert_same_navigation(ours: dict, stock: dict) -> None:
    assert ours.keys() == stock.keys()
    different = [page for page in stock if ours[page] != stock[page]]
    if different:
        page = different[0]
        diff = '\n'.join(difflib.unified_diff(
            (stock[page] or '').splitlines(), (ours[page] or '').splitlines(),
            'stock furo', 'precomputed', lineterm='', n=1))
        pytest.fail(f'{len(different)} pages differ from stock furo, '
                    f'{", ".join(different[:5])}…; {page}:\n{diff}')


@pytest.fixture(scope='module')
def book(generate_book, tmp_path_factory):
    return generate_book(tmp_path_factory.mktemp('navigation') / 'book', **SHAPE)


@pytest.fixture(scope='module')
def stock(book, tmp_path_factory):
    """The navigation of every page as stock furo writes it, built once per language."""
    built: dict[str, dict] = {}

    def navigation_in(language: str) -> dict:
        if language not in built:
            reference = build(book.root, tmp_path_factory.mktemp(f'stock-{language}'),
                              confoverrides={**STOCK_FURO, 'language': language})
            assert reference.warnings == ''
            # Stock furo parses a tree for every page (pages with no current branch
            # share one): that is what the comparison is against.
            assert reference.parsed > len(book.docnames) // 2
            built[language] = navigations(reference.outdir)
        return built[language]

    return navigation_in


@pytest.mark.parametrize('language', LANGUAGES)
def test_every_page_has_the_navigation_of_stock_furo(book, stock, language, tmp_path):
    built = build(book.root, tmp_path, confoverrides={'language': language})
    assert built.warnings == ''
    ours = navigations(built.outdir)
    assert len(ours) == len(book.docnames) + 2  # and the index and search pages
    assert all(ours.values())
    # What changes from page to page is there to compare: the current branch and its
    # ticked checkboxes, the current page, '#' for the page itself.
    session = ours['chapters/day-1/part-01/session-0002.html']
    assert session.count('checked=""') == 2
    assert session.count('current-page') == 1
    assert 'href="#"' in session
    assert 'current' not in ours['chapters/orphan.html']
    assert_same_navigation(ours, stock(language))
    # furo parsed one tree for the whole build (and the empty one it is handed).
    assert built.parsed <= 2


def test_parallel_writes_give_each_page_its_navigation(book, stock, tmp_path, parallel_steps):
    # Sphinx forks writer processes: each must give every page its own branch.
    built = build(book.root, tmp_path, parallel=2, confoverrides=ALWAYS_PARALLEL)
    assert parallel_steps == ['read', 'write']
    assert built.warnings == ''
    assert_same_navigation(navigations(built.outdir), stock('en'))


def written_at(outdir: Path) -> dict[str, int]:
    """When each page was written, to the nanosecond."""
    return {page.relative_to(outdir).with_suffix('').as_posix(): page.stat().st_mtime_ns
            for page in outdir.rglob('*.html') if '_static' not in page.parts}


def rewritten(outdir: Path, before: dict[str, int]) -> set[str]:
    return {page for page, moment in written_at(outdir).items() if before.get(page) != moment}


def test_a_changed_title_is_in_the_navigation_of_every_page(generate_book, tmp_path):
    book = generate_book(tmp_path / 'book', sessions=8, per_part=4)
    session = book.sessions[2]
    first = build(book.root, tmp_path / 'ours')
    before = written_at(first.outdir)
    chapter = book.root / f'{session.docname}.md'
    source = chapter.read_text('utf-8')
    chapter.write_text(source.replace('# Session 3:', '# Session three:', 1), 'utf-8')

    again = build(book.root, tmp_path / 'ours')
    assert again.warnings == ''
    pages = navigations(again.outdir)
    assert rewritten(again.outdir, before) == set(before)
    assert all('Session three:' in navigation for navigation in pages.values())
    stock = build(book.root, tmp_path / 'stock', confoverrides=STOCK_FURO)
    assert_same_navigation(pages, navigations(stock.outdir))


def test_a_changed_paragraph_writes_only_its_pages(generate_book, edit_session, tmp_path):
    book = generate_book(tmp_path / 'book', sessions=8, per_part=4)
    session = book.sessions[2]
    first = build(book.root, tmp_path / 'ours')
    before = written_at(first.outdir)
    edit_session(book, session)
    again = build(book.root, tmp_path / 'ours')
    assert again.warnings == ''
    part = session.docname.rsplit('/', 1)[0] + '/index'
    # The session, its part (Sphinx rewrites the page whose toctree lists a changed
    # page) and the pages Sphinx writes on every build.
    assert rewritten(again.outdir, before) == {session.docname, part, 'genindex', 'search'}


def test_a_document_with_a_tocdepth_leaves_furo_its_own_work(generate_book, tmp_path):
    book = generate_book(tmp_path / 'book', sessions=4, per_part=2)
    part = book.root / 'chapters' / 'part-01' / 'index.md'
    part.write_text('---\ntocdepth: 1\n---\n' + part.read_text('utf-8'), 'utf-8')
    built = build(book.root, tmp_path / 'ours')
    assert 'furo computes the navigation of every page itself: a document sets tocdepth' \
        in built.status
    assert built.parsed > len(book.docnames) // 2
    stock = build(book.root, tmp_path / 'stock', confoverrides=STOCK_FURO)
    assert_same_navigation(navigations(built.outdir), navigations(stock.outdir))


def test_the_option_is_true_or_false(generate_book, tmp_path):
    book = generate_book(tmp_path / 'book', sessions=2)
    with pytest.raises(ConfigError, match='proceedings_precompute_navigation must be True or False'):
        build(book.root, tmp_path / 'out', confoverrides={'proceedings_precompute_navigation': 2})
