/**
 * The time window labs are taken from. MedTVT-R1 uses, per lab, the earliest value within ±24 h of admission
 * (../shared/reference/medtvt-r1.md); `admissionWindow` builds that window around any anchor time.
 */

/** An inclusive time window, ISO 8601 at both ends. */
export interface TimeWindow {
  start: string;
  end: string;
}

const HOUR_MS = 3_600_000;

/**
 * The window `hours` before to `hours` after `anchorIso` (both ends inclusive), in UTC ISO 8601.
 *
 * @param anchorIso - admission (or assessment) time, ISO 8601 with or without offset
 * @param hours - half-width of the window (default 24, the paper's)
 * @throws RangeError when the anchor is not a date-time or hours is negative
 */
export function admissionWindow(anchorIso: string, hours = 24): TimeWindow {
  const anchor = Date.parse(anchorIso);
  if (Number.isNaN(anchor)) throw new RangeError(`admissionWindow: anchor "${anchorIso}" is not an ISO 8601 date-time`);
  if (!(hours >= 0)) throw new RangeError(`admissionWindow: hours must be >= 0, got ${hours}`);
  return {
    start: new Date(anchor - hours * HOUR_MS).toISOString(),
    end: new Date(anchor + hours * HOUR_MS).toISOString(),
  };
}

/** Whether a time (epoch ms) lies in the window, ends included. */
export function isWithinWindow(timeMs: number, window: TimeWindow): boolean {
  return timeMs >= Date.parse(window.start) && timeMs <= Date.parse(window.end);
}
