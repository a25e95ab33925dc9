/**
 * Dockerfile language features where no other Dockerfile language server runs (vscode.dev, or a
 * desktop without Docker's or Microsoft's container extension): completion, instruction hovers,
 * formatting, document symbols and semantic highlighting, from `dockerfile-language-service`.
 * The client turns them on (`initializationOptions.dockerfileLanguageFeatures`); they are off by
 * default, so an editor that already runs the Docker language server never gets two of each.
 * Registered for Dockerfiles only: a Compose file never gets a second YAML formatter.
 */
import { DockerfileLanguageServiceFactory } from 'dockerfile-language-service';
import { DockerRegistryClient } from 'dockerfile-language-service/lib/dockerRegistryClient';
import { TokensLegend } from 'dockerfile-language-service/lib/dockerSemanticTokens';
import {
  type ClientCapabilities,
  type CompletionItem,
  type CompletionParams,
  CompletionRequest,
  type Connection,
  type DocumentFormattingParams,
  DocumentFormattingRequest,
  type DocumentRangeFormattingParams,
  DocumentRangeFormattingRequest,
  type DocumentSelector,
  type DocumentSymbolParams,
  DocumentSymbolRequest,
  type FormattingOptions,
  type Hover,
  type Position,
  type Range,
  SemanticTokenModifiers,
  SemanticTokenTypes,
  type SemanticTokens,
  type SemanticTokensLegend,
  type SemanticTokensParams,
  SemanticTokensRegistrationType,
  type ServerCapabilities,
  type SymbolInformation,
  type TextEdit,
} from 'vscode-languageserver';

// Tag completion in `FROM image:` would ask Docker Hub for the image's tags while the user types,
// telling it which images the project uses. Bosun contacts no registry except for an explicit
// "Pin to digest", so that lookup finds nothing (the web build replaces its `https` as well).
DockerRegistryClient.prototype.getTags = () => Promise.resolve([]);

export const DOCKERFILE_SELECTOR: DocumentSelector = [{ language: 'dockerfile' }];
export const COMPLETION_TRIGGERS = ['=', ' ', '$', '-'];

/** The library's token types and modifiers, in the order of the indices it emits. */
export function semanticLegend(): SemanticTokensLegend {
  const types = Object.values(SemanticTokenTypes)
    .map((t): { t: string; i: number | undefined } => ({ t, i: TokensLegend.getTokenType(t) }))
    .filter((x): x is { t: string; i: number } => typeof x.i === 'number')
    .sort((a, b) => a.i - b.i);
  const modifiers = Object.values(SemanticTokenModifiers)
    .map((m) => ({ m, bit: TokensLegend.getTokenModifiers([m]) }))
    .filter((x) => x.bit > 0 && (x.bit & (x.bit - 1)) === 0)
    .sort((a, b) => a.bit - b.bit);
  return { tokenTypes: types.map((x) => x.t), tokenModifiers: modifiers.map((x) => x.m) };
}

/** `initializationOptions.dockerfileLanguageFeatures`: on only when the client says `true`. */
export function featuresWanted(initializationOptions: unknown): boolean {
  return !!initializationOptions && typeof initializationOptions === 'object' && (initializationOptions as Record<string, unknown>).dockerfileLanguageFeatures === true;
}

export class DockerfileFeatures {
  private readonly service = DockerfileLanguageServiceFactory.createLanguageService();

  constructor(capabilities: ClientCapabilities) {
    const completionItem = capabilities.textDocument?.completion?.completionItem;
    this.service.setCapabilities({
      completion: {
        completionItem: {
          snippetSupport: completionItem?.snippetSupport,
          documentationFormat: completionItem?.documentationFormat,
          deprecatedSupport: completionItem?.deprecatedSupport,
          tagSupport: completionItem?.tagSupport,
        },
      },
      hover: { contentFormat: capabilities.textDocument?.hover?.contentFormat },
    });
    this.service.setLogger({ log: () => {} });
  }

  async completion(text: string, position: Position): Promise<CompletionItem[]> {
    return [...(await this.service.computeCompletionItems(text, position))];
  }

  resolveCompletion(item: CompletionItem): CompletionItem {
    return this.service.resolveCompletionItem(item);
  }

  hover(text: string, position: Position): Hover | null {
    return this.service.computeHover(text, position);
  }

  format(text: string, options: FormattingOptions): TextEdit[] {
    return this.service.format(text, options);
  }

  formatRange(text: string, range: Range, options: FormattingOptions): TextEdit[] {
    return this.service.formatRange(text, range, options);
  }

  symbols(uri: string, text: string): SymbolInformation[] {
    return this.service.computeSymbols({ uri }, text);
  }

