"""Where inputs are: arguments expanded into files (directories walked, URL prefixes and
patterns listed), and a local path to read each from (a URL's temporary copy)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from . import remote
from .remote import is_url, local_path


@contextlib.contextmanager
def local_copy(path: str) -> Iterator[str]:
    """A local path to read ``path`` from: itself, or for a URL (``s3://…``) a temporary
    copy removed on exit (so every format and damage check reads a local file)."""
    if not is_url(path):
        yield local_path(path)
        return
    tmp = remote.fetch(path)
    try:
        yield tmp
    finally:
        remote.discard(tmp)


def expand_inputs(inputs: list[str]) -> list[str]:
    """Files as given, directories walked recursively (sorted), ``-`` kept. A directory
    that cannot be read is an error, never skipped in silence."""
    out: list[str] = []
    for item in inputs:
        if is_url(item):
            out.extend(remote.expand(item))
            continue
        path = Path(local_path(item))
        if item != "-" and path.is_dir():
            found = [
                Path(root) / name
                for root, _, files in os.walk(path, onerror=_raise)
                for name in files
            ]
            out.extend(str(p) for p in sorted(found) if p.is_file())
        else:
            out.append(item)
    return out


def _raise(exc: OSError) -> None:
    raise exc
