#!/usr/bin/env bash
# Make sure Debian's Chromium is installed at /usr/bin/chromium (the browser
# tests use it instead of Playwright's own download, which is not reachable).
#
# Quiet and exit 0 when Chromium is already there. Otherwise installs the
# Debian packages `chromium` and `fonts-dejavu-core` with apt-get when we are
# root (or passwordless sudo works); else prints how to install it and exits 1.
set -euo pipefail

CHROMIUM=/usr/bin/chromium
PACKAGES=(chromium fonts-dejavu-core)

if [[ -x "$CHROMIUM" ]]; then
    exit 0
fi

sudo_cmd=()
can_install=false
if command -v apt-get >/dev/null 2>&1; then
    if [[ "$(id -u)" -eq 0 ]]; then
        can_install=true
    elif command -v sudo >/dev/null 2>&1 && sudo -n true >/dev/null 2>&1; then
        sudo_cmd=(sudo -n)
        can_install=true
    fi
fi

if ! $can_install; then
    cat >&2 <<MSG
ensure-chromium: $CHROMIUM not found.
The browser tests need Debian's Chromium (Playwright's own browser download is
not used). Install it as root with:

    apt-get update && apt-get install -y ${PACKAGES[*]}

(or set up the equivalent for your distribution so that $CHROMIUM exists).
MSG
    exit 1
fi

echo "ensure-chromium: $CHROMIUM not found; installing ${PACKAGES[*]} with apt-get ..." >&2
export DEBIAN_FRONTEND=noninteractive
# Wait (up to 10 min) instead of failing if another apt/dpkg holds the lock.
apt_opts=(-o DPkg::Lock::Timeout=600)
"${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${apt_opts[@]}" update -qq
"${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${apt_opts[@]}" install -y -qq \
    --no-install-recommends "${PACKAGES[@]}"

if [[ ! -x "$CHROMIUM" ]]; then
    echo "ensure-chromium: apt-get finished but $CHROMIUM still does not exist" >&2
    exit 1
fi
echo "ensure-chromium: installed $("$CHROMIUM" --version 2>/dev/null || echo chromium)" >&2
