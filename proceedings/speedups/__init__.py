"""Sub-extensions that make a build faster and change nothing a reader gets.

The proceedings extension loads each of them; a book may also list one alone in
``extensions``. Each has its own ``setup()`` and declares its options through
``proceedings.sphinx_ext.config``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.builders import Builder


def after_prepare_writing(builder: Builder, then: Callable[[Builder], None]) -> None:
    """Call *then* with *builder* each time its ``prepare_writing`` has run.

    Sphinx has no event between ``prepare_writing``, which makes the writer's settings
    and the search indexer, and the first page written (``write-started`` comes before
    it). So the builder's method is wrapped, as an attribute of this builder only.
    """
    stock = builder.prepare_writing

    def prepare_writing(docnames):
        stock(docnames)
        then(builder)

    builder.prepare_writing = prepare_writing
