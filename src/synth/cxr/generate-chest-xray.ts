/**
 * Procedural frontal chest radiographs (PA or AP) with the findings of the cohort's diseases, and their ground
 * truth. The picture is built from an anatomical model (cxr-geometry) as attenuation planes: soft tissue, lung
 * and airway air, bones, vessels, then the findings as fluid replacing air, rendered through a detector tone curve
 * with blur, rotation and quantum noise. Each part draws from its own forked random stream, so adding a finding
 * leaves the anatomy and acquisition of the same seed unchanged.
 */
import type { Random } from '../random';
import type { CxrFinding, CxrSynthSpec, CxrTruth, GeneratedCxr } from '../types';
import { drawAcquisition, renderRadiograph } from './cxr-acquisition';
import { drawBones } from './cxr-bones';
import { drawFindings } from './cxr-findings';
import { drawGeometry, measureCardiothoracicRatio } from './cxr-geometry';
import { drawLungs } from './cxr-lungs';
import { drawMediastinum } from './cxr-mediastinum';
import { createPlanes } from './cxr-planes';
import { drawSoftTissue } from './cxr-soft-tissue';
import { drawVessels } from './cxr-vessels';

/** The smallest side the issue allows, and the default. */
export const MIN_CXR_SIZE = 512;

/** CTR above which a frontal film reads as cardiomegaly; severity reaches 1 at 0.7. */
const CARDIOMEGALY_CTR = 0.5;

/**
 * Generates one radiograph. The returned truth's cardiothoracic ratio is measured on the drawn outlines (AP films
 * magnify the heart, so it exceeds the spec's target there); cardiomegaly is a finding when it exceeds 0.5.
 *
 * @param rng - the patient's CXR stream; the same stream state and spec give byte-identical pixels
 * @param spec - view, target cardiothoracic ratio, findings; `size` (default 512) below 512 is raised to 512
 */
export function generateChestXray(rng: Random, spec: CxrSynthSpec): GeneratedCxr {
  const size = Math.max(MIN_CXR_SIZE, Math.round(spec.size ?? MIN_CXR_SIZE));
  const ap = spec.view === 'AP';
  const anatomyRng = rng.fork('anatomy');
  // Depth of inspiration: 9–11 posterior ribs on a good erect PA film, 7–9 on a portable AP.
  const inspirationRibs = Number(
    anatomyRng.weighted(ap ? { 7: 0.2, 8: 0.45, 9: 0.3, 10: 0.05 } : { 8: 0.1, 9: 0.3, 10: 0.45, 11: 0.15 }),
  );
  const geometry = drawGeometry(anatomyRng, spec, size, inspirationRibs);
  const planes = createPlanes(size);
  drawSoftTissue(rng.fork('soft-tissue'), geometry, planes, spec.sex);
  drawMediastinum(rng.fork('mediastinum'), geometry, planes);
  drawLungs(rng.fork('lungs'), geometry, planes, !ap);
  drawBones(rng.fork('bones'), geometry, planes, ap);
  drawVessels(rng.fork('vessels'), geometry, planes, Math.min(1, Math.max(0, spec.pulmonaryOedema)));
  const lungFindings = drawFindings(rng.fork('findings'), geometry, planes, spec);
  const acquisitionRng = rng.fork('acquisition');
  const acquisition = drawAcquisition(acquisitionRng, ap);
  const pixels = renderRadiograph(acquisitionRng.fork('render'), planes, acquisition);

  const cardiothoracicRatio = measureCardiothoracicRatio(geometry);
  const findings: CxrFinding[] = [
    ...(cardiothoracicRatio > CARDIOMEGALY_CTR
      ? [{ kind: 'cardiomegaly' as const, severity: Math.min(1, (cardiothoracicRatio - CARDIOMEGALY_CTR) / 0.2) }]
      : []),
    ...lungFindings,
  ];
  const truth: CxrTruth = {
    view: spec.view,
    cardiothoracicRatio,
    findings,
    acquisition: {
      exposure: acquisition.exposure,
      rotationDeg: acquisition.rotationDeg,
      inspirationRibs,
      noiseSd: acquisition.noiseSd,
    },
  };
  const modality = acquisitionRng.bernoulli(ap ? 0.35 : 0.7) ? 'DX' : 'CR';
  return {
    image: {
      width: size,
      height: size,
      pixels,
      sourceBitDepth: 8,
      sourceFormat: 'png',
      view: spec.view,
      modality,
      provenance: { source: 'synthetic', references: [] },
    },
    truth,
  };
}
