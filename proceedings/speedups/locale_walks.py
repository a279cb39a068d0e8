"""The locale folder walked once per build, not at each list of its catalogues.

Sphinx lists a language's catalogues with ``CatalogRepository.pofiles``, a ``rglob`` of
every ``LC_MESSAGES`` folder, each time it needs them: for its own ``sphinx.po``
(``Sphinx._init_i18n``), when the environment finds the pages
(``BuildEnvironment.find_files``, twice in a fresh build), when the builder compiles what
changed (``Builder.compile_update_catalogs``), and ``speedups.catalogues`` once more, as
Sphinx, to know what it will compile. For a French book of 500 sessions that is 530 ``.po``
files found five times over, with the same result each time: nothing in a build adds or
removes a ``.po`` file (it writes ``.mo`` files, which no walk lists).

Here the builder's and the environment's repositories are a subclass whose ``pofiles``
and ``catalogs`` walk each folder once per build and then give what that walk found, in
the same order, with one ``CatalogInfo`` per catalogue and build, whose paths are joined
once; everything else (which locale folders exist, with Sphinx's message for one that
does not, whether a ``.mo`` is out of date) is Sphinx's, asked again every time. A build
keeps its walks from ``config-inited`` to ``build-finished`` and forgets them then: every
build walks again, so a catalogue added between two builds of one process is found (a
second ``app.build()`` of the same application lists the catalogues as Sphinx does).
Sphinx's first walk, for its own ``sphinx.po``, comes before any extension is set up,
and stays.
``proceedings_walk_locale_folders_once = False`` turns it off;
``tests/test_speedups_locale_walks.py`` compares each list of the catalogues, the ``.mo``
files and the pages of a build with and without, and adds a catalogue between two builds.

Upstream (sphinx-doc/sphinx), the issue to file: "``CatalogRepository.pofiles`` walks
every locale folder with ``rglob`` at each call, and a build makes four such calls
(``_init_i18n``, ``find_files`` twice, ``compile_update_catalogs``): walk once per
build, e.g. keep the repository on the application." Once released, this module can go.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import sphinx.builders
import sphinx.environment
from sphinx.util.i18n import CatalogInfo, CatalogRepository

from proceedings import __version__
from proceedings.sphinx_ext.config import options_of, register

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util._pathlib import _StrPath
    from sphinx.util.typing import ExtensionMetadata

#: What each walk of this build found: the catalogues' paths inside each ``LC_MESSAGES``
#: folder, by that folder. None between builds: every repository walks as Sphinx's does.
_walks: dict[str, list[tuple[_StrPath, str]]] | None = None


#: The catalogues of this build, by locale folder and encoding, in their walk's order.
_catalogues: dict[tuple[str, str], list[CatalogInfo]] = {}


class _CatalogInfo(CatalogInfo):
    """Sphinx's ``CatalogInfo``, whose paths are joined once: every list of the
    catalogues of a build gives the same one, and Sphinx asks it for its paths at each
    ``is_outdated()`` and each list of ``.mo`` files."""

    __slots__ = '_po_path', '_mo_path'

    def __init__(self, base_dir: str | os.PathLike[str], domain: str, charset: str) -> None:
        super().__init__(base_dir, domain, charset)
        self._po_path = super().po_path
        self._mo_path = super().mo_path

    @property
    def po_path(self) -> _StrPath:
        return self._po_path

    @property
    def mo_path(self) -> _StrPath:
        return self._mo_path


class OnceCatalogRepository(CatalogRepository):
    """Sphinx's repository, whose walk of each locale folder is made once per build."""

    @property
    def pofiles(self) -> Iterator[tuple[_StrPath, _StrPath]]:
        if _walks is None:
            yield from super().pofiles
            return
        for locale_path, found in self._walked():
            for rel_path, _domain in found:
                yield locale_path, rel_path

    @property
    def catalogs(self) -> Iterator[CatalogInfo]:
        if _walks is None:
            yield from super().catalogs
            return
        # CatalogRepository.catalogs (Sphinx 8.2), with the domains its walk found, and
        # one CatalogInfo per catalogue and build rather than a new one at each list.
        for locale_path, found in self._walked():
            key = (str(locale_path), self.encoding)
            catalogues = _catalogues.get(key)
            if catalogues is None:
                catalogues = _catalogues[key] = [
                    _CatalogInfo(locale_path, domain, self.encoding) for _rel, domain in found]
            yield from catalogues

    def _walked(self) -> Iterator[tuple[_StrPath, list[tuple[_StrPath, str]]]]:
        """Each locale folder, with what its walk of this build found."""
        walks = _walks
        for locale_dir in self.locale_dirs:  # Sphinx's test, and its message, each time
            locale_path = locale_dir / self.language / 'LC_MESSAGES'
            found = walks.get(str(locale_path))
            if found is None:
                # CatalogRepository.pofiles and .catalogs (Sphinx 8.2), for one folder.
                found = [
                    (rel_path, rel_path.with_suffix('').as_posix())
                    for rel_path in (path.relative_to(locale_path)
                                     for path in locale_path.rglob('*.po'))
                    if not any(part.startswith('.') for part in rel_path.parts[:-1])
                ]
                walks[str(locale_path)] = found
            yield locale_path, found


def forget(app: Sphinx, *args: object) -> None:
    """At the start and the end of a build: what an earlier one walked is not kept."""
    global _walks
    _walks = None
    _catalogues.clear()


def start(app: Sphinx, config: Config) -> None:
    """Once the options are checked, and before the environment finds the pages."""
    global _walks
    _walks = {} if options_of(app).walk_locale_folders_once else None
    _catalogues.clear()


def setup(app: Sphinx) -> ExtensionMetadata:
    register(app)
    # The two modules whose functions list the catalogues during a build look the class
    # up by name at each call: they find the subclass, which is Sphinx's own between builds.
    sphinx.builders.CatalogRepository = OnceCatalogRepository
    sphinx.environment.CatalogRepository = OnceCatalogRepository
    app.connect('config-inited', forget, priority=0)
    app.connect('config-inited', start, priority=310)  # config.validate is at 300
    app.connect('build-finished', forget, priority=1000)
    return {
        'version': __version__,
        'parallel_read_safe': True,
        'parallel_write_safe': True,
    }
