import { pgTable, serial, text, timestamp, integer } from 'drizzle-orm/pg-core';

/** The one partnership this Hub serves. Setup creates its single row. */
export const partnership = pgTable('partnership', {
  id: integer('id').primaryKey().default(1),
  name: text('name').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Named areas the partnership covers (e.g. the Teesside boroughs; Leicester city, Leicestershire county, Rutland). */
export const areas = pgTable('areas', {
  id: serial('id').primaryKey(),
  name: text('name').notNull().unique(),
  kind: text('kind').notNull().default('district'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
