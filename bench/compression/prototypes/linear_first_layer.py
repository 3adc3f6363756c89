#!/usr/bin/env python3
"""Prototype (not part of the benchmark): linear lumping of hidden layer 1 of a network whose
first activation is a polynomial of degree <= 2, then odered's merge of hidden layer 2.

    linear_first_layer.py NET.json TEST.csv CAL.csv "TARGET ..." [--binary PATH]

h_k(x) = sigma(w_k . x + b_k) with sigma(z) = c1 z + c2 z^2 is the quadratic form
x~^T (c2 w~_k w~_k^T + c1 sym(e w~_k^T)) x~ on x~ = (x, 1), so each neuron of layer 1 is a vector
in the space of quadratic forms on d + 1 coordinates, of dimension (d + 1)(d + 2)/2 (45 for d = 8
inputs). Keep r neurons (QR with column pivoting on those vectors), write the others as
least-squares combinations C of the kept ones (exact when r >= the rank: no data involved), and
fold them into layer 2: V' = V_kept + V_removed C^T. Then `odered compress --widths r,w2
--tune-rules` merges layer 2 (w2 the widest within the budget), r chosen on a grid by the MSE on
the calibration rows' targets; against `odered compress --target-params --tune-rules
--tune-drop` on the original network. Written 2026-12-04 (bench/compression/ATTEMPTS.md).
numpy and scipy; one run per network.
"""
import json, subprocess, sys, numpy as np, scipy.linalg as sl
import os
args = [a for a in sys.argv[1:]]
O = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", ".build", "release", "odered")
if "--binary" in args:
    k = args.index("--binary"); O = args[k + 1]; del args[k:k + 2]
netp, test, cal = args[0], args[1], args[2]; targets = args[3].split()
net = json.load(open(netp)); L1 = net["layers"][0]; W = np.array(L1["weights"]); b = np.array(L1["bias"]); n, d = W.shape
V = np.array(net["layers"][1]["weights"]); n2 = V.shape[0]; o = len(net["layers"][2]["weights"])
act = L1["activation"]
c1, c2 = (0.0, 1.0) if act == "square" else (0.0 if len(act["polynomial"]) < 2 else act["polynomial"][1], act["polynomial"][2])
assert act == "square" or (len(act["polynomial"]) == 3 and act["polynomial"][0] == 0), "degree <= 2, no constant term"
e = np.zeros(d + 1); e[d] = 1.0
Wt = np.hstack([W, b[:, None]]); iu = np.triu_indices(d + 1); sc = np.where(iu[0] == iu[1], 1.0, np.sqrt(2.0))
A = np.stack([(c2 * np.outer(w, w) + c1 * (np.outer(e, w) + np.outer(w, e)) / 2)[iu] * sc for w in Wt], axis=1)
_, _, piv = sl.qr(A, pivoting=True, mode="economic")
def run(*a): return json.loads(subprocess.run([O, *a, "--json"], capture_output=True, text=True, check=True).stdout)
def mse(p): return run("evaluate", p, test, "--target", *targets)["mse"]
def params(r, w2): return d * r + r + r * w2 + w2 + w2 * o + o
total = params(n, n2); base = mse(netp)
for grp in [75, 50, 25]:
    limit = int(total * grp / 100)
    ref = run("compress", netp, "--target-params", str(limit), "--linkage", "complete", "--calibration", cal, "--tune-rules", "--tune-drop", "-o", "ref.json")
    best = None
    for r in range(8, n + 1, 4):
        w2 = max([w for w in range(1, n2 + 1) if params(r, w) <= limit], default=None)
        if w2 is None or w2 < 8: continue
        keep = np.sort(piv[:r]); rem = np.setdiff1d(np.arange(n), keep)
        C, *_ = np.linalg.lstsq(A[:, keep], A[:, rem], rcond=None)
        out = json.loads(json.dumps(net))
        out["layers"][0]["weights"] = W[keep].tolist(); out["layers"][0]["bias"] = b[keep].tolist()
        out["layers"][1]["weights"] = (V[:, keep] + V[:, rem] @ C.T).tolist()
        json.dump(out, open("lin.json", "w"))
        j = run("compress", "lin.json", "--widths", f"{r},{w2}", "--linkage", "complete", "--calibration", cal, "--tune-rules", "-o", f"lin_{r}.json")
        c = run("evaluate", f"lin_{r}.json", cal, "--target", *targets)["mse"]  # selection: calibration rows' targets
        if best is None or c < best[0]: best = (c, r, w2, j["parameters_after"])
    _, r, w2, p = best
    print(f"GRP {grp}: linear+merge widths {r},{w2} ({p} params) test x{mse(f'lin_{r}.json')/base:.3g}; "
          f"odered merge rules drop widths {ref.get('widths')} ({ref['parameters_after']}) x{mse('ref.json')/base:.3g}", flush=True)
