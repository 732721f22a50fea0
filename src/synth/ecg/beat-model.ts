/**
 * The beat model: one beat's cardiac dipole as a sum of components, each a fixed direction (Frank coordinates, mV)
 * times a compact-support lobe (ms, relative to QRS onset). This file draws a healthy adult's beat (timing, P, QRS
 * and T loops, heart orientation); build-beat-model.ts then applies the disease signs.
 *
 * QRS: the classic three activation fronts — septal (rightward, anterior: q in I/V6, r in V1), left-ventricular free
 * wall (leftward, inferior, posterior: R in II/V5, S in V1/V2) and basal (superior, posterior: s in II/V6). Amplitudes
 * were set so the leads match PTB-XL NORM records measured with numpy (median R in II 0.92 mV, IQR 0.70–1.12; R in
 * V5 1.28 mV, 0.95–1.40; S in V1 0.81 mV; Sokolow-Lyon 2.1 mV, 1.6–2.4). The same numpy measurement on 40
 * noisy synthetic normals gives R in II 0.92 (0.75–1.12), R in V5 1.28 (1.02–1.59), S in V1 1.11, Sokolow-Lyon 2.26.
 */
import type { EcgSynthSpec } from '../types';
import type { Random } from '../random';
import type { Lobe } from './lobe';
import { lobeEnd, simpleLobe } from './lobe';
import type { Vec3 } from './lead-vectors';
import { withLength } from './lead-vectors';

export type WaveGroup = 'p' | 'qrs' | 'st-t';

/** Named so that disease signs can find and alter the component they act on. */
export type ComponentRole =
  | 'p-right-atrium'
  | 'p-left-atrium'
  | 'septal'
  | 'lv-free-wall'
  | 'basal'
  | 'infarct-q'
  | 't'
  | 't-loop'
  | 'injury'
  | 'strain';

export interface DipoleComponent {
  role: ComponentRole;
  wave: WaveGroup;
  /** mV at the lobe's peak. */
  direction: Vec3;
  lobe: Lobe;
}

export interface BeatModel {
  /** P onset to QRS onset, ms; undefined when the beat has no P wave (atrial fibrillation). */
  prMs: number | undefined;
  /** Global QRS duration: support of the QRS components, ms. */
  qrsMs: number;
  /** QRS onset to the end of the last ST-T component, ms. */
  qtMs: number;
  components: DipoleComponent[];
  signs: string[];
  /** Heart orientation drawn for this patient (degrees), so that disease vectors turn with the heart. */
  orientation: { frontalDeg: number; horizontalDeg: number };
  /** Overall voltage factor drawn for this patient (1 = average adult man of 50). */
  voltage: number;
}

/** Timing of a beat at a given rate, before disease signs. */
interface BeatTiming {
  prMs: number;
  pDurationMs: number;
  qrsMs: number;
  qtMs: number;
}

/**
 * Framingham rate correction (Sagie et al., Am J Cardiol 1992): QT = QTc − 154 ms × (1 − RR in s). Used rather than
 * Bazett to draw QT because it stays plausible at the fast rates of sepsis and AF.
 */
export function framinghamQtMs(qtcMs: number, rrMs: number): number {
  const rrS = Math.min(2, Math.max(0.3, rrMs / 1000));
  return qtcMs - 154 * (1 - rrS);
}

function drawTiming(rng: Random, spec: EcgSynthSpec): BeatTiming {
  const rrMs = 60000 / spec.heartRateBpm;
  const qrsMs = rng.truncatedNormal(93, 7, 80, 110);
  const qtcMs = rng.truncatedNormal(spec.sex === 'female' ? 410 : 400, 15, 370, 445);
  const qtMs = Math.max(qrsMs + 150, framinghamQtMs(qtcMs, rrMs));
  // PR lengthens with age and shortens with rate (sympathetic tone).
  const prDrawn = rng.truncatedNormal(152 + 0.4 * (spec.ageYears - 50), 16, 118, 205) - 0.4 * (spec.heartRateBpm - 70);
  const prMs = Math.min(220, Math.max(112, prDrawn));
  const pDurationMs = Math.min(rng.truncatedNormal(98, 8, 82, 114), prMs - 36);
  return { prMs, pDurationMs, qrsMs, qtMs };
}

/** Overall voltage factor: body habitus, sex and age (voltage falls with age and is lower in women). */
function drawVoltage(rng: Random, spec: EcgSynthSpec): number {
  const sexFactor = spec.sex === 'female' ? 0.86 : 1;
  const ageFactor = Math.min(1.15, Math.max(0.8, 1 - 0.004 * (spec.ageYears - 50)));
  return Math.exp(rng.truncatedNormal(0, 0.2, -0.4, 0.4)) * sexFactor * ageFactor;
}

/** The QRS of a normal heart, spread over [0, qrsMs]: the first lobe starts at 0 and the last ends at qrsMs. */
function qrsComponents(rng: Random, qrsMs: number, voltage: number): DipoleComponent[] {
  const septal = rng.truncatedNormal(0.24, 0.06, 0.1, 0.4) * voltage;
  const freeWall = 1.75 * Math.exp(rng.truncatedNormal(0, 0.15, -0.3, 0.3)) * voltage;
  const basal = rng.truncatedNormal(0.28, 0.08, 0.1, 0.5) * voltage;
  return [
    {
      role: 'septal',
      wave: 'qrs',
      direction: withLength([-0.45, 0.25, -0.85], septal),
      lobe: simpleLobe(0, 0.3 * qrsMs, 0.45, 1.5),
    },
    {
      role: 'lv-free-wall',
      wave: 'qrs',
      direction: withLength([0.76, 0.5, 0.4], freeWall),
      lobe: simpleLobe(0.12 * qrsMs, 0.56 * qrsMs, 0.48, 2),
    },
    {
      role: 'basal',
      wave: 'qrs',
      direction: withLength([-0.35, -0.45, 0.8], basal),
      lobe: simpleLobe(0.38 * qrsMs, 0.62 * qrsMs, 0.45, 1.5),
    },
  ];
}

