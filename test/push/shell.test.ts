import { describe, expect, it } from 'vitest';
import { readShell, simpleCommands } from '../../src/push/shell.js';

const words = (text: string) => simpleCommands(text).map((c) => c.words);

describe('shell text → simple commands', () => {
  it('cuts at && ; || | & and sub-shell parentheses', () => {
    expect(words('a x && b; c || d | e & f')).toEqual([['a', 'x'], ['b'], ['c'], ['d'], ['e'], ['f']]);
    expect(words('(cd db; drizzle-kit push)')).toEqual([
      ['cd', 'db'],
      ['drizzle-kit', 'push'],
    ]);
  });

  it('keeps quoted text as one word, drops comments and redirections', () => {
    expect(words('echo "never run drizzle-kit push" # drizzle-kit push')).toEqual([
      ['echo', 'never run drizzle-kit push'],
    ]);
    expect(words('drizzle-kit push 2>&1 > log.txt')).toEqual([['drizzle-kit', 'push']]);
  });

  it('lifts command substitutions out as commands of their own, but not inside single quotes', () => {
    expect(words('x="$(npx drizzle-kit push)"')).toContainEqual(['npx', 'drizzle-kit', 'push']);
    expect(words('echo `drizzle-kit push`')).toContainEqual(['drizzle-kit', 'push']);
    expect(words("echo '$(drizzle-kit push)'")).toEqual([['echo', '$(drizzle-kit push)']]);
  });

  it('gives each command the line it starts on; continuation lines belong to the first', () => {
    const commands = simpleCommands('npm ci\n\n# comment\nnpx drizzle-kit push \\\n  --force\necho done');
    expect(commands).toEqual([
      { words: ['npm', 'ci'], line: 0 },
      { words: ['npx', 'drizzle-kit', 'push', '--force'], line: 3 },
      { words: ['echo', 'done'], line: 5 },
    ]);
  });

  it('a newline inside quotes does not end the command', () => {
    expect(simpleCommands('psql -c "select 1;\ndrizzle-kit push"\nls')).toEqual([
      { words: ['psql', '-c', 'select 1;\ndrizzle-kit push'], line: 0 },
      { words: ['ls'], line: 2 },
    ]);
  });

  it('skips here-document bodies (data), and keeps them apart', () => {
    const text = "cat <<EOF > notes.txt\ndrizzle-kit push\nEOF\ncat <<-'END'\n\tdrizzle-kit push\n\tEND\nls";
    const shell = readShell(text);
    expect(shell.commands.map((c) => c.words)).toEqual([['cat'], ['cat'], ['ls']]);
    expect(shell.heredocs.map((h) => [h.body.trim(), h.line])).toEqual([
      ['drizzle-kit push', 1],
      ['drizzle-kit push', 4],
    ]);
    expect(shell.commands[2]!.line).toBe(6);
  });
});
