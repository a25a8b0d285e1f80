import { describe, expect, it } from 'vitest';
import { estimateStrength, newPassphraseProblem } from './strength';

describe('passphrase strength', () => {
  it('calls anything under 10 characters too short, as the backend refuses it', () => {
    expect(estimateStrength('').score).toBe(0);
    expect(estimateStrength('Tr0ub4dor').label).toBe('Too short');
    expect(estimateStrength('Tr0ub4dor').meetsMinimum).toBe(false);
  });

  it('rates a few unrelated words as strong', () => {
    expect(estimateStrength('correct horse battery staple').score).toBe(4);
  });

  it('sees through repeats, runs and common words', () => {
    expect(estimateStrength('aaaaaaaaaaaa').score).toBe(1);
    expect(estimateStrength('1234567890').score).toBe(1);
    expect(estimateStrength('password1234').score).toBeLessThanOrEqual(1);
  });

  it('rates longer and more varied passphrases higher', () => {
    const a = estimateStrength('bluegreenred').bits;
    const b = estimateStrength('blue-Green red 7 quartz').bits;
    expect(b).toBeGreaterThan(a);
  });

  it('says what is wrong with a new passphrase and its confirmation', () => {
    expect(newPassphraseProblem('short', 'short')?.field).toBe('passphrase');
    expect(newPassphraseProblem('long enough words', 'long enough word')?.field).toBe('confirm');
    expect(newPassphraseProblem('long enough words', 'long enough words')).toBeNull();
  });
});
