import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as turn } from 'node:timers/promises';
import { databaseOnlyHub } from '../../test/helpers.ts';
import { LiveHub, type Subscriber } from './fanout.ts';

/*
 * A stream's request reads the database before it subscribes; if the Hub starts closing in
 * between, the stream must still end, or its open connection keeps the server from closing.
 */
test('a stream that subscribes after the Hub began closing is ended at once; one before is ended by the close', async (t) => {
  const { database } = await databaseOnlyHub(t);
  const live = new LiveHub(database.db);
  await live.start();
  t.after(() => live.stop());
  const ended: string[] = [];
  const stream = (name: string): Subscriber => ({
    eventId: 1,
    lastId: 0,
    audience: 'moderator',
    send: () => {},
    close: () => ended.push(name),
  });

  live.subscribe(stream('before'));
  live.closeAll();
  assert.deepEqual(ended, ['before']);
  live.subscribe(stream('after'));
  await turn();
  assert.deepEqual(ended, ['before', 'after']);
  assert.equal(live.count(1, 'moderator'), 0, 'the late stream is not kept among the open ones');
});
