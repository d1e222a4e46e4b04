/** "Did you mean …?" for mistyped names: the known name nearest to a typo, if it is close. */

/** Edits (insert, delete, replace, swap two neighbours) that turn `a` into `b`. */
function distance(a: string, b: string): number {
  // Optimal string alignment over three rolling rows.
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, (before[j - 2] ?? 0) + 1);
      }
      current.push(best);
    }
    before = previous;
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The name in `known` nearest to `typed` when the match is obvious: at most 2 edits and under
 * a third of the name, and no other name as near. Otherwise undefined.
 */
export function nearest(typed: string, known: readonly string[]): string | undefined {
  const scored = known.map((name) => ({ name, edits: distance(typed, name) }));
  const best = Math.min(...scored.map((each) => each.edits));
  const closest = scored.filter((each) => each.edits === best);
  const [only] = closest;
  if (closest.length !== 1 || only === undefined) return undefined;
  return best <= 2 && best < Math.max(typed.length, only.name.length) / 3 ? only.name : undefined;
}
