export * from "./app-process";
