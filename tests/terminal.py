"""A Python process with its standard error on a pseudo-terminal, as a person at a terminal would see it."""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path


def python_on_terminal(args: list[str], cwd: Path, *, interrupt_on: bytes | None = None,
                       timeout: float = 300) -> tuple[int, str, float | None]:
    """Run ``python ARGS`` with standard error on a pseudo-terminal: its exit code, what the terminal showed, and the
    seconds from SIGINT (sent once ``interrupt_on`` shows) to the end (None when no signal was sent)."""
    controller, terminal = pty.openpty()
    child = subprocess.Popen([sys.executable, *args], cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=terminal)
    os.close(terminal)
    shown, sent = b"", None
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([controller], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(controller, 4096)
                except OSError:  # the child closed the terminal
                    break
                if not chunk:
                    break
                shown += chunk
            if interrupt_on is not None and sent is None and interrupt_on in shown:
                child.send_signal(signal.SIGINT)
                sent = time.monotonic()
            if not ready and child.poll() is not None:
                break
        code = child.wait(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
        os.close(controller)
    return code, shown.decode("utf-8", "replace"), None if sent is None else time.monotonic() - sent
