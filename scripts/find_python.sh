#!/bin/sh
# Prints the Python interpreter to build .venv/ with (used by the Makefile):
# $PYTHON when set, else the first of python3.13, python3.12, python3.11 and python3 on PATH
# that runs and whose version is within pyproject.toml's requires-python. Stops with a message
# naming the versions that work when there is none. Shell builtins only: it runs before any
# Python is known to work (the tests run it with a PATH of fake interpreters).

root=${0%/*}/..
spec=
while IFS= read -r line; do
    case $line in
        requires-python*) spec=${line#*\"}; spec=${spec%\"*} ;;
    esac
done < "$root/pyproject.toml"

# ">=3.11" and an optional ",<3.14", as major * 1000 + minor.
lowest=0
highest=
case $spec in *">="*) lowest=${spec#*>=}; lowest=${lowest%%,*} ;; esac
case $spec in *"<"[0-9]*) highest=${spec#*<}; highest=${highest%%,*} ;; esac

as_number() {
    major=${1%%.*}
    minor=${1#*.}
    minor=${minor%%.*}
    echo $((major * 1000 + minor))
}

# The candidate's "major.minor" if it runs and is within range; nothing otherwise.
fits() {
    version=$("$1" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null) || return 1
    case $version in [0-9]*.[0-9]*) ;; *) return 1 ;; esac
    [ "$(as_number "$version")" -ge "$(as_number "$lowest")" ] || return 1
    [ -z "$highest" ] || [ "$(as_number "$version")" -lt "$(as_number "$highest")" ] || return 1
    echo "$version"
}

wanted="Python $spec (e.g. 3.11, 3.12 or 3.13)"

if [ -n "${PYTHON:-}" ]; then
    if fits "$PYTHON" >/dev/null; then
        echo "$PYTHON"
        exit 0
    fi
    echo "PYTHON=$PYTHON does not run or is outside $wanted." >&2
    exit 1
fi

for candidate in python3.13 python3.12 python3.11 python3; do
    found=$(command -v "$candidate") || continue
    if fits "$found" >/dev/null; then
        echo "$found"
        exit 0
    fi
done

echo "No suitable Python found: this project needs $wanted." >&2
echo "Install one (e.g. apt-get install python3.11) or name it: make PYTHON=/path/to/python3.12 ..." >&2
exit 1
