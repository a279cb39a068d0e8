"""The book reads only its own source folder, fetches nothing, and links only to the web.

A chapter is text that a maintainer may merge without reading every byte, so the build
holds these lines itself, each with one mechanism, and a chapter that crosses one fails
at its line:

- **Files**: every path a chapter names (``{include}``, ``{literalinclude}``,
  ``{download}``, ``{csv-table}``'s ``:file:``, images, ``{eval-rst}``'s ``.. include::``)
  is resolved, symbolic links followed, and must lie inside the source folder. Sphinx
  resolves them all through ``BuildEnvironment.relfn2path``, which is checked here for
  books that load this extension; ``csv-table`` resolves its own and is checked before it
  reads. A chapter that is itself a link to a file outside the folder is not read.
- **Fetching**: a remote image (which the LaTeX and EPUB builders would download) and
  ``csv-table``'s or ``raw``'s ``:url:`` are refused.
- **Links**: a reference's address is relative, or an ``http``, ``https`` or ``mailto``
  address; ``javascript:``, ``data:``, ``file:``… (which reStructuredText in
  ``{eval-rst}`` lets through, and which the EPUB has no policy to stop) are refused.
- **Page settings**: a page's front matter may set only the ``myst:`` keys in
  ``FRONT_MATTER_MYST_KEYS``; ``html_meta`` (a ``<meta http-equiv="refresh">``) or
  ``disable_syntax`` would change what the page is. The ``meta`` directive is refused.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar
from urllib.parse import urlsplit

import yaml
from docutils import nodes
from docutils.parsers.rst import DirectiveError
from sphinx import addnodes
from sphinx.directives.other import Include
from sphinx.directives.patches import CSVTable
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from proceedings.sphinx_ext.domain import record_problem
from proceedings.sphinx_ext.i18n import __
from proceedings.sphinx_ext.trees import nodes_of

if TYPE_CHECKING:
    from docutils.nodes import Node
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

#: Where a link may lead: the web, an e-mail address, or (with no scheme) the book itself.
LINK_SCHEMES = frozenset({'http', 'https', 'mailto'})
#: The ``myst:`` settings that a page's front matter may change: how deep its headings get
#: anchors. Everything else is the book's configuration, in ``conf.py``.
FRONT_MATTER_MYST_KEYS = frozenset({'heading_anchors'})
FRONT_MATTER = re.compile(r'\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)', re.S)

_sphinx_relfn2path = BuildEnvironment.relfn2path


def outside_message(name: str | os.PathLike[str]) -> str:
    return str(__('%s is outside the book\'s source folder: a chapter may use only files '
                  'inside it') % os.fspath(name))


def inside(env: BuildEnvironment, path: str | os.PathLike[str]) -> bool:
    """Whether *path*, every link followed, lies inside the book's source folder."""
    return _inside(os.path.realpath(env.srcdir), path)


def _inside(root: str, path: str | os.PathLike[str]) -> bool:
    """Whether *path*, every link followed, lies inside *root*, a real path."""
    real = os.path.realpath(path)
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


def confined_relfn2path(self: BuildEnvironment, filename: str | Path,
                        docname: str | None = None) -> tuple[str, str]:
    """Sphinx's ``relfn2path``, refusing (at the directive's line) a file outside the book."""
    relative, absolute = _sphinx_relfn2path(self, filename, docname)
    if _confined(self) and not inside(self, absolute):
        raise OutsideSource(3, outside_message(filename))
    return relative, absolute


class OutsideSource(DirectiveError):
    """A file outside the book; directives that catch any exception print its message."""

    def __str__(self) -> str:
        return self.msg


def _confined(env: BuildEnvironment) -> bool:
    # Only books that load this extension; other Sphinx projects in the process keep
    # Sphinx's own behaviour.
    return 'proceedings_identity' in env.config


