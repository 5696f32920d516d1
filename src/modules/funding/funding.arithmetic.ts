/*
 * A pot's arithmetic, kept pure so a property test can run it over random histories.
 *
 * The issue's formula is remaining = amount − committed − spent, with committed the sum of the
 * approved amounts of the pot's proposals. Read literally it counts money twice when a project
 * paid for by an approved proposal spends: that spend is the commitment being drawn, not new
 * money out of the pot. So "spent" in the formula is read as spend NOT already covered by a
 * commitment: spend charged to the pot by a project with no approved proposal, and any spend
 * beyond a proposal's approved amount. The page shows all spend as "spent" and this figure as
 * "spent beyond commitments", so
 *
 *   remaining = amount − committed − spent beyond commitments
 *
 * which is amount − committed while every project keeps within what was approved for it.
 * Declining or deferring a proposal leaves committed as it was; a proposal approved and later
 * declined or deferred stops committing (its latest decision is what counts).
 */

export interface PotLedger {
  amountPence: number;
  /** The pot's proposals whose latest decision approves them, with the amount approved. */
  approved: readonly { proposalId: number; amountPence: number }[];
  /** Spend charged to the pot, with the proposal whose project it was (null: a project with none). */
  spend: readonly { proposalId: number | null; amountPence: number }[];
}

export interface PotFigures {
  amountPence: number;
  committedPence: number;
  spentPence: number;
  spentBeyondCommitmentsPence: number;
  remainingPence: number;
}

export function potFigures(ledger: PotLedger): PotFigures {
  const committedBy = new Map<number, number>();
  for (const p of ledger.approved) committedBy.set(p.proposalId, (committedBy.get(p.proposalId) ?? 0) + p.amountPence);
  const spentBy = new Map<number | null, number>();
  for (const s of ledger.spend) spentBy.set(s.proposalId, (spentBy.get(s.proposalId) ?? 0) + s.amountPence);
  let beyond = 0;
  let spent = 0;
  for (const [proposalId, amount] of spentBy) {
    spent += amount;
    const covered = proposalId === null ? 0 : (committedBy.get(proposalId) ?? 0);
    beyond += Math.max(0, amount - covered);
  }
  const committed = [...committedBy.values()].reduce((sum, n) => sum + n, 0);
  return {
    amountPence: ledger.amountPence,
    committedPence: committed,
    spentPence: spent,
    spentBeyondCommitmentsPence: beyond,
    remainingPence: ledger.amountPence - committed - beyond,
  };
}

/** Would approving this much more leave the pot below nothing? Then the decision needs a confirmation. */
export const wouldOvercommit = (figures: PotFigures, extraPence: number) => figures.remainingPence - extraPence < 0;

/** £1,234.56 from pence; whole pounds without the pence. */
export function pounds(pence: number): string {
  const sign = pence < 0 ? '−' : '';
  const abs = Math.abs(pence);
  const whole = Math.floor(abs / 100).toLocaleString('en-GB');
  const rest = abs % 100;
  return `${sign}£${whole}${rest ? `.${String(rest).padStart(2, '0')}` : ''}`;
}

/** Pence from what someone typed: "131000", "£131,000", "1,250.50". Undefined if it is not an amount. */
export function penceFrom(text: string): number | undefined {
  const cleaned = text.replace(/[£,\s]/g, '');
  if (!/^\d{1,9}(\.\d{1,2})?$/.test(cleaned)) return undefined;
  const [whole = '0', part = ''] = cleaned.split('.');
  const pence = Number(whole) * 100 + Number(part.padEnd(2, '0'));
  return pence <= 2_000_000_000 ? pence : undefined;
}
