import { create } from "qrcode";
import { useMemo } from "react";

// The quiet zone the QR standard asks for around the symbol, in modules.
const QUIET = 4;

/**
 * A QR code drawn in the page as SVG from the module matrix: the secret it holds never goes to an
 * outside service, and there is no data: URL or inline style for the strict CSP to refuse.
 */
export function QrCode({ text, label }: { text: string; label: string }) {
  const { size, path } = useMemo(() => {
    const { modules } = create(text, { errorCorrectionLevel: "M" });
    let d = "";
    for (let row = 0; row < modules.size; row++) {
      for (let col = 0; col < modules.size; col++) if (modules.get(row, col)) d += `M${col + QUIET} ${row + QUIET}h1v1h-1z`;
    }
    return { size: modules.size + QUIET * 2, path: d };
  }, [text]);
  return (
    <svg
      className="qr-code"
      viewBox={`0 0 ${size} ${size}`}
      role="img"
      aria-label={label}
      data-testid="enroll-qr"
      shapeRendering="crispEdges"
    >
      <rect width={size} height={size} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
