"""Content is content, never code; pages load nothing from elsewhere.

- A ``raw`` node (``{raw} html``, ``{raw} latex``…) in a chapter is refused with an error
  at its line: it would go around the escaping that keeps a title with ``%`` or ``<`` a
  title. MyST's own HTML syntax is turned off in ``conf.py``, so ``<script>`` written in
  a chapter shows as text.
- External links carry ``rel="noopener noreferrer"``: a page opened from the book learns
  nothing about it.
- Every page declares a Content-Security-Policy: scripts and styles from the site only,
  the theme's one inline script allowed by its hash (and, in the live preview only,
  sphinx-autobuild's reload script: see ``preview``).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from docutils import nodes
from markupsafe import Markup, escape
from sphinx import addnodes
from sphinx.writers.html5 import HTML5Translator

from proceedings.sphinx_ext.config import options_of
from proceedings.sphinx_ext.domain import record_problem
from proceedings.sphinx_ext.i18n import __
from proceedings.sphinx_ext.preview import reload_sources
from proceedings.sphinx_ext.settings import identity_of

if TYPE_CHECKING:
    from sphinx.application import Sphinx

INLINE_SCRIPT = re.compile(r'<script>(.*?)</script>', re.S)


def refuse_raw_nodes(app: Sphinx, doctree: nodes.document) -> None:
    for node in list(doctree.findall(nodes.raw)):
        record_problem(
            app.env, app.env.docname, node.line or 0,
            __('raw %s is not allowed in a chapter: write Markdown, which the book escapes '
               'for every format') % (node.get('format') or 'markup'),
        )
        node.parent.remove(node)


class ProceedingsHTMLTranslator(HTML5Translator):
    """Sphinx's HTML5 writer, with ``rel="noopener noreferrer"`` on external links and a
    level on the headings of tables of contents."""

    def visit_title(self, node: nodes.title) -> None:
        """Sphinx's titles, but a toctree caption says its level (sphinx#14030).

        Sphinx renders a toctree caption as ``<p role="heading">`` without ``aria-level``,
        which WAI-ARIA 1.2 requires (the Nu HTML Checker reports it as an error); 2 is the
        level browsers already give it, so readers of assistive technology hear no change.
        """
        if isinstance(node.parent, addnodes.compact_paragraph) and node.parent.get('toctree'):
            self.body.append(self.starttag(node, 'p', '', CLASS='caption', ROLE='heading',
                                           **{'aria-level': '2'}))
            self.body.append('<span class="caption-text">')
            self.context.append('</span></p>\n')
        else:
            super().visit_title(node)

    def starttag(self, node: nodes.Element, tagname: str, suffix: str = '\n',
                 empty: bool = False, **attributes: Any) -> str:
        if (tagname == 'a' and isinstance(node, nodes.reference)
                and urlsplit(node.get('refuri', '')).netloc):
            attributes.setdefault('rel', 'noopener noreferrer')
        return super().starttag(node, tagname, suffix, empty, **attributes)


@functools.cache
def theme_script_hashes(theme_dirs: tuple[str, ...]) -> list[str]:
    """The CSP hashes of the inline scripts in the theme's templates (furo has one)."""
    hashes = set()
    for folder in theme_dirs:
        for template in sorted(Path(folder).glob('*.html')):
            for script in INLINE_SCRIPT.findall(template.read_text(encoding='utf-8')):
                if '{{' in script or '{%' in script:
                    continue  # rendered differently per page: not hashable here
                digest = hashlib.sha256(script.encode('utf-8')).digest()
                hashes.add("'sha256-%s'" % base64.b64encode(digest).decode('ascii'))
    return sorted(hashes)


def content_security_policy(script_hashes: list[str], site: str = '',
                            connect: str = '') -> str:
    """The page's policy; *site* is the origin the book is published at, if known;
    *connect* one more address the page's scripts may connect to (the live preview's).

    The 404 page bases its links on the published address (see ``metadata``): naming the
    site's origin beside 'self' keeps that page styled wherever a host serves it from.
    """
    own = f"'self' {site}".strip()
    return '; '.join([
        "default-src 'none'",
        f"script-src {own} " + ' '.join(script_hashes),
        # furo and Sphinx set style attributes from their scripts.
        f"style-src {own} 'unsafe-inline'",
        # furo's CSS draws some icons from data: addresses.
        f"img-src {own} data:",
        f"font-src {own}",
        f"connect-src {own} {connect}".strip(),
        # A recording plays only when the reader presses play (preload="none").
        f"media-src {own} https:",
        f"form-action {own}",
        f"base-uri {own}",
    ]).strip()


