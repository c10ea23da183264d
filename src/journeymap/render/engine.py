"""The one place that runs Graphviz: DOT source in, SVG, PNG or PDF bytes out."""

from __future__ import annotations

import shutil
import subprocess

import attrs

from journeymap.errors import GraphvizNotFoundError, RenderError

GRAPHVIZ_FORMATS = ("svg", "png", "pdf")
"""The formats Graphviz draws (``dot`` is the source itself and needs no run)."""

TIMEOUT_SECONDS = 120.0

INSTALL_HINT = (
    "install Graphviz: 'sudo apt-get install graphviz' on Debian/Ubuntu, 'brew install graphviz' on macOS, "
    "or run 'make test', which installs it; then check that 'dot -V' works"
)


class GraphvizWarning(UserWarning):
    """Graphviz drew the diagram but printed a warning (e.g. a missing font)."""


@attrs.frozen(kw_only=True)
class Output:
    """What one Graphviz run produced: the drawing, and any warnings it printed."""

    data: bytes
    warnings: tuple[str, ...] = ()


def find_dot() -> str:
    """The path of Graphviz's ``dot`` program, or GraphvizNotFoundError saying how to install it."""
    path = shutil.which("dot")
    if path is None:
        raise GraphvizNotFoundError(f"Graphviz's 'dot' program is not on PATH; {INSTALL_HINT}")
    return path


LAYOUTS = ("dot", "fixed")
"""How Graphviz places things: ``dot`` lays out a graph; ``fixed`` keeps every node at its ``pos``
(neato -n2), for views that compute their own grid."""


def run(source: str, format: str, *, dpi: int | None = None, layout: str = "dot") -> Output:
    """Lay out and draw DOT ``source`` as ``format`` (svg, png or pdf) with Graphviz."""
    if format not in GRAPHVIZ_FORMATS:
        raise RenderError(f"Graphviz cannot draw format {format!r}; it draws {', '.join(GRAPHVIZ_FORMATS)}")
    if layout not in LAYOUTS:
        raise RenderError(f"unknown layout {layout!r}; layouts: {', '.join(LAYOUTS)}")
    command = [find_dot(), f"-T{format}"]
    if layout == "fixed":
        command += ["-Kneato", "-n2"]
    if dpi is not None:
        command.append(f"-Gdpi={dpi}")
    try:
        done = subprocess.run(command, input=source.encode("utf-8"), capture_output=True,
                              timeout=TIMEOUT_SECONDS, check=True)
    except (FileNotFoundError, PermissionError) as err:
        raise GraphvizNotFoundError(f"could not run Graphviz's 'dot' ({err}); {INSTALL_HINT}") from err
    except subprocess.TimeoutExpired as err:
        hint = " (large maps draw in seconds in the canvas view)" if layout == "dot" else ""
        raise RenderError(f"Graphviz took longer than {TIMEOUT_SECONDS:.0f} s to draw the {format}{hint}") from err
    except subprocess.CalledProcessError as err:
        detail = _text(err.stderr) or f"exit status {err.returncode}"
        raise RenderError(f"Graphviz could not draw the {format}: {detail}") from err
    warnings = tuple(line for line in _text(done.stderr).splitlines() if line.strip())
    return Output(data=done.stdout, warnings=warnings)


def _text(stream: bytes | None) -> str:
    return (stream or b"").decode("utf-8", errors="replace").strip()
