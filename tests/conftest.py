"""Fixtures: small Sphinx test roots for the extension, and one real build of the book."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytest_plugins = ['sphinx.testing.fixtures']
collect_ignore = ['roots']

PROJECT = Path(__file__).resolve().parent.parent


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
    """The whole book, built once as `make book` builds it (warnings are errors)."""
    from proceedings.publish import publish

    work = tmp_path_factory.mktemp('book')
    out = work / 'site'
    publish(PROJECT, work / 'build', out)
    return out