  semanticTokens(text: string): SemanticTokens {
    return this.service.computeSemanticTokens(text);
  }
}

/** The static capabilities, for a client that cannot register them for Dockerfiles only. */
export function staticCapabilities(): Partial<ServerCapabilities> {
  return {
    completionProvider: { resolveProvider: true, triggerCharacters: COMPLETION_TRIGGERS },
    documentFormattingProvider: true,
    documentRangeFormattingProvider: true,
    documentSymbolProvider: true,
    semanticTokensProvider: { legend: semanticLegend(), full: true },
  };
}

/** Whether the client registers each feature dynamically (then: for Dockerfiles only). */
export function canRegisterForDockerfiles(caps: ClientCapabilities): boolean {
  const t = caps.textDocument;
  return !!(
    t?.completion?.dynamicRegistration &&
    t.formatting?.dynamicRegistration &&
    t.rangeFormatting?.dynamicRegistration &&
    t.documentSymbol?.dynamicRegistration &&
    t.semanticTokens?.dynamicRegistration
  );
}

/** Registers every feature for Dockerfiles only. */
export async function registerForDockerfiles(connection: Connection): Promise<void> {
  const documentSelector = DOCKERFILE_SELECTOR;
  await Promise.all([
    connection.client.register(CompletionRequest.type, { documentSelector, resolveProvider: true, triggerCharacters: COMPLETION_TRIGGERS }),
    connection.client.register(DocumentFormattingRequest.type, { documentSelector }),
    connection.client.register(DocumentRangeFormattingRequest.type, { documentSelector }),
    connection.client.register(DocumentSymbolRequest.type, { documentSelector }),
    connection.client.register(SemanticTokensRegistrationType.type, { documentSelector, legend: semanticLegend(), full: true }),
  ]);
}

export interface FeatureHost {
  /** The features, when on. */
  features(): DockerfileFeatures | undefined;
  /** The open Dockerfile at `uri` (undefined for a Compose file or a closed document). */
  dockerfile(uri: string): { getText(): string } | undefined;
  /** Runs a handler, logging and answering `fallback` if it throws. */
  safely<A extends unknown[], R>(name: string, fallback: R, fn: (...args: A) => R | Promise<R>): (...args: A) => Promise<R>;
}

/** The request handlers (they answer nothing while the features are off or for other files). */
export function handleDockerfileFeatures(connection: Connection, host: FeatureHost): void {
  const target = (uri: string) => {
    const features = host.features();
    const doc = features && host.dockerfile(uri);
    return features && doc ? { features, text: doc.getText() } : undefined;
  };
  connection.onCompletion(
    host.safely('completion', null, async (p: CompletionParams) => {
      const t = target(p.textDocument.uri);
      return t ? t.features.completion(t.text, p.position) : null;
    }),
  );
  connection.onCompletionResolve((item) => {
    try {
      return host.features()?.resolveCompletion(item) ?? item;
    } catch {
      return item;
    }
  });
  connection.onDocumentFormatting(
    host.safely('formatting', null, (p: DocumentFormattingParams) => {
      const t = target(p.textDocument.uri);
      return t ? t.features.format(t.text, p.options) : null;
    }),
  );
  connection.onDocumentRangeFormatting(
    host.safely('rangeFormatting', null, (p: DocumentRangeFormattingParams) => {
      const t = target(p.textDocument.uri);
      return t ? t.features.formatRange(t.text, p.range, p.options) : null;
    }),
  );
  connection.onDocumentSymbol(
    host.safely('documentSymbol', null, (p: DocumentSymbolParams) => {
      const t = target(p.textDocument.uri);
      return t ? t.features.symbols(p.textDocument.uri, t.text) : null;
    }),
  );
  connection.languages.semanticTokens.on(
    host.safely('semanticTokens', { data: [] }, (p: SemanticTokensParams) => {
      const t = target(p.textDocument.uri);
      return t ? t.features.semanticTokens(t.text) : { data: [] };
    }),
  );
}

/** Bosun's hover (its findings here) first, then the instruction's documentation. */
export function mergeHovers(bosun: Hover | null, instruction: Hover | null): Hover | null {
  if (!bosun || !instruction) return bosun ?? instruction;
  const text = (h: Hover) => {
    const c = h.contents;
    if (typeof c === 'string') return c;
    if (Array.isArray(c)) return c.map((x) => (typeof x === 'string' ? x : `\`\`\`${x.language}\n${x.value}\n\`\`\``)).join('\n\n');
    return 'kind' in c ? c.value : `\`\`\`${c.language}\n${c.value}\n\`\`\``;
  };
  return { contents: { kind: 'markdown', value: `${text(bosun)}\n\n---\n\n${text(instruction)}` } };
}
