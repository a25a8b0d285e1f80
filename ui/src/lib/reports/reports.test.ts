import { describe, expect, it } from 'vitest';
import { buildPeriod, describePeriod, reportFileName } from './period';
import { impactReport } from '../../test-support/fixtures';

describe('report periods', () => {
  it('sends a year as a year', () => {
    expect(buildPeriod({ mode: 'year', year: 2026 })).toEqual({
      ok: true,
      request: { year: 2026, from: null, to: null },
    });
  });

  it('sends from/to dates, trimmed', () => {
    expect(buildPeriod({ mode: 'range', from: ' 2026-01-01', to: '2026-06-30 ' })).toEqual({
      ok: true,
      request: { year: null, from: '2026-01-01', to: '2026-06-30' },
    });
  });

  it('names the field that is wrong before asking the backend', () => {
    expect(buildPeriod({ mode: 'year', year: Number('twenty') })).toMatchObject({ ok: false, field: 'year' });
    expect(buildPeriod({ mode: 'range', from: '2026-13-01', to: '2026-12-31' })).toMatchObject({ ok: false, field: 'from' });
    expect(buildPeriod({ mode: 'range', from: '2026-06-01', to: '2026-05-31' })).toMatchObject({ ok: false, field: 'to' });
  });

  it('offers file names that say what and when', () => {
    expect(reportFileName('impact', { mode: 'year', year: 2026 }, 'pdf')).toBe('impact-report-2026.pdf');
    expect(reportFileName('hours', { mode: 'range', from: '2026-01-01', to: '2026-06-30' }, 'csv')).toBe(
      'volunteer-hours-2026-01-01-to-2026-06-30.csv',
    );
    expect(describePeriod({ mode: 'range', from: '2026-01-01', to: '2026-06-30' })).toBe('2026-01-01 to 2026-06-30');
  });
});
