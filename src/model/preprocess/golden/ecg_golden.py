"""Golden values for preprocess-ecg.test.ts: the MedTVT-R1 ECG preparation (get_ecg: scipy.signal.resample to 1000
samples per lead, NaN -> 0, mV) computed with SciPy on the raw WFDB bytes, leads reordered by name to the MIMIC
order I, II, III, aVR, aVF, aVL, V1-V6.
Run: python3 src/model/preprocess/golden/ecg_golden.py /path/to/shared/data
"""
import sys

import numpy as np
from scipy.signal import resample

MODEL_ORDER = ['I', 'II', 'III', 'AVR', 'AVF', 'AVL', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6']
POSITIONS = [0, 1, 250, 499, 500, 777, 998, 999]


def report(name, leads):
    """leads: dict name -> float32 tensor row (1000,)"""
    print(f'== {name}')
    for lead in MODEL_ORDER:
        row = leads.get(lead)
        if row is None:
            continue
        vals = [float(np.float32(row[t])) for t in POSITIONS]
        print(f"{lead}: sum {float(row.astype(np.float64).sum())!r}, sumsq {float((row.astype(np.float64) ** 2).sum())!r}, samples {vals}")


def wfdb16(path, nsig, gain, names, seconds_samples):
    raw = np.fromfile(path, '<i2').reshape(-1, nsig).T
    x = (raw / gain).astype(np.float32).astype(np.float64)  # our reader stores float32 mV
    return {n: resample(np.nan_to_num(x[i, :seconds_samples]), 1000).astype(np.float32) for i, n in enumerate(names)}


def synthetic(rate, n, phase):
    t = np.arange(n)
    return (np.sin(2 * np.pi * 1.2 * t / rate) + 0.3 * np.sin(2 * np.pi * 17 * t / rate + phase) + 0.001 * t).astype(np.float32)


if __name__ == '__main__':
    data = sys.argv[1]
    ptb = ['I', 'II', 'III', 'AVR', 'AVL', 'AVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6']
    report('PTB-XL 00001_hr (500 Hz x 5000)', wfdb16(f'{data}/ptb-xl/records500/00000/00001_hr.dat', 12, 1000, ptb, 5000))
    report('PTB s0010_re (1000 Hz x 38400, first 10 s)', wfdb16(f'{data}/ecg-formats/wfdb-python/s0010_re.dat', 12, 2000, ptb, 10000))

    # Synthetic 360 Hz: V1 11 s with a NaN at sample 100 (first 3600 samples used); II only 8 s (2880 samples ->
    # round(2880 * 1000 / 3600) = 800 samples, then zeros).
    v1 = synthetic(360, 3960, 0.5).astype(np.float64)
    v1[100] = np.nan
    ii = synthetic(360, 2880, 1.5).astype(np.float64)
    out = {
        'V1': resample(np.nan_to_num(v1[:3600]), 1000).astype(np.float32),
        'II': np.concatenate([resample(ii, 800), np.zeros(200)]).astype(np.float32),
    }
    report('synthetic 360 Hz', out)
