import { boolean, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { accounts } from './accounts.tables.ts';

/**
 * The partnership's OpenID provider, as an administrator set it: one row. Without a row the
 * environment's provider (OIDC_ISSUER …) is used, if any.
 */
export const singleSignOnSettings = pgTable('single_sign_on_settings', {
  id: integer('id').primaryKey().default(1),
  // Shown on the sign-in button: "Sign in with <name>".
  name: text('name').notNull(),
  issuer: text('issuer').notNull(),
  clientId: text('client_id').notNull(),
  // Encrypted (AES-256-GCM) and never shown back; null for a public client.
  clientSecret: text('client_secret'),
  // The provider's own multi-factor sign-in (its `amr` claim) stands for the Hub's second factor.
  trustProviderMfa: boolean('trust_provider_mfa').notNull().default(false),
  // People with a verified address at these domains and no account get one, as viewers.
  accountDomains: text('account_domains').array().notNull().default([]),
  changedBy: integer('changed_by').references(() => accounts.id),
  changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Each journey to the provider and back, kept on the server so its answer can be used once, by
 * the browser that set out: the state (hashed), the nonce and the PKCE code verifier.
 */
export const singleSignOnJourneys = pgTable('single_sign_on_journeys', {
  stateHash: text('state_hash').primaryKey(),
  browserHash: text('browser_hash').notNull(),
  nonce: text('nonce').notNull(),
  codeVerifier: text('code_verifier').notNull(),
  next: text('next'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  usedAt: timestamp('used_at', { withTimezone: true }),
});
