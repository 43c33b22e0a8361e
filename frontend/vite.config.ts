/// <reference types="vitest/config" />
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { brotliCompress, constants, gzip } from "node:zlib";
import { promisify } from "node:util";
import { defineConfig, type Plugin } from "vite";
import react from "@vitejs/plugin-react";

// In development the API runs on its own port; the built pages are served by the API itself.
const apiTarget = process.env.SCENARIOHUB_API ?? "http://127.0.0.1:8011";

const COMPRESSIBLE = /\.(js|css|html|svg|json)$/;

/** Writes name.br and name.gz beside each text file of the build, at the strongest levels,
 * so the API serves them as they are instead of compressing on every request. */
function precompress(): Plugin {
  const br = promisify(brotliCompress);
  const gz = promisify(gzip);
  return {
    name: "scenariohub-precompress",
    apply: "build",
    async writeBundle(options, bundle) {
      const dir = options.dir ?? "dist";
      const files = Object.keys(bundle).filter((name) => COMPRESSIBLE.test(name));
      await Promise.all(
        files.map(async (name) => {
          const path = join(dir, name);
          const body = await readFile(path);
          if (body.length < 1024) return;
          await writeFile(`${path}.br`, await br(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
          await writeFile(`${path}.gz`, await gz(body, { level: 9 }));
        }),
      );
    },
  };
}

export default defineConfig({
  plugins: [react(), precompress()],
  server: { proxy: { "/api": apiTarget } },
  build: {
    outDir: "dist",
    chunkSizeWarningLimit: 1600,
    rollupOptions: {
      output: {
        // React and ECharts in chunks of their own that outlive app changes; antd is left to Rollup,
        // so the first page fetches only the components it draws. ECharts loads with the first chart.
        manualChunks(id) {
          if (/node_modules\/(react|react-dom|react-router|react-router-dom|scheduler)\//.test(id)) return "react";
          if (/node_modules\/(echarts|zrender)\//.test(id)) return "echarts";
        },
      },
    },
  },
  test: {
    environment: "jsdom",
    globals: true,
    setupFiles: ["src/test/setup.ts"],
    css: false,
    testTimeout: 60000, // generous: a busy 2-core machine runs the heavier form tests slowly
  },
});
