#!/usr/bin/env bash
# Regenerates i18n/<addon>.pot of each addon from a database where the three
# addons are installed (default: the test database).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cfg="$(bash "$repo/setup/odoo-config.sh")"
DB="${1:-${BATCH_TEST_DB:-batch_test}}"
for addon in batch_traceability batch_recall batch_compliance; do
    python3 -m odoo -c "$cfg" -d "$DB" --i18n-export="$repo/$addon/i18n/$addon.pot" \
        --modules="$addon" --stop-after-init --log-level=warn
done
