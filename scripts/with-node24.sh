#!/usr/bin/env bash
# Runs a command with Node.js 24 first on PATH (see node24.sh), e.g. `with-node24.sh vitest run`.
set -euo pipefail
# shellcheck source=scripts/node24.sh
source "$(dirname "${BASH_SOURCE[0]}")/node24.sh"
exec "$@"
