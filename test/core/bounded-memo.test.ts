import { describe, expect, it } from '@jest/globals';
import { boundedMemo } from '../../src/core/bounded-memo.js';

describe('boundedMemo (a fleet works a repeated text out once)', () => {
  it('computes each text once, a null answer included', () => {
    const seen: string[] = [];
    const memo = boundedMemo(8, (t) => { seen.push(t); return t === 'none' ? null : t.length; });
    expect([memo('abc'), memo('abc'), memo('none'), memo('none'), memo('de')]).toEqual([3, 3, null, null, 2]);
    expect(seen).toEqual(['abc', 'none', 'de']);
  });

  it('starts over when full, so distinct texts cannot grow it, and still answers right', () => {
    const seen: string[] = [];
    const memo = boundedMemo(2, (t) => { seen.push(t); return t.toUpperCase(); });
    expect([memo('a'), memo('b'), memo('c'), memo('a'), memo('c')]).toEqual(['A', 'B', 'C', 'A', 'C']);
    // 'c' cleared the memo of 'a' and 'b'; 'a' came back and is computed again; 'c' was kept after the clear.
    expect(seen).toEqual(['a', 'b', 'c', 'a']);
  });

  it('keeps nothing for a text whose answer throws: it throws again each time', () => {
    let calls = 0;
    const memo = boundedMemo(8, (t) => { calls += 1; return new URL(t).host; });
    expect(() => memo('not a url')).toThrow('Invalid URL');
    expect(() => memo('not a url')).toThrow('Invalid URL');
    expect(memo('https://x.nl/a')).toBe('x.nl');
    expect(memo('https://x.nl/a')).toBe('x.nl');
    expect(calls).toBe(3);
  });
});
