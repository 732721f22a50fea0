import { ModelInputError, type ChestImage } from '../../shared';
import { readPng } from '../../formats/image';
import { describeWithSharedData, readSharedBytes } from '../../../test/support/shared-data';
import { centreCropRegion, preprocessCxr, resizedSize } from './preprocess-cxr';

// Golden values: src/model/preprocess/golden/cxr_golden.py. It computes the reference pipeline twice, with real
// Pillow 12.3.0 (Image.convert('RGB').resize(..., BILINEAR).crop(...), or mode 'F' for the 16-bit image) and with
// an independent numpy re-implementation of Pillow's Resample.c, asserts that both agree on every pixel, and
// prints the float32 tensor values (torch's ToTensor and Normalize arithmetic done in numpy float32; torchvision is
// not installed there, so its resize-size and centre-crop arithmetic is written out from its source).

type Samples = ReadonlyArray<readonly [number, number, readonly [number, number, number]]>;

interface Golden {
  channelSums: readonly [number, number, number];
  /** Σ level, Σ level·((i mod 251) + 1), Σ level² over the 224² 8-bit levels of Pillow's crop (8-bit path only). */
  levels?: readonly [number, number, number];
  samples: Samples;
}

const SIZE = 224;
const MEAN = [0.485, 0.456, 0.406].map(Math.fround);
const STD = [0.229, 0.224, 0.225].map(Math.fround);

function expectGolden(tensor: Float32Array, golden: Golden): void {
  expect(tensor.length).toBe(3 * SIZE * SIZE);
  for (const [row, col, values] of golden.samples) {
    for (let c = 0; c < 3; c++) {
      const got = tensor[c * SIZE * SIZE + row * SIZE + col]!;
      if (!(Math.abs(got - values[c]!) <= 1e-6)) {
        throw new Error(`[${c}, ${row}, ${col}]: got ${got}, expected ${values[c]}`);
      }
    }
  }
  for (let c = 0; c < 3; c++) {
    let sum = 0;
    for (let i = 0; i < SIZE * SIZE; i++) sum += tensor[c * SIZE * SIZE + i]!;
    expect(sum).toBeCloseTo(golden.channelSums[c]!, 3);
  }
  if (golden.levels) {
    // The 8-bit levels behind channel 0 (undoing Normalize and /255): any pixel one level off changes these sums.
    let sum = 0;
    let weighted = 0;
    let squares = 0;
    for (let i = 0; i < SIZE * SIZE; i++) {
      const level = Math.round((tensor[i]! * STD[0]! + MEAN[0]!) * 255);
      sum += level;
      weighted += level * ((i % 251) + 1);
      squares += level * level;
    }
    expect([sum, weighted, squares]).toEqual(golden.levels);
  }
}

/** Same integer formulas as synthetic8/synthetic16 in cxr_golden.py. */
function synthetic(width: number, height: number, bits: 8 | 16): ChestImage {
  const pixels = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      pixels[y * width + x] =
        bits === 8
          ? ((x * 7 + y * 13 + ((x * y) % 31) * 5) % 256) / 255
          : ((x * 37 + y * 101 + ((x * x) % 97)) % 65536) / 65535;
    }
  }
  return {
    width,
    height,
    pixels,
    sourceBitDepth: bits,
    sourceFormat: 'png',
    provenance: { source: 'synthetic', references: [] },
  };
}

describe('torchvision size arithmetic', () => {
  it('scales the short side to 400 and truncates the long side as int() does', () => {
    expect(resizedSize(512, 512, 400)).toEqual([400, 400]);
    expect(resizedSize(300, 517, 400)).toEqual([400, 689]);
    expect(resizedSize(731, 611, 400)).toEqual([478, 400]);
    // 2682 × 2749 (the NIH original): 400 · 2749 / 2682 = 409.99…, truncated.
    expect(resizedSize(2682, 2749, 400)).toEqual([400, 409]);
  });

  it('centres the crop with Python round, halves going to the even offset', () => {
    expect(centreCropRegion(400, 689, 224)).toEqual({ left: 88, top: 232, width: 224, height: 224 });
    expect(centreCropRegion(400, 691, 224)).toEqual({ left: 88, top: 234, width: 224, height: 224 });
    expect(centreCropRegion(478, 400, 224)).toEqual({ left: 127, top: 88, width: 224, height: 224 });
  });
});

describeWithSharedData('preprocessCxr on the NIH ChestX-ray14 PNG', () => {
  it('matches Pillow and torchvision for 00000001_000.png (512² → 400² → centre 224²)', () => {
    const image = readPng(readSharedBytes('cxr', 'nih-siim', '00000001_000.png'), '00000001_000.png');

    const tensor = preprocessCxr(image);

    expectGolden(tensor, {
      channelSums: [-1958.8644026415423, 4493.415272768587, 15623.669651286677],
      levels: [6091129, 767808706, 954956957],
      samples: [
        [0, 0, [0.31381115317344666, 0.45028021931648254, 0.6705012917518616]],
        [0, 223, [0.2795616686344147, 0.415266215801239, 0.6356428861618042]],
        [223, 0, [1.18717360496521, 1.343137264251709, 1.5593901872634888]],
        [223, 223, [0.9816765189170837, 1.1330533027648926, 1.350239872932434]],
        [17, 5, [-0.9705454111099243, -0.8627449870109558, -0.6366883516311646]],
        [60, 111, [0.9474270343780518, 1.0980392694473267, 1.315381407737732]],
        [112, 112, [1.2727973461151123, 1.430672287940979, 1.646536111831665]],
        [150, 37, [-0.6451750993728638, -0.5301119685173035, -0.30553367733955383]],
        [200, 190, [1.033050775527954, 1.1855742931365967, 1.4025274515151978]],
        [99, 222, [-1.1931673288345337, -1.0903360843658447, -0.8632679581642151]],
      ],
    });
  });
});

