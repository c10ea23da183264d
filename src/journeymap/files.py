"""Writing output files atomically, so a failure never leaves a partial file behind."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from journeymap.errors import OutputError


def write_atomic(path: str | os.PathLike[str], data: bytes | str) -> None:
    """Write ``data`` (text is encoded as UTF-8) to ``path``, replacing it whole or not at all.

    A device or pipe (``/dev/null``, ``/dev/stdout``, a FIFO) is written into, never replaced by a file.
    """
    target = Path(os.path.realpath(path))  # through a symbolic link, so the link stays a link
    try:
        payload = data.encode("utf-8") if isinstance(data, str) else data
    except UnicodeEncodeError as err:
        raise OutputError(f"cannot write {path}: the text cannot be encoded as UTF-8 ({err.reason})") from err
    if _special(path):  # the path as given: /dev/stdout leads to a pipe that has no real path
        _write_through(path, payload)
        return
    descriptor, temporary = _temporary(target, path)
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(payload)
            file.flush()
            os.fsync(file.fileno())
        _keep_mode(target, temporary)
        os.replace(temporary, target)
    except OSError as err:
        _remove(temporary)
        raise OutputError(f"cannot write {path}: {err.strerror or err}") from err
    except BaseException:  # interrupted: still leave nothing behind
        _remove(temporary)
        raise


def _special(path: str | os.PathLike[str]) -> bool:
    """True for a device, pipe or socket (e.g. /dev/null, /dev/stdout): it is written to, never replaced."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def _write_through(path: str | os.PathLike[str], payload: bytes) -> None:
    """Write into a device or pipe as it is: replacing /dev/null with a file would break the machine."""
    try:
        with open(path, "wb") as file:
            file.write(payload)
    except OSError as err:
        raise OutputError(f"cannot write {path}: {err.strerror or err}") from err


def _temporary(target: Path, shown: str | os.PathLike[str]) -> tuple[int, str]:
    """A new, open temporary file beside the target (in the same folder, so os.replace is atomic)."""
    stem = target.name[:200]  # the name may be near the 255-byte limit; the temporary adds 15 characters
    for _ in range(100):
        name = str(target.with_name(f".{stem}.{os.urandom(4).hex()}.tmp"))
        try:
            return os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), name  # the umask applies
        except FileExistsError:
            continue
        except OSError as err:
            raise OutputError(f"cannot write {shown}: {err.strerror or err}") from err
    raise OutputError(f"cannot write {shown}: no free temporary name in {target.parent}")


def _keep_mode(target: Path, temporary: str) -> None:
    """Give the new file the permissions of the one it replaces."""
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        return
    os.chmod(temporary, mode)


def _remove(name: str) -> None:
    try:
        os.unlink(name)
    except OSError:
        pass
