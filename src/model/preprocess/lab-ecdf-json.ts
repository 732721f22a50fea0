/**
 * The lab ECDF file of a model package (`inputs.labs`): self-describing (each lab's vector index, id, MIMIC itemid,
 * LOINC and UCUM unit) and compact (each lab stores its knots and, per knot, how many training values fall in
 * (previous knot, knot]; the per-knot counts add up to n).
 */
import { z } from 'zod';
import { FormatError, LABS } from '../../shared';
import { LAB_ECDF_MAX_ERROR_LIMIT, type LabEcdf, type LabEcdfEntry } from './lab-ecdf';

export const LAB_ECDF_FORMAT = 'medtvt-lab-ecdf';

const labSchema = z.object({
  index: z.number().int().min(0).max(49),
  id: z.string(),
  itemid: z.number().int(),
  loinc: z.string().nullable(),
  unit: z.string(),
  n: z.number().int().min(0),
  meanPercentile: z.number().min(0).max(1),
  knots: z.array(z.number()),
  counts: z.array(z.number().int().min(1)),
});

const fileSchema = z.object({
  format: z.literal(LAB_ECDF_FORMAT),
  version: z.literal(1),
  /** Largest percentile error of the stored ECDFs (0 = exact). */
  maxError: z.number().min(0).lt(LAB_ECDF_MAX_ERROR_LIMIT),
  labs: z.array(labSchema).length(LABS.length),
});

/** The JSON form of a LabEcdf. */
export type LabEcdfJson = z.infer<typeof fileSchema>;

/** The JSON form of `ecdf`, ready for JSON.stringify. */
export function labEcdfToJson(ecdf: LabEcdf): LabEcdfJson {
  return {
    format: LAB_ECDF_FORMAT,
    version: 1,
    maxError: ecdf.maxError,
    labs: ecdf.labs.map((entry, index) => {
      const lab = LABS[index]!;
      const counts = Array.from(entry.cumulative, (c, j) => c - (j === 0 ? 0 : entry.cumulative[j - 1]!));
      return {
        index,
        id: lab.id,
        itemid: lab.itemid,
        loinc: lab.loinc,
        unit: lab.unit,
        n: entry.n,
        meanPercentile: entry.meanPercentile,
        knots: Array.from(entry.knots),
        counts,
      };
    }),
  };
}

/** Checks one lab against the catalogue and its own consistency; returns the reason it is wrong, if it is. */
function problem(json: LabEcdfJson['labs'][number], index: number): string | undefined {
  const lab = LABS[index]!;
  if (json.index !== index || json.id !== lab.id || json.itemid !== lab.itemid) {
    return `is ${json.id} (itemid ${json.itemid}, index ${json.index}), expected ${lab.id} (itemid ${lab.itemid})`;
  }
  if (json.loinc !== lab.loinc || json.unit !== lab.unit) {
    return `has LOINC ${json.loinc} in "${json.unit}", the catalogue has ${lab.loinc} in "${lab.unit}"`;
  }
  if (json.knots.length !== json.counts.length) {
    return `has ${json.knots.length} knots but ${json.counts.length} counts`;
  }
  for (let j = 0; j < json.knots.length; j++) {
    if (!Number.isFinite(json.knots[j]!) || (j > 0 && !(json.knots[j]! > json.knots[j - 1]!))) {
      return `knot ${j} is not finite and larger than the one before`;
    }
  }
  const total = json.counts.reduce((sum, c) => sum + c, 0);
  if (total !== json.n) return `counts add up to ${total}, not n = ${json.n}`;
  return undefined;
}

/**
 * Reads a lab ECDF file.
 *
 * @param json - the parsed JSON
 * @param source - file name, for error messages
 * @throws FormatError (format `lab ECDF`) naming the field when the file is malformed, when a lab differs from the
 *   catalogue (id, itemid, LOINC, unit, order), or when its knots or counts are inconsistent
 */
export function labEcdfFromJson(json: unknown, source?: string): LabEcdf {
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid';
    throw new FormatError('lab ECDF', where, source, { cause: parsed.error });
  }
  const labs: LabEcdfEntry[] = parsed.data.labs.map((lab, index) => {
    const reason = problem(lab, index);
    if (reason) throw new FormatError('lab ECDF', `labs.${index} ${reason}`, source);
    const cumulative = new Float64Array(lab.counts.length);
    let running = 0;
    lab.counts.forEach((c, j) => {
      running += c;
      cumulative[j] = running;
    });
    return {
      lab: LABS[index]!.id,
      n: lab.n,
      knots: Float64Array.from(lab.knots),
      cumulative,
      meanPercentile: lab.meanPercentile,
    };
  });
  return { labs, maxError: parsed.data.maxError };
}
