import { api, call, ifMatch } from "../../api/client";
import type { SolutionCreate, SolutionUpdate } from "../../api/types";

export const mySolutions = () =>
  call(api.GET("/api/v1/solutions", { params: { query: { mine: true, page_size: 100 } } }));

export const getSolution = (id: number) =>
  call(api.GET("/api/v1/solutions/{solution_id}", { params: { path: { solution_id: id } } }));

export const createSolution = (body: SolutionCreate) => call(api.POST("/api/v1/solutions", { body }));

export const updateSolution = (id: number, version: number, body: SolutionUpdate) =>
  call(
    api.PATCH("/api/v1/solutions/{solution_id}", {
      params: { path: { solution_id: id }, header: ifMatch(version) },
      body: { ...body, version },
    }),
  );

export const myProposals = () => call(api.GET("/api/v1/proposals"));
