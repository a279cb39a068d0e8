"""The benchmark of the book's builds (issue 7): ``make bench``, or ``python -m bench``.

- ``generate``: synthetic proceedings, N valid session chapters with French catalogues;
- ``measure``: one timed build in a child process, with its peak memory;
- ``run``: the runs side by side, the table, the targets and the JSON.
"""
