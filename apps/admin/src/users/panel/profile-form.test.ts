import { UsersApiError } from "@moien/contracts/client";
import { describe, expect, it } from "vitest";
import { makeUser } from "../../test/factories";
import { changedProfile, problemsFromError, profileValuesOf, validateProfile } from "./profile-form";

describe("the profile form", () => {
  it("should mark each value the contract's schemas refuse, all at once", () => {
    expect(validateProfile({ fullName: "A", countryCode: "LUX", phone: "", email: "nope" })).toEqual({
      fullName: "invalid",
      countryCode: "invalid",
      phone: "invalid",
      email: "invalid",
    });
    expect(validateProfile(profileValuesOf(makeUser()))).toEqual({});
  });

  it("should send only the fields that changed", () => {
    const user = makeUser();
    expect(changedProfile(user, profileValuesOf(user))).toEqual({});
    expect(changedProfile(user, { ...profileValuesOf(user), fullName: " New Name ", email: user.email })).toEqual({
      fullName: " New Name ",
    });
  });

  it("should mark the field a 409 names as taken, and ignore other failures", () => {
    const conflict = new UsersApiError(409, {
      type: "https://moien.lu/problems/conflict",
      title: "Already registered",
      status: 409,
      detail: "This email is already registered.",
      errors: [{ field: "email", message: "email is already registered" }],
    });
    expect(problemsFromError(conflict)).toEqual({ email: "taken" });
    expect(problemsFromError(new Error("network"))).toBeNull();
  });
});
