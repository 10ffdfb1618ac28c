#!/usr/bin/env bash
# Installs the Debian packages the tests drive for real, when they are missing:
# git (with git-http-backend), Git LFS, hyperfine, Google Benchmark, pytest-benchmark and Chromium.
# Idempotent and quiet; run by .ci/run and safe to run by hand.
set -euo pipefail
need=()
command -v git >/dev/null 2>&1 || need+=(git)
command -v git-lfs >/dev/null 2>&1 || need+=(git-lfs)
command -v hyperfine >/dev/null 2>&1 || need+=(hyperfine)
[ -e /usr/include/benchmark/benchmark.h ] || need+=(libbenchmark-dev g++)
/usr/bin/python3 -c 'import pytest_benchmark' >/dev/null 2>&1 || need+=(python3-pytest-benchmark)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
# Emoji in the rendered comment (screenshots and layout measure them as GitHub shows them).
[ -e /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ] || need+=(fonts-noto-color-emoji)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-test-tools: missing ${need[*]}; run as root or install them with apt-get" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
