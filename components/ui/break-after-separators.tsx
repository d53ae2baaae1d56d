import { Fragment } from "react";

/**
 * Text with line-break opportunities after the dots, colons, underscores and slashes of generated names
 * (hyphens already are one), so a long host, group or object name wraps at a separator, not mid-word.
 */
export function BreakAfterSeparators({ text }: { text: string }) {
  return (
    <>
      {text.split(/(?<=[.:_/])/).map((piece, i) => (
        <Fragment key={i}>
          {i > 0 ? <wbr /> : null}
          {piece}
        </Fragment>
      ))}
    </>
  );
}
