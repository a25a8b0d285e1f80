// The period a report covers, as the report screen sends it: a whole year, or from/to dates.

import { LIMITS, type PeriodChoice as PeriodRequest, type ReportKind, type ReportFormat } from '../api';
import { isIsoDate } from '../format/dates';
import { fileNamePart } from '../paths';

export type PeriodChoice = { mode: 'year'; year: number } | { mode: 'range'; from: string; to: string };

export type BuiltPeriod = { ok: true; request: PeriodRequest } | { ok: false; field: string; message: string };

export function buildPeriod(choice: PeriodChoice): BuiltPeriod {
  if (choice.mode === 'year') {
    if (!Number.isInteger(choice.year) || choice.year < LIMITS.firstYear || choice.year > LIMITS.lastYear) {
      return { ok: false, field: 'year', message: `Enter a year between ${LIMITS.firstYear} and ${LIMITS.lastYear}.` };
    }
    return { ok: true, request: { year: choice.year, from: null, to: null } };
  }
  const from = choice.from.trim();
  const to = choice.to.trim();
  if (!isIsoDate(from)) return { ok: false, field: 'from', message: 'Enter the first day as YYYY-MM-DD.' };
  if (!isIsoDate(to)) return { ok: false, field: 'to', message: 'Enter the last day as YYYY-MM-DD.' };
  if (to < from) return { ok: false, field: 'to', message: 'The last day must be on or after the first day.' };
  return { ok: true, request: { year: null, from, to } };
}

/** Words for the period: "2026" or "2026-01-01 to 2026-06-30". */
export function describePeriod(choice: PeriodChoice): string {
  return choice.mode === 'year' ? String(choice.year) : `${choice.from.trim()} to ${choice.to.trim()}`;
}

/** The file name offered for an export: "impact-report-2026.pdf", "volunteer-hours-2026-01-01-to-2026-06-30.csv". */
export function reportFileName(kind: ReportKind, choice: PeriodChoice, format: ReportFormat): string {
  const stem = kind === 'impact' ? 'impact-report' : 'volunteer-hours';
  const span = fileNamePart(choice.mode === 'year' ? String(choice.year) : `${choice.from.trim()}-to-${choice.to.trim()}`);
  return `${stem}-${span}.${format}`;
}
