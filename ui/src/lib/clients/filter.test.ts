import { describe, expect, it } from 'vitest';
import { clientReference, filterClients, indexClients } from './filter';
import { client } from '../../test-support/fixtures';

const clients = [
  client(),
  client({ id: 'c2', name: 'Bilal Haddad', a_number: '098765432', other_names: ['Bilal Al-Haddad'] }),
  client({ id: 'c3', name: 'Ana Cruz', a_number: null }),
  client({ id: 'c4', name: 'Ana Cruz', a_number: '555666777' }),
];
const index = indexClients(clients);

describe('client search', () => {
  it('matches names and other names, without accents', () => {
    expect(filterClients(index, 'maria jose').map((c) => c.name)).toEqual(['María José Hernández']);
    expect(filterClients(index, 'al-haddad').map((c) => c.id)).toEqual(['c2']);
  });

  it('matches A-numbers however they are typed', () => {
    expect(filterClients(index, 'A123-456').map((c) => c.name)).toEqual(['María José Hernández']);
    expect(filterClients(index, '0987 654 32').map((c) => c.id)).toEqual(['c2']);
  });

  it('returns everyone for an empty search', () => {
    expect(filterClients(index, '  ')).toHaveLength(4);
  });

  it('refers to a client unambiguously for the backend', () => {
    expect(clientReference(clients[0], clients)).toBe('María José Hernández');
    expect(clientReference(clients[3], clients)).toBe('555666777');
    expect(clientReference(clients[2], clients)).toBe('c3');
  });
});
