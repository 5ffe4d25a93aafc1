/** Where REST and the socket live: `VITE_API_URL` in development, else the page's own origin. */
export function apiBaseUrl(): string {
  const configured = import.meta.env.VITE_API_URL?.trim();
  return (configured || window.location.origin).replace(/\/+$/, "");
}
