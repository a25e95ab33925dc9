declare const BOSUN_VERSION: string | undefined;

/** The package version, defined at bundle time; a dev marker when run from source. */
export const VERSION: string = typeof BOSUN_VERSION === 'string' ? BOSUN_VERSION : '0.0.0-dev';
