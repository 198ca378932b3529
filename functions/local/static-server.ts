import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

export interface StaticServer {
  /** Origin without a trailing slash, e.g. http://127.0.0.1:41234 */
  url: string;
  close(): Promise<void>;
}

/**
 * Serves a built single-page app (e.g. miniprogram/dist-h5) on 127.0.0.1. GET/HEAD only.
 * Unknown paths without a file extension get index.html (client-side routes); unknown paths
 * with an extension get 404, so a missing asset is never masked by HTML.
 */
export async function serveStatic(dir: string, port = 0): Promise<StaticServer> {
  const root = resolve(dir);
  const rootStat = await stat(root).catch(() => undefined);
  if (!rootStat?.isDirectory()) {
    throw new Error(`serveStatic: ${root} is not a directory`);
  }

  const server = createServer((req, res) => {
    handle(root, req, res).catch(() => {
      if (!res.headersSent) {
        send(res, 500, 'Internal Server Error');
      } else {
        res.destroy();
      }
    });
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  const { port: boundPort } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${boundPort}`,
    close: () =>
      new Promise<void>((resolveClose, reject) => {
        server.close((error) => (error ? reject(error) : resolveClose()));
        // Browsers keep connections alive; without this close() waits for them to time out.
        server.closeAllConnections();
      }),
  };
}

async function handle(root: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    send(res, 405, 'Method Not Allowed');
    return;
  }

  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
  } catch {
    send(res, 400, 'Bad Request');
    return;
  }
  if (pathname.includes('\0')) {
    send(res, 400, 'Bad Request');
    return;
  }

  const requested = resolve(root, `.${pathname}`);
  if (requested !== root && !requested.startsWith(root + sep)) {
    send(res, 403, 'Forbidden');
    return;
  }

  const file = await findFile(requested);
  if (file) {
    await sendFile(req, res, file.path, file.size);
    return;
  }
  if (extname(pathname) === '') {
    const index = await findFile(resolve(root, 'index.html'));
    if (index) {
      await sendFile(req, res, index.path, index.size);
      return;
    }
  }
  send(res, 404, 'Not Found');
}

/** The file itself, or a directory's index.html. */
async function findFile(path: string): Promise<{ path: string; size: number } | undefined> {
  const info = await stat(path).catch(() => undefined);
  if (info?.isFile()) {
    return { path, size: info.size };
  }
  if (info?.isDirectory()) {
    return findFile(resolve(path, 'index.html'));
  }
  return undefined;
}

function sendFile(req: IncomingMessage, res: ServerResponse, path: string, size: number): Promise<void> {
  res.statusCode = 200;
  res.setHeader('content-type', CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream');
  res.setHeader('content-length', size);
  res.setHeader('x-content-type-options', 'nosniff');
  // Rebuilt bundles must show up on reload; hashed names make caching moot for local use.
  res.setHeader('cache-control', 'no-cache');
  if (req.method === 'HEAD') {
    res.end();
    return Promise.resolve();
  }
  // pipeline destroys the file stream when the client goes away mid-response.
  return pipeline(createReadStream(path), res);
}

function send(res: ServerResponse, status: number, body: string): void {
  res.statusCode = status;
  res.setHeader('content-type', 'text/plain; charset=utf-8');
  res.setHeader('content-length', Buffer.byteLength(body));
  res.end(body);
}
