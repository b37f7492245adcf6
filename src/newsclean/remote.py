"""Inputs and outputs named by URL (``s3://``, ``gs://``, ``hf://``, ``memory://`` … any
filesystem fsspec knows), for the command line and ``newsclean.files``.

A remote input is copied to a local temporary file and read from there, so every format,
compression and damage check behaves exactly as it does on a local file; a remote output is
written to a local temporary file and uploaded when the run succeeds, so a failed or
interrupted run never leaves a partial object under the final name. Needs fsspec
(``pip install 'newsclean[remote]'``) and the filesystem's own package (``s3fs``, ``gcsfs``,
``huggingface_hub``…), which fsspec names when it is missing.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import re
import tempfile
from pathlib import Path
from typing import IO, Any

from .errors import ConfigError
from .io_bytes import split_compression

# a scheme (RFC 3986) and "://"; a Windows drive ("C:\\") has no "//"
_URL = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*)://")
_GLOB = re.compile(r"[*?\[]")


def is_url(path: str) -> bool:
    """True for a path fsspec should open: ``scheme://…`` other than ``file://``.

    Examples:
        >>> is_url("s3://bucket/news.jsonl"), is_url("news.jsonl"), is_url("file:///tmp/x")
        (True, False, False)
    """
    match = _URL.match(path)
    return match is not None and match.group(1).lower() != "file"


def local_path(path: str) -> str:
    """``file://`` URLs as plain paths; anything else unchanged.

    Examples:
        >>> local_path("file:///tmp/news.jsonl")
        '/tmp/news.jsonl'
    """
    return path[len("file://") :] if path.lower().startswith("file://") else path


def filesystem(url: str) -> tuple[Any, str]:
    """The fsspec filesystem for ``url`` and the path inside it; ConfigError (one line,
    with what to install) when fsspec or the filesystem's package is missing."""
    try:
        core: Any = importlib.import_module("fsspec.core")
    except ImportError:
        raise ConfigError(
            f"{url}: reading and writing URLs needs fsspec: pip install 'newsclean[remote]'"
        ) from None
    try:
        fs, path = core.url_to_fs(url)
    except ImportError as exc:  # fsspec names the package the protocol needs
        raise ConfigError(f"{url}: {exc}") from None
    except ValueError as exc:  # an unknown protocol
        raise ConfigError(f"{url}: {exc}") from None
    return fs, path


def _unstrip(fs: Any, path: str) -> str:
    return str(fs.unstrip_protocol(path))


def expand(url: str) -> list[str]:
    """A URL as input files: a pattern (``*``, ``?``, ``[``) or a directory (prefix) gives
    every file under it, sorted; a file gives itself. Nothing found is an error."""
    fs, path = filesystem(url)
    if _GLOB.search(path):
        found = [p for p in fs.glob(path) if fs.isfile(p)]
    elif fs.isdir(path):
        found = list(fs.find(path))
    elif fs.exists(path):
        return [url]
    else:
        raise ConfigError(f"{url}: no such file or directory")
    if not found:
        raise ConfigError(f"{url}: matches no file")
    return [_unstrip(fs, p) for p in sorted(found)]


def canonical(url: str) -> str:
    """``url`` as ``expand`` spells the files under it (the filesystem's own form).

    Examples:
        >>> canonical("memory://bucket/in/")
        'memory:///bucket/in'
    """
    fs, path = filesystem(url)
    return _unstrip(fs, path.rstrip("/"))


def size(url: str) -> int:
    """The size in bytes of a remote file (0 when the filesystem does not say)."""
    fs, path = filesystem(url)
    try:
        return int(fs.size(path) or 0)
    except (OSError, TypeError, ValueError):
        return 0


def is_dir(url: str) -> bool:
    """True when ``url`` names a directory (a prefix holding objects)."""
    fs, path = filesystem(url)
    try:
        return bool(fs.isdir(path))
    except OSError:
        return False


def join(url: str, *parts: str) -> str:
    """``url`` with path parts appended by ``/``.

    Examples:
        >>> join("s3://bucket/out/", "a", "b.jsonl")
        's3://bucket/out/a/b.jsonl'
    """
    return "/".join([url.rstrip("/"), *(p.strip("/") for p in parts)])


def fetch(url: str) -> str:
    """Copy a remote file to a new local temporary file and return its path; the caller
    removes it (``discard``). The suffix is kept, so compression is read by extension."""
    fs, path = filesystem(url)
    suffix = "".join(Path(path).suffixes[-2:])
    fd, tmp = tempfile.mkstemp(prefix="newsclean-in-", suffix=suffix)
    os.close(fd)
    try:
        fs.get_file(path, tmp)
    except FileNotFoundError:
        discard(tmp)
        raise FileNotFoundError(2, "No such file or directory", url) from None
    except BaseException:
        discard(tmp)
        raise
    return tmp


def discard(tmp: str) -> None:
    """Remove a temporary file made by ``fetch`` or ``RemoteWriter``; never raises."""
    with contextlib.suppress(OSError):
        os.unlink(tmp)


@contextlib.contextmanager
def opened(url: str) -> Any:
    """A remote file's bytes, from a local copy removed on exit."""
    tmp = fetch(url)
    try:
        with open(tmp, "rb") as fh:
            yield fh
    finally:
        discard(tmp)


class RemoteWriter:
    """``AtomicWriter``'s interface for a URL: bytes go to a local temporary file, uploaded
    under the final name by ``commit``; ``abort`` throws them away and uploads nothing."""

    direct = False

    def __init__(self, url: str) -> None:
        self.url = url
        self.fs, self.path = filesystem(url)
        if is_dir(url):
            raise IsADirectoryError(21, "Is a directory", url)
        self.tmp: str | None = None
        self.raw: IO[bytes] | None = None

    def _create(self) -> IO[bytes]:
        fd, self.tmp = tempfile.mkstemp(prefix="newsclean-out-")
        return open(fd, "wb")

    def open_binary(self) -> IO[bytes]:
        """The temporary file, compressed by the final name's suffix."""
        try:
            raw = self.raw = self._create()
            _, compression = split_compression(self.path)
            return raw if compression is None else compression.wrap_write(raw, self.url)
        except BaseException:
            self.abort()
            raise

    def commit(self) -> None:
        """Close the temporary file and upload it; remove it whatever happens."""
        try:
            if self.raw is None:
                self.raw = self._create()  # nothing was written: an empty object
            if not self.raw.closed:
                self.raw.close()
            parent = self.path.rsplit("/", 1)[0] if "/" in self.path else ""
            if parent:
                with contextlib.suppress(OSError, NotImplementedError):
                    self.fs.makedirs(parent, exist_ok=True)
            assert self.tmp is not None
            self.fs.put_file(self.tmp, self.path)
        finally:
            self.abort()

    def abort(self) -> None:
        """Close and remove the temporary file."""
        if self.raw is not None and not self.raw.closed:
            with contextlib.suppress(Exception):
                self.raw.close()
        if self.tmp is not None:
            discard(self.tmp)
            self.tmp = None
