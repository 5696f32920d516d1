import type { AgendaPack } from './pack.ts';
import { samplePaper } from './paper.fixture.ts';

/*
 * An agenda pack written out by hand for the writers' tests: five items (one with no paper, one
 * spoken to, one restricted to its reader), two papers marked differently, so the pack is marked
 * at the higher and each paper keeps its own.
 */
export function samplePack(): AgendaPack {
  const update = samplePaper('OFFICIAL');
  const cases = samplePaper('OFFICIAL-SENSITIVE');
  cases.header = { ...cases.header, subject: 'Channel cases this quarter', agendaItem: 5 };
  return {
    meeting: { body: 'Police and Crime Panel', date: '4 July 2018', time: '10:00 to 12:00', place: 'County Hall' },
    items: [
      { number: 1, title: 'Apologies', presenter: null, entries: [] },
      {
        number: 2,
        title: 'Prevent update',
        presenter: 'Sam Ortiz',
        entries: [{ kind: 'paper', number: 1, paper: update }],
      },
      { number: 3, title: 'Hate crime', presenter: null, entries: [{ kind: 'restricted' }] },
      { number: 4, title: 'Police and Crime Plan', presenter: 'Sam Ortiz', entries: [] },
      { number: 5, title: 'Channel panel', presenter: null, entries: [{ kind: 'paper', number: 2, paper: cases }] },
    ],
  };
}
