import { describe, expect, it } from "vitest";
import { describeFilter, exportFilename, savedViewFor } from "@/lib/views/export-name";
import type { SavedView } from "@/lib/views/types";

const at = new Date("2026-12-07T15:00:09.123Z");
const view = (name: string, url: string): SavedView => ({ id: name, name, url, path: `/v/${name}`, createdAt: at.toISOString() });

describe("export file names", () => {
  it("name the view's filters, key then values", () => {
    expect(exportFilename({ user: ["alice"], verb: ["delete"] }, "csv", { now: at })).toBe("auditlens-user-alice-verb-delete-2026-12-07T1500.csv");
    expect(exportFilename({ cluster: ["prod"], verb: ["delete", "patch"], code: [403] }, "jsonl", { now: at })).toBe(
      "auditlens-cluster-prod-verb-delete+patch-code-403-2026-12-07T1500.jsonl",
    );
    expect(exportFilename({ q: "as:alice AND verb:create", noise: "hide" }, "csv", { now: at })).toBe("auditlens-q-as_alice_AND_verb_create-noise-hide-2026-12-07T1500.csv");
  });

  it("say all for the whole store", () => {
    expect(exportFilename({}, "csv", { now: at })).toBe("auditlens-all-2026-12-07T1500.csv");
  });

  it("use a saved view's name when one is open", () => {
    expect(exportFilename({ user: ["alice"] }, "csv", { now: at, viewName: "Deletes by alice" })).toBe("auditlens-Deletes-by-alice-2026-12-07T1500.csv");
  });

  it("stay header- and file-system-safe, and bounded, whatever the values are", () => {
    const name = exportFilename({ cluster: ['prod "eu"; x=/../y'], user: ["system:serviceaccount:kube-system:" + "x".repeat(300)] }, "jsonl", { now: at });
    expect(name).toMatch(/^auditlens-[A-Za-z0-9.+=@_-]+-2026-12-07T1500\.jsonl$/);
    expect(name).not.toContain("..");
    expect(name.length).toBeLessThanOrEqual(120);
    expect(describeFilter({ cluster: ['prod "eu"; x=/../y'] })).toBe("cluster-prod_eu_x=_._y");
    expect(exportFilename({}, "csv", { now: at, viewName: "../../etc/passwd" })).toBe("auditlens-etc_passwd-2026-12-07T1500.csv");
  });
});

describe("the saved view a filter is", () => {
  const views = [view("Denied", "/?code=403"), view("Alice's deletes", "/?cols=time%2Cuser&user=alice&verb=delete")];
  it("is found by its filters, whatever its columns", () => {
    expect(savedViewFor({ user: ["alice"], verb: ["delete"] }, views)?.name).toBe("Alice's deletes");
    expect(savedViewFor({ code: [403] }, views)?.name).toBe("Denied");
  });
  it("is none when the filters differ", () => {
    expect(savedViewFor({ user: ["alice"] }, views)).toBeNull();
    expect(savedViewFor({}, [view("bad", "/?code=abc"), ...views])).toBeNull();
  });
});
