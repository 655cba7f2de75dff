// undici is imported on first use only, so that starting the CLI does not pay for it.
type Undici = typeof import('undici');

let loading: Promise<Undici> | undefined;

export function loadUndici(): Promise<Undici> {
  loading ??= import('undici');
  return loading;
}

/**
 * An undici Client that speaks over a socket this probe already opened (TCP, TLS or a tunnel), exactly once;
 * `release` destroys both when the stage is aborted or done.
 */
export async function clientOnSocket(origin: string, socket: import('node:stream').Duplex, goneMessage: string) {
  const { Client } = await loadUndici();
  let handed = false;
  const client = new Client(origin, {
    connect: (_opts, callback) => {
      if (handed) { callback(new Error(goneMessage), null); return; }
      handed = true;
      // Asynchronously, as undici's own connectors do: a synchronous answer is lost while the client is resuming.
      process.nextTick(() => callback(null, socket as never));
    },
    pipelining: 1,
  });
  const release = () => { void client.destroy().catch(() => undefined); socket.destroy(); };
  return { client, release };
}
