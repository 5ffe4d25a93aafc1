import { describe, expect, it } from "vitest";
import { isHandshakeOriginAllowed } from "./origin-policy";

const allowed = ["http://localhost:5173"];
const request = (headers: Record<string, string>) => ({ headers });

describe("isHandshakeOriginAllowed", () => {
  it("should allow when the origin is in the list", () => {
    expect(isHandshakeOriginAllowed(request({ origin: "http://localhost:5173", host: "api:3000" }), allowed)).toBe(true);
  });

  it("should allow when the origin is the server's own", () => {
    expect(isHandshakeOriginAllowed(request({ origin: "http://127.0.0.1:3000", host: "127.0.0.1:3000" }), allowed)).toBe(true);
  });

  it("should allow when there is no origin (server-side clients)", () => {
    expect(isHandshakeOriginAllowed(request({ host: "127.0.0.1:3000" }), allowed)).toBe(true);
  });

  it("should refuse when the origin is foreign or malformed", () => {
    expect(isHandshakeOriginAllowed(request({ origin: "https://evil.example", host: "127.0.0.1:3000" }), allowed)).toBe(false);
    expect(isHandshakeOriginAllowed(request({ origin: "null", host: "127.0.0.1:3000" }), allowed)).toBe(false);
  });
});
