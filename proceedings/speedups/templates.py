"""Each page's templates, checked for changes on disk once per build, not at every use.

Sphinx's template environment keeps Jinja's default ``auto_reload``: every time a
template is used, by the builder or by another template's ``extends`` and ``include``
(furo's pages use nineteen), Jinja asks its loader whether the file changed, and Sphinx's
loader answers with a ``stat`` of the file (``sphinx.jinja2glue.SphinxFileSystemLoader``):
some 10 000 system calls for a book of 500 sessions, half of every ``stat`` a build makes,
for files that nothing changes while the pages are written.

So Jinja is told not to ask at every use, and each template it keeps from an earlier build
of the same application is checked once, when the writing starts, and loaded again if its
file changed: a template changed between two builds is seen by the second, as before
(Sphinx's own check of the templates' dates, which decides which pages to write again, is
left as it is). The templates and their output are the same.
``proceedings_check_templates_once = False`` turns it off; ``tests/test_speedups_html.py``
compares every page built with and without, and that a changed template is used.

Upstream (sphinx-doc/sphinx), the issue to file: "``BuiltinTemplateLoader`` leaves
Jinja's ``auto_reload`` on, so every ``get_template`` (each ``extends``/``include`` of
each page) stats the template's file; templates do not change while a builder writes:
turn it off and check the cached templates once per build." Once released, this module
can go.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx.jinja2glue import BuiltinTemplateLoader

from proceedings import __version__
from proceedings.sphinx_ext.config import options_of, register

if TYPE_CHECKING:
    from jinja2 import Environment
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.util.typing import ExtensionMetadata


def environment_of(app: Sphinx) -> Environment | None:
    """The Jinja environment of the builder's templates, when they are Sphinx's."""
    templates = getattr(app.builder, 'templates', None)
    if type(templates) is not BuiltinTemplateLoader:
        return None  # a template bridge of an extension's: leave it to it
    return getattr(templates, 'environment', None)


def check_once(app: Sphinx) -> None:
    environment = environment_of(app)
    if environment is not None and options_of(app).check_templates_once:
        environment.auto_reload = False


def forget_changed(app: Sphinx, builder: Builder) -> None:
    """Drop the templates kept from an earlier build whose files have changed since."""
    environment = environment_of(app)
    if environment is None or environment.auto_reload or environment.cache is None:
        return
    for key, template in list(environment.cache.items()):
        if not template.is_up_to_date:
            del environment.cache[key]


def setup(app: Sphinx) -> ExtensionMetadata:
    register(app)
    app.connect('builder-inited', check_once)
    app.connect('write-started', forget_changed)
    return {
        'version': __version__,
        'parallel_read_safe': True,
        'parallel_write_safe': True,
    }
