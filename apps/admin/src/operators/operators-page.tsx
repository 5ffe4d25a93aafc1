import { OperatorRoleSchema, type Operator, type OperatorRole } from "@moien/contracts";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { AppHeader } from "../app/app-header";
import { errorMessage } from "../app/error-message";
import { useServices, useSessionState } from "../app/services";
import { useI18n } from "../i18n/i18n-context";
import { ConfirmDialog } from "../app/confirm-dialog";

const operatorsQueryKey = ["operators"] as const;
const ROLES = OperatorRoleSchema.options;

type Pending = { operator: Operator; action: "disable" | "reset" | "end" };

/** `/operators` (admins): create colleagues, change roles, disable, reset factors, end sessions. */
export function OperatorsPage() {
  const { api } = useServices();
  const { session } = useSessionState();
  const { t, format } = useI18n();
  const client = useQueryClient();
  const list = useQuery({ queryKey: operatorsQueryKey, queryFn: () => api.listOperators() });
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<OperatorRole>("viewer");
  const [created, setCreated] = useState<{ email: string; password: string } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);

  const act = useMutation({
    mutationFn: (work: () => Promise<unknown>) => work(),
    onMutate: () => setFailure(null),
    onError: (error) => setFailure(errorMessage(error, t)),
    onSettled: () => void client.invalidateQueries({ queryKey: operatorsQueryKey }),
  });

  const create = (event: FormEvent) => {
    event.preventDefault();
    act.mutate(async () => {
      const answer = await api.createOperator({ email, role });
      setCreated({ email: answer.operator.email, password: answer.oneTimePassword });
      setEmail("");
    });
  };

  const confirm = ({ operator, action }: Pending) => {
    setPending(null);
    act.mutate(() =>
      action === "disable"
        ? api.updateOperator(operator.id, { disabled: true })
        : action === "reset"
          ? api.resetOperatorFactors(operator.id)
          : api.endOperatorSessions(operator.id),
    );
  };

  return (
    <div className="page page--operators">
      <AppHeader signedIn />
      <main className="admin-page">
        <h1 className="admin-page__title">{t.operatorsTitle}</h1>
        <form className="operators-create" onSubmit={create} aria-labelledby="create-operator-title" data-testid="create-operator">
          <h2 id="create-operator-title" className="panel__subtitle">
            {t.createOperator}
          </h2>
          <label className="field">
            <span className="field__label">{t.email}</span>
            <input
              type="email"
              dir="ltr"
              required
              value={email}
              data-testid="new-operator-email"
              onChange={(e) => setEmail(e.target.value)}
            />
          </label>
          <label className="field">
            <span className="field__label">{t.columnRole}</span>
            <select value={role} data-testid="new-operator-role" onChange={(e) => setRole(OperatorRoleSchema.parse(e.target.value))}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {t.roles[r]}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="button button--primary" disabled={act.isPending}>
            {t.createOperator}
          </button>
        </form>
        {created && (
          <div className="notice" role="status" data-testid="one-time-password">
            <p>{t.oneTimePasswordShown(created.email)}</p>
            <code dir="ltr" className="secret" data-testid="one-time-password-value">
              {created.password}
            </code>
          </div>
        )}
        {failure && (
          <p className="error-banner" role="alert" data-testid="operators-error">
            {failure}
          </p>
        )}
        <table className="admin-table" data-testid="operators-table">
          <thead>
            <tr>
              <th scope="col">{t.email}</th>
              <th scope="col">{t.columnRole}</th>
              <th scope="col">{t.columnFactors}</th>
              <th scope="col">{t.columnLastSignIn}</th>
              <th scope="col">{t.columnSessions}</th>
              <th scope="col">{t.columnActions}</th>
            </tr>
          </thead>
          <tbody>
            {(list.data ?? []).map((operator) => (
              <tr key={operator.id} data-testid="operator-row" data-email={operator.email} data-disabled={operator.disabled}>
                <td dir="ltr">
                  {operator.email} {operator.disabled && <span className="badge badge--suspended">{t.disabled}</span>}
                  {operator.id === session?.operator.id && <span className="badge">{t.you}</span>}
                </td>
                <td>
                  <select
                    aria-label={t.roleOf(operator.email)}
                    value={operator.role}
                    data-testid="operator-role"
                    onChange={(e) => {
                      // Read now: React puts the controlled value back before the mutation runs.
                      const next = OperatorRoleSchema.parse(e.target.value);
                      act.mutate(() => api.updateOperator(operator.id, { role: next }));
                    }}
                  >
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {t.roles[r]}
                      </option>
                    ))}
                  </select>
                </td>
                <td>{operator.factors.totp ? t.factorsSummary(format.number(operator.factors.recoveryCodesLeft)) : t.noFactor}</td>
                <td>{operator.lastSignInAt ? format.dateTime(operator.lastSignInAt) : t.never}</td>
                <td>{format.number(operator.activeSessions)}</td>
                <td className="admin-table__actions">
                  {operator.disabled ? (
                    <button
                      type="button"
                      className="button button--small"
                      onClick={() => act.mutate(() => api.updateOperator(operator.id, { disabled: false }))}
                    >
                      {t.enable}
                    </button>
                  ) : (
                    <button
                      type="button"
                      className="button button--small"
                      data-testid="operator-disable"
                      onClick={() => setPending({ operator, action: "disable" })}
                    >
                      {t.disable}
                    </button>
                  )}
                  <button
                    type="button"
                    className="button button--small"
                    data-testid="operator-reset"
                    onClick={() => setPending({ operator, action: "reset" })}
                  >
                    {t.resetFactors}
                  </button>
                  <button
                    type="button"
                    className="button button--small"
                    data-testid="operator-end-sessions"
                    onClick={() => setPending({ operator, action: "end" })}
                  >
                    {t.endSessions}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </main>
      {pending && (
        <ConfirmDialog
          title={pending.action === "disable" ? t.confirmDisable : pending.action === "reset" ? t.confirmReset : t.confirmEndSessions}
          body={pending.operator.email}
          confirmLabel={pending.action === "disable" ? t.disable : pending.action === "reset" ? t.resetFactors : t.endSessions}
          onCancel={() => setPending(null)}
          onConfirm={() => confirm(pending)}
        />
      )}
    </div>
  );
}
