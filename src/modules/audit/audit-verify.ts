// `npm run audit:verify`: checks the whole audit chain, the same check as the administrators' page.
//
//   npm run audit:verify                          the data folder (DATA_DIR, or ./data), or DATABASE_URL
//   npm run audit:verify -- --head 1234:<hash>    also whether the chain still holds a head kept outside the Hub
//   npm run audit:verify -- --batch 500           entries read per query (1000 unless told)
//
// On the embedded database the folder has one writer: stop the Hub first, or use the page.
// Opening the database brings it to the Hub's schema (as starting the Hub would), which chains
// entries written before the chain existed.
// Exit 0: unbroken. Exit 1: broken, or a head no longer held. Exit 2: the check could not run.

import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../../db/client.ts';
import { chainHolds, checkChain, type ChainCheck, type ChainHead } from './audit.chain.ts';

function heldHeadArgument(value: string | undefined): ChainHead | undefined {
  if (value === undefined) return undefined;
  const match = /^([1-9][0-9]*):([0-9a-fA-F]{64})$/.exec(value);
  if (!match) throw new Error(`--head must be <place in the chain>:<64-character hash>, not "${value}"`);
  return { seq: Number(match[1]), hash: match[2]!.toLowerCase() };
}

function report(check: ChainCheck): string[] {
  const lines = [`Checked ${check.entries} audit entries.`];
  lines.push(check.head ? `Latest head: ${check.head.seq} ${check.head.hash}` : 'No entries yet.');
  const broken = check.broken;
  if (broken) {
    const where = broken.id === null ? `place ${broken.chainSeq}` : `id ${broken.id}, place ${broken.chainSeq ?? '-'}`;
    lines.push(`First broken entry: ${where}: ${broken.what}: ${broken.explanation}.`);
  }
  const exported = check.exported;
  if (exported) {
    lines.push(
      `Last exported head: ${exported.seq} ${exported.hash}, exported ${exported.exportedAt.toISOString()} ` +
        `by ${exported.exportedBy ?? 'unknown'}: ${exported.held ? 'still in the chain' : 'NO LONGER IN THE CHAIN (the log was rewritten)'}.`,
    );
  }
  return lines;
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { head: { type: 'string' }, batch: { type: 'string' } } });
  const held = heldHeadArgument(values.head);
  const batch = values.batch === undefined ? 1000 : Number(values.batch);
  if (!Number.isInteger(batch) || batch < 1) throw new Error(`--batch must be a whole number, not "${values.batch}"`);
  const database = await openDatabase({
    databaseUrl: process.env.DATABASE_URL || undefined,
    dataDir: path.resolve(process.env.DATA_DIR || 'data'),
  });
  try {
    const check = await checkChain(database.db, batch);
    const lines = report(check);
    let ok = check.ok;
    if (held) {
      const holds = await chainHolds(database.db, held);
      lines.push(`Head given: ${held.seq} ${held.hash}: ${holds ? 'still in the chain' : 'NOT IN THE CHAIN'}.`);
      ok &&= holds;
    }
    lines.push(ok ? 'The audit chain is unbroken.' : 'The audit chain is BROKEN.');
    console.log(lines.join('\n'));
    return ok ? 0 : 1;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 2;
  },
);
