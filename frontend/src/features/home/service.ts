import { api, call } from "../../api/client";

export const getPublicDashboard = () => call(api.GET("/api/v1/public/dashboard"));
