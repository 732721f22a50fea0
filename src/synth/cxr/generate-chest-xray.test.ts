import { Random } from '../random';
import type { CxrSynthSpec, LungLobe } from '../types';
import { generateChestXray } from './generate-chest-xray';

/** A region as fractions of the image: [x0, x1, y0, y1]; image left is the patient's right. */
type Box = readonly [number, number, number, number];

function regionMean(pixels: Float32Array, size: number, [x0, x1, y0, y1]: Box): number {
  let sum = 0;
  let count = 0;
  for (let y = Math.floor(y0 * size); y < y1 * size; y += 1) {
    for (let x = Math.floor(x0 * size); x < x1 * size; x += 1) {
      sum += pixels[y * size + x] ?? 0;
      count += 1;
    }
  }
  return sum / count;
}

function meanAndSd(pixels: Float32Array): { mean: number; sd: number } {
  let sum = 0;
  let sum2 = 0;
  for (const value of pixels) {
    sum += value;
    sum2 += value * value;
  }
  const mean = sum / pixels.length;
  return { mean, sd: Math.sqrt(sum2 / pixels.length - mean * mean) };
}

/**
 * Mean over columns x0–x1 of the lowest row darker than `threshold` (aerated lung): where the lung reaches its
 * costophrenic angle. Returned as a fraction of the image height.
 */
function lowestAeratedRow(pixels: Float32Array, size: number, threshold: number, x0: number, x1: number): number {
  let total = 0;
  let columns = 0;
  for (let x = Math.floor(x0 * size); x < x1 * size; x += 1) {
    let lowest = 0;
    for (let y = Math.floor(0.3 * size); y < 0.95 * size; y += 1) {
      if ((pixels[y * size + x] ?? 1) < threshold) lowest = y;
    }
    total += lowest;
    columns += 1;
  }
  return total / columns / size;
}

const NORMAL: CxrSynthSpec = {
  sex: 'male',
  ageYears: 55,
  view: 'PA',
  cardiothoracicRatio: 0.45,
  pulmonaryOedema: 0,
  effusion: 'none',
};

const SEEDS = [1, 2, 3, 4, 5];

// Regions of a frontal film that hold the named structure whatever the patient's build: lungs at mid-zone, the
// mediastinum over the spine, the abdomen under the diaphragm (checked on the seeds below by eye and by value).
const RIGHT_LUNG: Box = [0.2, 0.32, 0.3, 0.45];
const LEFT_LUNG: Box = [0.68, 0.8, 0.3, 0.45];
const MEDIASTINUM: Box = [0.47, 0.53, 0.3, 0.5];
const ABDOMEN: Box = [0.3, 0.7, 0.85, 0.95];
const RIGHT_BASE: Box = [0.08, 0.3, 0.55, 0.8];
const LEFT_BASE: Box = [0.7, 0.92, 0.55, 0.8];
const LOBE_REGIONS: Record<LungLobe, Box> = {
  RUL: [0.2, 0.35, 0.18, 0.3],
  RML: [0.3, 0.4, 0.45, 0.58],
  RLL: [0.12, 0.28, 0.5, 0.62],
  LUL: [0.65, 0.8, 0.18, 0.32],
  LLL: [0.75, 0.88, 0.5, 0.62],
};

