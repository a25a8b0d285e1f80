// The matter list's search and filters, run in memory over the list loaded once, so typing
// stays instant with 10,000 matters. The search key of each matter is folded once per load.

import type { CaseType, Matter, MatterStatus } from '../api';
import { fold } from '../search';

export type MatterCriteria = {
  /** Text in the case reference or the client's name. */
  search: string;
  status: MatterStatus | '';
  caseType: CaseType | '';
  detained: 'detained' | 'not_detained' | '';
  /** Ids of the matters of the chosen volunteer, or null for any volunteer. */
  volunteerMatterIds: ReadonlySet<string> | null;
};

export const NO_CRITERIA: MatterCriteria = {
  search: '',
  status: '',
  caseType: '',
  detained: '',
  volunteerMatterIds: null,
};

export type IndexedMatter = { matter: Matter; key: string };

export function indexMatters(matters: readonly Matter[]): IndexedMatter[] {
  return matters.map((matter) => ({ matter, key: `${fold(matter.case_ref)}\u0000${fold(matter.client_name)}` }));
}

export function filterMatters(index: readonly IndexedMatter[], c: MatterCriteria): Matter[] {
  const needle = fold(c.search);
  const out: Matter[] = [];
  for (const { matter: m, key } of index) {
    if (c.status !== '' && m.status !== c.status) continue;
    if (c.caseType !== '' && m.case_type !== c.caseType) continue;
    if (c.detained === 'detained' && !m.detained) continue;
    if (c.detained === 'not_detained' && m.detained) continue;
    if (c.volunteerMatterIds !== null && !c.volunteerMatterIds.has(m.id)) continue;
    if (needle !== '' && !key.includes(needle)) continue;
    out.push(m);
  }
  return out;
}

export function isFiltered(c: MatterCriteria): boolean {
  return (
    c.search.trim() !== '' || c.status !== '' || c.caseType !== '' || c.detained !== '' || c.volunteerMatterIds !== null
  );
}
