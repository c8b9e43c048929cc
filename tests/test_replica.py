# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Read-only calls of the web client are answered by a real PostgreSQL
replica, writes by the primary.

Starts the streaming replica of the local cluster (``setup/replica.sh``) and
an Odoo server in multi-process mode (``--workers=2``) on the test database
with ``db_replica_host``/``db_replica_port`` pointing at it, logs in over
JSON-RPC as the demo stock user and calls ``/web/dataset/call_kw`` as the web
client does:

* with WAL replay on the replica paused, a write through RPC reaches the
  primary (the database shows it) while ``web_search_read`` and ``read``
  (``@api.readonly`` in Odoo) still return the replica's frozen data; once
  replay resumes they return the new value;
* ``stock.lot.batch_trace`` (the genealogy, ``@api.readonly``) reads the
  transformation links on the replica (its table statistics count the scans)
  and not on the primary.

No Odoo registry of the test process is used; the server is stopped and the
changed value restored at the end (the replica is left running).
"""

import os
import re
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import psycopg2
import requests

import odoo

ROOT = Path(__file__).resolve().parent.parent
SOCKET_DIR = "/var/run/postgresql"


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _connect(dbname, port=None):
    params = {"dbname": dbname}
    for key in ("host", "port", "user", "password"):
        value = odoo.tools.config.get(f"db_{key}")
        if value:
            params[key] = value
    if port:
        params["port"] = port
        params.setdefault("host", SOCKET_DIR)
    cnx = psycopg2.connect(**params)
    cnx.autocommit = True
    return cnx


def _one(cnx, query, args=None):
    with cnx.cursor() as cr:
        cr.execute(query, args)
        return cr.fetchone()[0]


def _wait(predicate, timeout=30, step=0.3):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    return predicate()


class OdooServer:
    """An Odoo server subprocess in multi-process mode, with the replica."""

    def __init__(self, database, replica_port, workers=2):
        self.database = database
        self.port = _free_port()
        self.tmp = tempfile.mkdtemp(prefix="batch-replica-")
        self.logfile = os.path.join(self.tmp, "odoo.log")
        self.app_name = f"batch-replica-{uuid.uuid4().hex[:8]}"
        config = (
            odoo.tools.config.rcfile
            or subprocess.check_output(
                ["bash", str(ROOT / "setup" / "odoo-config.sh")], text=True
            ).strip()
        )
        self.cmd = [
            "python3",
            str(ROOT / "setup" / "odoo_server.py"),
            "-c",
            config,
            "-d",
            database,
            f"--db-filter=^{database}$",
            f"--workers={workers}",
            "--max-cron-threads=0",
            f"--http-port={self.port}",
            f"--gevent-port={_free_port()}",
            # an empty host is the default socket, as for the primary
            f"--db_replica_host={odoo.tools.config.get('db_host') or ''}",
            f"--db_replica_port={replica_port}",
            f"--logfile={self.logfile}",
            "--log-level=info",
        ]
        self.proc = None
        self.url = f"http://127.0.0.1:{self.port}"
        self.http = requests.Session()

    def start(self):
        env = dict(os.environ, ODOO_PGAPPNAME=f"{self.app_name}-{{pid}}")
        self.proc = subprocess.Popen(  # pylint: disable=consider-using-with
            self.cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
        )

        def up():
            if self.proc.poll() is not None:
                raise AssertionError(f"Odoo exited: {self.log_tail()}")
            try:
                return self.http.get(f"{self.url}/web/login", timeout=5).ok
            except requests.RequestException:
                return False

        assert _wait(up, timeout=180, step=1), self.log_tail()
        return self

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def log_tail(self, lines=40):
        try:
            return "\n".join(Path(self.logfile).read_text().splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def rpc(self, path, params):
        response = self.http.post(
            f"{self.url}{path}",
            json={"jsonrpc": "2.0", "method": "call", "id": 1, "params": params},
            timeout=60,
        )
        response.raise_for_status()
        body = response.json()
        if "error" in body:
            raise AssertionError(body["error"]["data"]["message"])
        return body["result"]

    def login(self, login, password):
        return self.rpc(
            "/web/session/authenticate",
            {"db": self.database, "login": login, "password": password},
        )

    def call_kw(self, model, method, args, kwargs=None):
        """Exactly the web client's call (the URL carries model/method)."""
        return self.rpc(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )


def _genealogy_scans(cnx):
    """Scans of the transformation-link table counted by this cluster."""
    cnx.cursor().execute("SELECT pg_stat_clear_snapshot()")
    return _one(
        cnx,
        "SELECT COALESCE(seq_scan, 0) + COALESCE(idx_scan, 0) FROM "
        "pg_stat_user_tables WHERE relname = 'stock_move_line_consume_rel'",
    )


def _settled_scans(cnx, quiet=11.0, timeout=60.0):
    """The primary's scan count once no backend has reported any for
    ``quiet`` seconds: idle backends (the test process's own connections)
    report their pending statistics up to 10 s late (PGSTAT_IDLE_INTERVAL),
    which would otherwise be counted against the call under test."""
    deadline = time.monotonic() + timeout
    value, since = _genealogy_scans(cnx), time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(1)
        current = _genealogy_scans(cnx)
        if current != value:
            value, since = current, time.monotonic()
        elif time.monotonic() - since >= quiet:
            break
    return value


