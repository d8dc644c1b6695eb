#!/usr/bin/env bash
# Kolibri's coach class summary for a class of 500 learners, on this machine (see bench/peers/README.md).
# Makes a virtualenv with Kolibri on first use, then runs kolibri_class_summary.py with every argument given.
#   bench/peers/kolibri.sh [--runs N] [--samples N] [--out PATH] ...
# KOLIBRI_VENV: the virtualenv to use or make (default bench/results/kolibri-venv, which git ignores).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
venv=${KOLIBRI_VENV:-$root/bench/results/kolibri-venv}
version=0.19.5

# Kolibri 0.19.5 and its pinned dependencies are measured on Python 3.11 (the project's own 3.12+ will not
# do): python3 if it is 3.11, else python3.11, else pyenv's newest 3.11.
find_python() {
    local candidate root
    is311() { "$1" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' >/dev/null 2>&1; }
    for candidate in python3 python3.11; do
        if is311 "$candidate"; then command -v "$candidate"; return 0; fi
    done
    root=$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")
    for candidate in $(ls -d "$root"/versions/3.11*/bin/python3 2>/dev/null | sort -rV); do
        if is311 "$candidate"; then echo "$candidate"; return 0; fi
    done
    echo "Kolibri $version needs Python 3.11: install it (for instance pyenv install 3.11) and run again." >&2
    return 1
}

if [ ! -x "$venv/bin/python" ]; then
    python=$(find_python)
    echo "Creating $venv with $python" >&2
    "$python" -m venv "$venv"
fi
installed=$("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("kolibri"))' 2>/dev/null || true)
if [ "$installed" != "$version" ]; then
    echo "Installing kolibri==$version into $venv (a few minutes)" >&2
    "$venv/bin/python" -m pip install --quiet "kolibri==$version"
fi

exec "$venv/bin/python" "$here/kolibri_class_summary.py" "$@"
