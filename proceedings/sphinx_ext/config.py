"""Every ``proceedings_*`` option, declared once and checked once.

Each field of :class:`ProceedingsConfig` is one option of ``conf.py`` (or ``-D``), named
``proceedings_<field>``: its default, what a change rebuilds, the types Sphinx accepts,
a line of help and a check. :func:`register` declares them all with Sphinx; on
``config-inited``, before any part of the extension reads them, :func:`validate` checks
every value and keeps the result, which the parts read with :func:`options_of`.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sphinx.errors import ConfigError

from proceedings.sphinx_ext.i18n import __

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx
    from sphinx.config import Config

PREFIX = 'proceedings_'
#: Where the checked options are kept for the build: not an option a user sets.
CHECKED = '_proceedings_options'


def _path(name: str, value: Any) -> None:
    if not isinstance(value, str) or not value:
        raise ConfigError(__('%s must be the path of the book identity file, relative to '
                             'conf.py, not %r') % (name, value))


def _text(name: str, value: Any) -> None:
    if not isinstance(value, str):
        raise ConfigError(__('%s must be a string, not %r') % (name, value))


def _page(name: str, value: Any) -> None:
    if not isinstance(value, str) or value.startswith('/') or value.endswith(('.md', '.rst')):
        raise ConfigError(__('%s must be the name of a page as in a toctree '
                             "(chapters/accessibility), or '' for none, not %r") % (name, value))


def _names_by_language(name: str, value: Any) -> None:
    if not isinstance(value, dict) or not all(
            isinstance(code, str) and re.fullmatch(r'[a-z]{2,3}(-[A-Za-z0-9]{2,8})*', code)
            and isinstance(names, (list, tuple))
            and all(isinstance(n, str) and n.strip() for n in names)
            for code, names in value.items()):
        raise ConfigError(__('%s must map language codes to lists of names, as '
                             "{'fr': ['Université Rennes 2']}, not %r") % (name, value))


def _true_or_false(name: str, value: Any) -> None:
    if not isinstance(value, bool):
        raise ConfigError(
            __('%s must be True or False, not %r (False lets furo compute the navigation '
               'of every page itself, as without the proceedings extension)')
            % (name, value)
        )


def _bool(name: str, value: Any) -> None:
    if not isinstance(value, bool):
        raise ConfigError(__('%s must be True or False, not %r') % (name, value))
def _published_with_pdf(name: str, value: Any) -> None:
    if not isinstance(value, bool):
        raise ConfigError(__('%s must be True or False, not %r (False: the edition is '
                             'published without its PDF, as make book PDF=no '
                             'does)') % (name, value))


def _pages(name: str, value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ConfigError(__('%s must be a number of pages (0 or more), not %r')
                          % (name, value))


def _preview_address(name: str, value: Any) -> None:
    from proceedings.sphinx_ext.preview import check_address

    check_address(name, value)


def option(default: Any, rebuild: str, check: Callable[[str, Any], None],
           help: str) -> Any:  # noqa: A002 -- the word every option library uses
    metadata = {'rebuild': rebuild, 'check': check, 'help': help, 'default': default}
    if isinstance(default, dict):  # a dataclass takes a mutable default only from a factory
        return field(default_factory=dict, metadata=metadata)
    return field(default=default, metadata=metadata)


@dataclass(frozen=True)
class ProceedingsConfig:
    """The options of the proceedings extension, as checked for one build."""

    identity: str = option(
        'book.toml', 'env', _path,
        "the book's identity file (title, editors, event, languages), relative to conf.py")
    base_url: str = option(
        '', 'env', _text,
        "where the site is published, when it is not the identity file's base_url "
        '(a preview host, a test): -D proceedings_base_url=https://…')
    series: str = option(
        '', 'env', _text,
        'the description of the series the volume is published in, which proceedings '
        'series writes (and names in PROCEEDINGS_SERIES); empty: a book published alone')
    accessibility_page: str = option(
        '', 'env', _page,
        "the book's accessibility statement, which every page's footer links to "
        "(chapters/accessibility); '' for none")
    names_by_language: dict = option(
        {}, 'env', _names_by_language,
        'names that keep their language in every edition, by language: marked with it '
        'wherever they appear in an edition in another language')
    preview: str = option(
        '', 'html', _preview_address,
        "the live preview server's host:port (make serve sets it): its pages allow "
        "sphinx-autobuild's reload script; empty for every build to publish")
    pdf: bool = option(
        True, 'env', _published_with_pdf,
        'the edition is published with its PDF and the programme\'s: False for a book made '
        'without TeX (-D proceedings_pdf=0), whose pages then link to no PDF')
    precompute_navigation: bool = option(
        True, '', _true_or_false,
        "compute furo's navigation once per build (same HTML, linear cost)")
    parallel_read_from: int = option(
        100, '', _pages, 'with -j, read in parallel only from this many pages to read')
    parallel_write_from: int = option(
        150, '', _pages, 'with -j, write in parallel only from this many pages to write')
    parallel_write_every_job: bool = option(
        True, '', _bool,
        'with -j N, write with N processes beside the main one, which resolves the pages '
        '(False: N - 1, as Sphinx does)')
    reuse_markdown_parser: bool = option(
        True, '', _bool,
        'parse Markdown pages and translated messages with one MyST parser per build '
        '(same doctrees)')
    render_partials_once: bool = option(
        True, '', _bool,
        'render each title once per build, and lone nodes without idle docutils '
        'transforms (same HTML)')
    reuse_highlight_formatters: bool = option(
        True, '', _bool,
        'highlight code with one Pygments formatter per set of options (same HTML)')
    reuse_asset_tags: bool = option(
        True, '', _bool,
        "make each style sheet's and script's tag once per folder of pages (same HTML)")
    memoise_search_words: bool = option(
        True, '', _bool,
        "stem and filter each word of the search index once per build (same index)")
    check_templates_once: bool = option(
        True, '', _bool,
        "check the templates' files for changes once per build, not at every use (same "
        'HTML)')
    find_docutils_stylesheets_once: bool = option(
        True, '', _bool,
        "look for docutils' own style sheets once per build, not for every HTML translator "
        '(same HTML)')
    set_code_languages_in_one_pass: bool = option(
        True, '', _bool,
        "set the code blocks' languages in one pass over a page's elements, not with a "
        'visitor of every node (same HTML)')
    plain_translated_messages: bool = option(
        True, '', _bool,
        'build the paragraph of a translation of plain prose without the Markdown parser '
        '(same doctrees)')
    compile_checked_catalogues: bool = option(
        True, '', _bool,
        "compile each catalogue's .mo from the strict check's reading, not from a second "
        'one (same files)')
    walk_locale_folders_once: bool = option(
        True, '', _bool,
        'walk the locale folder once per build, not each time Sphinx lists the catalogues '
        '(same catalogues)')
    spare_collector: bool = option(
        True, '', _bool,
        "spare Python's cycle collector what the build keeps to its end (same output)")
    quiet_events: bool = option(
        True, '', _bool,
        "emit Sphinx's events without their debug line when no handler shows debug "
        'messages (same output)')
    fast_tree_walks: bool = option(
        True, '', _bool,
        "find the nodes three of Sphinx's transforms look for in every page with a plain "
        'loop, not a generator per node (same doctrees)')
    skip_plain_smartquotes: bool = option(
        True, '', _bool,
        'leave out of smart quotes the blocks of text that hold nothing they change '
        '(same doctrees)')
    parse_translations_once: bool = option(
        True, '', _bool,
        "parse each translated message once in Sphinx's Locale transform, not twice "
        '(same doctrees)')
    quiet_progress: bool = option(
        True, '', _bool,
        "keep the progress lines of a quiet build (-q) for Sphinx's crash report without "
        'logging them (same messages)')
    fast_findall: bool = option(
        True, '', _bool,
        "walk the doctrees in docutils' findall with one loop, not a generator per node "
        '(same nodes, in the same order)')
    compile_plural_forms_once: bool = option(
        True, '', _bool,
        "compile each catalogue's plural expression once per build, not once per "
        'catalogue loaded (same translations)')

    @classmethod
    def options(cls) -> list[tuple[str, dataclasses.Field]]:
        """Each option's name in conf.py, with its declaration."""
        return [(PREFIX + f.name, f) for f in dataclasses.fields(cls)]


def register(app: Sphinx) -> None:
    """Declare every option once, whichever part or sub-extension is set up first."""
    for name, declared in ProceedingsConfig.options():
        if name not in app.config:
            default = declared.metadata['default']
            app.add_config_value(
                name, default, declared.metadata['rebuild'],
                types=frozenset({type(default)}),
                description=declared.metadata['help'],
            )
    if CHECKED not in app.config:
        app.add_config_value(CHECKED, None, '', types=frozenset({ProceedingsConfig}))
        # Before the parts of the extension, which read the options on config-inited.
        app.connect('config-inited', validate, priority=300)


def validate(app: Sphinx, config: Config) -> None:
    values = {}
    for name, declared in ProceedingsConfig.options():
        value = config[name]
        declared.metadata['check'](name, value)
        values[declared.name] = value
    config[CHECKED] = ProceedingsConfig(**values)


def options_of(app: Sphinx) -> ProceedingsConfig:
    checked = app.config[CHECKED]
    if checked is None:  # read before config-inited (a sub-extension's own setup)
        checked = ProceedingsConfig(**{f.name: app.config[name]
                                       for name, f in ProceedingsConfig.options()})
    return checked
