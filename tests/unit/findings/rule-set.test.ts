import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildRuleSet, loadRuleSet, type RuleFileText } from "@/lib/findings/rule-set";
import { readFindingSettings } from "@/lib/findings/settings";
import { tempDir } from "../helpers/temp-dir";

const fixtures = path.join(import.meta.dirname, "fixtures");
const builtins: RuleFileText[] = ["denied-burst.yaml", "pod-exec.yaml", "untrusted-ip.yaml"].map((file) => ({ file, text: fs.readFileSync(path.join(fixtures, file), "utf8") }));
const podExec = builtins[1]!.text;
const ids = (set: { rules: readonly { id: string }[] }) => set.rules.map((r) => r.id);

describe("readFindingSettings", () => {
  it("reads the four variables, a bare trusted address as its /32 or /128", () => {
    const { settings, problems } = readFindingSettings({
      AUDITLENS_RULES_DIR: " /etc/auditlens/rules ",
      AUDITLENS_RULES_DISABLE: "a.b, c.d,,a.b",
      AUDITLENS_TRUSTED_CIDRS: "10.0.0.0/8, 192.168.1.5,::1",
      AUDITLENS_TRUSTED_REGISTRIES: "registry.k8s.io/,ghcr.io/acme/",
    });
    expect(problems).toEqual([]);
    expect(settings).toEqual({
      rulesDir: "/etc/auditlens/rules",
      disable: ["a.b", "c.d"],
      trustedCidrs: ["10.0.0.0/8", "192.168.1.5/32", "::1/128"],
      trustedRegistries: ["registry.k8s.io/", "ghcr.io/acme/"],
    });
  });

  it("turns a bad value into a problem naming the variable, and the setting into unset", () => {
    const { settings, problems } = readFindingSettings({ AUDITLENS_TRUSTED_CIDRS: "10.0.0.0/33,intranet", AUDITLENS_TRUSTED_REGISTRIES: "https://ghcr.io/acme" });
    expect(settings.trustedCidrs).toBeNull();
    expect(settings.trustedRegistries).toBeNull();
    expect(problems).toEqual([
      { file: "AUDITLENS_TRUSTED_CIDRS", line: null, message: 'AUDITLENS_TRUSTED_CIDRS: "10.0.0.0/33" is not an IP address or CIDR range; "intranet" is not an IP address or CIDR range' },
      { file: "AUDITLENS_TRUSTED_REGISTRIES", line: null, message: expect.stringMatching(/^AUDITLENS_TRUSTED_REGISTRIES: "https:\/\/ghcr.io\/acme" is not an image prefix/) },
    ]);
  });
});

