#!/usr/bin/env bash
# A streaming replica (hot standby) of the local PostgreSQL cluster, on another
# port of this machine, for Odoo's db_replica_host/db_replica_port: read-only
# requests (`@api.readonly` methods called through /web/dataset/call_kw, routes
# declared readonly) are answered by it, everything else by the primary.
#
#   bash setup/replica.sh [start]   create it if missing (pg_basebackup -R),
#                                   start it, wait until it streams, print its port
#   bash setup/replica.sh stop      stop it (it catches up when started again,
#                                   or is rebuilt when the primary recycled the WAL)
#   bash setup/replica.sh status    port, streaming state and replay lag
#   bash setup/replica.sh drop      stop and delete it
#
#   REPLICA_PORT     port of the replica (default 5433)
#   REPLICA_CLUSTER  Debian cluster name (default batch_replica)
#   PGPORT           port of the primary (default 5432)
#
# Debian's PostgreSQL (pg_lsclusters, pg_createcluster, pg_ctlcluster); run as
# root or as a user that may sudo to postgres. The primary is only changed when
# it must be: a `local replication postgres peer` line in its pg_hba.conf when
# no replication connection is allowed, wal_level/max_wal_senders (restart)
# when they do not allow a standby. Every database of the cluster is
# replicated, the test and demo databases included. No replication slot: a
# stopped replica never makes the primary keep WAL (and fill the disk); it is
# rebuilt instead when it cannot catch up.
set -euo pipefail

REPLICA_PORT="${REPLICA_PORT:-5433}"
NAME="${REPLICA_CLUSTER:-batch_replica}"
PRIMARY_PORT="${PGPORT:-5432}"
SOCKET_DIR="${REPLICA_SOCKET_DIR:-/var/run/postgresql}"

log() { printf '[replica] %s\n' "$*" >&2; }
die() { printf '[replica] ERROR: %s\n' "$*" >&2; exit 1; }

as_postgres() {
    if [ "$(id -un)" = "postgres" ]; then
        "$@"
    elif [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        sudo -n -u postgres "$@"
    fi
}
as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@"; fi
}

command -v pg_lsclusters >/dev/null || die "pg_lsclusters missing: Debian's postgresql-common is needed"

# "version name port status owner datadir logfile" of the cluster on $1
cluster_on_port() {
    pg_lsclusters -h | awk -v port="$1" '$3 == port { print; exit }'
}
cluster_named() {
    pg_lsclusters -h | awk -v name="$1" '$2 == name { print; exit }'
}

primary="$(cluster_on_port "$PRIMARY_PORT")"
[ -n "$primary" ] || die "no PostgreSQL cluster on port $PRIMARY_PORT (pg_lsclusters)"
read -r VERSION PRIMARY_NAME _ PRIMARY_STATUS _ _ _ <<<"$primary"
CONF_DIR="/etc/postgresql/$VERSION/$NAME"
DATA_DIR="/var/lib/postgresql/$VERSION/$NAME"

psql_primary() { as_postgres psql -X -q -h "$SOCKET_DIR" -p "$PRIMARY_PORT" -d postgres -Atc "$1"; }
psql_replica() { as_postgres psql -X -q -h "$SOCKET_DIR" -p "$REPLICA_PORT" -d postgres -Atc "$1"; }

replica_status() { cluster_named "$NAME" | awk '{ print $4 }'; }

prepare_primary() {
    case "$PRIMARY_STATUS" in online*) ;; *) die "the primary $VERSION/$PRIMARY_NAME is not running" ;; esac
    local wal_level senders restart=0
    wal_level="$(psql_primary "SHOW wal_level")"
    senders="$(psql_primary "SHOW max_wal_senders")"
    if [ "$wal_level" = "minimal" ]; then
        log "primary: wal_level=minimal -> replica (restart of the primary)"
        psql_primary "ALTER SYSTEM SET wal_level = 'replica'" >/dev/null
        restart=1
    fi
    if [ "$senders" -lt 2 ]; then
        log "primary: max_wal_senders=$senders -> 10 (restart of the primary)"
        psql_primary "ALTER SYSTEM SET max_wal_senders = 10" >/dev/null
        restart=1
    fi
    if [ "$restart" = 1 ]; then
        as_root pg_ctlcluster --skip-systemctl-redirect "$VERSION" "$PRIMARY_NAME" restart
    fi
    # A replication connection as postgres on the socket, as pg_basebackup
    # and the standby's WAL receiver make it.
    if ! as_postgres psql -X -q -h "$SOCKET_DIR" -p "$PRIMARY_PORT" \
        "dbname=replication replication=true" -c "IDENTIFY_SYSTEM" >/dev/null 2>&1; then
        local hba
        hba="$(psql_primary "SHOW hba_file")"
        log "primary: adding 'local replication postgres peer' to $hba"
        # replication lines must come before any line that could match first
        as_root sed -i "1i local   replication   postgres   peer   # setup/replica.sh" "$hba"
        psql_primary "SELECT pg_reload_conf()" >/dev/null
        sleep 1
        as_postgres psql -X -q -h "$SOCKET_DIR" -p "$PRIMARY_PORT" \
            "dbname=replication replication=true" -c "IDENTIFY_SYSTEM" >/dev/null \
            || die "the primary still refuses replication connections (see $hba)"
    fi
}

