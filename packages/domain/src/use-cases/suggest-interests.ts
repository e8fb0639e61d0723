import type { InterestCatalog, InterestCount } from '../ports/interest-catalog.js';
import { normaliseInterest } from '../users/profile-rules.js';

/** Autocomplete for interests: reuse the tags others already use. */
export class SuggestInterests {
  constructor(private readonly ports: { readonly interests: InterestCatalog }) {}

  execute(input: { readonly prefix: string; readonly limit: number }): Promise<InterestCount[]> {
    return this.ports.interests.popular(normaliseInterest(input.prefix), input.limit);
  }
}
