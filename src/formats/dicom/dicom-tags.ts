/**
 * The DICOM attributes the readers use, keyed as dicom-parser keys them (`xggggeeee`, lower-case hex) and labelled
 * the way error messages name them: `Rows (0028,0010)`. Names and tags from DICOM PS3.6 (Data Dictionary).
 */
export interface DicomTag {
  /** dicom-parser element key, e.g. `x00280010`. */
  readonly key: string;
  /** Keyword and tag for messages, e.g. `Rows (0028,0010)`. */
  readonly label: string;
}

function tag(group: string, element: string, keyword: string): DicomTag {
  return { key: `x${group}${element}`.toLowerCase(), label: `${keyword} (${group},${element})` };
}

export const TAGS = {
  mediaStorageSopClassUid: tag('0002', '0002', 'MediaStorageSOPClassUID'),
  transferSyntaxUid: tag('0002', '0010', 'TransferSyntaxUID'),
  sopClassUid: tag('0008', '0016', 'SOPClassUID'),
  acquisitionDate: tag('0008', '0022', 'AcquisitionDate'),
  contentDate: tag('0008', '0023', 'ContentDate'),
  acquisitionDateTime: tag('0008', '002A', 'AcquisitionDateTime'),
  acquisitionTime: tag('0008', '0032', 'AcquisitionTime'),
  contentTime: tag('0008', '0033', 'ContentTime'),
  modality: tag('0008', '0060', 'Modality'),
  codeValue: tag('0008', '0100', 'CodeValue'),
  codingSchemeDesignator: tag('0008', '0102', 'CodingSchemeDesignator'),
  codeMeaning: tag('0008', '0104', 'CodeMeaning'),
  viewPosition: tag('0018', '5101', 'ViewPosition'),
  samplesPerPixel: tag('0028', '0002', 'SamplesPerPixel'),
  photometricInterpretation: tag('0028', '0004', 'PhotometricInterpretation'),
  planarConfiguration: tag('0028', '0006', 'PlanarConfiguration'),
  numberOfFrames: tag('0028', '0008', 'NumberOfFrames'),
  rows: tag('0028', '0010', 'Rows'),
  columns: tag('0028', '0011', 'Columns'),
  bitsAllocated: tag('0028', '0100', 'BitsAllocated'),
  bitsStored: tag('0028', '0101', 'BitsStored'),
  pixelRepresentation: tag('0028', '0103', 'PixelRepresentation'),
  windowCenter: tag('0028', '1050', 'WindowCenter'),
  windowWidth: tag('0028', '1051', 'WindowWidth'),
  rescaleIntercept: tag('0028', '1052', 'RescaleIntercept'),
  rescaleSlope: tag('0028', '1053', 'RescaleSlope'),
  voiLutFunction: tag('0028', '1056', 'VOILUTFunction'),
  numberOfWaveformChannels: tag('003A', '0005', 'NumberOfWaveformChannels'),
  numberOfWaveformSamples: tag('003A', '0010', 'NumberOfWaveformSamples'),
  samplingFrequency: tag('003A', '001A', 'SamplingFrequency'),
  multiplexGroupLabel: tag('003A', '0020', 'MultiplexGroupLabel'),
  channelDefinitionSequence: tag('003A', '0200', 'ChannelDefinitionSequence'),
  channelSourceSequence: tag('003A', '0208', 'ChannelSourceSequence'),
  channelSensitivity: tag('003A', '0210', 'ChannelSensitivity'),
  channelSensitivityUnitsSequence: tag('003A', '0211', 'ChannelSensitivityUnitsSequence'),
  channelSensitivityCorrectionFactor: tag('003A', '0212', 'ChannelSensitivityCorrectionFactor'),
  channelBaseline: tag('003A', '0213', 'ChannelBaseline'),
  channelLabel: tag('003A', '0203', 'ChannelLabel'),
  measurementUnitsCodeSequence: tag('0040', '08EA', 'MeasurementUnitsCodeSequence'),
  conceptNameCodeSequence: tag('0040', 'A043', 'ConceptNameCodeSequence'),
  numericValue: tag('0040', 'A30A', 'NumericValue'),
  waveformAnnotationSequence: tag('0040', 'B020', 'WaveformAnnotationSequence'),
  unformattedTextValue: tag('0070', '0006', 'UnformattedTextValue'),
  waveformSequence: tag('5400', '0100', 'WaveformSequence'),
  waveformBitsAllocated: tag('5400', '1004', 'WaveformBitsAllocated'),
  waveformSampleInterpretation: tag('5400', '1006', 'WaveformSampleInterpretation'),
  waveformPaddingValue: tag('5400', '100A', 'WaveformPaddingValue'),
  waveformData: tag('5400', '1010', 'WaveformData'),
  pixelData: tag('7FE0', '0010', 'PixelData'),
} as const;
