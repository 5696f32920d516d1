import { test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseBefore } from '../../../test/migrations.ts';

/*
 * Before the pickers, a proposal's live event or consultation was typed. The migration keeps every
 * typed word, and links the event or plan when the words were its id.
 */
test("the migration keeps a proposal's typed source and links the event or plan a typed id names", async (t) => {
  const { client, migrateToLatest } = await databaseBefore(t, '_funding_proposal_sources');
  await client.exec(`
    insert into people (id, name) values (1, 'Priya Desai');
    insert into accounts (id, person_id, email, password_hash, role) values (1, 1, 'p@example.org', 'x', 'coordinator');
    insert into groups (id, name, kind) values (1, 'Silver group', 'channel_panel');
    insert into events (id, title, kind, held_on, join_code, created_by) values (7, 'Youth conference', 'workshop', '2010-06-12', 'ABCDEF', 1);
    insert into plans (id, title, kind, period_start, period_end, owner_group_id, created_by)
      values (3, 'Strategic plan', 'strategic', '2010-04-01', '2011-03-31', 1, 1);
    insert into funding_pots (id, name, source, amount_pence, financial_year, deciding_group_id)
      values (1, 'Pathfinder fund', 'pathfinder', 13100000, '2010/11', 1);
    insert into funding_proposals (pot_id, title, proposer_kind, proposer_reference, amount_asked_pence, outcome_sought) values
      (1, 'From the event by id', 'live_event', '7', 100, 'x'),
      (1, 'From an event in words', 'live_event', 'The youth conference of 12 June 2010', 100, 'x'),
      (1, 'From an event that is not there', 'live_event', '99', 100, 'x'),
      (1, 'From the consultation by id', 'consultation', '3', 100, 'x'),
      (1, 'From a letter', 'other', '7', 100, 'x');
  `);
  await migrateToLatest();
  const rows = await client.query<{
    title: string;
    proposer_reference: string;
    proposer_event_id: number | null;
    proposer_plan_id: number | null;
  }>(`select title, proposer_reference, proposer_event_id, proposer_plan_id from funding_proposals order by id`);
  assert.deepEqual(
    rows.rows.map((r) => [r.title, r.proposer_reference, r.proposer_event_id, r.proposer_plan_id]),
    [
      ['From the event by id', '7', 7, null],
      ['From an event in words', 'The youth conference of 12 June 2010', null, null],
      ['From an event that is not there', '99', null, null],
      ['From the consultation by id', '3', null, 3],
      ['From a letter', '7', null, null],
    ],
  );
});
