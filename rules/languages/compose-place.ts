/** Where something of the effective Compose model is written and where a finding about it goes (`Placement`). */
import type { RelatedInfo, Span } from '../engine/types.js';
import type { ComposeModel, Placement } from './compose-model.js';

/** Related information: where `written` (in `model`'s file) is, unless the finding is right there. */
export function relatedAt(root: ComposeModel, model: ComposeModel, written: Span, at: Span | undefined, message: string): RelatedInfo[] {
  if (!at) return [];
  const other = model.path !== root.path;
  if (!other && written.start === at.start && written.end === at.end) return [];
  return [{ span: written, message, ...(other ? { path: model.path } : {}) }];
}

/**
 * Where something of the effective model is written and reported (see `Placement`). A class: a lint
 * places every value, item and string it reads, and most are never asked for related information.
 */
export class Place implements Placement {
  constructor(
    private readonly root: ComposeModel,
    readonly model: ComposeModel,
    readonly written: Span,
    readonly span: Span | undefined,
    readonly editable: boolean,
    private readonly what: string,
  ) {}

  get related(): RelatedInfo[] {
    return this.relatedAs(`${this.what} is set here`);
  }

  relatedAs(message: string): RelatedInfo[] {
    return relatedAt(this.root, this.model, this.written, this.span, message);
  }

  /** The same thing, written or reported elsewhere (a long-syntax mount's `source:`), as a new Place. */
  moved(at: { written?: Span; span?: Span | undefined; editable?: boolean }): Place {
    return new Place(this.root, this.model, at.written ?? this.written, 'span' in at ? at.span : this.span, at.editable ?? this.editable, this.what);
  }
}

/** A copy of a placement to build a richer object on (`Object.assign(placeOf(item), {...})` keeps its methods). */
export function placeOf(p: Placement, at: { written?: Span; span?: Span | undefined; editable?: boolean } = {}): Place {
  return (p as Place).moved(at);
}
