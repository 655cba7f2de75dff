// A fleet's hosts repeat the same few texts (versions, sources, URLs, feature names): what is worked out from one text
// alone is kept and reused (issue 17), in a memo that starts over when full, so hosts that each show another text
// cannot grow it.

/**
 * `compute` with a memo of at most `limit` answers, keyed by the text it was given. A text whose `compute` throws is
 * not kept: it throws again each time.
 */
export function boundedMemo<V>(limit: number, compute: (text: string) => V): (text: string) => V {
  const memo = new Map<string, V>();
  return (text) => {
    const known = memo.get(text);
    if (known !== undefined || memo.has(text)) return known as V;
    const v = compute(text);
    if (memo.size >= limit) memo.clear();
    memo.set(text, v);
    return v;
  };
}
