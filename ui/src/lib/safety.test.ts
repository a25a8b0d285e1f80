import { describe, expect, it } from 'vitest';
import { backupFileName, hoursFileName, normalizeFingerprint } from './safety';
import { formatTimestamp } from './format/dates';

describe('file names offered in path fields', () => {
  it('names a backup by its date and a submission by its period', () => {
    expect(backupFileName('2026-11-27')).toBe('pro-bono-desk-2026-11-27.pbbackup');
    expect(hoursFileName('2026-01-01', '2026-11-27')).toBe('hours-2026-01-01-to-2026-11-27.pbhours');
    expect(hoursFileName(' 2026/01/01 ', '')).toBe('hours-20260101-to-date.pbhours');
  });
});

describe('fingerprints', () => {
  const fp = 'AB12-CD34-EF56-7890-AB12-CD34-EF56-7890';
  it.each([fp, fp.toLowerCase(), fp.replace(/-/g, ''), fp.replace(/-/g, ' '), `  ${fp}\n`])(
    'reads %j as the backend writes it',
    (typed) => {
      expect(normalizeFingerprint(typed)).toBe(fp);
    },
  );

  it('leaves anything else to the backend to refuse', () => {
    expect(normalizeFingerprint(' ab12-cd34 ')).toBe('AB12-CD34');
  });
});

describe('timestamps', () => {
  it('shows an RFC 3339 time in local time, and odd text as it came', () => {
    const ts = '2026-03-04T05:06:07Z';
    const at = new Date(ts);
    const pad = (n: number) => String(n).padStart(2, '0');
    expect(formatTimestamp(ts)).toBe(
      `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())} ${pad(at.getHours())}:${pad(at.getMinutes())}`,
    );
    expect(formatTimestamp('yesterday')).toBe('yesterday');
  });
});
