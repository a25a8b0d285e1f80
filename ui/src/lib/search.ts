// Folding text for in-memory search: case, accents and runs of spaces do not matter, so
// "maria jose" finds "María José".

export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
