"""docutils' ``Node.findall`` as a loop over the tree, not a generator per node.

Every transform of docutils, Sphinx, MyST, furo and this extension looks for its nodes
with ``findall``: nearly ninety walks per page of a book of 500 sessions, seventy of them
over a whole tree. docutils 0.21 walks the tree recursively: each node it visits starts
a generator of its own, and each node it finds is handed up through one ``yield from``
per level of the tree. That is some 6% of an English build of 500 sessions (sampled
with py-spy); this loop takes about half of it away (2 to 3% of the build, measured
side by side with and without).

While a build runs (from ``config-inited`` to ``build-finished``, as ``plural_forms``
does with ``gettext``), ``Node.findall`` walks with one generator and a stack of the
children lists it is in. It finds the same nodes in the same order, and it reads the
tree at the same moments as docutils' walk, so a caller that changes the tree while it
walks (Sphinx's ``Locale`` transform gives a node the children of its translation)
meets the same nodes as before: where docutils iterates over a list of children, this
loop iterates over the same list; where docutils indexes a node (``for child in node``,
its path with a condition function), this loop indexes the node's ``children`` again at
each step; each node's children are read just after the node is handed to the caller,
as there. Walks of siblings or ancestors (``siblings``, ``ascend``, ``descend=False``),
which few callers ask for, are docutils' own. ``proceedings_fast_findall = False``
turns it off; ``tests/test_speedups_findall.py`` compares both walks, node for node,
on trees that callers change while they walk, and ``tests/test_speedups_read.py`` the
doctrees and pages of books built with and without it.

Upstream (docutils), the issue to file: "``Node.findall`` recurses through a generator
per node (``_fast_findall``, ``_superfast_findall`` and the path with a condition), so
each node found travels through one ``yield from`` per level: walk with an explicit
stack of iterators instead, in one generator." Once released, this module can go.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes

from proceedings import __version__
from proceedings.speedups import ReplacedDuringBuild
from proceedings.sphinx_ext.config import register

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


#: docutils' own, which walks siblings and ancestors.
DOCUTILS_FINDALL = nodes.Node.findall


def _instances(node: nodes.Node, cls: type) -> Iterator[nodes.Node]:
    """``node._fast_findall(cls)``: the nodes of class *cls*, *node* included; with
    ``object``, ``node._superfast_findall()``: the node, then each node below it."""
    if isinstance(node, cls):
        yield node
    pending = [iter(node.children)]
    while pending:
        for child in pending[-1]:
            if isinstance(child, cls):
                yield child
            children = child.children
            if children:
                pending.append(iter(children))
                break
        else:
            pending.pop()


def _matching(node: nodes.Node, condition: Callable[[nodes.Node], Any],
              include_self: bool) -> Iterator[nodes.Node]:
    """docutils' path with a condition function: each node is indexed (``node[i]``,
    that is ``node.children[i]``) one child after the other."""
    if include_self and condition(node):
        yield node
    if not len(node.children):
        return
    pending: list[list[Any]] = [[node, 0]]
    while pending:
        frame = pending[-1]
        parent, index = frame
        children = parent.children
        if index >= len(children):
            pending.pop()
            continue
        child = children[index]
        frame[1] = index + 1
        if condition(child):
            yield child
        if len(child.children):
            pending.append([child, 0])


def _every_below(node: nodes.Node) -> Iterator[nodes.Node]:
    """``node.findall(include_self=False)``: each child indexed, then walked whole."""
    if not len(node.children):
        return
    index = 0
    while index < len(node.children):
        child = node.children[index]
        index += 1
        yield from _instances(child, object)


def findall(self: nodes.Node, condition: Any = None, include_self: bool = True,
            descend: bool = True, siblings: bool = False,
            ascend: bool = False) -> Iterator[nodes.Node]:
    """``Node.findall``, whose arguments mean what docutils' do."""
    if siblings or ascend or not descend:
        return DOCUTILS_FINDALL(self, condition, include_self, descend, siblings, ascend)
    if condition is None:
        return _instances(self, object) if include_self else _every_below(self)
    if isinstance(condition, type):
        if include_self:
            return _instances(self, condition)
        cls = condition

        def condition(node: nodes.Node) -> bool:
            return isinstance(node, cls)

    return _matching(self, condition, include_self)


class FastFindall(ReplacedDuringBuild):
    """``Node.findall`` replaced while a build runs."""

    owner, name, option = nodes.Node, 'findall', 'fast_findall'

    @classmethod
    def replacement_of(cls, stock: Callable[..., Iterator[nodes.Node]]
                       ) -> Callable[..., Iterator[nodes.Node]]:
        return findall


def setup(app: Sphinx) -> ExtensionMetadata:
    register(app)
    FastFindall.connect(app)
    return {
        'version': __version__,
        'parallel_read_safe': True,
        'parallel_write_safe': True,
    }
