import { api, call, download } from "../../api/client";

export const publicNotices = () => call(api.GET("/api/v1/public/notices", { params: { query: {} } }));

export const lodgeObjection = (noticeId: number, text: string) =>
  call(api.POST("/api/v1/notices/{notice_id}/objections", { params: { path: { notice_id: noticeId } }, body: { text } }));

export const exportNotice = (noticeId: number, title: string) =>
  download(`/api/v1/public/notices/${noticeId}/export?format=pdf`, `${title}.pdf`);