describe('preprocessCxr on synthetic images', () => {
  it('matches Pillow when up-scaling a portrait 8-bit image (300×517 → 400×689, crop top 232)', () => {
    const tensor = preprocessCxr(synthetic(300, 517, 8));

    expectGolden(tensor, {
      channelSums: [3120.612307346426, 9686.272266453132, 20793.44774391316],
      levels: [6387745, 805972868, 956728839],
      samples: [
        [0, 0, [1.444044828414917, 1.605742335319519, 1.8208280801773071]],
        [0, 223, [0.7590547204017639, 0.9054622650146484, 1.1236603260040283]],
        [223, 0, [-1.432913899421692, -1.335434079170227, -1.1072766780853271]],
        [223, 223, [0.1083141341805458, 0.24019619822502136, 0.4613509476184845]],
        [17, 5, [0.039814990013837814, 0.17016805708408356, 0.3916340470314026]],
        [60, 111, [0.3994349241256714, 0.5378152132034302, 0.7576472163200378]],
        [112, 112, [-0.3198048174381256, -0.19747896492481232, 0.025620991364121437]],
        [150, 37, [-1.2445416450500488, -1.1428570747375488, -0.9155555367469788]],
        [200, 190, [0.46793392300605774, 0.6078432202339172, 0.8273640275001526]],
        [99, 222, [1.3412963151931763, 1.5007002353668213, 1.7162529230117798]],
      ],
    });
  });

  it('matches Pillow when down-scaling a landscape 8-bit image with anti-aliasing (731×611 → 478×400)', () => {
    const tensor = preprocessCxr(synthetic(731, 611, 8));

    expectGolden(tensor, {
      channelSums: [3360.975827332586, 9932.000737490132, 21038.084174359217],
      levels: [6401781, 805795634, 900093229],
      samples: [
        [0, 0, [0.1083141341805458, 0.24019619822502136, 0.4613509476184845]],
        [0, 223, [0.7248052358627319, 0.8704482316970825, 1.0888018608093262]],
        [223, 0, [0.3994349241256714, 0.5378152132034302, 0.7576472163200378]],
        [223, 223, [-0.35405433177948, -0.23249296844005585, -0.009237395599484444]],
        [17, 5, [-0.0629335269331932, 0.06512605398893356, 0.28705888986587524]],
        [60, 111, [0.7761794924736023, 0.9229692220687866, 1.1410894393920898]],
        [112, 112, [-0.919171154499054, -0.8102239966392517, -0.5844007730484009]],
        [150, 37, [0.43368443846702576, 0.5728292465209961, 0.7925056219100952]],
        [200, 190, [0.31381115317344666, 0.45028021931648254, 0.6705012917518616]],
        [99, 222, [-0.18280678987503052, -0.057422954589128494, 0.1650545448064804]],
      ],
    });
  });

  it("matches Pillow's float path for a 16-bit source (640×533 → 480×400), keeping more than 8 bits", () => {
    const tensor = preprocessCxr(synthetic(640, 533, 16));

    expectGolden(tensor, {
      channelSums: [23240.994009890182, 30255.768636128207, 41271.52544990312],
      samples: [
        [0, 0, [-0.902190089225769, -0.7928639054298401, -0.5671178102493286]],
        [0, 223, [-0.16780659556388855, -0.04208793118596077, 0.18032141029834747]],
        [223, 0, [1.0972046852111816, 1.2511601448059082, 1.467821717262268]],
        [223, 223, [1.8315882682800293, 2.001936197280884, 2.215261220932007]],
        [17, 5, [-0.7323121428489685, -0.6191940307617188, -0.39421984553337097]],
        [60, 111, [-0.0015708035789430141, 0.1278584748506546, 0.34951251745224]],
        [112, 112, [0.4689844250679016, 0.6089171767234802, 0.8284332156181335]],
        [150, 37, [0.5658823251724243, 0.7079779505729675, 0.927053689956665]],
        [200, 190, [1.5137301683425903, 1.676983118057251, 1.8917522430419922]],
        [99, 222, [0.714745044708252, 0.8601635098457336, 1.07856285572052]],
      ],
    });
  });

  it('rejects an image whose pixel count does not match its size', () => {
    const image = { ...synthetic(300, 300, 8), height: 301 };

    expect(() => preprocessCxr(image)).toThrow(ModelInputError);
  });

  it('rejects an image with a non-finite pixel instead of spreading it over the tensor', () => {
    const image = synthetic(300, 300, 8);
    image.pixels[12345] = Number.NaN;

    expect(() => preprocessCxr(image)).toThrow(/1 pixels are not finite/);
  });
});
