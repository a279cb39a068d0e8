"""The ``proceedings`` command: the translators' tools, the publisher and CITATION.cff.

The command-line tools never import the Sphinx extension: the publisher runs
``sphinx-build`` in processes of its own, and the catalogue tools read PO files with
``proceedings.po``.
"""
