"""Writing output files atomically, so a failure never leaves a partial file behind, and never over work to keep."""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Callable
from pathlib import Path

from journeymap.errors import OutputError, UsageError


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


# -- never losing work: what a command may write over -------------------------------------------------

GENERATED_TAG = "journeymap-generated sha256:"
"""Opens the last line of the mark a command puts on a map file it writes; the hash of what follows ends it."""

_DIGEST_LENGTH = 16  # hex digits of SHA-256: enough to tell an edit, short enough to read past
_MARK_LINES = 4  # the tag is looked for in the first lines only: a mark is always on top


def marked(text: str, comment: str, note: str) -> str:
    """``text`` under a comment ``note`` and a tag holding the hash of ``text``, so an edit since shows.

    >>> print(marked("journeymap: 1\\n", "#", "Written by journeymap convert."), end="")
    # Written by journeymap convert.
    # journeymap-generated sha256:abc8d5bf9786f648
    journeymap: 1
    """
    notes = "".join(f"{comment} {line}\n" for line in note.splitlines())
    return f"{notes}{comment} {GENERATED_TAG}{_digest(text)}\n{text}"


def mark_state(existing: bytes) -> bool | None:
    """True when ``existing`` carries a mark its text still matches, False when edited since, None when unmarked."""
    try:
        text = existing.decode("utf-8")
    except UnicodeDecodeError:
        return None
    for line in text.split("\n", _MARK_LINES)[:_MARK_LINES]:
        at = line.find(GENERATED_TAG)
        if at >= 0:
            return line[at + len(GENERATED_TAG):].strip() == _digest(unmarked(text))
    return None


def unmarked(text: str) -> str:
    """``text`` without the mark :func:`marked` put on top of it, if any.

    >>> unmarked(marked("journey\\n", "%%", "A note.")), unmarked("journey\\n")
    ('journey\\n', 'journey\\n')
    """
    lines = text.split("\n", _MARK_LINES)
    for i, line in enumerate(lines[:_MARK_LINES]):
        if GENERATED_TAG in line:
            return text.split("\n", i + 1)[i + 1] if i + 1 < len(lines) else ""
    return text


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:_DIGEST_LENGTH]


Judge = Callable[[bytes], str | None]
"""Says why a file's present bytes must not be written over (None: they may be)."""


def write_guarded(path: str | os.PathLike[str], data: bytes | str, judge: Judge, *, force: bool = False) -> None:
    """write_atomic, but a file already at ``path`` is replaced only if ``judge`` allows it, it is empty, it
    already holds ``data`` or ``force`` is true; otherwise UsageError saying why and naming --force.

    A device or pipe (/dev/stdout) is always written into: it holds no work to lose.
    """
    if not force and not _special(path):
        existing = _present(path)
        payload = data.encode("utf-8", "surrogateescape") if isinstance(data, str) else data
        if existing and existing != payload:
            reason = judge(existing)
            if reason is not None:
                raise UsageError(f"not writing over {path}: {reason}; give --force to overwrite it")
    write_atomic(path, data)


def _present(path: str | os.PathLike[str]) -> bytes:
    """The bytes of the file at ``path`` (through a link); nothing when there is none."""
    try:
        with open(path, "rb") as file:
            return file.read()
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):  # write_atomic says what is wrong, if anything
        return b""
    except OSError as err:
        raise OutputError(f"cannot write {path}: {err.strerror or err}") from err


def unedited_since(command: str) -> Judge:
    """A judge for map files a command marks as it writes them: only its own, unedited, may be replaced."""
    def judge(existing: bytes) -> str | None:
        state = mark_state(existing)
        if state:
            return None
        if state is False:
            return f"it has been edited since `journeymap {command}` wrote it"
        return f"it is not a file `journeymap {command}` wrote (it carries no {GENERATED_TAG.split()[0]} mark)"
    return judge


def drawn(existing: bytes) -> str | None:
    """A judge for derived files: a diagram or report (SVG, PNG, PDF, DOT, HTML) may be replaced, nothing else.

    >>> drawn(b"%PDF-1.7"), drawn(b"journeymap: 1\\ntitle: Home")
    (None, 'it holds no diagram or report (SVG, PNG, PDF, DOT or HTML), so it may be work to keep')
    """
    if any(signature.match(existing[:65536]) for signature in _SIGNATURES.values()):
        return None
    return "it holds no diagram or report (SVG, PNG, PDF, DOT or HTML), so it may be work to keep"


# How each kind of file journeymap draws begins.
_SIGNATURES: dict[str, re.Pattern[bytes]] = {
    "svg": re.compile(rb"\A(\xef\xbb\xbf)?\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*|<!DOCTYPE[^>]*>\s*)*<svg\b", re.S),
    "png": re.compile(rb"\A\x89PNG\r\n\x1a\n"),
    "pdf": re.compile(rb"\A%PDF-"),
    "dot": re.compile(rb"\A(\xef\xbb\xbf)?\s*((//|#)[^\n]*\n\s*|/\*.*?\*/\s*)*(strict\s+)?(di)?graph\b", re.S | re.I),
    "html": re.compile(rb"\A(\xef\xbb\xbf)?\s*(<!--.*?-->\s*)*<(!DOCTYPE\s+html|html)\b", re.S | re.I),
}
