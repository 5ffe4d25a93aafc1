import { Controller, Get, Header, Inject } from "@nestjs/common";
import type { AppConfig } from "../config/config";
import { APP_CONFIG } from "../config/config.module";
import { buildAsyncApiDocument } from "./asyncapi";
import { DOCS_CSS, DOCS_FAVICON_SVG, DOCS_INIT_SCRIPT, renderDocsPage } from "./docs-page";
import { buildOpenApiDocument } from "./openapi";

// eslint-disable-next-line @typescript-eslint/no-require-imports -- package.json sits outside the compiled rootDir
const { version } = require("../../package.json") as { version: string };

/** /api/docs: the API described for people and for client generators (outside /api/v1). */
@Controller("api/docs")
export class DocsController {
  private readonly openApi = buildOpenApiDocument(version);
  private readonly asyncApi: ReturnType<typeof buildAsyncApiDocument>;
  private readonly page: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.asyncApi = buildAsyncApiDocument(version, config.corsOrigins);
    this.page = renderDocsPage(this.asyncApi);
  }

  @Get()
  @Header("Content-Type", "text/html; charset=utf-8")
  html(): string {
    return this.page;
  }

  @Get("openapi.json")
  openapi() {
    return this.openApi;
  }

  @Get("asyncapi.json")
  asyncapi() {
    return this.asyncApi;
  }

  @Get("init.js")
  @Header("Content-Type", "text/javascript; charset=utf-8")
  init(): string {
    return DOCS_INIT_SCRIPT;
  }

  @Get("docs.css")
  @Header("Content-Type", "text/css; charset=utf-8")
  css(): string {
    return DOCS_CSS;
  }

  @Get("favicon.svg")
  @Header("Content-Type", "image/svg+xml")
  @Header("Cache-Control", "public, max-age=86400")
  favicon(): string {
    return DOCS_FAVICON_SVG;
  }
}
