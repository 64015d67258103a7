#!/usr/bin/env python3
"""End-to-end golden for preprocessing: timm's eval transform written out with Pillow + numpy.

transforms_imagenet_eval(img_size=32, crop_pct=0.875, interpolation='bicubic', crop_mode='center'):
Resize(floor(32 / 0.875) = 36, shorter side; longer side int(36 * long / short)), CenterCrop(32),
ToTensor (float32 x / 255), Normalize(mean, std) in float32. numpy float32 arithmetic rounds like torch.
Run with Debian's python3-pil 9.4.0 + numpy: /usr/bin/python3 scripts/make-timm-eval-fixture.py
"""
import base64, io, json, math, sys
import numpy as np
from PIL import Image

rng = np.random.default_rng(3)
W, H = 50, 37
y, x = np.mgrid[0:H, 0:W]
rgb = np.stack([x * 5, y * 6, (x + y) * 3], axis=-1) + rng.integers(0, 40, size=(H, W, 3))
img = Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8), "RGB")
png = io.BytesIO(); img.save(png, format="PNG")

mean = np.array([0.485, 0.456, 0.406], dtype=np.float32)
std = np.array([0.229, 0.224, 0.225], dtype=np.float32)
size, crop_pct = 32, 0.875
scale = math.floor(size / crop_pct)
w, h = img.size
if w <= h: new_w, new_h = scale, int(scale * h / w)
else: new_w, new_h = int(scale * w / h), scale
resized = img.resize((new_w, new_h), Image.BICUBIC)
top = int(round((new_h - size) / 2.0)); left = int(round((new_w - size) / 2.0))
crop = np.asarray(resized.crop((left, top, left + size, top + size)), dtype=np.float32)
t = (crop / np.float32(255) - mean) / std
chw = np.ascontiguousarray(t.transpose(2, 0, 1)).astype(np.float32)
json.dump({"png_base64": base64.b64encode(png.getvalue()).decode(), "resize": [new_w, new_h], "crop": [left, top],
           "float32_hex": chw.tobytes().hex()}, open("test/fixtures/timm-eval.json", "w"))
print(new_w, new_h, left, top)

# Second case: a JPEG (quality 90, 4:2:0, Pillow's encoder), bilinear, 64 px, crop_pct 0.875 -> 73.
y, x = np.mgrid[0:90, 0:120]
rgb = np.stack([128 + 90 * np.sin(x / 9.0) * np.cos(y / 7.0), x * 2, y * 2.5], axis=-1) + rng.integers(0, 25, size=(90, 120, 3))
img = Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8), "RGB")
jpg = io.BytesIO(); img.save(jpg, format="JPEG", quality=90)
decoded = Image.open(io.BytesIO(jpg.getvalue())).convert("RGB")
size = 64
scale = math.floor(size / crop_pct)
w, h = decoded.size
new_w, new_h = (scale, int(scale * h / w)) if w <= h else (int(scale * w / h), scale)
resized = decoded.resize((new_w, new_h), Image.BILINEAR)
top = int(round((new_h - size) / 2.0)); left = int(round((new_w - size) / 2.0))
crop = np.asarray(resized.crop((left, top, left + size, top + size)), dtype=np.float32)
t = ((crop / np.float32(255) - mean) / std).transpose(2, 0, 1)
json.dump({"jpeg_base64": base64.b64encode(jpg.getvalue()).decode(), "resize": [new_w, new_h], "crop": [left, top],
           "float32_hex": np.ascontiguousarray(t).astype(np.float32).tobytes().hex()}, open("test/fixtures/timm-eval-jpeg.json", "w"))
print(new_w, new_h, left, top)
