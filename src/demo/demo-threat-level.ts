// The demo's disrupted attack plots. Written straight to the table like the rest of the demo, with
// no one named as recorder: the figures come from a published board paper, not a coordinator.

import type { Queryable } from '../db/client.ts';
import { disruptedPlots } from '../modules/threat-level/threat-level.tables.ts';
import { DISRUPTED_PLOTS } from './content/threat-level.ts';

export async function seedThreatLevelDemo(db: Queryable): Promise<void> {
  await db.insert(disruptedPlots).values(DISRUPTED_PLOTS.map((record) => ({ ...record })));
}
