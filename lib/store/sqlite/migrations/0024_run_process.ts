/**
 * Which process writes a run (`<pid>@<host>`), so that a server starting up can tell the runs a previous
 * process left `running` (killed, crashed) from those another live process, such as the CLI, is still
 * writing. Runs written before this version have none.
 */
export const migration0024 = {
  version: 24,
  name: "run_process",
  sql: `
ALTER TABLE runs ADD COLUMN process TEXT;
`,
};
