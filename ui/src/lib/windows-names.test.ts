// Every file name the app offers in a path field is valid on Windows, whatever the case
// reference, volunteer name or dates typed: no reserved characters, no reserved device names
// (also with an extension), no trailing dot or space, at most 255 characters. The rules are
// Windows's (the Rust side checks the names the backend makes with the same rules:
// core/src/filename.rs).
import { describe, expect, it } from 'vitest';
import { fileNamePart } from './paths';
import { backupFileName, hoursFileName } from './safety';
import { reportFileName } from './reports/period';

function windowsProblem(name: string): string | null {
  if (name === '') return 'empty';
  if (/[<>:"/\\|?*]/.test(name)) return 'reserved character';
  if (/[\u0000-\u001f]/.test(name)) return 'control character';
  if (/[. ]$/.test(name)) return 'ends with a dot or space';
  if (name.length > 255) return 'longer than 255';
  const stem = name.split('.')[0].replace(/ +$/, '');
  if (/^(con|prn|aux|nul|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³])$/i.test(stem)) return 'reserved device name';
  return null;
}

const hostile = [
  'CON',
  'nul.2026',
  'Com1',
  'lpt9',
  'aux',
  'JC/2026: #7?',
  'a<b>c|d*e"f',
  'trailing.',
  ' spaced ',
  'Nguyễn Thị Lan',
  '王小明',
  '..',
  '',
  'x'.repeat(1000),
  '\u202eevil',
];

describe('file names offered on Windows', () => {
  it('the rules here refuse what Windows refuses', () => {
    for (const bad of ['CON.pdf', 'con', 'a:b', 'NUL.tar.gz', 'COM1.csv', 'x.', 'x ', 'a'.repeat(256)]) {
      expect(windowsProblem(bad), bad).not.toBeNull();
    }
    for (const good of ['CONSOLE.pdf', 'com10.pdf', 'statement-ana-2026.pdf', 'Nguyễn.pdf']) {
      expect(windowsProblem(good), good).toBeNull();
    }
  });

  it('a case summary, a calendar and a statement are named safely from any text', () => {
    for (const text of hostile) {
      const part = fileNamePart(text);
      for (const name of [
        `${part}.pdf`, // case summary (ExportCase)
        `calendar-${part}.ics`, // a volunteer's calendar (ExportCalendar)
        `statement-${part.toLowerCase()}-${fileNamePart('2026')}.pdf`, // ExportStatement
      ]) {
        expect(windowsProblem(name), `${JSON.stringify(text)} -> ${name}`).toBeNull();
      }
    }
    expect(fileNamePart('CON')).toBe('CON-');
    expect(fileNamePart('nul.2026')).toBe('nul-.2026');
    expect(fileNamePart('x'.repeat(1000))).toHaveLength(80);
  });

  it('backups, hour submissions and reports are named safely from any dates', () => {
    for (const text of hostile) {
      expect(windowsProblem(backupFileName(text.slice(0, 20))), text).toBeNull();
      expect(windowsProblem(hoursFileName(text, text)), text).toBeNull();
      for (const kind of ['impact', 'hours'] as const) {
        for (const format of ['pdf', 'csv', 'json'] as const) {
          const name = reportFileName(kind, { mode: 'range', from: text, to: '2026-06-30' }, format);
          expect(windowsProblem(name), `${kind} ${format} ${JSON.stringify(text)}`).toBeNull();
        }
      }
    }
    expect(reportFileName('impact', { mode: 'year', year: 2026 }, 'pdf')).toBe('impact-report-2026.pdf');
  });
});
