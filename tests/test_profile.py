"""The FOGRA39 output profile is what the script in the repository builds, byte for byte."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PROFILE = REPO / "brand" / "FOGRA39.icc"


def test_committed_profile_is_a_fogra39_cmyk_output_profile() -> None:
    """This test ensures the profile's header and model say CMYK output, FOGRA39."""
    from PIL import ImageCms

    data = PROFILE.read_bytes()
    assert data[12:16] == b"prtr" and data[16:20] == b"CMYK" and data[20:24] == b"Lab "
    assert ImageCms.getProfileModel(ImageCms.getOpenProfile(str(PROFILE))).strip() == "FOGRA39"


@pytest.mark.skipif(shutil.which("colprof") is None
                    or not Path("/usr/share/color/icc/FOGRA39L.ti3").is_file(),
                    reason="needs ArgyllCMS and icc-profiles-free (installed by .ci/run)")
def test_script_rebuilds_the_committed_profile(tmp_path: Path) -> None:
    """This test ensures scripts/make_fogra39_profile.py reproduces brand/FOGRA39.icc."""
    rebuilt = tmp_path / "FOGRA39.icc"
    subprocess.run([sys.executable, str(REPO / "scripts" / "make_fogra39_profile.py"),
                    str(rebuilt)], check=True, capture_output=True, timeout=300)
    assert rebuilt.read_bytes() == PROFILE.read_bytes()