def add_content_security_policy(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    builder = app.builder
    if builder.format != 'html' or builder.name.startswith('epub'):
        return
    base_url = identity_of(app).base_url
    preview = options_of(app).preview
    # The same policy on every page of a build: made once for the builder, its theme,
    # the site's address and the preview it was made for.
    cached = app.__dict__.get(CSP)
    if (cached is not None and cached[0] is builder and cached[1] is builder.theme
            and cached[2] == base_url and cached[3] == preview):
        context['proceedings_csp'] = cached[4]
        return
    hashes = theme_script_hashes(tuple(builder.theme.get_theme_dirs()))
    site = '{0.scheme}://{0.netloc}'.format(urlsplit(base_url)) if base_url else ''
    connect = ''
    if preview:
        script, connect = reload_sources(preview)
        hashes = [*hashes, script]
    policy = content_security_policy(hashes, site, connect)
    app.__dict__[CSP] = (builder, builder.theme, base_url, preview, policy)
    context['proceedings_csp'] = policy


#: Where the application keeps its pages' policy, with what it was made from.
CSP = '_proceedings_csp'


#: What a gettext plural expression may hold: ``n``, numbers, operators, parentheses.
PLURAL_EXPRESSION = re.compile(r'[n0-9\s()?:=!<>%&|+\-*/]*')


def translations_without_eval(app: Sphinx, exception: Exception | None) -> None:
    """Rewrite Sphinx's ``translations.js`` so that it evaluates no string.

    Sphinx's ``Documentation.addTranslations`` turns the catalogue's plural expression
    into code with ``new Function``, which the page's policy forbids ('unsafe-eval'):
    every page of a translated edition would log an error. The same data are
    set directly, the expression written out as code once, here, after checking it.
    """
    if exception is not None or app.builder.format != 'html' or app.builder.name.startswith('epub'):
        return
    path = Path(app.outdir, '_static', 'translations.js')
    if not path.is_file():
        return
    text = path.read_text(encoding='utf-8').strip()
    prefix, suffix = 'Documentation.addTranslations(', ');'
    if not (text.startswith(prefix) and text.endswith(suffix)):
        return  # already rewritten, or a form this code does not know
    catalogue = json.loads(text[len(prefix):-len(suffix)])
    expression = catalogue.get('plural_expr') or '(n === 1 ? 0 : 1)'
    if not PLURAL_EXPRESSION.fullmatch(expression):
        expression = '(n === 1 ? 0 : 1)'
    # The comment names this module as it was first published: the file stays the same.
    path.write_text(
        '// Sphinx\'s translations, set without evaluating a string (see proceedings.safety).\n'
        f'Object.assign(Documentation.TRANSLATIONS, {json.dumps(catalogue.get("messages", {}), indent=1, sort_keys=True)});\n'
        f'Documentation.PLURAL_EXPR = (n) => Number({expression});\n'
        f'Documentation.LOCALE = {json.dumps(catalogue.get("locale", ""))};\n',
        encoding='utf-8',
    )


#: The book's texts that Sphinx hands to the templates as they are, and that themes print
#: unescaped in places (furo's ``sidebar/brand.html`` and ``page.html`` print docstitle).
BOOK_TEXTS = ('docstitle', 'shorttitle', 'project', 'author', 'copyright')


def escape_book_texts(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """The book's own texts (``book.toml`` and their translations) as escaped HTML.

    They are plain text. Handed to the templates as ``Markup`` of their escaped form, they
    print as text both where a template escapes them (``|e`` leaves Markup alone) and where
    it does not, in text and in attributes alike.
    """
    for key in BOOK_TEXTS:
        value = context.get(key)
        if isinstance(value, str) and not isinstance(value, Markup):
            context[key] = escape(value)


def setup_safety(app: Sphinx) -> None:
    app.connect('doctree-read', refuse_raw_nodes)
    app.connect('html-page-context', escape_book_texts, priority=900)
    for builder in ('html', 'dirhtml', 'singlehtml', 'epub'):
        app.set_translator(builder, ProceedingsHTMLTranslator)
    app.connect('html-page-context', add_content_security_policy)
    app.connect('build-finished', translations_without_eval)
