#!/usr/bin/env python3
# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Start Odoo the way its multi-process mode expects (same as the source
tree's ``odoo-bin``), whether Odoo comes from a source tree or a wheel.

With ``--workers=N`` Odoo re-runs ``[sys.executable, sys.argv[0], "gevent",
...]`` for its websocket/long-polling process (``PreforkServer.
long_polling_spawn`` in odoo/service/server.py), and ``sys.argv[0]`` for its
own restarts. Under ``python3 -m odoo`` that is ``odoo/__main__.py``, which
cannot be run as a plain script (relative import), so the gevent process dies
at once and is respawned many times a second. Here ``sys.argv[0]`` is this
file, which can.

Usage: python3 setup/odoo_server.py -c .cache/odoo.cfg -d DB --workers=2
"""

import os

# Same as odoo-bin: the server's time zone is UTC before ``time`` is imported.
os.environ["TZ"] = "UTC"

import odoo

if __name__ == "__main__":
    odoo.cli.main()
