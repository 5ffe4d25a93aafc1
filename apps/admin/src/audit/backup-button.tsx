import { useState } from "react";
import { followDownloadLink } from "../api/download-link";
import { useStepUp } from "../auth/step-up-dialog";
import { useI18n } from "../i18n/i18n-context";

const BACKUP_PATH = "/api/v1/backup";

/**
 * "Download backup" (admins, the embedded store): after a fresh second factor, the browser's download
 * manager fetches the backup with the session cookie, straight to disk. The file holds every user's
 * personal data, which the status line says.
 */
export function BackupButton() {
  const { t } = useI18n();
  const [started, setStarted] = useState(false);
  const stepUp = useStepUp(() => {
    followDownloadLink(BACKUP_PATH);
    setStarted(true);
  });

  return (
    <div className="export export--backup">
      <button type="button" className="button" data-testid="download-backup" aria-describedby="backup-status" onClick={stepUp.start}>
        {t.downloadBackup}
      </button>
      <p id="backup-status" className="export__status" role="status" data-testid="backup-status">
        {started ? t.backupStarted : ""}
      </p>
      {stepUp.dialog}
    </div>
  );
}
