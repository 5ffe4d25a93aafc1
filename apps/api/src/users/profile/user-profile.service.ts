import { Injectable } from "@nestjs/common";
import { type ChangePasswordRequest, isOperatorRole, type PublicUser } from "@moien/contracts";
import { ForbiddenError, NotFoundError, UnauthorizedError } from "../../common/app-errors";
import { AuditRepository } from "../../audit/audit.repository";
import { PasswordHasher } from "../../auth/password-hasher";
import { canActOnUser, type Principal } from "../../auth/principal";
import { Outbox } from "../events/outbox";
import { toPublicUser } from "../user.mapper";
import { resolveProfileChanges } from "./profile-changes";
import type { UpdateUserCommand } from "./update-user.pipe";
import { UserProfileRepository } from "./user-profile.repository";

/** A user's own changes and an operator's corrections: the profile and the password. */
@Injectable()
export class UserProfileService {
  constructor(
    private readonly profiles: UserProfileRepository,
    private readonly hasher: PasswordHasher,
    private readonly outbox: Outbox,
    private readonly audit: AuditRepository,
  ) {}

  /**
   * The new state; one `users.updated` after the commit, none when nothing changed.
   * @throws ForbiddenError, NotFoundError, ValidationError (phone), ConflictError (email or phone taken)
   */
  async updateOrThrow(principal: Principal, id: string, update: UpdateUserCommand, requestId: string | null): Promise<PublicUser> {
    if (!canActOnUser(principal, id, "users.edit")) throw new ForbiddenError("You can only change your own account.");
    return this.outbox.transaction(async (tx, record) => {
      const current = await this.profiles.findUserForUpdate(tx, id);
      if (!current) throw new NotFoundError("No user has this id.");
      const { changes, fields } = resolveProfileChanges(current, update);
      if (fields.length === 0) return toPublicUser(current);
      const user = toPublicUser(await this.profiles.updateProfile(tx, id, changes));
      await record({ name: "users.updated", payload: user });
      // The names of the changed fields, never their values (personal data the audit log must not keep).
      await this.audit.record(tx, {
        action: "user.updated",
        actorId: isOperatorRole(principal.role) ? principal.id : null,
        targetId: id,
        details: { fields },
        requestId,
      });
      return user;
    });
  }

  /**
   * A registered user's own password. The token that asked keeps working; every other one stops.
   * @throws ForbiddenError (not a registered user), UnauthorizedError (wrong current password)
   */
  async changePasswordOrThrow(principal: Principal, input: Required<ChangePasswordRequest>, requestId: string | null): Promise<void> {
    if (principal.role !== "user") throw new ForbiddenError("Only a registered user changes their password here.");
    const stored = await this.profiles.findPasswordHash(principal.id);
    if (!stored || !(await this.hasher.verify(stored, input.currentPassword))) {
      throw new UnauthorizedError("The current password is wrong.");
    }
    const passwordHash = await this.hasher.hash(input.newPassword);
    await this.outbox.transaction(async (tx) => {
      await this.profiles.setPassword(tx, principal.id, passwordHash, principal.tokenId ?? null);
      await this.audit.record(tx, { action: "user.password_changed", actorId: null, targetId: principal.id, requestId });
    });
  }
}
