import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contentWords, groupBySimilarity, stem, wordFrequencies } from './themes.ts';

const text = (s: string) => s;

test('themes: similar answers cluster together, dissimilar ones apart', () => {
  const answers = [
    'Training for frontline staff to spot vulnerabilities',
    'Lack of resources and capacity in organisations',
    'More training of frontline staff on vulnerability',
    'Capacity: not enough resourcing to attend every meeting',
    'Working with communities when the political narrative changes',
    'Frontline staff training about mental health vulnerabilities',
  ];
  const themes = groupBySimilarity(answers, text);
  const themeOf = (answer: string) => themes.findIndex((t) => t.items.includes(answer));
  assert.equal(themeOf(answers[0]!), themeOf(answers[2]!));
  assert.equal(themeOf(answers[0]!), themeOf(answers[5]!));
  assert.equal(themeOf(answers[1]!), themeOf(answers[3]!));
  assert.notEqual(themeOf(answers[0]!), themeOf(answers[1]!));
  assert.notEqual(themeOf(answers[4]!), themeOf(answers[0]!));
  assert.notEqual(themeOf(answers[4]!), themeOf(answers[1]!));
  // Largest theme first, titled by its most representative answer, with its key words.
  assert.equal(themes[0]!.items.length, 3);
  assert.ok(themes[0]!.items.includes(themes[0]!.title));
  assert.ok(themes[0]!.keyWords.includes('train'));
  // Every answer is in exactly one theme.
  assert.equal(
    themes.reduce((n, t) => n + t.items.length, 0),
    answers.length,
  );
});

test('themes: entirely different answers each make their own theme; empty input, none', () => {
  const themes = groupBySimilarity(['Dark web recruitment', 'Socio-economic disparities', 'Brexit uncertainty'], text);
  assert.equal(themes.length, 3);
  assert.deepEqual(groupBySimilarity([], text), []);
  // Answers of only stop words do not join anything.
  assert.equal(groupBySimilarity(['and the', 'of the', 'Dark web'], text).length, 3);
});

test('themes: a threshold of 1 keeps near-duplicates apart, 0.05 joins loosely related ones', () => {
  const answers = ['Training for staff', 'Training for staff and parents'];
  assert.equal(groupBySimilarity(answers, text, { threshold: 0.99 }).length, 2);
  assert.equal(groupBySimilarity(answers, text, { threshold: 0.05 }).length, 1);
});

test('themes: long titles are shortened at a word', () => {
  const long =
    'Informing and educating hard to reach groups, to ensure engagement with those groups continued and not losing groups within the community';
  const [theme] = groupBySimilarity([long], text, { titleLength: 60 });
  assert.ok(theme!.title.length <= 60);
  assert.ok(theme!.title.endsWith('…'));
});

test('words: stop words removed, stems meet, frequencies sized', () => {
  assert.deepEqual(contentWords("The Prevent team's role is to support us"), ['prevent', 'team', 'role', 'support']);
  assert.equal(stem('resources'), stem('resourcing'));
  assert.equal(stem('vulnerabilities'), stem('vulnerability'));
  const words = wordFrequencies(['trust and trust', 'trust in schools', 'schools']);
  assert.deepEqual(words, [
    { word: 'trust', count: 3, size: 5 },
    { word: 'schools', count: 2, size: 1 },
  ]);
});
