#!/usr/bin/env bash
# Installs what Klantpeil needs and is missing; quick (no network) when nothing is.
#   Debian packages   scripts/apt-packages.txt, checked with dpkg-query; apt-get only if any is missing
#   Dear ImGui source `apt-get source imgui` into third_party/ (git-ignored), once
#   npm test tooling  `npm ci` from package-lock.json when node_modules is missing or older
# Sourced by ./klantpeil (functions kp_setup*), or run on its own: scripts/setup.sh
set -euo pipefail

KP_ROOT=${KP_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}

kp_log() { printf '[klantpeil] %s\n' "$*" >&2; }

# Runs a command as root: directly when we are root, else through sudo.
kp_as_root() {
    if [[ $(id -u) == 0 ]]; then "$@"
    elif command -v sudo >/dev/null; then sudo "$@"
    else kp_log "need root for: $*"; return 1
    fi
}

kp_apt() { kp_as_root env DEBIAN_FRONTEND=noninteractive apt-get -q "$@"; }

# Prints the packages of scripts/apt-packages.txt (plus npm when there is no npm client)
# that dpkg does not report as installed.
kp_missing_packages() {
    local wanted
    wanted=$(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$KP_ROOT/scripts/apt-packages.txt")
    # Node from another source than Debian may bring its own npm; only the command matters.
    command -v npm >/dev/null || wanted+=$'\nnpm'
    local installed
    installed=$(dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' $wanted 2>/dev/null \
        | awk '$2 == "ii" { print $1 }' || true)
    comm -23 <(sort -u <<<"$wanted") <(sort -u <<<"$installed")
}

kp_setup_packages() {
    local missing
    missing=$(kp_missing_packages)
    [[ -z $missing ]] && return 0
    kp_log "installing Debian packages: $(echo $missing)"
    kp_apt update
    kp_apt install -y --no-install-recommends $missing
}

# Adds deb-src entries for the Debian archive, for `apt-get source`. Handles deb822
# (/etc/apt/sources.list.d/*.sources, bookworm's default) and a classic sources.list.
# Returns 1 when nothing had to change.
kp_enable_deb_src() {
    local changed=1 f
    for f in /etc/apt/sources.list.d/*.sources; do
        [[ -e $f ]] || continue
        grep -q 'debian' "$f" && grep -qx 'Types: deb' "$f" || continue
        kp_as_root sed -i 's/^Types: deb$/Types: deb deb-src/' "$f"
        changed=0
    done
    local classic=/etc/apt/sources.list extra=/etc/apt/sources.list.d/klantpeil-deb-src.list
    if [[ -f $classic ]] && ! grep -qs '^deb-src .*debian' "$classic" "$extra"; then
        local lines
        lines=$(sed -n 's/^deb \(.*debian.*\)$/deb-src \1/p' "$classic")
        if [[ -n $lines ]]; then
            kp_as_root tee "$extra" >/dev/null <<<"$lines"
            changed=0
        fi
    fi
    return $changed
}

# The Dear ImGui source (Debian ships only headers and an x86 library as binaries).
# Ends as third_party/imgui -> third_party/imgui-<version>.
kp_setup_imgui() {
    local dir="$KP_ROOT/third_party"
    [[ -f $dir/imgui/imgui.h ]] && return 0
    kp_log "fetching the Dear ImGui source package into third_party/"
    if kp_enable_deb_src || ! apt-get source --print-uris imgui >/dev/null 2>&1; then
        kp_apt update
    fi
    mkdir -p "$dir"
    (cd "$dir" && apt-get -q source imgui >&2)
    local unpacked
    unpacked=$(cd "$dir" && ls -d imgui-*/ | sort -V | tail -n 1)
    ln -sfn "${unpacked%/}" "$dir/imgui"
    [[ -f $dir/imgui/imgui.h ]] || { kp_log "apt-get source imgui gave no imgui.h"; return 1; }
}

# Test tooling from package-lock.json. Playwright drives Debian's /usr/bin/chromium and
# must never download a browser of its own.
kp_setup_npm() {
    local lock="$KP_ROOT/package-lock.json" stamp="$KP_ROOT/node_modules/.package-lock.json"
    [[ -f $stamp && ! $lock -nt $stamp ]] && return 0
    kp_log "installing npm test tooling (npm ci)"
    (cd "$KP_ROOT" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund >&2)
}

kp_setup() {
    kp_setup_packages
    kp_setup_imgui
    kp_setup_npm
}

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
    kp_setup
fi
