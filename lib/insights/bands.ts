// DORA's performance levels for the four keys, from the Accelerate State of DevOps Report 2023
// (Google Cloud / DORA), chapter "How do you compare?", table "Software delivery performance
// levels" (2023 names the fourth key "failed deployment recovery time"; the 2024 report's table
// has other boundaries, so the year is part of the source). The table gives ranges for
// frequency, lead time and recovery, and one typical rate per level for change failure: a rate
// is placed at the best level whose typical rate it does not exceed.
//
//   level   deployment frequency                  lead time for changes          change failure rate  recovery time
//   Elite   on demand (several a day)             less than one day              5 %                  less than one hour
//   High    between once a day and once a week    between one day and one week   10 %                 less than one day
//   Medium  between once a week and once a month  between one week and one month 15 %                 between one day and one week
//   Low     between once a week and once a month  between one week and one month 64 %                 between one month and six months
//
// In 2023 the Low level shares Medium's frequency and lead time; here anything slower than
// Medium's range is Low.

export type Band = "elite" | "high" | "medium" | "low";

const HOUR = 3600;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
const MONTH = 30 * DAY;

/** The report this module's levels come from, as the page and the API name it. */
export const BAND_SOURCE = "DORA, Accelerate State of DevOps Report 2023, software delivery performance levels";

/** Deployments per day → level: elite at one a day or more, high at one a week or more, medium at one a month or more. */
export function frequencyBand(perDay: number): Band {
  if (perDay >= 1) return "elite";
  if (perDay >= 1 / 7) return "high";
  if (perDay >= 1 / 30) return "medium";
  return "low";
}

/** A duration in seconds (lead time) → level: under a day, a week, a month. */
export function leadTimeBand(seconds: number): Band {
  if (seconds < DAY) return "elite";
  if (seconds <= WEEK) return "high";
  if (seconds <= MONTH) return "medium";
  return "low";
}

/** A rate from 0 to 1 → the best level whose typical rate (5, 10, 15 %) it does not exceed. */
export function changeFailureBand(rate: number): Band {
  if (rate <= 0.05) return "elite";
  if (rate <= 0.1) return "high";
  if (rate <= 0.15) return "medium";
  return "low";
}

/** Recovery time in seconds → level: under an hour, under a day, within a week. */
export function recoveryBand(seconds: number): Band {
  if (seconds < HOUR) return "elite";
  if (seconds < DAY) return "high";
  if (seconds <= WEEK) return "medium";
  return "low";
}
