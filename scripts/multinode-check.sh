#!/usr/bin/env bash
# Usage: scripts/multinode-check.sh [--keep]      (also: make multinode)
#
# The multi-node check of issue 13 (benchmarks/multinode.py): two nodes of the installed wheel
# behind nginx, on a throw-away PostgreSQL (scripts/with-postgres.sh) and Redis, with an SMTP
# sink. Prints its figures and exits non-zero when a check fails. --keep keeps the work folder
# with every server's log.
#
# The wheel's venv is $POP_WHEEL_DIR/venv when scripts/check-wheel.sh left one there (as
# .ci/run does); otherwise check-wheel.sh builds and installs it first. Needs Debian's nginx
# (nginx-light) and redis-server, and this checkout's .venv with the test tools (make
# .venv/.installed-test). As root, PostgreSQL, Redis and nginx's workers run as their own
# system users. Ports: nodes 5601-5602, nginx 5680-5683, SMTP 5690, Redis 56379, PostgreSQL
# 55601 (or the next free one).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
log() { echo "multinode-check: $*" >&2; }

for tool in nginx redis-server openssl; do
    if ! command -v "$tool" >/dev/null 2>&1 && [[ ! -x /usr/sbin/$tool ]]; then
        log "$tool is missing: apt-get install nginx-light redis-server openssl"
        exit 1
    fi
done
if [[ ! -x .venv/bin/python ]]; then
    log "no .venv here: run make .venv/.installed-test first"
    exit 1
fi

if [[ -z "${POP_WHEEL_DIR:-}" ]]; then
    POP_WHEEL_DIR=$(mktemp -d /tmp/pop-wheel.XXXXXX)
    trap 'rm -rf "$POP_WHEEL_DIR"' EXIT  # ours: built for this run only
fi
export POP_WHEEL_DIR
if [[ ! -x "$POP_WHEEL_DIR/venv/bin/pop" ]]; then
    log "building and installing the wheel into $POP_WHEEL_DIR (scripts/check-wheel.sh)"
    scripts/check-wheel.sh 5603 >/dev/null
fi
if [[ "$(id -u)" -eq 0 ]]; then
    # nginx's workers (www-data) serve the installed package's static files from in there.
    chmod go+rx "$POP_WHEEL_DIR"
fi

POP_PG_PORT=${POP_PG_PORT:-55601} scripts/with-postgres.sh \
    .venv/bin/python -m benchmarks.multinode --pop "$POP_WHEEL_DIR/venv/bin/pop" "$@"
