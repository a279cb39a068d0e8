"""The layers of ARCHITECTURE.md, from the imports the modules really make.

Each module of ``proceedings/`` is read with ``ast``: every ``import`` counts, at the top,
inside a function or under ``TYPE_CHECKING``. Then the commands run in processes of their
own, to see which modules they load.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from testing import PROJECT

pytestmark = pytest.mark.extension

PACKAGE = PROJECT / 'proceedings'

#: The layers, each with what its modules may import of the package (besides themselves)
#: and which of Sphinx's (and docutils') modules; ``None``: any.
LAYERS = {
    'core': ({'core'}, set()),
    'po': ({'core', 'po'}, set()),
    'sphinx_ext': ({'core', 'po', 'sphinx_ext'}, None),
    'speedups': ({'core', 'sphinx_ext.config', 'sphinx_ext.i18n', 'speedups'}, None),
    # The command line reads a book's conf.py as Sphinx does, and nothing more of Sphinx.
    'cli': ({'core', 'po', 'cli'}, {'sphinx.config', 'sphinx.errors', 'sphinx.util.matching',
                                    'sphinx.util.tags'}),
}
SPHINX = ('sphinx', 'docutils')


def module_name(path: Path) -> str:
    parts = path.relative_to(PROJECT).with_suffix('').parts
    return '.'.join(parts[:-1] if parts[-1] == '__init__' else parts)


def imports_of(path: Path) -> set[str]:
    """Every module that *path* imports, by its full name."""
    tree = ast.parse(path.read_text('utf-8'), filename=str(path))
    package = module_name(path) if path.name == '__init__.py' else module_name(path).rpartition('.')[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ''
            if node.level:
                anchor = package.split('.')
                anchor = anchor[:len(anchor) - node.level + 1]
                base = '.'.join([*anchor, base] if base else anchor)
            found.add(base)
            # "from proceedings.po import pofile" imports the module proceedings.po.pofile.
            for alias in node.names:
                candidate = f'{base}.{alias.name}'
                if (PROJECT / Path(*candidate.split('.'))).with_suffix('.py').is_file():
                    found.add(candidate)
    return found


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob('*.py'))}


def layer_of(module: str) -> str | None:
    parts = module.split('.')
    return parts[1] if len(parts) > 1 and parts[1] in LAYERS else None


def within(module: str, allowed: set[str]) -> bool:
    inside = module.removeprefix('proceedings.')
    return any(inside == name or inside.startswith(name + '.') for name in allowed)


def test_every_module_is_in_a_layer():
    assert {m for m in MODULES if layer_of(m) is None} == {
        'proceedings', 'proceedings.__main__'}


@pytest.mark.parametrize('module', sorted(m for m in MODULES if layer_of(m)))
def test_imports_point_one_way(module):
    allowed, sphinx_allowed = LAYERS[layer_of(module)]
    wrong = []
    for name in sorted(imports_of(MODULES[module])):
        if name == 'proceedings':
            continue  # the package itself: __version__, which imports nothing
        if name.startswith('proceedings.') and not within(name, allowed):
            wrong.append(name)
        if (name.split('.')[0] in SPHINX and sphinx_allowed is not None
                and name not in sphinx_allowed):
            wrong.append(name)
    assert wrong == [], f'{module} imports what its layer may not (ARCHITECTURE.md)'


def test_no_cycle_between_modules():
    """No module imports, even lazily, a module that imports it back, directly or not."""
    graph = {m: {i for i in imports_of(p) if i in MODULES and i != 'proceedings'}
             for m, p in MODULES.items()}
    # A package's __init__ is imported before its modules: an import of it is not an edge.
    graph = {m: {i for i in targets if not m.startswith(i + '.')} for m, targets in graph.items()}
    cycles = []

    def visit(module: str, path: list[str]) -> None:
        for target in sorted(graph[module]):
            if target in path:
                cycles.append(path[path.index(target):] + [target])
            elif target not in done:
                visit(target, [*path, target])
        done.add(module)

    done: set[str] = set()
    for module in sorted(graph):
        if module not in done:
            visit(module, [module])
    assert cycles == []


def modules_loaded(*code: str, cwd: Path = PROJECT) -> set[str]:
    """The modules a fresh interpreter has loaded after running *code*."""
    script = '\n'.join([
        'import sys',
        *code,
        'print("\\n".join(sorted(sys.modules)), file=sys.__stderr__)',
    ])
    result = subprocess.run([sys.executable, '-c', script], capture_output=True, text=True,
                            check=False, cwd=cwd)
    return set(result.stderr.split())


def run_command(*argv: str) -> str:
    return '\n'.join([
        'from proceedings.cli.main import main',
        'try:',
        f'    main({list(argv)!r})',
        'except SystemExit:',
        '    pass',
    ])


def test_the_package_and_the_help_load_no_sphinx():
    for loaded in (modules_loaded('import proceedings'),
                   modules_loaded(run_command('--help')),
                   modules_loaded(run_command('publish', '--help'))):
        assert 'proceedings.cli.main' in loaded or 'proceedings' in loaded
        assert not {m for m in loaded if m.split('.')[0] in (*SPHINX, 'babel', 'myst_parser')}


@pytest.mark.parametrize('argv', [('stats',), ('citation-cff',)])
def test_the_tools_never_load_the_extension(argv):
    loaded = modules_loaded(run_command(*argv))
    assert 'proceedings.cli.main' in loaded
    assert not {m for m in loaded if m.startswith(('proceedings.sphinx_ext', 'proceedings.speedups'))}
    assert not {m for m in loaded if m.startswith(('sphinx.application', 'sphinx.builders',
                                                  'sphinx.environment', 'sphinx.domains'))}


def test_the_extension_loads_its_speedups_as_sub_extensions(make_app, session_root):
    app = make_app('html', srcdir=session_root)
    for name in ('proceedings', 'proceedings.speedups.navigation',
                 'proceedings.speedups.parallel', 'proceedings.speedups.doctrees'):
        assert name in app.extensions
        assert app.extensions[name].parallel_read_safe
