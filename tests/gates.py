"""What the quality gates share: the pages of the built site, the tools `make gates` installs,
and the local server and browser that the gates in Chromium load the site with.

The gates check the real book (the session-scoped ``site`` fixture) with the tools the field
trusts. A tool that is missing fails its gate with the command that installs it: a gate
that skipped itself on a fresh machine would pass without checking anything.
"""

from __future__ import annotations

import functools
import os
import shutil
import threading
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from testing import BASE_URL, LANGUAGES, PROJECT

TOOLS = PROJECT / 'tools' / 'node_modules'
VNU_JAR = TOOLS / 'vnu-jar' / 'build' / 'dist' / 'vnu.jar'
LIGHTHOUSE = TOOLS / 'lighthouse' / 'cli' / 'index.js'
ACE = TOOLS / '@daisy' / 'ace-cli' / 'bin' / 'ace.js'
CHROMIUM = Path(os.environ.get('CHROMIUM', '/usr/bin/chromium'))
#: Headless Chromium that talks to no one on its own (updates, sync, field trials…).
#: Phone (a common small phone) and desktop (wide enough for furo's three columns).
VIEWPORTS = {'phone': {'width': 375, 'height': 812}, 'desktop': {'width': 1440, 'height': 900}}
#: The server stops itself after this many seconds, whatever happens to the tests.
SERVER_LIFETIME = 20 * 60
CHROMIUM_FLAGS = [
    '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
]


def require(path: Path | str, what: str) -> str:
    """*path* as a string, or fail the gate saying how to install *what*."""
    found = shutil.which(path) if isinstance(path, str) else (os.fspath(path) if path.exists() else None)
    if not found:
        pytest.fail(f'{what} is missing ({path}): run `make gates` (as root, or with the '
                    f'`sudo apt-get install` line it prints), then the tests again.', pytrace=False)
    return found


def site_pages(site: Path, language: str | None = None) -> list[Path]:
    """Every HTML page of one edition, or of the whole site (both editions and the root page)."""
    if language is None:
        return [site / 'index.html', *(p for lang in LANGUAGES for p in site_pages(site, lang))]
    root = site / language
    return sorted(p for p in root.rglob('*.html') if '_static' not in p.relative_to(root).parts)


def url_path(site: Path, page: Path) -> str:
    """The path of *page* on a server whose root is the site's root."""
    return '/' + page.relative_to(site).as_posix()


def published(address: str) -> str | None:
    """The path inside the site of an address under the site's published address, else None."""
    if address.startswith(BASE_URL):
        return '/' + address[len(BASE_URL):]
    return None


# -- The server -----------------------------------------------------------------------------


class SiteHandler(SimpleHTTPRequestHandler):
    """Serves the site as a static host would, 404 page included, and logs every request."""

    def __init__(self, *args, site: Path, log: list[str], **kwargs):
        self.log = log
        super().__init__(*args, directory=os.fspath(site), **kwargs)

    def send_head(self):
        self.log.append(self.path)
        return super().send_head()

    def send_error(self, code, message=None, explain=None):
        # A missing page inside an edition gets that edition's 404 page, as on the real host.
        edition = Path(self.directory) / urlsplit(self.path).path.lstrip('/').split('/')[0]
        not_found = edition / '404.html'
        if code == HTTPStatus.NOT_FOUND and not_found.is_file() and self.command == 'GET':
            body = not_found.read_bytes()
            self.send_response(code)
            self.send_header('Content-Type', 'text/html; charset=utf-8')
            self.send_header('Content-Length', str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def log_message(self, format, *args):  # noqa: A002 - the quiet server of a test
        pass


@pytest.fixture(scope='module')
def server(site: Path):
    """The site on 127.0.0.1, on a free port, for this module and at most SERVER_LIFETIME."""
    yield from serve(site)


@pytest.fixture(scope='module')
def default_server(default_site: Path):
    """The book as `make book` builds it from this repository (no site address), served."""
    yield from serve(default_site)


def serve(site: Path):
    log: list[str] = []
    handler = functools.partial(SiteHandler, site=site, log=log)
    httpd = ThreadingHTTPServer(('127.0.0.1', 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, name='gates-server', daemon=True)
    thread.start()
    deadline = threading.Timer(SERVER_LIFETIME, httpd.shutdown)
    deadline.daemon = True
    deadline.start()
    host, port = httpd.server_address[:2]
    try:
        yield {'origin': f'http://{host}:{port}', 'log': log, 'site': site}
    finally:
        deadline.cancel()
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope='module')
def browser():
    executable = require(CHROMIUM, "Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_FLAGS[1:])
        try:
            yield chromium
        finally:
            chromium.close()


class Traffic:
    """Every request a browser context makes; anything not from the site is refused and kept.

    The site's own published address (base_url, which the 404 page uses as its base) is
    answered from the built files, as the host would: it is the site, not another host.
    """

    def __init__(self, origin: str, site: Path):
        self.origin, self.site = origin, site
        self.requests: list[str] = []
        #: (the page's address, the request's) for requests to the site's published address.
        self.published: list[tuple[str, str]] = []
        self.foreign: list[str] = []
        #: Links a reader follows out of the site (the recordings): refused, but expected.
        self.leaving: set[str] = set()
        self.left: list[str] = []
        self.failed: list[str] = []

    def attach(self, context) -> None:
        context.on('request', lambda request: self.requests.append(request.url))
        context.on('response', self._response)
        context.route('**/*', self._route)

    def _response(self, response) -> None:
        if response.status >= 400 and response.request.resource_type != 'document':
            self.failed.append(f'{response.status} {response.url}')

    def _route(self, route) -> None:
        url = route.request.url
        inside = published(url)
        if url.startswith(self.origin + '/'):
            route.continue_()
        elif inside is not None:
            try:
                self.published.append((route.request.frame.url, url))
            except Exception:  # noqa: BLE001 - a request without a frame
                self.published.append(('', url))
            path = self.site / urlsplit(inside).path.lstrip('/')
            if path.is_file():
                route.fulfill(path=path)
            else:
                route.fulfill(status=404, body='')
        elif route.request.is_navigation_request() and url in self.leaving:
            self.left.append(url)
            route.fulfill(status=200, content_type='text/html',
                          body='<!doctype html><title>left the site</title>')
        else:
            self.foreign.append(url)
            route.abort('blockedbyclient')

    def site_path(self, url: str) -> str | None:
        """The path inside the site of a URL of the test server or of the published site."""
        if url.startswith(self.origin + '/'):
            return urlsplit(url).path
        inside = published(url)
        return urlsplit(inside).path if inside is not None else None

    def outside(self) -> list[str]:
        """Requests to anything but the test server and the site's own address."""
        return [url for url in self.requests
                if not url.startswith(self.origin + '/') and published(url) is None
                and urlsplit(url).scheme not in ('data', 'blob')]


def new_context(browser, traffic: Traffic, viewport: str = 'desktop', scheme: str = 'light',
                locale: str = 'en-GB'):
    context = browser.new_context(
        viewport=VIEWPORTS[viewport], color_scheme=scheme, locale=locale,
        reduced_motion='reduce', service_workers='block',
    )
    traffic.attach(context)
    return context
