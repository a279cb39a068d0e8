"""Every proceedings_* option is declared once, checked once, and read from one object."""

from __future__ import annotations

import dataclasses

import pytest
from sphinx.errors import ConfigError

from proceedings.sphinx_ext.config import ProceedingsConfig, options_of

pytestmark = pytest.mark.extension


def test_every_option_is_declared_with_its_default_and_help(make_app, session_root):
    app = make_app('html', srcdir=session_root)
    declared = {f'proceedings_{f.name}': f for f in dataclasses.fields(ProceedingsConfig)}
    assert {value.name for value in app.config if value.name.startswith('proceedings_')} \
        == set(declared)
    for name, field in declared.items():
        assert app.config[name] == field.metadata['default']
        assert field.metadata['help']
    assert options_of(app) == ProceedingsConfig()


def test_the_options_as_the_build_reads_them(make_app, session_root):
    app = make_app('html', srcdir=session_root, confoverrides={
        'proceedings_parallel_read_from': 3, 'proceedings_precompute_navigation': False})
    options = options_of(app)
    assert (options.parallel_read_from, options.precompute_navigation) == (3, False)


@pytest.mark.parametrize(('name', 'value', 'message'), [
    ('proceedings_identity', '', 'proceedings_identity must be the path of the book identity file'),
    ('proceedings_base_url', 3, 'proceedings_base_url must be a string, not 3'),
    ('proceedings_precompute_navigation', 2,
     'proceedings_precompute_navigation must be True or False, not 2'),
    ('proceedings_parallel_read_from', -1,
     'proceedings_parallel_read_from must be a number of pages \\(0 or more\\), not -1'),
    ('proceedings_parallel_write_from', 1.5,
     'proceedings_parallel_write_from must be a number of pages \\(0 or more\\), not 1.5'),
    ('proceedings_accessibility_page', 'chapters/accessibility.md',
     'proceedings_accessibility_page must be the name of a page as in a toctree'),
    ('proceedings_names_by_language', {'French': ['Rennes']},
     'proceedings_names_by_language must map language codes to lists of names'),
    ('proceedings_names_by_language', {'fr': 'Rennes'},
     'proceedings_names_by_language must map language codes to lists of names'),
])
def test_a_wrong_value_stops_the_build_naming_the_option(make_app, session_root, name, value,
                                                         message):
    with pytest.raises(ConfigError, match=message):
        make_app('html', srcdir=session_root, confoverrides={name: value})


def test_a_base_url_that_is_no_web_address_names_the_identity_file(make_app, session_root):
    with pytest.raises(ConfigError, match=r'book\.toml: base_url ') as info:
        make_app('html', srcdir=session_root,
                 confoverrides={'proceedings_base_url': 'ftp://example.org/'})
    assert info.value.category == 'Book identity error'
