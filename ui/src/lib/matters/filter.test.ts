import { describe, expect, it } from 'vitest';
import { filterMatters, indexMatters, isFiltered, NO_CRITERIA } from './filter';
import { generateMatters } from '../../test-support/fixtures';

const matters = generateMatters(10_000);
const index = indexMatters(matters);

describe('filtering matters in memory', () => {
  it('keeps every matter without criteria', () => {
    expect(filterMatters(index, NO_CRITERIA)).toHaveLength(10_000);
    expect(isFiltered(NO_CRITERIA)).toBe(false);
  });

  it('finds a case reference from any part of it, ignoring case', () => {
    const found = filterMatters(index, { ...NO_CRITERIA, search: 'pb-2022-00002' });
    expect(found.map((m) => m.case_ref)).toContain('PB-2022-00002');
    expect(found.every((m) => m.case_ref.toLowerCase().includes('pb-2022-00002'))).toBe(true);
  });

  it('finds a client by name without accents or exact spacing', () => {
    const found = filterMatters(index, { ...NO_CRITERIA, search: '  jose   garcia ' });
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((m) => m.client_name === 'José García')).toBe(true);
  });

  it('combines status, case type and detention', () => {
    const found = filterMatters(index, { ...NO_CRITERIA, status: 'closed', caseType: 'asylum', detained: 'detained' });
    expect(found.length).toBeGreaterThan(0);
    for (const m of found) {
      expect(m.status).toBe('closed');
      expect(m.case_type).toBe('asylum');
      expect(m.detained).toBe(true);
    }
    const notDetained = filterMatters(index, { ...NO_CRITERIA, detained: 'not_detained' });
    expect(notDetained.every((m) => !m.detained)).toBe(true);
    expect(notDetained.length + filterMatters(index, { ...NO_CRITERIA, detained: 'detained' }).length).toBe(10_000);
  });

  it('limits to the chosen volunteer’s matters', () => {
    const ids = new Set([matters[0].id, matters[41].id]);
    const found = filterMatters(index, { ...NO_CRITERIA, volunteerMatterIds: ids });
    expect(found.map((m) => m.id)).toEqual([matters[0].id, matters[41].id]);
  });

  it('stays quick on 10,000 matters (a keystroke must not lag)', () => {
    const start = performance.now();
    for (const term of ['a', 'an', 'ana', 'ana a', 'pb-2023']) filterMatters(index, { ...NO_CRITERIA, search: term });
    expect(performance.now() - start).toBeLessThan(250);
  });
});
