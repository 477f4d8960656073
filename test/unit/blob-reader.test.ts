/**
 * Reading blobs through one `git cat-file --batch`: the exact bytes, whatever size a blob has and
 * however the pipe cuts git's output into chunks (64 kB each on Linux), interleaved with missing
 * objects and with reads in flight at the same time.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { BlobReader, ChunkQueue } from '../../src/git/exec.js';
import { cleanupAll, createRepo } from '../helpers/repo.js';

afterAll(cleanupAll);

describe('BlobReader', () => {
  it('returns the exact bytes of blobs that span many pipe chunks, one after another and at once', async () => {
    const sizes = [0, 1, 65_535, 65_536, 65_537, 200_001, 3 * 1024 * 1024 + 7];
    const blobs = new Map(sizes.map((size) => [`blob-${size}.bin`, randomBytes(size)]));
    // Newlines and NULs inside a body must not be read as the next header.
    blobs.set('lines.bin', Buffer.from('a\nb\0c\n\n123 blob 4\n'.repeat(10_000)));
    const repo = createRepo();
    // Binary content, byte for byte (the repo helper writes strings).
    for (const [name, bytes] of blobs) writeFileSync(`${repo.dir}/${name}`, bytes);
    repo.commit('blobs');
    const reader = new BlobReader(repo.dir);
    try {
      for (const [name, bytes] of blobs) expect((await reader.read(`HEAD:${name}`))!.equals(bytes), name).toBe(true);
      const names = [...blobs.keys()];
      const all = await Promise.all([
        ...names.map((name) => reader.read(`:${name}`)),
        reader.read('HEAD:no-such-file'),
        reader.read('HEAD'), // a commit, not a file
      ]);
      names.forEach((name, i) => expect(all[i]!.equals(blobs.get(name)!), name).toBe(true));
      expect(all.slice(names.length)).toEqual([undefined, undefined]);
    } finally {
      reader.close();
    }
  });

  it('refuses a name with a newline with a message that says what to do', async () => {
    const reader = new BlobReader(process.cwd());
    await expect(reader.read('HEAD:a\nb.sql')).rejects.toThrow(/newline or NUL.*Rename the file/);
    reader.close();
  });
});

describe('ChunkQueue', () => {
  it('gives back exactly the bytes pushed, however they were chunked and taken', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 20 }),
        fc.array(fc.nat({ max: 100 }), { maxLength: 30 }),
        (chunks, takes) => {
          const queue = new ChunkQueue();
          for (const c of chunks) queue.push(Buffer.from(c));
          const all = Buffer.concat(chunks.map((c) => Buffer.from(c)));
          expect(queue.length).toBe(all.length);
          let at = 0;
          for (const want of takes) {
            const n = Math.min(want, queue.length);
            const newline = all.indexOf(10, at);
            expect(queue.indexOf(10)).toBe(newline < 0 ? -1 : newline - at);
            expect(queue.take(n).equals(all.subarray(at, at + n))).toBe(true);
            at += n;
          }
          expect(queue.length).toBe(all.length - at);
        },
      ),
      { numRuns: 200 },
    );
  });
});
