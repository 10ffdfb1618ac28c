/** One npm package, exactly as the lock file pinned it. */
export interface PinnedPackage {
  name: string;
  version: string;
  resolved: string;
  integrity: string;
}

export interface DuckdbPins {
  version: string;
  common: PinnedPackage[];
  platforms: Record<string, PinnedPackage>;
}
