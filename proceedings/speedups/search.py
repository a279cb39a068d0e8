"""The search index's words, each stemmed and filtered once per build.

Sphinx's ``IndexBuilder.feed`` takes every word of a page, in titles and in text, stems
it and runs the language's ``word_filter`` on the stem, and on the word itself when the
stem is filtered out: for a book of 500 sessions some 260 000 filter calls and 62 000
stems (its memo of stems lasts one page), for a vocabulary of a few thousand words, and
the most part of the time the main process spends on a page after writing it (the one
part of writing that ``-j`` never shares out).

What ``feed`` does with a word depends on the word alone: the key it is indexed under is
its stem if the filter keeps the stem, else the word if the filter keeps the word, else
nothing; and a page's word goes into the mapping of titles or of text once, whatever the
number of times it occurs. So each distinct word's key is computed once per build and
kept with the index, and each page's words are taken once each, in the order of their
first occurrence, which leaves the mappings (and the environment they are pickled with)
as Sphinx builds them. The words are collected from the page as Sphinx's
``_feed_visit_nodes`` does, in a loop rather than a recursive call with keyword arguments
for each node: the same words, titles and title words, in the same order. The rest of
``feed`` (titles, file names, index entries) is Sphinx's. It applies only to Sphinx's
own languages (``sphinx.search.*``), whose ``stem`` and ``word_filter`` read nothing but
the word; another language class is left to Sphinx.
``proceedings_memoise_search_words = False`` turns it off; ``tests/test_speedups_html.py``
compares ``searchindex.js`` and every page built with and without, and the words and
mappings with Sphinx's.

Upstream (sphinx-doc/sphinx), the issue to file: "``IndexBuilder.feed`` stems and
filters every occurrence of every word (its ``functools.cache`` of stems is made anew
for each page): memoise the word's index key, stem and filter together, for the
indexer's lifetime, and feed each distinct word of a page once; collect the words in a
loop, not with a recursive call per node." Once released, this module can go.
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.search import IndexBuilder, SearchLanguage, WordStore, _is_meta_keywords
from sphinx.util.index_entries import split_index_msg

from proceedings import __version__
from proceedings.speedups import after_prepare_writing
from proceedings.sphinx_ext.config import options_of, register

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

#: Not yet looked at: a word's key may be None (the filter drops the word).
_UNSEEN = object()


def pure_language(lang: SearchLanguage) -> bool:
    """Whether *lang* stems and filters with Sphinx's own code only (a word's key then
    depends on the word alone)."""
    def sphinx_own(module: str) -> bool:
        return module == 'sphinx.search' or module.startswith('sphinx.search.')

    cls = type(lang)
    return sphinx_own(cls.__module__) and all(
        sphinx_own(getattr(cls, name).__module__) for name in ('stem', 'word_filter'))


def collect_words(doctree: nodes.Node, split: Callable[[str], list[str]],
                  language: str | None) -> WordStore:
    """``IndexBuilder._word_collector`` (Sphinx 8.2, ``_feed_visit_nodes``) in a loop:
    the same words, titles and title words, in the same order, without a recursive call
    with keyword arguments for every node."""
    store = WordStore()
    words, titles, title_words = store.words, store.titles, store.title_words
    stack = [doctree]
    while stack:
        node = stack.pop()
        if isinstance(node, nodes.Text):  # no children
            words.extend(split(node.astext()))
            continue
        if isinstance(node, nodes.comment):
            continue
        if isinstance(node, nodes.Element) and 'no-search' in node['classes']:
            continue
        if isinstance(node, nodes.raw):
            if 'html' in node.get('format', '').split():
                # Sphinx's: the text of raw HTML, without its styles, scripts and tags
                text = re.sub(r'<style.*?</style>', '', node.astext(),
                              flags=re.IGNORECASE | re.DOTALL)
                text = re.sub(r'<script.*?</script>', '', text,
                              flags=re.IGNORECASE | re.DOTALL)
                text = re.sub(r'<[^<]+?>', '', text)
                words.extend(split(text))
            continue
        if isinstance(node, nodes.meta) and _is_meta_keywords(node, language):
            words.extend(keyword.strip() for keyword in node['content'].split(','))
        elif isinstance(node, nodes.title):
            title, is_main_title = node.astext(), not titles
            ids = node.parent['ids']
            titles.append((title, None if is_main_title else ids[0] if ids else None))
            title_words.extend(split(title))
        stack.extend(reversed(node.children))
    return store


class MemoisedFeed:
    """``IndexBuilder.feed`` (Sphinx 8.2) for one indexer, with a key per distinct word."""

    def __init__(self, indexer: IndexBuilder) -> None:
        self.indexer = indexer
        #: word -> the key it is indexed under, or None when the filter drops it
        self.keys: dict[str, str | None] = {}

    def key(self, word: str) -> str | None:
        """The key *word* is indexed under, as ``feed`` decides it (stem, then word)."""
        lang = self.indexer.lang
        stemmed = lang.stem(word).lower()
        if lang.word_filter(stemmed):
            return stemmed
        if lang.word_filter(word):
            return word
        return None

    def keys_of(self, words: Iterable[str]) -> Iterable[str]:
        """The keys of *words*, each word taken once, in the order of first occurrence."""
        keys = self.keys
        for word in dict.fromkeys(words):
            key = keys.get(word, _UNSEEN)
            if key is _UNSEEN:
                key = keys[word] = self.key(word)
            if key is not None:
                yield key

    def __call__(self, docname: str, filename: str | os.PathLike[str], title: str,
                 doctree: nodes.document) -> None:
        indexer = self.indexer
        indexer._titles[docname] = title
        indexer._filenames[docname] = os.fspath(filename)

        word_store = collect_words(doctree, indexer.lang.split, indexer.lang.lang)
        indexer._all_titles[docname] = word_store.titles

        title_mapping = indexer._title_mapping
        for key in self.keys_of(word_store.title_words):
            title_mapping.setdefault(key, set()).add(docname)

        mapping = indexer._mapping
        for key in self.keys_of(word_store.words):
            if docname not in title_mapping.get(key, ()):
                mapping.setdefault(key, set()).add(docname)

        # Sphinx's, unchanged: the explicit entries of index directives.
        index_entries: set[tuple[str, str, str]] = set()
        for node in doctree.findall(addnodes.index):
            for entry_type, value, target_id, main, _category_key in node['entries']:
                try:
                    result = split_index_msg(entry_type, value)
                except ValueError:
                    pass
                else:
                    target_id = target_id or ''
                    if entry_type in {'see', 'seealso'}:
                        index_entries.add((result[0], target_id, main))
                    index_entries |= {(x, target_id, main) for x in result}
        indexer._index_entries[docname] = sorted(index_entries)


def memoise_feed(builder: StandaloneHTMLBuilder) -> None:
    """Once ``prepare_writing`` has made the build's indexer: its feed, memoised."""
    indexer = builder.indexer
    if (type(indexer) is IndexBuilder and 'feed' not in vars(indexer)
            and pure_language(indexer.lang)):
        # An attribute of this indexer only, over Sphinx's method.
        indexer.feed = MemoisedFeed(indexer)


def install(app: Sphinx) -> None:
    builder = app.builder
    if not options_of(app).memoise_search_words or not isinstance(builder,
                                                                  StandaloneHTMLBuilder):
        return
    if type(builder).index_page is not StandaloneHTMLBuilder.index_page:
        return  # a builder that indexes its own way: leave it to it
    after_prepare_writing(builder, memoise_feed)


def setup(app: Sphinx) -> ExtensionMetadata:
    register(app)
    app.connect('builder-inited', install)
    return {
        'version': __version__,
        'parallel_read_safe': True,
        'parallel_write_safe': True,
    }