describe("buildRuleSet", () => {
  it("keeps the built-ins, less those requiring an unset setting", () => {
    const set = buildRuleSet(builtins, [], {});
    expect(ids(set)).toEqual(["test.denied-burst", "test.pod-exec"]);
    expect(set.problems).toEqual([]);
    expect(set.rules[1]!.source).toEqual({ file: "lib/findings/builtin/pod-exec.yaml", builtin: true });
    expect(ids(buildRuleSet(builtins, [], { AUDITLENS_TRUSTED_CIDRS: "10.0.0.0/8" }))).toContain("test.untrusted-ip");
  });

  it("lets a user rule replace the built-in with its id", () => {
    const mine = { file: "/rules/exec.yaml", text: podExec.replace("severity: high", "severity: critical") };
    const rule = buildRuleSet(builtins, [mine], {}).rules.find((r) => r.id === "test.pod-exec")!;
    expect(rule.severity).toBe("critical");
    expect(rule.source).toEqual({ file: "/rules/exec.yaml", builtin: false });
  });

  it("turns a rule off with enabled: false, and a built-in off by replacing it so", () => {
    expect(ids(buildRuleSet(builtins, [{ file: "/rules/off.yaml", text: `${podExec}enabled: false\n` }], {}))).toEqual(["test.denied-burst"]);
  });

  it("reports a second user rule with the same id on its id line, and keeps the first", () => {
    const set = buildRuleSet([], [
      { file: "/rules/a.yaml", text: podExec },
      { file: "/rules/b.yaml", text: `# copied\n${podExec.replace("severity: high", "severity: low")}` },
    ], {});
    expect(set.rules.map((r) => r.severity)).toEqual(["high"]);
    expect(set.problems).toEqual([{ file: "/rules/b.yaml", line: 2, message: "id: test.pod-exec is already the id of /rules/a.yaml" }]);
  });

  it("disables rules by id, and reports an id no rule has", () => {
    const set = buildRuleSet(builtins, [], { AUDITLENS_RULES_DISABLE: "test.pod-exec,test.nope" });
    expect(ids(set)).toEqual(["test.denied-burst"]);
    expect(set.problems).toEqual([{ file: "AUDITLENS_RULES_DISABLE", line: null, message: 'AUDITLENS_RULES_DISABLE: no rule has the id "test.nope"' }]);
  });

  it("keeps going past a broken file, listing its problems", () => {
    const set = buildRuleSet(builtins, [{ file: "/rules/bad.yaml", text: "id: x.y\ntitle: a: b\n" }], {});
    expect(ids(set)).toEqual(["test.denied-burst", "test.pod-exec"]);
    expect(set.problems).toEqual([expect.objectContaining({ file: "/rules/bad.yaml", line: 2 })]);
  });

  it("changes the fingerprint when what decides hits changes, and only then", () => {
    const base = buildRuleSet(builtins, [], {}).fingerprint;
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(buildRuleSet(builtins, [], {}).fingerprint).toBe(base);
    const retitled = { file: "/rules/exec.yaml", text: podExec.replace("title: Command run in a pod", "title: Exec") };
    expect(buildRuleSet(builtins, [retitled], {}).fingerprint).toBe(base);
    const requeried = { file: "/rules/exec.yaml", text: podExec.replace("verb:create,get", "verb:create") };
    expect(buildRuleSet(builtins, [requeried], {}).fingerprint).not.toBe(base);
    expect(buildRuleSet(builtins, [], { AUDITLENS_RULES_DISABLE: "test.pod-exec" }).fingerprint).not.toBe(base);
    expect(buildRuleSet(builtins, [], { AUDITLENS_TRUSTED_REGISTRIES: "ghcr.io/" }).fingerprint).not.toBe(base);
    const withCidrs = buildRuleSet(builtins, [], { AUDITLENS_TRUSTED_CIDRS: "10.0.0.0/8" }).fingerprint;
    expect(buildRuleSet(builtins, [], { AUDITLENS_TRUSTED_CIDRS: "10.0.0.0/16" }).fingerprint).not.toBe(withCidrs);
  });
});

describe("loadRuleSet", () => {
  it("reads *.yaml and *.yml from AUDITLENS_RULES_DIR, and reloads a changed file", () => {
    const dir = tempDir();
    fs.copyFileSync(path.join(fixtures, "pod-exec.yaml"), path.join(dir, "exec.yaml"));
    fs.copyFileSync(path.join(fixtures, "denied-burst.yaml"), path.join(dir, "burst.yml"));
    fs.writeFileSync(path.join(dir, "notes.txt"), "not a rule");
    const env = { AUDITLENS_RULES_DIR: dir };
    const first = loadRuleSet(env);
    expect(ids(first)).toEqual(expect.arrayContaining(["test.denied-burst", "test.pod-exec"]));
    expect(first.problems).toEqual([]);
    expect(loadRuleSet({ ...env })).toBe(first);

    fs.writeFileSync(path.join(dir, "exec.yaml"), `${podExec}enabled: false\n`);
    fs.utimesSync(path.join(dir, "exec.yaml"), new Date(), new Date(Date.now() + 5_000));
    expect(ids(loadRuleSet(env))).not.toContain("test.pod-exec");
  });

  it("reports a folder it cannot read, naming the variable", () => {
    const set = loadRuleSet({ AUDITLENS_RULES_DIR: path.join(tempDir(), "missing") });
    expect(set.problems).toEqual([{ file: "AUDITLENS_RULES_DIR", line: null, message: expect.stringMatching(/^AUDITLENS_RULES_DIR: cannot read the folder .*ENOENT/) }]);
  });
});
