/**
 * Image references as a registry prefix sees them. `nginx:1.27` is pulled from
 * `docker.io/library/nginx:1.27` and `acme/app` from `docker.io/acme/app`, so a trusted prefix
 * "docker.io/library/" covers the short forms too.
 */
export function fullImageName(image: string): string {
  const slash = image.indexOf("/");
  const first = slash === -1 ? "" : image.slice(0, slash);
  // A registry host has a dot or a port, or is localhost; anything else is a Docker Hub path.
  if (slash !== -1 && (first.includes(".") || first.includes(":") || first === "localhost")) return image;
  return slash === -1 ? `docker.io/library/${image}` : `docker.io/${image}`;
}

/**
 * Whether an image comes from under a prefix. A prefix written without its trailing "/" still ends at a
 * path boundary: "ghcr.io/acme" covers "ghcr.io/acme/app" but not "ghcr.io/acme-evil/app".
 */
function under(image: string, prefix: string): boolean {
  if (prefix.endsWith("/")) return image.startsWith(prefix);
  if (!image.startsWith(prefix)) return false;
  const next = image.charAt(prefix.length);
  return next === "" || next === "/" || next === ":" || next === "@";
}

/** The images not under any trusted prefix, as written in the spec. */
export function untrustedImages(images: readonly string[], trusted: readonly string[]): string[] {
  return images.filter((image) => {
    const full = fullImageName(image);
    return !trusted.some((prefix) => under(image, prefix) || under(full, prefix));
  });
}
