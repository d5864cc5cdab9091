"""Safetensors read/write with numpy and json only, written from the format description
(https://github.com/huggingface/safetensors#format): an 8-byte little-endian header length N, N bytes of UTF-8 JSON
({name: {"dtype", "shape", "data_offsets": [begin, end]}} plus optional "__metadata__" of string->string), then the
byte buffer that the offsets index (relative to the end of the header). Used to write parity fixtures and to check
files that the Java writer produced."""
import json
import struct

import numpy as np

ITEM_SIZE = {"F32": 4, "F16": 2, "BF16": 2, "F64": 8, "I64": 8, "I32": 4, "I8": 1, "U8": 1, "BOOL": 1}


def f32_to_bf16_bits(x):
    """Round-to-nearest-even float32 -> bfloat16 bit patterns (uint16); NaN stays a quiet NaN."""
    bits = np.ascontiguousarray(x, dtype=np.float32).view(np.uint32).astype(np.uint64)
    rounding = ((bits >> 16) & 1) + 0x7FFF
    out = ((bits + rounding) >> 16).astype(np.uint16)
    nan = np.isnan(x)
    out[nan] = ((bits[nan] >> 16) | 0x40).astype(np.uint16)
    return out


def bf16_bits_to_f32(b):
    return (b.astype(np.uint32) << 16).view(np.float32)


def write(path, tensors, dtypes=None, metadata=None):
    """tensors: name -> float array; dtypes: name -> "F32"/"F16"/"BF16" (default F32)."""
    dtypes = dtypes or {}
    header = {"__metadata__": metadata or {"format": "pt"}}
    blobs = []
    offset = 0
    for name in sorted(tensors):
        arr = np.asarray(tensors[name])
        dt = dtypes.get(name, "F32")
        if dt == "F32":
            raw = arr.astype("<f4").tobytes()
        elif dt == "F16":
            raw = arr.astype("<f2").tobytes()
        elif dt == "BF16":
            raw = f32_to_bf16_bits(arr.astype(np.float32)).astype("<u2").tobytes()
        else:
            raise ValueError("unsupported dtype " + dt)
        header[name] = {"dtype": dt, "shape": list(arr.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for raw in blobs:
            f.write(raw)


def read(path, strict=True):
    """Returns (header dict, name -> float64 array). With strict, checks every rule of the format and the
    conventions the Hugging Face writer follows (padding to 8 bytes with spaces, contiguous offsets)."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 8:
        raise ValueError(f"{path}: shorter than the 8-byte header length")
    (n,) = struct.unpack("<Q", data[:8])
    if 8 + n > len(data):
        raise ValueError(f"{path}: header length {n} runs past the end of the file")
    raw_header = data[8:8 + n]
    header = json.loads(raw_header.decode("utf-8"))
    if strict:
        if n % 8 != 0:
            raise ValueError(f"{path}: header length {n} is not a multiple of 8")
        if not raw_header.startswith(b"{"):
            raise ValueError(f"{path}: header does not start with '{{'")
        stripped = raw_header.rstrip(b" ")
        if not stripped.endswith(b"}"):
            raise ValueError(f"{path}: header is padded with something other than spaces")
        meta = header.get("__metadata__")
        if meta is None or meta.get("format") != "pt":
            raise ValueError(f"{path}: __metadata__.format is not 'pt'")
        if not all(isinstance(v, str) for v in meta.values()):
            raise ValueError(f"{path}: __metadata__ values must be strings")
    body = data[8 + n:]
    entries = sorted(((k, v) for k, v in header.items() if k != "__metadata__"), key=lambda kv: kv[1]["data_offsets"][0])
    expected_begin = 0
    out = {}
    for name, info in entries:
        dt = info["dtype"]
        shape = info["shape"]
        begin, end = info["data_offsets"]
        count = int(np.prod(shape)) if shape else 1
        if end - begin != count * ITEM_SIZE[dt]:
            raise ValueError(f"{path}: {name}: {end - begin} bytes for shape {shape} of {dt}")
        if strict and begin != expected_begin:
            raise ValueError(f"{path}: {name}: offsets are not contiguous ({begin} after {expected_begin})")
        if end > len(body):
            raise ValueError(f"{path}: {name}: data runs past the end of the file")
        expected_begin = end
        chunk = body[begin:end]
        if dt == "F32":
            arr = np.frombuffer(chunk, dtype="<f4")
        elif dt == "F16":
            arr = np.frombuffer(chunk, dtype="<f2")
        elif dt == "BF16":
            arr = bf16_bits_to_f32(np.frombuffer(chunk, dtype="<u2"))
        else:
            raise ValueError(f"{path}: {name}: dtype {dt} not handled here")
        out[name] = arr.astype(np.float64).reshape(shape)
    if strict and expected_begin != len(body):
        raise ValueError(f"{path}: {len(body) - expected_begin} trailing bytes after the last tensor")
    return header, out
