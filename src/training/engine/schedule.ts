/**
 * Learning-rate schedule: linear warmup from 0, then a half-cycle cosine from the peak down to a floor (the
 * schedule of the MedTVT-R1 training recipe, as in LLaMA-Adapter's `adjust_learning_rate`):
 *
 *   step < warmup:  lr = peak · step / warmup
 *   else:           lr = floor + (peak − floor) · ½ · (1 + cos(π · (step − warmup) / (total − warmup)))
 *
 * `step` is 0-based and may be fractional (per-iteration schedules expressed in epochs); past `total` it stays at the floor.
 */
export type CosineSchedule = {
  peak: number;
  /** Final learning rate (the paper's `min_lr`). */
  floor: number;
  warmupSteps: number;
  totalSteps: number;
};

/** The learning rate at `step` (0-based). */
export function learningRateAt(schedule: CosineSchedule, step: number): number {
  const { peak, floor, warmupSteps, totalSteps } = schedule;
  if (step < warmupSteps) return (peak * step) / warmupSteps;
  const span = Math.max(1, totalSteps - warmupSteps);
  const progress = Math.min(1, (step - warmupSteps) / span);
  return floor + (peak - floor) * 0.5 * (1 + Math.cos(Math.PI * progress));
}
