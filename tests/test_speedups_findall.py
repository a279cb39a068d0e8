"""docutils' ``findall`` as one loop (``proceedings/speedups/findall.py``) finds what
docutils' own finds, in its order, also for a caller that changes the tree as it walks."""

from __future__ import annotations

import itertools
import random

import pytest
from docutils import nodes
from sphinx.util.nodes import NodeMatcher

import proceedings.speedups.findall as fast

pytestmark = pytest.mark.extension

STOCK = fast.DOCUTILS_FINDALL
KINDS = (nodes.section, nodes.paragraph, nodes.emphasis, nodes.strong, nodes.inline)


def label(node: nodes.Node) -> str:
    return str(node) if isinstance(node, nodes.Text) else node['label']


def tree(seed: int) -> nodes.Element:
    """A document of random depth and width whose every node has a label of its own."""
    chance = random.Random(seed)
    count = itertools.count()

    def grow(node: nodes.Element, depth: int) -> None:
        for _ in range(chance.randint(0, 4 if depth < 4 else 0)):
            if chance.random() < 0.3:
                node.append(nodes.Text(f't{next(count)}'))
            else:
                child = chance.choice(KINDS)(label=f'e{next(count)}')
                node.append(child)
                grow(child, depth + 1)

    root = nodes.section(label='root')
    grow(root, 0)
    return root


#: What a caller asks for: (condition, include_self, descend, siblings, ascend).
CONDITIONS = (None, nodes.paragraph, nodes.Element, nodes.Text, nodes.Node,
              NodeMatcher(nodes.emphasis, nodes.strong),
              lambda node: isinstance(node, nodes.Text) or 'label' in node)
QUERIES = [(condition, *flags) for condition in CONDITIONS
           for flags in itertools.product((True, False), repeat=4)]


#: The queries that the loop answers itself (the others are docutils' walk).
OWN_QUERIES = [(condition, include_self, True, False, False)
               for condition in CONDITIONS for include_self in (True, False)]


def walk(findall, start: nodes.Node, query) -> list[str]:
    return [label(node) for node in findall(start, *query)]


@pytest.mark.parametrize('seed', range(12))
def test_every_query_finds_what_docutils_finds(seed):
    root = tree(seed)
    starts = list(STOCK(root))
    for start in starts[:: max(1, len(starts) // 6)]:
        for query in QUERIES:
            assert walk(fast.findall, start, query) == walk(STOCK, start, query), query


def mutation(kind: str, node: nodes.Node, step: int) -> None:
    """What a caller of findall does to the node it was just given."""
    parent = node.parent
    new = nodes.inline(label=f'new{step}')
    new.append(nodes.emphasis('', nodes.Text(f'n{step}'), label=f'deep{step}'))
    if kind == 'replace' and parent is not None:
        parent.replace(node, new)
    elif kind == 'remove' and parent is not None:
        parent.remove(node)
    elif kind == 'remove-next' and parent is not None:
        index = parent.index(node)
        if index + 1 < len(parent.children):
            parent.remove(parent.children[index + 1])
    elif kind == 'insert-next' and parent is not None:
        parent.insert(parent.index(node) + 1, new)
    elif isinstance(node, nodes.Element):
        if kind == 'new-children':
            # Sphinx's Locale transform: the node takes its translation's children.
            patch = nodes.paragraph(label=f'patch{step}')
            patch += [new, nodes.Text(f'p{step}')]
            node.children = patch.children
            for child in node.children:
                child.parent = node
        elif kind == 'clear':
            node.children = []
        elif kind == 'clear-in-place':
            del node.children[:]
        elif kind == 'append':
            node.append(new)


MUTATIONS = ('replace', 'remove', 'remove-next', 'insert-next', 'new-children', 'clear',
             'clear-in-place', 'append')


def changing_walk(findall, root: nodes.Node, query, kind: str, every: int) -> tuple:
    found = []
    for step, node in enumerate(findall(root, *query)):
        found.append(label(node))
        # Not for ever: a caller that adds a node after each one it is given never ends.
        if step % every == 0 and step < 40:
            mutation(kind, node, step)
    return found, root.pformat()


@pytest.mark.parametrize('kind', MUTATIONS)
@pytest.mark.parametrize('seed', range(4))
def test_a_caller_that_changes_the_tree_meets_the_same_nodes(seed, kind):
    for query in OWN_QUERIES:
        for every in (1, 3):
            stock = changing_walk(STOCK, tree(seed), query, kind, every)
            assert changing_walk(fast.findall, tree(seed), query, kind, every) == stock, (
                query, every)


def test_the_walk_is_docutils_own_outside_a_build(make_app, tmp_path):
    """On for a build, docutils' own after it, and off when the option says so."""
    (tmp_path / 'conf.py').write_text("extensions = ['proceedings.speedups.findall']\n")
    (tmp_path / 'index.rst').write_text('Title\n=====\n\nText.\n')
    seen = []

    def note(app, doctree):
        seen.append(nodes.Node.findall is fast.findall)

    stock = nodes.Node.findall
    app = make_app('html', srcdir=tmp_path)
    app.connect('doctree-read', note)
    app.build()
    assert seen == [True]
    assert nodes.Node.findall is stock
    app = make_app('html', srcdir=tmp_path, freshenv=True,
                   confoverrides={'proceedings_fast_findall': False})
    app.connect('doctree-read', note)
    app.build()
    assert seen == [True, False]
    assert nodes.Node.findall is stock
