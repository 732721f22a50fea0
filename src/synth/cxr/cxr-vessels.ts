/**
 * Pulmonary vascular markings: a branching tree from each hilum whose vessels taper and fade towards the
 * periphery (the outer third of a normal lung shows almost none), plus the hilar pulmonary arteries. Upper-lobe
 * diversion (pulmonary venous hypertension) makes the upper-zone vessels as large as the lower ones.
 */
import type { Random } from '../random';
import type { CxrGeometry } from './cxr-geometry';
import type { CxrPlanes } from './cxr-planes';
import { addEllipse, addTube } from './cxr-raster';

interface Branch {
  x: number;
  y: number;
  /** Direction, radians, image coordinates (y down). */
  angle: number;
  length: number;
  radius: number;
  amplitude: number;
  generation: number;
}

const GENERATIONS = 6;

/**
 * Draws both vascular trees and hila into planes.vessels.
 *
 * @param diversion - 0–1 upper-lobe diversion: upper-zone vessels scaled up, lower-zone down
 */
export function drawVessels(rng: Random, g: CxrGeometry, planes: CxrPlanes, diversion: number): void {
  const S = g.size;
  for (const side of [-1, 1] as const) {
    const hilum = side < 0 ? g.hilumR : g.hilumL;
    const half = side < 0 ? g.halfWidthR : g.halfWidthL;
    // Trunks fan out from straight up-and-out (upper lobe) through lateral to down-and-out (lower lobe).
    const trunks = rng.int(6, 8);
    for (let k = 0; k < trunks; k += 1) {
      const spread = -1.25 + (2.6 * (k + rng.uniform(0.2, 0.8))) / trunks;
      const angle = side < 0 ? Math.PI - spread : spread;
      const upper = spread < -0.3;
      const zoneScale = upper ? 0.8 + 0.55 * diversion : 1 - 0.25 * diversion;
      const stack: Branch[] = [
        {
          x: hilum.x + rng.normal(0, S * 0.012),
          y: hilum.y + rng.normal(0, S * 0.02),
          angle,
          length: half * rng.uniform(0.17, 0.22) * (upper ? 0.9 : 1),
          radius: S * 0.007 * zoneScale,
          amplitude: 0.1 * zoneScale,
          generation: 0,
        },
      ];
      while (stack.length > 0) {
        const branch = stack.pop() as Branch;
        const bend = rng.normal(0, 0.15);
        const x1 = branch.x + branch.length * Math.cos(branch.angle + bend);
        const y1 = branch.y + branch.length * Math.sin(branch.angle + bend);
        const r1 = branch.radius * 0.8;
        const a1 = branch.amplitude * 0.88;
        addTube(planes.vessels, S, branch.x, branch.y, x1, y1, branch.radius, r1, branch.amplitude, a1);
        if (branch.generation + 1 >= GENERATIONS) continue;
        const fork = rng.uniform(0.3, 0.6);
        for (const turn of [-fork * rng.uniform(0.4, 1), fork * rng.uniform(0.4, 1)]) {
          stack.push({
            x: x1,
            y: y1,
            angle: branch.angle + bend + turn,
            length: branch.length * rng.uniform(0.75, 0.92),
            radius: Math.max(S * 0.0016, r1 * rng.uniform(0.75, 0.9)),
            amplitude: a1 * rng.uniform(0.84, 0.94),
            generation: branch.generation + 1,
          });
        }
      }
    }
    // Hilar pulmonary arteries: the right descending artery and the left artery arching over the bronchus.
    addEllipse(planes.vessels, S, hilum.x, hilum.y, S * 0.03, S * 0.05, 0.09, 0.6);
    addEllipse(planes.vessels, S, hilum.x + side * S * 0.01, hilum.y + S * 0.04, S * 0.014, S * 0.045, 0.06, 0.5);
  }
}
