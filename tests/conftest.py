"""Fixtures: small Sphinx test roots for the extension, and one real build of the book."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytest_plugins = ['sphinx.testing.fixtures']
collect_ignore = ['roots']

PROJECT = Path(__file__).resolve().parent.parent
#: Where the tests pretend the site is published: example.org is reserved for examples.
BASE_URL = 'https://acts.example.org/expeerts-2018/'


@pytest.fixture(scope='session')
def rootdir() -> Path:
    return PROJECT / 'tests' / 'roots'


@pytest.fixture
def session_root(tmp_path: Path, rootdir: Path) -> Path:
    """A writable copy of the test root with four complete session chapters."""
    target = tmp_path / 'root'
    shutil.copytree(rootdir / 'test-sessions', target)
    return target


@pytest.fixture(scope='session')
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole book, built once as `make book BASE_URL=…` builds it (warnings are errors)."""
    from proceedings.publish import publish

    work = tmp_path_factory.mktemp('book')
    out = work / 'site'
    publish(PROJECT, work / 'build', out, base_url=BASE_URL)
    return out


@pytest.fixture(scope='session')
def default_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole book as `make book` builds it from this repository: no site address."""
    from proceedings.publish import publish

    work = tmp_path_factory.mktemp('default-book')
    out = work / 'site'
    publish(PROJECT, work / 'build', out)
    return out


@pytest.fixture(scope='session')
def builddir(site: Path) -> Path:
    """Where `site` was built: each edition's LaTeX sources and build logs."""
    return site.parent / 'build'


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project's sources, to break on purpose."""
    copy = tmp_path / 'project'
    shutil.copytree(PROJECT, copy, ignore=shutil.ignore_patterns(
        '_build', '.venv', '.git', '.pytest_cache', '__pycache__', '*.mo', 'node_modules'))
    return copy


#: Settings that make a build with -j read and write in parallel however few its pages.
ALWAYS_PARALLEL = {'proceedings_parallel_read_from': 0, 'proceedings_parallel_write_from': 0}


@pytest.fixture
def parallel_steps(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """'read' and 'write' each time Sphinx reads or writes pages in parallel processes."""
    from sphinx.builders import Builder

    steps: list[str] = []
    for step in ('read', 'write'):
        original = getattr(Builder, f'_{step}_parallel')

        def spy(self, *args, _original=original, _step=step, **kwargs):
            steps.append(_step)
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(Builder, f'_{step}_parallel', spy)
    return steps
