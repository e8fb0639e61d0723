/** Every list is paged by cursor: `limit` 1–100, 20 when absent (the contract's convention). */
export const MAX_PAGE_LIMIT = 100;
export const DEFAULT_PAGE_LIMIT = 20;
