#!/usr/bin/env bash
# `npm start`: the GitHub App server (src/app/main.ts), configured from the environment
# (APP_ID, PRIVATE_KEY or PRIVATE_KEY_PATH, WEBHOOK_SECRET, PORT, GHE_HOST, LOG_LEVEL; docs/app.md).
# In production (NODE_ENV=production, as in the Dockerfile) it runs the compiled lib/ with the
# node on PATH; otherwise the TypeScript sources through tsx with Node 24.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Node keeps the compiled code of the App's modules here (Node 22.1+), so a restart (a deploy, a
# crash) loads them about a sixth faster. Set NODE_COMPILE_CACHE to choose the folder.
export NODE_COMPILE_CACHE="${NODE_COMPILE_CACHE:-${TMPDIR:-/tmp}/ml-guardrails-compile-cache}"
if [ "${NODE_ENV:-}" = "production" ]; then
  exec node "$root/lib/app/main.js"
fi
# shellcheck source=scripts/node24.sh
source "$root/scripts/node24.sh"
exec node --import tsx "$root/src/app/main.ts"
