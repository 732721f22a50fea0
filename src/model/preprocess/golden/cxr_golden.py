"""Golden values for preprocess-cxr.test.ts.

Two independent computations of the MedTVT-R1 CXR preparation (PIL convert('RGB') -> torchvision Resize(400) ->
CenterCrop(224) -> ToTensor -> Normalize(ImageNet)):
  1. `numpy_*`: a numpy re-implementation of Pillow's ImagingResample (libImaging/Resample.c: precompute_coeffs,
     normalize_coeffs_8bpc, the 8bpc and 32bpc passes) and of torchvision's size and crop arithmetic;
  2. real Pillow (installed here: 12.3.0) for the resize and crop; torchvision is not installed, so its
     `_compute_resized_output_size` and `center_crop` offsets are written out from its source.
The script asserts that both agree exactly, then prints the values the test hard-codes.
Run: python3 src/model/preprocess/golden/cxr_golden.py /path/to/00000001_000.png
"""
import math
import sys

import numpy as np
from PIL import Image

MEAN = np.array([0.485, 0.456, 0.406], dtype=np.float32)
STD = np.array([0.229, 0.224, 0.225], dtype=np.float32)
PRECISION_BITS = 22


def coeffs(in_size, out_size):
    scale = in_size / out_size
    filterscale = max(scale, 1.0)
    support = 1.0 * filterscale
    ksize = int(math.ceil(support)) * 2 + 1
    bounds, kk = [], np.zeros((out_size, ksize))
    for xx in range(out_size):
        center = (xx + 0.5) * scale
        xmin = max(0, int(center - support + 0.5))
        xmax = min(in_size, int(center + support + 0.5)) - xmin
        w = np.array([max(0.0, 1.0 - abs((x + xmin - center + 0.5) / filterscale)) for x in range(xmax)])
        if w.sum() != 0.0:
            w = w / w.sum()
        kk[xx, :xmax] = w
        bounds.append((xmin, xmax))
    return bounds, kk


def fixed(kk):
    return np.where(kk < 0, np.trunc(-0.5 + kk * (1 << PRECISION_BITS)), np.trunc(0.5 + kk * (1 << PRECISION_BITS))).astype(np.int64)


def pass8(img, bounds, kk):
    """One 8-bit pass along axis 1 of img (rows x in) -> rows x out."""
    k = fixed(kk)
    out = np.zeros((img.shape[0], len(bounds)), dtype=np.uint8)
    for xx, (xmin, n) in enumerate(bounds):
        acc = (1 << (PRECISION_BITS - 1)) + img[:, xmin:xmin + n].astype(np.int64) @ k[xx, :n]
        out[:, xx] = np.clip(acc >> PRECISION_BITS, 0, 255)
    return out


def passf(img, bounds, kk):
    out = np.zeros((img.shape[0], len(bounds)), dtype=np.float32)
    for xx, (xmin, n) in enumerate(bounds):
        acc = np.zeros(img.shape[0])
        for j in range(n):  # float64 sum in Pillow's tap order
            acc = acc + img[:, xmin + j].astype(np.float64) * kk[xx, j]
        out[:, xx] = acc.astype(np.float32)
    return out


def numpy_resize(img, out_w, out_h, eight_bit):
    p = pass8 if eight_bit else passf
    h, w = img.shape
    if out_w != w:
        img = p(img, *coeffs(w, out_w))
    if out_h != h:
        img = p(img.T, *coeffs(h, out_h)).T
    return img


def tv_size(w, h, size):
    short, long = (w, h) if w <= h else (h, w)
    new_short, new_long = size, int(size * long / short)
    return (new_short, new_long) if w <= h else (new_long, new_short)


def tv_crop(w, h, crop):
    return int(round((w - crop) / 2.0)), int(round((h - crop) / 2.0))


def normalise(x):
    """x: (224,224) float32 in [0,1] -> (3,224,224) float32, torch's sub_ then div_."""
    return np.stack([((x - MEAN[c]).astype(np.float32) / STD[c]).astype(np.float32) for c in range(3)])


def both(img, eight_bit):
    h, w = img.shape
    ow, oh = tv_size(w, h, 400)
    left, top = tv_crop(ow, oh, 224)
    mine = numpy_resize(img, ow, oh, eight_bit)[top:top + 224, left:left + 224]
    if eight_bit:
        pil = Image.fromarray(img, mode='L').convert('RGB').resize((ow, oh), Image.BILINEAR)
        pil = np.asarray(pil.crop((left, top, left + 224, top + 224)))
        assert (pil[..., 0] == pil[..., 1]).all() and (pil[..., 0] == pil[..., 2]).all()
        pil = pil[..., 0]
        x = (pil.astype(np.float32) / np.float32(255)).astype(np.float32)
    else:
        pil = Image.fromarray(img, mode='F').resize((ow, oh), Image.BILINEAR)
        pil = np.asarray(pil.crop((left, top, left + 224, top + 224)))
        x = pil
    assert pil.shape == (224, 224)
    assert np.array_equal(mine, pil), f'numpy re-implementation differs from Pillow in {(mine != pil).sum()} px'
    return (ow, oh, left, top), pil, normalise(x)


SAMPLES = [(0, 0), (0, 223), (223, 0), (223, 223), (17, 5), (60, 111), (112, 112), (150, 37), (200, 190), (99, 222)]


def report(name, img, eight_bit):
    geometry, crop, t = both(img, eight_bit)
    print(f'== {name}: resized {geometry[0]}x{geometry[1]}, crop at left {geometry[2]}, top {geometry[3]}')
    if eight_bit:
        levels = crop.astype(np.int64).ravel()
        weights = (np.arange(levels.size) % 251) + 1
        print('level sum', levels.sum(), 'weighted', int((levels * weights).sum()), 'squares', int((levels ** 2).sum()))
    print('channel sums (float64 of float32)', [repr(float(t[c].astype(np.float64).sum())) for c in range(3)])
    for (r, c) in SAMPLES:
        print(f'[{r}, {c}]', [float(np.float32(t[ch, r, c])) for ch in range(3)])


def synthetic8(w, h):
    y, x = np.mgrid[0:h, 0:w]
    return ((x * 7 + y * 13 + ((x * y) % 31) * 5) % 256).astype(np.uint8)


def synthetic16(w, h):
    y, x = np.mgrid[0:h, 0:w]
    return (((x * 37 + y * 101 + (x * x) % 97) % 65536) / 65535).astype(np.float32)


if __name__ == '__main__':
    nih = np.asarray(Image.open(sys.argv[1]))
    assert nih.dtype == np.uint8 and nih.shape == (512, 512)
    report('NIH 00000001_000.png', nih, True)
    report('synthetic 8-bit 300x517 (up-scaled)', synthetic8(300, 517), True)
    report('synthetic 8-bit 731x611 (down-scaled)', synthetic8(731, 611), True)
    report('synthetic 16-bit 640x533 (float path)', synthetic16(640, 533), False)
