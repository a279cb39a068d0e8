"""Sphinx's events emitted without a debug line that nobody reads.

``EventManager.emit`` (Sphinx 8.2) starts every event with
``logger.debug('[app] emitting event: %r%s', name, repr(args))``: the ``repr`` of every
argument (a page's whole doctree, the context of a page with its HTML body) is made, and
a log record built and offered to every handler, for each of the some 5 000 events of a
build of 500 pages. Sphinx's handlers take debug records only at ``-vv``; a build
without it drops every one of them, after paying for it.

The events of this build's application are emitted as Sphinx emits them, in the same
order to the same handlers, except that the debug line is made only when a handler of
Sphinx's logger would take a debug record (``-vv``, or a handler a test or an extension
added): the check runs at every event, so a handler added during the build is heard.
``proceedings_quiet_events = False`` turns it off; ``tests/test_speedups_read.py``
compares the doctrees and the pages built with and without, and the debug lines at
``-vv``.

Upstream (sphinx-doc/sphinx), the issue to file: "``EventManager.emit`` formats
``repr(args)`` and logs a debug record for every event even when no handler shows debug
messages: a page's doctree and its HTML context are repr()'d several times per page.
Check ``logger.isEnabledFor(logging.DEBUG)`` against the handlers' levels (Sphinx's
logger is at DEBUG and filters in its handlers), or log lazily." Once released, this
module can go.
"""

from __future__ import annotations

import logging
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from sphinx.errors import ExtensionError, SphinxError
from sphinx.events import EventManager
from sphinx.locale import __
from sphinx.util import logging as sphinx_logging
from sphinx.util.inspect import safe_getattr

from proceedings import __version__
from proceedings.sphinx_ext.config import options_of, register

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

#: The logger ``sphinx.events`` writes its debug line with.
EVENTS_LOGGER = sphinx_logging.getLogger('sphinx.events').logger


def debug_is_heard(logger: logging.Logger) -> bool:
    """Whether a debug record of *logger* would reach a handler that keeps it, as
    ``Logger.callHandlers`` offers it (the handlers of the logger and of its parents up
    to the first that does not propagate; Python's last resort when there is none)."""
    if not logger.isEnabledFor(logging.DEBUG):
        return False
    found = False
    current: logging.Logger | None = logger
    while current is not None:
        for handler in current.handlers:
            found = True
            if handler.level <= logging.DEBUG:
                return True
        if not current.propagate:
            break
        current = current.parent
    last_resort = logging.lastResort
    return not found and last_resort is not None and last_resort.level <= logging.DEBUG


class QuietEventManager(EventManager):
    """Sphinx's event manager, whose debug line is made only for a handler that takes it."""

    def emit(
        self,
        name: str,
        *args: Any,
        allowed_exceptions: tuple[type[Exception], ...] = (),
    ) -> list[Any]:
        if debug_is_heard(EVENTS_LOGGER):
            return super().emit(name, *args, allowed_exceptions=allowed_exceptions)
        # What EventManager.emit (Sphinx 8.2) does after its debug line, in its order.
        results = []
        listeners = sorted(self.listeners[name], key=attrgetter('priority'))
        for listener in listeners:
            try:
                results.append(listener.handler(self.app, *args))
            except allowed_exceptions:
                raise
            except SphinxError:
                raise
            except Exception as exc:
                if self.app.pdb:
                    raise
                modname = safe_getattr(listener.handler, '__module__', None)
                raise ExtensionError(
                    __('Handler %r for event %r threw an exception')
                    % (listener.handler, name),
                    exc,
                    modname=modname,
                ) from exc
        return results


def install(app: Sphinx) -> None:
    if options_of(app).quiet_events and type(app.events) is EventManager:
        # Only this application's manager changes class: its listeners stay as they are.
        app.events.__class__ = QuietEventManager


def setup(app: Sphinx) -> ExtensionMetadata:
    register(app)
    app.connect('config-inited', lambda app, config: install(app), priority=900)
    return {
        'version': __version__,
        'parallel_read_safe': True,
        'parallel_write_safe': True,
    }
