"""Each catalogue's plural expression compiled once per build, not once per catalogue.

Python's ``gettext`` compiles the ``Plural-Forms`` expression of every ``.mo`` it loads
(``gettext.c2py``: a tokenizer, a parser and an ``exec``), and Sphinx loads the ``.mo``
of every page of a translation, where each catalogue has the same expression. For a
French book of 500 sessions, that is 530 compilations of ``(n > 1)``: nine tenths of the
time ``gettext`` spends reading the catalogues, a tenth of a second.

So during a build (from ``config-inited``, before the book's catalogues load, to
``build-finished``) ``gettext.c2py`` keeps what it compiled, by expression. What it
compiles is a function of ``n`` alone, with no state: the catalogues that share an
expression share one function, which gives the form it always gave. An expression that
is not one still raises its error at each load, as before. The function of ``gettext``
is put back at the end of the build. ``proceedings_compile_plural_forms_once = False``
turns it off.

Upstream (python/cpython), the issue to file: "``gettext.GNUTranslations`` compiles the
plural expression of each catalogue anew with ``c2py``; an application that loads many
catalogues of one language (Sphinx: one per page) spends most of its loading time there.
Cache ``c2py`` by expression, as ``re`` caches its patterns."
"""

from __future__ import annotations

import functools
import gettext
from typing import TYPE_CHECKING

from proceedings import __version__
from proceedings.speedups import ReplacedDuringBuild
from proceedings.sphinx_ext.config import register

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

#: Distinct expressions kept: a book has one per language, Sphinx's catalogues a few.
KEPT = 64


class CompiledOnce(ReplacedDuringBuild):
    """``gettext.c2py`` keeping what it compiled while a build runs."""

    owner, name, option = gettext, 'c2py', 'compile_plural_forms_once'

    @classmethod
    def replacement_of(cls, stock: Callable[[str], Callable[[int], int]]
                       ) -> Callable[[str], Callable[[int], int]]:
        return functools.lru_cache(maxsize=KEPT)(stock)


def setup(app: Sphinx) -> ExtensionMetadata:
    register(app)
    CompiledOnce.connect(app)
    return {
        'version': __version__,
        'parallel_read_safe': True,
        'parallel_write_safe': True,
    }
