import type { PublicUser, RegisterUserRequest } from "@moien/contracts";

let sequence = 0;

/** A valid registration; every call gives a new email and a new Luxembourg mobile number. */
export function aRegistration(overrides: Partial<RegisterUserRequest> = {}): RegisterUserRequest {
  sequence += 1;
  const n = String(Math.floor(Math.random() * 1000) * 1000 + (sequence % 1000)).padStart(6, "0");
  return {
    fullName: `Ahmed Mohamed Ali ${sequence}`,
    countryCode: "LU",
    phone: `+352691${n}`,
    email: `user${sequence}.${n}@example.com`,
    password: "correct-horse-1",
    ...overrides,
  };
}

export type Http = ReturnType<typeof httpClient>;

/** Small fetch wrapper: JSON in, status + headers + parsed body out. */
export function httpClient(baseUrl: string) {
  const request = async <T = unknown>(
    method: string,
    path: string,
    options: { body?: unknown; rawBody?: string; token?: string; headers?: Record<string, string> } = {},
  ) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) {
      headers["content-type"] ??= "application/json";
      body = JSON.stringify(options.body);
    }
    const response = await fetch(baseUrl + path, { method, headers, body });
    const text = await response.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = text;
    }
    return { status: response.status, headers: response.headers, body: json as T, text };
  };
  return {
    request,
    register: (registration: RegisterUserRequest) => request<PublicUser>("POST", "/api/v1/users/register", { body: registration }),
    login: (email: string, password: string) =>
      request<{ accessToken: string; role: string; tokenType: string; expiresIn: number }>("POST", "/api/v1/auth/login", {
        body: { email, password },
      }),
  };
}

/** Registers a user and logs them in; returns the user and their token. */
export async function registeredUser(http: Http, overrides: Partial<RegisterUserRequest> = {}) {
  const registration = aRegistration(overrides);
  const created = await http.register(registration);
  if (created.status !== 201) throw new Error(`registration failed: ${created.status} ${created.text}`);
  const login = await http.login(registration.email, registration.password);
  return { user: created.body, token: login.body.accessToken, registration };
}
