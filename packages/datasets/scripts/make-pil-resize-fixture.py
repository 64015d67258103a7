#!/usr/bin/env python3
"""Golden values for the Pillow-exact resizer: a seeded random RGB image resized by Pillow.

Run with Debian's python3-pil (9.4.0): /usr/bin/python3 scripts/make-pil-resize-fixture.py
Writes test/fixtures/pil-resize.json (input pixels, and Pillow's output per filter and size).
"""
import json, random
from PIL import Image

random.seed(7)
W, H = 37, 23
pixels = [random.randrange(256) for _ in range(W * H * 3)]
img = Image.frombytes("RGB", (W, H), bytes(pixels))
filters = {"nearest": Image.NEAREST, "bilinear": Image.BILINEAR, "bicubic": Image.BICUBIC, "lanczos": Image.LANCZOS}
sizes = [(16, 10), (5, 3), (37, 9), (80, 51), (12, 23), (100, 7)]
cases = []
for name, f in filters.items():
    for (w, h) in sizes:
        cases.append({"filter": name, "width": w, "height": h, "data": list(img.resize((w, h), f).tobytes())})
gray = img.convert("L")
json.dump({"pillow": Image.__version__ if hasattr(Image, "__version__") else "9.4.0", "width": W, "height": H, "rgb": pixels,
           "gray": list(gray.tobytes()), "cases": cases}, open("test/fixtures/pil-resize.json", "w"))
