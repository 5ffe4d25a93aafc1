import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The dashboard reads the shared wire schemas from source: no build of the contracts package needed.
export const contractsAlias = {
  "@moien/contracts/client": fileURLToPath(new URL("../../packages/contracts/src/client/index.ts", import.meta.url)),
  "@moien/contracts": fileURLToPath(new URL("../../packages/contracts/src/index.ts", import.meta.url)),
};

export default defineConfig({
  base: "/",
  plugins: [react()],
  resolve: { alias: contractsAlias },
  server: { port: 5173, strictPort: true },
  preview: { port: 5173 },
  build: { outDir: "dist", emptyOutDir: true, sourcemap: true },
});
