import { createServer, type IncomingMessage, type Server } from "node:http";
import { Readable } from "node:stream";
import type { AddressInfo } from "node:net";

type FetchHandler = (request: Request) => Promise<Response>;

/** Serves fetch-style handlers (path → handler) on 127.0.0.1 with node:http, as a Next.js route would mount them. */
export async function serveFetch(routes: Record<string, FetchHandler>): Promise<{ url: string; close: () => Promise<void>; server: Server }> {
  const server = createServer(async (req: IncomingMessage, res) => {
    try {
      const url = new URL(req.url ?? "/", `http://${req.headers.host}`);
      const handler = routes[url.pathname];
      if (!handler) {
        res.writeHead(404).end();
        return;
      }
      const headers = new Headers();
      for (const [key, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(key, value);
      const hasBody = req.method !== "GET" && req.method !== "HEAD";
      const request = new Request(url, {
        method: req.method,
        headers,
        body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
        duplex: "half",
      } as RequestInit);
      const response = await handler(request);
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch (error) {
      res.writeHead(500).end(String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, server, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
