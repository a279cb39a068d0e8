"""Each page's style sheet and script tags, made once per folder of pages.

Every page links the theme's and the book's style sheets and scripts, and Sphinx's
``css_tag`` and ``js_tag`` (``StandaloneHTMLBuilder.handle_page``) add to each address a
checksum of the file, ``?v=…``: for that they resolve the file's path on disk again
(``Path.resolve``, a system call per folder of the path) on every page, some 4 000
times for a book of 500 sessions, although the checksum itself is computed once per file and kept for the
build (``sphinx.builders.html._assets._file_checksum_inner``).

A tag is the same text whenever the asset (its file name and attributes) and its address
from the page (``pathto``, which depends on the page's folder only) are: so each page's
``css_tag`` and ``js_tag`` are Sphinx's own, remembered for that pair. The first page of a
folder makes Sphinx's tags, the others reuse them. Tags without a file (inline scripts)
and old-style string scripts are made by Sphinx every time.
``proceedings_reuse_asset_tags = False`` turns it off; ``tests/test_speedups_html.py``
compares every page built with and without.

Upstream (sphinx-doc/sphinx), the issue to file: "``css_tag``/``js_tag`` call
``_file_checksum``, which resolves the asset's path with ``Path.resolve()`` on every
page for every asset; cache the checksum per file name for the build, as
``_file_checksum_inner`` already does per resolved path." Once released, this module can go.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from proceedings import __version__
from proceedings.sphinx_ext.config import options_of, register

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


class RememberedTags:
    """The tags Sphinx made for this build, by asset and address."""

    def __init__(self) -> None:
        self.made: dict[tuple[str, str, str, str], str] = {}

    def forget(self, app: Sphinx) -> None:
        self.made.clear()

    def wrap(self, kind: str, stock: Callable[[Any], str],
             pathto: Callable[..., str]) -> Callable[[Any], str]:
        def tag(asset: Any) -> str:
            filename = getattr(asset, 'filename', None)
            attributes = getattr(asset, 'attributes', None)
            if not filename or not isinstance(attributes, dict):
                return stock(asset)  # an old-style string, an inline script
            name = os.fspath(filename)
            key = (kind, name, repr(sorted(attributes.items())),
                   pathto(name, resource=True))
            made = self.made.get(key)
            if made is None:
                made = self.made[key] = stock(asset)
            return made

        return tag

    def on_page(self, app: Sphinx, pagename: str, templatename: str,
                context: dict[str, Any], doctree: Any) -> None:
        if not options_of(app).reuse_asset_tags:
            return
        pathto = context.get('pathto')
        if pathto is None:
            return
        for kind in ('css_tag', 'js_tag'):
            stock = context.get(kind)
            if stock is not None:
                context[kind] = self.wrap(kind, stock, pathto)


def setup(app: Sphinx) -> ExtensionMetadata:
    register(app)
    tags = RememberedTags()
    app.connect('builder-inited', tags.forget)
    # Before the other handlers: one that puts a tag function of its own replaces this one.
    app.connect('html-page-context', tags.on_page, priority=100)
    return {
        'version': __version__,
        'parallel_read_safe': True,
        'parallel_write_safe': True,
    }
