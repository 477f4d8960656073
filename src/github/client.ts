/** The GitHub REST API through the shared client: its media type, API version and bearer token. */
import { RestClient } from '../net/rest.js';

export { nextLink } from '../net/rest.js';

export function githubClient(apiUrl: string, token: string, timeoutMs?: number): RestClient {
  return new RestClient({
    apiUrl,
    headers: {
      Accept: 'application/vnd.github+json',
      Authorization: `Bearer ${token}`,
      'X-GitHub-Api-Version': '2022-11-28',
    },
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
  });
}
