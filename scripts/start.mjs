// `npm start`: builds what is missing or stale, then runs the API, gateway and dashboard in this process.
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { buildIfStale } from "./build-if-stale.mjs";

buildIfStale();
createRequire(import.meta.url)(resolve(import.meta.dirname, "../apps/api/dist/main.js"));
