"""Atomic writing: the whole new file or the old one, never a partial file or a stray temporary; never over work."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from journeymap.errors import JourneyMapError, OutputError, UsageError
from journeymap.files import drawn, mark_state, marked, unedited_since, write_atomic, write_guarded


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_writes_text_as_utf8_and_bytes_as_they_are(tmp_path: Path) -> None:
    write_atomic(tmp_path / "a.txt", "café ✓\n")
    write_atomic(str(tmp_path / "b.bin"), b"\x00\xff")
    assert (tmp_path / "a.txt").read_bytes() == "café ✓\n".encode()
    assert (tmp_path / "b.bin").read_bytes() == b"\x00\xff"
    assert names(tmp_path) == ["a.txt", "b.bin"]


def test_replaces_the_whole_contents(tmp_path: Path) -> None:
    target = tmp_path / "map.yaml"
    target.write_text("a much longer old content\n" * 10)
    write_atomic(target, "new\n")
    assert target.read_text() == "new\n"
    assert names(tmp_path) == ["map.yaml"]


def test_a_failed_replace_keeps_the_old_file_and_leaves_no_temporary(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "map.yaml"
    target.write_text("old\n")

    def fail(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OutputError) as info:
        write_atomic(target, "new\n")
    assert str(info.value) == f"cannot write {target}: No space left on device"
    assert isinstance(info.value.__cause__, OSError)
    assert target.read_text() == "old\n"
    assert names(tmp_path) == ["map.yaml"]


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "map.yaml"
    target.write_text("old\n")

    def fail(_: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", fail)
    with pytest.raises(OutputError, match="Input/output error"):
        write_atomic(target, "new\n")
    assert target.read_text() == "old\n"
    assert names(tmp_path) == ["map.yaml"]


def test_an_interruption_leaves_no_temporary_and_is_not_swallowed(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupt(_: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(tmp_path / "map.yaml", "new\n")
    assert names(tmp_path) == []


def test_text_that_cannot_be_encoded_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "map.yaml"
    target.write_text("old\n")
    with pytest.raises(OutputError, match="cannot be encoded as UTF-8"):
        write_atomic(target, "bad \ud800 surrogate")
    assert target.read_text() == "old\n"
    assert names(tmp_path) == ["map.yaml"]


def test_a_missing_folder_is_an_output_error_naming_the_path(tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "map.yaml"
    with pytest.raises(OutputError) as info:
        write_atomic(target, "x")
    assert str(info.value) == f"cannot write {target}: No such file or directory"
    assert isinstance(info.value, OSError) and isinstance(info.value, JourneyMapError)
    assert isinstance(info.value.__cause__, FileNotFoundError)


def test_a_parent_that_is_a_file_is_an_output_error(tmp_path: Path) -> None:
    (tmp_path / "plain").write_text("I am a file")
    with pytest.raises(OutputError, match="Not a directory"):
        write_atomic(tmp_path / "plain" / "map.yaml", "x")
    assert (tmp_path / "plain").read_text() == "I am a file"


def test_a_folder_in_the_way_is_an_output_error_and_no_temporary_stays(tmp_path: Path) -> None:
    (tmp_path / "map.yaml").mkdir()
    with pytest.raises(OutputError, match=f"cannot write {tmp_path / 'map.yaml'}"):
        write_atomic(tmp_path / "map.yaml", "x")
    assert names(tmp_path) == ["map.yaml"]
    assert (tmp_path / "map.yaml").is_dir()


def test_the_replaced_file_keeps_its_permissions(tmp_path: Path) -> None:
    target = tmp_path / "script.sh"
    target.write_text("old")
    target.chmod(0o751)
    write_atomic(target, "new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o751


def test_a_new_file_gets_ordinary_permissions(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        write_atomic(tmp_path / "new.yaml", "x")
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "new.yaml").stat().st_mode) == 0o644


def test_writing_through_a_symbolic_link_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "real.yaml"
    real.write_text("old")
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    write_atomic(link, "new")
    assert link.is_symlink()
    assert real.read_text() == "new"


# -- never losing work -----------------------------------------------------------------------------------

def test_a_mark_tells_an_unedited_file_from_an_edited_or_unmarked_one() -> None:
    text = marked("journeymap: 1\ntitle: Home\n", "#", "Written by journeymap convert.\nSecond line.")
    assert text.splitlines()[:2] == ["# Written by journeymap convert.", "# Second line."]
    assert mark_state(text.encode()) is True
    assert mark_state(text.replace("Home", "Away").encode()) is False
    assert mark_state(b"journeymap: 1\n") is None and mark_state(b"\xff\xfe") is None


def test_write_guarded_keeps_work_the_judge_protects(tmp_path: Path) -> None:
    target = tmp_path / "journey.yaml"
    target.write_text(marked("title: A\n", "#", "note") + "# my edit\n")
    with pytest.raises(UsageError, match="edited since `journeymap convert` wrote it; give --force"):
        write_guarded(target, marked("title: B\n", "#", "note"), unedited_since("convert"))
    assert target.read_text().endswith("# my edit\n") and names(tmp_path) == ["journey.yaml"]
    write_guarded(target, "title: B\n", unedited_since("convert"), force=True)
    assert target.read_text() == "title: B\n"


def test_write_guarded_replaces_its_own_unedited_file_an_identical_one_and_an_empty_one(tmp_path: Path) -> None:
    target = tmp_path / "journey.yaml"
    target.write_text(marked("title: A\n", "#", "note"))
    write_guarded(target, "title: B\n", unedited_since("convert"))
    assert target.read_text() == "title: B\n"
    write_guarded(target, "title: B\n", unedited_since("convert"))  # unmarked, but what would be written anyway
    target.write_text("")
    write_guarded(target, "title: C\n", unedited_since("convert"))
    assert target.read_text() == "title: C\n"


@pytest.mark.parametrize("previous", [b"<?xml version='1.0'?>\n<!DOCTYPE svg>\n<svg/>", b"\x89PNG\r\n\x1a\n...",
                                      b"%PDF-1.5", b"// made by dot\ndigraph \"x\" {}", b"<!DOCTYPE html><html>"])
def test_a_diagram_or_report_may_be_drawn_over(tmp_path: Path, previous: bytes) -> None:
    target = tmp_path / "out"
    target.write_bytes(previous)
    write_guarded(target, b"new", drawn)
    assert target.read_bytes() == b"new"


@pytest.mark.parametrize("previous", [b"journeymap: 1\ntitle: Home\n", b'{"journeymap": 1}', b"journey\n  title T\n",
                                      b"meeting notes"])
def test_anything_else_is_not_drawn_over(tmp_path: Path, previous: bytes) -> None:
    target = tmp_path / "out.svg"
    target.write_bytes(previous)
    with pytest.raises(UsageError, match="holds no diagram or report"):
        write_guarded(target, b"<svg/>", drawn)
    assert target.read_bytes() == previous
