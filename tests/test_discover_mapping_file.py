"""The small YAML files beside a log (--stages, --roles) read as a user writes them: a file that is not UTF-8 text,
or holds a character YAML refuses, is an error placed in the file that says how to fix it, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from journeymap.discover.errors import InvalidLogError
from journeymap.discover.mapping_file import read_mapping
from journeymap.discover.roles import read_roles
from journeymap.discover.stages import read_stages


def _error(path: Path, data: bytes) -> str:
    path.write_bytes(data)
    with pytest.raises(InvalidLogError) as caught:
        read_stages(path) if path.stem == "stages" else read_roles(path)
    return str(caught.value)


def test_a_file_in_a_windows_code_page_is_placed_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "stages.yaml"
    message = _error(path, "Intake: [Referral]\r\nAt home: [Caf\u00e9 visit]\r\n".encode("cp1252"))
    assert message == (f"{path}:2: line 2 of the stages file is not UTF-8 text, 'At home: [Caf\ufffd visit]'; save "
                       "it as UTF-8 (in your editor: Save As, Encoding UTF-8), or convert it, e.g. iconv -f "
                       "WINDOWS-1252 -t UTF-8 stages.yaml > stages-utf8.yaml")
    path.write_bytes("Intake: [Referral]\r\nAt home: [Caf\u00e9 visit]\r\n".encode("utf-8-sig"))  # as converted
    assert read_stages(path) == {"Referral": "Intake", "Café visit": "At home"}
    assert [(entry.key, entry.line) for entry in read_mapping(path, "stages file", "")] == [
        ("Intake", 1), ("At home", 2)]


def test_a_file_with_a_byte_order_mark_is_placed_at_its_line_all_the_same(tmp_path: Path) -> None:
    # The byte that is not UTF-8 begins line 2: counted from after the mark, it would be taken for line 1's.
    path = tmp_path / "stages.yaml"
    message = _error(path, b"\xef\xbb\xbfIntake: [A]\n\xe9B: [C]\n")
    assert message.startswith(f"{path}:2: line 2 of the stages file is not UTF-8 text, '\ufffdB: [C]'; ")


def test_a_utf16_file_is_named_as_one(tmp_path: Path) -> None:
    path = tmp_path / "roles.yaml"
    message = _error(path, "Nurse: professional\n".encode("utf-16"))
    assert message.startswith(f"{path}:1: the roles file is UTF-16 text, not UTF-8; ")
    assert "iconv -f UTF-16 -t UTF-8 roles.yaml > roles-utf8.yaml" in message


def test_a_control_character_is_placed_where_it_is(tmp_path: Path) -> None:
    path = tmp_path / "stages.yaml"
    message = _error(path, b"Intake: [Referral]\nHome: [Home\x07 visit]\n")
    assert message == (f"{path}:2:12: the stages file holds a control character (U+0007), which YAML does not "
                       "allow; delete it (often a stray character pasted in)")

