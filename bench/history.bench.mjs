// The history rules on a project of 500 migrations written by drizzle-kit (cached under
// os.tmpdir(), see history-fixture.mjs): `nexiom-lint --all` with the four history rules against
// `drizzle-kit check`, which reads the same snapshots. Target: at most 1x.
import { BIN, DRIZZLE_KIT, fmt, peakMemoryMiB, printTable, sideBySide, timeOnce } from './lib.mjs';
import { historyFixture } from './history-fixture.mjs';

export const title = 'history: --all on 500 migrations';

const RULES = ['migration-integrity', 'migration-conflict', 'migration-out-of-order', 'migration-edited'].flatMap(
  (r) => ['--rule', r],
);

export async function run() {
  const dir = historyFixture(500);
  const args = [BIN, '--all', ...RULES];
  const first = timeOnce(process.execPath, args, dir);
  if (first.code !== 0) {
    throw new Error(`nexiom-lint --all reported on a clean history: ${first.stdout}${first.stderr}`);
  }
  const check = timeOnce(DRIZZLE_KIT, ['check'], dir);
  if (check.code !== 0) throw new Error(`drizzle-kit check failed: ${check.stdout}${check.stderr}`);
  const [tool, kit] = sideBySide(
    [
      { name: 'nexiom-lint --all', run: () => timeOnce(process.execPath, args, dir) },
      { name: 'drizzle-kit check', run: () => timeOnce(DRIZZLE_KIT, ['check'], dir) },
    ],
    7,
    1,
  );
  // The commit path of the same project: the last migration as the change set (ids cache warm).
  const diffArgs = [BIN, '--base', 'HEAD~1', ...RULES];
  timeOnce(process.execPath, diffArgs, dir);
  const [diff] = sideBySide(
    [{ name: 'nexiom-lint --base HEAD~1', run: () => timeOnce(process.execPath, diffArgs, dir) }],
    7,
    1,
  );
  const ratio = tool.median / kit.median;
  const memTool = peakMemoryMiB(process.execPath, args, dir);
  const memKit = peakMemoryMiB(DRIZZLE_KIT, ['check'], dir);
  printTable(title, [
    `nexiom-lint --all (history rules)   ${fmt(tool.median)}${memTool ? `   ${memTool} MiB` : ''}`,
    `drizzle-kit check                   ${fmt(kit.median)}${memKit ? `   ${memKit} MiB` : ''}`,
    `ratio                               ${ratio.toFixed(2)}x   (target <= 1x)`,
    `nexiom-lint --base HEAD~1           ${fmt(diff.median)}   (one new migration: the CI / commit path)`,
  ]);
  return { ratio };
}
