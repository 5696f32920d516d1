/*
 * Grouping workshop answers into suggested themes, and counting words for word clouds.
 * Pure functions: no database, no randomness, the same answers always give the same themes.
 *
 * Method: each answer becomes a TF-IDF vector of its stemmed content words; answers are taken
 * in order and each joins the theme whose centroid it is most similar to (cosine), if that
 * similarity reaches the threshold, otherwise it starts a new theme. A theme's title is its
 * most representative answer (the one closest to the others in the theme).
 */

export const STOP_WORDS: ReadonlySet<string> = new Set(
  `a about above after again against all also am an and any are as at be because been before being below between both but by
  can could did do does doing down during each etc few for from further get got had has have having he her here hers herself him
  himself his how i if in into is it its itself just like lot lots make may me more most much must my myself need needs no nor not
  now of off on once only or other ought our ours ourselves out over own really same shall she should so some such than that the
  their theirs them themselves then there these they this those through to too under until up upon us very via was we well were
  what when where which while who whom why will with within without would you your yours yourself yourselves e.g i.e eg ie`
    .split(/\s+/)
    .filter(Boolean),
);

/** Lower-case words of letters (and inner apostrophes or hyphens), stop words and very short words removed. */
export function contentWords(text: string): string[] {
  const words =
    text
      .toLowerCase()
      .normalize('NFKC')
      .match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu) ?? [];
  return words
    .map((w) => w.replace(/['’]s$/, ''))
    .filter((w) => w.length > 2 && !STOP_WORDS.has(w) && !/^\d+$/.test(w));
}

/** A light suffix stripper, enough for "resources", "resourcing" and "resourced" to meet. */
export function stem(word: string): string {
  for (const suffix of ['ations', 'ation', 'ings', 'ing', 'ies', 'ied', 'es', 'ed', 'ly', 's']) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 4) {
      const base = word.slice(0, -suffix.length);
      return suffix === 'ies' || suffix === 'ied' ? `${base}y` : base;
    }
  }
  if (word.endsWith('e') && word.length > 4) return word.slice(0, -1);
  return word;
}

type Vector = Map<string, number>;

function norm(v: Vector): number {
  let sum = 0;
  for (const x of v.values()) sum += x * x;
  return Math.sqrt(sum);
}

export function cosine(a: Vector, b: Vector): number {
  const na = norm(a);
  const nb = norm(b);
  if (na === 0 || nb === 0) return 0;
  let dot = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const [term, x] of small) dot += x * (large.get(term) ?? 0);
  return dot / (na * nb);
}

/** TF-IDF vectors of stemmed content words, one per text. */
export function tfidfVectors(texts: readonly string[]): Vector[] {
  const terms = texts.map((t) => contentWords(t).map(stem));
  const df = new Map<string, number>();
  for (const list of terms) for (const term of new Set(list)) df.set(term, (df.get(term) ?? 0) + 1);
  const n = texts.length;
  return terms.map((list) => {
    const v: Vector = new Map();
    for (const term of list) v.set(term, (v.get(term) ?? 0) + 1);
    for (const [term, tf] of v) v.set(term, tf * (Math.log((1 + n) / (1 + (df.get(term) ?? 0))) + 1));
    return v;
  });
}

export interface ThemeSuggestion<T> {
  title: string;
  /** Up to three key words, most weighty first. */
  keyWords: string[];
  items: T[];
}

export interface GroupOptions {
  /** Cosine similarity an answer needs to a theme to join it (0..1). */
  threshold?: number;
  /** Longest title taken from an answer. */
  titleLength?: number;
}

export const DEFAULT_THRESHOLD = 0.25;

function add(into: Vector, v: Vector) {
  for (const [term, x] of v) into.set(term, (into.get(term) ?? 0) + x);
}

function shorten(text: string, max: number): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[,;:.\s]+$/, '')}…`;
}

/**
 * Suggested themes for answers: similar answers together, dissimilar ones apart.
 * Themes come largest first (ties: the order their first answer arrived in).
 */
export function groupBySimilarity<T>(
  items: readonly T[],
  textOf: (item: T) => string,
  options: GroupOptions = {},
): ThemeSuggestion<T>[] {
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const titleLength = options.titleLength ?? 80;
  const vectors = tfidfVectors(items.map(textOf));
  const clusters: { members: number[]; centroid: Vector }[] = [];
  for (const [i, v] of vectors.entries()) {
    let best = -1;
    let bestScore = 0;
    for (const [c, cluster] of clusters.entries()) {
      const score = cosine(v, cluster.centroid);
      if (score > bestScore) [best, bestScore] = [c, score];
    }
    if (best >= 0 && bestScore >= threshold) {
      clusters[best]!.members.push(i);
      add(clusters[best]!.centroid, v);
    } else {
      const centroid: Vector = new Map();
      add(centroid, v);
      clusters.push({ members: [i], centroid });
    }
  }
  const ordered = clusters
    .map((c, order) => ({ ...c, order }))
    .sort((a, b) => b.members.length - a.members.length || a.order - b.order);
  return ordered.map(({ members, centroid }) => {
    // The most representative answer: the one most like the rest of its theme.
    let medoid = members[0]!;
    let bestScore = -1;
    for (const i of members) {
      const score = members.reduce((sum, j) => (j === i ? sum : sum + cosine(vectors[i]!, vectors[j]!)), 0);
      if (score > bestScore) [medoid, bestScore] = [i, score];
    }
    const keyWords = [...centroid.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, 3)
      .map(([term]) => term);
    return { title: shorten(textOf(items[medoid]!), titleLength), keyWords, items: members.map((i) => items[i]!) };
  });
}

export interface WordCount {
  word: string;
  count: number;
  /** 1 (rarest) to 5 (most frequent): a font-size step for a word cloud. */
  size: number;
}

/** The commonest content words of some texts (stop words removed), for a word cloud and its list. */
export function wordFrequencies(texts: readonly string[], limit = 40): WordCount[] {
  const counts = new Map<string, number>();
  for (const text of texts) for (const word of contentWords(text)) counts.set(word, (counts.get(word) ?? 0) + 1);
  const top = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, limit);
  const max = top[0]?.[1] ?? 1;
  const min = top.at(-1)?.[1] ?? 1;
  return top.map(([word, count]) => ({
    word,
    count,
    size: max === min ? 3 : 1 + Math.round(((count - min) / (max - min)) * 4),
  }));
}
