/** Prices of one model, US dollars per million tokens (the config's `prices`). */
export interface ModelPrice {
  inputPerMTok: number;
  outputPerMTok: number;
  /** Price of a prompt token read from the vendor's cache; the input price where absent. */
  cachedInputPerMTok?: number;
  /** Price of a prompt token written to the vendor's cache; the input price where absent. */
  cacheWritePerMTok?: number;
}
