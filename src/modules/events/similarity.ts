/*
 * Likely duplicates among delegates' questions: TF-IDF weighted cosine similarity over
 * normalised words, computed here in TypeScript (no service, no model). Pure functions.
 */

const STOP_WORDS = new Set(
  'a an and are as at be been but by can could do does did for from has have how i if in into is it its me my of on or our should so than that the their them there these they this to us was we were what when where which who why will with would you your about any please'.split(' '),
);

/** Lower-case words without punctuation or stop words, with a light plural/ending strip. */
export function tokenize(text: string): string[] {
  return (text.toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '').match(/[a-z0-9]+/g) ?? [])
    .filter((w) => !STOP_WORDS.has(w))
    .map(stem)
    .filter((w) => w.length > 1);
}

function stem(word: string): string {
  if (word.length > 5 && word.endsWith('ing')) return word.slice(0, -3);
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 4 && word.endsWith('ed')) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

type Vector = Map<string, number>;

function termCounts(tokens: string[]): Vector {
  const counts: Vector = new Map();
  for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}

/** Inverse document frequency over a corpus of texts (smoothed, so unseen words still weigh). */
export function inverseDocumentFrequency(documents: string[][]): (term: string) => number {
  const df = new Map<string, number>();
  for (const doc of documents) for (const term of new Set(doc)) df.set(term, (df.get(term) ?? 0) + 1);
  const n = documents.length;
  return (term) => Math.log((1 + n) / (1 + (df.get(term) ?? 0))) + 1;
}

function weigh(tokens: string[], idf: (term: string) => number): Vector {
  const vector: Vector = new Map();
  for (const [term, count] of termCounts(tokens)) vector.set(term, count * idf(term));
  return vector;
}

function cosine(a: Vector, b: Vector): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [term, w] of a) {
    na += w * w;
    const other = b.get(term);
    if (other) dot += w * other;
  }
  for (const w of b.values()) nb += w * w;
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/** Similarity of two texts in [0, 1]; with a corpus, common words of that corpus weigh less. */
export function similarity(a: string, b: string, corpus: string[] = []): number {
  const ta = tokenize(a);
  const tb = tokenize(b);
  const idf = inverseDocumentFrequency([ta, tb, ...corpus.map(tokenize)]);
  return cosine(weigh(ta, idf), weigh(tb, idf));
}

export interface TextItem {
  id: number;
  body: string;
}

export interface DuplicateSuggestion {
  id: number;
  score: number;
}

export const DUPLICATE_THRESHOLD = 0.5;

/**
 * For each of `incoming`, the most similar other item of `all` at or above the threshold.
 * The IDF comes from the whole set, so an event's theme words ("Prevent", "radicalisation")
 * do not make every question look like every other.
 */
export function suggestDuplicates(incoming: TextItem[], all: TextItem[], threshold = DUPLICATE_THRESHOLD): Map<number, DuplicateSuggestion> {
  const tokens = new Map(all.map((item) => [item.id, tokenize(item.body)]));
  for (const item of incoming) if (!tokens.has(item.id)) tokens.set(item.id, tokenize(item.body));
  const idf = inverseDocumentFrequency([...tokens.values()]);
  const vectors = new Map([...tokens].map(([id, t]) => [id, weigh(t, idf)]));
  const result = new Map<number, DuplicateSuggestion>();
  for (const item of incoming) {
    const mine = vectors.get(item.id)!;
    let best: DuplicateSuggestion | undefined;
    for (const other of all) {
      if (other.id === item.id) continue;
      const score = cosine(mine, vectors.get(other.id)!);
      if (score >= threshold && (!best || score > best.score)) best = { id: other.id, score };
    }
    if (best) result.set(item.id, best);
  }
  return result;
}