describe('generateChestXray', () => {
  it('gives byte-identical pixels for the same seed and different pixels for different seeds', () => {
    const first = generateChestXray(new Random('patient-7/cxr'), NORMAL);
    const again = generateChestXray(new Random('patient-7/cxr'), NORMAL);
    const other = generateChestXray(new Random('patient-8/cxr'), NORMAL);

    expect(Buffer.from(again.image.pixels.buffer).equals(Buffer.from(first.image.pixels.buffer))).toBe(true);
    expect(again.truth).toEqual(first.truth);
    expect(Buffer.from(other.image.pixels.buffer).equals(Buffer.from(first.image.pixels.buffer))).toBe(false);
  });

  it('returns a square MONOCHROME2 image of at least 512 pixels, labelled synthetic, with its view and modality', () => {
    const small = generateChestXray(new Random(1), { ...NORMAL, size: 300 });
    const large = generateChestXray(new Random(1), { ...NORMAL, size: 640, view: 'AP' });

    expect([small.image.width, small.image.height, small.image.pixels.length]).toEqual([512, 512, 512 * 512]);
    expect([large.image.width, large.image.height]).toEqual([640, 640]);
    expect(large.image.view).toBe('AP');
    expect(['DX', 'CR']).toContain(small.image.modality);
    expect(small.image.sourceFormat).toBe('png');
    expect(small.image.provenance.source).toBe('synthetic');
    expect(small.image.pixels.every((grey) => grey >= 0 && grey <= 1)).toBe(true);
    // 8-bit levels: every value is a multiple of 1/255.
    expect(small.image.pixels.every((grey) => Math.abs(grey * 255 - Math.round(grey * 255)) < 1e-4)).toBe(true);
  });

  it('draws a cardiomegaly spec with a measured CTR above 0.5 and a normal one below, both near their targets', () => {
    for (const seed of SEEDS) {
      const rng = new Random(`ctr-${seed}`);
      const normalTarget = rng.uniform(0.4, 0.48);
      const enlargedTarget = rng.uniform(0.55, 0.68);

      const normal = generateChestXray(new Random(seed), { ...NORMAL, cardiothoracicRatio: normalTarget });
      const enlarged = generateChestXray(new Random(seed), { ...NORMAL, cardiothoracicRatio: enlargedTarget });

      expect(normal.truth.cardiothoracicRatio).toBeLessThan(0.5);
      expect(enlarged.truth.cardiothoracicRatio).toBeGreaterThan(0.5);
      // On PA the drawn heart is the target's size; the measurement reads row extents at whole pixels.
      expect(Math.abs(normal.truth.cardiothoracicRatio - normalTarget)).toBeLessThan(0.02);
      expect(Math.abs(enlarged.truth.cardiothoracicRatio - enlargedTarget)).toBeLessThan(0.02);
      expect(normal.truth.findings.some((finding) => finding.kind === 'cardiomegaly')).toBe(false);
      expect(enlarged.truth.findings.some((finding) => finding.kind === 'cardiomegaly')).toBe(true);
    }
  });

  it('magnifies the heart on an AP film by about 10–16 % against PA for the same patient', () => {
    for (const seed of SEEDS) {
      const pa = generateChestXray(new Random(seed), { ...NORMAL, cardiothoracicRatio: 0.5 });
      const ap = generateChestXray(new Random(seed), { ...NORMAL, cardiothoracicRatio: 0.5, view: 'AP' });

      // Published AP/PA cardiac magnification is roughly 10–15 % (the heart lies further from the detector).
      const ratio = ap.truth.cardiothoracicRatio / pa.truth.cardiothoracicRatio;
      expect(ratio).toBeGreaterThan(1.08);
      expect(ratio).toBeLessThan(1.18);
      expect(ap.truth.view).toBe('AP');
    }
  });

  it('draws dark lungs, a bright mediastinum and abdomen, in the intensity ranges of the NIH ChestX-ray14 films', () => {
    // Reference figures, from python/numpy on ../shared/data/cxr/nih-siim/00000001_000.png and 00027426_000.png
    // over the same boxes: lungs 0.18–0.31, mediastinum 0.46–0.73, abdomen 0.89; whole image mean 0.50, sd 0.26.
    for (const seed of SEEDS) {
      const { image } = generateChestXray(new Random(seed), NORMAL);
      const lungs = (regionMean(image.pixels, 512, RIGHT_LUNG) + regionMean(image.pixels, 512, LEFT_LUNG)) / 2;
      const mediastinum = regionMean(image.pixels, 512, MEDIASTINUM);
      const abdomen = regionMean(image.pixels, 512, ABDOMEN);
      const { mean, sd } = meanAndSd(image.pixels);

      expect(mediastinum - lungs).toBeGreaterThan(0.25);
      expect(lungs).toBeGreaterThan(0.12);
      expect(lungs).toBeLessThan(0.4);
      expect(mediastinum).toBeGreaterThan(0.5);
      expect(mediastinum).toBeLessThan(0.8);
      expect(abdomen).toBeGreaterThan(0.8);
      expect(abdomen).toBeLessThan(0.96);
      expect(mean).toBeGreaterThan(0.42);
      expect(mean).toBeLessThan(0.68);
      expect(sd).toBeGreaterThan(0.2);
      expect(sd).toBeLessThan(0.34);
    }
  });

  it('opacifies the right base and blunts the right costophrenic angle for a right effusion, leaving the left alone', () => {
    for (const seed of SEEDS) {
      const without = generateChestXray(new Random(seed), NORMAL).image.pixels;
      const withEffusion = generateChestXray(new Random(seed), { ...NORMAL, effusion: 'right' });
      const pixels = withEffusion.image.pixels;
      const threshold = (regionMean(without, 512, RIGHT_LUNG) + regionMean(without, 512, ABDOMEN)) / 2;

      expect(regionMean(pixels, 512, RIGHT_BASE) - regionMean(without, 512, RIGHT_BASE)).toBeGreaterThan(0.02);
      expect(Math.abs(regionMean(pixels, 512, LEFT_BASE) - regionMean(without, 512, LEFT_BASE))).toBeLessThan(0.002);
      // The lowest aerated lung at the lateral chest wall rises: the angle fills with fluid.
      const before = lowestAeratedRow(without, 512, threshold, 0.1, 0.2);
      const after = lowestAeratedRow(pixels, 512, threshold, 0.1, 0.2);
      expect(before - after).toBeGreaterThan(0.02);
      expect(withEffusion.truth.findings).toContainEqual(
        expect.objectContaining({ kind: 'pleural-effusion', location: 'right' }),
      );
    }
  });

  it.each(Object.keys(LOBE_REGIONS) as LungLobe[])(
    'raises the intensity of the %s region for a lobar consolidation there and leaves the other lung unchanged',
    (lobe) => {
      for (const seed of SEEDS.slice(0, 2)) {
        const without = generateChestXray(new Random(seed), NORMAL).image.pixels;
        const consolidated = generateChestXray(new Random(seed), {
          ...NORMAL,
          consolidation: { lobes: [lobe], pattern: 'lobar', extent: 0.7 },
        });
        const otherLung = lobe.startsWith('R') ? LEFT_LUNG : RIGHT_LUNG;

        const pixels = consolidated.image.pixels;
        expect(
          regionMean(pixels, 512, LOBE_REGIONS[lobe]) - regionMean(without, 512, LOBE_REGIONS[lobe]),
        ).toBeGreaterThan(0.1);
        expect(Math.abs(regionMean(pixels, 512, otherLung) - regionMean(without, 512, otherLung))).toBeLessThan(0.002);
        expect(consolidated.truth.findings).toContainEqual({ kind: 'consolidation', location: lobe, severity: 0.7 });
      }
    },
  );

  it('spreads patchy consolidation over both named lobes', () => {
    const without = generateChestXray(new Random(9), NORMAL).image.pixels;
    const patchy = generateChestXray(new Random(9), {
      ...NORMAL,
      consolidation: { lobes: ['RLL', 'LLL'], pattern: 'patchy', extent: 0.8 },
    }).image.pixels;

    expect(regionMean(patchy, 512, LOBE_REGIONS.RLL) - regionMean(without, 512, LOBE_REGIONS.RLL)).toBeGreaterThan(
      0.03,
    );
    expect(regionMean(patchy, 512, LOBE_REGIONS.LLL) - regionMean(without, 512, LOBE_REGIONS.LLL)).toBeGreaterThan(
      0.03,
    );
    expect(
      Math.abs(regionMean(patchy, 512, LOBE_REGIONS.RUL) - regionMean(without, 512, LOBE_REGIONS.RUL)),
    ).toBeLessThan(0.002);
  });

  it('draws pulmonary oedema densest at the hila (bat-wing), more than at the lung periphery', () => {
    const perihilar: Box = [0.32, 0.4, 0.35, 0.5];
    const peripheral: Box = [0.1, 0.17, 0.3, 0.45];
    for (const seed of SEEDS.slice(0, 3)) {
      const without = generateChestXray(new Random(seed), NORMAL).image.pixels;
      const oedema = generateChestXray(new Random(seed), { ...NORMAL, pulmonaryOedema: 0.7 });
      const rise = (box: Box): number => regionMean(oedema.image.pixels, 512, box) - regionMean(without, 512, box);

      expect(rise(perihilar)).toBeGreaterThan(0.08);
      expect(rise(perihilar)).toBeGreaterThan(rise(peripheral));
      expect(oedema.truth.findings).toContainEqual({ kind: 'pulmonary-oedema', location: 'bilateral', severity: 0.7 });
    }
  });
});
