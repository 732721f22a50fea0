import { MODEL_LEAD_ORDER, ModelInputError, type EcgLeadName, type EcgRecording } from '../../shared';
import { readWfdbRecord, wfdbToEcgRecording } from '../../formats/wfdb';
import { describeWithSharedData, readSharedBytes, readSharedText } from '../../../test/support/shared-data';
import { preprocessEcg } from './preprocess-ecg';

// Golden values: src/model/preprocess/golden/ecg_golden.py (SciPy 1.17.1, numpy 2.4.6). It reads the WFDB format-16
// bytes itself (int16 / gain, stored as float32 as our reader does), takes the first 10 s, applies
// np.nan_to_num and scipy.signal.resample(x, 1000) per lead, and prints per lead in MIMIC order the float64 sum and
// sum of squares of the float32 row and the values at samples 0, 1, 250, 499, 500, 777, 998, 999.

/** Per lead: [sum, sum of squares, values at POSITIONS]. */
type Golden = Partial<Record<EcgLeadName, readonly [number, number, readonly number[]]>>;

const POSITIONS = [0, 1, 250, 499, 500, 777, 998, 999];

// PTB-XL 00001_hr, 500 Hz × 5000 (the reference code's 5000 → 1000).
const PTBXL_00001: Golden = {
  I: [
    2.6093999376634116,
    12.242788726862774,
    [
      0.013855023309588432, -0.14129139482975006, -0.07775101065635681, 0.01424388587474823, -0.07390070706605911,
      -0.071141317486763, 0.19363777339458466, 0.23906317353248596,
    ],
  ],
  II: [
    2.312199975189287,
    7.291485464715544,
    [
      0.05360537767410278, -0.07384633272886276, -0.016545884311199188, -0.003886869875714183, -0.05634080246090889,
      -0.07450465857982635, 0.19428828358650208, 0.2255551815032959,
    ],
  ],
  III: [
    -0.2971999838773627,
    3.4535605460440917,
    [
      0.03971753641963005, 0.06752195209264755, 0.061404403299093246, -0.018195629119873047, 0.017794333398342133,
      -0.0031627228017896414, 0.0006425536703318357, -0.013491298072040081,
    ],
  ],
  aVR: [
    -2.469200019084383,
    8.893092804083114,
    [
      -0.03378399461507797, 0.10687080025672913, 0.04709670692682266, -0.004786589648574591, 0.06501459330320358,
      0.07281073927879333, -0.19348332285881042, -0.23175568878650665,
    ],
  ],
  aVF: [
    1.0290000723853154,
    2.29291407558666,
    [
      0.04638103023171425, -0.0037354023661464453, 0.02230106107890606, -0.010606221854686737, -0.019018925726413727,
      -0.038561102002859116, 0.09745752066373825, 0.10605870932340622,
    ],
  ],
  aVL: [
    1.5077999500817896,
    6.012409946339074,
    [
      -0.013155615888535976, -0.10438317805528641, -0.06958617269992828, 0.015882959589362144, -0.04569161683320999,
      -0.033552877604961395, 0.09599491208791733, 0.12576092779636383,
    ],
  ],
  V1: [
    -1.143799857753038,
    12.842930845621513,
    [
      -0.008318404667079449, -0.07732684910297394, 0.024103760719299316, 0.0545460544526577, 0.05181371420621872,
      -0.21623504161834717, 0.06904861330986023, 0.08639481663703918,
    ],
  ],
  V2: [
    8.805399817101716,
    46.41651360672897,
    [
      0.06876872479915619, -0.0643356516957283, -5.967902689008042e-5, 0.04285544902086258, 0.049713730812072754,
      -0.4182198643684387, 0.21535368263721466, 0.24500425159931183,
    ],
  ],
  V3: [
    -0.26080003249444417,
    14.127239984339383,
    [
      0.06841829419136047, -0.021828744560480118, -0.0215041171759367, -0.024438608437776566, -0.011740196496248245,
      -0.24848362803459167, 0.16794466972351074, 0.1890893578529358,
    ],
  ],
  V4: [
    -3.045400022292597,
    9.333108311834607,
    [
      0.05339382216334343, -0.0531650111079216, -0.041732825338840485, -0.04851110652089119, -0.0449436716735363,
      -0.19507451355457306, 0.1751178503036499, 0.2034977674484253,
    ],
  ],
  V5: [
    0.9642000586754875,
    8.189060188472155,
    [
      0.047027621418237686, -0.05212804302573204, -0.0481601282954216, -0.05885571613907814, -0.053282130509614944,
      -0.05374108627438545, 0.1605062037706375, 0.18756002187728882,
    ],
  ],
  V6: [
    2.4318001010287844,
    10.619783487433878,
    [
      0.028023358434438705, -0.09749293327331543, 0.00936159584671259, -0.08683405071496964, -0.08320428431034088,
      0.03184385597705841, 0.16907711327075958, 0.20091573894023895,
    ],
  ],
};

