"""Writing results so that a failed run leaves nothing half-written and no input overwritten."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from generator.errors import MbgenError


def refuse_overwriting_inputs(output: Path, inputs: list[str]) -> None:
    if not output.exists():
        return
    for source in inputs:
        candidate = Path(source)
        if candidate.exists() and candidate.resolve() == output.resolve():
            raise MbgenError(str(output), "is also an input; refusing to overwrite it")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_bytes(output: str, data: bytes, inputs: list[str]) -> None:
    """Write `data` to `output` (`-` is stdout) atomically: a temporary file in the same folder,
    renamed over the target only once it is complete."""
    if output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    if not output:
        raise MbgenError("-o", "an empty file name")
    path = Path(output)
    if path.is_dir():
        raise MbgenError(output, "is a folder; give a file name")
    if path.exists() and not path.is_file():
        # The atomic rename would replace a device or a pipe with a file (/dev/null included).
        raise MbgenError(
            output, "is not a regular file (a device or a pipe); refusing to replace it"
        )
    refuse_overwriting_inputs(path, inputs)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as err:
        raise MbgenError(output, f"cannot write ({err.strerror})") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are ordinary files
        os.replace(tmp, path)
    except BaseException as err:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(err, OSError):
            raise MbgenError(output, f"cannot write ({err.strerror})") from None
        raise


def write_text(output: str, text: str, inputs: list[str]) -> None:
    write_bytes(output, text.encode("utf-8"), inputs)
