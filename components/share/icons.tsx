const base = { viewBox: "0 0 16 16", "aria-hidden": true, className: "size-3.5 shrink-0", fill: "none", stroke: "currentColor", strokeWidth: 1.5, strokeLinecap: "round", strokeLinejoin: "round" } as const;

export function LinkIcon() {
  return (
    <svg {...base}>
      <path d="M6.5 9.5a3 3 0 0 0 4.2 0l2.1-2.1a3 3 0 0 0-4.2-4.2l-.7.7" />
      <path d="M9.5 6.5a3 3 0 0 0-4.2 0L3.2 8.6a3 3 0 0 0 4.2 4.2l.7-.7" />
    </svg>
  );
}

export function BookmarkIcon() {
  return (
    <svg {...base}>
      <path d="M4.5 2.5h7v11l-3.5-2.6-3.5 2.6z" />
    </svg>
  );
}

export function DownloadIcon() {
  return (
    <svg {...base}>
      <path d="M8 2.5v7.5M5 7.5 8 10.5l3-3M3 12.5h10" />
    </svg>
  );
}

export function CheckIcon() {
  return (
    <svg {...base}>
      <path d="m3.5 8.5 3 3 6-7" />
    </svg>
  );
}

export function PanelIcon() {
  return (
    <svg {...base}>
      <rect x="2.5" y="3" width="11" height="10" rx="1.5" />
      <path d="M6 3v10" />
    </svg>
  );
}

export function CloseIcon() {
  return (
    <svg {...base}>
      <path d="m4.5 4.5 7 7M11.5 4.5l-7 7" />
    </svg>
  );
}
