import { Worker, type ResourceLimits } from "node:worker_threads";

/**
 * A worker running a TypeScript entry from the sources (the CLI under tsx, the tests): a worker does not
 * inherit tsx's loader, so it loads the entry through tsx's API, with the condition that makes
 * "server-only" a no-op. Bundled code starts its workers from a literal `new URL("./x.ts", import.meta.url)`
 * instead, which is what bundlers recognise. Next.js's bundle is told apart by `process.env.NEXT_RUNTIME`,
 * which it defines at build time, not by `import.meta.url`: Turbopack keeps that the source file's
 * URL, ".ts" and all, so the server used to start its upload workers through tsx (a dev dependency),
 * compiling the sources at run time with esbuild processes beside it (~60 MB more during an upload).
 */
export function tsWorker(entry: string, parentUrl: string, resourceLimits: ResourceLimits): Worker {
  const boot = `import("tsx/esm/api").then((tsx) => tsx.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(parentUrl)}))`;
  return new Worker(boot, { eval: true, execArgv: ["--conditions=react-server"], resourceLimits });
}

/**
 * Resolves once the worker posts `{ type: "ready" }`, its entry loaded; an error before that means
 * workers cannot run here, and is rejected as `unavailable(message)`.
 */
export function whenReady(worker: Worker, unavailable: (message: string) => Error): Promise<Worker> {
  return new Promise((resolve, reject) => {
    const stop = () => {
      worker.off("message", onMessage);
      worker.off("error", onError);
      worker.off("exit", onExit);
    };
    const onMessage = (m: { type: string }) => {
      if (m.type !== "ready") return;
      stop();
      resolve(worker);
    };
    const onError = (err: Error) => {
      stop();
      reject(unavailable(err.message));
    };
    const onExit = (code: number) => {
      stop();
      reject(unavailable(`it exited (code ${code})`));
    };
    worker.on("message", onMessage);
    worker.on("error", onError);
    worker.on("exit", onExit);
  });
}
