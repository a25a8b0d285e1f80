// Text people typed (names, case references, places) can hold right-to-left script and
// invisible bidirectional controls; a right-to-left override in a volunteer's name would
// otherwise reverse the rest of the sentence it is shown in. In markup, user text sits in its
// own element, which app.css isolates (`unicode-bidi: isolate`), or in a <bdi>. In plain-text
// strings (notifications), `isolate` wraps it in FIRST STRONG ISOLATE ... POP DIRECTIONAL
// ISOLATE, the plain-text form of <bdi> (Unicode Bidirectional Algorithm, UAX #9): whatever it
// holds ends at the PDI. docs/security.md.

const FSI = '\u2068';
const PDI = '\u2069';

/** `text` isolated for use inside a sentence of plain text. */
export function isolate(text: string): string {
  return `${FSI}${text}${PDI}`;
}
