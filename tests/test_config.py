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


def test_a_book_builds_with_the_toolchains_settings_it_does_not_set(make_app, session_root):
    from proceedings.core.book_settings import BOOK_SETTINGS

    # The root's conf.py sets myst_enable_extensions, html_theme and gettext_compact alone.
    app = make_app('html', srcdir=session_root)
    for name, value in BOOK_SETTINGS.items():
        if name == 'myst_enable_extensions':
            assert app.config[name] == ['colon_fence']  # its own choice, kept
        elif name == 'latex_elements':
            # The identity's LaTeX (the cover, the babel languages) is added to these.
            assert app.config[name].items() >= value.items()
        else:
            assert app.config[name] == value, name


def test_what_a_book_sets_is_kept_and_tables_are_merged(make_app, session_root):
    conf = session_root / 'conf.py'
    conf.write_text(conf.read_text('utf-8') + "html_use_index = True\nlatex_engine = 'lualatex'\n"
                    "latex_elements = {'papersize': 'letterpaper'}\n", 'utf-8')
    app = make_app('html', srcdir=session_root, confoverrides={'epub_show_urls': 'footnote'})
    assert app.config.html_use_index is True
    assert app.config.latex_engine == 'lualatex'
    assert app.config.epub_show_urls == 'footnote'
    # The book's keys over the toolchain's: its paper, the toolchain's type size.
    assert app.config.latex_elements['papersize'] == 'letterpaper'
    assert app.config.latex_elements['pointsize'] == '11pt'


def test_raw_html_is_text_in_a_book_that_does_not_say_so(make_app, session_root):
    # The reader-visible effect of one of the toolchain's settings, with a conf.py that
    # does not name it: a chapter's raw HTML is shown, never run.
    page = session_root / 'index.md'
    page.write_text(page.read_text('utf-8') + '\n<script>alert(1)</script>\n', 'utf-8')
    app = make_app('html', srcdir=session_root)
    app.build()
    html = (app.outdir / 'index.html').read_text('utf-8')
    assert '&lt;script&gt;alert(1)&lt;/script&gt;' in html
    assert '<script>alert(1)</script>' not in html
