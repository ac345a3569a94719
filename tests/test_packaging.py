"""mbgen itself installs as a wheel that works without the source tree (templates included)."""

from __future__ import annotations

import subprocess
import sys
import tomllib
import venv
from pathlib import Path

from tests.conftest import ROOT


def test_every_package_is_listed_in_pyproject() -> None:
    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    found = {
        ".".join(p.parent.relative_to(ROOT).parts)
        for p in (ROOT / "generator").rglob("__init__.py")
    }
    assert listed == found | {"mbgen_templates"}


def test_the_wheel_generates_outside_the_source_tree(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(wheels),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
    )
    assert build.returncode == 0, build.stderr[-2000:]
    (wheel,) = wheels.glob("mbgen-*.whl")
    env_dir = tmp_path / "env"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", str(wheel)], capture_output=True, text=True
    )
    assert install.returncode == 0, install.stderr[-2000:]
    out = tmp_path / "client"
    spec = ROOT / "specs" / "metabase-0.21.0-snapshot.json"
    run = subprocess.run(
        [str(env_dir / "bin" / "mbgen"), "generate", str(spec), "-o", str(out)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr
    where = subprocess.run(
        [str(python), "-c", "import generator, mbgen_templates; print(generator.__file__)"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert str(env_dir) in where.stdout, where.stdout + where.stderr
    assert (out / "metabase_client" / "api.py").exists()
