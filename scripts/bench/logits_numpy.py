#!/usr/bin/env python3
"""The numpy peer of `bringup logits` for the bench (scripts/bench/logits.bench.ts).

python3 scripts/bench/logits_numpy.py REF CAND   ->  one JSON line: the summary and the per-position KL

The same metrics with MAX's definitions, written the way MAX's own scripts write them
(docs' logit_comparison.py: smooth_softmax, kl_divergence, cosine_distance; verify.py: MAE, RMSE),
vectorised with numpy over blocks of positions in float64. Reads .npy (memory-mapped), golden JSON
(json + base64, as NumpyDecoder does), .npz and .safetensors (F32/F16/BF16).
"""
import base64
import json
import resource
import struct
import sys

import numpy as np

EPS = 1e-10
BLOCK = 16


def load(path):
    with open(path, "rb") as f:
        head = f.read(16)
    if head.startswith(b"\x93NUMPY"):
        a = np.load(path, mmap_mode="r")
    elif head.startswith(b"PK"):
        z = np.load(path)
        a = z["logits"] if "logits" in z.files else z[z.files[0]]
    elif head[8:9] == b"{":
        a = load_safetensors(path)
    else:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        if data and isinstance(data[0], dict):
            rows = [np.frombuffer(base64.b64decode(v["logits"]["__np__"]), dtype=np.dtype(v["logits"]["dtype"])) for p in data for v in p["values"]]
            a = np.stack(rows)
        else:
            a = np.asarray(data, dtype=np.float64)
    return a.reshape(-1, a.shape[-1])


def load_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
    name = "logits" if "logits" in header else next(k for k in header if k != "__metadata__")
    t = header[name]
    begin, end = t["data_offsets"]
    raw = np.memmap(path, dtype=np.uint8, mode="r", offset=8 + n + begin, shape=(end - begin,))
    if t["dtype"] == "BF16":
        return (raw.view(np.uint16).astype(np.uint32) << 16).view(np.float32).reshape(t["shape"])
    return raw.view({"F32": np.float32, "F16": np.float16, "F64": np.float64}[t["dtype"]]).reshape(t["shape"])


def smooth_softmax(x):
    shifted = x - x.max(axis=-1, keepdims=True)
    p = np.exp(shifted)
    p /= p.sum(axis=-1, keepdims=True)
    return (1 - x.shape[-1] * EPS) * p + EPS


def top5(x):
    idx = np.argpartition(-x, 5, axis=-1)[:, :5]
    order = np.argsort(-np.take_along_axis(x, idx, axis=-1), axis=-1, kind="stable")
    return np.take_along_axis(idx, order, axis=-1)


def main():
    ref, cand = load(sys.argv[1]), load(sys.argv[2])
    if ref.shape != cand.shape:
        sys.exit(f"shapes differ: {ref.shape} vs {cand.shape}")
    kl, kl_rev, cos, mae, rmse, max_abs, top1, overlap = [], [], [], [], [], [], [], []
    for start in range(0, ref.shape[0], BLOCK):
        a = np.asarray(ref[start:start + BLOCK], dtype=np.float64)
        b = np.asarray(cand[start:start + BLOCK], dtype=np.float64)
        p, q = smooth_softmax(a), smooth_softmax(b)
        log_ratio = np.log(p / q)
        kl.append(np.sum(p * log_ratio, axis=-1))
        kl_rev.append(-np.sum(q * log_ratio, axis=-1))
        cos.append(1.0 - np.sum(a * b, axis=-1) / (np.linalg.norm(a, axis=-1) * np.linalg.norm(b, axis=-1)))
        d = b - a
        mae.append(np.mean(np.abs(d), axis=-1))
        rmse.append(np.sqrt(np.mean(d * d, axis=-1)))
        max_abs.append(np.max(np.abs(d), axis=-1))
        ta, tb = top5(a), top5(b)
        top1.append(ta[:, 0] == tb[:, 0])
        overlap.append(np.array([len(set(x) & set(y)) for x, y in zip(ta.tolist(), tb.tolist())]))
    kl = np.concatenate(kl)
    out = {
        "positions": int(ref.shape[0]),
        "maxKl": float(kl.max()), "meanKl": float(kl.mean()), "maxKlRev": float(np.concatenate(kl_rev).max()),
        "maxCosDist": float(np.concatenate(cos).max()), "mae": float(np.concatenate(mae).mean()),
        "rmse": float(np.concatenate(rmse).mean()), "maxAbs": float(np.concatenate(max_abs).max()),
        "top1Agreement": float(np.concatenate(top1).mean()), "top5Agreement": float(np.concatenate(overlap).mean() / 5),
        "kl": kl.tolist(),
        "maxRssBytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        "cpuMs": (resource.getrusage(resource.RUSAGE_SELF).ru_utime + resource.getrusage(resource.RUSAGE_SELF).ru_stime) * 1000,
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
