import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a local stand-in answers: a status, headers and a JSON (or text) body. */
export interface LocalAnswer {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Close the connection without answering (a fault: the request arrived, the answer never does). */
  drop?: true;
}

/** A JSON server on a free loopback port; a handler that throws answers 500. */
export async function listenLocal(
  handle: (req: IncomingMessage) => Promise<LocalAnswer>,
): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    void handle(req).then(
      ({ status = 200, headers = {}, body = { ok: true }, drop }) => {
        if (drop) {
          req.socket.destroy();
          return;
        }
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body));
      },
      (error: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(error));
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

/** Closes a server at once, kept-alive connections included. */
export async function closeLocal(server: Server | undefined): Promise<void> {
  if (!server) return;
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
