"""Walking a doctree: the nodes of one or several kinds, in one pass.

Every handler of the extension looks for its own nodes in every page. docutils'
``Node.findall`` walks fast for one class only, through a generator per level of the
tree; ``nodes_of`` takes a tuple of classes too, so that a handler that needs several
kinds walks once, and walks with a list instead of nested generators.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docutils import nodes


def nodes_of(tree: nodes.Node, kinds: type | tuple[type, ...]) -> list[nodes.Node]:
    """The nodes of *tree*, itself included, that are instances of *kinds*, in document
    order: ``list(tree.findall(kinds))`` for a class, and for a tuple of classes."""
    found = []
    stack = [tree]
    pop, push, keep = stack.pop, stack.extend, found.append
    while stack:
        node = pop()
        if isinstance(node, kinds):
            keep(node)
        children = node.children
        if children:
            push(reversed(children))
    return found
