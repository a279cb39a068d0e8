"""``-j``: read and write in parallel only the batches of pages where it pays.

Sphinx forks a process for every chunk of pages to read, which sends the whole build
environment back to be merged, and writes in parallel with one process fewer than
``-j`` asks (the main one resolves every page before a worker writes it). On a small
machine that costs more than it saves below about a hundred pages to read and a hundred
and fifty to write, the defaults below: with 2 cores, 56 pages took 5% longer to read in
parallel than serially (1.20 s against 1.14 s, six builds each), 213 pages about as long
(2.22 to 2.29 s against 2.22 to 2.40 s). So a build with ``-j`` reads in parallel from
``proceedings_parallel_read_from`` pages to read, and writes in parallel from
``proceedings_parallel_write_from`` pages to write; below, it does what a serial build
does. ``make bench`` measures both ways.

When it writes in parallel, it writes with as many processes as ``-j`` asks, beside the
main one: Sphinx's one fewer leaves a core idle while the main process waits, since the
main process resolves every page long before one process has written them all (a third
of the work of writing is the main process's, two thirds its helpers'), and with
``-j 2`` one helper then wrote alone. ``proceedings_parallel_write_every_job = False``
writes with one fewer, as Sphinx does.

The pages to write are those Sphinx found out of date before reading, plus those it
read: the list Sphinx's own ``get_outdated_docs`` gave is kept as Sphinx goes through
it, rather than asked for a second time, which would go over every page's dates again
(some 40 ms of a rebuild of one page at 500 sessions, in a profile) and say a second
time that a template changed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx.util import logging

from proceedings import __version__
from proceedings.sphinx_ext.config import options_of, register

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)


class ParallelPolicy:
    """Lowers ``-j`` to a serial step for one phase of one build, then puts it back."""

    def __init__(self) -> None:
        self.jobs: int | None = None
        self.read: set[str] = set()
        #: -j as asked, while the writing runs with one more (see the module's docstring)
        self.writing_jobs: int | None = None
        #: what the builder's get_outdated_docs gave Sphinx, once Sphinx went through it
        self.outdated: str | set[str] | None = None
        #: the builder whose get_outdated_docs is kept, and what its instance had before
        self.replaced: tuple[Builder, object] | None = None

    def keep_outdated(self, app: Sphinx) -> None:
        """Keep what ``get_outdated_docs`` tells Sphinx, without changing what it gets."""
        self.outdated = None
        if app.parallel <= 1:
            return
        builder = app.builder
        own = builder.get_outdated_docs
        self.replaced = builder, builder.__dict__.get('get_outdated_docs')

        def get_outdated_docs() -> str | Iterable[str]:
            outdated = own()
            if isinstance(outdated, str):
                self.outdated = outdated
                return outdated
            return self._kept(outdated)

        builder.get_outdated_docs = get_outdated_docs

    def _kept(self, outdated: Iterable[str]) -> Iterator[str]:
        seen = set()
        for docname in outdated:
            seen.add(docname)
            yield docname
        self.outdated = seen  # only a list gone through to its end tells every page

    def forget_outdated(self, app: Sphinx, exception: Exception | None) -> None:
        if self.replaced is not None:
            builder, previous = self.replaced
            if previous is None:
                del builder.get_outdated_docs
            else:
                builder.get_outdated_docs = previous
        self.replaced = None
        self.outdated = None

    def before_reading(self, app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
        self.read = set(docnames)
        if app.parallel > 1 and len(docnames) < options_of(app).parallel_read_from:
            logger.verbose('reading %d pages serially, not with -j %d', len(docnames),
                           app.parallel)
            self.jobs, app.parallel = app.parallel, 1

    def after_reading(self, app: Sphinx, env: BuildEnvironment) -> None:
        if self.jobs is not None:
            app.parallel, self.jobs = self.jobs, None

    def before_writing(self, app: Sphinx, builder: Builder) -> None:
        if not builder.parallel_ok:
            return
        threshold = options_of(app).parallel_write_from
        pages = self.pages_to_write(builder, threshold)
        if pages < threshold:
            logger.verbose('writing %d pages serially, not with -j %d', pages, app.parallel)
            builder.parallel_ok = False
        elif options_of(app).parallel_write_every_job and self.writing_jobs is None:
            # Sphinx writes with app.parallel - 1 processes (Builder.write_documents).
            self.writing_jobs, app.parallel = app.parallel, app.parallel + 1

    def after_writing(self, app: Sphinx, exception: Exception | None) -> None:
        if self.writing_jobs is not None:
            app.parallel, self.writing_jobs = self.writing_jobs, None

    def pages_to_write(self, builder: Builder, enough: int) -> int:
        """As many as the builder is about to write: its outdated pages and those just read
        (Sphinx adds the pages whose tables of contents hold them: a few more at most)."""
        if len(self.read) >= enough:
            return len(self.read)  # enough already
        outdated = self.outdated
        if outdated is None:  # a build of named pages, or the list was not gone through
            outdated = builder.get_outdated_docs()
        if isinstance(outdated, str):  # 'all targets' and the like: every page
            return len(builder.env.found_docs)
        return len(set(outdated) | self.read)


def setup(app: Sphinx) -> ExtensionMetadata:
    register(app)
    policy = ParallelPolicy()
    # Last of the handlers: the list of pages to read is final.
    app.connect('builder-inited', policy.keep_outdated)
    app.connect('env-before-read-docs', policy.before_reading, priority=900)
    app.connect('env-updated', policy.after_reading, priority=0)
    app.connect('write-started', policy.before_writing)
    app.connect('build-finished', policy.after_writing, priority=0)
    app.connect('build-finished', policy.forget_outdated, priority=0)
    return {
        'version': __version__,
        'parallel_read_safe': True,
        'parallel_write_safe': True,
    }
