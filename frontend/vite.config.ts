/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// In development the API runs on its own port; the built pages are served by the API itself.
const apiTarget = process.env.SCENARIOHUB_API ?? "http://127.0.0.1:8011";

export default defineConfig({
  plugins: [react()],
  server: { proxy: { "/api": apiTarget } },
  build: {
    outDir: "dist",
    chunkSizeWarningLimit: 1600,
    rollupOptions: {
      output: {
        manualChunks: {
          react: ["react", "react-dom", "react-router-dom"],
          antd: ["antd", "@ant-design/icons"],
          echarts: ["echarts"],
        },
      },
    },
  },
  test: {
    environment: "jsdom",
    globals: true,
    setupFiles: ["src/test/setup.ts"],
    css: false,
    testTimeout: 20000,
  },
});
