import { ProblemSchema, type Problem } from "@moien/contracts";
import { ApiError, ContractMismatchError, NetworkError } from "./api-error";

/** Anything with zod's `parse`: the contracts' schemas. */
export type ResponseSchema<T> = { parse(input: unknown): T };

export type RequestOptions<T> = {
  method?: "GET" | "POST" | "DELETE";
  body?: unknown;
  /** Schema of the 2xx body; omitted for answers without one (204). */
  schema?: ResponseSchema<T>;
  /** Send the session's bearer token; a 401 then ends the session. Default true. */
  authenticated?: boolean;
  signal?: AbortSignal;
};

export type HttpClient = {
  request<T = void>(path: string, options?: RequestOptions<T>): Promise<T>;
};

export type HttpClientOptions = {
  baseUrl: string;
  getToken(): string | null;
  /** Called once per 401 on an authenticated request: the token expired or was revoked. */
  onUnauthorized(): void;
  fetch?: typeof fetch;
};

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));

  return {
    async request<T>(path: string, { method = "GET", body, schema, authenticated = true, signal }: RequestOptions<T> = {}) {
      const headers: Record<string, string> = { accept: "application/json, application/problem+json" };
      if (body !== undefined) headers["content-type"] = "application/json";
      const token = authenticated ? options.getToken() : null;
      if (token) headers.authorization = `Bearer ${token}`;

      let response: Response;
      try {
        response = await fetchImpl(`${options.baseUrl}${path}`, {
          method,
          headers,
          body: body === undefined ? undefined : JSON.stringify(body),
          signal,
        });
      } catch (error) {
        if (signal?.aborted) throw error;
        throw new NetworkError(error);
      }

      if (!response.ok) {
        if (response.status === 401 && authenticated) options.onUnauthorized();
        throw new ApiError(await readProblem(response));
      }
      if (!schema) return undefined as T;
      const json: unknown = await response.json().catch(() => undefined);
      try {
        return schema.parse(json);
      } catch (error) {
        throw new ContractMismatchError(path, error);
      }
    },
  };
}

async function readProblem(response: Response): Promise<Problem> {
  const json: unknown = await response.json().catch(() => undefined);
  const parsed = ProblemSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  // A proxy or a crashed server may answer without a problem document.
  return { type: "about:blank", title: response.statusText || "Error", status: response.status, detail: "" };
}
