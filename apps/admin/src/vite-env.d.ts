/// <reference types="vite/client" />

type ImportMetaEnv = {
  /** Origin of the API and the socket gateway, e.g. http://localhost:3000. Unset: the page's own origin. */
  readonly VITE_API_URL?: string;
};
