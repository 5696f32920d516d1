import { levelOf, type Framework, type Level } from './frameworks.service.ts';

/*
 * The comparisons a board reads: iterations side by side (each change from the iteration before
 * marked), and ours beside peers' published ratings, criterion by criterion, in words.
 */

export type Change = 'up' | 'down' | 'same' | 'new' | null;

export interface IterationColumn {
  id: number;
  title: string;
  assessedOn: string;
  /** criterionId → the rating's value. */
  ratings: Map<number, number | null>;
}

export interface ComparedCell {
  value: number | null;
  level: Level | undefined;
  /** Against the column before: higher, lower, the same, newly rated, or nothing to compare. */
  change: Change;
}

function changeFrom(before: number | null | undefined, now: number | null, first: boolean): Change {
  if (first || now === null) return null;
  if (before === null || before === undefined) return 'new';
  if (now === before) return 'same';
  return now > before ? 'up' : 'down';
}

/** A table per section: a row per criterion, a column per iteration (oldest first). */
export function compareIterations(framework: Framework, iterations: IterationColumn[]) {
  return framework.sections.map((section) => ({
    title: section.title,
    rows: section.criteria.map((criterion) => ({
      criterion,
      cells: iterations.map((iteration, i): ComparedCell => {
        const value = iteration.ratings.get(criterion.id) ?? null;
        return {
          value,
          level: levelOf(framework, value),
          change: changeFrom(iterations[i - 1]?.ratings.get(criterion.id), value, i === 0),
        };
      }),
    })),
  }));
}

export type PeerWord = 'in keeping' | 'higher' | 'lower';

/** A peer's rating against ours: the same is "in keeping"; otherwise the peer's is higher or lower. */
export function peerWord(ours: number | null | undefined, theirs: number | null | undefined): PeerWord | null {
  if (ours === null || ours === undefined || theirs === null || theirs === undefined) return null;
  if (ours === theirs) return 'in keeping';
  return theirs > ours ? 'higher' : 'lower';
}

export interface PeerColumn {
  peer: string;
  year: number;
  ratings: Map<number, number>;
}

/**
 * Ours beside each peer, criterion by criterion, and a word for each peer overall: the mean of
 * the criteria both rated, ours against theirs; within half a level is "in keeping".
 */
export function compareWithPeers(framework: Framework, ours: Map<number, number | null>, peers: PeerColumn[]) {
  const rows = framework.criteria.map((criterion) => {
    const our = ours.get(criterion.id) ?? null;
    return {
      criterion,
      ours: { value: our, level: levelOf(framework, our) },
      peers: peers.map((peer) => {
        const theirs = peer.ratings.get(criterion.id) ?? null;
        return { value: theirs, level: levelOf(framework, theirs), word: peerWord(our, theirs) };
      }),
    };
  });
  const overall = peers.map((peer) => {
    const both = framework.criteria.filter((c) => ours.get(c.id) != null && peer.ratings.has(c.id));
    if (!both.length) return { peer: peer.peer, year: peer.year, word: null, difference: null };
    const difference = both.reduce((total, c) => total + peer.ratings.get(c.id)! - ours.get(c.id)!, 0) / both.length;
    const word: PeerWord = Math.abs(difference) < 0.5 ? 'in keeping' : difference > 0 ? 'higher' : 'lower';
    return { peer: peer.peer, year: peer.year, word, difference: Math.round(difference * 100) / 100 };
  });
  return { rows, overall };
}

/** "In keeping with Hartlepool and Redcar and Cleveland, with the exception of Middlesbrough (higher)." */
export function peerSentence(overall: ReturnType<typeof compareWithPeers>['overall']): string | null {
  const words = overall.filter((o) => o.word);
  if (!words.length) return null;
  const list = (names: string[]) =>
    names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : (names[0] ?? '');
  const inKeeping = words.filter((o) => o.word === 'in keeping').map((o) => o.peer);
  const others = words.filter((o) => o.word !== 'in keeping').map((o) => `${o.peer} (${o.word})`);
  if (!inKeeping.length) return `Not in keeping with any peer: ${list(others)}.`;
  return `Our self-assessment is in keeping with ${list(inKeeping)}${others.length ? `, with the exception of ${list(others)}` : ''}.`;
}
