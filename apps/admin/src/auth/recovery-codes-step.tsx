import { useI18n } from "../i18n/i18n-context";

/** The 10 recovery codes, shown this once: the server keeps only their hashes. */
export function RecoveryCodesStep({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const { t } = useI18n();
  return (
    <section className="login__card login__card--wide" aria-labelledby="recovery-title" data-testid="recovery-step">
      <h1 id="recovery-title">{t.recoveryTitle}</h1>
      <p className="notice" role="status">
        {t.recoveryWarning}
      </p>
      <ol className="recovery-codes" dir="ltr" data-testid="recovery-codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <button type="button" className="button button--primary" data-testid="recovery-done" onClick={onDone}>
        {t.recoverySaved}
      </button>
    </section>
  );
}
