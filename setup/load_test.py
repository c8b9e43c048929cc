#!/usr/bin/env python3
# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Load test: warehouse, quality and recall users at once, over JSON-RPC.

Copies a database that has the three addons and Odoo's demo data, starts Odoo
on it in multi-process mode (``--workers``, with the streaming replica of
``setup/replica.sh`` as ``db_replica_host`` when it can be started), and
drives it on 127.0.0.1 only, the way the web client does
(``/web/session/authenticate``, ``/web/dataset/call_kw``,
``/web/dataset/call_button``), each simulated person with their own login:

* ``--users`` warehouse users (stock users): create a delivery of one or two
  of a small set of lot-tracked products, confirm it (reservation), read what
  was reserved, scan each reserved batch (``batch_scan_confirm``, the scan
  screen's call), validate (``button_validate``, then the backorder dialog
  when Odoo opens it); a delivery refused by the batch rules is cancelled;
* ``--quality`` quality managers: put a batch on hold and release it again
  through the reason dialog (``action_batch_put_on_hold`` /
  ``action_batch_state_reason`` then ``batch.state.reason.wizard``);
* one recall manager: at 40% of the run, recalls the batch with the most
  open reservations on deliveries (``batch.recall``: create,
  ``action_compute_scope``, ``action_launch``).

Bounded by ``--duration`` seconds (default 60) and ``--max-requests``. Prints
throughput, p50/p95/p99 per operation and errors by kind (refusals the rules
are expected to give vs unexpected ones; serialization failures Odoo retried,
from its log), then checks with SQL on the copy:

* no batch reached a customer while it was not released: every done line to a
  customer location dated after a status change of its batch to something
  other than Released (from the audit trail, ``batch.audit.log``) and before
  the next release; and, from the client's own clock, no delivery validated
  after the response of a hold or recall of one of its batches came back;
* no negative quant in internal locations for lot-tracked products, and
  quants equal to the done movements (per batch and location);
* batch numbers unique per product and company;
* the audit chain verifies (``batch.audit.log.action_verify_chain``, as a
  Quality manager).

Run it alone on the machine (it saturates the cores):

    flock /tmp/odoo.lock python3 setup/load_test.py --template batch_demo
"""

import argparse
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

import psycopg2
import requests

ROOT = Path(__file__).resolve().parent.parent

# Refusals the batch rules give on purpose while batches are held or
# recalled; any other error is unexpected.
EXPECTED_REFUSALS = re.compile(
    r"only released batches|is (Blocked|Recalled|Quarantine|Rejected)|"
    r"not reserved on|nothing to (check|validate)|no quantit|"
    r"is recalled|already (Blocked|Released|Recalled)|cannot be shipped|"
    r"may not leave|set to (Blocked|Recalled)|may set a batch to",
    re.IGNORECASE,
)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RpcError(Exception):
    def __init__(self, name, message):
        super().__init__(message)
        self.name = name
        self.message = message


class Stats:
    def __init__(self, max_requests):
        self.lock = threading.Lock()
        self.latency = defaultdict(list)
        self.errors = Counter()
        self.samples = {}
        self.requests = 0
        self.max_requests = max_requests
        self.outcomes = Counter()

    def add(self, op, seconds):
        with self.lock:
            self.latency[op].append(seconds)
            self.requests += 1

    def error(self, kind, op, message):
        with self.lock:
            self.errors[(kind, op)] += 1
            self.samples.setdefault((kind, op), message[:200])

    def outcome(self, name):
        with self.lock:
            self.outcomes[name] += 1

    def exhausted(self):
        return self.requests >= self.max_requests


class Client:
    """One person's browser session."""

    def __init__(self, base, database, stats):
        self.base = base
        self.database = database
        self.stats = stats
        self.http = requests.Session()
        self.context = {}

    def _post(self, op, path, params):
        start = time.perf_counter()
        try:
            response = self.http.post(
                self.base + path,
                json={"jsonrpc": "2.0", "method": "call", "id": 1, "params": params},
                timeout=180,
            )
            response.raise_for_status()
            body = response.json()
        except (requests.RequestException, ValueError) as exc:
            self.stats.add(op, time.perf_counter() - start)
            self.stats.error("transport", op, str(exc))
            raise RpcError("transport", str(exc)) from exc
        self.stats.add(op, time.perf_counter() - start)
        if "error" in body:
            data = body["error"].get("data") or {}
            raise RpcError(data.get("name", "error"), data.get("message", str(body)))
        return body["result"]

    def login(self, login, password):
        result = self._post(
            "login",
            "/web/session/authenticate",
            {"db": self.database, "login": login, "password": password},
        )
        # the web client sends the current company with every call
        self.company_id = result["user_companies"]["current_company"]
        self.context = dict(
            result["user_context"], allowed_company_ids=[self.company_id]
        )
        return result["uid"]

    def call(self, op, model, method, args, kwargs=None, button=False, context=None):
        kwargs = dict(kwargs or {})
        kwargs["context"] = dict(self.context, **(context or {}))
        path = "/web/dataset/call_button" if button else "/web/dataset/call_kw"
        return self._post(
            op,
            f"{path}/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs},
        )


