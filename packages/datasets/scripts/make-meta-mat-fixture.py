#!/usr/bin/env python3
"""A miniature ILSVRC2012 devkit meta.mat written by scipy.io.savemat (MAT level 5), compressed and not.

Same struct layout as the real devkit file: synsets(N,1) with ILSVRC2012_ID, WNID, words, gloss,
num_children, children, wordnet_height, num_train_images; IDs 1-3 are leaves (the classes), ID 4 is
an inner node. Run with Debian's python3-scipy 1.10: PYTHONPATH=… /usr/bin/python3 scripts/make-meta-mat-fixture.py
"""
import numpy as np, scipy.io

rows = [
    (1, "n02119789", "kit fox, Vulpes macrotis", 0, []),
    (2, "n01440764", "tench, Tinca tinca", 0, []),
    (3, "n01443537", "goldfish, Carassius auratus", 0, []),
    (4, "n01439121", "cyprinid", 2, [2, 3]),
]
dtype = [(f, "O") for f in ["ILSVRC2012_ID", "WNID", "words", "gloss", "num_children", "children", "wordnet_height", "num_train_images"]]
synsets = np.zeros((len(rows), 1), dtype=dtype)
for i, (id_, wnid, words, n, children) in enumerate(rows):
    synsets[i, 0] = (np.array([[float(id_)]]), wnid, words, "gloss of " + words, np.array([[float(n)]]),
                     np.array([children], dtype=float) if children else np.zeros((1, 0)), np.array([[0.0]]), np.array([[1300.0]]))
for compress in (True, False):
    scipy.io.savemat(f"test/fixtures/meta{'' if compress else '-uncompressed'}.mat", {"synsets": synsets}, do_compression=compress)
