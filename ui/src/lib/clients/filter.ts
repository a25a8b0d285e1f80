// The client list's search: by name (or other names), or by A-number digits.

import type { Client } from '../api';
import { aNumberDigits, looksLikeANumber } from '../format/a-number';
import { fold } from '../search';

export type IndexedClient = { client: Client; key: string };

export function indexClients(clients: readonly Client[]): IndexedClient[] {
  return clients.map((client) => ({ client, key: fold([client.name, ...client.other_names].join('\u0000')) }));
}

export function filterClients(index: readonly IndexedClient[], search: string): Client[] {
  const term = search.trim();
  if (term === '') return index.map((e) => e.client);
  const digits = looksLikeANumber(term) ? aNumberDigits(term) : '';
  const needle = fold(term);
  return index
    .filter(({ client, key }) => (digits !== '' ? (client.a_number ?? '').includes(digits) : key.includes(needle)))
    .map((e) => e.client);
}

/**
 * What to type in a "client" field so the backend finds exactly this client: the name when no
 * other client has it, else the A-number, else the id.
 */
export function clientReference(client: Client, all: readonly Client[]): string {
  const name = fold(client.name);
  const sameName = all.filter((c) => fold(c.name) === name).length;
  if (sameName <= 1) return client.name;
  if (client.a_number) return client.a_number;
  return client.id;
}
