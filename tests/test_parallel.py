"""``-j`` reads and writes in parallel only as many pages as pays for the processes.

The thresholds come from ``make bench`` on a 2-core machine (``proceedings/parallel.py``);
here they are set around the test root's seven pages, to see each side of them.
"""

from __future__ import annotations

import pytest

from testing import ALWAYS_PARALLEL, warnings_of

pytestmark = pytest.mark.extension

PAGES = 7  # the test root: index, two parts, four sessions


def built(make_app, root, tmp_path, name: str, **overrides):
    app = make_app('html', srcdir=root, builddir=tmp_path / name, parallel=2,
                   confoverrides=overrides)
    app.build()
    assert warnings_of(app) == ''
    return app


def pages(app) -> dict[str, str]:
    return {p.relative_to(app.outdir).as_posix(): p.read_text('utf-8')
            for p in sorted(app.outdir.rglob('*.html'))}


@pytest.mark.parametrize(('read_from', 'write_from', 'steps'), [
    (PAGES + 1, PAGES + 1, []),              # a small book: a serial build
    (PAGES, PAGES + 1, ['read']),            # enough pages to read, too few to write
    (PAGES + 1, PAGES, ['write']),
])
def test_j_goes_parallel_only_from_its_thresholds(make_app, session_root, tmp_path,
                                                  parallel_steps, read_from, write_from,
                                                  steps):
    app = built(make_app, session_root, tmp_path, 'policy',
                proceedings_parallel_read_from=read_from,
                proceedings_parallel_write_from=write_from)
    assert parallel_steps == steps
    assert app.parallel == 2  # -j comes back for what follows the reading
    app.cleanup()
    parallel_steps.clear()
    parallel = built(make_app, session_root, tmp_path, 'parallel', **ALWAYS_PARALLEL)
    assert parallel_steps == ['read', 'write']
    assert pages(app) == pages(parallel)


def test_a_rebuild_of_one_page_with_j_is_serial(make_app, session_root, tmp_path,
                                                parallel_steps):
    # The edited page and the page of the programme, which lists it, are read and written.
    settings = {'proceedings_parallel_read_from': 3, 'proceedings_parallel_write_from': 3}
    built(make_app, session_root, tmp_path, 'rebuild', **settings).cleanup()
    assert parallel_steps == ['read', 'write']
    chapter = session_root / 'sessions' / 'first-plenary.md'
    chapter.write_text(chapter.read_text('utf-8') + '\nOne more sentence.\n', 'utf-8')
    parallel_steps.clear()
    again = built(make_app, session_root, tmp_path, 'rebuild', **settings)
    assert parallel_steps == []
    assert 'One more sentence.' in (again.outdir / 'sessions' / 'first-plenary.html').read_text()


def test_j_writes_with_as_many_processes_as_it_asks(make_app, session_root, tmp_path,
                                                    monkeypatch):
    from sphinx.builders import Builder

    writers: list[int] = []
    original = Builder._write_parallel

    def spy(self, docnames, nproc):
        writers.append(nproc)
        return original(self, docnames, nproc)

    monkeypatch.setattr(Builder, '_write_parallel', spy)
    app = built(make_app, session_root, tmp_path, 'every', **ALWAYS_PARALLEL)
    assert writers == [2]  # -j 2: two processes write, beside the main one
    assert app.parallel == 2  # and -j comes back
    every = pages(app)
    app.cleanup()
    writers.clear()
    fewer = built(make_app, session_root, tmp_path, 'fewer', **ALWAYS_PARALLEL,
                  proceedings_parallel_write_every_job=False)
    assert writers == [1]  # as Sphinx does
    assert pages(fewer) == every


def test_j_counts_the_pages_to_write_from_the_list_sphinx_already_made(
        make_app, session_root, tmp_path, parallel_steps, monkeypatch):
    """A changed template leaves every page to write and none to read: the writing goes
    parallel from what Sphinx found out of date, asked once, and said once."""
    import os
    from io import StringIO

    from sphinx.builders.html import StandaloneHTMLBuilder

    templates = session_root / '_templates'
    templates.mkdir()
    (templates / 'unused.html').write_text('{# no page uses it #}\n', 'utf-8')
    settings = {'proceedings_parallel_read_from': 3, 'proceedings_parallel_write_from': 3,
                'templates_path': ['_templates']}
    built(make_app, session_root, tmp_path, 'template', **settings).cleanup()
    later = (templates / 'unused.html').stat().st_mtime + 60
    os.utime(templates / 'unused.html', (later, later))

    asked: list[str] = []
    original = StandaloneHTMLBuilder.get_outdated_docs

    def spy(self):
        asked.append(self.name)
        return original(self)

    monkeypatch.setattr(StandaloneHTMLBuilder, 'get_outdated_docs', spy)
    parallel_steps.clear()
    status = StringIO()
    app = make_app('html', srcdir=session_root, builddir=tmp_path / 'template', parallel=2,
                   confoverrides=settings, status=status)
    app.build()
    assert warnings_of(app) == ''
    assert parallel_steps == ['write']  # nothing to read, every page to write
    assert asked == ['html']
    assert status.getvalue().count('template unused.html has been changed') == 1
    assert 'get_outdated_docs' not in vars(app.builder)  # the builder as Sphinx made it
