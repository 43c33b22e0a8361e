import { api, call, ifMatch } from "../../api/client";

export const demandMatches = (demandId: number) =>
  call(api.GET("/api/v1/demands/{demand_id}/matches", { params: { path: { demand_id: demandId }, query: { limit: 20 } } }));

export const solutionMatches = (solutionId: number) =>
  call(api.GET("/api/v1/solutions/{solution_id}/matches", { params: { path: { solution_id: solutionId }, query: { limit: 20 } } }));

export const myMatches = () => call(api.GET("/api/v1/matches", { params: { query: { limit: 100 } } }));

export const getMatch = (id: number) =>
  call(api.GET("/api/v1/matches/{match_id}", { params: { path: { match_id: id } } }));

export const engageMatch = (id: number, version: number) =>
  call(api.POST("/api/v1/matches/{match_id}/engage", { params: { path: { match_id: id }, header: ifMatch(version) } }));

export const declineMatch = (id: number, version: number, reason: string) =>
  call(
    api.POST("/api/v1/matches/{match_id}/decline", {
      params: { path: { match_id: id }, header: ifMatch(version) },
      body: { reason },
    }),
  );

export const recommendedDemands = () =>
  call(api.GET("/api/v1/solutions/recommended", { params: { query: { limit: 30 } } }));
