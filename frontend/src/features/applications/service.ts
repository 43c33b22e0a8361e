import { api, call, ifMatch } from "../../api/client";
import type { ApplicationStatus, DocumentBody, ScoreIn } from "../../api/types";

export const createApplication = (matchId: number, pilotPlan: string) =>
  call(api.POST("/api/v1/applications", { body: { match_id: matchId, pilot_plan: pilotPlan } }));

export const listApplications = (status?: ApplicationStatus[]) =>
  call(api.GET("/api/v1/applications", { params: { query: status ? { status } : {} } }));

export const getApplication = (id: number) =>
  call(api.GET("/api/v1/applications/{application_id}", { params: { path: { application_id: id } } }));

const path = (id: number, version: number) => ({ path: { application_id: id }, header: ifMatch(version) });
const plain = (id: number) => ({ path: { application_id: id } });

export const preliminaryReview = (id: number, version: number, decision: "pass" | "reject", comment: string) =>
  call(api.POST("/api/v1/applications/{application_id}/preliminary-review", { params: path(id, version), body: { decision, comment } }));

export const assignExperts = (id: number, version: number, expertIds: number[]) =>
  call(api.POST("/api/v1/applications/{application_id}/experts", { params: path(id, version), body: { expert_ids: expertIds } }));

export const listExperts = () => call(api.GET("/api/v1/experts"));

export const declareConflict = (id: number, reason: string) =>
  call(api.POST("/api/v1/applications/{application_id}/conflict", { params: plain(id), body: { reason } }));

export const scoreApplication = (id: number, body: ScoreIn) =>
  call(api.POST("/api/v1/applications/{application_id}/scores", { params: plain(id), body }));

export const openNotice = (id: number, version: number, days: number, document: DocumentBody = {}) =>
  call(api.POST("/api/v1/applications/{application_id}/notice", { params: path(id, version), body: { days, ...document } }));

export const designate = (id: number, version: number) =>
  call(api.POST("/api/v1/applications/{application_id}/designate", { params: path(id, version) }));

export const rejectApplication = (id: number, version: number, reason: string) =>
  call(api.POST("/api/v1/applications/{application_id}/reject", { params: path(id, version), body: { reason } }));

export const resolveObjection = (id: number, upheld: boolean, resolution: string) =>
  call(api.POST("/api/v1/objections/{objection_id}/resolve", { params: { path: { objection_id: id } }, body: { upheld, resolution } }));
