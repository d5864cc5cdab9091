"""Reads a safetensors file with json and numpy only: an 8-byte little-endian header length N, N bytes of JSON
({name: {"dtype", "shape", "data_offsets": [begin, end]}}, plus "__metadata__"), then the data that the offsets index
from the end of the header. Written separately from tools/parity so that this reference shares no loader with the
numpy forward it is checked against."""
import json
import struct

import numpy as np

_NUMPY_TYPE = {"F32": "<f4", "F16": "<f2", "F64": "<f8"}


def _bf16_to_float64(raw):
    # A bfloat16 is the upper half of a float32: shift the 16 bits back into place.
    bits = np.frombuffer(raw, dtype="<u2").astype(np.uint32) << 16
    return bits.view(np.float32).astype(np.float64)


def read_float64(path):
    """name -> float64 numpy array, exactly the stored values widened (F16/BF16/F32/F64)."""
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n].decode("utf-8"))
    body = data[8 + n:]
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        raw = body[begin:end]
        dtype = info["dtype"]
        if dtype == "BF16":
            values = _bf16_to_float64(raw)
        elif dtype in _NUMPY_TYPE:
            values = np.frombuffer(raw, dtype=_NUMPY_TYPE[dtype]).astype(np.float64)
        else:
            raise ValueError(f"{path}: {name}: dtype {dtype} is not a float type this reference reads")
        out[name] = values.reshape(info["shape"])
    return out
