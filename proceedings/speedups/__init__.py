"""Sub-extensions that make a build faster and change nothing a reader gets.

The proceedings extension loads each of them; a book may also list one alone in
``extensions``. Each has its own ``setup()`` and declares its options through
``proceedings.sphinx_ext.config``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from proceedings.sphinx_ext.config import options_of

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config


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


def for_each_build(app: Sphinx, start: Callable[[Sphinx, Config], None],
                   stop: Callable[[Sphinx, Exception | None], None]) -> None:
    """Call *start* as a build begins and *stop* as it ends.

    *start* runs at ``config-inited`` before every other handler (priority 1): before
    the book's catalogues are loaded and any page is read. *stop* runs at
    ``build-finished`` after every other (1000).
    """
    app.connect('config-inited', start, priority=1)
    app.connect('build-finished', stop, priority=1000)


class ReplacedDuringBuild:
    """A function of a module or a class replaced while a build runs, if its option says.

    A subclass names the ``owner``, the function's ``name``, the boolean ``option`` of
    ``ProceedingsConfig`` that turns it on, and ``replacement_of(stock)``. The state is
    the process's, as the owner is: a build whose application was made but never run
    (no ``build-finished``) leaves it on until the next build starts, which puts it on or
    off as its own option says, and ends, which puts the owner's own back.
    """

    owner: ClassVar[Any]
    name: ClassVar[str]
    option: ClassVar[str]
    #: the owner's own function, while the replacement is in place
    stock: ClassVar[Callable[..., Any] | None] = None

    @classmethod
    def replacement_of(cls, stock: Callable[..., Any]) -> Callable[..., Any]:
        raise NotImplementedError

    @classmethod
    def start(cls, app: Sphinx, config: Config) -> None:
        if getattr(options_of(app), cls.option):
            if cls.stock is None:
                cls.stock = getattr(cls.owner, cls.name)
                setattr(cls.owner, cls.name, cls.replacement_of(cls.stock))
        else:
            cls.stop(app, None)

    @classmethod
    def stop(cls, app: Sphinx, exception: Exception | None) -> None:
        if cls.stock is not None:
            setattr(cls.owner, cls.name, cls.stock)
            cls.stock = None

    @classmethod
    def connect(cls, app: Sphinx) -> None:
        for_each_build(app, cls.start, cls.stop)
