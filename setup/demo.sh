#!/usr/bin/env bash
# Sets up everything (idempotent) and starts Odoo with the three addons and
# their demo data on http://localhost:8069 (login: admin / password: admin).
#
#   BATCH_WORKERS=2 bash setup/demo.sh   multi-process mode (2 HTTP workers,
#       plus the websocket process on BATCH_GEVENT_PORT, 8072 by default;
#       see README, "Running with workers")
#
# Odoo is started through setup/odoo_server.py, never `python3 -m odoo`: in
# multi-process mode Odoo re-runs its own sys.argv[0] for the websocket
# process, and odoo/__main__.py cannot be run that way.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
bash setup/install.sh
cfg="$(bash setup/odoo-config.sh)"
DB="${BATCH_DEMO_DB:-batch_demo}"
ADDONS="batch_traceability,batch_recall,batch_compliance"
odoo=(python3 "$repo/setup/odoo_server.py")

installed="$(psql -d "$DB" -tAc "SELECT count(*) FROM ir_module_module WHERE name IN ('batch_traceability','batch_recall','batch_compliance') AND state='installed'" 2>/dev/null || echo 0)"
if [ "$installed" != "3" ]; then
    echo "[demo] creating database $DB with $ADDONS and demo data (a few minutes)"
    "${odoo[@]}" -c "$cfg" -d "$DB" -i "$ADDONS" --stop-after-init
elif [ "${BATCH_DEMO_UPDATE:-0}" = "1" ]; then
    echo "[demo] updating the addons in $DB"
    "${odoo[@]}" -c "$cfg" -d "$DB" -u "$ADDONS" --stop-after-init --log-level=warn
else
    echo "[demo] database $DB is ready (BATCH_DEMO_UPDATE=1 upgrades the addons first)"
fi
workers=()
if [ "${BATCH_WORKERS:-0}" != "0" ]; then
    case "$BATCH_WORKERS" in
        *[!0-9]*) echo "[demo] BATCH_WORKERS must be a number, got '$BATCH_WORKERS'" >&2; exit 2 ;;
    esac
    workers=(--workers="$BATCH_WORKERS" --gevent-port="${BATCH_GEVENT_PORT:-8072}")
    echo "[demo] multi-process mode: $BATCH_WORKERS HTTP workers, websocket on port ${BATCH_GEVENT_PORT:-8072}"
fi
echo "[demo] Odoo on http://localhost:${BATCH_HTTP_PORT:-8069}  login: admin  password: admin"
exec "${odoo[@]}" -c "$cfg" -d "$DB" --db-filter="^${DB}\$" --http-port="${BATCH_HTTP_PORT:-8069}" "${workers[@]}" "$@"
