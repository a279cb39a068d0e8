"""Each catalogue read once per build: its ``.mo`` is compiled from the strict check's reading.

A build of a translation reads every catalogue strictly at builder-inited
(``sphinx_ext.translations``), babel's reading included; then Sphinx compiles each
catalogue whose ``.mo`` is missing or older than its ``.po`` (``Builder.compile_update_catalogs``),
reading every one of them with babel again. For a French book of 500 sessions that is
530 catalogues read twice.

Here, each catalogue that the check read, and that Sphinx would compile, is compiled from
the catalogue the check read, as Sphinx does it (``CatalogInfo.write_mo``: babel's
``write_mo`` with ``gettext_allow_fuzzy_translations``); Sphinx then finds its ``.mo`` up
to date. Sphinx reads with the build's language as the catalogue's locale, the check
without one: the two readings are the same catalogue when its header names its language
and its plural forms, as every catalogue of ``sphinx-intl`` and ``make update-po`` does;
any other is left to Sphinx. (A header without ``POT-Creation-Date`` makes babel write the
minute of the reading into the ``.mo``, with Sphinx alone too: the reading here comes a
fraction of a second before Sphinx's.) ``proceedings_compile_checked_catalogues = False`` turns it
off; ``tests/test_speedups_catalogues.py`` compares the ``.mo`` files byte for byte.

Upstream (sphinx-doc/sphinx), the issue to file: "Let an extension that has read a
catalogue hand it to the builder's ``compile_update_catalogs`` (an event, or a hook on
``CatalogInfo``), rather than each ``.po`` being read again." Until then the check and
Sphinx agree through the files' times, as Sphinx decides what is out of date.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from babel.messages.mofile import write_mo

from proceedings import __version__
from proceedings.speedups.locale_walks import OnceCatalogRepository
from proceedings.sphinx_ext.config import options_of, register

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog
    from sphinx.application import Sphinx
    from sphinx.util.i18n import CatalogInfo
    from sphinx.util.typing import ExtensionMetadata

#: The event of ``sphinx_ext.translations``, with each catalogue its check read.
CATALOGUE_READ = 'proceedings-catalogue-read'

#: The catalogues that Sphinx would compile in this build, by the path of their ``.po``.
_outdated: dict[str, CatalogInfo] = {}


def note_outdated(app: Sphinx) -> None:
    """What Sphinx will compile, found as Sphinx finds it, before the check reads."""
    _outdated.clear()
    if not options_of(app).compile_checked_catalogues or not app.config.gettext_auto_build:
        return
    # The builder's list of the catalogues, which walks the locale folder once per build.
    repository = OnceCatalogRepository(app.srcdir, app.config.locale_dirs, app.config.language,
                                       app.config.source_encoding)
    _outdated.update({os.path.abspath(c.po_path): c for c in repository.catalogs
                      if c.is_outdated()})


def compile_read(app: Sphinx, path: Path, catalog: Catalog) -> None:
    """Compile a catalogue that the check has just read, when Sphinx would."""
    info = _outdated.get(os.path.abspath(path))
    # babel notes the header's plural forms only in a private attribute: without them,
    # or without a language, the catalogue depends on the locale it is read with.
    if info is None or catalog.locale is None or catalog._num_plurals is None:
        return
    mo_path = Path(info.mo_path)
    partial = mo_path.with_name(mo_path.name + '.partial')
    try:
        with partial.open('wb') as f:
            write_mo(f, catalog, app.config.gettext_allow_fuzzy_translations)
        os.replace(partial, mo_path)
    except Exception:  # noqa: BLE001 -- Sphinx compiles it again, and reports what fails
        partial.unlink(missing_ok=True)
        return
    del _outdated[os.path.abspath(path)]


def setup(app: Sphinx) -> ExtensionMetadata:
    register(app)
    if CATALOGUE_READ not in app.events.events:  # listed before the extension
        app.add_event(CATALOGUE_READ)
    app.connect('builder-inited', note_outdated, priority=400)  # before the check (500)
    app.connect(CATALOGUE_READ, compile_read)
    return {
        'version': __version__,
        'parallel_read_safe': True,
        'parallel_write_safe': True,
    }