class ConfinedInclude(Include):
    """``include`` takes no ``<name>``: docutils' own files are outside the book too.

    MyST reads an ``{include}`` itself, joining ``<name>`` to ``standard_include_path``:
    a path under ``/dev/null``, which no file can be under, makes that read fail at the
    directive's line.
    """

    standard_include_path = Path(os.devnull) / 'no-standard-includes'

    def run(self) -> list[Node]:
        if self.arguments[0].strip().startswith('<'):
            raise self.error(outside_message(self.arguments[0]))
        return super().run()


class ConfinedCSVTable(CSVTable):
    """``csv-table`` reads its ``:file:`` only inside the book, and fetches no ``:url:``."""

    def run(self) -> list[Node]:
        env = self.state.document.settings.env
        if 'url' in self.options:
            raise self.error(__('csv-table :url: would fetch a file while the book builds: '
                                'put the table in the chapter, or a file beside it'))
        if 'file' in self.options:
            name = self.options['file']
            if name.startswith(('/', os.sep)):
                path = env.srcdir / name.lstrip('/' + os.sep)
            else:
                path = env.doc2path(env.docname).parent / name
            if not inside(env, path):
                raise self.error(outside_message(name))
        return super().run()


class RefusedRaw(SphinxDirective):
    """``raw`` is refused before it reads a ``:file:`` or fetches a ``:url:``."""

    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[dict] = {'file': str, 'url': str, 'encoding': str}

    def run(self) -> list[Node]:
        raise self.error(__('raw %s is not allowed in a chapter: write Markdown, which the '
                            'book escapes for every format')
                         % (self.arguments[0] if self.arguments else 'markup'))


class RefusedMeta(SphinxDirective):
    """``meta`` would write the page's head (a refresh that takes the reader away)."""

    has_content = True

    def run(self) -> list[Node]:
        raise self.error(__('the meta directive is not allowed in a chapter: the book writes '
                            'its pages\' head itself'))


def refuse_what_leaves_the_book(app: Sphinx, doctree: nodes.document) -> None:
    """Images, downloads, links and ``meta`` that would read, fetch or lead elsewhere.

    Runs before Sphinx's collectors, which would copy the images and downloads.
    """
    env = app.env
    docname = env.docname

    def refuse(node: nodes.Node, message: str, keep_text: bool = False) -> None:
        refused.append(node)
        record_problem(env, docname, node.line or _line_of(node), message)
        if keep_text and node.astext():
            node.replace_self(nodes.Text(node.astext()))
        else:
            node.parent.remove(node)

    # One walk for the four kinds of node, each kind then checked in turn. A node that a
    # refusal of an earlier kind took out of the page (a link inside a refused download)
    # is not checked, as a walk made after that refusal would not have found it.
    found: dict[type, list[nodes.Node]] = {kind: [] for kind in CHECKED}
    for node in nodes_of(doctree, CHECKED):
        for kind in CHECKED:
            if isinstance(node, kind):  # a download is a reference too
                found[kind].append(node)
    refused: list[nodes.Node] = []

    def still_in(kind: type) -> list[nodes.Node]:
        if not refused:
            return found[kind]
        return [node for node in found[kind] if _in_document(node, doctree)]

    for node in found[nodes.image]:
        uri = node.get('uri', '')
        if uri.startswith('data:'):
            continue  # in the page itself: nothing to read or fetch
        if '://' in uri or uri.startswith('//') or urlsplit(uri).scheme:
            refuse(node, __('image %r is on another host: the book fetches nothing while it '
                            'builds and its pages load nothing from elsewhere; put the image '
                            'in the book\'s folder') % uri)
            continue
        try:
            _relative, absolute = _sphinx_relfn2path(env, uri, docname)
        except (KeyError, ValueError):
            continue
        if not inside(env, absolute):
            refuse(node, outside_message(uri))
    for node in still_in(addnodes.download_reference):
        target = node.get('reftarget', '')
        if '://' in target:
            continue  # a link, which Sphinx does not download
        try:
            _relative, absolute = _sphinx_relfn2path(env, target, docname)
        except (KeyError, ValueError):
            continue
        if not inside(env, absolute):
            refuse(node, outside_message(target), keep_text=True)
    for node in still_in(nodes.reference):
        uri = node.get('refuri')
        if uri is None:
            continue
        scheme = _scheme(uri)
        if scheme and scheme not in LINK_SCHEMES:
            refuse(node, __('the link to %r is refused: a link leads to an https://, http:// '
                            'or mailto: address, or to a page of the book') % uri,
                   keep_text=True)
    for node in still_in(nodes.meta):
        refuse(node, __('the meta directive is not allowed in a chapter: the book writes its '
                        'pages\' head itself'))


