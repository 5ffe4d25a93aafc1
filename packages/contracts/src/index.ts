export * from "./auth";
export * from "./health";
export * from "./problem";
export * from "./socket";
export * from "./users";
export * from "./routes";
