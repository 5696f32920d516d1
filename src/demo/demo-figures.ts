// Writes the demo's published referral figures (content/figures.ts) straight to the table, like
// the rest of the demo, with no import record and no audit entry. Run once, on a new demo database.

import type { Queryable } from '../db/client.ts';
import { financialYear } from '../modules/referrals/categories.ts';
import { referralFigures } from '../modules/referrals/figures.tables.ts';
import { DEMO_FIGURES, DEMO_GEOGRAPHY, DEMO_SOURCE, ILLUSTRATIVE_SOURCE } from './content/figures.ts';

export async function seedFiguresDemo(db: Queryable): Promise<{ figures: number }> {
  const rows = DEMO_FIGURES.map((figure) => {
    const period = financialYear(figure.year);
    return {
      periodKind: period.kind,
      periodLabel: period.label,
      periodStart: period.start,
      periodEnd: period.end,
      geographyKind: DEMO_GEOGRAPHY.kind,
      geography: DEMO_GEOGRAPHY.name,
      measure: figure.measure,
      breakdown: figure.breakdown,
      category: figure.category,
      value: figure.value,
      sourceTitle: figure.illustrative ? `${ILLUSTRATIVE_SOURCE} (${DEMO_SOURCE.title})` : DEMO_SOURCE.title,
      sourceUrl: DEMO_SOURCE.url,
      release: DEMO_SOURCE.release,
      releaseDate: DEMO_SOURCE.releaseDate,
    };
  });
  await db.insert(referralFigures).values(rows);
  return { figures: rows.length };
}
