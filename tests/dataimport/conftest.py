"""The LibreOffice converter shared by the tests that open or save files as an office would."""

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import require_or_skip


@pytest.fixture
def convert(tmp_path):
    require_or_skip(shutil.which("soffice") is not None, "LibreOffice (apt-get install libreoffice-calc)")

    def run(content: bytes, name: str, to: str) -> bytes:
        source = tmp_path / name
        source.write_bytes(content)
        out = tmp_path / f"out-{to.split(':')[0]}"
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{tmp_path / 'profile'}",
                "--headless",
                "--convert-to",
                to,
                "--outdir",
                str(out),
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        (result,) = Path(out).iterdir()
        return result.read_bytes()

    return run
