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
