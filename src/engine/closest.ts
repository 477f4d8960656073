/** "Did you mean …": the closest known name by edit distance, for unknown rule ids. */

/** Levenshtein distance (insertions, deletions, substitutions). */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** The closest of `known`, when it is close enough to be a typo (at most a third of its length away). */
export function closest(name: string, known: readonly string[]): string | undefined {
  let best: { id: string; distance: number } | undefined;
  for (const id of known) {
    const distance = editDistance(name, id);
    if (!best || distance < best.distance) best = { id, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(best.id.length / 3)) ? best.id : undefined;
}

/** ` Did you mean "x"?`, or '' when nothing is close. */
export function didYouMean(name: string, known: readonly string[]): string {
  const match = closest(name, known);
  return match ? ` Did you mean "${match}"?` : '';
}
