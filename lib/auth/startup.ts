import { log } from "@/lib/log/logger.mjs";
import { authConfig, AuthConfigError } from "./config";
import { loadUsersFile } from "./users-file";

/** A server with a sign-in configuration it cannot use stops at once, saying what to fix, rather than answering 500s. */
export function checkAccessConfiguration(): void {
  try {
    const config = authConfig();
    if (config.usersFile) loadUsersFile(config.usersFile);
  } catch (e) {
    if (!(e instanceof AuthConfigError)) throw e;
    log.error(e.message);
    process.exit(1);
  }
}
