import { describe, expect, it } from 'vitest';
import { fileNamePart, joinPath, parentDir, withExtension } from './paths';
import { throttle } from './activity';

describe('paths', () => {
  it('joins with the folder’s own separator', () => {
    expect(joinPath('/home/ana/Documents', 'kit.pdf')).toBe('/home/ana/Documents/kit.pdf');
    expect(joinPath('/home/ana/Documents/', 'kit.pdf')).toBe('/home/ana/Documents/kit.pdf');
    expect(joinPath('C:\\Users\\Ana\\Documents', 'kit.pdf')).toBe('C:\\Users\\Ana\\Documents\\kit.pdf');
    expect(joinPath('', 'kit.pdf')).toBe('kit.pdf');
  });

  it('finds the folder that holds a path', () => {
    expect(parentDir('/home/ana/.local/share/pro-bono-desk/vault')).toBe('/home/ana/.local/share/pro-bono-desk');
    expect(parentDir('/home/ana/vault/')).toBe('/home/ana');
    expect(parentDir('C:\\Users\\Ana\\vault')).toBe('C:\\Users\\Ana');
    expect(parentDir('/vault')).toBe('/');
    expect(parentDir('vault')).toBe('');
  });

  it('swaps the extension when the format changes', () => {
    expect(withExtension('/a/impact-2026.pdf', 'csv')).toBe('/a/impact-2026.csv');
    expect(withExtension('/a.b/report', 'pdf')).toBe('/a.b/report.pdf');
    expect(withExtension('/a/.hidden', 'pdf')).toBe('/a/.hidden.pdf');
  });

  it('makes a safe file name from a case reference', () => {
    expect(fileNamePart('PB-2026-0001')).toBe('PB-2026-0001');
    expect(fileNamePart('JC/2026 #7')).toBe('JC-2026-7');
    expect(fileNamePart('///')).toBe('export');
  });
});

describe('activity ping', () => {
  it('fires at most once per interval', () => {
    let now = 0;
    let calls = 0;
    const ping = throttle(() => calls++, 30_000, () => now);
    expect(ping()).toBe(true);
    now = 10_000;
    expect(ping()).toBe(false);
    now = 29_999;
    expect(ping()).toBe(false);
    now = 30_000;
    expect(ping()).toBe(true);
    expect(calls).toBe(2);
  });
});
