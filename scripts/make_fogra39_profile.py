"""Build brand/FOGRA39.icc, the CMYK output profile of every print PDF, from public data.

The characterization data is Fogra's FOGRA39L.ti3 (ISO 12647-2:2004/Amd 1, coated paper),
shipped by Debian's ``icc-profiles-free`` (zlib licence). ArgyllCMS ``colprof`` builds the
profile; ``-M FOGRA39`` makes the profile's model string, which PDF/X tools read as the
output condition identifier, read FOGRA39.

Reproducible: colprof is deterministic except for the creation date in the ICC header, which
is set to a fixed date here, so running the script again gives the same bytes.

    apt-get install argyll icc-profiles-free
    python scripts/make_fogra39_profile.py [OUTPUT.icc]   # default: brand/FOGRA39.icc
"""

from __future__ import annotations

import hashlib
import shutil
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

TI3 = Path("/usr/share/color/icc/FOGRA39L.ti3")
TARGET = Path(__file__).resolve().parent.parent / "brand" / "FOGRA39.icc"
# ICC header bytes 24–35: creation date and time (six big-endian uint16).
FIXED_DATE = struct.pack(">6H", 2026, 11, 28, 0, 0, 0)
COLPROF = [
    "colprof",
    "-ql",  # low quality = a small lookup table; ΔE self-check still ≈ 0.5 average
    "-M", "FOGRA39",
    "-A", "build-print",
    "-D", "Coated FOGRA39 (ISO 12647-2:2004/Amd 1), built by build-print from FOGRA39L.ti3",
    "-C", "Characterization data (c) Fogra, FOGRA39L.ti3, zlib licence (Debian icc-profiles-free)",
    # Ink limits of sheet-fed offset on coated paper (print-specs.md §5): TAC 320 %, K 95 %.
    "-l", "320",
    "-L", "95",
]


def main() -> int:
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else TARGET
    if shutil.which("colprof") is None or not TI3.is_file():
        print("needs ArgyllCMS and FOGRA39L.ti3: apt-get install argyll icc-profiles-free",
              file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as work:
        shutil.copy(TI3, Path(work) / "FOGRA39L.ti3")
        subprocess.run([*COLPROF, "FOGRA39L"], cwd=work, check=True, stdout=subprocess.DEVNULL)
        data = bytearray((Path(work) / "FOGRA39L.icc").read_bytes())
    data[24:36] = FIXED_DATE
    assert data[12:16] == b"prtr" and data[16:20] == b"CMYK", "not a CMYK output profile"
    target.write_bytes(bytes(data))
    print(f"{target.name}: {len(data)} bytes, sha256 {hashlib.sha256(data).hexdigest()[:16]}…")
    return 0


if __name__ == "__main__":
    sys.exit(main())
