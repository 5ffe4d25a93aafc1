import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { isApiError } from "../api/api-errors";
import { AppHeader } from "../app/app-header";
import { errorMessage } from "../app/error-message";
import { useServices } from "../app/services";
import { useI18n } from "../i18n/i18n-context";

const sessionsQueryKey = ["my-sessions"] as const;

/** `/sessions` (every operator): my sessions, ending one, and changing my password (the others end). */
export function SessionsPage() {
  const { api, session } = useServices();
  const { t, format } = useI18n();
  const client = useQueryClient();
  const list = useQuery({ queryKey: sessionsQueryKey, queryFn: () => api.mySessions() });
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);

  const end = useMutation({
    mutationFn: async ({ id, mine }: { id: string; mine: boolean }) => {
      await api.endMySession(id);
      if (mine) session.signOut("signed-out");
    },
    onSettled: () => void client.invalidateQueries({ queryKey: sessionsQueryKey }),
  });

  const changePassword = useMutation({
    mutationFn: () => api.changeOperatorPassword(current, next),
    onSuccess: () => {
      setCurrent("");
      setNext("");
      setMessage({ text: t.passwordChanged, error: false });
      void client.invalidateQueries({ queryKey: sessionsQueryKey });
    },
    // A wrong current password is a 400 on its field: the session itself is fine.
    onError: (error) => setMessage({ text: isApiError(error, 400) ? t.passwordChangeRefused : errorMessage(error, t), error: true }),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setMessage(null);
    changePassword.mutate();
  };

  return (
    <div className="page page--sessions">
      <AppHeader signedIn />
      <main className="admin-page">
        <h1 className="admin-page__title">{t.sessionsTitle}</h1>
        <table className="admin-table" data-testid="sessions-table">
          <thead>
            <tr>
              <th scope="col">{t.columnSignedIn}</th>
              <th scope="col">{t.columnLastActive}</th>
              <th scope="col">{t.columnAddress}</th>
              <th scope="col">{t.columnDevice}</th>
              <th scope="col">{t.columnActions}</th>
            </tr>
          </thead>
          <tbody>
            {(list.data?.items ?? []).map((row) => (
              <tr key={row.id} data-testid="session-row" data-current={row.current}>
                <td>
                  {format.dateTime(row.createdAt)} {row.current && <span className="badge">{t.thisSession}</span>}
                </td>
                <td>{format.dateTime(row.lastActiveAt)}</td>
                <td dir="ltr">{row.address ?? "—"}</td>
                <td className="admin-table__device" dir="ltr" title={row.userAgent ?? ""}>
                  {row.userAgent ?? "—"}
                </td>
                <td>
                  <button
                    type="button"
                    className="button button--small"
                    data-testid="end-session"
                    onClick={() => end.mutate({ id: row.id, mine: row.current })}
                  >
                    {row.current ? t.signOut : t.endSession}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <form className="operators-create" onSubmit={submit} aria-labelledby="password-title" data-testid="change-password">
          <h2 id="password-title" className="panel__subtitle">
            {t.changeMyPassword}
          </h2>
          <label className="field">
            <span className="field__label">{t.currentPassword}</span>
            <input
              type="password"
              dir="ltr"
              autoComplete="current-password"
              required
              value={current}
              onChange={(e) => setCurrent(e.target.value)}
            />
          </label>
          <label className="field">
            <span className="field__label">{t.newPassword}</span>
            <input
              type="password"
              dir="ltr"
              autoComplete="new-password"
              required
              minLength={8}
              value={next}
              onChange={(e) => setNext(e.target.value)}
            />
          </label>
          <button type="submit" className="button button--primary" disabled={changePassword.isPending}>
            {t.changeMyPassword}
          </button>
          {message && (
            <p className={message.error ? "error-banner" : "notice"} role={message.error ? "alert" : "status"}>
              {message.text}
            </p>
          )}
        </form>
      </main>
    </div>
  );
}
