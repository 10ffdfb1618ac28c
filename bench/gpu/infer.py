# bench/infer.py: two inference workloads, one results file with two benchmarks.
#   matmul-bf16-8192: GPU-bound (bf16 8192x8192 products)
#   mlp-bf16-b64:     launch-bound (a small MLP on a batch of 64, as in docs/benchmarks.md)
# WORK scales both: 1.0 on the base, 1.1 on the slower head (10% more products and layers).
import json, sys, time
import torch
WORK = 1.0
ROUNDS, WARM = 45, 15
n_mm, n_layers = round(10 * WORK), round(10 * WORK)
a = torch.randn(8192, 8192, device="cuda", dtype=torch.bfloat16)
b = torch.randn(8192, 8192, device="cuda", dtype=torch.bfloat16)
c = torch.empty(8192, 8192, device="cuda", dtype=torch.bfloat16)
mlp = torch.nn.Sequential(*[torch.nn.Linear(4096, 4096) for _ in range(n_layers)]).cuda().to(torch.bfloat16).eval()
x = torch.randn(64, 4096, device="cuda", dtype=torch.bfloat16)
def matmuls():
    for _ in range(n_mm):
        torch.mm(a, b, out=c)
def timed(fn):
    samples = []
    for r in range(ROUNDS):
        torch.cuda.synchronize(); start = time.perf_counter()
        fn()
        torch.cuda.synchronize(); elapsed = time.perf_counter() - start
        if r >= WARM: samples.append(elapsed * 1000)
    return samples
with torch.inference_mode():
    out = {"matmul-bf16-8192": timed(matmuls), "mlp-bf16-b64": timed(lambda: mlp(x))}
json.dump({"unit": "ms", "benchmarks": out}, open(sys.argv[1], "w"))
