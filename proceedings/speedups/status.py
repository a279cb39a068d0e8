"""The progress lines of a quiet build, which no one reads, kept without logging them.

Sphinx's ``status_iterator`` (``sphinx.util.display``, Sphinx 8.2) logs three records
for each page it reads and each page it writes ("reading sources... [ 50%]", the page's
name, the end of the line): some 3 000 records for a book of 500 sessions, each made by
``logging`` (a record, the caller's frame, three handlers and their filters) in 30 to
40 microseconds, a tenth of a second in all, a hundredth of an English build. In a quiet build (``-q``, as ``make book`` and the benchmark run Sphinx),
Sphinx writes them to a ``StringIO`` of its own that nothing reads, and to the list of
its last ten messages (``app.messagelog``), which a crash report shows.

So in a quiet build without ``-v``, while the handlers of Sphinx's logger that take its
progress lines are Sphinx's own two (an extension or a tool that adds one hears the
lines logged as before), the builders' ``status_iterator`` adds to ``app.messagelog``
what Sphinx's handler would have added, each message and a newline, and logs nothing.
The function is put in place from ``config-inited`` to ``build-finished``, as
``plural_forms`` does with ``gettext``. ``proceedings_quiet_progress = False`` turns it
off; ``tests/test_speedups_status.py`` compares what every build adds to the messages
with and without it, quiet or not.

Upstream (sphinx-doc/sphinx), the issue to file: "``status_iterator`` logs three INFO
records per document even with ``-q``, where they go to a ``StringIO`` that nothing
reads (only the last ten are kept, for the crash report): in a quiet build, keep those
ten without formatting and handling every record."
"""

from __future__ import annotations

import logging
import sys
from typing import TYPE_CHECKING, Any

from sphinx.util import display
from sphinx.util import logging as sphinx_logging
from sphinx.util.display import display_chunk

from proceedings import __version__
from proceedings.speedups import for_each_build
from proceedings.sphinx_ext.config import options_of, register

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata

#: The logger of ``status_iterator`` and the one that handles its records.
PROGRESS_LOGGER = display.logger.logger
SPHINX_LOGGER = logging.getLogger(sphinx_logging.NAMESPACE)


class QuietProgress:
    """``status_iterator`` of the builders, replaced while a quiet build runs.

    The state is the process's, as the builders' modules are: a build whose application
    was made but never run leaves it on until the next build starts, which puts it on
    or off as its own option says, and ends, which puts Sphinx's own back.
    """

    app: Sphinx | None = None
    #: module -> Sphinx's ``status_iterator`` that it had imported
    replaced: dict[Any, Callable[..., Any]] = {}

    @classmethod
    def start(cls, app: Sphinx, config: Config) -> None:
        cls.stop(app, None)
        if not (options_of(app).quiet_progress and app.quiet and app.verbosity == 0):
            return
        stock = display.status_iterator
        for module in list(sys.modules.values()):
            if (getattr(module, '__name__', '').startswith('sphinx.')
                    and module is not display
                    and module.__dict__.get('status_iterator') is stock):
                cls.replaced[module] = stock
                module.status_iterator = status_iterator
        cls.app = app

    @classmethod
    def stop(cls, app: Sphinx, exception: Exception | None) -> None:
        for module, stock in cls.replaced.items():
            module.status_iterator = stock
        cls.replaced = {}
        cls.app = None


def messages_kept(app: Sphinx) -> bool:
    """Whether the progress lines reach no one but ``app.messagelog``: Sphinx's two
    handlers of them (``sphinx.util.logging.setup``), the first writing to the stream
    that Sphinx made for a quiet build, and no other handler or filter of them."""
    if (PROGRESS_LOGGER.handlers or PROGRESS_LOGGER.filters or PROGRESS_LOGGER.disabled
            or not PROGRESS_LOGGER.propagate or PROGRESS_LOGGER.level > logging.INFO
            or SPHINX_LOGGER.filters or SPHINX_LOGGER.disabled
            or SPHINX_LOGGER.level > logging.INFO
            or logging.root.manager.disable >= logging.INFO):
        return False
    hearing = [handler for handler in SPHINX_LOGGER.handlers
               if handler.level <= logging.INFO]
    if len(hearing) != 2:
        return False
    status, kept = hearing
    return (type(status) is sphinx_logging.NewLineStreamHandler
            and getattr(status.stream, 'stream', None) is app._status
            and status.level == logging.INFO
            and type(kept) is logging.StreamHandler
            and type(kept.stream) is sphinx_logging.LastMessagesWriter
            and kept.stream.app is app and kept.level == logging.INFO
            and kept.formatter is None
            and [type(f) for f in kept.filters] == [sphinx_logging.InfoFilter])


def status_iterator(
    iterable: Iterable[Any],
    summary: str,
    color: str = 'darkgreen',
    length: int = 0,
    verbosity: int = 0,
    stringify_func: Callable[[Any], str] = display_chunk,
) -> Iterator[Any]:
    """Sphinx's ``status_iterator``, each of whose messages goes straight to
    ``app.messagelog`` when no one else would hear it, and is logged otherwise."""
    app = QuietProgress.app
    if app is None:
        yield from display.status_iterator(
            iterable, summary, color, length, verbosity, stringify_func)
        return

    def say(message: str, *args: Any, **kwargs: Any) -> None:
        if messages_kept(app):
            # What the handler of the messages writes: the message, then a newline.
            app.messagelog.append((message % args if args else message) + '\n')
        else:
            display.logger.info(message, *args, **kwargs)

    # What status_iterator (Sphinx 8.2) logs, message after message.
    single_line = verbosity < 1 and display.terminal_supports_colour()
    bold_summary = display.bold(summary)
    if length == 0:
        say(bold_summary, nonl=True)
        for item in iterable:
            say('%s ', stringify_func(item), nonl=True, color=color)
            yield item
    else:
        for i, item in enumerate(iterable, start=1):
            if single_line:
                say('\x1b[2K', nonl=True)
            say(f'{bold_summary}[{i / length: >4.0%}] ', nonl=True)
            say(stringify_func(item), nonl=True, color=color)
            say('\r' * single_line, nonl=single_line)
            yield item
    say('')


def setup(app: Sphinx) -> ExtensionMetadata:
    register(app)
    for_each_build(app, QuietProgress.start, QuietProgress.stop)
    return {
        'version': __version__,
        'parallel_read_safe': True,
        'parallel_write_safe': True,
    }
