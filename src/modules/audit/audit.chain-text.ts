import type { auditChainExports } from './audit.tables.ts';

type ChainExport = typeof auditChainExports.$inferSelect;

/**
 * The exported head as a short text to print or file and sign: enough to find the same entry
 * again (its place in the chain and its hash), who took it and when, and room for the signature of
 * whoever keeps it outside the Hub.
 */
export function chainHeadText(exported: ChainExport): string {
  return [
    'Prevent Partnership Hub: audit log chain head',
    '',
    `Place in the chain:  ${exported.seq}`,
    `Hash (SHA-256):      ${exported.hash}`,
    `Exported:            ${exported.exportedAt.toISOString()}`,
    `Exported by:         ${exported.exportedBy ?? 'unknown'}`,
    '',
    'Every audit entry carries the hash of its content and of the entry before it. If the Hub',
    'later shows a different hash at this place, or none, the log was changed from this entry on.',
    `To check: open Audit log, Chain, and enter ${exported.seq} and the hash above, or run`,
    `  npm run audit:verify -- --head ${exported.seq}:${exported.hash}`,
    '',
    'Received and kept by',
    'Name:      ____________________________________',
    'Role:      ____________________________________',
    'Signature: ____________________________________',
    'Date:      ____________________________________',
    '',
  ].join('\n');
}
