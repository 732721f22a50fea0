/**
 * The planes a synthetic radiograph is composed from, all in attenuation units (about the attenuation of the
 * whole chest's soft tissue at the midline = 1) except the two weights. The picture is
 * tissue − air × (1 − fill) + bone + vessels × openLung + density, then the detector's tone curve.
 */
export interface CxrPlanes {
  size: number;
  /** Soft tissue of the body, arms, neck and breasts. */
  tissue: Float32Array;
  /** Attenuation that the air in the lungs, trachea and bowel takes away. */
  air: Float32Array;
  /** 0–1: how much of a pixel is aerated lung field (not behind the heart, mediastinum or diaphragm). */
  openLung: Float32Array;
  bone: Float32Array;
  /** Pulmonary vessels and hila, drawn everywhere and shown where there is aerated lung. */
  vessels: Float32Array;
  /** 0–1: the fraction of the lung air replaced by fluid or exudate (effusion, consolidation, oedema). */
  fill: Float32Array;
  /** Added attenuation not tied to air (interstitial lines, consolidation texture). */
  density: Float32Array;
}

export function createPlanes(size: number): CxrPlanes {
  const plane = (): Float32Array => new Float32Array(size * size);
  return {
    size,
    tissue: plane(),
    air: plane(),
    openLung: plane(),
    bone: plane(),
    vessels: plane(),
    fill: plane(),
    density: plane(),
  };
}