#: What refuse_what_leaves_the_book checks, in the order it checks them.
CHECKED = (nodes.image, addnodes.download_reference, nodes.reference, nodes.meta)


def _in_document(node: nodes.Node, doctree: nodes.document) -> bool:
    while node is not None:
        if node is doctree:
            return True
        node = node.parent
    return False


def _scheme(uri: str) -> str:
    """The scheme of *uri* as a browser reads it (it ignores spaces and controls in it)."""
    cleaned = re.sub(r'[\x00-\x20\x7f]', '', uri)
    found = re.match(r'([A-Za-z][A-Za-z0-9+.-]*):', cleaned)
    return found.group(1).lower() if found else ''


def _line_of(node: nodes.Node) -> int:
    while node is not None and not node.line:
        node = node.parent
    return node.line if node is not None else 0


def refuse_linked_chapters(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """A chapter that is a link to a file outside the book is not read."""
    root = os.path.realpath(env.srcdir)  # once, not for each of the chapters
    for docname in list(docnames):
        path = env.doc2path(docname)
        if not _inside(root, path):
            logger.error(outside_message(os.path.realpath(path)), location=(docname, 0),
                         type='proceedings', subtype='outside')
            app.statuscode = 1
            docnames.remove(docname)
            env.found_docs.discard(docname)  # nor written: it has no doctree


def check_front_matter(app: Sphinx, docname: str, source: list[str]) -> None:
    """Refuse ``myst:`` settings the book does not document; the page is read without them."""
    found = FRONT_MATTER.match(source[0])
    if not found:
        return
    try:
        data = yaml.safe_load(found.group(1) or '')
    except yaml.YAMLError:
        return  # MyST reports malformed YAML itself, at its line
    if not isinstance(data, dict) or 'myst' not in data:
        return
    settings = data['myst']
    keys = set(settings) if isinstance(settings, dict) else {repr(settings)}
    refused = sorted(str(key) for key in keys - FRONT_MATTER_MYST_KEYS)
    if not refused:
        return
    lines = found.group(0).splitlines()
    line = next((n for n, text in enumerate(lines, 1) if text.startswith('myst')), 1)
    record_problem(app.env, docname, line, __(
        'front matter myst: %s: a page may set only %s; the rest is the book\'s '
        'configuration (conf.py)') % (', '.join(refused),
                                      ', '.join(sorted(FRONT_MATTER_MYST_KEYS))))
    # Read on without any front matter, keeping the lines where they were.
    source[0] = '\n' * len(lines) + source[0][found.end():]


def setup_confine(app: Sphinx) -> None:
    BuildEnvironment.relfn2path = confined_relfn2path  # type: ignore[method-assign]
    app.add_directive('include', ConfinedInclude, override=True)
    app.add_directive('csv-table', ConfinedCSVTable, override=True)
    app.add_directive('raw', RefusedRaw, override=True)
    app.add_directive('meta', RefusedMeta, override=True)
    # Before Sphinx's image and download collectors (priority 500), which copy the files.
    app.connect('doctree-read', refuse_what_leaves_the_book, priority=100)
    app.connect('env-before-read-docs', refuse_linked_chapters)
    app.connect('source-read', check_front_matter)
