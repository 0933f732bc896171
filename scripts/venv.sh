# Sourced by scripts/run and scripts/test: create .venv on first use and reinstall when pyproject.toml
# changes, so a fresh clone needs no set-up step of its own.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
python="${PYTHON:-python3}"
"$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
  echo "asn-karier-bot needs Python 3.11 or newer (found $("$python" --version 2>&1))" >&2; exit 1; }
stamp=".venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)-$1"
if [ ! -f "$stamp" ]; then
  [ -x .venv/bin/python ] || "$python" -m venv .venv
  .venv/bin/python -m pip install --quiet --upgrade pip
  if [ "$1" = test ]; then extra=".[test]"; else extra="."; fi
  .venv/bin/python -m pip install --quiet --editable "$extra"
  rm -f .venv/.installed-*-"$1"
  touch "$stamp"
fi
export PATH="$root/.venv/bin:$PATH"
