// The registration's ceiling: the product's own hasher (apps/api/dist/auth/password-hasher.js: same
// parameters, same libuv thread pool, same Node), hashing alone as fast as it can with `concurrency`
// hashes in flight (as many as the register run's connections) for `seconds`. Prints one JSON line.
import { createRequire } from "node:module";
import { resolve } from "node:path";

const require = createRequire(import.meta.url);
const { PasswordHasher } = require(resolve(import.meta.dirname, "../../apps/api/dist/auth/password-hasher.js"));

const [concurrency = 10, seconds = 8] = process.argv.slice(2).map(Number);
const hasher = new PasswordHasher();
await hasher.hash("warm-up-password-1");
let done = 0;
const started = performance.now();
const deadline = started + seconds * 1000;
async function lane(n) {
  while (performance.now() < deadline) {
    await hasher.hash(`correct-horse-${n}-${done}`);
    done++;
  }
}
await Promise.all(Array.from({ length: concurrency }, (_, n) => lane(n)));
const elapsed = (performance.now() - started) / 1000;
console.log(JSON.stringify({ hashesPerSecond: done / elapsed, hashes: done, seconds: elapsed, concurrency }));
