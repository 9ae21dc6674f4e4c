"""Open one listed path of the article folder without trusting it.

Between the listing and the read a file may vanish, turn into a folder or a link, or grow;
a link may point anywhere on the machine. Every such case becomes an `Unreadable` with a
one-line reason, never an exception that stops the ingest, and nothing is read whole before
its size is known.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass


class Unreadable(Exception):
    """A file that cannot be taken as an article. The message is the reason, without the path;
    size and mtime are what could be learnt of the file (0 when nothing could)."""

    def __init__(self, reason: str, size: int = 0, modified_ns: int = 0) -> None:
        super().__init__(reason)
        self.size = size
        self.modified_ns = modified_ns


@dataclass(frozen=True)
class Opened:
    data: bytes
    size: int
    modified_ns: int


def _inside(folder: str, target: str) -> bool:
    return target == folder or target.startswith(folder.rstrip(os.sep) + os.sep)


def resolve_inside(path: str, folder_real: str) -> str:
    """The real path behind `path`, refused when it is a dangling link or leaves the folder
    (a link to /etc/passwd must never become an article)."""
    real = os.path.realpath(path)
    if os.path.islink(path) and not os.path.exists(path):
        raise Unreadable(f"dangling symbolic link (its target {real} does not exist); skipped")
    if not _inside(folder_real, real):
        raise Unreadable(f"refused: it resolves to {real}, outside the article folder; not read")
    return real


def _stat_of(path: str) -> tuple[int, int]:
    try:
        st = os.stat(path)
    except OSError:
        try:
            st = os.lstat(path)
        except OSError:
            return 0, 0
    return st.st_size, st.st_mtime_ns


def read_bounded(real: str, limit: int, too_large: str = "too large") -> Opened:
    """The bytes of a regular file of at most `limit` bytes. The size is checked on the open
    descriptor before reading, and the read itself stops at limit + 1 bytes, so a huge, sparse
    or growing file costs no memory. O_NONBLOCK keeps a named pipe from hanging the ingest;
    O_NOFOLLOW refuses a path that became a link after it was resolved."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(real, flags)
    except FileNotFoundError:
        raise Unreadable("vanished between listing and reading (deleted or moved); skipped") from None
    except IsADirectoryError:
        raise Unreadable("became a folder between listing and reading; skipped", *_stat_of(real)) from None
    except PermissionError:
        raise Unreadable("permission denied; skipped", *_stat_of(real)) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise Unreadable("became a symbolic link between listing and reading; skipped") from None
        raise Unreadable(f"could not be opened ({exc.strerror}); skipped", *_stat_of(real)) from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise Unreadable("became a folder between listing and reading; skipped", st.st_size, st.st_mtime_ns)
        if not stat.S_ISREG(st.st_mode):
            raise Unreadable("not a regular file (a device, pipe or socket); skipped", 0, st.st_mtime_ns)
        if st.st_size > limit:
            raise Unreadable(f"{too_large} ({st.st_size:,} bytes; the limit is {limit:,}); not read",
                             st.st_size, st.st_mtime_ns)
    except BaseException:
        os.close(fd)
        raise
    with os.fdopen(fd, "rb") as file:
        try:
            data = file.read(limit + 1)
        except OSError as exc:
            raise Unreadable(f"could not be read ({exc.strerror}); skipped", st.st_size, st.st_mtime_ns) from None
    if len(data) > limit:
        raise Unreadable(f"{too_large} (it grew past {limit:,} bytes while being read); not read",
                         st.st_size, st.st_mtime_ns)
    return Opened(data, len(data), st.st_mtime_ns)
