#!/usr/bin/env bash
# Sets up everything (idempotent), then proves the addons install from scratch
# and upgrade cleanly, and runs the whole pytest-odoo suite on a fresh database.
# Exits non-zero on any failure, including warnings/errors in the install logs.
#
#   BATCH_TEST_DB     test database name (default batch_test; recreated each run)
#   BATCH_TEST_FAST=1 skip the install-alone and upgrade checks (local loop)
#   extra arguments are passed to pytest (e.g. -k recall, -x)
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
bash setup/install.sh
cfg="$(bash setup/odoo-config.sh)"
# pytest's own configuration: an HTTP port of its own for HttpCase tests, so
# that a running demo on 8069 does not collide, and silence for the one-off
# "Importing test framework" error that pytest-odoo triggers by importing
# odoo.tests outside Odoo's test mode (test mode itself would make Odoo import
# every module's tests while loading the registry: two minutes for nothing).
pytest_cfg="${cfg%.cfg}-pytest.cfg"
{ cat "$cfg"; echo "http_port = ${BATCH_TEST_HTTP_PORT:-8169}"
  echo "log_handler = odoo.tests.common:CRITICAL"; } > "$pytest_cfg"
DB="${BATCH_TEST_DB:-batch_test}"
ADDONS="batch_traceability,batch_recall,batch_compliance"
logs="$repo/.cache/logs"
mkdir -p "$logs"

# Odoo run whose log must hold no WARNING/ERROR/CRITICAL line (as OCA's
# checklog does), except the known-harmless ones listed in setup/log-allowlist.txt.
odoo_checked() {
    local name="$1"; shift
    local log="$logs/$name.log"
    echo "[test] odoo $* (log: .cache/logs/$name.log)"
    if ! python3 -m odoo -c "$cfg" --stop-after-init --logfile="$log" "$@"; then
        tail -n 60 "$log"; echo "[test] FAILED: odoo $*" >&2; exit 1
    fi
    local bad
    bad="$(grep -E '^[0-9-]+ [0-9:,]+ [0-9]+ (WARNING|ERROR|CRITICAL) ' "$log" \
        | grep -v -F -f <(grep -v "^[[:space:]]*$" "$repo/setup/log-allowlist.txt") || true)"
    if [ -n "$bad" ]; then
        echo "$bad" | head -n 40
        echo "[test] FAILED: warnings or errors in the log of odoo $*" >&2
        exit 1
    fi
}

fresh_db() { dropdb --if-exists --force "$1" 2>/dev/null || dropdb --if-exists "$1"; }

if [ "${BATCH_TEST_FAST:-0}" != "1" ]; then
    fresh_db "${DB}_alone"
    odoo_checked install-alone -d "${DB}_alone" -i batch_traceability
    fresh_db "${DB}_alone"
fi

fresh_db "$DB"
odoo_checked install-all -d "$DB" -i "$ADDONS"
if [ "${BATCH_TEST_FAST:-0}" != "1" ]; then
    odoo_checked upgrade-all -d "$DB" -u "$ADDONS"
fi

# wkhtmltopdf fetches the report styles from the test's HTTP server, whose
# port pytest-odoo picks at random: the tests' base (BatchCommon) sets
# report.url to it.
echo "[test] pytest-odoo on $DB"
set +e
# --odoo-http serves HTTP in-process for HttpCase tests (portal pages, tours).
python3 -m pytest --odoo-config="$pytest_cfg" --odoo-database="$DB" --odoo-log-level=warn \
    --odoo-http -p no:cacheprovider "$@"
rc=$?
set -e
if [ "$rc" -eq 5 ]; then
    echo "[test] FAILED: pytest collected no test" >&2
    exit 1
fi
exit "$rc"
