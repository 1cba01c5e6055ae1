#!/usr/bin/env bash
# CI: the lower bounds in pyproject.toml's `dependencies` are the versions a designer may have,
# so test them. In a venv of its own on Python 3.11, install the lowest declared version of
# every direct runtime dependency (uv's `--resolution lowest-direct`; what they depend on in
# turn is resolved as usual), then build the sample campaign with dependency warnings shown.
# Fails when the install or the build fails, or when any warning (DeprecationWarning,
# UserWarning, …) reaches stderr. Then runs the watch-mode test (watchfiles is not used by a
# build) and the finishing tests (pikepdf's lowest version writes the same bytes twice).
#
# Usage: scripts/ci_lowest_versions.sh   (from anywhere; about 30 s with a warm uv cache)
set -euo pipefail
cd "$(dirname "$0")/.."

started=$SECONDS
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python=$(python3.11 -c 'import sys; print(sys.executable)' 2>/dev/null || true)
if [ -z "$python" ]; then
  echo "lowest versions: Python 3.11 (python3.11) is not installed" >&2
  exit 1
fi

# uv itself, from PyPI, in a venv of its own.
"$python" -m venv "$work/uv"
"$work/uv/bin/python" -m pip install --quiet --disable-pip-version-check "uv>=0.4" \
  2> >(grep -v "^WARNING: Location" >&2)
uv="$work/uv/bin/uv"

"$uv" venv --quiet --python "$python" --no-python-downloads "$work/venv"
"$uv" pip install --quiet --python "$work/venv/bin/python" --resolution lowest-direct .
echo "lowest versions: installed on $("$work/venv/bin/python" --version):"
"$uv" pip list --python "$work/venv/bin/python" 2>/dev/null \
  | grep -i -E "^($(sed -n '/^dependencies = \[/,/^\]/p' pyproject.toml \
      | sed -n 's/^ *"\([A-Za-z0-9_.-]*\).*/\1/p' | paste -sd '|')) " \
  | sed 's/^/  /' || true

# The sample build, as a designer runs it, with every warning shown (once per place).
status=0
PYTHONWARNINGS=default "$work/venv/bin/build-print" --output "$work/output" --jobs 2 \
  >"$work/build.out" 2>"$work/build.err" || status=$?
if [ "$status" -ne 0 ]; then
  echo "lowest versions: build-print exited with $status" >&2
  tail -n 40 "$work/build.err" >&2
  exit 1
fi
if grep -q "Warning:" "$work/build.err"; then
  echo "lowest versions: warnings reached stderr during the build:" >&2
  grep -A1 "Warning:" "$work/build.err" | sort | uniq -c | sort -rn >&2
  exit 1
fi
tail -n 1 "$work/build.out"

# Watch mode (watchfiles) and finishing (pikepdf), with pytest's warnings-as-errors.
"$uv" pip install --quiet --python "$work/venv/bin/python" "pytest>=8.0"
"$work/venv/bin/python" -m pytest -q -p no:cacheprovider tests/test_watch.py \
  tests/test_finishing.py
echo "lowest versions: passed in $((SECONDS - started)) s"
