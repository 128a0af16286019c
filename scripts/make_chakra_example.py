#!/usr/bin/env python3
"""Writes the example Chakra execution trace configs/traces/dp-16/rank.<r>.et (read by
configs/chakra-dp-16.yaml): one training step of a data-parallel job on 16 GPUs. Each GPU runs
the forward pass over 8 layers, then the backward pass from the last layer to the first; after
each layer's backward, that layer's gradient bucket is all-reduced over all 16 GPUs (process
group "dp") while the next layer's backward computes, as PyTorch DDP overlaps them; the
optimizer step waits for every bucket. The compute times and bucket size are assumed
(illustrative, not measured): 75 us forward and 150 us backward per layer, 4 MiB buckets, a
50 us optimizer step.

The protobuf wire format is written by hand (no protobuf library), with the field numbers of
Chakra's schema (docs/fabric.md, "Chakra traces").
    python3 scripts/make_chakra_example.py    # rewrites the files
"""
import os

RANKS, LAYERS = 16, 8
FORWARD_US, BACKWARD_US, OPTIMIZER_US = 75, 150, 50
BUCKET_BYTES = 4 << 20
COMP_NODE, COMM_COLL_NODE, ALL_REDUCE = 4, 7, 0


def varint(v):
    out = bytearray()
    while v >= 0x80:
        out.append((v & 0x7F) | 0x80)
        v >>= 7
    out.append(v)
    return bytes(out)


def key(field, wire):
    return varint(field << 3 | wire)


def length_delimited(field, data):
    return key(field, 2) + varint(len(data)) + data


def unsigned(field, value):
    return key(field, 0) + varint(value)


def attribute(name, value):  # AttributeProto: name = 1, int64_val = 9 or string_val = 29
    body = length_delimited(1, name.encode())
    body += length_delimited(29, value.encode()) if isinstance(value, str) else unsigned(9, value)
    return length_delimited(10, body)


def node(node_id, name, node_type, deps=(), duration_us=0, attrs=()):
    # Node: id = 1, name = 2, type = 3, data_deps = 5 (packed), duration_micros = 7, attr = 10
    body = unsigned(1, node_id) + length_delimited(2, name.encode()) + unsigned(3, node_type)
    if deps:
        body += length_delimited(5, b"".join(varint(d) for d in deps))
    if duration_us:
        body += unsigned(7, duration_us)
    for a in attrs:
        body += attribute(*a)
    return body


def rank_trace():
    nodes, next_id = [], 1

    def add(*args, **kwargs):
        nonlocal next_id
        nodes.append(node(next_id, *args, **kwargs))
        next_id += 1
        return next_id - 1

    last = None
    for layer in range(LAYERS):
        last = add(f"forward_layer{layer}", COMP_NODE, [last] if last else [], FORWARD_US)
    reduces = []
    for layer in reversed(range(LAYERS)):
        last = add(f"backward_layer{layer}", COMP_NODE, [last], BACKWARD_US)
        reduces.append(add(f"allreduce_grad_layer{layer}", COMM_COLL_NODE, [last],
                           attrs=[("comm_type", ALL_REDUCE), ("comm_size", BUCKET_BYTES), ("pg_name", "dp")]))
    add("optimizer_step", COMP_NODE, [last] + reduces, OPTIMIZER_US)
    metadata = length_delimited(1, b"0.0.4")  # GlobalMetadata: version = 1
    return b"".join(varint(len(m)) + m for m in [metadata] + nodes)


def main():
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "configs", "traces", "dp-16")
    os.makedirs(out, exist_ok=True)
    for r in range(RANKS):
        with open(os.path.join(out, f"rank.{r}.et"), "wb") as f:
            f.write(rank_trace())
    print(f"wrote {RANKS} ranks of {LAYERS} layers to {os.path.normpath(out)}")


if __name__ == "__main__":
    main()
