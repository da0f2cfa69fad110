"""Which files of the data folder may be read: regular files inside it, never symbolic links, named pipes or
devices. Checked with `lstat` before a file is opened or hashed (opening a named pipe waits for ever)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

_KINDS = {
    stat.S_IFDIR: "a folder",
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
}


def file_problem(path: Path, folder: Path | None = None) -> str | None:
    """Why `path` may not be read as a data file, or None (also when it is missing: the reader says so).

    With `folder`, the path must also lie inside it without passing through a symbolic link.
    """
    try:
        status = os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        return f"a file that can be read ({exc.strerror})"
    if stat.S_ISLNK(status.st_mode):
        return "a regular file in the data folder, not a symbolic link"
    if folder is not None:
        relative = os.path.relpath(os.path.abspath(path), os.path.abspath(folder))
        if relative == os.pardir or relative.startswith(os.pardir + os.sep) or os.path.isabs(relative) or \
                os.path.realpath(path) != os.path.join(os.path.realpath(folder), relative):
            return "a file inside the data folder, not one reached through a symbolic link or '..'"
    if not stat.S_ISREG(status.st_mode):
        return "a regular file, not " + _KINDS.get(stat.S_IFMT(status.st_mode), "a special file")
    return None
