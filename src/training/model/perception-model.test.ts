import { cxrTokenGrid } from './cxr-encoder';
import { ecgFeatureMapShape } from './ecg-encoder';
import { countParams } from './param-spec';
import { perceptionConfig } from './perception-config';
import { featureDims, perceptionSpecs } from './perception-model';

describe('perception model at the paper preset', () => {
  const config = perceptionConfig('paper');
  const specs = perceptionSpecs(config);

  it('has the paper’s encoder shapes: an ECG map of 768 × 32, 197 ViT tokens of width 768, 1024-wide lab features', () => {
    const map = ecgFeatureMapShape(config.ecg);
    const grid = cxrTokenGrid(config.cxr);

    // medtvt-r1.md §1.3: xresnet1d101 gives [B,768,32] from 12×1000; ViT-B/16 gives [B,197,768]; Symile MLP → 1024.
    expect([map.channels, map.length]).toEqual([768, 32]);
    expect(grid.tokens).toBe(197);
    expect(featureDims(config)).toEqual({ ecg: 2 * 768, cxr: 768, labs: 1024 });
  });

  it('counts the ViT, lab MLP, projectors and MPL as published and hand-derived sizes say', () => {
    // timm vit_base_patch16_224 has 86,567,656 parameters with its 1000-class head (768·1000 + 1000 = 769,000), so the
    // backbone with its final LayerNorm has 85,798,656; the paper's Conv1d(197 → 1) token pool adds 197 + 1.
    expect(countParams(specs, 'cxr_encoder.')).toBe(85_798_656 + 198);
    // Symile LabsEncoder: 100·256+256 + 256·1024+1024 + 1024·1024+1024 + LayerNorm 2·1024 (medtvt-r1.md: ≈1.34 M).
    expect(countParams(specs, 'lab_encoder.')).toBe(1_340_672);
    // Projector: Linear(F → 2048) + 3 × (RMSNorm 2048 + 3 · 2048²); medtvt-r1.md: CXR ≈ 39.3 M, LAB ≈ 39.9 M.
    expect(countParams(specs, 'projectors.cxr.')).toBe(768 * 2048 + 2048 + 3 * (2048 + 3 * 2048 * 2048));
    expect(countParams(specs, 'projectors.labs.')).toBe(1024 * 2048 + 2048 + 3 * (2048 + 3 * 2048 * 2048));
    // MPL: MHA 4·(2048² + 2048), LayerNorm 2·2048, gate 6144·3 + 3 (medtvt-r1.md: ≈16.8 M); plus our 3 missing embeddings.
    expect(countParams(specs, 'fusion.')).toBe(4 * (2048 * 2048 + 2048) + 2 * 2048 + 6144 * 3 + 3 + 3 * 2048);
  });
});

describe('perception model switches', () => {
  const names = (switches: Parameters<typeof perceptionConfig>[1]) =>
    Object.keys(perceptionSpecs(perceptionConfig('default', switches))).filter((n) => n.startsWith('fusion.'));

  it('drops exactly the parameters of what an ablation removes', () => {
    const full = names({});

    const concat = names({ fusion: 'concat' });
    const noCmha = names({ useCmha: false });
    const noCao = names({ useCao: false });

    expect(concat).toEqual(['fusion.missing']);
    expect(full.filter((n) => !noCmha.includes(n))).toEqual(full.filter((n) => n.startsWith('fusion.attention.')));
    expect(full.filter((n) => !noCao.includes(n))).toEqual(['fusion.gate.weight', 'fusion.gate.bias']);
  });

  it('refuses a CXR geometry whose image does not split into whole patches', () => {
    const config = perceptionConfig('default');
    config.cxr.patchSize = 15;

    expect(() => perceptionSpecs(config)).toThrow('cxr_encoder: image 224 is not divisible by downsample 2 × patch 15');
  });
});
