/** The request never got an answer (server down, network off, CORS refusal). */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super("The server could not be reached", { cause });
    this.name = "NetworkError";
  }
}

export type SessionFetchOptions = {
  /** Called on a 401 to a request that carried a token: it expired or was revoked. */
  onUnauthorized: () => void;
  fetch?: typeof fetch;
};

const carriesToken = (init: RequestInit | undefined): boolean => {
  const headers = new Headers(init?.headers);
  return headers.has("authorization");
};

/**
 * The fetch handed to the contracts' typed client: a 401 on an authenticated call ends the session
 * (a failed sign-in carries no token and ends nothing), and a transport failure becomes a NetworkError.
 */
export function createSessionFetch({ onUnauthorized, fetch: fetchImpl }: SessionFetchOptions): typeof fetch {
  return async (input, init) => {
    let response: Response;
    try {
      // Read at call time: tests stub the global fetch after the services are made.
      response = await (fetchImpl ?? globalThis.fetch)(input, init);
    } catch (error) {
      if (init?.signal?.aborted) throw error;
      throw new NetworkError(error);
    }
    if (response.status === 401 && carriesToken(init)) onUnauthorized();
    return response;
  };
}
