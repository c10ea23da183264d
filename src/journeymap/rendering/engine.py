"""The one place that runs Graphviz: DOT source in, SVG, PNG or PDF bytes out."""

from __future__ import annotations

import datetime
import errno
import os
import re
import shutil
import signal
import subprocess

import attrs

from journeymap.errors import GraphvizNotFoundError, JourneyMapWarning, RenderError, UsageError

GRAPHVIZ_FORMATS = ("svg", "png", "pdf")
"""The formats Graphviz draws (``dot`` is the source itself and needs no run)."""

TIMEOUT_SECONDS = 120.0
"""How long one Graphviz run may take, unless the environment variable below says otherwise."""

TIMEOUT_VARIABLE = "JOURNEYMAP_GRAPHVIZ_TIMEOUT"

# What each format's output starts with: anything else came from a broken or impostor `dot`.
_SIGNATURES = {"svg": (b"<?xml", b"<svg", b"<!DOCTYPE svg"), "png": (b"\x89PNG\r\n\x1a\n",), "pdf": (b"%PDF-",)}

INSTALL_HINT = (
    "install Graphviz: 'sudo apt-get install graphviz' on Debian/Ubuntu, 'brew install graphviz' on macOS, "
    "or run 'make test', which installs it; then check that 'dot -V' works"
)


class GraphvizWarning(JourneyMapWarning):
    """Graphviz drew the diagram but printed a warning (e.g. a missing font); a JourneyMapWarning like the rest."""


@attrs.frozen(kw_only=True)
class Output:
    """What one Graphviz run produced: the drawing, and any warnings it printed."""

    data: bytes
    warnings: tuple[str, ...] = ()


def find_dot() -> str:
    """The path of Graphviz's ``dot`` program, or GraphvizNotFoundError saying how to install it."""
    path = shutil.which("dot")
    if path is None:
        found = _unexecutable_dot()
        if found is not None:
            raise GraphvizNotFoundError(f"Graphviz's 'dot' at {found} is not executable; {INSTALL_HINT}") from \
                PermissionError(errno.EACCES, os.strerror(errno.EACCES), found)
        raise GraphvizNotFoundError(f"Graphviz's 'dot' program is not on PATH; {INSTALL_HINT}") from \
            FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), "dot")
    return path


def _unexecutable_dot() -> str | None:
    """A file named ``dot`` on PATH that shutil.which passed over, as it may not be run."""
    for folder in os.environ.get("PATH", os.defpath).split(os.pathsep):
        candidate = os.path.join(folder or ".", "dot")
        if os.path.isfile(candidate):
            return candidate
    return None


def timeout() -> float:
    """Seconds one Graphviz run may take: JOURNEYMAP_GRAPHVIZ_TIMEOUT if set, else TIMEOUT_SECONDS."""
    given = os.environ.get(TIMEOUT_VARIABLE, "").strip()
    if not given:
        return TIMEOUT_SECONDS
    try:
        seconds = float(given)
    except ValueError:
        seconds = float("nan")
    if not 0 < seconds < float("inf"):
        raise UsageError(f"{TIMEOUT_VARIABLE} must be a number of seconds above 0, not {given!r}")
    return seconds


LAYOUTS = ("dot", "fixed")
"""How Graphviz places things: ``dot`` lays out a graph; ``fixed`` keeps every node at its ``pos``
(neato -n2), for views that compute their own grid."""


def run(source: str, format: str, *, dpi: int | None = None, layout: str = "dot", size: str | None = None) -> Output:
    """Lay out and draw DOT ``source`` as ``format`` (svg, png or pdf) with Graphviz; ``size`` (inches,
    "width,height") scales a larger drawing down to fit."""
    if format not in GRAPHVIZ_FORMATS:
        raise RenderError(f"Graphviz cannot draw format {format!r}; it draws {', '.join(GRAPHVIZ_FORMATS)}")
    if layout not in LAYOUTS:
        raise RenderError(f"unknown layout {layout!r}; layouts: {', '.join(LAYOUTS)}")
    limit = timeout()
    command = [find_dot(), f"-T{format}"]
    if layout == "fixed":
        command += ["-Kneato", "-n2"]
    if dpi is not None:
        command.append(f"-Gdpi={dpi}")
    if size is not None:
        command.append(f"-Gsize={size}")
    try:
        done = _run(command, source.encode("utf-8"), limit)
    except (FileNotFoundError, PermissionError) as err:
        raise GraphvizNotFoundError(f"could not run Graphviz's 'dot' ({err}); {INSTALL_HINT}") from err
    except OSError as err:  # e.g. not a program at all (exec format error)
        raise GraphvizNotFoundError(f"could not run Graphviz's 'dot' at {command[0]} ({err}); {INSTALL_HINT}") \
            from err
    except subprocess.TimeoutExpired as err:
        hint = " (a map of many contributions draws faster in the canvas view)" if layout == "dot" else ""
        raise RenderError(f"Graphviz took longer than {limit:g} s to draw the {format}{hint}; "
                          f"{TIMEOUT_VARIABLE} sets the limit in seconds") from err
    except subprocess.CalledProcessError as err:
        detail = _text(err.stderr) or _status(err.returncode)
        raise RenderError(f"Graphviz could not draw the {format}: {detail}") from err
    if not done.stdout.lstrip().startswith(_SIGNATURES[format]):
        cause = ValueError(f"output starts {done.stdout[:40]!r}")
        raise RenderError(f"Graphviz's 'dot' at {command[0]} gave something that is not {_a(format)} "
                          f"({len(done.stdout)} bytes); {INSTALL_HINT}") from cause
    warnings = tuple(line for line in _text(done.stderr).splitlines() if line.strip())
    return Output(data=_undated(done.stdout) if format == "pdf" else done.stdout, warnings=warnings)


# cairo writes the time of the run into every PDF; the same map should give the same bytes.
_CREATION_DATE = re.compile(rb"/CreationDate \(D:(\d{14})")


def _undated(pdf: bytes) -> bytes:
    """A PDF from cairo with its creation date replaced by SOURCE_DATE_EPOCH's, or the epoch's: the same length, so
    that every byte offset in it still holds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    moment = datetime.datetime.fromtimestamp(int(epoch) if epoch.isdigit() else 0, datetime.timezone.utc)
    return _CREATION_DATE.sub(b"/CreationDate (D:" + moment.strftime("%Y%m%d%H%M%S").encode("ascii"), pdf, count=1)


def _run(command: list[str], source: bytes, limit: float) -> subprocess.CompletedProcess[bytes]:
    """subprocess.run(check=True), but a run past ``limit`` ends with everything it started."""
    with subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          start_new_session=True) as process:
        try:
            stdout, stderr = process.communicate(source, timeout=limit)
        except BaseException:  # the time limit, or Ctrl-C: leave no Graphviz running
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except OSError:
                pass
            process.kill()
            process.wait()
            raise
    if process.returncode != 0:
        raise subprocess.CalledProcessError(process.returncode, command, stdout, stderr)
    return subprocess.CompletedProcess(command, 0, stdout, stderr)


def _status(code: int) -> str:
    if code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit status {code}"


def _a(format: str) -> str:
    return f"a {format.upper()}" if format != "svg" else "an SVG"


def _text(stream: bytes | None) -> str:
    return (stream or b"").decode("utf-8", errors="replace").strip()
