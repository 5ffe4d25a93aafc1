export declare const API_MAIN: string;
export declare const TEST_ADMIN: { email: string; password: string };
export declare function testAppEnv(options: {
  port: number | string;
  dataDir: string;
  admin?: { email: string; password: string };
  databaseUrl?: string;
}): Record<string, string>;
