import { PublicUserSchema, type PublicUser, type RegisterUserRequest } from "@moien/contracts";

let sequence = Math.floor(Math.random() * 900_000);

/** A registration body with a unique email and a valid Luxembourg mobile number. */
export function registration(overrides: Partial<RegisterUserRequest> = {}): RegisterUserRequest {
  sequence += 1;
  return {
    fullName: `Test User ${sequence}`,
    countryCode: "LU",
    phone: `+352691${String(sequence % 1_000_000).padStart(6, "0")}`,
    email: `user${sequence}@example.com`,
    password: "correct-horse-1",
    ...overrides,
  };
}

export async function registerUser(baseUrl: string, body: RegisterUserRequest = registration()): Promise<PublicUser> {
  const response = await fetch(`${baseUrl}/api/v1/users/register`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (response.status !== 201) throw new Error(`register failed with ${response.status}: ${await response.text()}`);
  return PublicUserSchema.parse(await response.json());
}

export async function deleteUser(baseUrl: string, token: string, id: string): Promise<void> {
  const response = await fetch(`${baseUrl}/api/v1/users/${id}`, { method: "DELETE", headers: { authorization: `Bearer ${token}` } });
  if (response.status !== 204) throw new Error(`delete failed with ${response.status}: ${await response.text()}`);
}

export async function userExists(baseUrl: string, token: string, id: string): Promise<boolean> {
  const response = await fetch(`${baseUrl}/api/v1/users/${id}`, { headers: { authorization: `Bearer ${token}` } });
  return response.status === 200;
}
