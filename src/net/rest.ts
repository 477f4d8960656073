/**
 * A minimal REST client on Node's global `fetch`, shared by the GitHub and GitLab sinks: JSON in
 * and out, every page of a list (following the `Link: <…>; rel="next"` header, which both hosts
 * send), errors that carry the HTTP status. Credentials go into the headers the caller gives and
 * nowhere else: no message here ever contains them.
 */

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ApiError';
  }
}

export interface RestClientOptions {
  apiUrl: string;
  /** Authorization and the host's own headers. */
  headers: Record<string, string>;
  /** Per request; a CI step must not hang on a dead API. */
  timeoutMs?: number;
}

const MAX_PAGES = 100;

/** `<https://api…?page=2>; rel="next", <…>; rel="last"` → the next URL, if any. */
export function nextLink(header: string | null): string | null {
  if (!header) return null;
  for (const part of header.split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?([^";]+)"?/.exec(part.trim());
    if (match && match[2]!.split(/\s+/).includes('next')) return match[1]!;
  }
  return null;
}

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT';

export class RestClient {
  constructor(private readonly options: RestClientOptions) {}

  private url(pathOrUrl: string): string {
    return /^https?:\/\//.test(pathOrUrl) ? pathOrUrl : `${this.options.apiUrl}${pathOrUrl}`;
  }

  private async send(method: Method, pathOrUrl: string, body?: unknown): Promise<Response> {
    const url = this.url(pathOrUrl);
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: {
          'User-Agent': 'nexiom-lint',
          ...this.options.headers,
          ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 20_000),
      });
    } catch (error) {
      const reason =
        (error as Error)?.cause instanceof Error
          ? ((error as Error).cause as Error).message
          : (error as Error)?.message;
      throw new ApiError(`${method} ${new URL(url).pathname} failed: ${reason ?? String(error)}`, null, {
        cause: error,
      });
    }
    if (!response.ok) {
      const text = await response.text().catch(() => '');
      let detail = text.slice(0, 300);
      try {
        const parsed = JSON.parse(text) as { message?: unknown; error?: unknown };
        const message = parsed.message ?? parsed.error;
        if (message !== undefined) detail = typeof message === 'string' ? message : JSON.stringify(message);
      } catch {
        // Not JSON (a proxy's HTML page): the first characters are detail enough.
      }
      throw new ApiError(
        `${method} ${new URL(url).pathname} answered ${response.status}${detail ? `: ${detail}` : ''}`,
        response.status,
      );
    }
    return response;
  }

  async request<T>(method: Method, path: string, body?: unknown): Promise<T> {
    const response = await this.send(method, path, body);
    return (await response.json()) as T;
  }

  /** Every item of a paginated list endpoint, in the API's order. */
  async paginate<T>(path: string): Promise<T[]> {
    const items: T[] = [];
    let next: string | null = `${path}${path.includes('?') ? '&' : '?'}per_page=100`;
    for (let page = 0; next && page < MAX_PAGES; page++) {
      const response = await this.send('GET', next);
      items.push(...((await response.json()) as T[]));
      next = nextLink(response.headers.get('link'));
    }
    return items;
  }
}
