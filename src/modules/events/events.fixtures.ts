/** Test data for the polls, workshops and engagement tests, inserted directly. */
import type { TestHub } from '../../../test/helpers.ts';
import { Browser } from '../../../test/helpers.ts';
import { newJoinCode } from './events.service.ts';
import { eventAudiences, events, type EventAudience } from './events.tables.ts';

export async function event(
  hub: TestHub,
  createdBy: number,
  options: {
    title?: string;
    status?: 'draft' | 'open' | 'closed';
    heldOn?: string;
    meetingId?: number;
    audiences?: EventAudience[];
    attendance?: number;
  } = {},
) {
  const [row] = await hub.database.db
    .insert(events)
    .values({
      title: options.title ?? 'Prevent community forum',
      kind: 'workshop',
      heldOn: options.heldOn ?? '2026-05-20',
      status: options.status ?? 'open',
      joinCode: newJoinCode(),
      createdBy,
      meetingId: options.meetingId ?? null,
      attendance: options.attendance ?? null,
    })
    .returning();
  if (options.audiences?.length)
    await hub.database.db
      .insert(eventAudiences)
      .values(options.audiences.map((audience) => ({ eventId: row!.id, audience })));
  return row!;
}

/** A delegate: a browser with no account, which has loaded a page to get a CSRF token. */
export async function delegate(hub: TestHub, path: string) {
  const browser = new Browser(hub.app);
  const page = await browser.get(path);
  if (page.statusCode !== 200) throw new Error(`delegate page ${path}: ${page.statusCode}`);
  return browser;
}

/** The text of the page, tags stripped, spaces squeezed. */
export const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
