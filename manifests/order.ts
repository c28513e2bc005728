// One deterministic string order for everything the manifests layer sorts: by UTF-16 code units,
// independent of locale (localeCompare would make renders differ between machines).
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
