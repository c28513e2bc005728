/**
 * Shell-style wildcards for endpoint names: `*` matches any run of characters (`/` included),
 * `?` exactly one character; every other character matches itself. No brackets, braces or
 * escapes: Kubernetes names and the analyzer's atom names never need them.
 */
export function globToRegExp(pattern: string): RegExp {
  const body = [...pattern]
    .map((char) => (char === "*" ? ".*" : char === "?" ? "." : char.replace(/[\\^$.|+()[\]{}]/g, "\\$&")))
    .join("");
  return new RegExp(`^${body}$`, "s");
}
