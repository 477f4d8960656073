import { pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';

/** The Nexiom users table: the example the migration guide walks through. */
export const users = pgTable('users', {
  id: serial('id').primaryKey(),
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  phoneNumber: text('phone_number'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
