// The HTTP client the real Windows executor verifies an installation with (and the simulated one, in tests that
// answer from a loopback server).
/** A real HTTP GET (Node's fetch), no redirects followed, bounded by timeoutMs. */
export async function realHttpGet(url: string, timeoutMs: number): Promise<{ status: number } | { error: string }> {
  try {
    const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    await res.arrayBuffer().catch(() => undefined);
    return { status: res.status };
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    return { error: cause?.code ?? cause?.message ?? (err as Error).message };
  }
}
