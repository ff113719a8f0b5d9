// A second HTTP server on another port of 127.0.0.1 ("another host": another origin) that records
// every request it receives, for the privacy journeys (e2e/csp.spec.ts, e2e/links-inert.spec.ts).
// It answers with CORS and CORP headers that let any page read it, so a request that reaches it
// would succeed: only the app's own protections (its CSP, inert links) can keep the count at 0.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OtherHost {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** Each request received, as "METHOD /path". */
  readonly requests: string[];
  close(): Promise<void>;
}

export async function startOtherHost(): Promise<OtherHost> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    res.writeHead(200, {
      'Content-Type': 'text/plain',
      'Access-Control-Allow-Origin': '*',
      'Cross-Origin-Resource-Policy': 'cross-origin',
      'Cache-Control': 'no-store',
    });
    res.end('reached');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
