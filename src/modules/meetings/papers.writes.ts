import { eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { agendaItems } from './meetings.tables.ts';

/*
 * What a board paper (the papers module) changes of the agenda item it is written for: issuing
 * the paper makes its document the item's paper. The papers module checks who may issue it.
 */

/** Makes a document in the library the agenda item's paper. */
export async function setAgendaItemPaper(db: Queryable, agendaItemId: number, documentId: number): Promise<void> {
  await db.update(agendaItems).set({ paperDocumentId: documentId }).where(eq(agendaItems.id, agendaItemId));
}
