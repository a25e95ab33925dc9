/**
 * The seed of the fuzz tests in the normal test run: fixed, so a run is reproducible; set
 * BOSUN_FUZZ_SEED to explore other inputs (`npm run fuzz` picks a fresh seed and prints it).
 */
export const FUZZ_SEED = Number(process.env.BOSUN_FUZZ_SEED ?? 20240917);
