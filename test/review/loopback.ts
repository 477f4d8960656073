/**
 * What the GitHub and GitLab review tests share: a stand-in REST API on 127.0.0.1 (each test's
 * subclass answers its routes) and the CLI run asynchronously, since that server lives in the
 * test's own process and must keep answering while the CLI talks to it.
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { BIN, type RunResult } from '../helpers/repo.js';

export interface Request {
  method: string;
  url: URL;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export abstract class LoopbackApi {
  requests: string[] = [];
  forbidWrites = false;
  url = '';
  private server = http.createServer((req, res) => void this.receive(req, res));

  /** `base`: the API's path prefix (`/api/v3`, `/api/v4`). */
  async start(base: string): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${base}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  protected send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  }

  /** Answers one request (already recorded in `requests`, its body read). */
  protected abstract handle(req: Request, res: http.ServerResponse): void;

  private async receive(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    this.requests.push(`${req.method} ${url.pathname}${url.search}`);
    let body = '';
    for await (const chunk of req) body += chunk;
    this.handle({ method: req.method ?? 'GET', url, headers: req.headers, body }, res);
  }
}

/**
 * Like repo.run, but asynchronous. The CI variables of the machine running the tests (GitHub's,
 * GitLab's) are left out unless the test gives them, so the run sees only the pipeline it builds.
 */
export function runCli(cwd: string, args: string[], env: Record<string, string>): Promise<RunResult> {
  const runEnv: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', ...env };
  for (const key of Object.keys(runEnv)) if (/^(GITHUB_|GITLAB_|CI_)/.test(key) && !(key in env)) delete runEnv[key];
  delete runEnv.FORCE_COLOR;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: runEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
