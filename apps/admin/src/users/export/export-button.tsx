import { useState } from "react";
import { isApiError } from "../../api/api-errors";
import { errorMessage } from "../../app/error-message";
import { useServices } from "../../app/services";
import { useStepUp } from "../../auth/step-up-dialog";
import { useI18n } from "../../i18n/i18n-context";
import type { ViewQuery } from "../filters/view-filters";
import { followDownloadLink, retryAfterSeconds } from "../../api/download-link";

type ExportState =
  { phase: "idle" } | { phase: "running" } | { phase: "done" } | { phase: "failed"; error: unknown; retryAfter: number | null };

/**
 * "Export CSV" of the shown view (same filters, newest first). The server answers every check first
 * (step-up, the export limit, the filters) with a short-lived link, which the browser's own download
 * manager follows: the file streams to disk with the browser's progress, and the tab never holds it.
 */
export function ExportButton({ view }: { view: ViewQuery }) {
  const { clientWith } = useServices();
  const { t, format } = useI18n();
  const [state, setState] = useState<ExportState>({ phase: "idle" });
  const stepUp = useStepUp(() => void run());

  const run = async () => {
    let last: Response | undefined;
    setState({ phase: "running" });
    try {
      const link = await clientWith((answer) => (last = answer)).createExportLink({ ...view, order: "newest" });
      followDownloadLink(link.href);
      setState({ phase: "done" });
    } catch (error) {
      if (isApiError(error, 403) && error.problem.type.endsWith("step-up-required")) {
        setState({ phase: "idle" });
        stepUp.ask();
        return;
      }
      setState({ phase: "failed", error, retryAfter: isApiError(error, 429) ? retryAfterSeconds(last) : null });
    }
  };

  const status =
    state.phase === "running"
      ? t.exportPreparing
      : state.phase === "done"
        ? t.exportStarted
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
        onClick={stepUp.start}
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
      {stepUp.dialog}
    </div>
  );
}
