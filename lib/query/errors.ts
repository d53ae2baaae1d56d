/** A query-language error a user can fix: shown inline under the search box, 400 from the API. */
export class QuerySyntaxError extends Error {
  constructor(
    message: string,
    /** 0-based offset into the query text where the problem starts. */
    readonly position: number,
  ) {
    super(message);
    this.name = "QuerySyntaxError";
  }
}

/**
 * A URL or API parameter whose value cannot be applied. Never dropped: answering without the filter would
 * answer for the whole store. A 400 `{"error", "parameter"}` from the API, a message naming it on a page.
 */
export class InvalidParameterError extends Error {
  constructor(
    /** The parameter's name as the URL spells it: `to`, `cluster`, `limit`… */
    readonly parameter: string,
    message: string,
  ) {
    super(message);
    this.name = "InvalidParameterError";
  }
}
