import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { sourceDir } from '../src/paths.ts';

/**
 * For testing a migration that moves data: a fresh PGlite migrated up to just before the migration
 * whose tag ends with `tagSuffix`, so a test can write rows in the old shape, then `migrateToLatest()`
 * and read what the migration made of them.
 */
export async function databaseBefore(t: TestContext, tagSuffix: string) {
  const folder = path.join(sourceDir, 'db', 'migrations');
  const journal = JSON.parse(await readFile(path.join(folder, 'meta', '_journal.json'), 'utf8')) as {
    entries: { tag: string }[];
  };
  const index = journal.entries.findIndex((e) => e.tag.endsWith(tagSuffix));
  assert.ok(index > 0, `no migration ends with ${tagSuffix}`);
  const before = await mkdtemp(path.join(os.tmpdir(), 'migrations-'));
  t.after(() => rm(before, { recursive: true, force: true }));
  await cp(folder, before, { recursive: true });
  await writeFile(
    path.join(before, 'meta', '_journal.json'),
    JSON.stringify({ ...journal, entries: journal.entries.slice(0, index) }),
  );
  const client = new PGlite();
  t.after(() => client.close());
  const db = drizzle(client);
  await migrate(db, { migrationsFolder: before });
  return { client, migrateToLatest: () => migrate(db, { migrationsFolder: folder }) };
}
