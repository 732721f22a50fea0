/**
 * Raster primitives for the synthetic radiograph: square Float32Array planes, row-major, `size × size`. Shapes
 * are analytic (distance to a segment, an ellipse test) evaluated over their bounding box only, and filters are
 * separable, so that a 512² image takes tens of milliseconds.
 */
import type { Random } from '../random';

// Local bindings for the per-pixel loops: under jest's vm context each `Math.x` is a slow global lookup (about
// ten times slower), and under tsx's CommonJS output an imported function is read through a getter at each call.
const { ceil, floor, max, min, sqrt } = Math;

/** Hermite smoothstep of x between edges a < b: 0 below, 1 above. */
export function smoothstep(a: number, b: number, x: number): number {
  const t = (x - a) / (b - a);
  if (t <= 0) return 0;
  if (t >= 1) return 1;
  return t * t * (3 - 2 * t);
}

/**
 * Adds a tube (a blood vessel, a bronchus, a rib) along the segment (x0, y0)–(x1, y1): at distance d from the
 * axis it adds amplitude × sqrt(1 − (d / r)²), the projected chord of a cylinder of radius r.
 * Radius and amplitude taper linearly from the first end to the second. Mode `max` keeps the larger of the
 * existing and the new value, so that the segments of one polyline do not double up at their joints.
 */
export function addTube(
  plane: Float32Array,
  size: number,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  r0: number,
  r1: number,
  a0: number,
  a1: number,
  mode: 'add' | 'max' = 'add',
): void {
  const rMax = max(r0, r1);
  const left = max(0, floor(min(x0, x1) - rMax));
  const right = min(size - 1, ceil(max(x0, x1) + rMax));
  const top = max(0, floor(min(y0, y1) - rMax));
  const bottom = min(size - 1, ceil(max(y0, y1) + rMax));
  const dx = x1 - x0;
  const dy = y1 - y0;
  const length2 = dx * dx + dy * dy || 1;
  for (let y = top; y <= bottom; y += 1) {
    const py = y + 0.5 - y0;
    for (let x = left; x <= right; x += 1) {
      const px = x + 0.5 - x0;
      let t = (px * dx + py * dy) / length2;
      t = t < 0 ? 0 : t > 1 ? 1 : t;
      const ex = px - t * dx;
      const ey = py - t * dy;
      const r = r0 + (r1 - r0) * t;
      const q = (ex * ex + ey * ey) / (r * r);
      if (q >= 1) continue;
      const value = (a0 + (a1 - a0) * t) * sqrt(1 - q);
      const i = y * size + x;
      plane[i] = mode === 'add' ? (plane[i] ?? 0) + value : max(plane[i] ?? 0, value);
    }
  }
}

/**
 * Adds a filled ellipse with a soft rim: amplitude × profile, where profile is 1 inside the ellipse shrunk by
 * `soft` (a fraction of the radius) and falls smoothly to 0 at the rim.
 */
export function addEllipse(
  plane: Float32Array,
  size: number,
  cx: number,
  cy: number,
  rx: number,
  ry: number,
  amplitude: number,
  soft = 0.3,
): void {
  const left = max(0, floor(cx - rx));
  const right = min(size - 1, ceil(cx + rx));
  const top = max(0, floor(cy - ry));
  const bottom = min(size - 1, ceil(cy + ry));
  for (let y = top; y <= bottom; y += 1) {
    const v = (y + 0.5 - cy) / ry;
    for (let x = left; x <= right; x += 1) {
      const u = (x + 0.5 - cx) / rx;
      const r = sqrt(u * u + v * v);
      if (r < 1) plane[y * size + x] = (plane[y * size + x] ?? 0) + amplitude * smoothstep(1, 1 - soft, r);
    }
  }
}

/**
 * Smooth value noise in [−1, 1]: random values on a (cells + 1)² lattice over the image, interpolated with
 * smoothstep weights. A few octaves of this make the lung parenchyma and consolidation textures.
 */
