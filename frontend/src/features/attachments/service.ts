import { api, authHeaders, call, download } from "../../api/client";
import { ApiError, networkError, notifyUnauthorized, toApiError } from "../../api/errors";
import type { paths } from "../../api/generated/schema";
import type { AttachmentRead } from "../../api/types";

/** The objects that carry attachments, and where each takes uploads (tsc fails if a path goes). */
const UPLOAD_PATHS = {
  demand: "/api/v1/demands/{demand_id}/attachments",
  solution: "/api/v1/solutions/{solution_id}/attachments",
  proposal: "/api/v1/proposals/{proposal_id}/attachments",
  application: "/api/v1/applications/{application_id}/attachments",
} as const satisfies Record<string, keyof paths>;

export type AttachmentParent = keyof typeof UPLOAD_PATHS;

export function uploadPath(parent: AttachmentParent, id: number): string {
  return UPLOAD_PATHS[parent].replace(/\{\w+\}/, String(id));
}

export interface Upload {
  done: Promise<AttachmentRead>;
  abort: () => void;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * Send one file as multipart (field `file`) with the user's token. XMLHttpRequest rather than
 * fetch, because only it reports upload progress; refusals go through the one error policy.
 */
export function uploadAttachment(
  parent: AttachmentParent,
  id: number,
  file: File,
  onProgress: (percent: number) => void,
): Upload {
  const xhr = new XMLHttpRequest();
  const done = new Promise<AttachmentRead>((resolve, reject) => {
    xhr.open("POST", uploadPath(parent, id));
    for (const [name, value] of Object.entries(authHeaders())) xhr.setRequestHeader(name, value);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(Math.round((event.loaded / event.total) * 100));
    };
    xhr.onload = () => {
      const body = parseJson(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(body as AttachmentRead);
        return;
      }
      const err = toApiError(xhr.status, body);
      if (xhr.status === 401) notifyUnauthorized(err);
      reject(err);
    };
    xhr.onerror = () => reject(networkError(new Error("upload failed")));
    xhr.onabort = () => reject(new ApiError(0, { code: "aborted", message: "" }));
    const form = new FormData();
    form.append("file", file, file.name);
    xhr.send(form);
  });
  return { done, abort: () => xhr.abort() };
}

/** Save an attachment with the user's token (a plain link would go without it). */
export const downloadAttachment = (attachment: AttachmentRead) =>
  download(`/api/v1/attachments/${attachment.id}`, attachment.filename);

export const deleteAttachment = (id: number) =>
  call(api.DELETE("/api/v1/attachments/{attachment_id}", { params: { path: { attachment_id: id } } }));
