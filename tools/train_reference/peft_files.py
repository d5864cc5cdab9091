"""A LoRA adapter directory in Hugging Face PEFT's layout, written and read by hand (torch 1.13 has no safetensors
module): adapter_config.json and adapter_model.safetensors = 8-byte little-endian header length, a JSON header
({name: {"dtype", "shape", "data_offsets"}}, "__metadata__": {"format": "pt"}) padded with spaces to a multiple of
8, then float32 data in header order (names sorted). Tensor names: base_model.model.<module>.lora_A.weight [r, in]
and .lora_B.weight [out, r]."""
import json
import os
import struct

import numpy as np

import safetensors_read


def tensor_name(module, which):
    return f"base_model.model.{module}.lora_{which}.weight"


def write_safetensors(path, tensors):
    """tensors: name -> float64/float32 numpy array, stored as F32."""
    names = sorted(tensors)
    header, offset, blobs = {}, 0, []
    for name in names:
        data = np.ascontiguousarray(tensors[name], dtype="<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensors[name].shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    header["__metadata__"] = {"format": "pt"}
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def write_adapter(directory, lora, rank, alpha, targets, base_model):
    """lora: module -> (A, B) numpy arrays. The config holds the keys an older PEFT (0.6-0.9) wrote, so that the Java
    reader is checked against a file that lacks the newer keys."""
    os.makedirs(directory, exist_ok=True)
    tensors = {}
    for module, (a, b) in lora.items():
        tensors[tensor_name(module, "A")] = a
        tensors[tensor_name(module, "B")] = b
    write_safetensors(os.path.join(directory, "adapter_model.safetensors"), tensors)
    config = {
        "auto_mapping": None, "base_model_name_or_path": base_model, "bias": "none", "fan_in_fan_out": False,
        "inference_mode": True, "init_lora_weights": True, "layers_pattern": None, "layers_to_transform": None,
        "lora_alpha": alpha, "lora_dropout": 0.0, "modules_to_save": None, "peft_type": "LORA", "r": rank,
        "revision": None, "target_modules": list(targets), "task_type": "CAUSAL_LM",
    }
    with open(os.path.join(directory, "adapter_config.json"), "w") as f:
        json.dump(config, f, indent=2, sort_keys=True)
        f.write("\n")


def read_adapter(directory):
    """module -> (A, B) float64 numpy arrays, read back through the independent safetensors reader."""
    stored = safetensors_read.read_float64(os.path.join(directory, "adapter_model.safetensors"))
    out = {}
    for name, value in stored.items():
        module, which = name[len("base_model.model."):].rsplit(".lora_", 1)
        pair = out.setdefault(module, [None, None])
        pair[0 if which.startswith("A") else 1] = value
    return {k: tuple(v) for k, v in out.items()}
