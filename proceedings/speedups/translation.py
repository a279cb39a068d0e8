"""Sphinx's ``Locale`` transform, with each translated message parsed once.

``sphinx.transforms.i18n.Locale`` walks a page twice. Its first pass parses the
translation of every message (``publish_msgstr``: a document of its own, a reader, a
source parser) only to update the names of section titles and glossary terms; for any
other message it throws the result away, and its second pass parses the same text, at the
same line, again. For a French book of 500 sessions, some 2 800 parses for nothing. Each
pass also walks the page with ``sphinx.util.nodes.is_translatable``, which builds the XML
of every text element it leaves out for a debug message that the build does not show
(``sphinx_ext.i18n.extract_messages``). And the second pass looks for references,
footnotes, citations and cross-references in both the node and its translation, five
walks of each, even when both hold nothing but text.

The transform registered here in place of Sphinx's is Sphinx 8.2's, except that

- the first pass parses only the messages it uses: titles and terms. Any other message
  that it would have parsed is parsed by the second pass from the same text, as before (a
  message that the second pass does not parse, of a ``translatable`` node, a ``meta`` or an
  image's alternative text, is still parsed by the first, as before): the page is the same,
  and a warning that parsing a translation gives comes once, no longer twice;
- it walks the page with the quiet ``is_translatable``, but with ``-vv``;
- the second pass updates a node whose children and whose translation's children are
  only text (with emphasis, strong emphasis or code) without looking for references in
  them: there are none to update;
- the first pass looks for the page's targets once, not through the whole page at each
  title it renames (again only where a title's old or new words hold a target);
- a translation that ``speedups.messages`` would make into a plain paragraph is made so
  without a document, a reader and a reporter of its own for it (the paragraph, its text,
  their source and line, and what the parse leaves in the page's metadata are the same;
  the page takes only the paragraph's children).

With another version of Sphinx, Sphinx's transform stays. ``proceedings_parse_translations_once
= False`` turns it off; ``tests/test_speedups_translation.py`` compares the French
doctrees, node for node, and the pages' bytes, built with and without it.

Upstream (sphinx-doc/sphinx), the issue to file: "The i18n ``Locale`` transform parses every
translated message in phase 1, where only section titles and glossary terms use the
result, then the same messages again in phase 2; ``is_translatable`` builds
``repr_domxml`` arguments for debug messages that are not shown. Parse in phase 1 only
titles and terms, and guard the debug calls with the logger's level." Once released, this
module can go.
"""

from __future__ import annotations

from textwrap import indent
from typing import TYPE_CHECKING, Any

import sphinx
from docutils import nodes
from sphinx import addnodes
from sphinx.domains.std import make_glossary_term, split_term_classifiers
from sphinx.locale import init as init_locale
from sphinx.transforms import i18n
from sphinx.util.i18n import docname_to_domain
from sphinx.util.index_entries import split_index_msg
from sphinx.util.nodes import IMAGE_TYPE_NODES, LITERAL_TYPE_NODES, traverse_translatable_index

from proceedings import __version__
from proceedings.sphinx_ext.config import options_of, register
from proceedings.speedups.messages import PlainMessageParser
from proceedings.sphinx_ext.i18n import extract_messages

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

#: The versions of Sphinx whose ``Locale.apply`` this module's is, line for line.
SPHINX_VERSIONS = ((8, 2),)


#: Inline nodes that are no reference of any kind, and whose children may be text or such.
_FORMATTING = (nodes.emphasis, nodes.strong, nodes.literal)


def _only_text(node: nodes.Element) -> bool:
    """Whether *node* and what it holds can be no reference of any kind: a block of text,
    with emphasis, strong emphasis or code."""
    return not isinstance(node, nodes.Inline) and _text_within(node)


def _text_within(node: nodes.Element) -> bool:
    return all(isinstance(child, nodes.Text)
               or (child.__class__ in _FORMATTING and _text_within(child))
               for child in node.children)


class _Targets:
    """The targets of a page, looked for once, for the titles that rename them.

    Sphinx looks through the whole page for the targets that name a title, at each title
    it translates. The page's targets change only where a title's words are replaced,
    and only if those words or the new ones hold one: then they are looked for again.
    """

    def __init__(self, document: nodes.document) -> None:
        self.document = document
        self.found: list[nodes.target] | None = None

    def named(self, name: str) -> list[nodes.target]:
        if self.found is None:
            self.found = list(self.document.findall(nodes.target))
        return [target for target in self.found
                if 'refname' in target and target['refname'] == name]

    def replacing(self, node: nodes.Element, patch: nodes.Element) -> None:
        """*node*'s children are about to become *patch*'s."""
        if self.found is not None and any(
                isinstance(child, nodes.target) for tree in (node, patch)
                for child in tree.findall(include_self=False)):
            self.found = None


