#!/usr/bin/env bash
# Sets up everything (idempotent) and starts Odoo with the three addons and
# their demo data on http://localhost:8069 (login: admin / password: admin).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
bash setup/install.sh
cfg="$(bash setup/odoo-config.sh)"
DB="${BATCH_DEMO_DB:-batch_demo}"
ADDONS="batch_traceability,batch_recall,batch_compliance"

installed="$(psql -d "$DB" -tAc "SELECT count(*) FROM ir_module_module WHERE name IN ('batch_traceability','batch_recall','batch_compliance') AND state='installed'" 2>/dev/null || echo 0)"
if [ "$installed" != "3" ]; then
    echo "[demo] creating database $DB with $ADDONS and demo data (a few minutes)"
    python3 -m odoo -c "$cfg" -d "$DB" -i "$ADDONS" --stop-after-init
elif [ "${BATCH_DEMO_UPDATE:-0}" = "1" ]; then
    echo "[demo] updating the addons in $DB"
    python3 -m odoo -c "$cfg" -d "$DB" -u "$ADDONS" --stop-after-init --log-level=warn
else
    echo "[demo] database $DB is ready (BATCH_DEMO_UPDATE=1 upgrades the addons first)"
fi
echo "[demo] Odoo on http://localhost:${BATCH_HTTP_PORT:-8069}  login: admin  password: admin"
exec python3 -m odoo -c "$cfg" -d "$DB" --db-filter="^${DB}\$" --http-port="${BATCH_HTTP_PORT:-8069}" "$@"
