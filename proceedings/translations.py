"""Every build of a translation reads its catalogues strictly first.

Sphinx reads a broken catalogue as best it can and says nothing: an unclosed string
becomes English, an unclosed ``**`` shows as two asterisks, a retyped address leads
elsewhere, and nothing names the PO file. So before reading the pages, a build in another
language than the source reads each of that language's catalogues strictly and compares
every translation in use with its English (see ``pofile`` and ``markup``). Like the
session checks, it logs one error per problem with its file and line, goes on, and exits
with status 1: ``make book`` stops there.

A translation of the extension's or the theme's words that lost a placeholder would make
the build crash where the words are used ("%s" with nothing to fill in): such a
translation is left out, and the English shows, as for a fuzzy one. What is only
unfinished (fuzzy or untranslated messages) shows in English too; ``make stats`` and
``make check-po`` report it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx import locale as sphinx_locale
from sphinx.util import logging

from proceedings.identity import identity_of
from proceedings.markup import Markup, kind_of, markup_problems
from proceedings.pofile import PoFile, Problem, counts, po_files, read, translated

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)


def check_catalogues(app: Sphinx) -> None:
    """Read the build language's catalogues strictly; log each problem at its line."""
    from sphinx.builders.gettext import MessageCatalogBuilder

    language = app.config.language
    if isinstance(app.builder, MessageCatalogBuilder):
        return  # extracting the English texts: there is no translation to read
    if language == identity_of(app).source_language:
        return
    # The settings of MyST as the book uses them (a book without MyST has their defaults).
    markup = Markup(getattr(app.config, 'myst_enable_extensions', ()),
                    getattr(app.config, 'myst_disable_syntax', ()))
    problems: list[Problem] = []
    done = total = 0
    for locale_dir in app.config.locale_dirs:
        for domain, path in po_files(app.srcdir / locale_dir / language / 'LC_MESSAGES').items():
            po, found = read(path)
            problems += found
            if po is None:
                continue
            problems += markup_problems(po, domain, markup)
            _leave_out_broken_placeholders(po, domain, markup)
            numbers = counts(po)
            done += numbers['translated']
            total += numbers['total']
    for problem in sorted(set(problems)):
        if problem.line:
            logger.error(problem.message, location=f'{problem.path}:{problem.line}',
                         type='proceedings', subtype='catalogue')
        else:  # a location without a line would be taken for a document's name
            logger.error(problem.format(), type='proceedings', subtype='catalogue')
    if problems:
        app.statuscode = 1
    if done < total:
        logger.info('%s: %d of %d messages translated; the others show in English '
                    '(make stats)', language, done, total)


def _leave_out_broken_placeholders(po: PoFile, domain: str, markup: Markup) -> None:
    """Take the translations whose placeholders broke out of the loaded catalogues.

    The extension's and the theme's catalogues are loaded before any builder exists (see
    ``i18n.load_catalogues``): the translation is removed from the loaded catalogue that
    holds it, and only there, so that Sphinx's own translation of the same words stays.
    """
    for message in po.messages():
        if message.fuzzy or not translated(message) or kind_of(message, domain) != 'format':
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        if not any(markup.compare(ids[min(n, len(ids) - 1)], string, 'format', message.flags)
                   for n, string in enumerate(strings)):
            continue
        keys = {ids[0]: strings[0]} if isinstance(message.id, str) else {
            (ids[0], n): string for n, string in enumerate(strings)}
        for (_namespace, catalogue), translator in sphinx_locale.translators.items():
            while catalogue == domain and translator is not None:
                loaded = getattr(translator, '_catalog', {})
                for k, string in keys.items():
                    if loaded.get(k) == string:
                        del loaded[k]
                translator = getattr(translator, '_fallback', None)


def setup_translations(app: Sphinx) -> None:
    app.connect('builder-inited', check_catalogues)
