#!/usr/bin/env bash
# Usage: scripts/with-postgres.sh CMD [ARGS...]
#
# Starts a throw-away PostgreSQL cluster (temp dir, 127.0.0.1 only, trust auth,
# fsync off), creates the database `pop_test` owned by the SUPERUSER role `pop`,
# runs CMD with
#     POP_DATABASE_URL=postgresql+psycopg://pop@127.0.0.1:PORT/pop_test
#     PGHOST=127.0.0.1 PGPORT=PORT PGUSER=pop PGDATABASE=pop_test
#     POP_PG_BINDIR=<initdb's folder> POP_PG_DATADIR=<the cluster> (to stop and start it)
# exported, then stops the cluster, deletes its data and exits with CMD's
# exit status.
#
# Installs Debian's `postgresql` package if no initdb can be found (root or
# passwordless sudo needed). As root the server runs as the `postgres` system
# user (created if missing), since initdb/postgres refuse to run as root.
#
# Environment knobs: POP_PG_PORT (first port to try, default 54329),
# POP_PG_BINDIR (directory holding initdb/pg_ctl).
set -euo pipefail

if [[ $# -lt 1 ]]; then
    echo "usage: $0 CMD [ARGS...]" >&2
    exit 2
fi

log() { echo "with-postgres: $*" >&2; }

PG_ROLE=pop
PG_DB=pop_test

# ---------------------------------------------------------------- binaries
find_bindir() {
    local d
    if [[ -n "${POP_PG_BINDIR:-}" && -x "${POP_PG_BINDIR}/initdb" ]]; then
        echo "$POP_PG_BINDIR"; return 0
    fi
    # Debian layout, newest major version first.
    for d in $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -t/ -k5,5 -rn); do
        if [[ -x "$d/initdb" && -x "$d/pg_ctl" ]]; then echo "$d"; return 0; fi
    done
    if command -v initdb >/dev/null 2>&1; then
        d=$(dirname "$(readlink -f "$(command -v initdb)")")
        if [[ -x "$d/pg_ctl" ]]; then echo "$d"; return 0; fi
    fi
    return 1
}

as_root=()
if [[ "$(id -u)" -ne 0 ]] && command -v sudo >/dev/null 2>&1 && sudo -n true >/dev/null 2>&1; then
    as_root=(sudo -n)
fi

if ! BINDIR=$(find_bindir); then
    if command -v apt-get >/dev/null 2>&1 && { [[ "$(id -u)" -eq 0 ]] || [[ ${#as_root[@]} -gt 0 ]]; }; then
        log "no initdb found; installing Debian's postgresql package ..."
        "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -qq
        "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 \
            install -y -qq --no-install-recommends postgresql
    fi
    if ! BINDIR=$(find_bindir); then
        log "PostgreSQL server binaries (initdb, pg_ctl) not found."
        log "Install them, e.g. as root: apt-get install -y postgresql"
        exit 1
    fi
fi
for tool in initdb pg_ctl pg_isready psql; do
    if [[ ! -x "$BINDIR/$tool" ]]; then
        log "$BINDIR/$tool is missing (is the PostgreSQL client package installed?)"
        exit 1
    fi
done

# ------------------------------------------------------ who runs the server
run_pg=()           # prefix for commands that must not run as root
if [[ "$(id -u)" -eq 0 ]]; then
    if ! id -u postgres >/dev/null 2>&1; then
        log "creating system user 'postgres'"
        useradd --system --user-group --no-create-home \
            --home-dir /var/lib/postgresql --shell /bin/sh postgres
    fi
    run_pg=(runuser -u postgres --)
    # The server user must be able to reach the directory: use /tmp itself.
    TMP_PARENT=/tmp
else
    TMP_PARENT=${TMPDIR:-/tmp}
fi

PGTMP=$(mktemp -d "$TMP_PARENT/pop-pg.XXXXXX")
PGDATA_DIR=$PGTMP/data
PGLOG=$PGTMP/postgres.log
server_started=false

# shellcheck disable=SC2317  # invoked via trap
cleanup() {
    local rc=$?
    trap - EXIT INT TERM HUP
    if $server_started || [[ -f "$PGDATA_DIR/postmaster.pid" ]]; then
        (cd "$PGTMP" && "${run_pg[@]}" "$BINDIR/pg_ctl" -D "$PGDATA_DIR" -m immediate -w -t 30 stop) \
            >/dev/null 2>&1 || true
        if [[ -f "$PGDATA_DIR/postmaster.pid" ]]; then
            # pg_ctl could not stop it: kill the postmaster directly.
            local pid
            pid=$(head -n1 "$PGDATA_DIR/postmaster.pid" 2>/dev/null || true)
            if [[ "$pid" =~ ^[0-9]+$ ]]; then
                kill -KILL "$pid" 2>/dev/null || true
                sleep 1
            fi
        fi
    fi
    rm -rf "$PGTMP"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

if [[ ${#run_pg[@]} -gt 0 ]]; then
    chown postgres: "$PGTMP"
fi
chmod 0700 "$PGTMP"

# pg_ctl/initdb complain if they cannot read the cwd (e.g. /root as postgres).
pg() { (cd "$PGTMP" && "${run_pg[@]}" "$@"); }

pg "$BINDIR/initdb" -D "$PGDATA_DIR" -U postgres --auth=trust -E UTF8 --no-locale \
    --no-sync >"$PGTMP/initdb.log" 2>&1 || {
    log "initdb failed:"; cat "$PGTMP/initdb.log" >&2; exit 1; }

pg tee -a "$PGDATA_DIR/postgresql.conf" >/dev/null <<CONF

# --- throw-away test cluster (scripts/with-postgres.sh) ---
listen_addresses = '127.0.0.1'
unix_socket_directories = '$PGTMP'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
CONF
pg tee "$PGDATA_DIR/pg_hba.conf" >/dev/null <<HBA
# TYPE  DATABASE  USER  ADDRESS       METHOD
local   all       all                 trust
host    all       all   127.0.0.1/32  trust
HBA

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

PORT=${POP_PG_PORT:-54329}
for _attempt in $(seq 1 20); do
    while port_in_use "$PORT" || [[ -e "$PGTMP/.s.PGSQL.$PORT" ]]; do
        PORT=$((PORT + 1))
    done
    if pg "$BINDIR/pg_ctl" -D "$PGDATA_DIR" -l "$PGLOG" -o "-p $PORT" -w -t 60 start >/dev/null 2>&1; then
        server_started=true
        break
    fi
    # Most likely lost a race for the port; try the next one.
    log "server did not start on port $PORT; retrying on another port"
    [[ -f "$PGLOG" ]] && tail -n 5 "$PGLOG" >&2
    PORT=$((PORT + 1))
done
if ! $server_started; then
    log "could not start PostgreSQL; server log:"
    [[ -f "$PGLOG" ]] && cat "$PGLOG" >&2
    exit 1
fi

ready=false
for _ in $(seq 1 60); do
    if "$BINDIR/pg_isready" -q -h 127.0.0.1 -p "$PORT" -t 2; then ready=true; break; fi
    sleep 0.5
done
if ! $ready; then
    log "PostgreSQL on 127.0.0.1:$PORT does not answer; server log:"
    cat "$PGLOG" >&2
    exit 1
fi

"$BINDIR/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" -U postgres -d postgres \
    -c "CREATE ROLE $PG_ROLE SUPERUSER LOGIN" \
    -c "CREATE DATABASE $PG_DB OWNER $PG_ROLE" >/dev/null

export PGHOST=127.0.0.1 PGPORT=$PORT PGUSER=$PG_ROLE PGDATABASE=$PG_DB
export POP_PG_BINDIR=$BINDIR POP_PG_DATADIR=$PGDATA_DIR
export POP_DATABASE_URL="postgresql+psycopg://$PG_ROLE@127.0.0.1:$PORT/$PG_DB"
log "PostgreSQL $("$BINDIR/postgres" -V | awk '{print $3}') ready: $POP_DATABASE_URL (data in $PGTMP)"

# Run CMD in the foreground (not exec) so the EXIT trap can tear down.
set +e
"$@"
rc=$?
set -e
exit "$rc"
