#!/usr/bin/env python3
"""Decode parity goldens: small files written by Pillow, and what Pillow's open().convert("RGB") gives.

Covers a gray JPEG, a gray PNG, an RGBA PNG (alpha dropped, not composited), a palette PNG, a CMYK
JPEG (Pillow's naive CMYK→RGB), progressive and 4:4:4 JPEGs, and a JPEG tagged with a Display P3 ICC profile (Pillow ignores it; the
profile bytes below are libvips' built-in "p3" profile). Run with Debian's python3-pil 9.4.0: /usr/bin/python3 scripts/make-pil-decode-fixture.py
"""
import base64, io, json
import numpy as np
from PIL import Image

rng = np.random.default_rng(11)
H, W = 21, 30
def smooth(channels):
    y, x = np.mgrid[0:H, 0:W]
    base = np.stack([(x * 7 + y * 3 + 40 * c) % 256 for c in range(channels)], axis=-1)
    return np.clip(base + rng.integers(0, 30, size=(H, W, channels)), 0, 255).astype(np.uint8)

P3_ICC = base64.b64decode("AAAB4GxjbXMEIAAAbW50clJHQiBYWVogB+IAAwAUAAkADgAdYWNzcE1TRlQAAAAAc2F3c2N0cmwAAAAAAAAAAAAAAAAAAPbWAAEAAAAA0y1oYW5kguKocouKP/clPrmS7iTWrgAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAKZGVzYwAAAPwAAAAkY3BydAAAASAAAAAid3RwdAAAAUQAAAAUY2hhZAAAAVgAAAAsclhZWgAAAYQAAAAUZ1hZWgAAAZgAAAAUYlhZWgAAAawAAAAUclRSQwAAAcAAAAAgZ1RSQwAAAcAAAAAgYlRSQwAAAcAAAAAgbWx1YwAAAAAAAAABAAAADGVuVVMAAAAIAAAAHABzAFAAMwBDbWx1YwAAAAAAAAABAAAADGVuVVMAAAAGAAAAHABDAEMAMAAAWFlaIAAAAAAAAPbWAAEAAAAA0y1zZjMyAAAAAAABDEIAAAXe///zJQAAB5MAAP2Q///7of///k4AAAOaAADAFFhZWiAAAAAAAACD3wAAPb8AAAAAWFlaIAAAAAAAAEq/AACxNwAACrVYWVogAAAAAAAAKDgAABEKAADIeHBhcmEAAAAAAAMAAAACZmkAAPKnAAANWQAAE9AAAApb")

images = {
    "gray.jpg": (Image.fromarray(smooth(1)[..., 0], "L"), "JPEG"),
    "gray.png": (Image.fromarray(smooth(1)[..., 0], "L"), "PNG"),
    "rgba.png": (Image.fromarray(smooth(4), "RGBA"), "PNG"),
    "palette.png": (Image.fromarray(smooth(3), "RGB").convert("P", palette=Image.ADAPTIVE, colors=12), "PNG"),
    "cmyk.jpg": (Image.fromarray(smooth(3), "RGB").convert("CMYK"), "JPEG"),
    "p3-icc.jpg": (Image.fromarray(smooth(3), "RGB"), "JPEG"),
    "progressive.jpg": (Image.fromarray(smooth(3), "RGB"), "JPEG"),
    "subsampling-444.jpg": (Image.fromarray(smooth(3), "RGB"), "JPEG"),
}
out = {}
for name, (img, fmt) in images.items():
    extra = {"quality": 90} if fmt == "JPEG" else {}
    if name == "p3-icc.jpg": extra["icc_profile"] = P3_ICC
    if name == "progressive.jpg": extra["progressive"] = True
    if name == "subsampling-444.jpg": extra["subsampling"] = 0
    buf = io.BytesIO(); img.save(buf, format=fmt, **extra)
    rgb = np.asarray(Image.open(io.BytesIO(buf.getvalue())).convert("RGB"))
    out[name] = {"base64": base64.b64encode(buf.getvalue()).decode(), "rgb_hex": rgb.tobytes().hex(), "width": W, "height": H}
json.dump(out, open("test/fixtures/pil-decode.json", "w"))
