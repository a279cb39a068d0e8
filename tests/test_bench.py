"""The benchmark's synthetic books are books of this project, complete in both languages."""

from __future__ import annotations

from io import StringIO

from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors

from bench.generate import generate_book


def test_a_generated_book_builds_in_french_with_no_english_left(tmp_path):
    book = generate_book(tmp_path / 'book', sessions=7, per_part=3, days=2, variety=True)
    app = SphinxTestApp('html', srcdir=book.root, builddir=tmp_path / 'out',
                        confoverrides={'language': 'fr'}, status=StringIO(), warning=StringIO())
    try:
        app.build()
        assert strip_colors(app.warning.getvalue()) == ''
        assert app.statuscode == 0
        # Every session passed the extension's checks, in parts that it knows.
        domain = app.env.domains['proceedings']
        assert sorted(domain.sessions) == sorted(s.docname for s in book.sessions)
        assert sorted(domain.parts) == ['part-01', 'part-02', 'part-03']
    finally:
        app.cleanup()
    pages = sorted((tmp_path / 'out' / 'html').rglob('*.html'))
    assert len(pages) >= len(book.docnames)
    for page in pages:
        html = page.read_text('utf-8')
        # translation_progress_classes marks what a catalogue leaves in English.
        assert 'untranslated' not in html, page
    session = (tmp_path / 'out' / 'html' / f'{book.sessions[0].docname}.html').read_text('utf-8')
    assert 'Séance 1\u00a0: la pair-aidance' in session
    assert 'Questions directrices' in session
