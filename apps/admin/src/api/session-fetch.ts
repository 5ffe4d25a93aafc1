/** The request never got an answer (server down, network off, CORS refusal). */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super("The server could not be reached", { cause });
    this.name = "NetworkError";
  }
}

export type SessionFetchOptions = {
  /** Called on a 401: the session (the cookie's) ended or was revoked. The store ignores it when signed out. */
  onUnauthorized: () => void;
  fetch?: typeof fetch;
};

// A wrong password or code answers 401 while nobody is signed in: not the end of a session.
const SIGN_IN_PATHS = /\/api\/v1\/auth\/(login|mfa\/verify|mfa\/enroll(\/confirm)?)$/;

const isSignIn = (input: RequestInfo | URL): boolean => {
  const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
  return SIGN_IN_PATHS.test(url.split("?")[0] ?? "");
};

/**
 * The fetch handed to the contracts' typed client: a 401 ends the session (except the sign-in steps'),
 * and a transport failure becomes a NetworkError. The session cookie travels by itself.
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
    if (response.status === 401 && !isSignIn(input)) onUnauthorized();
    return response;
  };
}
