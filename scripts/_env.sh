# Shared bootstrap: make .venv with Python 3.13 (pyenv via .python-version) and install the test requirements.
# Sourced by scripts/test and scripts/demo.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VENV="${SIGEN_VENV:-$ROOT/.venv}"
PY313="$(command -v python3.13 || true)"
if [ -z "$PY313" ] && command -v pyenv >/dev/null 2>&1; then
  PY313="$(pyenv which python3.13 2>/dev/null || pyenv prefix 3.13 2>/dev/null | sed 's|$|/bin/python3.13|' || true)"
fi
[ -n "$PY313" ] || PY313="$(command -v python3)"
stamp="$VENV/.requirements.sha"
want="$(cat requirements_test.txt | sha256sum | cut -d' ' -f1)"
if [ ! -x "$VENV/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "==> preparing $VENV with $PY313"
  # The stamp is written last: without it the environment is half made (an interrupted first
  # run) or out of date, and is made again from scratch (uv refuses to reuse a directory).
  rm -rf "$VENV"
  if ! command -v uv >/dev/null 2>&1; then
    "$PY313" -m pip install --quiet --user uv >/dev/null 2>&1 || "$PY313" -m pip install --quiet uv >/dev/null 2>&1 || true
    export PATH="$HOME/.local/bin:$PATH"
  fi
  if command -v uv >/dev/null 2>&1; then
    uv venv --python-preference only-system -p "$PY313" "$VENV" >/dev/null
    VIRTUAL_ENV="$VENV" uv pip install --quiet -r requirements_test.txt
  else
    "$PY313" -m venv "$VENV"
    "$VENV/bin/python" -m pip install --quiet -r requirements_test.txt
  fi
  echo "$want" > "$stamp"
fi
export PATH="$VENV/bin:$PATH"
