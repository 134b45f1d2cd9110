# Shared by scripts/demo and scripts/test: make .venv and install Minka into it.
# Usage: venv_ready EXTRAS   ("" for running Minka, "dev" for the tests and checks)

venv_ready() {
    local extras="$1" spec="." marker=".venv/.minka-installed"
    if [ -n "$extras" ]; then
        spec=".[$extras]"
        marker=".venv/.minka-installed-$extras"
    fi
    local python="${PYTHON:-python3}"
    if [ ! -x .venv/bin/python ]; then
        if ! command -v "$python" >/dev/null 2>&1; then
            echo "Minka necesita Python 3.11 o más nuevo ($python no está instalado)." >&2
            exit 1
        fi
        if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
            echo "Minka necesita Python 3.11 o más nuevo; $python es $("$python" -V 2>&1)." >&2
            exit 1
        fi
        echo "== Creando el entorno de Python en .venv"
        if ! "$python" -m venv .venv; then
            echo "No se pudo crear .venv. En Debian/Ubuntu instale python3-venv" \
                "(apt-get install python3-venv) y vuelva a intentar." >&2
            rm -rf .venv
            exit 1
        fi
    fi
    # Install again only when pyproject.toml changed since the last install.
    if [ ! -e "$marker" ] || [ pyproject.toml -nt "$marker" ]; then
        echo "== Instalando Minka ($spec) en .venv"
        .venv/bin/python -m pip install --quiet --disable-pip-version-check -e "$spec"
        touch "$marker"
    fi
}
