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
from proceedings.sphinx_ext.config import options_of, register

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata

#: Distinct expressions kept: a book has one per language, Sphinx's catalogues a few.
KEPT = 64


class CompiledOnce:
    """``gettext.c2py`` keeping what it compiled while a build runs.

    The state is the process's, as ``gettext.c2py`` is: a build whose application was made
    but never run (no ``build-finished``) leaves it on until the next build starts, which
    puts it on or off as its own option says, and ends, which puts gettext's own back.
    """

    stock = None

    @classmethod
    def start(cls, app: Sphinx, config: Config) -> None:
        if options_of(app).compile_plural_forms_once:
            if cls.stock is None:
                cls.stock = gettext.c2py
                gettext.c2py = functools.lru_cache(maxsize=KEPT)(cls.stock)
        else:
            cls.stop(app, None)

    @classmethod
    def stop(cls, app: Sphinx, exception: Exception | None) -> None:
        if cls.stock is not None:
            gettext.c2py = cls.stock
            cls.stock = None


def setup(app: Sphinx) -> ExtensionMetadata:
    register(app)
    app.connect('config-inited', CompiledOnce.start, priority=1)
    app.connect('build-finished', CompiledOnce.stop, priority=1000)
    return {
        'version': __version__,
        'parallel_read_safe': True,
        'parallel_write_safe': True,
    }
