#!/usr/bin/env python3
"""Reads a dataset of files through a real PyTorch DataLoader (num_workers=2),
the way a training job reads a FUSE mount, and checks every file is
byte-identical to its source copy.

usage: dataloader_check.py MOUNTED_DIR SOURCE_DIR
"""
import hashlib
import os
import sys
import time

import torch
from torch.utils.data import DataLoader, Dataset


class FileDataset(Dataset):
    """One sample per file: its name and its bytes as a uint8 tensor."""

    def __init__(self, root):
        self.root = root
        self.names = sorted(os.listdir(root))

    def __len__(self):
        return len(self.names)

    def __getitem__(self, i):
        with open(os.path.join(self.root, self.names[i]), "rb") as f:
            data = f.read()
        return self.names[i], torch.frombuffer(bytearray(data), dtype=torch.uint8)


def main():
    mounted, source = sys.argv[1], sys.argv[2]
    dataset = FileDataset(mounted)
    expected = sorted(os.listdir(source))
    if dataset.names != expected:
        print("dataloader_check: the mount lists %d files, the source %d" % (len(dataset.names), len(expected)))
        sys.exit(1)
    loader = DataLoader(dataset, batch_size=None, shuffle=True, num_workers=2)
    start = time.time()
    seen, bad = 0, []
    for name, tensor in loader:
        with open(os.path.join(source, name), "rb") as f:
            want = hashlib.sha256(f.read()).hexdigest()
        if hashlib.sha256(tensor.numpy().tobytes()).hexdigest() != want:
            bad.append(name)
        seen += 1
    elapsed = time.time() - start
    print("dataloader_check: %d files read through the DataLoader in %.1f s (%.0f files/s), %d differ%s"
          % (seen, elapsed, seen / elapsed, len(bad), (": " + ", ".join(bad[:10])) if bad else ""))
    sys.exit(0 if seen == len(expected) and not bad else 1)


if __name__ == "__main__":
    main()
