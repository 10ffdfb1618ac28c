# A CPU stand-in for infer.py, to try run-mode-check.sh on a machine with no GPU:
#   BENCH=bench/gpu/infer-cpu.py GPU_MODE=optional PYCHECK="print(0)" NODE_BIN=$(which node) bench/gpu/run-mode-check.sh
import json, sys, time
WORK = 1.0
def loop(n):
    t = 0
    for i in range(n): t += i
def timed(n):
    s = []
    for r in range(12):
        st = time.perf_counter(); loop(n); e = time.perf_counter() - st
        if r >= 2: s.append(e * 1000)
    return s
json.dump({"unit": "ms", "benchmarks": {"matmul-bf16-8192": timed(int(100000 * WORK)), "mlp-bf16-b64": timed(int(50000 * WORK))}}, open(sys.argv[1], "w"))
