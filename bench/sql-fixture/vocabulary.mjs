// The seeded random source, and the names and column types the SQL fixture's schema is made of.

export function prng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const WORDS = [
  'account',
  'invoice',
  'order',
  'product',
  'customer',
  'payment',
  'shipment',
  'review',
  'coupon',
  'team',
  'project',
  'task',
  'comment',
  'event',
  'session',
  'device',
  'address',
  'subscription',
  'plan',
  'webhook',
];
export const COLS = [
  'name',
  'title',
  'status_note',
  'description',
  'amount',
  'currency',
  'external_ref',
  'notes',
  'score',
  'priority',
  'label',
  'country',
  'city',
  'email',
  'phone',
  'url',
  'metadata',
  'archived',
  'color',
  'position',
];
export const TYPES = [
  ['text', null],
  ['varchar(255)', null],
  ['integer', null],
  ['boolean', 'false'],
  ['timestamp', 'now()'],
  ['timestamp with time zone', 'now()'],
  ['jsonb', "'{}'::jsonb"],
  ['numeric(12, 2)', '0'],
];
