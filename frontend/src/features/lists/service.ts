import { api, call, download } from "../../api/client";

export const publicLists = () => call(api.GET("/api/v1/public/demand-lists"));

export const exportList = (id: number, format: "xlsx" | "csv" | "pdf", title: string) =>
  download(`/api/v1/demand-lists/${id}/export?format=${format}`, `${title}.${format}`);
