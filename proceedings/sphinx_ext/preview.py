"""The live preview (``make serve``): the page's policy lets sphinx-autobuild reload it.

sphinx-autobuild serves the HTML it builds with one inline ``<script>`` appended, which
opens a WebSocket to the server and reloads the page when a build ends. The book's
Content-Security-Policy allows inline scripts only by their hash, so the browser blocks it
and the preview never reloads. A build for the preview names the server's address
(``-D proceedings_preview=127.0.0.1:8000``); its pages then allow that one script, by the
hash of the text sphinx-autobuild itself injects for that address, and a connection to
that server's WebSocket. Any other build (``make html``, ``make book``) leaves the option
empty and keeps the strict policy.
"""

from __future__ import annotations

import base64
import hashlib
import re

from sphinx.errors import ConfigError

from proceedings.sphinx_ext.i18n import __

#: ``host:port``, as sphinx-autobuild's ``--host`` and ``--port`` give it.
ADDRESS = re.compile(r'[A-Za-z0-9.-]+:[0-9]{1,5}')
INLINE_SCRIPT = re.compile(r'<script>(.*?)</script>', re.S)


def check_address(name: str, value: object) -> None:
    if not isinstance(value, str) or (value and not ADDRESS.fullmatch(value)):
        raise ConfigError(__('%s must be the preview server\'s host:port (as make serve '
                             'gives it), or empty for a build to publish, not %r')
                          % (name, value))


def reload_sources(address: str) -> tuple[str, str]:
    """The policy's script source (a hash) and connect source for a preview at *address*."""
    try:
        from sphinx_autobuild.middleware import web_socket_script
    except ImportError:
        raise ConfigError(__('proceedings_preview is set but sphinx-autobuild, which serves '
                             'the preview, is not installed (pip install -r '
                             'requirements.txt)')) from None
    found = INLINE_SCRIPT.search(web_socket_script(address))
    if found is None:
        raise ConfigError(__('this sphinx-autobuild injects a reload script the book does '
                             'not know: the pin in requirements.txt is the one it knows'))
    digest = hashlib.sha256(found.group(1).encode('utf-8')).digest()
    return ("'sha256-%s'" % base64.b64encode(digest).decode('ascii'), f'ws://{address}')
