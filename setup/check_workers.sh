#!/usr/bin/env bash
# Starts Odoo in multi-process mode (--workers=2) on a spare port, waits until
# /web/login and /websocket answer, watches the gevent (websocket /
# long-polling) process for a while, stops Odoo and reports how many times the
# gevent process was started. Exit status 1 when it was restarted.
#
#   DB=batch_hd bash setup/check_workers.sh              # our launcher
#   DB=batch_hd LAUNCH="python3 -m odoo" bash setup/check_workers.sh   # the broken way
#
# Use a throwaway copy of a database: the server runs against it.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
DB="${DB:?set DB to a throwaway database}"
PORT="${PORT:-8369}"
GEVENT_PORT="${GEVENT_PORT:-8372}"
WATCH="${WATCH:-10}"
LAUNCH="${LAUNCH:-python3 $repo/setup/odoo_server.py}"
cfg="$(bash setup/odoo-config.sh)"
out="$(mktemp -d)"
log="$out/odoo.log"
err="$out/stderr.log"

# shellcheck disable=SC2086  # LAUNCH is a command line on purpose
$LAUNCH -c "$cfg" -d "$DB" --db-filter="^${DB}\$" --workers=2 --max-cron-threads=0 \
    --http-port="$PORT" --gevent-port="$GEVENT_PORT" --logfile="$log" 2>"$err" &
pid=$!
stop() {
    if kill -0 "$pid" 2>/dev/null; then
        kill -INT "$pid"
        for _ in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
        kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
    fi
    wait "$pid" 2>/dev/null || true
}
trap stop EXIT

code() { curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$@" || true; }
for _ in $(seq 120); do
    [ "$(code "http://127.0.0.1:$PORT/web/login")" = "200" ] && break
    sleep 0.5
done
login="$(code "http://127.0.0.1:$PORT/web/login")"
echo "[workers] /web/login -> $login"

# Count over a fixed window: each start of the gevent process either logs its
# "Evented Service" line or leaves a traceback on stderr.
starts() {
    echo $(($(grep -c "Evented Service (longpolling) running" "$log" || true) \
        + $(grep -c "^Traceback" "$err" || true)))
}
# /websocket is served by the gevent process: an upgrade request is answered
# with 101 when it is up (the HTTP workers have no websocket).
websocket() {
    code --max-time 3 -H 'Connection: Upgrade' -H 'Upgrade: websocket' -H 'Sec-WebSocket-Version: 13' \
        -H 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==' -H "Origin: http://127.0.0.1:$PORT" \
        "http://127.0.0.1:$GEVENT_PORT/websocket"
}
for _ in $(seq 30); do
    [ "$(websocket)" = "101" ] && break
    sleep 0.5
done
before="$(starts)"
sleep "$WATCH"
after="$(starts)"
restarts=$((after - before))
ws="$(websocket)"
echo "[workers] /websocket on the gevent port -> $ws"
gevent_pids="$(pgrep -f -- " gevent .*--http-port=$PORT" | tr '\n' ' ' || true)"
echo "[workers] gevent process(es) now: ${gevent_pids:-none}"
echo "[workers] gevent restarts in ${WATCH}s: $restarts ($(awk "BEGIN{printf \"%.1f\", $restarts/$WATCH}")/s), starts since launch: $after"
stop
trap - EXIT
tail -n 3 "$err" | sed 's/^/[stderr] /'
if [ "$login" = "200" ] && [ "$ws" = "101" ] && [ "$restarts" = "0" ] && [ "$after" -ge 1 ]; then
    echo "[workers] OK"
    rm -rf "$out"
else
    echo "[workers] FAILED (logs in $out)"
    exit 1
fi
