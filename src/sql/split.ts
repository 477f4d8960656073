/**
 * Splits a migration file exactly as drizzle-orm's migrator does, keeping positions.
 *
 * drizzle-orm 0.45 `readMigrationFiles` (migrator.js):
 *   const result = query.split("--> statement-breakpoint")
 * and `PgDialect.migrate` runs each piece with `tx.execute(sql.raw(piece))`, all pending
 * migrations inside ONE transaction. The journal's `breakpoints` flag is not consulted: the split
 * always happens. A piece may hold several statements (a file written with `breakpoints: false`,
 * or by hand); Postgres runs them all through the simple query protocol.
 *
 * drizzle-kit writes the marker right after the statement's semicolon:
 *   CREATE TABLE "users" (...);
 *   --> statement-breakpoint
 *   ALTER TABLE "users" ADD COLUMN "x" text;--> statement-breakpoint
 */

export const BREAKPOINT = '--> statement-breakpoint';

export interface Chunk {
  /** Position of the piece among the file's pieces (0-based). */
  index: number;
  /** The piece's text, exactly what the migrator sends to Postgres. */
  text: string;
  /** Character offset of the piece in the file. */
  offset: number;
}

export function splitChunks(text: string): Chunk[] {
  const chunks: Chunk[] = [];
  let offset = 0;
  text.split(BREAKPOINT).forEach((piece, index) => {
    chunks.push({ index, text: piece, offset });
    offset += piece.length + BREAKPOINT.length;
  });
  return chunks;
}

/** Maps character offsets of a text to 1-based line numbers (binary search over line starts). */
export class LineMap {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }
  line(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }
  get lineCount(): number {
    return this.starts.length;
  }
}

/**
 * The offset of the first character at or after `from` that is neither whitespace nor part of a
 * comment (`-- ...` to the end of the line, `/* ... *\/`, which Postgres nests): where a statement
 * really starts, since the parser's statement location includes what precedes it.
 */
export function skipTrivia(text: string, from: number, to = text.length): number {
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11) {
      i++;
    } else if (c === 45 /* - */ && text.charCodeAt(i + 1) === 45) {
      const eol = text.indexOf('\n', i);
      i = eol === -1 ? to : eol + 1;
    } else if (c === 47 /* / */ && text.charCodeAt(i + 1) === 42 /* * */) {
      let depth = 1;
      i += 2;
      while (i < to && depth > 0) {
        if (text.startsWith('/*', i)) {
          depth++;
          i += 2;
        } else if (text.startsWith('*/', i)) {
          depth--;
          i += 2;
        } else i++;
      }
    } else break;
  }
  return Math.min(i, to);
}

/** Byte offsets (what the parser reports) → character offsets, cheap when the text is ASCII. */
export class ByteMap {
  private readonly buffer: Buffer | null;
  constructor(private readonly text: string) {
    // eslint-disable-next-line no-control-regex
    this.buffer = /[^\x00-\x7f]/.test(text) ? Buffer.from(text, 'utf8') : null;
  }
  toChar(byteOffset: number): number {
    if (!this.buffer) return byteOffset;
    return this.buffer.subarray(0, byteOffset).toString('utf8').length;
  }
  get byteLength(): number {
    return this.buffer ? this.buffer.length : this.text.length;
  }
}
