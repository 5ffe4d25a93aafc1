import { useEffect, useRef } from "react";
import { useI18n } from "../i18n/i18n-context";

type Props = { title: string; body: string; confirmLabel: string; onConfirm: () => void; onCancel: () => void };

/** A native modal <dialog> asking before a dangerous action: the browser traps the focus, Escape cancels. */
export function ConfirmDialog({ title, body, confirmLabel, onConfirm, onCancel }: Props) {
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
      aria-labelledby="confirm-dialog-title"
      data-testid="confirm-dialog"
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <h2 id="confirm-dialog-title" className="dialog__title">
        {title}
      </h2>
      <p className="dialog__body" dir="auto">
        {body}
      </p>
      <div className="dialog__actions">
        <button type="button" className="button" onClick={onCancel} autoFocus>
          {t.cancel}
        </button>
        <button type="button" className="button button--danger" data-testid="confirm-action" onClick={onConfirm}>
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
