import type { PublicUser } from "@moien/contracts";
import { useEffect, useRef } from "react";
import { isolate } from "../i18n/format";
import { useI18n } from "../i18n/i18n-context";

type Props = { user: PublicUser; onConfirm: (user: PublicUser) => void; onCancel: () => void };

/** A native modal <dialog>: the browser traps the focus, Escape cancels. */
export function DeleteDialog({ user, onConfirm, onCancel }: Props) {
  const { t } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal?.();
    return () => element?.close?.();
  }, []);

  return (
    <dialog
      ref={dialog}
      className="dialog"
      aria-labelledby="delete-dialog-title"
      aria-describedby="delete-dialog-body"
      data-testid="delete-dialog"
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <h2 id="delete-dialog-title" className="dialog__title">
        {t.confirmTitle}
      </h2>
      <p id="delete-dialog-body" className="dialog__body">
        {t.confirmBody(isolate(user.fullName), isolate(user.email))}
      </p>
      <div className="dialog__actions">
        <button type="button" className="button" onClick={onCancel} autoFocus>
          {t.cancel}
        </button>
        <button type="button" className="button button--danger" data-testid="confirm-delete" onClick={() => onConfirm(user)}>
          {t.confirmDelete}
        </button>
      </div>
    </dialog>
  );
}
