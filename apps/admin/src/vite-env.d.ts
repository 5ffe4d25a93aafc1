/// <reference types="vite/client" />

// An interface, not a type: it must merge with Vite's own ImportMetaEnv.
interface ImportMetaEnv {
  /** Origin of the API and the socket gateway, e.g. http://localhost:3000. Unset: the page's own origin. */
  readonly VITE_API_URL?: string;
}
