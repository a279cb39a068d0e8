"""Python's cycle collector spared what a build keeps to its end.

A build allocates millions of objects that live until it ends: the modules and classes of
Sphinx and its extensions, the environment, and (serially) every page's doctree, kept from
reading to writing. Python's collector of reference cycles traverses them again at each of
its full collections, and its young collections come every 700 allocations: at 500
sessions it ran over a thousand times, for a tenth of the build's processor time.

So from ``builder-inited`` (first of its handlers, so that a translation's catalogue check
is spared too) the young collections come every 10,000 allocations rather than 700, and
once the pages are read (``env-updated``, last of its handlers), what is alive then is
moved out of the collector's reach (``gc.freeze``). At ``build-finished`` the objects are
given back to it and its thresholds put back, for whatever runs next in the same process
(a test, a second build). Nothing the build makes changes: only when cycles are freed.
The doctrees written serially are freed at the end of the build rather than as they are
written, which costs little memory, since all of them are alive when the pages are read
(about 7% more at 500 sessions). The forked processes of ``-j`` share the frozen objects
without the collector writing to their memory pages, which is what ``gc.freeze`` was made
for.

When the process ends (``atexit``, once ``sphinx-build`` has returned), every object the
collector tracks, garbage included, is moved out of its reach once more: Python's last
full collection would otherwise traverse the environment and every doctree and free them
one object at a time, some 0.7 s at 500 sessions, a tenth of the build, for memory that
the system takes back at once.
Python does not promise to finalise the objects still alive when it exits (the data
model's note on ``__del__``); the handlers registered with ``atexit`` still run, and what
the build wrote was written and closed by then.

``proceedings_spare_collector = False`` turns it off.

Upstream (sphinx-doc/sphinx), the issue to file: "Freeze the objects alive after reading
(``gc.freeze``) before writing, and before forking the parallel writers: a large build
spends a tenth of its time in the cycle collector." It is a setting of the process, not
of Sphinx's objects: a build that Sphinx runs itself would do it in ``Builder.build``.
"""

from __future__ import annotations

import atexit
import functools
import gc
from typing import TYPE_CHECKING

from proceedings import __version__
from proceedings.sphinx_ext.config import options_of, register

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata

#: Allocations between two young collections during a build (Python's: 700).
YOUNG_COLLECTIONS_EVERY = 10_000


@functools.cache
def _spared_at_exit() -> None:
    """Once per process, by the first build that spares the collector."""
    atexit.register(gc.freeze)


class SparedCollector:
    """The collector's thresholds while spared, and those to put back."""

    def __init__(self) -> None:
        self.thresholds: tuple[int, int, int] | None = None

    def spare(self, app: Sphinx) -> None:
        if not options_of(app).spare_collector or self.thresholds is not None:
            return
        self.thresholds = gc.get_threshold()
        gc.set_threshold(YOUNG_COLLECTIONS_EVERY, *self.thresholds[1:])
        _spared_at_exit()

    def freeze(self, app: Sphinx, env: BuildEnvironment) -> None:
        if self.thresholds is not None:
            gc.freeze()

    def give_back(self, app: Sphinx, exception: Exception | None) -> None:
        if self.thresholds is None:
            return
        gc.set_threshold(*self.thresholds)
        self.thresholds = None
        gc.unfreeze()


def setup(app: Sphinx) -> ExtensionMetadata:
    register(app)
    collector = SparedCollector()
    app.connect('builder-inited', collector.spare, priority=1)  # before the check (500)
    app.connect('env-updated', collector.freeze, priority=1000)
    app.connect('build-finished', collector.give_back, priority=1000)
    return {
        'version': __version__,
        'parallel_read_safe': True,
        'parallel_write_safe': True,
    }
