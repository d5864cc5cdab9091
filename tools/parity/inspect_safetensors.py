"""Reads a safetensors file or a Hugging Face directory (single file or sharded index) with safetensors_np.read in
strict mode and prints one JSON object: name -> {dtype, shape, file, sum, sum_abs, first}. The Java tests run it on
checkpoints the Java writer saved, to prove another reader accepts them.

    python3 tools/parity/inspect_safetensors.py DIR_OR_FILE"""
import json
import os
import sys

import safetensors_np


def files_of(target):
    if os.path.isfile(target):
        return [target]
    index = os.path.join(target, "model.safetensors.index.json")
    if os.path.exists(index):
        with open(index) as f:
            idx = json.load(f)
        shards = sorted(set(idx["weight_map"].values()))
        return [os.path.join(target, s) for s in shards], idx
    return [os.path.join(target, "model.safetensors")]


def main(target):
    found = files_of(target)
    index = None
    if isinstance(found, tuple):
        found, index = found
    result = {}
    total_bytes = 0
    for path in found:
        header, tensors = safetensors_np.read(path, strict=True)
        for name, arr in tensors.items():
            info = header[name]
            total_bytes += info["data_offsets"][1] - info["data_offsets"][0]
            if index is not None and index["weight_map"].get(name) != os.path.basename(path):
                raise ValueError(f"{name}: index says {index['weight_map'].get(name)}, found in {path}")
            flat = arr.reshape(-1)
            result[name] = {"dtype": info["dtype"], "shape": info["shape"], "file": os.path.basename(path),
                            "sum": float(flat.sum()), "sum_abs": float(abs(flat).sum()),
                            "first": [float(x) for x in flat[:4]]}
    if index is not None:
        if set(index["weight_map"]) != set(result):
            raise ValueError("index weight_map and shard contents differ")
        if index["metadata"]["total_size"] != total_bytes:
            raise ValueError(f"index total_size {index['metadata']['total_size']} != {total_bytes}")
    print(json.dumps(result, sort_keys=True))


if __name__ == "__main__":
    main(sys.argv[1])
