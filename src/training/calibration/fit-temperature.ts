/**
 * Temperature scaling of one logit (Guo et al. 2017, per disease): the T > 0 that minimises the negative
 * log-likelihood of the labels under p = σ(z / T) on the validation split.
 */

/** Mean binary NLL of σ(z / T) against 0/1 labels, computed stably from the logits. */
export function temperatureNll(logits: ArrayLike<number>, labels: ArrayLike<number>, temperature: number): number {
  let sum = 0;
  for (let i = 0; i < logits.length; i++) {
    const z = (logits[i] as number) / temperature;
    // −log σ(z) = softplus(−z), −log(1 − σ(z)) = softplus(z); softplus(x) = max(x, 0) + log1p(e^−|x|).
    const x = labels[i] === 1 ? -z : z;
    sum += Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
  }
  return sum / logits.length;
}

/** Search range of T. Beyond it a temperature says the logits carry (almost) nothing, or are wildly overconfident. */
export const TEMPERATURE_RANGE: readonly [number, number] = [0.05, 20];

/**
 * The NLL-minimising temperature, by golden-section search on log T over TEMPERATURE_RANGE (the NLL is unimodal in
 * 1/T for a fixed set of logits: it is convex in the scale 1/T).
 *
 * @returns 1 when the labels hold only one class (no information to calibrate with)
 */
export function fitTemperature(logits: ArrayLike<number>, labels: ArrayLike<number>): number {
  if (logits.length !== labels.length) {
    throw new RangeError(`fitTemperature: ${logits.length} logits but ${labels.length} labels`);
  }
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i] === 1 ? 1 : 0;
  if (positives === 0 || positives === labels.length) return 1;
  const f = (logT: number) => temperatureNll(logits, labels, Math.exp(logT));
  let a = Math.log(TEMPERATURE_RANGE[0]);
  let b = Math.log(TEMPERATURE_RANGE[1]);
  const ratio = (Math.sqrt(5) - 1) / 2;
  let c = b - ratio * (b - a);
  let d = a + ratio * (b - a);
  let fc = f(c);
  let fd = f(d);
  for (let iteration = 0; iteration < 80 && b - a > 1e-7; iteration++) {
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - ratio * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + ratio * (b - a);
      fd = f(d);
    }
  }
  return Math.exp((a + b) / 2);
}
