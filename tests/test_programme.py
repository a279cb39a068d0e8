"""The programme page, generated from the session chapters of a small test root."""

from __future__ import annotations

import pytest

from bs4 import BeautifulSoup

from sphinx.util.console import strip_colors

from testing import ALWAYS_PARALLEL, build, warnings_of

pytestmark = pytest.mark.extension

ORDER = [
    ('The first part', [('Plenary', 'The plenary of the first part'),
                        ('Round table', 'The round-table of the first part')]),
    ('The second part', [('Plenary', 'The plenary of the second part'),
                         ('Round table', 'The round-table of the second part')]),
]


def programme_of(app) -> list[tuple[str, list[tuple[str, str]]]]:
    soup = BeautifulSoup((app.outdir / 'index.html').read_text('utf-8'), 'html.parser')
    found = []
    for part in soup.select('p.programme-part'):
        sessions = part.find_next_sibling('ul').select('li.programme-session')
        found.append((part.get_text(), [
            (li.select_one('.session-kind').get_text(), li.find('a').get_text())
            for li in sessions
        ]))
    return found


def test_programme_lists_every_session_by_part_in_order(make_app, session_root):
    app = build(make_app, session_root)
    assert warnings_of(app) == ''
    assert programme_of(app) == ORDER
    soup = BeautifulSoup((app.outdir / 'index.html').read_text('utf-8'), 'html.parser')
    first = soup.select_one('li.programme-session')
    assert first.find('a')['href'] == 'sessions/first-plenary.html'
    recording = first.select_one('a.recording-link')
    assert recording['href'] == 'https://recordings.example.org/first-plenary'
    assert recording['hreflang'] == 'fr'


def test_programme_follows_a_new_title_on_an_incremental_build(make_app, session_root):
    app = build(make_app, session_root)
    app.cleanup()
    chapter = session_root / 'sessions' / 'second-plenary.md'
    chapter.write_text(chapter.read_text('utf-8').replace(
        '# The plenary of the second part', '# A new title'), 'utf-8')
    again = build(make_app, session_root)
    # Incremental: only the renamed chapter changed in the sources.
    assert 'reading sources... [ 50%] index' in strip_colors(again.status.getvalue())
    assert programme_of(again)[1][1][0] == ('Plenary', 'A new title')


def test_programme_follows_a_new_session_on_an_incremental_build(make_app, session_root):
    app = build(make_app, session_root)
    app.cleanup()
    # A new session in the second part, and a new title for an old one.
    (session_root / 'sessions' / 'second-workshop.md').write_text(
        (session_root / 'sessions' / 'second-plenary.md').read_text('utf-8')
        .replace('# The plenary of the second part', '# A late session')
        .replace('second-plenary', 'second-workshop'), 'utf-8')
    part = session_root / 'parts' / 'second.md'
    part.write_text(part.read_text('utf-8').replace(
        '../sessions/second-round-table', '../sessions/second-round-table\n../sessions/second-workshop'),
        'utf-8')
    chapter = session_root / 'sessions' / 'first-round-table.md'
    chapter.write_text(chapter.read_text('utf-8').replace(
        '# The round-table of the first part', '# A renamed round table'), 'utf-8')
    again = build(make_app, session_root)
    assert 'sessions/second-workshop' in again.env.domains['proceedings'].sessions
    assert programme_of(again) == [
        ('The first part', [('Plenary', 'The plenary of the first part'),
                            ('Round table', 'A renamed round table')]),
        ('The second part', [('Plenary', 'The plenary of the second part'),
                             ('Round table', 'The round-table of the second part'),
                             ('Plenary', 'A late session')]),
    ]


def test_programme_in_a_parallel_build(make_app, session_root, tmp_path, parallel_steps):
    app = make_app('html', srcdir=session_root, builddir=tmp_path / 'parallel', parallel=2,
                   confoverrides=ALWAYS_PARALLEL)
    app.build()
    assert parallel_steps == ['read', 'write']
    assert warnings_of(app) == ''
    assert programme_of(app) == ORDER


def test_programme_in_latex(make_app, session_root):
    app = build(make_app, session_root, 'latex')
    tex = (app.outdir / 'test-day-en.tex').read_text('utf-8')
    programme = tex[tex.index(r'\chapter{Programme}'):]
    positions = [programme.index(title.replace('-', r'\sphinxhyphen{}'))
                 for _part, sessions in ORDER for _kind, title in sessions]
    assert positions == sorted(positions)
    assert r'\sphinxhref{https://recordings.example.org/second-plenary}{recording (in French)}' in tex


def test_bibtex_files_follow_a_new_title_and_the_others_stay_unwritten(make_app, session_root):
    app = build(make_app, session_root)
    app.cleanup()
    first, second = (app.outdir / 'sessions' / f'{name}.bib'
                     for name in ('first-plenary', 'second-plenary'))
    book = app.outdir / 'test-day-en.bib'
    written = first.stat().st_mtime_ns
    chapter = session_root / 'sessions' / 'second-plenary.md'
    chapter.write_text(chapter.read_text('utf-8').replace(
        '# The plenary of the second part', '# A new title'), 'utf-8')
    build(make_app, session_root)
    assert 'title = {{A} new title}' in second.read_text('utf-8')
    assert 'title = {{A} new title}' in book.read_text('utf-8')
    assert first.stat().st_mtime_ns == written


def test_a_second_build_of_the_same_application_cites_the_new_title(make_app, session_root):
    # Each chapter's reference and BibTeX entry are made once per build: a second build
    # of one application (as sphinx.testing and Sphinx's API allow) makes them again.
    app = build(make_app, session_root)
    page = app.outdir / 'sessions' / 'second-plenary.html'
    assert 'The plenary of the second part' in page.read_text('utf-8')
    chapter = session_root / 'sessions' / 'second-plenary.md'
    chapter.write_text(chapter.read_text('utf-8').replace(
        '# The plenary of the second part', '# A new title'), 'utf-8')
    app.build()
    citation = BeautifulSoup(page.read_text('utf-8'), 'html.parser').select_one(
        '.chapter-citation')
    assert '“A new title”' in citation.select_one('.chapter-reference').get_text()
    assert 'title = {{A} new title}' in citation.select_one('pre').get_text()
    assert 'title = {{A} new title}' in (app.outdir / 'sessions' / 'second-plenary.bib').read_text('utf-8')
    assert 'The plenary of the second part' not in citation.get_text()
