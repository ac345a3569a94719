"""The output folder: nothing of the user's is deleted, a killed run never leaves it missing or
leaves trees beside it for good, runs on one folder take turns, a symlinked output is written
through. Real files, and real processes for the concurrency."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from generator.errors import MbgenError
from generator.render.write import MARKER, write_tree

FILES = {"pkg/__init__.py": b"x = 1\n", "pkg/sub/mod.py": b"y = 2\n", "README.md": b"hi\n"}


def beside(folder: Path) -> list[str]:
    """What is in the output's parent besides the output itself."""
    return sorted(p.name for p in folder.parent.iterdir() if p.name != folder.name)


def test_a_user_folder_or_link_inside_the_output_is_never_deleted(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_tree(out, FILES)
    (out / "pkg" / "mine").mkdir()  # an empty folder of the user's
    with pytest.raises(MbgenError, match="not written by mbgen"):
        write_tree(out, FILES)
    assert (out / "pkg" / "mine").is_dir()
    (out / "pkg" / "mine").rmdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("mine")
    (out / "data").symlink_to(elsewhere)
    with pytest.raises(MbgenError, match="not written by mbgen"):
        write_tree(out, FILES)
    assert (out / "data").is_symlink() and (elsewhere / "keep.txt").read_text() == "mine"


def test_leftovers_of_killed_runs_are_cleaned_by_the_next(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_tree(out, FILES)
    dead = 2**22 + 12345  # above the default pid_max: no such process
    (tmp_path / f".out.mbgen-new-{dead}" / "pkg").mkdir(parents=True)
    (tmp_path / f".out.mbgen-old-{dead}").mkdir()
    write_tree(out, {**FILES, "extra.txt": b"e"})
    assert beside(out) == []
    assert (out / "extra.txt").read_bytes() == b"e"


def test_a_run_killed_between_renames_gets_its_folder_back(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_tree(out, FILES)
    (out / "mine.txt").write_text("mine")  # the user's: only the restored tree holds it
    dead = 2**22 + 12346
    out.rename(tmp_path / f".out.mbgen-old-{dead}")  # as a kill between the renames leaves it
    # Put back, the old tree is a folder with a file mbgen did not write: refused, kept.
    with pytest.raises(MbgenError, match="not written by mbgen"):
        write_tree(out, FILES)
    assert beside(out) == [] and (out / "mine.txt").read_text() == "mine"
    assert (out / "pkg" / "sub" / "mod.py").read_bytes() == b"y = 2\n"


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores permissions")
def test_a_read_only_old_tree_is_replaced_without_leftovers(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_tree(out, FILES)
    for folder in (out / "pkg" / "sub", out / "pkg", out):
        folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    write_tree(out, FILES)
    assert beside(out) == []


def test_a_read_only_old_tree_of_root_is_replaced_too(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_tree(out, FILES)
    for path in (out / "pkg" / "sub" / "mod.py", out / "pkg" / "sub", out / "pkg"):
        path.chmod(stat.S_IRUSR | stat.S_IXUSR)
    write_tree(out, {"a.txt": b"a"})
    assert beside(out) == [] and sorted(p.name for p in out.iterdir()) == [MARKER, "a.txt"]


def test_an_output_that_is_a_symlink_is_written_through(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    link = tmp_path / "link"
    link.symlink_to(real)
    write_tree(link, FILES)
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert (real / "pkg" / "__init__.py").read_bytes() == b"x = 1\n"
    write_tree(link, {"b.txt": b"b"})
    assert link.is_symlink() and (real / "b.txt").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link", "real"]
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    with pytest.raises(MbgenError, match="symlink"):
        write_tree(tmp_path / "dangling", FILES)


WRITER = """
import sys
from pathlib import Path
from generator.render.write import write_tree
files = {f"pkg/m{i}.py": (sys.argv[2] * 1000).encode() for i in range(200)}
write_tree(Path(sys.argv[1]), files)
"""


def test_two_runs_at_once_take_turns_and_leave_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    runs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(out), tag], stderr=subprocess.PIPE)
        for tag in "ab"
    ]
    for run in runs:
        _, err = run.communicate(timeout=60)
        assert run.returncode == 0, err
    assert beside(out) == []
    manifest = json.loads((out / MARKER).read_text())
    assert len(manifest["files"]) == 200
    contents = {p.read_text() for p in (out / "pkg").iterdir()}
    assert contents in ({"a" * 1000}, {"b" * 1000})  # one run's tree, whole