def test_readonly_calls_are_answered_by_the_replica():
    output = subprocess.run(
        ["bash", str(ROOT / "setup" / "replica.sh")],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    replica_port = int(output.split()[-1])
    database = odoo.tools.config["db_name"]
    primary = _connect(database)
    replica = _connect(database, port=replica_port)
    assert _one(replica, "SELECT pg_is_in_recovery()") is True
    assert _one(primary, "SELECT pg_is_in_recovery()") is False
    # a batch with done movements consumed in manufacturing (demo data), and
    # the batches made from it
    lot_id, product_id = _one(
        primary,
        """SELECT ARRAY[src.lot_id, src.product_id] FROM stock_move_line src
                 JOIN stock_move_line_consume_rel rel ON rel.produce_line_id = src.id
                 JOIN stock_move_line dst ON dst.id = rel.consume_line_id
                WHERE src.state = 'done' AND dst.state = 'done'
                  AND dst.lot_id IS NOT NULL
                ORDER BY src.lot_id LIMIT 1""",
    ) or [None, None]
    assert lot_id, "the demo data has a batch consumed in manufacturing"
    made_from = _one(
        primary,
        """SELECT array_agg(DISTINCT dst.lot_id) FROM stock_move_line src
             JOIN stock_move_line_consume_rel rel ON rel.produce_line_id = src.id
             JOIN stock_move_line dst ON dst.id = rel.consume_line_id
            WHERE src.lot_id = %s AND src.state = 'done' AND dst.state = 'done'""",
        [lot_id],
    )
    old_ref = _one(primary, "SELECT ref FROM stock_lot WHERE id = %s", [lot_id])
    marker = f"replica-probe-{uuid.uuid4().hex[:12]}"
    server = OdooServer(database, replica_port)
    paused = False
    try:
        server.start()
        uid = server.login("demo", "demo")["uid"]
        assert uid, "demo user logged in"

        # 1. the genealogy trace, called as the web client calls it
        primary_before = _settled_scans(primary)
        replica_before = _genealogy_scans(replica)
        trace = server.call_kw("stock.lot", "batch_trace", [[lot_id], "downstream"])
        found = {int(i) for i in re.findall(r"\d+", trace["lots"])}
        assert set(made_from) <= found, trace
        assert _wait(lambda: _genealogy_scans(replica) > replica_before, timeout=20), (
            "the replica did not read the transformation links"
        )
        time.sleep(2)  # leave the primary time to report its own scans, if any
        assert (
            "retrying with a read/write cursor" not in Path(server.logfile).read_text()
        ), "batch_trace wrote and was replayed on the primary"
        assert _genealogy_scans(primary) == primary_before, (
            "batch_trace read the transformation links on the primary"
        )

        # 2. freeze the replica: readonly reads keep its state, writes go on
        _one(replica, "SELECT pg_wal_replay_pause()")
        paused = True
        assert _wait(
            lambda: _one(replica, "SELECT pg_get_wal_replay_pause_state()") == "paused"
        )
        server.call_kw("stock.lot", "write", [[lot_id], {"ref": marker}])
        assert _one(primary, "SELECT ref FROM stock_lot WHERE id = %s", [lot_id]) == (
            marker
        ), "the write reached the primary"
        assert _one(replica, "SELECT ref FROM stock_lot WHERE id = %s", [lot_id]) == (
            old_ref
        )
        domain = [("ref", "=", marker), ("product_id", "=", product_id)]
        spec = {"name": {}, "ref": {}, "batch_state": {}}
        frozen = server.call_kw(
            "stock.lot",
            "web_search_read",
            [],
            {"domain": domain, "specification": spec},
        )
        assert frozen["length"] == 0, "web_search_read was answered by the primary"
        read = server.call_kw("stock.lot", "read", [[lot_id], ["ref"]])
        assert read[0]["ref"] == (old_ref or False), "read was answered by the primary"

        # 3. replay resumes: the same readonly calls now see the write
        _one(replica, "SELECT pg_wal_replay_resume()")
        paused = False
        assert _wait(
            lambda: (
                _one(replica, "SELECT ref FROM stock_lot WHERE id = %s", [lot_id])
                == marker
            )
        )
        live = server.call_kw(
            "stock.lot",
            "web_search_read",
            [],
            {"domain": domain, "specification": spec},
        )
        assert live["length"] == 1 and live["records"][0]["id"] == lot_id
        # the server keeps a connection pool on each cluster
        on_replica = _one(
            replica,
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s "
            "AND application_name LIKE %s",
            [database, f"{server.app_name}-%"],
        )
        assert on_replica >= 1
        server.call_kw("stock.lot", "write", [[lot_id], {"ref": old_ref or False}])
        log = Path(server.logfile).read_text()
        assert "retrying with a read/write cursor" not in log, (
            "a readonly call wrote and was replayed on the primary"
        )
    finally:
        if paused:
            _one(replica, "SELECT pg_wal_replay_resume()")
        server.stop()
        with primary.cursor() as cr:
            cr.execute(
                "UPDATE stock_lot SET ref = %s WHERE id = %s AND ref = %s",
                [old_ref, lot_id, marker],
            )
        primary.close()
        replica.close()
