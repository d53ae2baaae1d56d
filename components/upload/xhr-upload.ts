import { parseIngestResponse, type UploadResult } from "./api-response";

export type UploadProgress = { phase: "sending"; loaded: number; total: number } | { phase: "processing" };

/**
 * Sends one file to the ingest endpoint. XMLHttpRequest rather than fetch because only XHR reports
 * upload progress; the File is the body as is, so the browser streams it from disk instead of
 * reading a multi-gigabyte log into memory.
 */
export function uploadFile(file: File, cluster: string, onProgress: (p: UploadProgress) => void): Promise<UploadResult> {
  const query = new URLSearchParams({ cluster, filename: file.name });
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/v1/ingest?${query.toString()}`);
    // Raw bytes, plain or gzip; the server sniffs the content, so no multipart and no guessed type.
    xhr.setRequestHeader("Content-Type", "application/octet-stream");
    xhr.upload.onprogress = (e) => onProgress({ phase: "sending", loaded: e.loaded, total: e.lengthComputable ? e.total : file.size });
    xhr.upload.onload = () => onProgress({ phase: "processing" });
    xhr.onload = () => resolve(parseIngestResponse(xhr.status, xhr.responseText));
    xhr.onerror = () => resolve({ ok: false, error: "Network error: the upload did not reach the server" });
    xhr.onabort = () => resolve({ ok: false, error: "Upload cancelled" });
    xhr.send(file);
  });
}
