import { generateSecret, generateURI, verifySync } from "otplib";

// RFC 6238 as every authenticator app speaks it: SHA-1, 6 digits, 30-second steps.
const PERIOD_SECONDS = 30;
// One step either side is accepted (clock drift), as the contract says.
const TOLERANCE_SECONDS = PERIOD_SECONDS;

export const ISSUER = "Moien Delivery";

/** A new base32 secret (160 bits, the RFC's recommendation for SHA-1). */
export const newTotpSecret = (): string => generateSecret({ length: 20 });

/** `otpauth://totp/…` for a QR code: the app shows the issuer and the operator's email. */
export const totpUri = (secret: string, email: string): string => generateURI({ issuer: ISSUER, label: email, secret });

/**
 * The time step of `code` when it is right for `secret` now (± one step) and later than
 * `afterStep` (the last one accepted: a code is accepted once); null otherwise.
 */
export function verifyTotp(secret: string, code: string, afterStep: number | null): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const result = verifySync({
    secret,
    token: code,
    epochTolerance: TOLERANCE_SECONDS,
    ...(afterStep === null ? {} : { afterTimeStep: afterStep }),
  });
  return result.valid && "timeStep" in result ? result.timeStep : null;
}