// PTB Diagnostic s0010_re, 1000 Hz × 38400: the first 10 000 samples → 1000.
const PTB_S0010: Golden = {
  I: [
    -106.10029999718245,
    30.049314852662988,
    [
      -0.1033627912402153, -0.26681751012802124, -0.08257419615983963, -0.1286056786775589, -0.12705570459365845,
      -0.05904205143451691, 0.011774574406445026, 0.011966639198362827,
    ],
  ],
  II: [
    -209.3100502132147,
    60.047033362909254,
    [
      -0.11261090636253357, -0.2499084174633026, -0.23051542043685913, -0.1387489140033722, -0.1527930200099945,
      -0.08844546973705292, -0.019658764824271202, 0.05927421525120735,
    ],
  ],
  III: [
    -103.2101503360027,
    46.6277356169623,
    [
      -0.009220034815371037, 0.0167924202978611, -0.1480269581079483, -0.010224146768450737, -0.025756189599633217,
      -0.029419774189591408, -0.031413305550813675, 0.04726812243461609,
    ],
  ],
  aVR: [
    157.689350180357,
    33.37786691951483,
    [
      0.10808967053890228, 0.25840866565704346, 0.15646342933177948, 0.1338089257478714, 0.13994015753269196,
      0.07367820292711258, 0.003963031340390444, -0.03558634594082832,
    ],
  ],
  aVF: [
    -156.50850020311918,
    45.90320056381978,
    [
      -0.06109017878770828, -0.11700620502233505, -0.1893858015537262, -0.07476504147052765, -0.08946006745100021,
      -0.059287212789058685, -0.025944242253899574, 0.05300505831837654,
    ],
  ],
  aVL: [
    -1.1951001451234333,
    23.326062642220506,
    [
      -0.046861983835697174, -0.14152471721172333, 0.03294411674141884, -0.058957867324352264, -0.050458356738090515,
      -0.014573657885193825, 0.021802345290780067, -0.01747140660881996,
    ],
  ],
  V1: [
    39.63564987233258,
    54.65239311373035,
    [
      -0.052326053380966187, -0.04928814619779587, 0.06324421614408493, -0.03594401106238365, -0.04163164272904396,
      -0.020516084507107735, -0.041240591555833817, -0.025012901052832603,
    ],
  ],
  V2: [
    36.78159969495027,
    54.60731144165139,
    [
      -0.10852441191673279, -0.1195356696844101, 0.11404385417699814, -0.05847635492682457, -0.07018616795539856,
      -0.03582148253917694, -0.08168493956327438, -0.07528892159461975,
    ],
  ],
  V3: [
    57.25690008699894,
    96.04266463903467,
    [
      -0.032463863492012024, -0.05345042049884796, 0.12847071886062622, 0.007863597944378853, -0.030859442427754402,
      0.02493233047425747, -0.01616693288087845, 0.005558278877288103,
    ],
  ],
  V4: [
    55.61209982532455,
    42.97283707329354,
    [
      0.08513281494379044, 0.11645292490720749, 0.09792972356081009, 0.08519922196865082, 0.05064926669001579,
      0.0637723058462143, 0.03943059220910072, 0.051930021494627,
    ],
  ],
  V5: [
    10.451950090828177,
    15.665432854398553,
    [
      0.13304702937602997, 0.21312661468982697, -0.0036921792197972536, 0.04862021282315254, 0.02762260101735592,
      0.03806375339627266, 0.0331604890525341, 0.041204702109098434,
    ],
  ],
  V6: [
    18.364300039742375,
    9.063856986157976,
    [
      0.1337480992078781, 0.21125558018684387, 0.03615838661789894, 0.05720982328057289, 0.04684107005596161,
      0.05544893071055412, 0.037239447236061096, 0.042892131954431534,
    ],
  ],
};