function pComponents(rng: Random, timing: BeatTiming, voltage: number): DipoleComponent[] {
  const start = -timing.prMs;
  const d = timing.pDurationMs;
  const amplitude = rng.truncatedNormal(1, 0.2, 0.6, 1.5) * Math.sqrt(voltage);
  return [
    {
      role: 'p-right-atrium',
      wave: 'p',
      direction: withLength([0.25, 0.85, -0.45], 0.14 * amplitude),
      lobe: simpleLobe(start, 0.62 * d, 0.5, 2),
    },
    {
      role: 'p-left-atrium',
      wave: 'p',
      direction: withLength([0.75, 0.45, 0.5], 0.11 * amplitude),
      lobe: simpleLobe(start + 0.35 * d, 0.65 * d, 0.55, 2),
    },
  ];
}

/**
 * The T wave: an asymmetric lobe (slow rise, faster fall) ending exactly at QT, after a short isoelectric ST
 * segment (15 % of the J-to-T-end time) from which it rises slowly; a small second component opens the T loop.
 */
function tComponents(rng: Random, timing: BeatTiming, voltage: number): DipoleComponent[] {
  const jToEnd = timing.qtMs - timing.qrsMs;
  const tStart = timing.qrsMs + 0.15 * jToEnd;
  const tDuration = timing.qtMs - tStart;
  const amplitude = rng.truncatedNormal(0.45, 0.1, 0.25, 0.7) * voltage;
  return [
    {
      role: 't',
      wave: 'st-t',
      direction: withLength([0.6, 0.55, -0.4], amplitude),
      lobe: simpleLobe(tStart, tDuration, 0.63, 2),
    },
    {
      role: 't-loop',
      wave: 'st-t',
      direction: withLength([0.2, -0.25, -0.5], 0.15 * amplitude),
      lobe: simpleLobe(tStart, 0.8 * tDuration, 0.45, 2),
    },
  ];
}

/** Rotation of the whole heart: `frontalDeg` about Z (electrical axis), `horizontalDeg` about Y (transition zone). */
export function rotateHeart(v: Vec3, frontalDeg: number, horizontalDeg: number): Vec3 {
  const a = (frontalDeg * Math.PI) / 180;
  const b = (horizontalDeg * Math.PI) / 180;
  const x1 = v[0] * Math.cos(a) - v[1] * Math.sin(a);
  const y1 = v[0] * Math.sin(a) + v[1] * Math.cos(a);
  const x2 = x1 * Math.cos(b) + v[2] * Math.sin(b);
  const z2 = -x1 * Math.sin(b) + v[2] * Math.cos(b);
  return [x2, y1, z2];
}

/**
 * A healthy adult beat for this spec's sex, age and rate (no disease signs yet). In atrial fibrillation the P
 * components are left out and `prMs` is undefined.
 */
export function buildNormalBeat(rng: Random, spec: EcgSynthSpec): BeatModel {
  const timing = drawTiming(rng, spec);
  const voltage = drawVoltage(rng, spec);
  const components = [
    ...(spec.rhythm === 'sinus' ? pComponents(rng, timing, voltage) : []),
    ...qrsComponents(rng, timing.qrsMs, voltage),
    ...tComponents(rng, timing, voltage),
  ];
  // Axis: normal adults −30° to +90° around about +50°; LVH shifts it leftwards (superior).
  const frontal = rng.truncatedNormal(spec.lvh ? -12 : 0, 15, -40, 35);
  const horizontal = rng.truncatedNormal(0, 12, -30, 30);
  for (const c of components) c.direction = rotateHeart(c.direction, frontal, horizontal);
  return {
    prMs: spec.rhythm === 'sinus' ? timing.prMs : undefined,
    qrsMs: timing.qrsMs,
    qtMs: timing.qtMs,
    components,
    signs: [],
    orientation: { frontalDeg: frontal, horizontalDeg: horizontal },
    voltage,
  };
}

/** Re-derives PR, QRS and QT from the components' supports after disease signs moved them. */
export function updateIntervals(model: BeatModel): void {
  const p = waveSupport(model, 'p');
  const qrs = waveSupport(model, 'qrs');
  const stt = waveSupport(model, 'st-t');
  model.prMs = p === undefined ? undefined : -p[0];
  if (qrs !== undefined) model.qrsMs = qrs[1] - Math.min(0, qrs[0]);
  if (stt !== undefined) model.qtMs = stt[1];
}

/** Support of a wave group: [earliest start, latest end] over its components, ms. */
export function waveSupport(model: BeatModel, wave: WaveGroup): [number, number] | undefined {
  let start = Infinity;
  let end = -Infinity;
  for (const c of model.components) {
    if (c.wave !== wave) continue;
    start = Math.min(start, c.lobe.start);
    end = Math.max(end, lobeEnd(c.lobe));
  }
  return start <= end ? [start, end] : undefined;
}
