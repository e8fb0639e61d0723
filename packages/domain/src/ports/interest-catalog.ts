export interface InterestCount {
  readonly name: string;
  /** Members whose profile lists it. */
  readonly count: number;
}

/** The interests members use, for autocomplete. */
export interface InterestCatalog {
  /** Tags starting with `prefix` (normalised), most used first, then by name. */
  popular(prefix: string, limit: number): Promise<InterestCount[]>;
}
