/** Bosun's own LSP notifications, shared by the server and the extension client. */

export const STATUS_NOTIFICATION = 'bosun/status';

/** Sent after each lint of an open document: feeds the language status item. */
export interface StatusParams {
  uri: string;
  version: number;
  rules: number;
  findings: number;
  ms: number;
  errors: string[];
}
