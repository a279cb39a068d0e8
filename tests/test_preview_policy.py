"""The live preview's policy: its pages allow sphinx-autobuild's reload script, and only
those pages (test_preview.py reloads a page in Chromium under the real `make serve`)."""

from __future__ import annotations

import base64
import hashlib
import re

import pytest
from bs4 import BeautifulSoup
from sphinx.errors import ConfigError
from sphinx_autobuild.middleware import web_socket_script

from testing import build

pytestmark = pytest.mark.extension

ADDRESS = '127.0.0.1:8123'


def policy_of(app) -> dict[str, set[str]]:
    soup = BeautifulSoup((app.outdir / 'index.html').read_text('utf-8'), 'html.parser')
    policy = soup.find('meta', attrs={'http-equiv': 'Content-Security-Policy'})['content']
    return {name: set(sources.split()) for name, sources in
            (part.strip().split(' ', 1) for part in policy.split(';'))}


def injected_script_hash(address: str) -> str:
    """The hash of the script sphinx-autobuild appends to every page it serves."""
    script = re.search(r'<script>(.*?)</script>', web_socket_script(address), re.S).group(1)
    return "'sha256-%s'" % base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()


def test_a_preview_build_allows_the_reload_script_of_its_server(make_app, session_root):
    app = build(make_app, session_root, confoverrides={'proceedings_preview': ADDRESS})
    policy = policy_of(app)
    assert injected_script_hash(ADDRESS) in policy['script-src']
    assert policy['connect-src'] == {"'self'", f'ws://{ADDRESS}'}
    assert "'unsafe-inline'" not in policy['script-src']


def test_any_other_build_keeps_the_strict_policy(make_app, session_root):
    policy = policy_of(build(make_app, session_root))
    assert injected_script_hash(ADDRESS) not in policy['script-src']
    assert injected_script_hash('127.0.0.1:8000') not in policy['script-src']
    assert policy['connect-src'] == {"'self'"}


def test_a_preview_address_is_host_and_port(make_app, session_root):
    with pytest.raises(ConfigError, match=r"proceedings_preview must be the preview server's "
                                          r"host:port .* not 'ws://x\"y'"):
        make_app('html', srcdir=session_root,
                 confoverrides={'proceedings_preview': 'ws://x"y'})
