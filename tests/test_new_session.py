"""``proceedings new-session`` and the Makefiles' answer to a mistyped target, without a build."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from testing import PROJECT, copy_makefile

pytestmark = pytest.mark.extension


def proceedings(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, '-m', 'proceedings', *args], cwd=cwd,
                          capture_output=True, text=True, check=False)


@pytest.fixture
def volume(tmp_path: Path) -> Path:
    folder = tmp_path / 'volume'
    # One language: no catalogues to extract, so no Sphinx run.
    result = proceedings('new', str(folder), '--languages', 'en', '--date', '2030-03-14',
                         cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return folder


def test_a_session_goes_beside_its_part_and_into_its_contents(volume):
    result = proceedings('new-session', '--part', 'day', 'Keynote: the *future*', cwd=volume)
    assert result.returncode == 0, result.stderr
    chapter = volume / 'chapters' / 'day' / 'keynote-the-future.md'
    text = chapter.read_text('utf-8')
    assert text.startswith('# Keynote: the \\*future\\*\n')
    assert ':kind: plenary\n:part: day\n' in text
    for piece in ('{guiding-questions}', '{summary}', '{podcast} https://recordings.example.org/'):
        assert piece in text
    assert text.count('Placeholder:') == 2
    part = (volume / 'chapters' / 'day' / 'index.md').read_text('utf-8')
    assert part.endswith(':maxdepth: 1\n\nfirst-session\nkeynote-the-future\n```\n')


def test_a_clash_is_refused_and_changes_nothing(volume):
    before = {p: p.read_bytes() for p in volume.rglob('*') if p.is_file()}
    result = proceedings('new-session', '--part', 'day', '--name', 'first-session', 'Again',
                         cwd=volume)
    assert result.returncode == 1
    assert result.stderr == ('proceedings new-session: chapters/day/first-session.md already '
                             'exists; choose another name (--name …)\n')
    assert {p: p.read_bytes() for p in volume.rglob('*') if p.is_file()} == before


def test_an_unknown_part_or_kind_is_named_with_the_known_ones(volume):
    result = proceedings('new-session', '--part', 'night', 'A session', cwd=volume)
    assert result.returncode == 1
    assert result.stderr == ("proceedings new-session: there is no part 'night' in the book; "
                             'its parts are: day\n')
    result = proceedings('new-session', '--part', 'day', '--kind', 'poster', 'A session',
                         cwd=volume)
    assert result.returncode == 1
    assert "there is no kind of session 'poster' in book.toml; the kinds are: " in result.stderr
    assert not (volume / 'chapters' / 'day' / 'a-session.md').exists()


def test_a_volume_is_not_written_over_a_folder_in_use(tmp_path):
    (tmp_path / 'taken').mkdir()
    (tmp_path / 'taken' / 'notes.txt').write_text('mine', 'utf-8')
    result = proceedings('new', str(tmp_path / 'taken'), cwd=tmp_path)
    assert result.returncode == 1
    assert 'already exists and is not an empty folder' in result.stderr
    assert [p.name for p in (tmp_path / 'taken').iterdir()] == ['notes.txt']


@pytest.mark.parametrize('makefile', ['project', 'volume'])
@pytest.mark.parametrize('target', ['htlm', 'latexpfd'])
def test_a_mistyped_target_is_named_in_one_line_with_the_targets(tmp_path, volume, makefile,
                                                                 target):
    # The Makefile alone (with the toolchain's make rules it includes): a mistyped target
    # sets nothing up before saying so. A volume's Makefile finds them in the toolchain
    # that wrote it until its own environment has one.
    folder = volume if makefile == 'volume' else tmp_path
    if makefile == 'project':
        copy_makefile(tmp_path)
    # As a user types it: not as a sub-make of `make check`, which would print its folders.
    env = {k: v for k, v in os.environ.items() if k not in ('MAKELEVEL', 'MAKEFLAGS', 'MFLAGS')}
    result = subprocess.run(['make', target], cwd=folder, capture_output=True, text=True,
                            check=False, env=env)
    assert result.returncode == 2
    assert result.stdout == ''
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    # Named where the user typed it: the folder's own Makefile, not the rules it includes.
    assert lines[0].startswith('Makefile:'), lines[0]
    assert f'there is no target "{target}"; the targets are book ' in lines[0]
    for known in ('html', 'latexpdf', 'epub', 'serve', 'update-po', 'dirhtml'):
        assert f' {known} ' in lines[0]
    assert 'not registered' not in result.stderr
    assert not (folder / '.venv').exists()


def test_the_example_volume_is_what_proceedings_new_writes(volume):
    # The example is a volume as `proceedings new` starts it, with chapters and a book.toml
    # of its own: its set-up files are the templates' (its Makefile includes the template
    # rather than copying it), so that a fix to a new volume's is a fix to the example's.
    example = PROJECT / 'examples' / 'expeerts-conference-2019'
    for name in ('conf.py', '404.md', '.gitignore'):
        assert (example / name).read_text('utf-8') == (volume / name).read_text('utf-8'), name
    env = {k: v for k, v in os.environ.items() if k not in ('MAKELEVEL', 'MAKEFLAGS', 'MFLAGS')}

    def make(folder: Path, *args: str) -> str:
        return subprocess.run(['make', '-s', *args], cwd=folder, capture_output=True,
                              text=True, check=True, env=env).stdout

    assert make(example, 'help') == make(volume, 'help')
    # The same rules, with the toolchain of this repository: `make book` runs the same
    # commands, the toolchain installed from two folders up.
    assert (make(example, '-n', 'book', 'VENV=/nowhere').replace('../..', 'TOOLCHAIN')
            == make(volume, '-n', 'book', 'VENV=/nowhere').replace(
                f'"{PROJECT}"', '"TOOLCHAIN"'))
