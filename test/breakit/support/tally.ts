// The break-it suite's ledger: every generated case is either handled (the contract held) or a defect, with the
// case's name and what broke, so a failure names the input that broke clickker.
export interface Defect {
  name: string;
  problem: string;
}

export class Tally {
  cases = 0;
  handled = 0;
  readonly defects: Defect[] = [];
  readonly byGroup = new Map<string, number>();

  /** Runs one case: `check` returns the problems it found (none = handled); a throw is a defect too. */
  async run(group: string, name: string, check: () => string[] | Promise<string[]>): Promise<void> {
    this.cases++;
    this.byGroup.set(group, (this.byGroup.get(group) ?? 0) + 1);
    let problems: string[];
    try {
      problems = await check();
    } catch (err) {
      problems = [`the harness itself threw: ${(err as Error).stack ?? String(err)}`];
    }
    if (problems.length === 0) this.handled++;
    else this.defects.push(...problems.map((problem) => ({ name: `${group}: ${name}`, problem })));
  }

  line(): string {
    return `break-it: ${this.cases} cases, ${this.handled} handled, ${this.cases - this.handled} defects`;
  }

  groups(): string {
    return [...this.byGroup.entries()].map(([g, n]) => `${g} ${n}`).join(', ');
  }
}

/** A small seeded generator (mulberry32): the same seed gives the same cases on every run and machine. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
  };
}
export type Rng = ReturnType<typeof rng>;
