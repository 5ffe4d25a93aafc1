import { z } from "zod";

// zod would otherwise probe `new Function` to compile parsers when schemas are built, which the
// server's strict Content-Security-Policy (no 'unsafe-eval') refuses and reports. Imported first.
z.config({ jitless: true });
