"""`make serve` as an editor uses it: the page in Chromium reloads itself after each edit.

One preview of the French edition in a copy of the project, in Debian's Chromium: an edit
of a chapter, of its catalogue and of book.toml each reloads the open page with no
Content-Security-Policy violation; a broken book.toml is one line and the server goes on;
Ctrl-C, and a kill of make's process, stop the server and everything it started. The
published site's strict policy is held by test_robustness.py.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from gates import CHROMIUM, CHROMIUM_FLAGS, require
from testing import PROJECT

pytestmark = pytest.mark.builds

PAGE = 'chapters/introduction.html'


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        return probe.getsockname()[1]


def listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(('127.0.0.1', port)) == 0


class Preview:
    """`make serve` running in a session of its own, as in an editor's terminal."""

    def __init__(self, project: Path, builddir: Path, language: str, log: Path):
        self.port = free_port()
        self.log = log
        self.process = subprocess.Popen(
            ['make', '-C', str(project), 'serve', f'VENV={PROJECT / ".venv"}',
             f'BUILDDIR={builddir}', f'LANGUAGE={language}', f'SERVE_PORT={self.port}'],
            stdout=log.open('w'), stderr=subprocess.STDOUT, start_new_session=True,
        )
        self.wait_for(lambda: listening(self.port), 180, 'the server to listen')

    @property
    def url(self) -> str:
        return f'http://127.0.0.1:{self.port}/'

    def output(self) -> str:
        return self.log.read_text('utf-8', errors='replace')

    def wait_for(self, condition, seconds: float, what: str) -> None:
        deadline = time.monotonic() + seconds
        while not condition():
            if self.process.poll() is not None:
                pytest.fail(f'make serve ended while waiting for {what}:\n{self.output()}')
            if time.monotonic() > deadline:
                pytest.fail(f'waited {seconds} s for {what}:\n{self.output()[-3000:]}')
            time.sleep(0.3)

    def stopped(self) -> bool:
        """Whether make and everything started in its session have ended."""
        self.process.poll()
        try:
            os.killpg(self.process.pid, 0)
        except ProcessLookupError:
            return not listening(self.port)
        return False

    def wait_stopped(self, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while not self.stopped():
            if time.monotonic() > deadline:
                return False
            time.sleep(0.3)
        return True

    def stop(self) -> None:
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait()


def reloads_after(page, edit, preview: Preview, expected: str) -> None:
    """Mark the document, make *edit*, then wait for a new document showing *expected*."""
    page.evaluate('window.previewMarker = true')
    edit()

    def reloaded() -> bool:
        try:
            return page.evaluate(
                '(expected) => window.previewMarker === undefined'
                ' && document.documentElement.outerHTML.includes(expected)', expected)
        except Exception:  # noqa: BLE001 - the page is between two documents
            return False

    preview.wait_for(reloaded, 120, f'the page to reload with {expected!r}')


def test_the_preview_reloads_itself_and_stops_with_make(project, tmp_path):
    executable = require(CHROMIUM, "Debian's chromium")
    from playwright.sync_api import sync_playwright

    builddir = tmp_path / 'build'
    preview = Preview(project, builddir, 'fr', tmp_path / 'serve.log')
    violations: list[str] = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, headless=True,
                                                 args=CHROMIUM_FLAGS[1:])
            page = browser.new_page()
            page.on('console', lambda message: violations.append(message.text)
                    if 'Content Security Policy' in message.text else None)
            page.goto(preview.url + PAGE)

            chapter = project / 'chapters' / 'introduction.md'
            reloads_after(page, lambda: chapter.write_text(
                chapter.read_text('utf-8') + '\nA sentence the editor has just written.\n',
                'utf-8'), preview, 'A sentence the editor has just written.')

            catalogue = project / 'locale' / 'fr' / 'LC_MESSAGES' / 'chapters' / 'introduction.po'
            text = catalogue.read_text('utf-8')
            assert 'msgstr "Le programme de recherche"' in text
            reloads_after(page, lambda: catalogue.write_text(text.replace(
                'msgstr "Le programme de recherche"', 'msgstr "Le programme de recherche revu"'),
                'utf-8'), preview, 'Le programme de recherche revu')

            identity = project / 'book.toml'
            book = identity.read_text('utf-8')
            # A title the catalogue does not know yet shows as the editor typed it.
            reloads_after(page, lambda: identity.write_text(book.replace(
                'title = "EXPEERTs Study Day 2018"', 'title = "EXPEERTs Study Day 2018, draft"'),
                'utf-8'), preview, 'EXPEERTs Study Day 2018, draft')

            # A broken book.toml: one line, and the last build stays served.
            identity.write_text(book.replace('title = "', 'title = ', 1), 'utf-8')
            problem = ('The book cannot be built: book.toml: not valid TOML: Invalid value '
                       '(at line 10, column 9)')
            preview.wait_for(lambda: problem in preview.output(), 60, 'the one-line error')
            # (Asked over HTTP: the open page may be reloading at this very moment.)
            with urllib.request.urlopen(preview.url + PAGE, timeout=30) as response:
                assert 'EXPEERTs Study Day 2018, draft' in response.read().decode('utf-8')
            browser.close()
        assert violations == []
        output = preview.output()
        assert 'Traceback' not in output and 'report this error' not in output, output

        # Ctrl-C in the editor's terminal: the whole foreground group gets SIGINT.
        os.killpg(preview.process.pid, signal.SIGINT)
        assert preview.wait_stopped(30), preview.output()
    finally:
        preview.stop()

    # A kill of make's process alone (not of its group) stops the server too, even a kill
    # that make cannot pass on.
    identity.write_text(book, 'utf-8')
    for kill in (signal.SIGTERM, signal.SIGKILL):
        preview = Preview(project, builddir, 'fr', tmp_path / f'serve-{kill.name}.log')
        try:
            preview.process.send_signal(kill)
            assert preview.wait_stopped(30), (kill.name, preview.output())
        finally:
            preview.stop()
        assert re.search(r'Serving on http://127\.0\.0\.1:\d+', preview.output())


def test_a_book_toml_broken_as_the_preview_builds_is_named_in_one_line(session_root, tmp_path):
    """The preview checks book.toml before each build, but the editor may save it broken
    while a build starts: that build too says so in one line, without a crash report."""
    import sys

    identity = session_root / 'book.toml'
    identity.write_text(identity.read_text('utf-8').replace('title = "', 'title = ', 1), 'utf-8')
    result = subprocess.run(
        [sys.executable, '-m', 'sphinx', 'build', str(session_root), str(tmp_path / 'out'),
         '-D', 'proceedings_preview=127.0.0.1:8000', '--no-color'],
        capture_output=True, text=True, check=False, cwd=tmp_path,
        env={**os.environ, 'PYTHONPATH': str(PROJECT)})
    assert result.returncode == 2
    problems = [line for line in result.stderr.splitlines() if line.strip()]
    assert problems == [f'The book cannot be built: {identity}: not valid TOML: Invalid value '
                        f'(at line {problem_line(identity)}, column 9)'], result.stderr


def problem_line(identity: Path) -> int:
    return next(number for number, line in enumerate(identity.read_text('utf-8').splitlines(), 1)
                if line.startswith('title = ') and not line.startswith('title = "'))
