/** Small edits of a beat model shared by the disease signs (widening the QRS, finding components by role). */
import type { BeatModel, ComponentRole, DipoleComponent } from './beat-model';
import type { Vec3 } from './lead-vectors';
import { dot, scale } from './lead-vectors';

/**
 * Stretches every QRS lobe by `factor` about the QRS onset and shifts the ST-T components by the added duration,
 * so that the QRS widens and the ST segment and T wave keep their shape (QT grows by the same amount).
 */
export function widenQrs(model: BeatModel, factor: number): void {
  const added = (factor - 1) * model.qrsMs;
  for (const c of model.components) {
    if (c.wave === 'qrs') {
      c.lobe = {
        ...c.lobe,
        start: c.lobe.start * factor,
        rise: c.lobe.rise * factor,
        plateau: c.lobe.plateau * factor,
        fall: c.lobe.fall * factor,
      };
    } else if (c.wave === 'st-t') {
      c.lobe = { ...c.lobe, start: c.lobe.start + added };
    }
  }
  model.qrsMs += added;
  model.qtMs += added;
}

export function componentsWithRole(model: BeatModel, ...roles: ComponentRole[]): DipoleComponent[] {
  return model.components.filter((c) => roles.includes(c.role));
}

/** The one component with this role; the normal beat always has it. */
export function requireComponent(model: BeatModel, role: ComponentRole): DipoleComponent {
  const found = model.components.find((c) => c.role === role);
  if (found === undefined) throw new RangeError(`ECG beat model: no '${role}' component`);
  return found;
}

/** `v` with its component along the unit vector `u` multiplied by `keep` (keep = −1 reflects it, 0 removes it). */
export function rescaleAlong(v: Vec3, u: Vec3, keep: number): Vec3 {
  const along = dot(v, u);
  const d = scale(u, (keep - 1) * along);
  return [v[0] + d[0], v[1] + d[1], v[2] + d[2]];
}
