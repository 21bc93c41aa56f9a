#!/usr/bin/env python3
"""Writes a benchmark pair of logits files with numpy: python3 logits_make_pair.py DIR POSITIONS VOCAB

DIR/ref.npy, DIR/cand.npy (float32 [POSITIONS, VOCAB]) and DIR/ref.golden.json, DIR/cand.golden.json
(the same values as MAX golden files: 4 prompts of POSITIONS/4 steps). The reference looks like a
language model's logits (a broad spread with a few strong tokens); the candidate is the reference
plus bfloat16-sized noise, as a bf16 MAX run against a float32 reference would differ.
"""
import base64
import json
import os
import sys

import numpy as np

out, positions, vocab = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(42)
ref = rng.standard_normal((positions, vocab), dtype=np.float32) * 2.5
hot = rng.integers(0, vocab, size=(positions, 8))
np.put_along_axis(ref, hot, np.take_along_axis(ref, hot, axis=1) + 12, axis=1)
cand = ref + rng.standard_normal((positions, vocab), dtype=np.float32) * 0.02
np.save(os.path.join(out, "ref.npy"), ref)
np.save(os.path.join(out, "cand.npy"), cand)


def golden(rows, path):
    steps = positions // 4
    with open(path, "w") as f:
        f.write("[")
        for p in range(4):
            f.write(("" if p == 0 else ", ") + json.dumps({"prompt": f"prompt {p}"})[:-1] + ', "values": [')
            for s in range(steps):
                row = rows[p * steps + s]
                tok = int(row.argmax())
                f.write(("" if s == 0 else ", ") + json.dumps({"next_token": tok, "next_token_logits": float(row[tok]), "logits": {"__np__": base64.b64encode(row.tobytes()).decode("ascii"), "shape": [vocab], "dtype": "float32"}}))
            f.write("]}")
        f.write("]")


golden(ref, os.path.join(out, "ref.golden.json"))
golden(cand, os.path.join(out, "cand.golden.json"))
