import { useEffect, useRef, useState } from "react";
import { isApiError } from "../../api/api-errors";
import { errorMessage } from "../../app/error-message";
import { useServices, useSessionState } from "../../app/services";
import { StepUpDialog } from "../../auth/step-up-dialog";
import { useI18n } from "../../i18n/i18n-context";
import type { ViewQuery } from "../filters/view-filters";
import { fileNameOf, readWithProgress, retryAfterSeconds, saveBlob } from "./read-csv-export";

type ExportState =
  | { phase: "idle" }
  | { phase: "running"; bytes: number }
  | { phase: "done"; file: string }
  | { phase: "failed"; error: unknown; retryAfter: number | null };

/** "Export CSV" of the shown view (same filters, newest first), with its progress and a clear error. */
export function ExportButton({ view }: { view: ViewQuery }) {
  const { clientWith } = useServices();
  const { session } = useSessionState();
  const { t, format } = useI18n();
  const [state, setState] = useState<ExportState>({ phase: "idle" });
  const [askingCode, setAskingCode] = useState(false);
  const abort = useRef<AbortController | null>(null);

  // Step-up: an operator with a factor gives a fresh code first (the server's 10-minute rule).
  const needsCode = () => session?.hasFactor === true && !((session.stepUpUntil ?? 0) > Date.now() + 5_000);
  const start = () => (needsCode() ? setAskingCode(true) : void run());

  useEffect(() => () => abort.current?.abort(), []);

  const run = async () => {
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    let last: Response | undefined;
    setState({ phase: "running", bytes: 0 });
    try {
      const response = await clientWith((answer) => (last = answer)).exportUsers({ ...view, order: "newest" });
      const blob = await readWithProgress(response, (bytes) => setState({ phase: "running", bytes }), controller.signal);
      const file = fileNameOf(response);
      saveBlob(blob, file);
      setState({ phase: "done", file });
    } catch (error) {
      if (controller.signal.aborted) return;
      if (isApiError(error, 403) && error.problem.type.endsWith("step-up-required")) {
        setState({ phase: "idle" });
        setAskingCode(true);
        return;
      }
      setState({ phase: "failed", error, retryAfter: isApiError(error, 429) ? retryAfterSeconds(last) : null });
    }
  };

  const status =
    state.phase === "running"
      ? t.exportPreparing(format.kilobytes(state.bytes))
      : state.phase === "done"
        ? t.exportDone(state.file)
        : state.phase === "failed"
          ? isApiError(state.error, 429)
            ? t.exportTooMany(t.seconds(state.retryAfter ?? 60, format.number(state.retryAfter ?? 60)))
            : t.exportFailed(errorMessage(state.error, t))
          : "";

  return (
    <div className="export">
      <button
        type="button"
        className="button"
        data-testid="export-csv"
        onClick={start}
        disabled={state.phase === "running"}
        aria-describedby="export-status"
      >
        {t.exportCsv}
      </button>
      <p
        id="export-status"
        className={state.phase === "failed" ? "export__status export__status--error" : "export__status"}
        role={state.phase === "failed" ? "alert" : "status"}
        data-testid="export-status"
        data-phase={state.phase}
      >
        {status}
      </p>
      {askingCode && (
        <StepUpDialog
          onCancel={() => setAskingCode(false)}
          onDone={() => {
            setAskingCode(false);
            void run();
          }}
        />
      )}
    </div>
  );
}
