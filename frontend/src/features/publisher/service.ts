import { api, call, ifMatch } from "../../api/client";
import type { DemandCreate, DemandUpdate } from "../../api/types";

export const myDemands = () =>
  call(api.GET("/api/v1/demands", { params: { query: { mine: true, page_size: 100 } } }));

export const getDemand = (id: number) =>
  call(api.GET("/api/v1/demands/{demand_id}", { params: { path: { demand_id: id } } }));

export const createDemand = (body: DemandCreate) => call(api.POST("/api/v1/demands", { body }));

export const updateDemand = (id: number, version: number, body: DemandUpdate) =>
  call(
    api.PATCH("/api/v1/demands/{demand_id}", {
      params: { path: { demand_id: id }, header: ifMatch(version) },
      body: { ...body, version },
    }),
  );

export const similarDemands = (text: string) =>
  call(api.GET("/api/v1/demands/similar", { params: { query: { text, limit: 5 } } }));

type Transition = "submit" | "publish" | "close";

export const transitionDemand = (id: number, version: number, action: Transition) => {
  const opts = { params: { path: { demand_id: id }, header: ifMatch(version) } };
  switch (action) {
    case "submit":
      return call(api.POST("/api/v1/demands/{demand_id}/submit", opts));
    case "publish":
      return call(api.POST("/api/v1/demands/{demand_id}/publish", opts));
    case "close":
      return call(api.POST("/api/v1/demands/{demand_id}/close", opts));
  }
};

export const returnDemand = (id: number, version: number, reason: string) =>
  call(
    api.POST("/api/v1/demands/{demand_id}/return", {
      params: { path: { demand_id: id }, header: ifMatch(version) },
      body: { reason },
    }),
  );

export const demandProposals = (id: number) =>
  call(api.GET("/api/v1/demands/{demand_id}/proposals", { params: { path: { demand_id: id } } }));

export const deleteDemand = (id: number) =>
  call(api.DELETE("/api/v1/demands/{demand_id}", { params: { path: { demand_id: id } } }));