class OdooServer:
    def __init__(self, database, workers, replica_port, logfile):
        self.port = free_port()
        self.logfile = logfile
        config = subprocess.check_output(
            ["bash", str(ROOT / "setup" / "odoo-config.sh")], text=True
        ).strip()
        self.cmd = [
            sys.executable,
            str(ROOT / "setup" / "odoo_server.py"),
            "-c",
            config,
            "-d",
            database,
            f"--db-filter=^{database}$",
            f"--workers={workers}",
            "--max-cron-threads=1",
            f"--http-port={self.port}",
            f"--gevent-port={free_port()}",
            "--http-interface=127.0.0.1",
            f"--logfile={logfile}",
            "--log-level=info",
            "--limit-time-real=300",
            "--limit-time-cpu=240",
        ]
        if replica_port:
            self.cmd += ["--db_replica_host=", f"--db_replica_port={replica_port}"]
        self.proc = None
        self.base = f"http://127.0.0.1:{self.port}"

    def start(self):
        self.proc = subprocess.Popen(  # pylint: disable=consider-using-with
            self.cmd, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                sys.exit(f"Odoo exited, see {self.logfile}")
            try:
                if requests.get(self.base + "/web/login", timeout=5).ok:
                    return
            except requests.RequestException:
                pass
            time.sleep(1)
        self.stop()
        sys.exit(f"Odoo did not answer, see {self.logfile}")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def xmlid_ids(client, xmlids):
    pairs = [xmlid.split(".") for xmlid in xmlids]
    rows = client.call(
        "setup",
        "ir.model.data",
        "search_read",
        [
            [
                ("module", "in", sorted({m for m, _n in pairs})),
                ("name", "in", sorted({n for _m, n in pairs})),
            ]
        ],
        {"fields": ["module", "name", "res_id"]},
    )
    found = {f"{r['module']}.{r['name']}": r["res_id"] for r in rows}
    return {xmlid: found[xmlid] for xmlid in xmlids}


def setup_data(admin, args, run):
    """Users, products, batches with stock, customers (as the administrator)."""
    groups = xmlid_ids(
        admin,
        [
            "base.group_user",
            "stock.group_stock_user",
            "stock.group_production_lot",
            "batch_traceability.group_quality_manager",
            "batch_traceability.group_recall_manager",
            "stock.stock_location_customers",
        ],
    )
    company_id = admin.company_id
    warehouse = admin.call(
        "setup",
        "stock.warehouse",
        "search_read",
        [[("company_id", "=", company_id)]],
        {"fields": ["lot_stock_id", "out_type_id"], "limit": 1},
    )[0]
    stock_group = [
        groups["base.group_user"],
        groups["stock.group_stock_user"],
        groups["stock.group_production_lot"],
    ]
    people = []
    for i in range(args.users):
        people.append(("warehouse", f"lt{run}_wh{i:02d}", stock_group))
    for i in range(args.quality):
        people.append(
            (
                "quality",
                f"lt{run}_qa{i}",
                [*stock_group, groups["batch_traceability.group_quality_manager"]],
            )
        )
    people.append(
        (
            "recall",
            f"lt{run}_recall",
            [*stock_group, groups["batch_traceability.group_recall_manager"]],
        )
    )
    admin.call(
        "setup",
        "res.users",
        "create",
        [
            [
                {
                    "name": f"Load {login}",
                    "login": login,
                    "email": f"{login}@load-test.invalid",
                    "password": login,
                    "company_id": company_id,
                    "company_ids": [(6, 0, [company_id])],
                    "groups_id": [(6, 0, group_ids)],
                }
                for _role, login, group_ids in people
            ]
        ],
    )
    products = admin.call(
        "setup",
        "product.product",
        "create",
        [
            [
                {
                    "name": f"Load product {run}-{p}",
                    "is_storable": True,
                    "tracking": "lot",
                    "batch_requires_qc_release": False,
                }
                for p in range(args.products)
            ]
        ],
    )
    lots = []
    for p, product_id in enumerate(products):
        for b in range(args.batches):
            lots.append(
                {
                    "name": f"LT{run}-P{p}-B{b}",
                    "product_id": product_id,
                    "company_id": company_id,
                }
            )
    lot_ids = admin.call("setup", "stock.lot", "create", [lots])
    quant_ids = admin.call(
        "setup",
        "stock.quant",
        "create",
        [
            [
                {
                    "product_id": vals["product_id"],
                    "lot_id": lot_id,
                    "location_id": warehouse["lot_stock_id"][0],
                    "inventory_quantity": args.stock,
                }
                for vals, lot_id in zip(lots, lot_ids, strict=True)
            ]
        ],
        context={"inventory_mode": True},
    )
    admin.call(
        "setup",
        "stock.quant",
        "action_apply_inventory",
        [quant_ids],
        button=True,
        context={"inventory_mode": True},
    )
    customers = admin.call(
        "setup",
        "res.partner",
        "create",
        [[{"name": f"Load customer {run}-{c}"} for c in range(10)]],
    )
    return {
        "people": people,
        "products": products,
        "lots": {
            lot_id: vals["name"] for vals, lot_id in zip(lots, lot_ids, strict=True)
        },
        "customers": customers,
        "stock_location": warehouse["lot_stock_id"][0],
        "out_type": warehouse["out_type_id"][0],
        "customer_location": groups["stock.stock_location_customers"],
        "company_id": company_id,
    }


class Run:
    def __init__(self, args, base, database, data, stats):
        self.args = args
        self.base = base
        self.database = database
        self.data = data
        self.stats = stats
        self.start = None
        self.deadline = None
        self.events_lock = threading.Lock()
        # client-side clock: (lot_id, new_state, sent, done)
        self.status_events = []
        # (picking_id, lot_ids, sent, done)
        self.validations = []
        self.stale_reads = 0
        self.recall = {}

    def running(self):
        return time.monotonic() < self.deadline and not self.stats.exhausted()

    def _handle(self, op, exc):
        kind = exc.name.rsplit(".", 1)[-1]
        if kind in ("UserError", "ValidationError", "AccessError") and (
            EXPECTED_REFUSALS.search(exc.message)
        ):
            self.stats.error("refused by the rules (expected)", op, exc.message)
        elif "SerializationFailure" in kind or "could not serialize" in exc.message:
            self.stats.error("serialization failure after retries", op, exc.message)
        else:
            self.stats.error(f"unexpected {kind}", op, exc.message)

    # -- warehouse ---------------------------------------------------------
    def warehouse(self, login):
        rnd = random.Random(login)
        client = Client(self.base, self.database, self.stats)
        client.login(login, login)
        data = self.data
        while self.running():
            products = rnd.sample(data["products"], rnd.choice((1, 2)))
            picking_id = None
            try:
                picking_id = client.call(
                    "create delivery",
                    "stock.picking",
                    "create",
                    [
                        {
                            "picking_type_id": data["out_type"],
                            "partner_id": rnd.choice(data["customers"]),
                            "location_id": data["stock_location"],
                            "location_dest_id": data["customer_location"],
                            "move_ids": [
                                (
                                    0,
                                    0,
                                    {
                                        "name": "load",
                                        "product_id": product_id,
                                        "product_uom_qty": rnd.randint(1, 5),
                                        "location_id": data["stock_location"],
                                        "location_dest_id": data["customer_location"],
                                    },
                                )
                                for product_id in products
                            ],
                        }
                    ],
                )
                client.call(
                    "confirm + reserve",
                    "stock.picking",
                    "action_confirm",
                    [[picking_id]],
                    button=True,
                )
                lines = []
                for attempt in range(20):
                    lines = client.call(
                        "read reserved (replica)",
                        "stock.move.line",
                        "search_read",
                        [[("picking_id", "=", picking_id)]],
                        {"fields": ["lot_id", "quantity"]},
                    )
                    if lines:
                        break
                    if attempt == 0:
                        with self.events_lock:
                            self.stale_reads += 1
                    time.sleep(0.05)
                if not lines:
                    self.stats.outcome("delivery with nothing reserved")
                    raise RpcError("UserError", "nothing to validate (no quantity)")
                lot_names = sorted(
                    {line["lot_id"][1] for line in lines if line["lot_id"]}
                )
                refused = False
                for name in lot_names:
                    scan = client.call(
                        "scan batch",
                        "stock.picking",
                        "batch_scan_confirm",
                        [[picking_id], name],
                    )
                    if scan.get("error") or not scan.get("picking_ok"):
                        refused = True
                        message = scan.get("error") or scan.get("picking_message", "")
                        self.stats.error(
                            "refused by the rules (expected)"
                            if EXPECTED_REFUSALS.search(message)
                            else "unexpected scan refusal",
                            "scan batch",
                            message,
                        )
                        break
                if refused:
                    raise RpcError("scan", "refused")
                lot_ids = sorted(
                    {line["lot_id"][0] for line in lines if line["lot_id"]}
                )
                sent = time.monotonic()
                result = client.call(
                    "validate",
                    "stock.picking",
                    "button_validate",
                    [[picking_id]],
                    button=True,
                )
                if isinstance(result, dict) and result.get("res_model"):
                    model = result["res_model"]
                    context = result.get("context") or {}
                    if model != "stock.backorder.confirmation":
                        raise RpcError("UserError", f"validation needs {model}")
                    wizard = client.call(
                        "backorder dialog",
                        model,
                        "web_save",
                        [[], {}],
                        {"specification": {}},
                        context=context,
                    )
                    client.call(
                        "backorder dialog",
                        model,
                        "process_cancel_backorder",
                        [[wizard[0]["id"]]],
                        button=True,
                        context=context,
                    )
                done = time.monotonic()
                with self.events_lock:
                    self.validations.append((picking_id, lot_ids, sent, done))
                self.stats.outcome("delivery validated")
            except RpcError as exc:
                if exc.name != "scan":
                    self._handle("delivery", exc)
                self.stats.outcome("delivery refused or failed")
                if picking_id:
                    try:
                        client.call(
                            "cancel delivery",
                            "stock.picking",
                            "action_cancel",
                            [[picking_id]],
                            button=True,
                        )
                    except RpcError as cancel_exc:
                        self._handle("cancel delivery", cancel_exc)

    # -- quality -----------------------------------------------------------
    def _set_state(self, client, lot_id, state, opener, context=None):
        action = client.call(
            f"{state} dialog",
            "stock.lot",
            opener,
            [[lot_id]],
            button=True,
            context=context,
        )
        context = action["context"]
        sent = time.monotonic()
        wizard = client.call(
            f"{state} dialog",
            "batch.state.reason.wizard",
            "web_save",
            [[], {"reason": f"Load test: {state}"}],
            {"specification": {}},
            context=context,
        )
        client.call(
            f"set {state}",
            "batch.state.reason.wizard",
            f"action_set_{state}",
            [[wizard[0]["id"]]],
            button=True,
            context=context,
        )
        with self.events_lock:
            self.status_events.append((lot_id, state, sent, time.monotonic()))

    def quality(self, login):
        rnd = random.Random(login)
        client = Client(self.base, self.database, self.stats)
        client.login(login, login)
        lots = list(self.data["lots"])
        while self.running():
            time.sleep(rnd.uniform(1, 3))
            lot_id = rnd.choice(lots)
            try:
                state = client.call(
                    "open batch (replica)",
                    "stock.lot",
                    "web_read",
                    [[lot_id]],
                    {"specification": {"batch_state": {}, "name": {}}},
                )[0]["batch_state"]
                if state != "released":
                    continue
                self._set_state(client, lot_id, "blocked", "action_batch_put_on_hold")
                self.stats.outcome("batch put on hold")
                time.sleep(rnd.uniform(2, 4))
                self._set_state(
                    client,
                    lot_id,
                    "released",
                    "action_batch_state_reason",
                    context={"batch_new_state": "released"},
                )
                self.stats.outcome("batch released")
            except RpcError as exc:
                self._handle("quality", exc)

    # -- recall ------------------------------------------------------------
    def recall_manager(self, login):
        client = Client(self.base, self.database, self.stats)
        client.login(login, login)
        while time.monotonic() < self.start + self.args.duration * 0.4:
            if not self.running():
                return
            time.sleep(0.5)
        try:
            groups = client.call(
                "recall: pick batch",
                "stock.move.line",
                "read_group",
                [
                    [
                        ("lot_id", "in", list(self.data["lots"])),
                        ("state", "in", ["assigned", "partially_available"]),
                        ("picking_code", "=", "outgoing"),
                    ],
                    ["quantity:sum"],
                    ["lot_id"],
                ],
                {"orderby": "quantity desc", "lazy": True},
            )
            lot_id = groups[0]["lot_id"][0] if groups else next(iter(self.data["lots"]))
            recall_id = client.call(
                "recall: create",
                "batch.recall",
                "create",
                [
                    {
                        "title": f"Load test recall of {self.data['lots'][lot_id]}",
                        "reason": "Load test: recall of a batch being shipped.",
                        "lot_ids": [(6, 0, [lot_id])],
                    }
                ],
            )
            client.call(
                "recall: scope",
                "batch.recall",
                "action_compute_scope",
                [[recall_id]],
                button=True,
            )
            sent = time.monotonic()
            client.call(
                "recall: launch",
                "batch.recall",
                "action_launch",
                [[recall_id]],
                button=True,
            )
            done = time.monotonic()
            with self.events_lock:
                self.status_events.append((lot_id, "recalled", sent, done))
            self.recall = {"id": recall_id, "lot_id": lot_id, "done": done}
            self.stats.outcome("recall launched")
        except RpcError as exc:
            self._handle("recall", exc)


def percentile(values, q):
    ordered = sorted(values)
    if not ordered:
        return 0.0
    k = (len(ordered) - 1) * q
    f = int(k)
    c = min(f + 1, len(ordered) - 1)
    return ordered[f] + (ordered[c] - ordered[f]) * (k - f)


def client_side_violations(run, shipped):
    """Validations sent after a hold/recall of one of the batches they
    shipped had come back and before that batch's next release was sent.

    :param shipped: {picking_id: [lot ids of its done lines]}
    """
    by_lot = defaultdict(list)
    for lot_id, state, sent, done in run.status_events:
        by_lot[lot_id].append((sent, done, state))
    bad = []
    for picking_id, _lot_ids, v_sent, _v_done in run.validations:
        for lot_id in shipped.get(picking_id, []):
            events = sorted(by_lot.get(lot_id, []))
            blocked_since = None
            for sent, done, state in events:
                if state != "released" and done <= v_sent:
                    blocked_since = done
                elif state == "released" and sent <= v_sent:
                    blocked_since = None
            if blocked_since is not None:
                bad.append((picking_id, lot_id))
    return bad


def sql_checks(cnx, data):
    """The invariants, on the database after the run: list of (name, ok, detail)."""
    cr = cnx.cursor()
    lots = list(data["lots"])
    results = []
    # 1. nothing reached a customer while its batch was not released
    cr.execute(
        """
        WITH changes AS (
            SELECT lot_ref AS lot_id, logged_at, new_value,
                   lead(logged_at) OVER (PARTITION BY lot_ref
                                         ORDER BY logged_at, chain_seq) AS until
              FROM batch_audit_log
             WHERE res_model = 'stock.lot' AND field_name = 'batch_state'
               AND lot_ref = ANY(%(lots)s)
        )
        SELECT ml.id, ml.lot_id, ml.date, c.new_value, c.logged_at,
               ml.date = c.logged_at AS same_second
          FROM changes c
          JOIN stock_move_line ml ON ml.lot_id = c.lot_id AND ml.state = 'done'
          JOIN stock_location dest ON dest.id = ml.location_dest_id
                                  AND dest.usage = 'customer'
         WHERE c.new_value <> 'Released'
           AND ml.date >= c.logged_at
           AND (c.until IS NULL OR ml.date < c.until)
        """,
        {"lots": lots},
    )
    rows = cr.fetchall()
    strict = [r for r in rows if not r[5]]
    results.append(
        (
            "no batch shipped after a hold/recall was logged (audit time)",
            not strict,
            (
                f"{len(strict)} lines after; {len(rows) - len(strict)} in the same "
                "second as the change (timestamps have 1 s resolution)"
            ),
        )
    )
    cr.execute(
        """
        SELECT count(*) FROM stock_move_line ml
          JOIN stock_lot l ON l.id = ml.lot_id AND l.batch_state = 'recalled'
          JOIN stock_location dest ON dest.id = ml.location_dest_id
                                  AND dest.usage = 'customer'
          JOIN batch_audit_log a ON a.lot_ref = l.id AND a.field_name = 'batch_state'
                                AND a.new_value = 'Recalled'
         WHERE ml.state = 'done' AND ml.date > a.logged_at AND l.id = ANY(%(lots)s)
        """,
        {"lots": lots},
    )
    after_recall = cr.fetchone()[0]
    results.append(
        ("no recalled batch shipped after the recall", not after_recall, after_recall)
    )
    # 2. stock
    # Odoo may split a quant under concurrency (a locked quant is skipped and a
    # new, negative one created; the scheduler merges them): the stock is the
    # sum per product, batch and location.
    cr.execute(
        """
        SELECT q.product_id, q.lot_id, l.complete_name, sum(q.quantity),
               count(*) FILTER (WHERE q.quantity < 0)
          FROM stock_quant q
          JOIN stock_location l ON l.id = q.location_id AND l.usage = 'internal'
          JOIN product_product p ON p.id = q.product_id
          JOIN product_template t ON t.id = p.product_tmpl_id AND t.tracking = 'lot'
         GROUP BY 1, 2, 3
        """
    )
    rows = cr.fetchall()
    negative = [row[:4] for row in rows if row[3] < 0]
    split = sum(row[4] for row in rows)
    results.append(
        (
            "no negative lot-tracked stock in internal locations",
            not negative,
            (
                f"{len(negative)} {negative[:5]} (negative quant rows of split "
                f"quants, net positive: {split})"
            ),
        )
    )
    cr.execute(
        """
        WITH ledger AS (
            SELECT lot_id, location_dest_id AS loc, quantity AS qty
              FROM stock_move_line WHERE state = 'done' AND lot_id = ANY(%(lots)s)
            UNION ALL
            SELECT lot_id, location_id, -quantity
              FROM stock_move_line WHERE state = 'done' AND lot_id = ANY(%(lots)s)
        ), moved AS (
            SELECT lot_id, loc, sum(qty) AS qty FROM ledger GROUP BY 1, 2
        ), held AS (
            SELECT lot_id, location_id AS loc, sum(quantity) AS qty
              FROM stock_quant WHERE lot_id = ANY(%(lots)s) GROUP BY 1, 2
        )
        SELECT count(*) FROM moved m
          FULL JOIN held h ON h.lot_id = m.lot_id AND h.loc = m.loc
          JOIN stock_location l
            ON l.id = COALESCE(m.loc, h.loc) AND l.usage = 'internal'
         WHERE abs(COALESCE(m.qty, 0) - COALESCE(h.qty, 0)) > 0.0001
        """,
        {"lots": lots},
    )
    mismatch = cr.fetchone()[0]
    results.append(
        (
            "quants equal the done movements (per batch and location)",
            not mismatch,
            mismatch,
        )
    )
    cr.execute(
        """
        SELECT count(*) FROM (
            SELECT 1 FROM stock_lot GROUP BY name, product_id, company_id
            HAVING count(*) > 1) d
        """
    )
    duplicates = cr.fetchone()[0]
    results.append(
        ("batch numbers unique per product and company", not duplicates, duplicates)
    )
    return results


def run_load(args):
    run_id = time.strftime("%H%M%S")
    database = args.database or f"batch_load_{run_id}"
    subprocess.run(["dropdb", "--if-exists", database], check=True)
    subprocess.run(["createdb", "-T", args.template, database], check=True)
    print(f"[load] database {database} (copy of {args.template})", flush=True)
    replica_port = None
    if not args.no_replica:
        try:
            replica_port = int(
                subprocess.run(
                    ["bash", str(ROOT / "setup" / "replica.sh")],
                    check=True,
                    capture_output=True,
                    text=True,
                ).stdout.split()[-1]
            )
        except (subprocess.CalledProcessError, ValueError, IndexError) as exc:
            print(f"[load] no replica ({exc}): all requests on the primary")
    logdir = Path(tempfile.mkdtemp(prefix="batch-load-"))
    server = OdooServer(database, args.workers, replica_port, str(logdir / "odoo.log"))
    stats = Stats(args.max_requests)
    report = {}
    try:
        server.start()
        print(
            f"[load] Odoo {args.workers} workers on {server.base}, replica: "
            f"{replica_port or 'none'}, log {server.logfile}",
            flush=True,
        )
        admin = Client(server.base, database, Stats(10**9))
        admin.login(args.admin_login, args.admin_password)
        data = setup_data(admin, args, run_id)
        print(
            f"[load] {len(data['people'])} users, {len(data['products'])} products, "
            f"{len(data['lots'])} batches of {args.stock:.0f} units",
            flush=True,
        )
        runner = Run(args, server.base, database, data, stats)
        threads = []
        runner.start = time.monotonic()
        runner.deadline = runner.start + args.duration
        for role, login, _groups in data["people"]:
            target = {
                "warehouse": runner.warehouse,
                "quality": runner.quality,
                "recall": runner.recall_manager,
            }[role]
            thread = threading.Thread(target=_guard(target, stats, role), args=(login,))
            thread.start()
            threads.append(thread)
        for thread in threads:
            thread.join(timeout=args.duration + 300)
        elapsed = time.monotonic() - runner.start
        # the audit chain, verified as a Quality manager
        qa = Client(server.base, database, Stats(10**9))
        qa_login = next(login for role, login, _ in data["people"] if role == "quality")
        qa.login(qa_login, qa_login)
        action = qa.call(
            "verify", "batch.audit.log", "action_verify_chain", [], button=True
        )
        verification = qa.call(
            "verify",
            "batch.audit.verification",
            "read",
            [[action["res_id"]], ["intact", "message", "entry_count"]],
        )[0]
    finally:
        server.stop()
    log = Path(server.logfile).read_text(errors="replace")
    retries = Counter(re.findall(r"\b([A-Z_]+), \d+ tries left", log))
    gave_up = len(re.findall(r"maximum number of tries reached", log))
    ro_retry = log.count("retrying with a read/write cursor")
    tracebacks = len(re.findall(r" ERROR .*\nTraceback", log))
    # Odoo's request log ends with: queries, SQL time, other time, cursor mode
    # (ro: a readonly cursor, on the replica when there is one; rw: primary;
    # ro->rw: a readonly request that had to fall back to the primary)
    modes = defaultdict(lambda: [0, 0, 0.0, 0.0])
    for mode_match in re.finditer(
        r'"POST /web/dataset/call_\w+/\S+ HTTP/[\d.]+" 200 - (\d+) ([\d.]+) '
        r"([\d.]+) (ro->rw|ro|rw)$",
        log,
        re.MULTILINE,
    ):
        queries, sql_time, other_time, mode = mode_match.groups()
        entry = modes[mode]
        entry[0] += 1
        entry[1] += int(queries)
        entry[2] += float(sql_time)
        entry[3] += float(other_time)

    total = sum(len(v) for v in stats.latency.values())
    print(f"\n[load] {elapsed:.1f} s, {total} requests, {total / elapsed:.1f} req/s")
    for name, count in sorted(stats.outcomes.items()):
        print(f"  {name:32s} {count:6d}  ({count / elapsed * 60:.0f}/min)")
    print("\noperation                    count    p50 ms   p95 ms   p99 ms")
    for op, values in sorted(stats.latency.items()):
        p50, p95, p99 = (percentile(values, q) * 1000 for q in (0.5, 0.95, 0.99))
        print(f"{op:26s} {len(values):7d} {p50:9.0f}{p95:9.0f}{p99:9.0f}")
    print("\nerrors by kind")
    for (kind, op), count in sorted(stats.errors.items()):
        print(f"  {kind:40s} {op:22s} {count:5d}  e.g. {stats.samples[(kind, op)]!r}")
    for code, count in sorted(retries.items()):
        print(f"  {'retried by Odoo: ' + code:40s} {'(server log)':22s} {count:5d}")
    print(f"  {'retries exhausted':40s} {'(server log)':22s} {gave_up:5d}")
    label = "readonly request replayed on primary"
    print(f"  {label:40s} {'(server log)':22s} {ro_retry:5d}")
    print(f"  {'server tracebacks':40s} {'(server log)':22s} {tracebacks:5d}")
    print(
        f"  stale reads from the replica (retried by the client): {runner.stale_reads}"
    )

    cnx = psycopg2.connect(dbname=database)
    checks = sql_checks(cnx, data)
    cr = cnx.cursor()
    cr.execute(
        "SELECT picking_id, array_agg(DISTINCT lot_id) FROM stock_move_line "
        "WHERE state = 'done' AND picking_id = ANY(%s) GROUP BY 1",
        [[v[0] for v in runner.validations]],
    )
    shipped = dict(cr.fetchall())
    cnx.close()
    client_bad = client_side_violations(runner, shipped)
    checks.append(
        (
            "no delivery validated after a hold/recall response (client clock)",
            not client_bad,
            client_bad[:5],
        )
    )
    checks.append(
        (
            "audit chain verifies",
            verification["intact"],
            f"{verification['entry_count']} entries: {verification['message']}",
        )
    )
    print("\ninvariants")
    for name, ok, detail in checks:
        print(f"  [{'ok' if ok else 'FAIL'}] {name}: {detail}")
    report = {
        "database": database,
        "workers": args.workers,
        "replica_port": replica_port,
        "elapsed": elapsed,
        "requests": total,
        "outcomes": dict(stats.outcomes),
        "latency_ms": {
            op: [len(v)] + [round(percentile(v, q) * 1000) for q in (0.5, 0.95, 0.99)]
            for op, v in stats.latency.items()
        },
        "errors": {f"{k} / {op}": n for (k, op), n in stats.errors.items()},
        "retries": dict(retries),
        "stale_reads": runner.stale_reads,
        "cursor_modes": dict(modes),
        "recall": runner.recall,
        "checks": [(name, bool(ok), str(detail)) for name, ok, detail in checks],
    }
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1, default=str))
    if not args.keep_db:
        subprocess.run(["dropdb", "--if-exists", database], check=False)
    return all(ok for _name, ok, _detail in checks)


def _guard(target, stats, role):
    def wrapped(login):
        try:
            target(login)
        except Exception as exc:  # noqa: BLE001 (a thread's crash is a result)
            stats.error(f"client crash ({type(exc).__name__})", role, str(exc))

    return wrapped


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--template", default=os.environ.get("BATCH_DEMO_DB", "batch_demo")
    )
    parser.add_argument(
        "--database", help="name of the copy (default batch_load_<time>)"
    )
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--max-requests", type=int, default=50000)
    parser.add_argument("--users", type=int, default=30)
    parser.add_argument("--quality", type=int, default=2)
    parser.add_argument("--products", type=int, default=4)
    parser.add_argument("--batches", type=int, default=3)
    parser.add_argument("--stock", type=float, default=5000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--no-replica", action="store_true")
    parser.add_argument("--admin-login", default="admin")
    parser.add_argument("--admin-password", default="admin")
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument("--json", help="write the figures to this file")
    args = parser.parse_args()
    sys.exit(0 if run_load(args) else 1)


if __name__ == "__main__":
    main()
