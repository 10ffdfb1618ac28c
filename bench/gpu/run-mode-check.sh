#!/usr/bin/env bash
# The benchmark rule's run mode on a real GPU: a base against a head that does 10% more work
# (slow), and against itself (same). Prepare with `npm run bench:gpu-prepare` (carry .gpu/), then
# run `bench/gpu/run-mode-check.sh`; reports land in $OUT. Figures: docs/benchmarks.md.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd); GPU_DIR=$ROOT/.gpu
OUT=${OUT:-/tmp/gpu-out}; mkdir -p "$OUT"
BENCH=$(realpath "${BENCH:-$ROOT/bench/gpu/infer.py}")
log() { echo "[$(date +%T)] $*" | tee -a "$OUT/log.txt"; }
if [ -z "${NODE_BIN:-}" ]; then
  mkdir -p /tmp/node24 && gzip -dc "$GPU_DIR/node.gz" > /tmp/node24/node && chmod +x /tmp/node24/node
  NODE_BIN=/tmp/node24/node
fi
{ "$NODE_BIN" --version; git --version; python3 -c "${PYCHECK:-import torch,sys; print(sys.version.split()[0], torch.__version__, torch.cuda.get_device_name(0))}"; nvidia-smi --query-gpu=name,driver_version,clocks.sm,clocks.mem,power.draw,temperature.gpu --format=csv; nproc; } 2>&1 | tee -a "$OUT/log.txt"
R=/tmp/gpu-repo; rm -rf "$R"; mkdir -p "$R/bench" "$R/.github"
cd "$R"
g() { git -c user.name=bench -c user.email=bench@example.com "$@"; }
g init -q -b main
printf 'bench/results.json\n' > .gitignore
cp "$BENCH" bench/infer.py
cat > .github/ml-guardrails.yml <<'YML'
version: 1
rules:
  - id: inference-latency
    kind: benchmark
    run: python3 bench/infer.py bench/results.json
    file: bench/results.json
    statistic: p50
    max_increase_pct: 5
    confidence: 0.95
    runs: 10
    warmup: 1
    baseline: rerun
    confirm: true
    run_timeout: 120
    time_limit: 300
    hardware: { gpu: GPU_MODE }
YML
echo "# GPU benchmark" > README.md
sed -i "s/GPU_MODE/${GPU_MODE:-required}/" .github/ml-guardrails.yml
g add -A && g commit -qm base
g checkout -qb slow && sed -i 's/^WORK = 1.0/WORK = 1.1/' bench/infer.py && g commit -qam "10% more work"
g checkout -q main && g checkout -qb same && echo "same code" >> README.md && g commit -qam "same code"
g checkout -q main
for head in ${HEADS:-slow same}; do
  log "check main..$head"
  start=$(date +%s)
  "$NODE_BIN" "$GPU_DIR/cli.mjs" check --base main --head "$head" --format json --out "$OUT/$head.json" 2> "$OUT/$head.stderr"
  code=$?
  log "exit $code in $(( $(date +%s) - start )) s"; tail -5 "$OUT/$head.stderr" | tee -a "$OUT/log.txt"
done
git worktree list | tee -a "$OUT/log.txt"
