/** Types shared across the pipeline, the targets and the store. */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

/** An event that passed verification, parsing and its schema. */
export interface AcceptedEvent {
  /** Gateway-assigned id (ULID-like, sortable). */
  readonly id: string;
  readonly source: string;
  readonly type: string;
  /** Key used to recognise the same event sent again (sender's event id, else a hash of the raw body). */
  readonly dedupeKey: string;
  /** Milliseconds since the epoch. */
  readonly receivedAt: number;
  readonly payload: JsonObject;
  /** The exact bytes received, as UTF-8 text; `payload` is this parsed (stores may keep only this). */
  readonly rawBody: string;
  /**
   * The same bytes before decoding, when the receiver still has them (`rawBody` is their UTF-8 decoding, checked
   * valid). A store may write these instead of encoding `rawBody` back to UTF-8.
   */
  readonly rawBytes?: Buffer;
}

/** One delivery the router planned for an event: a route sending to one target. */
export interface PlannedDelivery {
  readonly id: string;
  readonly route: string;
  readonly target: string;
}

/** A delivery as the worker hands it to the sender. */
export interface DeliveryJob {
  readonly id: string;
  readonly eventId: string;
  readonly route: string;
  readonly target: string;
  /** 1 for the first attempt. */
  readonly attempt: number;
  /** 1, plus one per replay: with `attempt`, it identifies the claim (see `Lease`). */
  readonly round: number;
  /** A shared store's fencing token for this claim (see `Lease.token`). */
  readonly leaseToken?: number | undefined;
  readonly event: AcceptedEvent;
}

/** The rendered message fields of a route (e.g. `title`, `text`), already escaped for where each lands. */
export type RenderedFields = Readonly<Record<string, string>>;

/** What a target gets to send: the rendered fields plus the event they were rendered from. */
export interface OutboundMessage {
  readonly fields: RenderedFields;
  /** The event payload as received (for pass-through bodies and attachments). */
  readonly payload: JsonObject;
  readonly rawBody: string;
  readonly eventType: string;
  readonly eventId: string;
}
