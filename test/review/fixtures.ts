/**
 * Schemas for the review tests. Every snapshot and migration the tests read is written by the
 * real drizzle-kit from these.
 */

/** The base: users (with an enum and a unique email) and posts referencing users. */
export const SCHEMA_V1 = `import { index, integer, pgEnum, pgTable, serial, text, varchar } from 'drizzle-orm/pg-core';

export const role = pgEnum('role', ['member', 'admin']);

export const users = pgTable('users', {
  id: serial('id').primaryKey(),
  email: text('email').notNull().unique(),
  name: text('name'),
  phone: text('phone'),
  role: role('role').notNull().default('member'),
});

export const posts = pgTable('posts', {
  id: serial('id').primaryKey(),
  authorId: integer('author_id').notNull().references(() => users.id),
  title: varchar('title', { length: 200 }).notNull(),
}, (t) => [index('posts_author_idx').on(t.authorId)]);

export const legacy = pgTable('legacy_events', {
  id: serial('id').primaryKey(),
  payload: text('payload'),
});
`;

/**
 * The PR: a new table with a foreign key and an index, a dropped column, a type change, a NOT NULL,
 * an enum value, a dropped table.
 */
export const SCHEMA_V2 = `import { index, integer, pgEnum, pgTable, serial, text, timestamp, varchar } from 'drizzle-orm/pg-core';

export const role = pgEnum('role', ['member', 'admin', 'owner']);

export const users = pgTable('users', {
  id: serial('id').primaryKey(),
  email: varchar('email', { length: 320 }).notNull().unique(),
  name: text('name').notNull(),
  role: role('role').notNull().default('member'),
});

export const posts = pgTable('posts', {
  id: serial('id').primaryKey(),
  authorId: integer('author_id').notNull().references(() => users.id),
  title: varchar('title', { length: 200 }).notNull(),
}, (t) => [index('posts_author_idx').on(t.authorId)]);

export const comments = pgTable('comments', {
  id: serial('id').primaryKey(),
  postId: integer('post_id').notNull().references(() => posts.id, { onDelete: 'cascade' }),
  body: text('body').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('comments_post_idx').on(t.postId)]);
`;

/** The PR's first step: SCHEMA_V2 without the new table (drizzle-kit would ask whether the new table renames the dropped one). */
export const SCHEMA_V2_STEP1 = SCHEMA_V2.replace(/export const comments[\s\S]*$/, '');