// Synthetic 360 Hz (formula below): V1 lasts 11 s with a NaN at sample 100 (first 3600 samples → 1000); II lasts
// 8 s (2880 samples → 800, then 200 zeros).
const SYNTHETIC_360: Golden = {
  II: [
    1175.6735935819452,
    2704.155155135109,
    [
      1.1395105123519897, 0.05019942671060562, 0.6009052991867065, 1.8474068641662598, 2.0984787940979004,
      3.96490478515625, 0.0, 0.0,
    ],
  ],
  V1: [
    1799.3106153735425,
    4764.34959179251,
    [
      1.444573998451233, 0.07922922074794769, 0.7564544677734375, 1.5603060722351074, 1.9431719779968262,
      3.9553442001342773, 2.980654239654541, 3.657853603363037,
    ],
  ],
};

function expectGolden(tensor: Float32Array, golden: Golden): void {
  expect(tensor.length).toBe(12 * 1000);
  for (const [lead, [sum, squares, values]] of Object.entries(golden)) {
    const row = MODEL_LEAD_ORDER.indexOf(lead as EcgLeadName);
    const samples = tensor.subarray(row * 1000, row * 1000 + 1000);
    POSITIONS.forEach((t, i) => {
      const got = samples[t]!;
      if (!(Math.abs(got - values[i]!) <= 1e-6)) throw new Error(`${lead}[${t}]: got ${got}, expected ${values[i]}`);
    });
    let s = 0;
    let q = 0;
    for (const v of samples) {
      s += v;
      q += v * v;
    }
    expect(s).toBeCloseTo(sum, 4);
    expect(q).toBeCloseTo(squares, 4);
  }
}

function readRecord(folder: string[], name: string, extraFiles: string[] = []): EcgRecording {
  const files: Record<string, Uint8Array> = { [`${name}.dat`]: readSharedBytes(...folder, `${name}.dat`) };
  for (const file of extraFiles) files[file] = readSharedBytes(...folder, file);
  const record = readWfdbRecord(readSharedText(...folder, `${name}.hea`), files, `${name}.hea`);
  return wfdbToEcgRecording(record, { source: 'file', references: [name] });
}

/** Same formula as synthetic() in ecg_golden.py, rounded to float32. */
function synthetic(rate: number, n: number, phase: number): Float32Array {
  return Float32Array.from(
    { length: n },
    (_, t) =>
      Math.sin((2 * Math.PI * 1.2 * t) / rate) + 0.3 * Math.sin((2 * Math.PI * 17 * t) / rate + phase) + 0.001 * t,
  );
}

function rowOf(tensor: Float32Array, lead: EcgLeadName): Float32Array {
  const row = MODEL_LEAD_ORDER.indexOf(lead);
  return tensor.subarray(row * 1000, row * 1000 + 1000);
}

