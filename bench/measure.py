"""One timed command in a child process, and the machine it ran on.

Every build runs as its own process, as ``sphinx-build`` and ``make`` run for a user:
the time includes starting Python and Sphinx. The processor time of the process and of
every process it waited for is kept too: on a machine shared with other builds it says
what the build itself cost. The peak memory is the largest resident
size of the child or of any process it waited for (``wait4``): the biggest single
process of the build, not the sum of parallel workers.

Before the clock starts, what earlier commands wrote and deleted goes to the disk
(``os.sync``): otherwise the kernel writes it back while the next build runs, and that
build pays for another's output. On this machine, the French build of 50 sessions took
0.97 to 1.10 s without it, depending on the folder it wrote into, and 0.89 to 0.96 s
with it, in either folder, serially or with ``-j`` (six builds of each kind, the two sets
a few minutes apart); later, with and without it in turns, 1.50 to 1.83 s with it and
1.60 to 2.01 s without (eight of each, the machine slower by then).
"""

from __future__ import annotations

import contextlib
import os
import platform
import subprocess
import time
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path


class BuildFailed(Exception):
    """A measured command failed: its figures would mean nothing."""


@dataclass
class Measurement:
    seconds: float
    peak_mb: float
    #: processor time of the whole tree of processes: what the build costs whatever
    #: else the machine does at the same time (which wall time does not say)
    cpu_seconds: float

    def as_dict(self) -> dict[str, float]:
        return {key: round(value, 3) for key, value in asdict(self).items()}


def run_timed(command: list[str], log: Path, *, cwd: Path | None = None) -> Measurement:
    """Run *command*, its output appended to *log*; fail with the end of the log."""
    return run_together([(command, log)], cwd=cwd)[0]


def run_together(commands: list[tuple[list[str], Path]], *,
                 cwd: Path | None = None) -> list[Measurement]:
    """Start every command at once, each with its log, and measure each to its own end.

    On a machine whose speed drifts from one minute to the next, two builds that run
    at the same time, each on a core, meet the same drift: their ratio holds where
    that of two builds run one after the other does not.
    """
    started: dict[int, tuple[int, subprocess.Popen, Path, list[str]]] = {}
    outs = []
    os.sync()
    start = time.perf_counter()
    try:
        for index, (command, log) in enumerate(commands):
            log.parent.mkdir(parents=True, exist_ok=True)
            out = log.open('a', encoding='utf-8')
            outs.append(out)
            out.write(f'$ {" ".join(command)}\n')
            out.flush()
            process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
            started[process.pid] = (index, process, log, command)
        measured: list[Measurement | None] = [None] * len(commands)
        failed: list[tuple[subprocess.Popen, Path, list[str]]] = []
        while started:
            # Whichever ends first: each command's time runs to its own end.
            pid, status, usage = os.wait4(-1, 0)
            if pid not in started:
                continue
            seconds = time.perf_counter() - start
            index, process, log, command = started.pop(pid)
            process.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4
            if process.returncode:
                failed.append((process, log, command))
            # Linux gives kilobytes; children that the command waited for are counted in.
            measured[index] = Measurement(seconds, usage.ru_maxrss / 1024,
                                          usage.ru_utime + usage.ru_stime)
    finally:
        for _index, process, _log, _command in started.values():  # interrupted
            process.kill()
            process.wait()
        for out in outs:
            out.close()
    if failed:
        process, log, command = failed[0]
        tail = '\n'.join(log.read_text('utf-8', errors='replace').splitlines()[-30:])
        raise BuildFailed(f'exit status {process.returncode}: {" ".join(command)}\n'
                          f'{tail}\nwhole log: {log}')
    return [m for m in measured if m is not None]


def machine() -> dict[str, object]:
    """What the figures depend on: processor, cores, memory, versions, load."""
    cpu = ''
    with contextlib.suppress(OSError):
        for line in Path('/proc/cpuinfo').read_text().splitlines():
            if line.startswith('model name'):
                cpu = line.split(':', 1)[1].strip()
                break
    memory_gb = 0.0
    with contextlib.suppress(OSError):
        for line in Path('/proc/meminfo').read_text().splitlines():
            if line.startswith('MemTotal:'):
                memory_gb = int(line.split()[1]) / 1024 / 1024
    return {
        'cpu': cpu or platform.processor(),
        'cores': os.cpu_count(),
        'memory_gb': round(memory_gb, 1),
        'system': platform.platform(),
        'python': platform.python_version(),
        'packages': {name: _version(name) for name in ('Sphinx', 'myst-parser', 'furo')},
        'xelatex': _first_line(['xelatex', '--version']),
        'load_average': [round(x, 2) for x in os.getloadavg()],
    }


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return ''


def _first_line(command: list[str]) -> str:
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError:
        return ''
    return (result.stdout.splitlines() or [''])[0]