create_replica() {
    prepare_primary
    if [ -n "$(cluster_on_port "$REPLICA_PORT")" ]; then
        die "port $REPLICA_PORT is taken by another cluster: set REPLICA_PORT"
    fi
    log "creating cluster $VERSION/$NAME on port $REPLICA_PORT (pg_basebackup of $VERSION/$PRIMARY_NAME)"
    as_root pg_createcluster "$VERSION" "$NAME" -p "$REPLICA_PORT" >/dev/null
    local max_connections
    max_connections="$(psql_primary "SHOW max_connections")"
    # Same authentication as the primary, so that Odoo connects to both the
    # same way; the rest of the primary's settings are not copied (its conf.d
    # may set its own port).
    as_root cp "/etc/postgresql/$VERSION/$PRIMARY_NAME/pg_hba.conf" "$CONF_DIR/pg_hba.conf"
    as_root tee "$CONF_DIR/conf.d/90-batch-replica.conf" >/dev/null <<CONF
# written by setup/replica.sh: hot standby of $VERSION/$PRIMARY_NAME
port = $REPLICA_PORT
listen_addresses = '127.0.0.1'
ssl = off
hot_standby = on
hot_standby_feedback = on
max_connections = $max_connections
CONF
    as_root chown -R postgres:postgres "$CONF_DIR"
    as_postgres find "$DATA_DIR" -mindepth 1 -delete
    # -R writes standby.signal and primary_conninfo; -X stream copies the WAL
    # written during the copy; -c fast does not wait for a checkpoint.
    as_postgres pg_basebackup -h "$SOCKET_DIR" -p "$PRIMARY_PORT" -U postgres \
        -D "$DATA_DIR" -R -X stream -c fast
}

start_replica() {
    case "$(replica_status)" in
        online*) ;;
        *) as_root pg_ctlcluster --skip-systemctl-redirect "$VERSION" "$NAME" start ;;
    esac
}

# Streaming and caught up with the primary's WAL position at call time.
wait_streaming() {
    local target
    target="$(psql_primary "SELECT pg_current_wal_lsn()")"
    for _ in $(seq 1 "${1:-60}"); do
        if [ "$(psql_replica "SELECT pg_is_in_recovery() AND EXISTS (SELECT 1 FROM pg_stat_wal_receiver WHERE status = 'streaming') AND pg_last_wal_replay_lsn() >= '$target'::pg_lsn" 2>/dev/null)" = "t" ]; then
            return 0
        fi
        sleep 1
    done
    return 1
}

drop_replica() {
    if [ -n "$(cluster_named "$NAME")" ]; then
        [ -f "$DATA_DIR/standby.signal" ] || [ "$(replica_status)" != "online" ] \
            || die "$VERSION/$NAME is not a standby: refusing to drop it"
        log "dropping cluster $VERSION/$NAME"
        as_root pg_dropcluster --stop "$VERSION" "$NAME"
    fi
}

cmd_start() {
    local existing
    existing="$(cluster_named "$NAME")"
    if [ -n "$existing" ]; then
        local port
        port="$(awk '{ print $3 }' <<<"$existing")"
        [ "$port" = "$REPLICA_PORT" ] || die "cluster $VERSION/$NAME runs on port $port, not $REPLICA_PORT"
        as_postgres test -f "$DATA_DIR/standby.signal" \
            || die "$VERSION/$NAME exists but is not a standby (no standby.signal): not touching it"
    else
        create_replica
    fi
    start_replica
    if ! wait_streaming 60; then
        log "$VERSION/$NAME does not catch up (the primary no longer has the WAL it needs?): rebuilding it"
        drop_replica
        create_replica
        start_replica
        wait_streaming 120 || die "the replica does not stream (log: /var/log/postgresql/postgresql-$VERSION-$NAME.log)"
    fi
    log "$VERSION/$NAME streams from $VERSION/$PRIMARY_NAME (port $PRIMARY_PORT)"
    echo "$REPLICA_PORT"
}

cmd_stop() {
    case "$(replica_status)" in
        online*) as_root pg_ctlcluster --skip-systemctl-redirect "$VERSION" "$NAME" stop; log "stopped" ;;
        "") log "no cluster $VERSION/$NAME" ;;
        *) log "$VERSION/$NAME is not running" ;;
    esac
}

cmd_status() {
    local status
    status="$(replica_status)"
    if [ -z "$status" ]; then
        echo "no replica ($VERSION/$NAME)"
        return 1
    fi
    echo "cluster $VERSION/$NAME port $REPLICA_PORT: $status"
    case "$status" in
        online*)
            psql_replica "SELECT 'in recovery: ' || pg_is_in_recovery()
                || ', receiver: ' || COALESCE((SELECT status FROM pg_stat_wal_receiver), 'none')
                || ', replay lag: ' || COALESCE((now() - pg_last_xact_replay_timestamp())::text, '-')"
            ;;
    esac
}

case "${1:-start}" in
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    drop) cmd_stop; drop_replica ;;
    *) die "usage: $0 [start|stop|status|drop]" ;;
esac
