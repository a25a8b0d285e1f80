// A rough passphrase strength estimate for the meter beside new-passphrase fields. It only
// guides: the backend's rule is the minimum length, and Argon2id does the rest.

import { LIMITS } from '../api';

/** The core's minimum (generated into api/catalog.ts). */
export const MIN_PASSPHRASE_CHARS = LIMITS.minPassphraseChars;

export type Strength = {
  /** 0 too short, 1 weak, 2 fair, 3 good, 4 strong. */
  score: 0 | 1 | 2 | 3 | 4;
  label: 'Too short' | 'Weak' | 'Fair' | 'Good' | 'Strong';
  /** Estimated guessing entropy in bits (after penalties). */
  bits: number;
  meetsMinimum: boolean;
};

const COMMON = [
  'password', 'passphrase', 'qwerty', 'letmein', 'welcome', 'iloveyou', 'admin', 'monkey',
  'dragon', 'abc123', '123456', 'football', 'baseball', 'sunshine', 'princess', 'probono',
  'asylum', 'immigration', 'clinic', 'secret',
];

function poolSize(text: string): number {
  let pool = 0;
  if (/[a-z]/.test(text)) pool += 26;
  if (/[A-Z]/.test(text)) pool += 26;
  if (/\d/.test(text)) pool += 10;
  if (/\s/.test(text)) pool += 1;
  if (/[^\sA-Za-z\d]/.test(text)) pool += 33;
  return Math.max(pool, 1);
}

/** Characters that only repeat or continue a run ("aaaa", "1234", "abcd") add little. */
function effectiveLength(text: string): number {
  const chars = Array.from(text);
  let length = chars.length > 0 ? 1 : 0;
  for (let i = 1; i < chars.length; i++) {
    const prev = chars[i - 1].codePointAt(0) ?? 0;
    const cur = chars[i].codePointAt(0) ?? 0;
    const delta = cur - prev;
    length += delta === 0 || delta === 1 || delta === -1 ? 0.25 : 1;
  }
  return length;
}

export function estimateStrength(passphrase: string): Strength {
  const chars = Array.from(passphrase).length;
  const meetsMinimum = chars >= MIN_PASSPHRASE_CHARS && passphrase.trim() !== '';
  let bits = effectiveLength(passphrase) * Math.log2(poolSize(passphrase));
  const lower = passphrase.toLowerCase();
  for (const word of COMMON) {
    if (lower.includes(word)) bits -= word.length * 3;
  }
  const distinct = new Set(Array.from(lower)).size;
  if (distinct <= 3) bits = Math.min(bits, 15);
  bits = Math.max(0, Math.round(bits));
  if (!meetsMinimum) return { score: 0, label: 'Too short', bits, meetsMinimum };
  if (bits < 40) return { score: 1, label: 'Weak', bits, meetsMinimum };
  if (bits < 60) return { score: 2, label: 'Fair', bits, meetsMinimum };
  if (bits < 80) return { score: 3, label: 'Good', bits, meetsMinimum };
  return { score: 4, label: 'Strong', bits, meetsMinimum };
}

export type PassphraseProblem = { field: 'passphrase' | 'confirm'; message: string };

/** The problem with a new passphrase and its confirmation, or null when they may be submitted. */
export function newPassphraseProblem(passphrase: string, confirm: string): PassphraseProblem | null {
  if (Array.from(passphrase).length < MIN_PASSPHRASE_CHARS || passphrase.trim() === '') {
    return {
      field: 'passphrase',
      message: `Use at least ${MIN_PASSPHRASE_CHARS} characters (a few unrelated words work well).`,
    };
  }
  if (passphrase !== confirm) return { field: 'confirm', message: 'The two passphrases do not match.' };
  return null;
}
