/**
 * DICOM dates and times (PS3.5 §6.2: DA `YYYYMMDD`, TM `HHMMSS.FFFFFF`, DT `YYYYMMDDHHMMSS.FFFFFF&ZZXX`) to ISO 8601.
 */
import type { DataSet } from 'dicom-parser';
import { readString } from './dicom-data-set';
import { TAGS } from './dicom-tags';

const DT_PATTERN = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})?(\d{2})?(?:\.(\d{1,6}))?)?([+-]\d{4})?$/;

/**
 * A DICOM DT value (or a DA value, or DA and TM concatenated) as ISO 8601, or undefined when it is not one.
 * Without an offset the result is a local time without a zone, as the device recorded it.
 */
export function dicomDateTimeToIso(value: string): string | undefined {
  // Older files write TM as `HH:MM:SS`; the colons carry no information.
  const match = DT_PATTERN.exec(value.trim().replace(/[:]/g, ''));
  if (match === null) return undefined;
  const [, year, month, day, hour, minute, second, fraction, offset] = match;
  const date = `${year}-${month}-${day}`;
  if (Number(month) < 1 || Number(month) > 12 || Number(day) < 1 || Number(day) > 31) return undefined;
  if (hour === undefined) return date;
  const time = `${hour}:${minute ?? '00'}:${second ?? '00'}${fraction === undefined ? '' : `.${fraction}`}`;
  const zone = offset === undefined ? '' : `${offset.slice(0, 3)}:${offset.slice(3)}`;
  return `${date}T${time}${zone}`;
}

/**
 * When the data were acquired: AcquisitionDateTime, else AcquisitionDate + AcquisitionTime, else ContentDate +
 * ContentTime (the General ECG and Secondary Capture IODs often carry only the latter).
 */
export function readAcquisitionDateTime(dataSet: DataSet): string | undefined {
  const dateTime = readString(dataSet, TAGS.acquisitionDateTime);
  if (dateTime !== undefined) return dicomDateTimeToIso(dateTime);
  const pairs = [
    [TAGS.acquisitionDate, TAGS.acquisitionTime],
    [TAGS.contentDate, TAGS.contentTime],
  ] as const;
  for (const [dateTag, timeTag] of pairs) {
    const date = readString(dataSet, dateTag);
    if (date !== undefined) return dicomDateTimeToIso(`${date}${readString(dataSet, timeTag) ?? ''}`);
  }
  return undefined;
}
