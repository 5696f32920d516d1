import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asc, isNotNull } from 'drizzle-orm';
import { createTestDatabase } from '../../test/helpers.ts';
import { referralStages, referrals } from '../modules/referrals/register.tables.ts';
import { COUNTY_AREA, ILLUSTRATIVE_NOTE } from './content/register.ts';
import { seedDemoPartnership } from './demo-data.ts';

const NOW = new Date('2026-11-26T09:00:00Z');
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const share = (part: number, whole: number) => Math.round((100 * part) / whole);

test('the demo register: ~150 illustrative referrals in the board paper’s proportions, the same every time', async (t) => {
  const handle = await createTestDatabase();
  t.after(() => handle.close());
  const db = handle.db;
  // The demo partnership writes its register as it seeds (seedRegisterDemo, after the groups and meetings).
  const written = (await seedDemoPartnership(db, { now: NOW })).referrals;
  const rows = await db.select().from(referrals).orderBy(asc(referrals.id));
  assert.equal(rows.length, written);
  assert.ok(written >= 140 && written <= 160, `${written} referrals`);
  assert.ok(
    rows.every((r) => r.notes === ILLUSTRATIVE_NOTE),
    'each case says it is illustrative',
  );

  assert.equal(share(rows.filter((r) => r.referringSector === 'education').length, rows.length), 33);

  const lastYearStart = iso(NOW.getTime() - 365 * DAY);
  const lastYear = rows.filter((r) => r.receivedOn > lastYearStart);
  const before = rows.filter((r) => r.receivedOn <= lastYearStart);
  assert.equal(share(lastYear.filter((r) => r.area === COUNTY_AREA).length, lastYear.length), 41);
  assert.equal(share(before.filter((r) => r.area === COUNTY_AREA).length, before.length), 20);

  const county = rows.filter((r) => r.area !== 'Leicester');
  const byConcern = new Map<string, number>();
  for (const r of county) byConcern.set(r.concern, (byConcern.get(r.concern) ?? 0) + 1);
  const top = [...byConcern].sort((a, b) => b[1] - a[1])[0]!;
  assert.equal(top[0], 'extreme_right_wing');

  // Plausible journeys: dates in order, none in the future, outcomes only on closed cases.
  const today = iso(NOW.getTime());
  for (const r of rows) {
    const dates = [r.receivedOn, r.screeningOn, r.assessmentOn, r.panelOn, r.exitedOn, r.review6On, r.review12On];
    const present = dates.filter((d): d is string => Boolean(d));
    assert.deepEqual(present, [...present].sort(), r.reference);
    assert.ok(
      present.every((d) => d <= today),
      r.reference,
    );
    if (r.outcome && r.outcome !== 'adopted') assert.ok(r.exitedOn, r.reference);
  }
  const adopted = rows.filter((r) => r.outcome === 'adopted');
  assert.ok(adopted.length >= 8 && adopted.length < rows.filter((r) => r.panelOn).length);
  assert.ok(
    rows.some((r) => r.stage === 'referred' || r.stage === 'screening'),
    'some cases are in progress',
  );
  const linked = await db.select().from(referralStages).where(isNotNull(referralStages.meetingId));
  assert.ok(linked.length > 0, 'panel discussions are linked to the panel’s meetings');
  assert.equal(new Set(rows.map((r) => r.reference)).size, rows.length);

  // The same day gives the same register.
  const again = await createTestDatabase();
  t.after(() => again.close());
  await seedDemoPartnership(again.db, { now: NOW });
  const second = await again.db.select().from(referrals).orderBy(asc(referrals.id));
  const shape = (list: typeof rows) =>
    list.map((r) => [r.reference, r.receivedOn, r.area, r.concern, r.stage, r.outcome, r.exitedOn].join());
  assert.deepEqual(shape(second), shape(rows));
});
