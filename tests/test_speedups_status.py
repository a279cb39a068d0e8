"""The progress lines of a quiet build kept without logging them
(``proceedings/speedups/status.py``): the same messages, for whoever hears them."""

from __future__ import annotations

import functools
import logging
import os
from collections import deque
from io import StringIO

import pytest
import sphinx.builders
from sphinx.testing.util import SphinxTestApp
from sphinx.util import display
from sphinx.util.console import strip_colors

import proceedings.speedups.status as status

pytestmark = pytest.mark.extension

PAGES = ('index', 'one', 'two', 'three')


class EveryMessage(deque):
    """``app.messagelog``, which also keeps every message it was given."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.every = []

    def append(self, message):
        self.every.append(message)
        super().append(message)


@pytest.fixture
def project(tmp_path):
    source = tmp_path / 'source'
    source.mkdir()
    (source / 'conf.py').write_text("extensions = ['proceedings.speedups.status']\n")
    (source / 'index.rst').write_text(
        'Home\n====\n\n.. toctree::\n\n' + ''.join(f'   {page}\n' for page in PAGES[1:]))
    for page in PAGES[1:]:
        (source / f'{page}.rst').write_text(f'{page.title()}\n=====\n\n100% of {page}.\n')
    return tmp_path


def build(project, name, overrides=None, status_stream=None, listener=None):
    """Every message a build gives its crash report, and the records its progress
    logger was asked to log."""
    out = project / name
    # verbosity=-1: a quiet build, as with -q.
    app = SphinxTestApp('html', srcdir=project / 'source', builddir=out, freshenv=True,
                        confoverrides=overrides or {}, status=status_stream,
                        warning=StringIO(), verbosity=0 if status_stream else -1)
    app.messagelog = EveryMessage(maxlen=10)
    if listener is not None:
        logging.getLogger('sphinx').addHandler(listener)
    logged = []
    stock_info = display.logger.info

    def info(message, *args, **kwargs):
        logged.append(message)
        return stock_info(message, *args, **kwargs)

    display.logger.info = info
    try:
        app.build()
        assert app.warning.getvalue() == ''
    finally:
        del display.logger.info
        if listener is not None:
            logging.getLogger('sphinx').removeHandler(listener)
        app.cleanup()
    # Sphinx's own function is back in every module after the build.
    assert sphinx.builders.status_iterator is display.status_iterator
    assert not status.QuietProgress.replaced and status.QuietProgress.app is None
    # Sphinx names the output folder relative to the working directory.
    where = (os.path.relpath(out), str(out))
    return [functools.reduce(lambda text, path: text.replace(path, 'OUT'), where, message)
            for message in app.messagelog.every], logged


def test_a_quiet_build_keeps_the_same_messages_without_logging_them(project):
    stock, stock_logged = build(project, 'stock', {'proceedings_quiet_progress': False})
    kept, logged = build(project, 'quiet')
    assert kept == stock
    # The progress of reading and writing, page by page, is among them.
    for page in PAGES:
        assert f'{page}\n' in kept
    assert any('reading sources... [100%] ' in strip_colors(message) for message in kept)
    # Three records per page read and per page written were not made.
    assert len(logged) <= len(stock_logged) - 2 * 3 * len(PAGES)


def test_a_build_that_shows_its_progress_logs_it(project):
    shown = StringIO()
    stock, _ = build(project, 'stock', {'proceedings_quiet_progress': False},
                     status_stream=StringIO())
    kept, logged = build(project, 'shown', status_stream=shown)
    assert kept == stock
    shown = strip_colors(shown.getvalue())
    assert all(f'{page}' in shown for page in PAGES)
    assert 'writing output... [100%]' in shown


def test_a_handler_added_to_a_quiet_build_hears_its_progress(project):
    heard = []

    class Listener(logging.Handler):
        def emit(self, record):
            heard.append(record.getMessage())

    stock, _ = build(project, 'stock', {'proceedings_quiet_progress': False})
    kept, _ = build(project, 'heard', listener=Listener(logging.INFO))
    assert kept == stock
    assert 'two' in heard
    assert any('writing output... ' in strip_colors(message) for message in heard)
    # A handler of warnings only hears no progress: the lines are kept without logging.
    heard.clear()
    kept, logged = build(project, 'warnings', listener=Listener(logging.WARNING))
    assert kept == stock and not heard
