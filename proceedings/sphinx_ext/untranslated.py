"""Passages not translated yet say so: to assistive technologies, to the eye, to the editor.

Sphinx shows the English of a message that a catalogue does not translate (missing, empty
or fuzzy), inside a page whose ``lang`` is the edition's: a screen reader then reads
English with a French voice (RGAA 8.7), and a reader cannot tell an oversight from the
book. Sphinx also takes a translation identical to its English ("Introduction") for a
missing one, and marks nothing at all on a page that has no catalogue yet.

So, in every build of a translation, right after Sphinx's ``Locale`` transform:

- each text a catalogue does not translate is marked as in the source language: docutils
  writes its class ``language-en`` as ``lang="en"`` on the element, in HTML and EPUB; the
  class ``in-source-language`` gets a discreet rule in the margin from the style sheet
  (the PDF marks nothing: its page has the note below);
- a translation identical to its English counts as translated, and a page without a
  catalogue has every text marked;
- a page with such passages opens with a note that says so, in the edition's words, and
  every page of a preview edition (a language in progress, ``[book] in_progress``) with a
  note that it is one;
- the count of every page is collected (merged across ``-j`` processes) and written, at
  the end of the build, to ``proceedings-untranslated.json`` in the doctree folder, where
  ``proceedings publish`` reads it to report how many messages each edition shows in the
  source language.
"""

from __future__ import annotations

import json
from gettext import NullTranslations
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import locale as sphinx_locale
from sphinx.environment.collectors import EnvironmentCollector
from sphinx.locale import init as init_locale
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.i18n import docname_to_domain

from proceedings.core.editions import language_name
from proceedings.sphinx_ext.i18n import _, extract_messages, written_in
from proceedings.sphinx_ext.settings import identity_of

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

#: The class of a passage shown in the source language, for the style sheet.
CLASS = 'in-source-language'
#: Where the counts of a build are written, in its doctree folder.
REPORT_NAME = 'proceedings-untranslated.json'


def source_language_class(language: str) -> str:
    """The class that docutils' HTML writer turns into ``lang="<language>"``."""
    return f'language-{language}'


class MarkUntranslated(SphinxTransform):
    """Mark each text that shows in the source language; count translated and not."""

    default_priority = 21  # after Sphinx's Locale (20), before its progress counts (25)

    def apply(self, **kwargs: Any) -> None:
        from sphinx.builders.gettext import MessageCatalogBuilder

        if isinstance(self.app.builder, MessageCatalogBuilder):
            return
        source = identity_of(self.app).source_language
        if self.config.language == source:
            return
        merged = self._catalogue()
        for node, msg in extract_messages(self.document, self.app.verbosity):
            if isinstance(node, nodes.meta) or node.get('translated') is True:
                continue
            if msg in merged:  # translated as its English, on purpose
                node['translated'] = True
                continue
            node['translated'] = False
            if isinstance(node, nodes.Element) and not isinstance(node, nodes.image):
                node['classes'] += [source_language_class(source), CLASS]

    def _catalogue(self) -> dict[str, str]:
        """The page's messages as Sphinx's Locale loaded them (fuzzy ones left out)."""
        domain = docname_to_domain(self.env.docname, self.config.gettext_compact)
        # Sphinx's Locale, just before, loaded the page's catalogue under its domain:
        # loading it again would read the same files to add the same translations.
        catalog = sphinx_locale.translators.get(('general', domain))
        has_catalog = catalog is not None and catalog.__class__ is not NullTranslations
        if catalog is None:
            dirs = [self.env.srcdir / folder for folder in self.config.locale_dirs]
            catalog, has_catalog = init_locale(dirs, self.config.language, domain)
        merged: dict[str, str] = {}
        while has_catalog and catalog is not None:
            merged = getattr(catalog, '_catalog', {}) | merged
            catalog = getattr(catalog, '_fallback', None)
        return {key: value for key, value in merged.items() if isinstance(key, str) and value}


class UntranslatedCollector(EnvironmentCollector):
    """How many texts of each page show in the source language, of how many."""

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        _counts(env).pop(docname, None)

    def merge_other(self, app: Sphinx, env: BuildEnvironment, docnames: set[str],
                    other: BuildEnvironment) -> None:
        theirs = _counts(other)
        for docname in docnames:
            if docname in theirs:
                _counts(env)[docname] = theirs[docname]

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        if app.config.language == identity_of(app).source_language:
            return
        found = [node['translated'] for node in doctree.findall(nodes.Element)
                 if 'translated' in node]
        untranslated = found.count(False)
        _counts(app.env)[app.env.docname] = (untranslated, len(found))
        if untranslated:
            _add_note(app, doctree)


def _counts(env: BuildEnvironment) -> dict[str, tuple[int, int]]:
    if not hasattr(env, 'proceedings_untranslated'):
        env.proceedings_untranslated = {}
    return env.proceedings_untranslated


def _add_note(app: Sphinx, doctree: nodes.document) -> None:
    """The page's first words say that some of it is in the source language."""
    template = _('Some passages of this page are not translated into %(language)s yet: '
                 'they show in %(source)s.')
    _insert_note(app, doctree, template, 'untranslated-note')


def add_preview_note(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Every page of a preview edition says so, in HTML and EPUB (the PDF, on its cover)."""
    identity = identity_of(app)
    if app.builder.format != 'html' or not identity.in_progress(app.config.language):
        return
    template = _('This %(language)s edition is a preview: its translation is in progress, '
                 'and what is not translated yet shows in %(source)s.')
    _insert_note(app, doctree, template, 'preview-note')


def _insert_note(app: Sphinx, doctree: nodes.document, template: str, name: str) -> None:
    """A note after the page's title, marked as in the source language if it is."""
    source = identity_of(app).source_language
    language = app.config.language
    words = written_in(template, language, source)
    note = nodes.paragraph('', template % {'language': language_name(language, words),
                                          'source': language_name(source, words)},
                           classes=[name], translatable=False)
    if words != language:
        note['classes'] += [source_language_class(source), CLASS]
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is not None and section.children and isinstance(section[0], nodes.title):
        section.insert(1, note)
    else:
        doctree.insert(0, note)


def write_report(app: Sphinx, exception: Exception | None) -> None:
    """The counts of the edition, for ``proceedings publish`` and for the log."""
    if exception is not None or app.config.language == identity_of(app).source_language:
        return
    counts = _counts(app.env)
    pages = {docname: untranslated for docname, (untranslated, _total) in sorted(counts.items())
             if untranslated}
    report = {
        'language': app.config.language,
        'untranslated': sum(untranslated for untranslated, _total in counts.values()),
        'total': sum(total for _untranslated, total in counts.values()),
        'pages': pages,
    }
    path = Path(app.doctreedir) / REPORT_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=1, sort_keys=True) + '\n', encoding='utf-8')
    if report['untranslated']:
        logger.info('%s: %d of %d texts show in the source language, in %d pages',
                    report['language'], report['untranslated'], report['total'], len(pages))


def setup_untranslated(app: Sphinx) -> None:
    app.add_transform(MarkUntranslated)
    app.add_env_collector(UntranslatedCollector)
    app.connect('doctree-resolved', add_preview_note)
    app.connect('build-finished', write_report)
