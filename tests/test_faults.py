"""Faults around journeymap: a missing, broken, slow or impostor Graphviz, and outputs that cannot be written.

Each fault gives, in the library, a JourneyMapError subclass with its cause attached; on the command line,
exit 2 and one clear line on stderr, no traceback, no partial file, the previous file intact and nothing
else written. Fake ``dot`` programs are shell scripts put first on PATH.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from journeymap import dump, render
from journeymap.cli import main
from journeymap.errors import GraphvizNotFoundError, JourneyMapError, OutputError, RenderError, UsageError
from journeymap.files import write_atomic
from journeymap.model import Journey
from journeymap.rendering import engine
from strategies import DESIGN_EXAMPLE, design_example

PREVIOUS = b"<svg><title>the previous diagram</title></svg>"  # a diagram: render may write over it


def needs_machine(reason: str) -> None:
    """Skip on a developer's machine that cannot do this; fail in CI, which runs as root and must run it."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI must run this test: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def journey() -> Journey:
    return design_example()


@pytest.fixture
def design_map(tmp_path: Path) -> Path:
    folder = tmp_path / "maps"
    folder.mkdir()
    path = folder / "design.yaml"
    path.write_text(DESIGN_EXAMPLE, encoding="utf-8")
    return path


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """A fresh output folder holding only a previous diagram, out.svg."""
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "out.svg").write_bytes(PREVIOUS)
    return folder


