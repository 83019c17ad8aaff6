#!/usr/bin/env bash
# Usage: scripts/check-wheel.sh [PORT]
#
# Builds the wheel, installs it with constraints.txt into a fresh venv OUTSIDE the source
# tree, runs `pop db upgrade` on SQLite and (when POP_DATABASE_URL names one, e.g. under
# scripts/with-postgres.sh) on PostgreSQL, serves it with gunicorn (`pop serve`) and fetches
# the log-in page in Dutch and, after switching the language, in English. Leaves the built
# wheel and the venv in $POP_WHEEL_DIR (default: a temporary folder) for later steps.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
SOURCE=$(pwd)
PORT=${1:-5310}
WORK=${POP_WHEEL_DIR:-$(mktemp -d /tmp/pop-wheel.XXXXXX)}
mkdir -p "$WORK"
log() { echo "check-wheel: $*" >&2; }
fail() { log "FAILED: $*"; exit 1; }

log "building the wheel"
rm -rf "$WORK/dist" build
python3 -m pip wheel --quiet --no-deps -w "$WORK/dist" . >/dev/null
rm -rf build
WHEEL=$(ls "$WORK"/dist/pop-*.whl)
log "built $(basename "$WHEEL")"

log "installing it with constraints.txt into a fresh venv outside the source tree"
rm -rf "$WORK/venv"
python3 -m venv "$WORK/venv"
"$WORK/venv/bin/pip" install --quiet -c constraints.txt "pop[postgresql,redis] @ file://$WHEEL"
POP="$WORK/venv/bin/pop"
cd "$WORK"  # nothing of the source tree on the path from here on

where=$("$WORK/venv/bin/python" -c 'import pop, pop.resources as r; print(pop.__file__, r.TEMPLATES)')
case "$where" in "$SOURCE"*) fail "the installed package was loaded from the source tree: $where" ;; esac
log "installed package: $where"

upgrade() {  # $1 = label, $2 = database URL ('' = the SQLite default in the instance folder)
    if ! env POP_DATABASE_URL="$2" "$POP" db upgrade >"$WORK/upgrade-$1.log" 2>&1; then
        cat "$WORK/upgrade-$1.log" >&2; fail "pop db upgrade on $1"
    fi
    log "pop db upgrade on $1: ok ($(env POP_DATABASE_URL="$2" "$POP" db current 2>/dev/null | tail -n1))"
}

export POP_INSTANCE_PATH="$WORK/instance" POP_SECRET_KEY=check-wheel-secret
postgres_url=${POP_DATABASE_URL:-}
upgrade SQLite ""
[[ -f "$WORK/instance/pop.sqlite" ]] || fail "the SQLite database is not in POP_INSTANCE_PATH"
if [[ -n "$postgres_url" ]]; then
    upgrade PostgreSQL "$postgres_url"
fi

log "serving it with gunicorn on 127.0.0.1:$PORT"
"$POP" serve --bind "127.0.0.1:$PORT" --workers 2 --threads 2 >"$WORK/serve.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do
    curl -fsS "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && break
    sleep 0.5
done
curl -fsS "http://127.0.0.1:$PORT/readyz" >/dev/null || { cat "$WORK/serve.log" >&2; fail "/readyz"; }

jar="$WORK/cookies"
dutch=$(curl -fsS -c "$jar" -b "$jar" "http://127.0.0.1:$PORT/auth/login")
grep -q '<html lang="nl">' <<<"$dutch" || fail "the log-in page is not Dutch"
grep -q '<h1>Inloggen</h1>' <<<"$dutch" || fail "the Dutch log-in page lacks its heading"
token=$(sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p' <<<"$dutch" | head -n1)
curl -fsS -o /dev/null -c "$jar" -b "$jar" -X POST "http://127.0.0.1:$PORT/language" \
    --data-urlencode "csrf_token=$token" --data-urlencode language=en \
    --data-urlencode next=/auth/login
english=$(curl -fsS -c "$jar" -b "$jar" "http://127.0.0.1:$PORT/auth/login")
grep -q '<html lang="en">' <<<"$english" || fail "the log-in page did not switch to English"
grep -q '<h1>Log in</h1>' <<<"$english" || fail "the English log-in page is not translated"
log "log-in page in Dutch and in English (translated): ok"
echo "$WORK"
