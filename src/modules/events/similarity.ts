/*
 * Likely duplicates among delegates' questions: TF-IDF weighted cosine similarity over
 * normalised words, computed here in TypeScript (no service, no model). Pure functions.
 */
import { contentWords, cosine, stem, tfidfVectors } from './themes.ts';

/** The words a question is compared on: content words, stemmed. */
export const tokenize = (text: string): string[] => contentWords(text).map(stem);

// One text model for the whole Hub: the same stemmed content words and TF-IDF weights that
// group workshop answers into themes (themes.ts) decide which questions look alike.

/** Similarity of two texts in [0, 1]; with a corpus, common words of that corpus weigh less. */
export function similarity(a: string, b: string, corpus: string[] = []): number {
  const [va, vb] = tfidfVectors([a, b, ...corpus]);
  return cosine(va!, vb!);
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
export function suggestDuplicates(
  incoming: TextItem[],
  all: TextItem[],
  threshold = DUPLICATE_THRESHOLD,
): Map<number, DuplicateSuggestion> {
  const texts = new Map(all.map((item) => [item.id, item.body]));
  for (const item of incoming) if (!texts.has(item.id)) texts.set(item.id, item.body);
  const ids = [...texts.keys()];
  const weighted = tfidfVectors(ids.map((id) => texts.get(id)!));
  const vectors = new Map(ids.map((id, i) => [id, weighted[i]!]));
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
