import { useSyncExternalStore } from "react";

/** The dashboard's screens; everything else is the users list. */
export type Route = { name: "users"; userId: string | null } | { name: "audit" } | { name: "operators" } | { name: "sessions" };

const NAVIGATE_EVENT = "moien:navigate";
const USER_PATH = /^\/users\/([^/]+)\/?$/;

export function parseRoute(pathname: string): Route {
  if (pathname === "/audit" || pathname === "/audit/") return { name: "audit" };
  if (pathname === "/operators" || pathname === "/operators/") return { name: "operators" };
  if (pathname === "/sessions" || pathname === "/sessions/") return { name: "sessions" };
  const user = USER_PATH.exec(pathname);
  return { name: "users", userId: user?.[1] ? decodeURIComponent(user[1]) : null };
}

/** Changes the address without a reload: `replace` for refinements (filters typed), push for moves. */
export function navigate(to: string, { replace = false }: { replace?: boolean } = {}): void {
  const current = window.location.pathname + window.location.search;
  if (to === current) return;
  if (replace) window.history.replaceState(null, "", to);
  else window.history.pushState(null, "", to);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}

function subscribe(listener: () => void): () => void {
  window.addEventListener("popstate", listener);
  window.addEventListener(NAVIGATE_EVENT, listener);
  return () => {
    window.removeEventListener("popstate", listener);
    window.removeEventListener(NAVIGATE_EVENT, listener);
  };
}

const snapshot = () => window.location.pathname + window.location.search;

export type Location = { pathname: string; search: string };

/** The current path and query, following pushState, replaceState (through navigate) and Back/Forward. */
export function useLocation(): Location {
  const href = useSyncExternalStore(subscribe, snapshot);
  const index = href.indexOf("?");
  return index === -1 ? { pathname: href, search: "" } : { pathname: href.slice(0, index), search: href.slice(index) };
}

/** A plain link's click that the page should handle itself (no modifier, no new tab). */
export const isPlainClick = (event: { button: number; metaKey: boolean; ctrlKey: boolean; shiftKey: boolean; altKey: boolean }) =>
  event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