export function valueNoise(rng: Random, size: number, cells: number): Float32Array {
  const n = cells + 1;
  const lattice = new Float32Array(n * n);
  for (let i = 0; i < lattice.length; i += 1) lattice[i] = rng.uniform(-1, 1);
  const out = new Float32Array(size * size);
  const step = cells / size;
  // Column weights depend only on x: computed once.
  const x0s = new Int32Array(size);
  const wxs = new Float32Array(size);
  for (let x = 0; x < size; x += 1) {
    const gx = (x + 0.5) * step;
    const ix = min(cells - 1, floor(gx));
    const fx = gx - ix;
    x0s[x] = ix;
    wxs[x] = fx * fx * (3 - 2 * fx);
  }
  for (let y = 0; y < size; y += 1) {
    const gy = (y + 0.5) * step;
    const iy = min(cells - 1, floor(gy));
    const fy = gy - iy;
    const wy = fy * fy * (3 - 2 * fy);
    const rowA = iy * n;
    const rowB = rowA + n;
    for (let x = 0; x < size; x += 1) {
      const ix = x0s[x] ?? 0;
      const wx = wxs[x] ?? 0;
      const top = (lattice[rowA + ix] ?? 0) * (1 - wx) + (lattice[rowA + ix + 1] ?? 0) * wx;
      const bottom = (lattice[rowB + ix] ?? 0) * (1 - wx) + (lattice[rowB + ix + 1] ?? 0) * wx;
      out[y * size + x] = top * (1 - wy) + bottom * wy;
    }
  }
  return out;
}

/**
 * Box blur of radius r (a (2r + 1)-tap mean), rows then columns, with edge samples repeated; `passes` repeated box
 * blurs approach a Gaussian of σ ≈ r × sqrt(passes × (r + 1) / (3r)).
 */
export function boxBlur(plane: Float32Array, size: number, radius: number, passes: number): void {
  if (radius < 1 || passes < 1) return;
  const line = new Float32Array(size);
  const width = 2 * radius + 1;
  for (let pass = 0; pass < passes; pass += 1) {
    for (let y = 0; y < size; y += 1) blurLine(plane, y * size, 1, size, radius, width, line);
    for (let x = 0; x < size; x += 1) blurLine(plane, x, size, size, radius, width, line);
  }
}

function blurLine(
  plane: Float32Array,
  start: number,
  stride: number,
  n: number,
  radius: number,
  width: number,
  line: Float32Array,
): void {
  for (let i = 0; i < n; i += 1) line[i] = plane[start + i * stride] ?? 0;
  let sum = 0;
  for (let k = -radius; k <= radius; k += 1) sum += line[min(n - 1, max(0, k))] ?? 0;
  for (let i = 0; i < n; i += 1) {
    plane[start + i * stride] = sum / width;
    sum += (line[min(n - 1, i + radius + 1)] ?? 0) - (line[max(0, i - radius)] ?? 0);
  }
}

/** The plane rotated by `degrees` about its centre (positive = clockwise on screen), bilinear, edges clamped. */
export function rotate(plane: Float32Array, size: number, degrees: number): Float32Array {
  const out = new Float32Array(size * size);
  const angle = (degrees * Math.PI) / 180;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const c = size / 2;
  const last = size - 1;
  for (let y = 0; y < size; y += 1) {
    const dy = y + 0.5 - c;
    for (let x = 0; x < size; x += 1) {
      const dx = x + 0.5 - c;
      // Inverse mapping: the source point that lands on (x, y).
      let sx = cos * dx + sin * dy + c - 0.5;
      let sy = -sin * dx + cos * dy + c - 0.5;
      sx = sx < 0 ? 0 : sx > last ? last : sx;
      sy = sy < 0 ? 0 : sy > last ? last : sy;
      const ix = min(last - 1, floor(sx));
      const iy = min(last - 1, floor(sy));
      const fx = sx - ix;
      const fy = sy - iy;
      const i = iy * size + ix;
      const top = (plane[i] ?? 0) * (1 - fx) + (plane[i + 1] ?? 0) * fx;
      const bottom = (plane[i + size] ?? 0) * (1 - fx) + (plane[i + size + 1] ?? 0) * fx;
      out[y * size + x] = top * (1 - fy) + bottom * fy;
    }
  }
  return out;
}
