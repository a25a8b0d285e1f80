import { describe, expect, it } from 'vitest';
import { formatCount, formatHours, formatMinutes, formatPercent, plural, roundHalfEven } from './numbers';
import { aNumberDigits, formatANumber, looksLikeANumber } from './a-number';
import { combineDateTime, formatDateTime, isIsoDate, monthLabel, today } from './dates';
import { countryName, stateName } from './labels';
import { isolate } from './bidi';
import { A_NUMBER_EXAMPLES } from '../api';

describe('hours and minutes', () => {
  it.each([
    [90, '1.5'],
    [6, '0.1'],
    [0, '0.0'],
    [61, '1.0'],
    [63, '1.1'],
    [60 * 1234.5, '1,234.5'],
  ])('%i minutes read as %s hours (one decimal, as entered in tenths)', (minutes, shown) => {
    expect(formatMinutes(minutes)).toBe(shown);
  });

  it('shows report hours to one decimal and never "-0.0"', () => {
    expect(formatHours(12345.64)).toBe('12,345.6');
    expect(formatHours(-0.01)).toBe('0.0');
    expect(formatHours(Number.NaN)).toBe('—');
  });

  it('rounds rates like the PDF does (Rust rounds halves to even)', () => {
    expect(formatPercent(0.714)).toBe('71%');
    expect(formatPercent(0.32)).toBe('32%');
    expect(formatPercent(null)).toBe('—');
    expect(roundHalfEven(70.5)).toBe(70);
    expect(roundHalfEven(71.5)).toBe(72);
    expect(roundHalfEven(71.49)).toBe(71);
  });

  it('counts with separators and plurals', () => {
    expect(formatCount(10000)).toBe('10,000');
    expect(plural(1, 'case', 'cases')).toBe('1 case');
    expect(plural(2, 'case', 'cases')).toBe('2 cases');
  });
});

describe('A-numbers', () => {
  it('shows the stored nine digits as A123-456-789', () => {
    expect(formatANumber('123456789')).toBe('A123-456-789');
    expect(formatANumber('012345678')).toBe('A012-345-678');
  });

  it.each(A_NUMBER_EXAMPLES)('shows stored %s as the core does (%s)', (stored, shown) => {
    expect(formatANumber(stored)).toBe(shown);
  });

  it('shows anything unexpected as stored rather than inventing digits', () => {
    expect(formatANumber('12345')).toBe('12345');
    expect(formatANumber(null)).toBe('');
  });

  it('recognises a typed A-number for searching', () => {
    expect(looksLikeANumber('A123-456')).toBe(true);
    expect(looksLikeANumber('123 456')).toBe(true);
    expect(looksLikeANumber('Ana')).toBe(false);
    expect(aNumberDigits('A 123-456-789')).toBe('123456789');
  });
});

describe('dates', () => {
  it('makes today from the local calendar', () => {
    expect(today(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
  });

  it('accepts only real YYYY-MM-DD dates', () => {
    expect(isIsoDate('2026-02-28')).toBe(true);
    expect(isIsoDate('2026-02-30')).toBe(false);
    expect(isIsoDate('2/3/2026')).toBe(false);
  });

  it('writes a hearing time the way the backend stores it', () => {
    expect(combineDateTime('2026-03-01', '')).toBe('2026-03-01');
    expect(combineDateTime('2026-03-01', '09:30')).toBe('2026-03-01T09:30');
    expect(formatDateTime('2026-03-01T09:30')).toBe('2026-03-01 09:30');
    expect(monthLabel('2026-03')).toBe('Mar');
    expect(monthLabel('2026-12', true)).toBe('Dec 2026');
  });
});

describe('labels', () => {
  it('names countries and states for people', () => {
    expect(countryName('SV')).toBe('El Salvador');
    expect(countryName(null)).toBe('');
    expect(stateName('TX')).toBe('Texas');
    expect(stateName('ZZ')).toBe('ZZ');
  });
});

describe('isolate', () => {
  it('wraps user text in an isolate that ends whatever direction controls it holds', () => {
    const planted = 'Priya\u202E kcatta';
    const sentence = `Imported hours from ${isolate(planted)} today`;
    expect(sentence).toBe('Imported hours from \u2068Priya\u202E kcatta\u2069 today');
    // The isolate closes after the name: the words after it are outside any override.
    expect(sentence.indexOf('\u2069')).toBeLessThan(sentence.indexOf(' today'));
  });
});
