import { isDicomEcg, readChestImage, sniffFormat } from '../../src/formats/sniff';
import { describeWithSharedData, readSharedBytes } from '../support/shared-data';

// Formats and sizes from `identify` (ImageMagick) and dcmtk `dcmdump`, see the per-reader tests for pixel values.
describeWithSharedData('format sniffing and readChestImage on the real files', () => {
  const png = readSharedBytes('cxr', 'nih-siim', '00000001_000.png');
  const dicom = readSharedBytes('cxr', 'nih-siim', '1.2.276.0.7230010.3.1.4.8323329.6904.1517875201.850819.dcm');
  const ecg = readSharedBytes('ecg-formats', 'dicom-ecg', 'waveform_ecg.dcm');

  it('sniffs PNG and DICOM files', () => {
    expect([sniffFormat(png), sniffFormat(dicom), sniffFormat(ecg)]).toEqual(['png', 'dicom', 'dicom']);
  });

  it('reads each image with the reader its bytes call for, whatever the content type says', () => {
    const fromPng = readChestImage(png, 'application/octet-stream', 'nih.png');
    const fromDicom = readChestImage(dicom, undefined, 'siim.dcm');

    expect([fromPng.sourceFormat, fromPng.width, fromPng.height]).toEqual(['png', 512, 512]);
    expect([fromDicom.sourceFormat, fromDicom.width, fromDicom.height, fromDicom.view]).toEqual([
      'dicom',
      1024,
      1024,
      'PA',
    ]);
  });

  it('tells the ECG DICOM from the image DICOM', () => {
    expect([isDicomEcg(ecg), isDicomEcg(dicom), isDicomEcg(png)]).toEqual([true, false, false]);
  });
});