def _update_title_mapping(updater: i18n._NodeUpdater, targets: _Targets) -> bool:
    """``_NodeUpdater.update_title_mapping`` (Sphinx 8.2), with the page's targets found
    once (speed-up)."""
    processed = False  # skip flag

    # update title(section) target name-id mapping
    if (
        isinstance(updater.node, nodes.title)
        and isinstance(updater.node.parent, nodes.section)
    ):  # fmt: skip
        section_node = updater.node.parent
        new_name = nodes.fully_normalize_name(updater.patch.astext())
        old_name = nodes.fully_normalize_name(updater.node.astext())

        if old_name != new_name:
            # if name would be changed, replace node names and
            # document nameids mapping with new name.
            names: list[str] = section_node.setdefault('names', [])
            names.append(new_name)
            # Original section name (reference target name) should be kept to refer
            # from other nodes which is still not translated or uses explicit target
            # name like "`text to display <explicit target name_>`_"..
            # So, `old_name` is still exist in `names`.

            _id = updater.document.nameids.get(old_name, None)
            explicit = updater.document.nametypes.get(old_name, None)

            # (Sphinx's comments on the cases of _id and explicit)
            if _id:
                if not explicit:
                    # _id was not duplicated.
                    # remove old_name entry from document ids database
                    # to reuse original _id.
                    updater.document.nameids.pop(old_name, None)
                    updater.document.nametypes.pop(old_name, None)
                    updater.document.ids.pop(_id, None)

                # re-entry with new named section node.
                updater.document.note_implicit_target(section_node)

            # replace target's refname to new target name
            for old_target in targets.named(old_name):  # speed-up
                old_target['refname'] = new_name

            processed = True

    return processed


