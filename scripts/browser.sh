#!/usr/bin/env bash
# Browser-test tooling: Debian's Chromium + ChromeDriver (apt-get) and axe-core (npm registry),
# cached outside the repository. Nothing here is committed or downloaded by a test tool itself
# (`playwright install` and browser downloads do not work on our machines).
#   scripts/browser.sh install   install what is missing (idempotent; root or sudo for apt-get)
#   scripts/browser.sh env        print the variables the browser tests read
set -euo pipefail
CACHE=${MEETMYDATA_WEB_CACHE:-$HOME/.cache/meetmydata-web}
AXE_VERSION=${AXE_VERSION:-4.10.3}
AXE="$CACHE/node_modules/axe-core/axe.min.js"
CHROMIUM=${CATALOGUE_TEST_CHROMIUM:-/usr/bin/chromium}

log() { echo "[browser] $*" >&2; }

sudo_() { if [[ $(id -u) == 0 ]]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else "$@"; fi; }

install_chromium() {
  if [[ -x $CHROMIUM ]]; then return 0; fi
  log "installing Debian's chromium and chromium-driver (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  sudo_ apt-get update -qq
  sudo_ apt-get install -y -qq --no-install-recommends chromium chromium-driver fonts-dejavu-core >/dev/null
}

install_axe() {
  if [[ -f $AXE ]]; then return 0; fi
  command -v npm >/dev/null || { log "npm not found: cannot fetch axe-core"; return 1; }
  log "fetching axe-core@$AXE_VERSION from the npm registry into $CACHE"
  mkdir -p "$CACHE"
  npm install --silent --no-audit --no-fund --prefix "$CACHE" "axe-core@$AXE_VERSION" >/dev/null
}

case ${1:-install} in
  install)
    start=$(date +%s)
    install_chromium
    install_axe
    log "ready in $(( $(date +%s) - start )) s: $("$CHROMIUM" --version 2>/dev/null | head -1), axe-core at $AXE"
    ;;
  env)
    echo "export CATALOGUE_TEST_CHROMIUM=$CHROMIUM"
    echo "export CATALOGUE_TEST_AXE=$AXE"
    ;;
  *) echo "usage: $0 [install|env]" >&2; exit 2 ;;
esac
