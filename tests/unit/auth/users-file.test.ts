import { describe, expect, it } from "vitest";
import { AuthConfigError } from "@/lib/auth/config";
import { grantFor, parseUsersFile, userChanges } from "@/lib/auth/users-file";

const HASH = "scrypt$ln=15,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

const yaml = `
users:
  - username: alice
    passwordHash: "${HASH}"
    role: admin
  - username: bob
    passwordHash: "${HASH}"
    role: viewer
    groups: [team-a]
    scopes: [{cluster: prod, namespaces: [team-b]}]
  - username: carol
    role: viewer
groups:
  - name: team-a
    role: ingester
    scopes: [{cluster: prod, namespaces: [team-a]}]
  - name: sre
    role: admin
`;

describe("the users file", () => {
  it("reads YAML, and JSON as a plain list of users", () => {
    expect(parseUsersFile(yaml, "users.yaml").users.map((u) => u.username)).toEqual(["alice", "bob", "carol"]);
    const json = JSON.stringify([{ username: "dave", passwordHash: HASH, role: "viewer" }]);
    expect(parseUsersFile(json, "users.json").users[0]).toMatchObject({ username: "dave", role: "viewer", groups: [] });
  });

  it("gives the highest role and the union of scopes of a user and its groups", () => {
    const users = parseUsersFile(yaml, "users.yaml");
    expect(grantFor(users, "alice")).toEqual({ role: "admin", groups: [], scopes: null });
    expect(grantFor(users, "bob")).toEqual({
      role: "ingester",
      groups: ["team-a"],
      scopes: [
        { cluster: "prod", namespaces: ["team-b"] },
        { cluster: "prod", namespaces: ["team-a"] },
      ],
    });
    // A name the file does not list gets what its groups give (OpenID Connect, proxy), or nothing.
    expect(grantFor(users, "erin", ["sre"])).toEqual({ role: "admin", groups: ["sre"], scopes: null });
    expect(grantFor(users, "erin", ["unknown"])).toBeNull();
  });

  it.each([
    ["users: [{username: a, role: boss}]", "users.0.role"],
    ["users: [{username: a, role: viewer, passwordHash: hunter2}]", "users.0.passwordHash"],
    ["users: [{username: a, role: viewer, scopes: [{namespaces: [x]}]}]", "users.0.scopes.0.cluster"],
    ["users: [{username: a, role: viewer, password: x}]", "users.0"],
    ["users: [{username: a, role: viewer}, {username: a, role: admin}]", "listed twice"],
    ["users: [", "not YAML"],
  ])("names what is wrong in %j", (text, where) => {
    expect(() => parseUsersFile(text, "users.yaml")).toThrow(AuthConfigError);
    expect(() => parseUsersFile(text, "users.yaml")).toThrow(where);
  });
});

describe("changes to the users file", () => {
  it("name who was added, removed or changed, and nothing when nobody was", () => {
    const before = parseUsersFile(yaml, "users.yaml");
    const after = parseUsersFile(yaml.replace("role: admin", "role: viewer").replace(/ {2}- username: carol\n {4}role: viewer\n/, "  - username: dave\n    role: viewer\n"), "users.yaml");
    expect(userChanges(before, after)).toEqual({ added: ["dave"], removed: ["carol"], changed: ["alice"], groupsChanged: false });
    expect(userChanges(before, parseUsersFile(yaml, "users.yaml"))).toBeNull();
  });
});
