import { describe, expect, it } from 'vitest';
import { colorEnabled, LINT_OPTIONS, parse, toLintOptions } from '../../src/cli/options.js';
import { UsageError } from '../../src/errors.js';

const opts = (...argv: string[]) => toLintOptions(parse(argv, LINT_OPTIONS).values);

describe('argv → options', () => {
  it('reads the modes', () => {
    expect(opts('--staged').mode).toBe('staged');
    expect(opts('--all').mode).toBe('all');
    expect(opts('--base', 'origin/main')).toMatchObject({ mode: 'base', baseRef: 'origin/main' });
    expect(opts().mode).toBeUndefined();
  });

  it('refuses two modes at once', () => {
    expect(() => opts('--staged', '--all')).toThrow(UsageError);
    expect(() => opts('--staged', '--base', 'main')).toThrow(/cannot be combined/);
  });

  it('checks --fail-on and unknown flags', () => {
    expect(opts('--fail-on', 'warning').failOn).toBe('warning');
    expect(() => opts('--fail-on', 'sometimes')).toThrow(/--fail-on must be/);
    expect(() => opts('--stagd')).toThrow(UsageError);
  });

  it('collects repeatable options', () => {
    expect(opts('--config', 'a.ts', '--config', 'b.ts').configs).toEqual(['a.ts', 'b.ts']);
    expect(opts('--rule', 'schema-drift', '-f', 'json')).toMatchObject({ rules: ['schema-drift'], format: 'json' });
  });
});

describe('colour', () => {
  it('follows flags, then FORCE_COLOR, then NO_COLOR, then the TTY', () => {
    expect(colorEnabled(false, { FORCE_COLOR: '1' }, true)).toBe(false);
    expect(colorEnabled(undefined, { FORCE_COLOR: '1' }, false)).toBe(true);
    expect(colorEnabled(undefined, { FORCE_COLOR: '0' }, true)).toBe(false);
    expect(colorEnabled(undefined, { NO_COLOR: '1' }, true)).toBe(false);
    expect(colorEnabled(undefined, {}, true)).toBe(true);
    expect(colorEnabled(undefined, {}, false)).toBe(false);
  });
});
