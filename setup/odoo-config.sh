#!/usr/bin/env bash
# Writes the Odoo configuration used by the demo and the tests into
# .cache/odoo.cfg (git-ignored: it holds this machine's paths) and prints its path.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mkdir -p "$repo/.cache"
odoo_addons="$(python3 - <<'PY'
import os
import odoo
root = os.path.dirname(os.path.dirname(os.path.abspath(odoo.__file__)))
paths = [p for p in (os.path.join(root, "addons"), os.path.join(root, "odoo", "addons")) if os.path.isdir(p)]
print(",".join(paths))
PY
)"
cfg="$repo/.cache/odoo.cfg"
cat > "$cfg" <<CFG
[options]
addons_path = ${odoo_addons},${repo}
data_dir = ${repo}/.cache/filestore
db_host = ${PGHOST:-False}
db_port = ${PGPORT:-False}
db_user = ${PGUSER:-False}
db_password = ${PGPASSWORD:-False}
admin_passwd = ${BATCH_ADMIN_PASSWD:-admin}
http_interface = ${BATCH_HTTP_INTERFACE:-127.0.0.1}
without_demo = False
CFG
echo "$cfg"
