import { useEffect, useRef } from "react";
import { useI18n } from "../i18n/i18n-context";

type Props = {
  title: string;
  body: string;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  /** The dialog's and its confirm button's test ids (a user's deletion keeps its own). */
  testId?: string;
  confirmTestId?: string;
};

/**
 * A native modal <dialog> asking before a dangerous action (deleting a user, disabling an operator…):
 * the browser traps the focus, Escape cancels, Cancel has the focus first.
 */
export function ConfirmDialog({
  title,
  body,
  confirmLabel,
  onConfirm,
  onCancel,
  testId = "confirm-dialog",
  confirmTestId = "confirm-action",
}: Props) {
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
      aria-describedby="confirm-dialog-body"
      data-testid={testId}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <h2 id="confirm-dialog-title" className="dialog__title">
        {title}
      </h2>
      <p id="confirm-dialog-body" className="dialog__body" dir="auto">
        {body}
      </p>
      <div className="dialog__actions">
        <button type="button" className="button" onClick={onCancel} autoFocus>
          {t.cancel}
        </button>
        <button type="button" className="button button--danger" data-testid={confirmTestId} onClick={onConfirm}>
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
