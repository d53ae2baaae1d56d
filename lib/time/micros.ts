const RFC3339 = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:[.,](\d+))?(Z|z|[+-]\d\d:?\d\d)$/;

/**
 * RFC 3339 → microseconds since the epoch. Audit timestamps carry microseconds, which Date drops, so the
 * fraction is read separately and Date only handles the calendar part. Returns NaN when unparsable.
 */
export function parseMicros(value: string): number {
  return utcMicros(value) ?? parseRfc3339(value);
}

/** The last minute utcMicros parsed: a log's timestamps share it for thousands of events in a row. */
let minuteText = "";
let minuteMs = NaN;

const digit = (s: string, i: number): number => {
  const d = s.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : NaN;
};

/**
 * The shape the API server writes, "2006-01-02T15:04:05.999999Z", without a regular expression or a
 * Date per call: only the minute goes through Date.parse, once per minute of log. Anything else is null,
 * for parseRfc3339 to decide.
 */
function utcMicros(value: string): number | null {
  const n = value.length;
  if (n < 20 || value.charCodeAt(n - 1) !== 90 /* Z */ || value.charCodeAt(16) !== 58 /* : */) return null;
  const hour = digit(value, 11) * 10 + digit(value, 12);
  const minute = digit(value, 14) * 10 + digit(value, 15);
  const second = digit(value, 17) * 10 + digit(value, 18);
  // Date.parse accepts 24:00 and the regex route then rejects other seconds; leave every odd case to it.
  if (!(hour < 24 && minute < 60 && second < 60)) return null;
  let fraction = 0;
  if (n > 20) {
    const sep = value.charCodeAt(19);
    if ((sep !== 46 /* . */ && sep !== 44 /* , */) || n === 21) return null;
    for (let i = 20; i < n - 1; i++) {
      const d = digit(value, i);
      if (Number.isNaN(d)) return null;
      if (i < 26) fraction = fraction * 10 + d;
    }
    for (let i = Math.min(n - 1, 26); i < 26; i++) fraction *= 10;
  } else if (n !== 20) return null;
  const text = value.slice(0, 16);
  if (text !== minuteText) {
    if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d$/.test(text)) return null;
    const ms = Date.parse(`${text}:00Z`);
    if (Number.isNaN(ms)) return null;
    minuteText = text;
    minuteMs = ms;
  }
  return (minuteMs + second * 1000) * 1000 + fraction;
}

function parseRfc3339(value: string): number {
  const m = RFC3339.exec(value);
  if (!m) return NaN;
  const zone = m[3] === "z" ? "Z" : m[3]!;
  const ms = Date.parse(`${m[1]}${zone}`);
  if (Number.isNaN(ms)) return NaN;
  const fraction = (m[2] ?? "").slice(0, 6).padEnd(6, "0");
  return ms * 1000 + Number(fraction);
}

/** Microseconds since the epoch → ISO 8601 in UTC with six fractional digits. */
export function formatMicros(us: number): string {
  const ms = Math.floor(us / 1000);
  const iso = new Date(ms).toISOString(); // …:SS.mmmZ
  const micros = String(us - ms * 1000).padStart(3, "0");
  return `${iso.slice(0, -1)}${micros}Z`;
}