def fake_dot(folder: Path, script: str, mode: int = 0o755) -> Path:
    """A program called ``dot`` in ``folder`` running ``script`` (sh); put the folder first on PATH."""
    folder.mkdir(exist_ok=True)
    dot = folder / "dot"
    dot.write_text(f"#!/bin/sh\n{script}\n")
    dot.chmod(mode)
    return dot


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def cli(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    stdout, stderr = capsys.readouterr()
    return code, stdout, stderr


def assert_clean_failure(code: int, stderr: str, out: Path, *phrases: str) -> None:
    """Exit 2 with one line naming the fault; the previous diagram untouched and nothing else written."""
    assert code == 2
    assert stderr.startswith("journeymap: ") and stderr.count("\n") == 1, stderr
    for phrase in phrases:
        assert phrase in stderr
    assert listing(out) == ["out.svg"]
    assert (out / "out.svg").read_bytes() == PREVIOUS


# -- Graphviz --------------------------------------------------------------------------------

# (fake dot script, file mode, error class, what the message says, what the cause is)
GRAPHVIZ_FAULTS: dict[str, tuple[str | None, int, type[JourneyMapError], str, type[BaseException]]] = {
    "missing": (None, 0, GraphvizNotFoundError, "not on PATH", FileNotFoundError),
    "fails": ("echo 'Error: out of cheese' >&2; exit 1", 0o755, RenderError, "out of cheese",
              subprocess.CalledProcessError),
    "crashes": ("kill -SEGV $$", 0o755, RenderError, "killed by SIGSEGV", subprocess.CalledProcessError),
    "not executable": ("exit 0", 0o644, GraphvizNotFoundError, "is not executable", PermissionError),
    "not a program": ("", 0o755, GraphvizNotFoundError, "could not run Graphviz", OSError),
    "prints garbage": ("cat /dev/urandom | head -c 300; exit 0", 0o755, RenderError, "not an SVG", ValueError),
    "prints nothing": ("exit 0", 0o755, RenderError, "not an SVG", ValueError),
    "hangs": ("sleep 30", 0o755, RenderError, "took longer than 0.5 s", subprocess.TimeoutExpired),
}


@pytest.fixture
def faulty_path(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """PATH holding only a faulty ``dot`` (or none) and what the fake scripts need; a short time limit."""
    script, mode, *_ = GRAPHVIZ_FAULTS[request.param]
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("sh", "sleep", "cat", "head", "kill"):
        found = shutil.which(tool)
        assert found, tool
        (bin_dir / tool).symlink_to(found)
    if script is not None:
        dot = fake_dot(bin_dir, script, mode)
        if request.param == "not a program":
            dot.write_bytes(b"\x7fELF\x00garbage, not a program")
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.setenv(engine.TIMEOUT_VARIABLE, "0.5")
    return bin_dir


@pytest.mark.parametrize("faulty_path", list(GRAPHVIZ_FAULTS), indirect=True)
def test_a_faulty_graphviz_raises_a_journeymap_error_with_its_cause(faulty_path: Path, journey: Journey,
                                                                    request: pytest.FixtureRequest,
                                                                    no_hang: Callable[..., Any]) -> None:
    _, _, error_class, phrase, cause_class = GRAPHVIZ_FAULTS[request.node.callspec.params["faulty_path"]]
    with pytest.raises(error_class) as caught:
        no_hang(lambda: render(journey, format="svg"))  # a hanging dot is ended by the 0.5 s limit set above
    assert phrase in str(caught.value)
    assert isinstance(caught.value.__cause__, cause_class)
    assert render(journey, format="dot").startswith(b"digraph")  # the source never needs Graphviz


@pytest.mark.parametrize("faulty_path", list(GRAPHVIZ_FAULTS), indirect=True)
def test_a_faulty_graphviz_fails_the_command_cleanly(faulty_path: Path, design_map: Path, out: Path,
                                                     capsys: pytest.CaptureFixture[str],
                                                     request: pytest.FixtureRequest) -> None:
    phrase = GRAPHVIZ_FAULTS[request.node.callspec.params["faulty_path"]][3]
    for argv in (("render", design_map, "-o", out / "out.svg"), ("report", design_map, "-o", out / "out.svg")):
        code, stdout, stderr = cli(capsys, *argv)
        assert stdout == ""
        assert_clean_failure(code, stderr, out, phrase)
    assert listing(design_map.parent) == ["design.yaml"]


def test_a_graphviz_past_its_time_is_stopped_with_everything_it_started(tmp_path: Path, journey: Journey,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    pid_file = tmp_path / "child.pid"
    fake_dot(tmp_path / "bin", f"sleep 60 & echo $! > {pid_file}; wait")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv(engine.TIMEOUT_VARIABLE, "1")
    with pytest.raises(RenderError, match="took longer than 1 s .*JOURNEYMAP_GRAPHVIZ_TIMEOUT"):
        render(journey, format="png")
    child = int(pid_file.read_text())
    assert not process_alive(child), "the fake dot's own child still runs"


def process_alive(pid: int) -> bool:
    for _ in range(50):  # the kill is asynchronous: give the kernel a moment to reap
        try:
            with open(f"/proc/{pid}/stat") as stat:
                if stat.read().split(") ")[1].startswith("Z"):
                    return False
        except FileNotFoundError:
            return False
        time.sleep(0.02)
    return True


@pytest.mark.parametrize("value", ["soon", "0", "-1", "inf", "nan"])
def test_a_bad_time_limit_is_a_usage_error(value: str, journey: Journey, monkeypatch: pytest.MonkeyPatch,
                                           design_map: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv(engine.TIMEOUT_VARIABLE, value)
    with pytest.raises(UsageError, match=f"JOURNEYMAP_GRAPHVIZ_TIMEOUT must be a number of seconds above 0, not '{value}'"):
        render(journey, format="svg")
    code, _, stderr = cli(capsys, "render", design_map, "-o", out / "out.svg")
    assert_clean_failure(code, stderr, out, "JOURNEYMAP_GRAPHVIZ_TIMEOUT")


def test_a_generous_time_limit_is_used(journey: Journey, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(engine.TIMEOUT_VARIABLE, " 30.5 ")
    assert engine.timeout() == 30.5
    assert render(journey, format="svg").startswith(b"<?xml")


# -- outputs ---------------------------------------------------------------------------------


def test_an_output_folder_that_does_not_exist(design_map: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, stderr = cli(capsys, "render", design_map, "-o", out / "missing" / "out.svg")
    assert_clean_failure(code, stderr, out, "missing/out.svg", "No such file or directory")


def test_an_output_path_that_is_a_folder(design_map: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (out / "folder.svg").mkdir()
    code, _, stderr = cli(capsys, "render", design_map, "-o", out / "folder.svg")
    assert code == 2 and "folder.svg: Is a directory" in stderr
    assert listing(out) == ["folder.svg", "out.svg"] and not any((out / "folder.svg").iterdir())


def test_a_name_near_the_length_limit_is_written(design_map: Path, out: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    name = "d" * 251 + ".svg"  # 255 bytes: the temporary beside it must not be longer
    assert cli(capsys, "render", design_map, "-o", out / name)[0] == 0
    assert listing(out) == [name, "out.svg"]


def refuse(error: int, what: str) -> Callable[..., Any]:
    def fail(*_: object, **__: object) -> Any:
        raise OSError(error, os.strerror(error), what)
    return fail


@pytest.mark.parametrize(("patched", "error"), [
    ("open", errno.EACCES),  # a read-only folder: the temporary file cannot be made
    ("open", errno.EROFS),  # a read-only file system
    ("replace", errno.EACCES),
    ("fsync", errno.ENOSPC),  # a full disk, found when the data reaches it
    ("fsync", errno.EDQUOT),
])
def test_an_unwritable_output_keeps_the_previous_file(patched: str, error: int, journey: Journey, out: Path,
                                                      design_map: Path, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(os, patched, refuse(error, str(out)))
    with pytest.raises(OutputError) as caught:
        write_atomic(out / "out.svg", render(journey, format="dot"))
    assert os.strerror(error) in str(caught.value) and isinstance(caught.value.__cause__, OSError)
    assert caught.value.__cause__.errno == error
    code, _, stderr = cli(capsys, "render", design_map, "-f", "dot", "-o", out / "out.svg")
    assert_clean_failure(code, stderr, out, f"cannot write {out / 'out.svg'}: {os.strerror(error)}")


def test_a_full_disk_during_the_write_keeps_the_previous_file(out: Path, design_map: Path,
                                                              monkeypatch: pytest.MonkeyPatch,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    real_fdopen = os.fdopen

    class Full:  # a file that takes the first bytes, then finds the disk full
        def __init__(self, descriptor: int, *args: Any) -> None:
            self.file = real_fdopen(descriptor, *args)

        def __enter__(self) -> Full:
            return self

        def __exit__(self, *_: object) -> None:
            self.file.close()

        def write(self, data: bytes) -> int:
            self.file.write(data[:100])
            self.file.flush()
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fdopen", Full)
    code, _, stderr = cli(capsys, "render", design_map, "-o", out / "out.svg")
    assert_clean_failure(code, stderr, out, "No space left on device")


def test_an_interrupted_write_leaves_no_temporary(out: Path, design_map: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    def interrupt(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupt)
    assert cli(capsys, "render", design_map, "-f", "dot", "-o", out / "out.svg")[0] == 130
    assert listing(out) == ["out.svg"] and (out / "out.svg").read_bytes() == PREVIOUS


def test_writing_to_a_device_writes_into_it_and_never_replaces_it(tmp_path: Path, journey: Journey) -> None:
    device = tmp_path / "null"
    try:
        os.mknod(device, 0o666 | 0o020000, os.makedev(1, 3))  # a character device: the null device
    except PermissionError:
        needs_machine("creating a device node needs root")
    write_atomic(device, render(journey, format="dot"))
    assert device.is_char_device()
    assert listing(tmp_path) == ["null"]
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    write_atomic(fifo, b"through the pipe")
    assert reader.communicate(timeout=10)[0] == b"through the pipe"
    assert stat_is_fifo(fifo)


def stat_is_fifo(path: Path) -> bool:
    import stat

    return stat.S_ISFIFO(path.stat().st_mode)


# -- nothing written but the named file --------------------------------------------------------


@pytest.mark.parametrize("argv", [
    ("render", "{map}", "-o", "{out}/diagram.svg"), ("render", "{map}", "-v", "canvas", "-o", "{out}/diagram.png"),
    ("render", "{map}", "-o", "{out}/diagram.dot"), ("report", "{map}", "-o", "{out}/diagram.html"),
    ("render", "{map}", "-v", "star", "-f", "pdf", "-o", "{out}/diagram"),
])
def test_a_command_writes_exactly_the_file_named(argv: tuple[str, ...], design_map: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "fresh"
    folder.mkdir()
    monkeypatch.chdir(folder)  # nothing may appear in the working folder either
    named = [a.format(map=design_map, out=folder) for a in argv]
    code, stdout, stderr = cli(capsys, *named)
    assert (code, stdout, stderr) == (0, "", "")
    assert listing(folder) == [Path(named[-1]).name]
    assert listing(design_map.parent) == ["design.yaml"]


def test_dump_writes_exactly_the_file_named(journey: Journey, tmp_path: Path) -> None:
    for name in ("map.yaml", "map.json", "map.mmd"):
        folder = tmp_path / name.replace(".", "_")
        folder.mkdir()
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Mermaid says what it drops
            dump(journey, folder / name)
        assert listing(folder) == [name]


# -- the real process: one line, no traceback ---------------------------------------------------


def run_journeymap(*argv: str | Path, env: dict[str, str] | None = None, cwd: Path | None = None,
                   stdout: Any = subprocess.PIPE) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "journeymap", *map(str, argv)], stdout=stdout,
                          stderr=subprocess.PIPE, text=True, env={**os.environ, **(env or {})}, cwd=cwd, timeout=120)


def test_real_faults_give_one_line_and_exit_2(design_map: Path, out: Path, tmp_path: Path) -> None:
    slow = fake_dot(tmp_path / "slow", "sleep 30").parent
    failing = fake_dot(tmp_path / "failing", "echo 'Error: syntax error in line 1' >&2; exit 1").parent
    cases: list[tuple[tuple[str | Path, ...], dict[str, str], str]] = [
        (("-o", "/sys/journeymap.svg"), {}, "cannot write /sys/journeymap.svg: Permission denied"),
        (("-f", "svg", "-o", "/dev/full"), {}, "cannot write /dev/full: No space left on device"),
        (("-o", out / "out.svg"), {"PATH": str(tmp_path / "nowhere")}, "not on PATH"),
        (("-o", out / "out.svg"), {"PATH": f"{slow}{os.pathsep}{os.environ['PATH']}",
                                   engine.TIMEOUT_VARIABLE: "0.5"}, "took longer than 0.5 s"),
        (("-o", out / "out.svg"), {"PATH": f"{failing}{os.pathsep}{os.environ['PATH']}"}, "syntax error in line 1"),
    ]
    for extra, env, phrase in cases:
        done = run_journeymap("render", design_map, *extra, env=env, cwd=out)
        assert_clean_failure(done.returncode, done.stderr, out, phrase)
        assert done.stdout == ""
    assert not Path("/sys/journeymap.svg").exists()


def test_standard_output_on_a_full_disk_is_one_line_and_exit_2(design_map: Path) -> None:
    for argv in (("render", design_map), ("analyse", design_map, "--json"), ("check", design_map)):
        with open("/dev/full", "w") as full:
            done = run_journeymap(*argv, stdout=full)
        assert done.returncode == 2, argv
        assert done.stderr == "journeymap: error: cannot write to standard output: No space left on device\n", argv


def test_text_standard_output_cannot_encode_is_one_line_and_exit_2(journey: Journey, design_map: Path,
                                                                   monkeypatch: pytest.MonkeyPatch,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """The readers refuse half a surrogate pair, but a journey built in Python can hold one."""
    import journeymap.cli.commands

    monkeypatch.setattr(journeymap.cli.commands, "load", lambda *_, **__: journey.replace(title="bad \ud800 title"))
    code, _, stderr = cli(capsys, "analyse", design_map)
    assert code == 2
    assert stderr == "journeymap: error: cannot write to standard output: the text holds '\\ud800', which utf-8 cannot encode\n"


def test_ctrl_c_while_graphviz_runs_leaves_nothing_running_or_written(design_map: Path, out: Path,
                                                                      tmp_path: Path) -> None:
    pid_file = tmp_path / "dot.pid"
    slow = fake_dot(tmp_path / "slow", f"echo $$ > {pid_file}; sleep 60").parent
    env = {**os.environ, "PATH": f"{slow}{os.pathsep}{os.environ['PATH']}"}
    process = subprocess.Popen([sys.executable, "-m", "journeymap", "render", str(design_map), "-o",
                                str(out / "out.svg")], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while not pid_file.exists() or not pid_file.read_text().strip():
        assert time.monotonic() < deadline and process.poll() is None
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 130 and b"Traceback" not in stderr
    assert not process_alive(int(pid_file.read_text()))
    assert listing(out) == ["out.svg"] and (out / "out.svg").read_bytes() == PREVIOUS


def processes() -> dict[int, tuple[str, int, int]]:
    """Every process now: pid -> (state, parent pid, session id), read from /proc."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(") ", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue  # it just ended
        found[int(entry.name)] = (fields[0], int(fields[1]), int(fields[3]))
    return found


def graphviz_session(journeymap: subprocess.Popen[bytes]) -> tuple[int, list[int]]:
    """The (fake) Graphviz session journeymap started and its processes, once its dot and dot's child run."""
    deadline = time.monotonic() + 60
    while True:
        assert journeymap.poll() is None, journeymap.communicate()
        assert time.monotonic() < deadline, "journeymap never started dot"
        now = processes()
        for dot in [pid for pid, (_, parent, _) in now.items() if parent == journeymap.pid]:
            session = [pid for pid, (_, _, sid) in now.items() if sid == dot]  # dot leads a session of its own
            if len(session) >= 2:  # the fake dot and its sleep
                return dot, session
        time.sleep(0.05)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_sigterm_or_sighup_while_graphviz_runs_leaves_nothing_running_or_written(signum: int, design_map: Path,
                                                                                out: Path, tmp_path: Path) -> None:
    """As `timeout`, a CI time limit or a closed terminal would: exit 128 + N, the whole Graphviz session gone."""
    slow = fake_dot(tmp_path / "slow", "sleep 60 & wait").parent
    env = {**os.environ, "PATH": f"{slow}{os.pathsep}{os.environ['PATH']}"}
    process = subprocess.Popen([sys.executable, "-m", "journeymap", "render", str(design_map), "-o",
                                str(out / "out.svg")], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    leader = 0
    try:
        leader, session = graphviz_session(process)
        process.send_signal(signum)
        stdout, stderr = process.communicate(timeout=60)
        assert (process.returncode, stdout, stderr) == (128 + signum, b"", b"")
        assert not [pid for pid in session if process_alive(pid)]
        assert not [pid for pid, (state, _, sid) in processes().items() if sid == leader and state != "Z"]
        assert listing(out) == ["out.svg"] and (out / "out.svg").read_bytes() == PREVIOUS
    finally:  # when it fails, leave nothing running for a minute either
        if process.poll() is None:
            process.kill()
            process.communicate()
        for pid, (_, _, sid) in processes().items():
            if leader and sid == leader:
                os.kill(pid, signal.SIGKILL)


@pytest.fixture
def default_signals() -> Any:
    """SIGTERM and SIGHUP at their default action (whatever runs pytest may ignore one), as before after."""
    previous = {signum: signal.signal(signum, signal.SIG_DFL) for signum in (signal.SIGTERM, signal.SIGHUP)}
    yield
    for signum, handler in previous.items():
        signal.signal(signum, handler)


@pytest.mark.parametrize(("first", "second"), [(signal.SIGTERM, None), (signal.SIGHUP, None),
                                               (signal.SIGTERM, signal.SIGHUP), (signal.SIGHUP, signal.SIGTERM)],
                         ids=["SIGTERM", "SIGHUP", "SIGTERM, SIGHUP in the cleanup", "SIGHUP, SIGTERM in the cleanup"])
def test_a_terminated_write_leaves_no_temporary_and_restores_the_handlers(
        first: int, second: int | None, default_signals: None, out: Path, design_map: Path,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """main in-process: the first signal ends it, a second must not cut short the cleanup; then defaults return."""
    real_unlink = os.unlink

    def terminate(*_: object) -> None:
        assert signal.getsignal(first) not in (signal.SIG_DFL, signal.SIG_IGN)  # else the kill ends pytest
        os.kill(os.getpid(), first)

    def signal_again(path: str) -> None:  # write_atomic removing its temporary, as the first signal unwinds
        if second is not None:
            os.kill(os.getpid(), second)
        real_unlink(path)

    monkeypatch.setattr(os, "fsync", terminate)
    monkeypatch.setattr(os, "unlink", signal_again)
    assert cli(capsys, "render", design_map, "-f", "dot", "-o", out / "out.svg") == (128 + first, "", "")
    assert listing(out) == ["out.svg"] and (out / "out.svg").read_bytes() == PREVIOUS
    assert signal.getsignal(signal.SIGTERM) == signal.getsignal(signal.SIGHUP) == signal.SIG_DFL


def test_an_ignored_sighup_stays_ignored(default_signals: None, out: Path, design_map: Path,
                                         monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """Under nohup a hangup must not stop the command, as it would not without journeymap's handlers."""
    real_fsync = os.fsync

    def hang_up(descriptor: int) -> None:
        os.kill(os.getpid(), signal.SIGHUP)
        real_fsync(descriptor)

    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    monkeypatch.setattr(os, "fsync", hang_up)
    assert cli(capsys, "render", design_map, "-f", "dot", "-o", out / "out.svg") == (0, "", "")
    assert (out / "out.svg").read_bytes().startswith(b"digraph")
    assert signal.getsignal(signal.SIGHUP) == signal.SIG_IGN


def test_a_really_full_disk_keeps_the_previous_file(design_map: Path, tmp_path: Path) -> None:
    """A 64 kB tmpfs in a mount namespace of its own (nothing outside it sees the mount)."""
    unshare = shutil.which("unshare")
    disk = tmp_path / "disk"
    disk.mkdir()
    probe = subprocess.run([unshare or "unshare", "--mount", "--propagation", "private", "true"],
                           capture_output=True) if unshare else None
    if probe is None or probe.returncode != 0:
        needs_machine("no unshare --mount here (needs root or user namespaces)")
    script = (f'mount -t tmpfs -o size=64k tmpfs "{disk}" && printf previous > "{disk}/out.png" && '
              f'"{sys.executable}" -m journeymap render "{design_map}" -o "{disk}/out.png" --force; code=$?; '
              f'echo "exit=$code"; ls -A "{disk}"; cat "{disk}/out.png"')
    done = subprocess.run([unshare or "unshare", "--mount", "--propagation", "private", "sh", "-c", script],
                          capture_output=True, text=True, timeout=120)
    assert done.stderr == f"journeymap: error: cannot write {disk}/out.png: No space left on device\n"
    assert done.stdout == "exit=2\nout.png\nprevious"
    assert listing(disk) == []  # the mount was never seen outside
