"""Two builds of the same commit give the same files, byte for byte.

Dates come from ``SOURCE_DATE_EPOCH``, which the publishing step sets from the last
commit (or, outside a git checkout, the day of the event): Sphinx, XeTeX and xdvipdfmx
read it (with ``FORCE_SOURCE_DATE=1`` for TeX's own dates). An EPUB is a zip archive,
which records the time of each file: it is rewritten with fixed times, ``mimetype``
first and stored, the rest in a fixed order.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import zipfile
from pathlib import Path

#: Zip archives cannot hold times before 1980.
ZIP_EPOCH = 315532800


def source_date_epoch(source: Path, fallback: dt.date) -> int:
    """The time the book is dated: SOURCE_DATE_EPOCH, the last commit, or *fallback*."""
    given = os.environ.get('SOURCE_DATE_EPOCH', '').strip()
    if given.isdigit():
        return int(given)
    try:
        result = subprocess.run(
            ['git', '-C', os.fspath(source), 'log', '-1', '--format=%ct'],
            capture_output=True, text=True, check=False, timeout=30,
        )
    except (OSError, subprocess.TimeoutExpired):
        result = None
    if result is not None and result.returncode == 0 and result.stdout.strip().isdigit():
        return int(result.stdout.strip())
    return int(dt.datetime.combine(fallback, dt.time(), tzinfo=dt.timezone.utc).timestamp())


def build_environment(epoch: int) -> dict[str, str]:
    return {**os.environ, 'SOURCE_DATE_EPOCH': str(epoch), 'FORCE_SOURCE_DATE': '1'}


def normalise_epub(path: Path, epoch: int) -> None:
    """Rewrite an EPUB with fixed file times and order; its content is unchanged."""
    date_time = dt.datetime.fromtimestamp(max(epoch, ZIP_EPOCH), dt.timezone.utc).timetuple()[:6]
    with zipfile.ZipFile(path) as archive:
        files = {info.filename: archive.read(info) for info in archive.infolist()
                 if not info.is_dir()}
    rewritten = path.with_name(path.name + '.tmp')
    with zipfile.ZipFile(rewritten, 'w') as archive:
        # EPUB readers find the type of the file in its first, uncompressed entry.
        names = ['mimetype'] + sorted(name for name in files if name != 'mimetype')
        for name in names:
            info = zipfile.ZipInfo(name, date_time)
            info.create_system = 3
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_STORED if name == 'mimetype' else zipfile.ZIP_DEFLATED
            archive.writestr(info, files[name])
    os.replace(rewritten, path)