class Locale(i18n.Locale):
    """Sphinx's ``Locale`` transform, with each message parsed once."""

    def apply(self, **kwargs: Any) -> None:
        if not options_of(self.app).parse_translations_once:
            super().apply(**kwargs)
            return
        # sphinx.transforms.i18n.Locale.apply (Sphinx 8.2.3), but where marked "speed-up".
        settings, source = self.document.settings, self.document['source']
        msgstr = ''

        textdomain = docname_to_domain(self.env.docname, self.config.gettext_compact)

        # fetch translations
        srcdir = self.env.srcdir
        dirs = [srcdir / directory for directory in self.config.locale_dirs]
        catalog, has_catalog = init_locale(dirs, self.config.language, textdomain)
        if not has_catalog:
            return

        catalogues = [getattr(catalog, '_catalog', None)]
        while (catalog := catalog._fallback) is not None:  # type: ignore[attr-defined]
            catalogues.append(getattr(catalog, '_catalog', None))
        merged: dict[str, str] = {}
        for catalogue in filter(None, reversed(catalogues)):  # type: dict[str, str]
            merged |= catalogue

        verbosity = self.app.verbosity  # speed-up: the quiet walk
        targets = _Targets(self.document)  # speed-up: the page's targets found once

        # phase1: replace reference ids with translated names
        for node, msg in extract_messages(self.document, verbosity):
            msgstr = merged.get(msg, '')

            if not isinstance(node, LITERAL_TYPE_NODES):
                msgstr, _ = i18n.parse_noqa(msgstr)

            if not msgstr.strip():
                # as-of-yet untranslated
                node['translated'] = False
                continue
            if msgstr == msg:
                # identical source and translated messages
                node['translated'] = True
                continue

            # speed-up: what phase 2 parses again, from the same text, phase 1 leaves it.
            # Phase 1 would mark it not translated, or leave it unmarked, and phase 2 marks
            # it not translated first.
            if not (isinstance(node, (nodes.title, nodes.term, addnodes.translatable,
                                      nodes.meta))
                    or (isinstance(node, nodes.image) and node.get('alt') == msg)):
                continue

            if msgstr.strip().endswith('::'):
                msgstr += '\n\n   dummy literal'

            if isinstance(node, LITERAL_TYPE_NODES):
                msgstr = '::\n\n' + indent(msgstr, ' ' * 3)

            patch = self._publish(msgstr, source, node.line, settings,  # speed-up
                                  plain=not isinstance(node, nodes.term))
            if not isinstance(patch, nodes.paragraph):
                continue  # skip for now

            updater = i18n._NodeUpdater(node, patch, self.document, noqa=False)
            processed = _update_title_mapping(updater, targets)  # speed-up

            # glossary terms update refid
            if isinstance(node, nodes.term):
                for _id in node['ids']:
                    term, first_classifier = split_term_classifiers(msgstr)
                    patch = i18n.publish_msgstr(
                        self.app,
                        term or '',
                        source,
                        node.line,  # type: ignore[arg-type]
                        self.config,
                        settings,
                    )
                    updater.patch = make_glossary_term(
                        self.env,
                        patch,
                        first_classifier,
                        source,
                        node.line,  # type: ignore[arg-type]
                        _id,
                        self.document,
                    )
                    processed = True

            # update leaves with processed nodes
            if processed:
                targets.replacing(node, updater.patch)  # speed-up
                updater.update_leaves()
                node['translated'] = True  # to avoid double translation
            else:
                node['translated'] = False

        # phase2: translation
        for node, msg in extract_messages(self.document, verbosity):
            if node.setdefault('translated', False):  # to avoid double translation
                continue  # skip if the node is already translated by phase1

            msgstr = merged.get(msg, '')
            noqa = False

            if not isinstance(node, LITERAL_TYPE_NODES):
                msgstr, noqa = i18n.parse_noqa(msgstr)

            if not msgstr or msgstr == msg:  # as-of-yet untranslated
                node['translated'] = False
                continue

            # update translatable nodes
            if isinstance(node, addnodes.translatable):
                node.apply_translated_message(msg, msgstr)
                continue

            # update meta nodes
            if isinstance(node, nodes.meta):
                node['content'] = msgstr
                node['translated'] = True
                continue

            if isinstance(node, nodes.image) and node.get('alt') == msg:
                node['alt'] = msgstr
                continue

            if msgstr.strip().endswith('::'):
                msgstr += '\n\n   dummy literal'

            if isinstance(node, LITERAL_TYPE_NODES):
                msgstr = '::\n\n' + indent(msgstr, ' ' * 3)

            # Structural Subelements phase1
            if isinstance(node, nodes.title):
                # This generates: <section ...><title>msgstr</title></section>
                msgstr = msgstr + '\n' + '=' * len(msgstr) * 2

            patch = self._publish(msgstr, source, node.line, settings)  # speed-up
            # Structural Subelements phase2
            if isinstance(node, nodes.title):
                # get <title> node that placed as a first child
                patch = patch.next_node()  # type: ignore[assignment]

            # ignore unexpected markups in translation message
            unexpected: tuple[type[nodes.Element], ...] = (
                nodes.paragraph,  # expected form of translation
                nodes.title,  # generated by above "Subelements phase2"
            )
            unexpected += LITERAL_TYPE_NODES
            unexpected += IMAGE_TYPE_NODES

            if not isinstance(patch, unexpected):
                continue  # skip

            updater = i18n._NodeUpdater(node, patch, self.document, noqa)
            # speed-up: text alone holds no reference, footnote, citation nor cross-reference.
            if not (_only_text(node) and _only_text(patch)):
                updater.update_autofootnote_references()
                updater.update_refnamed_references()
                updater.update_refnamed_footnote_references()
                updater.update_citation_references()
                updater.update_pending_xrefs()
            updater.update_leaves()

            # for highlighting that expects .rawsource and .astext() are same.
            if isinstance(node, LITERAL_TYPE_NODES):
                node.rawsource = node.astext()

            if isinstance(node, nodes.image) and node.get('alt') != msg:
                node['uri'] = patch['uri']
                node['translated'] = False
                continue  # do not mark translated

            node['translated'] = True  # to avoid double translation

        if 'index' in self.config.gettext_additional_targets:
            # Extract and translate messages for index entries.
            for node, entries in traverse_translatable_index(self.document):
                new_entries: list[tuple[str, str, str, str, str | None]] = []
                for entry_type, value, target_id, main, _category_key in entries:
                    msg_parts = split_index_msg(entry_type, value)
                    msgstr_parts = []
                    for part in msg_parts:
                        msgstr = merged.get(part, '')
                        if not msgstr:
                            msgstr = part
                        msgstr_parts.append(msgstr)

                    new_entry = (
                        entry_type,
                        ';'.join(msgstr_parts),
                        target_id,
                        main,
                        None,
                    )
                    new_entries.append(new_entry)

                node['raw_entries'] = entries
                node['entries'] = new_entries

    def _publish(self, msgstr: str, source: str, line: int, settings: Any,
                 plain: bool = True) -> nodes.Element:
        """``publish_msgstr``, but a plain paragraph made without a document (see
        ``speedups.messages``), where Sphinx's parse would make it so."""
        if plain:
            paragraph = PlainMessageParser.translated_paragraph(
                self.app, msgstr, source, line, settings)
            if paragraph is not None:
                return paragraph
        return i18n.publish_msgstr(self.app, msgstr, source, line, self.config, settings)


def setup(app: Sphinx) -> ExtensionMetadata:
    register(app)
    if sphinx.version_info[:2] in SPHINX_VERSIONS:
        # Sphinx registers its transform (a built-in extension) before any of the book's:
        # this one takes its place in the list, so that it runs instead, at its priority.
        transforms = app.registry.transforms
        if i18n.Locale in transforms:
            transforms[transforms.index(i18n.Locale)] = Locale
    return {
        'version': __version__,
        'parallel_read_safe': True,
        'parallel_write_safe': True,
    }
