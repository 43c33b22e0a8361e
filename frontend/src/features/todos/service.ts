import { api, call } from "../../api/client";

export const listTodos = () => call(api.GET("/api/v1/todos"));
