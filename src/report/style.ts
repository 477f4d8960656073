/**
 * Terminal styling for the pretty reporter. With colour off (no TTY, NO_COLOR, a git hook) the
 * reporter gets the plain style and chalk is never loaded: the commit path stays fast.
 */
export interface Style {
  red(text: string): string;
  yellow(text: string): string;
  blue(text: string): string;
  green(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
  underline(text: string): string;
}

const identity = (text: string) => text;

export const plainStyle: Style = {
  red: identity,
  yellow: identity,
  blue: identity,
  green: identity,
  dim: identity,
  bold: identity,
  underline: identity,
};

export async function colorStyle(): Promise<Style> {
  const { Chalk } = await import('chalk');
  const c = new Chalk({ level: 1 });
  return {
    red: (t) => c.red(t),
    yellow: (t) => c.yellow(t),
    blue: (t) => c.blue(t),
    green: (t) => c.green(t),
    dim: (t) => c.dim(t),
    bold: (t) => c.bold(t),
    underline: (t) => c.underline(t),
  };
}
