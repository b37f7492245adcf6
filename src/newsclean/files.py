"""Records from and to files in any format the command line reads, local or by URL
(``s3://``, ``gs://``, ``hf://``… with ``newsclean[remote]``), for use from Python.

Examples:
    >>> import tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "news.jsonl.gz")
    >>> write_records([{"id": 1, "text": "Advertisement\\nThe vote passed."}], path)
    1
    >>> from newsclean import clean_records
    >>> list(clean_records(read_records(path)))
    [{'id': 1, 'text': 'The vote passed.'}]
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from .errors import ConfigError
from .io import (
    DEFAULT_MAX_RECORD_BYTES,
    Decoder,
    RecordSink,
    expand_inputs,
    format_of,
    read_items,
)

__all__ = ["read_records", "write_records"]


def read_records(
    path: str,
    *,
    format: str | None = None,
    field: str = "text",
    max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES,
) -> Iterator[dict[str, Any]]:
    """The records of ``path`` (a file, a directory, or a URL, prefix or pattern), in
    order, lazily. ``format`` overrides the extension (``jsonl``, ``json``, ``csv``,
    ``tsv``, ``parquet``, ``txt``; compression ``.gz``/``.zst`` by suffix). A text file is
    one record with the article in ``field``.

    Nothing is skipped in silence: a record that cannot be read raises ValueError naming
    the file and line; a damaged (cut) file raises after the records before the damage.
    """
    decode = Decoder(None, max_record_bytes)
    for one in expand_inputs([path]):
        fmt = format_of(one, format)
        for item in read_items(one, fmt, field, decode):
            if item.error is not None:
                raise ValueError(f"{item.path}:{item.number}: {item.error}")
            yield item.record


def write_records(
    records: Iterable[Mapping[str, Any]], path: str, *, format: str | None = None
) -> int:
    """Write ``records`` to ``path`` (a file or a URL) in the format its extension names
    (or ``format``), compressed by suffix; returns how many were written. The file appears
    whole or not at all: written beside its name (for a URL, locally) and moved into place
    (uploaded) only when every record is written."""
    if path == "-":
        raise ConfigError("write_records writes files; for standard output use json_line")
    fmt = format_of(path, format)
    sink = RecordSink(path, fmt, sys.stdout)
    count = 0
    ok = False
    try:
        for record in records:
            sink.write(record)
            count += 1
        ok = True
    finally:
        sink.close(ok)
    return count
