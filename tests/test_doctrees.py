"""A translated page's doctree holds the page, not a copy of the build environment."""

from __future__ import annotations

from io import StringIO

import pytest
from sphinx.testing.util import SphinxTestApp

pytestmark = pytest.mark.extension


def test_a_translated_page_is_pickled_without_the_environment(generate_book, tmp_path):
    book = generate_book(tmp_path / 'book', sessions=2)
    app = SphinxTestApp('html', srcdir=book.root, builddir=tmp_path / 'out',
                        confoverrides={'language': 'fr'}, status=StringIO(), warning=StringIO())
    try:
        app.build()
        docname = book.sessions[0].docname
        doctree = app.env.get_doctree(docname)
        assert 'Séance 1' in doctree.astext()  # translated, so the messages went through gettext
        assert all(node.document is doctree for node in doctree.findall())
    finally:
        app.cleanup()
    pickled = (tmp_path / 'out' / 'doctrees' / f'{docname}.doctree').read_bytes()
    assert b'BuildEnvironment' not in pickled
    assert len(pickled) < 20_000
