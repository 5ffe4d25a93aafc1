import type { PublicUser } from "@moien/contracts";
import { ConfirmDialog } from "../app/confirm-dialog";
import { isolate } from "../i18n/format";
import { useI18n } from "../i18n/i18n-context";

type Props = { user: PublicUser; onConfirm: (user: PublicUser) => void; onCancel: () => void };

/** Asks before deleting a user, naming them (isolated: a name cannot reorder the sentence). */
export function DeleteDialog({ user, onConfirm, onCancel }: Props) {
  const { t } = useI18n();
  return (
    <ConfirmDialog
      testId="delete-dialog"
      confirmTestId="confirm-delete"
      title={t.confirmTitle}
      body={t.confirmBody(isolate(user.fullName), isolate(user.email))}
      confirmLabel={t.confirmDelete}
      onConfirm={() => onConfirm(user)}
      onCancel={onCancel}
    />
  );
}