describeWithSharedData('preprocessEcg on real WFDB records', () => {
  it('matches scipy.signal.resample for PTB-XL 00001 at 500 Hz, with aVF placed before aVL by name', () => {
    const recording = readRecord(['ptb-xl', 'records500', '00000'], '00001_hr');

    const { tensor, issues } = preprocessEcg(recording);

    expectGolden(tensor, PTBXL_00001);
    expect(issues).toEqual([]);
  });

  it('gives the same tensor whatever order the recording lists its leads in', () => {
    const recording = readRecord(['ptb-xl', 'records500', '00000'], '00001_hr');
    const reversed = { ...recording, leads: [...recording.leads].reverse() };

    expect(preprocessEcg(reversed).tensor).toEqual(preprocessEcg(recording).tensor);
  });

  it('takes the first 10 s of a longer 1000 Hz record (PTB s0010_re, 38.4 s) and ignores the Frank leads', () => {
    const recording = readRecord(['ecg-formats', 'wfdb-python'], 's0010_re', ['s0010_re.xyz']);

    const { tensor, issues } = preprocessEcg(recording);

    expectGolden(tensor, PTB_S0010);
    expect(issues).toEqual([]);
  });
});

describe('preprocessEcg on synthetic recordings', () => {
  it('resamples 360 Hz, sets a NaN sample to 0 mV, zero-pads a short lead and zero-fills missing leads', () => {
    const v1 = synthetic(360, 3960, 0.5);
    v1[100] = Number.NaN;
    const recording: EcgRecording = {
      samplingRateHz: 360,
      leads: [
        { name: 'V1', samples: v1 },
        { name: 'II', samples: synthetic(360, 2880, 1.5) },
      ],
      provenance: { source: 'synthetic', references: [] },
    };

    const { tensor, issues } = preprocessEcg(recording);

    expectGolden(tensor, SYNTHETIC_360);
    expect(
      rowOf(tensor, 'II')
        .subarray(800)
        .every((v) => v === 0),
    ).toBe(true);
    for (const lead of MODEL_LEAD_ORDER.filter((name) => name !== 'V1' && name !== 'II')) {
      expect(rowOf(tensor, lead).every((v) => v === 0)).toBe(true);
    }
    expect(issues).toEqual([
      'lead I is missing; its input is zeros',
      'lead II lasts 8.00 s, shorter than 10 s; zero-padded at the end',
      'lead III is missing; its input is zeros',
      'lead aVR is missing; its input is zeros',
      'lead aVF is missing; its input is zeros',
      'lead aVL is missing; its input is zeros',
      'lead V1: 1 missing or non-finite samples were set to 0 mV',
      'lead V2 is missing; its input is zeros',
      'lead V3 is missing; its input is zeros',
      'lead V4 is missing; its input is zeros',
      'lead V5 is missing; its input is zeros',
      'lead V6 is missing; its input is zeros',
    ]);
  });

  it('passes a 100 Hz, 10 s lead through unchanged (no resampling needed)', () => {
    const samples = synthetic(100, 1000, 0.2);
    const recording: EcgRecording = {
      samplingRateHz: 100,
      leads: [{ name: 'V3', samples }],
      provenance: { source: 'synthetic', references: [] },
    };

    const { tensor } = preprocessEcg(recording);

    expect(rowOf(tensor, 'V3')).toEqual(samples);
  });

  it('uses the first of two leads with the same name and says so', () => {
    const first = synthetic(500, 5000, 0);
    const recording: EcgRecording = {
      samplingRateHz: 500,
      leads: [
        { name: 'I', samples: first },
        { name: 'I', samples: new Float32Array(5000).fill(1) },
      ],
      provenance: { source: 'synthetic', references: [] },
    };

    const { tensor, issues } = preprocessEcg(recording);

    expect(rowOf(tensor, 'I')[0]).not.toBe(1);
    expect(issues).toContain('lead I appears more than once; the first was used');
  });

  it('rejects a recording whose sampling rate is not a positive number', () => {
    const recording: EcgRecording = {
      samplingRateHz: 0,
      leads: [{ name: 'I', samples: new Float32Array(10) }],
      provenance: { source: 'synthetic', references: [] },
    };

    expect(() => preprocessEcg(recording)).toThrow(ModelInputError);
  });
});
